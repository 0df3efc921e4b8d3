//! Keys in the environment, which botocore reads before any profile: `EnvProvider` comes first
//! in `create_credential_resolver`'s chain, and is left out only when the profile is given
//! explicitly (`--profile`, a session's `profile`), not when it comes from `AWS_PROFILE`.

use std::ffi::OsString;

/// What botocore's `EnvProvider` finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvKeys {
    /// No `AWS_ACCESS_KEY_ID` (or an empty one): the profile's credentials are used.
    None,
    /// A key pair, with a session token (`AWS_SESSION_TOKEN`, or the legacy
    /// `AWS_SECURITY_TOKEN`) or not.
    Keys { session_token: bool },
    /// `AWS_ACCESS_KEY_ID` without `AWS_SECRET_ACCESS_KEY`: botocore raises
    /// PartialCredentialsError, and the AWS tools fail.
    Partial,
}

impl EnvKeys {
    /// Reads the variables through `env`.
    pub fn read(env: impl Fn(&str) -> Option<OsString>) -> EnvKeys {
        let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
        if !set("AWS_ACCESS_KEY_ID") {
            return EnvKeys::None;
        }
        if !set("AWS_SECRET_ACCESS_KEY") {
            return EnvKeys::Partial;
        }
        EnvKeys::Keys {
            session_token: set("AWS_SESSION_TOKEN") || set("AWS_SECURITY_TOKEN"),
        }
    }

    /// This process's environment.
    pub fn from_env() -> EnvKeys {
        EnvKeys::read(|name: &str| std::env::var_os(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &[(&str, &str)]) -> EnvKeys {
        EnvKeys::read(|name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn reads_as_botocores_env_provider() {
        assert_eq!(read(&[]), EnvKeys::None);
        assert_eq!(read(&[("AWS_ACCESS_KEY_ID", "")]), EnvKeys::None);
        assert_eq!(read(&[("AWS_ACCESS_KEY_ID", "AKIA")]), EnvKeys::Partial);
        let pair = [
            ("AWS_ACCESS_KEY_ID", "AKIA"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
        ];
        assert_eq!(
            read(&pair),
            EnvKeys::Keys {
                session_token: false
            }
        );
        let legacy = [pair[0], pair[1], ("AWS_SECURITY_TOKEN", "t")];
        assert_eq!(
            read(&legacy),
            EnvKeys::Keys {
                session_token: true
            }
        );
    }
}
