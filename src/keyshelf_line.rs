//! The `credential_process` line keyshelf writes, as the layers that must tell it from another
//! program's read it: `"/path/keyshelf" credential-process --profile NAME [--temporary SECONDS]`
//! for keys in the keychain, and `… --profile NAME --sso-session S --sso-account-id A
//! --sso-role-name R` for a role reached through an IAM Identity Center sign-in (the session,
//! account and role sit in keyshelf's own line, where the AWS tools do not look for a token file).
//! Its one definition, apart from the AWS layer (which only asks whether a line is keyshelf's,
//! to say a profile's keys are in the keychain) and the keychain layer (which writes it).

/// The word in a keyshelf `credential_process` line that makes it serve temporary credentials:
/// `… credential-process --profile NAME --temporary SECONDS`.
pub const TEMPORARY_FLAG: &str = "--temporary";

/// The words that make a keyshelf line serve an SSO role.
pub const SSO_SESSION_FLAG: &str = "--sso-session";
pub const SSO_ACCOUNT_FLAG: &str = "--sso-account-id";
pub const SSO_ROLE_FLAG: &str = "--sso-role-name";

/// The SSO session, account and role a keyshelf line serves; `None` for any other line.
pub fn sso_role(command: &str) -> Option<(String, String, String)> {
    if !runs_keyshelf(command) {
        return None;
    }
    let words = shlex::split(command)?;
    let value = |flag: &str| {
        let with_equals = format!("{flag}=");
        words
            .iter()
            .position(|w| w == flag)
            .and_then(|i| words.get(i + 1).cloned())
            .or_else(|| {
                words
                    .iter()
                    .find_map(|w| w.strip_prefix(&with_equals).map(str::to_owned))
            })
    };
    Some((
        value(SSO_SESSION_FLAG)?,
        value(SSO_ACCOUNT_FLAG)?,
        value(SSO_ROLE_FLAG)?,
    ))
}

/// Whether a keyshelf line serves an SSO role (not keys from the keychain).
pub fn serves_sso(command: &str) -> bool {
    sso_role(command).is_some()
}

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
        assert_eq!(
            sso_role(
                "\"/usr/bin/keyshelf\" credential-process --profile dev-ro --sso-session corp --sso-account-id 111122223333 --sso-role-name ReadOnly"
            ),
            Some(("corp".into(), "111122223333".into(), "ReadOnly".into()))
        );
        assert_eq!(
            sso_role("/usr/bin/keyshelf credential-process --profile x"),
            None
        );
        assert_eq!(
            sso_role(
                "other credential-process --sso-session a --sso-account-id b --sso-role-name c"
            ),
            None
        );
    }
}
