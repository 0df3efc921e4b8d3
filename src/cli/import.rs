//! `keyshelf import FILE...`: the AWS console's access-key CSV files, into the keychain or the
//! credentials file, all or nothing.

use std::path::PathBuf;

use keyshelf::action::{self, ImportJob, StoreFactory};
use keyshelf::files::Workspace;
use keyshelf::import::{self, Action, Candidate, Destination, ImportOptions, OnConflict, Planned};

use super::user_error;

/// `--on-conflict`, as clap reads it.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Conflict {
    Fail,
    Replace,
    Rename,
    Skip,
}

pub struct ImportArgs {
    pub files: Vec<PathBuf>,
    pub profile: Option<String>,
    pub prefix: String,
    pub to_keychain: bool,
    pub on_conflict: Conflict,
    pub delete_source: bool,
    pub region: Option<String>,
    pub output: Option<String>,
}

pub fn run(
    workspace: &mut Workspace,
    store: &StoreFactory,
    args: ImportArgs,
) -> anyhow::Result<()> {
    let candidates = read_all(&args)?;
    let on_conflict = match args.on_conflict {
        Conflict::Fail => OnConflict::Fail,
        Conflict::Replace => OnConflict::Replace,
        Conflict::Rename => OnConflict::Rename,
        Conflict::Skip => OnConflict::Skip,
    };
    let planned = import::plan(workspace, &candidates, on_conflict)?;
    let options = ImportOptions {
        destination: if args.to_keychain {
            Destination::Keychain
        } else {
            Destination::CredentialsFile
        },
        region: args.region.clone(),
        output: args.output.clone(),
    };
    let program = super::keychain::this_program()?;
    let delete = match args.delete_source {
        true => {
            let skipped: Vec<&str> = planned
                .iter()
                .filter(|p| p.action == Action::Skip)
                .map(|p| p.source.as_str())
                .collect();
            let source_of = |file: &std::path::Path| file.display().to_string();
            let (delete, keep) = import::safe_to_delete(&args.files, &skipped, &source_of);
            for file in &keep {
                eprintln!(
                    "kept {}: some of its keys were skipped, and it may be their only copy",
                    file.display()
                );
            }
            delete
        }
        false => Vec::new(),
    };
    let job = ImportJob {
        planned,
        options,
        today: chrono::Local::now().format("%Y-%m-%d").to_string(),
        delete,
    };
    let imported = action::import_rows(workspace, store, &program, &job, &mut |_, _, _| {})?;
    report(&job.planned, args.to_keychain);
    if args.to_keychain {
        super::keychain::note_if_temporary(&program);
    }
    if let Some(scrub) = imported.report.scrub.describe() {
        eprintln!("{scrub}");
    }
    if args.delete_source {
        for file in &imported.deleted {
            eprintln!("deleted {}", file.display());
        }
        for (file, err) in &imported.kept {
            eprintln!("warning: could not delete {}: {err}", file.display());
        }
    } else {
        eprintln!(
            "the CSV file still holds the secret in plain text; delete it when you are done (or pass --delete-source)"
        );
    }
    Ok(())
}

/// Every row of every file, each with its profile name. Any problem in any file stops the
/// import before anything is written.
fn read_all(args: &ImportArgs) -> anyhow::Result<Vec<Candidate>> {
    let mut candidates = Vec::new();
    for file in &args.files {
        let shown = file.display().to_string();
        let mut parsed =
            import::read_csv_file(file).map_err(|err| user_error(format!("{shown}: {err}")))?;
        if !args.prefix.is_empty() {
            parsed.set_profile_prefix(&args.prefix);
        }
        let rows = parsed.strict().map_err(|problems| {
            let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
            user_error(format!("{shown}: {}; nothing was imported", all.join("; ")))
        })?;
        candidates.extend(import::candidates(&shown, rows));
    }
    if args.profile.is_none()
        && let Some(nameless) = candidates.iter().find(|c| c.name.trim().is_empty())
    {
        let fix = if candidates.len() == 1 {
            "name the profile with --profile NAME"
        } else if nameless.row.user_name.is_some() {
            "change the user name or --prefix, or import its keys one file at a time with --profile NAME"
        } else {
            "add a \"User name\" column to the file, or import its keys one file at a time with --profile NAME"
        };
        return Err(user_error(format!(
            "{}, row {}: {}; {fix}",
            nameless.source,
            nameless.row.row,
            nameless.why_unnamed()
        )));
    }
    if let Some(profile) = &args.profile {
        match candidates.as_mut_slice() {
            [only] => only.name = format!("{}{profile}", args.prefix),
            _ => {
                return Err(user_error(format!(
                    "--profile names one profile, but the files hold {} access keys; leave it out to name them from the files",
                    candidates.len()
                )));
            }
        }
    }
    Ok(candidates)
}

fn report(planned: &[Planned], to_keychain: bool) {
    let place = if to_keychain {
        "the keychain"
    } else {
        "the credentials file"
    };
    for row in planned {
        match row.action {
            Action::Create => eprintln!("imported “{}” into {place}", row.profile),
            Action::ReplaceKeys => {
                eprintln!("replaced the keys of “{}” (now in {place})", row.profile)
            }
            Action::Skip => eprintln!("skipped “{}”: a profile of that name exists", row.profile),
        }
    }
}
