//! The `credential_process` line that points a profile at keyshelf, written so that every AWS
//! tool runs it the same way.
//!
//! botocore splits the command with shlex (no shell) on POSIX and with its own double-quote
//! rules on Windows; the Rust and Go SDKs hand it to `sh -c` / `cmd.exe /C`. A command all of
//! them agree on: the absolute program path in double quotes, then plain words, and a profile
//! name in double quotes when it has anything but letters, digits and `_-./@:+`. Characters that
//! mean something inside double quotes to one of them (`"`, `$`, `` ` ``, `\` on POSIX, `%` for
//! cmd.exe) and ` #` / ` ;` (the Rust SDK strips them as comments) cannot be written safely:
//! such a path or name is refused with a message instead of a command that half the tools misread.

use std::path::Path;

/// Why no safe command can be written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("the path of the keyshelf program is not absolute: {0}")]
    NotAbsolute(String),
    #[error(
        "the path of the keyshelf program contains {0}, which the AWS tools would read differently; move keyshelf to a plainer folder"
    )]
    UnsafePath(&'static str),
    #[error(
        "the profile name contains {0}, which the AWS tools would read differently in a credential_process line; rename the profile first"
    )]
    UnsafeName(&'static str),
}

/// The `credential_process` value that serves `profile` from the keychain.
pub fn credential_process_command(program: &Path, profile: &str) -> Result<String, CommandError> {
    let path = program.to_string_lossy();
    if !program.is_absolute() {
        return Err(CommandError::NotAbsolute(path.into_owned()));
    }
    if let Some(what) = unsafe_in_double_quotes(&path, cfg!(windows)) {
        return Err(CommandError::UnsafePath(what));
    }
    if let Some(what) = unsafe_in_double_quotes(profile, false) {
        return Err(CommandError::UnsafeName(what));
    }
    // `--profile -x` reads as two flags to every argument parser, quoted or not.
    if profile.starts_with('-') {
        return Err(CommandError::UnsafeName("a dash at the start"));
    }
    let plain = !profile.is_empty()
        && profile
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./@:+".contains(c));
    let name = if plain {
        profile.to_owned()
    } else {
        format!("\"{profile}\"")
    };
    Ok(format!("\"{path}\" credential-process --profile {name}"))
}

fn unsafe_in_double_quotes(text: &str, backslash_ok: bool) -> Option<&'static str> {
    let found = [
        ('"', "a double quote"),
        ('$', "a dollar sign"),
        ('`', "a backquote"),
        ('%', "a percent sign"),
        ('\n', "a line break"),
        ('\r', "a line break"),
    ]
    .into_iter()
    .find(|(c, _)| text.contains(*c));
    if let Some((_, what)) = found {
        return Some(what);
    }
    if !backslash_ok && text.contains('\\') {
        return Some("a backslash");
    }
    let comment = |mark: char| {
        text.char_indices().any(|(i, c)| {
            c == mark
                && text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_whitespace)
        })
    };
    if comment('#') {
        return Some("a space followed by #");
    }
    if comment(';') {
        return Some("a space followed by ;");
    }
    None
}

/// The word that switches a keyshelf `credential_process` line to temporary credentials. The
/// duration lives in the line itself so that serving a cached session reads no file.
pub use crate::keyshelf_line::TEMPORARY_FLAG;

/// The session duration of a keyshelf `credential_process` line, in seconds: `None` when it
/// serves long-term keys (or is not keyshelf's, or its number does not parse).
pub fn temporary_seconds(command: &str) -> Option<u32> {
    parse_credential_process(command)?;
    let words = shlex::split(command)?;
    let flag = format!("{TEMPORARY_FLAG}=");
    words
        .iter()
        .position(|w| w == TEMPORARY_FLAG)
        .and_then(|i| words.get(i + 1).cloned())
        .or_else(|| {
            words
                .iter()
                .find_map(|w| w.strip_prefix(&flag).map(str::to_owned))
        })
        .and_then(|n| n.parse().ok())
}

/// `command` (from [`credential_process_command`]) serving temporary credentials of
/// `seconds`, or long-term keys for `None`.
pub fn with_temporary(command: String, seconds: Option<u32>) -> String {
    match seconds {
        Some(seconds) => format!("{command} {TEMPORARY_FLAG} {seconds}"),
        None => command,
    }
}

/// The line that serves item `item_profile` from `program`, for profile `name` of `files`:
/// a profile on temporary credentials stays on them (its `--temporary N` is kept), whichever
/// writer rewrites the line (migrate, import, rename, repair, install).
pub fn keyshelf_line(
    files: &crate::aws::SharedFiles,
    name: &str,
    program: &Path,
    item_profile: &str,
) -> Result<String, CommandError> {
    let temporary = files
        .get(name, "credential_process")
        .and_then(|(value, _)| value.as_plain().and_then(temporary_seconds));
    let sso = files
        .get(name, "credential_process")
        .and_then(|(value, _)| value.as_plain().and_then(crate::keyshelf_line::sso_role));
    let line = credential_process_command(program, item_profile)?;
    Ok(match sso {
        Some((session, account, role)) => with_sso(line, &session, &account, &role),
        None => with_temporary(line, temporary),
    })
}

/// Sets profile `name`'s `credential_process` to `command` (a line from [`keyshelf_line`]). A
/// note the old line carried after ` ;` or ` #` is kept as a comment line above the new one:
/// the Rust SDK strips such a note as a comment, but botocore hands it to the program as more
/// words (it reads no inline comments), so it stays in the file without breaking the line.
pub fn set_line(
    files: &mut crate::aws::SharedFiles,
    name: &str,
    command: &str,
) -> Result<(), crate::aws::AwsError> {
    let note = files
        .get(name, "credential_process")
        .and_then(|(value, _)| value.as_plain().and_then(inline_note).map(str::to_owned));
    files.set(name, "credential_process", command)?;
    if let Some(note) = note {
        files.comment_above(name, "credential_process", &note)?;
    }
    Ok(())
}

