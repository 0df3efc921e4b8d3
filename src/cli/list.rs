//! `keyshelf list [--json]`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Write;

use keyshelf::aws::{Summaries, Summary, names};
use keyshelf::files::Workspace;
use keyshelf::words::terminal_safe;
use serde::{Serialize, Serializer};

#[derive(Serialize)]
struct Row<'a> {
    name: Cow<'a, str>,
    kind: &'static str,
    region: Option<Cow<'a, str>>,
    output: Option<Cow<'a, str>>,
    secret: &'static str,
}

impl<'a> From<Summary<'a>> for Row<'a> {
    fn from(p: Summary<'a>) -> Self {
        Row {
            name: p.name,
            kind: p.kind.label(),
            region: p.region,
            output: p.output,
            secret: p.secret.label(),
        }
    }
}

/// The rows as one JSON array, each made as it is written.
struct Rows<'a>(RefCell<Option<Summaries<'a>>>);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let summaries = self.0.borrow_mut().take().into_iter().flatten();
        serializer.collect_seq(summaries.map(Row::from))
    }
}

/// Lists every profile. The rows are read in place ([`keyshelf::aws::SharedFiles::summaries`])
/// and written out one by one: on a 50 MB file, a copy of every setting, or of every row,
/// would take several times the file in memory.
pub fn run(workspace: &Workspace, json: bool) -> anyhow::Result<()> {
    for warning in workspace.warnings() {
        eprintln!("warning: {}", terminal_safe(&warning.to_string()));
    }
    for shadowed in workspace.docs.shadowed() {
        let line = format!(
            "warning: {}: {shadowed}; “keyshelf repair shadowed {} --merge” (or “--remove”)",
            workspace.paths.config.display(),
            shadowed.profile
        );
        eprintln!("{}", terminal_safe(&line));
    }
    let summaries = workspace.docs.summaries();
    for name in summaries
        .names()
        .iter()
        .filter(|n| !names::sdk_compatible(n))
    {
        eprintln!(
            "warning: the AWS SDKs for Rust and Go cannot read profile “{}” (only letters, digits and _-/.%@:+)",
            terminal_safe(name)
        );
    }
    if json {
        let rows = Rows(RefCell::new(Some(summaries)));
        return write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        });
    }
    let width = summaries
        .names()
        .iter()
        .map(|n| terminal_safe(n).chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    write_stdout(|out| {
        for r in summaries.into_iter().map(Row::from) {
            let region = r.region.as_deref().unwrap_or("-");
            let output = r.output.as_deref().unwrap_or("-");
            // As `{:width$}  {:<12} {:<16} {:<11} {}` prints, without the formatter's
            // padding a character at a time (a third of the time on 10,000 rows).
            padded(out, &r.name, width, 2)?;
            padded(out, r.kind, 12, 1)?;
            padded(out, region, 16, 1)?;
            padded(out, output, 11, 1)?;
            out.write_all(r.secret.as_bytes())?; // one of keyshelf's own words
            out.write_all(b"\n")?;
        }
        Ok(())
    })
}

/// Writes `text`, then spaces up to `width` characters, then `gap` more: as `{:<width$}`
/// and the gap print it, so a value longer than its column is still set apart.
fn padded(out: &mut impl Write, text: &str, width: usize, gap: usize) -> std::io::Result<()> {
    const SPACES: &[u8] = &[b' '; 64];
    let text = terminal_safe(text);
    out.write_all(text.as_bytes())?;
    let mut left = width.saturating_sub(text.chars().count()) + gap;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.write_all(&SPACES[..n])?;
        left -= n;
    }
    Ok(())
}

/// Writes to stdout through a buffer; a closed pipe (`keyshelf list | head`) is not an error
/// worth a message.
fn write_stdout(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
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
