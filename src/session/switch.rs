//! Switching a keychain profile between long-term keys and temporary credentials: one word in
//! its `credential_process` line (`--temporary SECONDS`), so that serving needs no file read.

use std::sync::Arc;

use super::{SessionError, check_seconds};
use crate::files::{SaveReport, Workspace};
use crate::keychain::{
    KeychainError, SecretStore, item_of, parse_credential_process, temporary_seconds,
    with_temporary,
};

/// Switches profile `name` ([`set_temporary`]), saves when that changed the line, and after
/// turning temporary credentials off ends the cached session, opening the keychain with `open`
/// only then. `keyshelf temporary` and the switch on the profile's page.
///
/// Errors: those of [`set_temporary`]; the save's; [`SessionError::Keychain`] when the session
/// could not be ended (the files are saved by then).
pub fn switch(
    workspace: &mut Workspace,
    open: &dyn Fn() -> Result<Arc<dyn SecretStore>, KeychainError>,
    name: &str,
    seconds: Option<u32>,
) -> Result<Option<SaveReport>, SessionError> {
    // A file the AWS tools refuse to read says so first, whether or not the line changes.
    workspace.check_both_writable()?;
    let before = workspace.docs.clone();
    set_temporary(workspace, name, seconds)?;
    let report = match workspace.is_dirty() {
        true => match workspace.save() {
            Ok(report) => Some(report),
            Err(err) => {
                // Not saved: the workspace stays what is on disk.
                workspace.docs = before;
                return Err(err.into());
            }
        },
        false => None,
    };
    if seconds.is_none() {
        let item = item_of(workspace, name);
        open()
            .and_then(|store| super::end(store.as_ref(), &item))
            .map_err(|source| SessionError::NotEnded {
                profile: name.to_owned(),
                source,
            })?;
    }
    Ok(report)
}

/// The session length of profile `name` when it is on temporary credentials.
pub fn temporary_of(workspace: &Workspace, name: &str) -> Option<u32> {
    workspace
        .docs
        .get(name, "credential_process")
        .and_then(|(value, _)| value.as_plain().and_then(temporary_seconds))
}

/// Puts profile `name` on temporary credentials of `seconds` (`Some`) or back on its long-term
/// keys (`None`). Changes only the profile's `credential_process` line, in memory, in whichever
/// file holds it; the caller saves, and after turning them off ends the cached session
/// ([`super::end`]).
///
/// Errors: [`SessionError::NotServed`] when keyshelf does not serve the profile from the
/// keychain; [`SessionError::BadDuration`] outside 15 minutes to 36 hours.
pub fn set_temporary(
    workspace: &mut Workspace,
    name: &str,
    seconds: Option<u32>,
) -> Result<(), SessionError> {
    if let Some(seconds) = seconds {
        check_seconds(u64::from(seconds))?;
    }
    let not_served = || SessionError::NotServed {
        profile: name.to_owned(),
    };
    let line = workspace
        .docs
        .get(name, "credential_process")
        .and_then(|(value, _)| value.as_plain().map(str::to_owned))
        .ok_or_else(not_served)?;
    parse_credential_process(&line).ok_or_else(not_served)?;
    let base = without_temporary(&line);
    let new = with_temporary(base, seconds);
    if new != line {
        workspace
            .docs
            .set(name, "credential_process", &new)
            .map_err(crate::keychain::MoveError::from)?;
    }
    Ok(())
}

/// The line with every `--temporary VALUE` (or `--temporary=VALUE`) taken out, whatever
/// VALUE is (a hand-edited line may hold a word, or the flag twice), with the space before
/// each; every other character stays as it was. Words are found as botocore's shlex split
/// finds them, so a quoted path or profile name is one word.
fn without_temporary(line: &str) -> String {
    let flag = crate::keychain::TEMPORARY_FLAG;
    let words = word_spans(line);
    let mut cut = vec![false; words.len()];
    let mut i = 0;
    while i < words.len() {
        let word = &line[words[i].clone()];
        if word == flag {
            cut[i] = true;
            if let Some(value) = cut.get_mut(i + 1) {
                *value = true;
            }
            i += 2;
            continue;
        }
        if word
            .strip_prefix(flag)
            .is_some_and(|rest| rest.starts_with('='))
        {
            cut[i] = true;
        }
        i += 1;
    }
    let mut out = String::with_capacity(line.len());
    let mut kept_to = 0;
    for (span, cut) in words.iter().zip(cut) {
        if cut {
            // The word and the blanks before it.
            let start = line[..span.start].trim_end().len();
            out.push_str(&line[kept_to..start]);
            kept_to = span.end;
        }
    }
    out.push_str(&line[kept_to..]);
    out
}

/// The byte ranges of the line's words: blanks separate them, except inside single or double
/// quotes (a backslash escapes the next character outside single quotes).
fn word_spans(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if start.is_none() {
            if c.is_whitespace() {
                continue;
            }
            start = Some(i);
        }
        match (quote, c) {
            _ if escaped => escaped = false,
            (Some('\''), '\'') => quote = None,
            (Some('\''), _) => {}
            (_, '\\') => escaped = true,
            (Some('"'), '"') => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, c) if c.is_whitespace() => {
                spans.extend(start.take().map(|s| s..i));
            }
            (None, _) => {}
        }
    }
    spans.extend(start.map(|s| s..line.len()));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_comes_out_and_nothing_else_moves() {
        let line = "\"/usr/bin/keyshelf\" credential-process --profile dev";
        assert_eq!(without_temporary(line), line);
        assert_eq!(without_temporary(&format!("{line} --temporary 3600")), line);
        assert_eq!(without_temporary(&format!("{line} --temporary=900")), line);
        // Hand-edited lines: a word, a sign, the flag twice, a value left out.
        for tail in [
            " --temporary abc",
            " --temporary +900",
            " --temporary 900 --temporary 1800",
            " --temporary=900  --temporary 5",
            " --temporary",
        ] {
            assert_eq!(without_temporary(&format!("{line}{tail}")), line, "{tail}");
        }
        let quoted = "\"/opt/my --temporary app/keyshelf\" credential-process --profile \"a b\"";
        assert_eq!(
            without_temporary(&format!("{quoted} --temporary 60")),
            quoted
        );
    }
}