/// What follows the first ` ;` or ` #` of a value (the mark included), as the Rust SDK finds an
/// inline comment.
pub fn inline_note(value: &str) -> Option<&str> {
    let at = value.char_indices().find_map(|(i, c)| {
        let after_space = value[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        (matches!(c, ';' | '#') && after_space).then_some(i)
    })?;
    Some(value[at..].trim_end())
}

/// `command` (from [`credential_process_command`]) serving a role of an SSO sign-in.
pub fn with_sso(command: String, session: &str, account: &str, role: &str) -> String {
    use crate::keyshelf_line::{SSO_ACCOUNT_FLAG, SSO_ROLE_FLAG, SSO_SESSION_FLAG};
    let word = |w: &str| {
        shlex::try_quote(w)
            .map(|q| q.into_owned())
            .unwrap_or_default()
    };
    format!(
        "{command} {SSO_SESSION_FLAG} {} {SSO_ACCOUNT_FLAG} {} {SSO_ROLE_FLAG} {}",
        word(session),
        word(account),
        word(role)
    )
}

/// The program path and profile of a keyshelf `credential_process` line, as botocore would split
/// it; `None` when the line does not run keyshelf's `credential-process`.
pub fn parse_credential_process(command: &str) -> Option<(String, String)> {
    if !crate::keyshelf_line::runs_keyshelf(command) {
        return None;
    }
    let words = shlex::split(command)?;
    let program = words.first()?.clone();
    let profile = words
        .iter()
        .position(|w| w == "--profile" || w == "-p")
        .and_then(|i| words.get(i + 1).cloned())
        .or_else(|| {
            words
                .iter()
                .find_map(|w| w.strip_prefix("--profile=").map(str::to_owned))
        })?;
    Some((program, profile))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_note_starts_at_a_spaced_mark() {
        let note = |v| inline_note(v);
        assert_eq!(
            note("\"/k\" credential-process -p a ; mine  "),
            Some("; mine")
        );
        assert_eq!(
            note("\"/k\" credential-process -p a\t# x ; y"),
            Some("# x ; y")
        );
        assert_eq!(note("\"/k\" credential-process -p a;b#c"), None);
        assert_eq!(note("; all"), None);
    }

    #[test]
    fn plain_names_stay_plain_others_are_quoted() {
        let exe = Path::new("/usr/local/bin/keyshelf");
        assert_eq!(
            credential_process_command(exe, "dev").as_deref(),
            Ok("\"/usr/local/bin/keyshelf\" credential-process --profile dev")
        );
        assert_eq!(
            credential_process_command(exe, "my dev").as_deref(),
            Ok("\"/usr/local/bin/keyshelf\" credential-process --profile \"my dev\"")
        );
        assert_eq!(
            credential_process_command(exe, "#team").as_deref(),
            Ok("\"/usr/local/bin/keyshelf\" credential-process --profile \"#team\"")
        );
        let spaced = Path::new("/opt/My Apps/keyshelf");
        let command = credential_process_command(spaced, "my dev").unwrap_or_default();
        assert_eq!(
            parse_credential_process(&command),
            Some(("/opt/My Apps/keyshelf".into(), "my dev".into()))
        );
    }

    #[test]
    fn what_the_tools_would_misread_is_refused() {
        let exe = Path::new("/usr/bin/keyshelf");
        for name in [
            "a\"b",
            "$HOME",
            "a`b`",
            "100%",
            "team #1",
            "x ;y",
            "--temporary",
            "-p",
        ] {
            assert!(
                matches!(
                    credential_process_command(exe, name),
                    Err(CommandError::UnsafeName(_))
                ),
                "{name}"
            );
        }
        assert!(matches!(
            credential_process_command(Path::new("keyshelf"), "dev"),
            Err(CommandError::NotAbsolute(_))
        ));
        assert!(matches!(
            credential_process_command(Path::new("/opt/$x/keyshelf"), "dev"),
            Err(CommandError::UnsafePath(_))
        ));
    }

    #[test]
    fn parses_what_others_wrote() {
        assert_eq!(
            parse_credential_process("/opt/keyshelf credential-process --profile=ci"),
            Some(("/opt/keyshelf".into(), "ci".into()))
        );
        assert_eq!(parse_credential_process("aws-vault exec dev --json"), None);
        assert_eq!(
            parse_credential_process("/opt/keyshelf credential-process -p bob"),
            Some(("/opt/keyshelf".into(), "bob".into()))
        );
    }

    #[test]
    fn the_temporary_flag_rides_in_the_line() {
        let exe = Path::new("/usr/bin/keyshelf");
        let long_term = credential_process_command(exe, "my dev").unwrap_or_default();
        assert_eq!(temporary_seconds(&long_term), None);
        let temporary = with_temporary(long_term.clone(), Some(3600));
        assert_eq!(
            temporary,
            "\"/usr/bin/keyshelf\" credential-process --profile \"my dev\" --temporary 3600"
        );
        assert_eq!(temporary_seconds(&temporary), Some(3600));
        assert_eq!(
            parse_credential_process(&temporary),
            Some(("/usr/bin/keyshelf".into(), "my dev".into()))
        );
        assert_eq!(
            temporary_seconds("/opt/keyshelf credential-process --profile ci --temporary=900"),
            Some(900)
        );
        assert_eq!(temporary_seconds("other --temporary 900"), None);
    }
}
