//! The `credential_process` line keyshelf writes, as the layers that must tell it from another
//! program's read it: `"/path/keyshelf" credential-process --profile NAME [--temporary SECONDS]`.
//! Its one definition, apart from the AWS layer (which only asks whether a line is keyshelf's,
//! to say a profile's keys are in the keychain) and the keychain layer (which writes it).

/// The word in a keyshelf `credential_process` line that makes it serve temporary credentials:
/// `… credential-process --profile NAME --temporary SECONDS`.
pub const TEMPORARY_FLAG: &str = "--temporary";

/// Whether a keyshelf `credential_process` line serves temporary credentials.
pub fn serves_sessions(command: &str) -> bool {
    runs_keyshelf(command)
        && command.split_whitespace().any(|w| {
            w == TEMPORARY_FLAG
                || w.strip_prefix(TEMPORARY_FLAG)
                    .is_some_and(|rest| rest.starts_with('='))
        })
}

/// Whether a credential_process command runs keyshelf's own `credential-process`.
pub fn runs_keyshelf(command: &str) -> bool {
    // Not shlex: on Windows the path has backslashes, which POSIX quoting would eat.
    let command = command.trim_start();
    let (program, rest) = match command.strip_prefix('"') {
        Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
        None => command
            .split_once(char::is_whitespace)
            .unwrap_or((command, "")),
    };
    let file = program.rsplit(['/', '\\']).next().unwrap_or(program);
    (file == "keyshelf" || file == "keyshelf.exe")
        && rest.split_whitespace().any(|w| w == "credential-process")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_keyshelf_commands() {
        assert!(runs_keyshelf(
            "\"/Applications/My Apps/keyshelf\" credential-process --profile 'my dev'"
        ));
        assert!(runs_keyshelf(
            "C:\\tools\\keyshelf.exe credential-process --profile x"
        ));
        assert!(!runs_keyshelf("granted credential-process --profile=x"));
        assert!(!runs_keyshelf("/bin/keyshelf list"));
        assert!(serves_sessions(
            "\"/usr/bin/keyshelf\" credential-process --profile dev --temporary 3600"
        ));
        assert!(serves_sessions(
            "/usr/bin/keyshelf credential-process --profile dev --temporary=900"
        ));
        assert!(!serves_sessions(
            "/usr/bin/keyshelf credential-process --profile --temporaryx"
        ));
        assert!(!serves_sessions("other credential-process --temporary 900"));
    }
}
