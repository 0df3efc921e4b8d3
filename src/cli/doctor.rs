//! `keyshelf doctor [--json]`: the Health page's check on the command line. Exits
//! 1 when something serious is found, so a script or a login hook can act on it.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use keyshelf::action::{self, HealthInputs, StoreFactory};
use keyshelf::aws::AwsPaths;
use keyshelf::doctor::{self, Finding, Report, ScanLimits, Severity};

use super::list::print_stdout;

pub struct DoctorArgs {
    pub json: bool,
    /// Skip the search of the home folder for copies of keys.
    pub no_search: bool,
    pub time_limit: u64,
}

/// Runs the check and prints it; `Ok(true)` when something serious was found.
pub fn run(store: &StoreFactory, args: &DoctorArgs) -> anyhow::Result<bool> {
    let inputs = HealthInputs {
        paths: AwsPaths::from_env()?,
        home: if args.no_search {
            None
        } else {
            dirs::home_dir()
        },
        aws_cli_folder: dirs::home_dir().map(|home| home.join(".aws")),
        limits: ScanLimits {
            time_limit: Duration::from_secs(args.time_limit),
            ..ScanLimits::default()
        },
    };
    let report = action::health_check(inputs, store, &AtomicBool::new(false), &mut |_| {});
    if args.json {
        print_stdout(&serde_json::to_string_pretty(&report)?)?;
    } else {
        print_stdout(&text(&report, args.time_limit))?;
    }
    Ok(report.is_serious())
}

/// The exit code for a finished check.
pub fn exit_code(serious: bool) -> ExitCode {
    ExitCode::from(u8::from(serious))
}

fn text(report: &Report, time_limit: u64) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&finding_text(f));
    }
    let counts = [
        (Severity::Serious, "serious problem", "serious problems"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Advice, "piece of advice", "pieces of advice"),
    ]
    .iter()
    .filter_map(|&(s, one, many)| match report.count(s) {
        0 => None,
        n => Some(doctor::plural(n, one, many)),
    })
    .collect::<Vec<_>>();
    if counts.is_empty() {
        out.push_str(
            "Nothing to fix: no plaintext keys, loose permissions or copies of keys were found.\n",
        );
    } else {
        out.push_str(&format!("Found {}.\n", counts.join(", ")));
    }
    if !report.searched {
        out.push_str("The home folder was not searched for copies of keys (--no-search).\n");
        return out;
    }
    out.push_str(&format!(
        "Searched {} for copies of keys",
        doctor::plural(report.files_searched, "file", "files")
    ));
    if report.search_incomplete {
        out.push_str(&format!(
            "; stopped at the time limit of {time_limit} s, so some folders were not searched (give more with --time-limit)"
        ));
    }
    out.push_str(".\n");
    out
}

fn finding_text(f: &Finding) -> String {
    format!(
        "{}: {}\n  {}\n  Why: {}\n  Fix: {}\n\n",
        f.severity.label(),
        f.place,
        f.what,
        f.why,
        f.fix
    )
}
