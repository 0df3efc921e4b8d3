//! `keyshelf list [--json]`.

use keyshelf::aws::{Profile, names};
use keyshelf::files::Workspace;
use serde::Serialize;

#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    kind: &'static str,
    region: Option<&'a str>,
    output: Option<&'a str>,
    secret: &'static str,
}

impl<'a> From<&'a Profile> for Row<'a> {
    fn from(p: &'a Profile) -> Self {
        Row {
            name: &p.name,
            kind: p.kind.label(),
            region: p.region.as_deref(),
            output: p.output.as_deref(),
            secret: p.secret.label(),
        }
    }
}

pub fn run(workspace: &Workspace, json: bool) -> anyhow::Result<()> {
    for warning in workspace.warnings() {
        eprintln!("warning: {warning}");
    }
    for shadowed in workspace.docs.shadowed() {
        eprintln!(
            "warning: {}: {shadowed}; “keyshelf repair shadowed {} --merge” (or “--remove”)",
            workspace.paths.config.display(),
            shadowed.profile
        );
    }
    let profiles = workspace.docs.profiles();
    for p in profiles.iter().filter(|p| !names::sdk_compatible(&p.name)) {
        eprintln!(
            "warning: the AWS SDKs for Rust and Go cannot read profile “{}” (only letters, digits and _-/.%@:+)",
            p.name
        );
    }
    let rows: Vec<Row> = profiles.iter().map(Row::from).collect();
    let mut out = String::new();
    if json {
        out = serde_json::to_string_pretty(&rows)?;
        out.push('\n');
    } else {
        let width = rows
            .iter()
            .map(|r| r.name.chars().count())
            .max()
            .unwrap_or(0)
            .max(4);
        for r in &rows {
            let region = r.region.unwrap_or("-");
            let output = r.output.unwrap_or("-");
            out.push_str(&format!(
                "{:width$}  {:<12} {:<16} {:<11} {}\n",
                r.name, r.kind, region, output, r.secret
            ));
        }
    }
    print_stdout(&out)
}

/// Writes to stdout; a closed pipe (`keyshelf list | head`) is not an error worth a message.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
