//! Which credentials the AWS tools will use for a profile, worked out from the files alone the
//! way botocore does (`credentials.create_credential_resolver`), environment variables aside.
//!
//! botocore's chain for a named profile, in order:
//! 1. `AssumeRoleProvider`: the profile has `role_arn` (and no `web_identity_token_file`); the
//!    role is assumed with the credentials of `credential_source` or of `source_profile`.
//! 2. Then the profile chain (`ProfileProviderBuilder.providers`): web identity, SSO (when
//!    `sso_account_id` or `sso_role_name` is set), **static keys in the credentials file**,
//!    `aws login` (`login_session`), **`credential_process`**, **static keys in the config file**.
//! 3. Nothing found: the tools go on to containers and instance metadata.
//!
//! "The profile" is botocore's merged view: the config file's [effective](SharedFiles::config_header)
//! section updated by the credentials file's section, keys matched ignoring case. The static-key
//! providers read one file each. This is what a keychain move is proved against.

use super::error::FileKind;
use super::profile::SESSION_TOKEN_KEYS;
use super::shared_files::SharedFiles;
use super::static_keys::StaticKeys;
use crate::ini::Value;
use crate::secret::Secret;

/// Where a profile's credentials come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Static keys in one file's section of the profile.
    Keys { file: FileKind, keys: StaticKeys },
    /// The profile's `credential_process` (keyshelf's own among them).
    Process { command: String },
    /// `role_arn`, assumed with the credentials `source_profile` resolves to.
    AssumeRole {
        role_arn: String,
        source_profile: String,
        via: Box<Source>,
    },
    /// `role_arn`, assumed with credentials from `credential_source` (the environment, a
    /// container or the instance).
    CredentialSource {
        role_arn: String,
        credential_source: String,
    },
    /// `role_arn` with `web_identity_token_file`.
    WebIdentity { role_arn: String },
    /// IAM Identity Center (`sso_account_id` / `sso_role_name`).
    Sso,
    /// `aws login` (`login_session`).
    Login,
    /// Nothing in the files: the tools look at containers and instance metadata next.
    Nothing,
}

impl Source {
    /// What the AWS tools will use, in plain words for the profile page and for messages
    /// ("keys from the keychain, through keyshelf"). Never a value but the role ARN.
    pub fn describe(&self) -> String {
        match self {
            Source::Keys { file, .. } => format!("plaintext keys from {}", file.label()),
            Source::Process { command } if crate::keyshelf_line::serves_sso(command) => {
                "role credentials from your SSO sign-in, through keyshelf (no token file)"
                    .to_owned()
            }
            Source::Process { command } if crate::keyshelf_line::serves_sessions(command) => {
                "temporary credentials made from the keys in the keychain, through keyshelf"
                    .to_owned()
            }
            Source::Process { command } if crate::keyshelf_line::runs_keyshelf(command) => {
                "keys from the keychain, through keyshelf".to_owned()
            }
            Source::Process { .. } => "the program in its credential_process".to_owned(),
            Source::AssumeRole {
                role_arn,
                source_profile,
                via,
            } => format!(
                "the role {role_arn}, assumed with the credentials of profile “{}” ({})",
                source_profile.escape_debug(),
                via.describe()
            ),
            Source::CredentialSource {
                role_arn,
                credential_source,
            } => format!("the role {role_arn}, assumed with credentials from {credential_source}"),
            Source::WebIdentity { role_arn } => {
                format!("the role {role_arn}, assumed with a web identity token")
            }
            Source::Sso => "IAM Identity Center (SSO) sign-in".to_owned(),
            Source::Login => {
                "the sign-in with your AWS console credentials (“aws login”), kept by the AWS CLI"
                    .to_owned()
            }
            Source::Nothing => {
                "nothing from these files (environment variables or the instance's role, if any)"
                    .to_owned()
            }
        }
    }

    /// The source at the end of a chain of assumed roles.
    pub fn leaf(&self) -> &Source {
        match self {
            Source::AssumeRole { via, .. } => via.leaf(),
            other => other,
        }
    }
}

/// Why the AWS tools would fail on a profile before talking to anyone. Names profiles, files
/// and keys; never a value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("there is no profile named “{}”", profile.escape_debug())]
    NoProfile { profile: String },
    #[error("they cannot read {} at all ({problem})", file.label())]
    Unreadable { file: FileKind, problem: String },
    #[error("profile “{}” names source_profile “{}”, which does not exist", profile.escape_debug(), source_profile.escape_debug())]
    SourceMissing {
        profile: String,
        source_profile: String,
    },
    #[error("profile “{}”: its source_profile chain comes back to “{}”, a loop", profile.escape_debug(), source_profile.escape_debug())]
    Loop {
        profile: String,
        source_profile: String,
    },
    #[error("profile “{}” has both source_profile and credential_source", profile.escape_debug())]
    BothSources { profile: String },
    #[error("profile “{}” has a role_arn but neither source_profile nor credential_source", profile.escape_debug())]
    NoRoleSource { profile: String },
    #[error("profile “{}”: credential_source must be Environment, Ec2InstanceMetadata or EcsContainer", profile.escape_debug())]
    UnknownCredentialSource { profile: String },
    #[error("profile “{}” has aws_access_key_id in {} but no aws_secret_access_key there", profile.escape_debug(), file.label())]
    PartialKeys { profile: String, file: FileKind },
    #[error("profile “{}” is a source_profile but has no credentials", profile.escape_debug())]
    SourceWithoutCredentials { profile: String },
    #[error("profile “{}” has web_identity_token_file but no role_arn", profile.escape_debug())]
    WebIdentityWithoutRole { profile: String },
    #[error("profile “{}” sets {key} differently from its [sso-session]", profile.escape_debug())]
    SsoInconsistent { profile: String, key: String },
    #[error("profile “{}” uses SSO but lacks {missing}", profile.escape_debug())]
    SsoIncomplete {
        profile: String,
        missing: &'static str,
    },
}

impl ResolveError {
    /// The profile the error is about: where the chain broke, which may be a source profile of
    /// the one asked for.
    pub fn profile(&self) -> Option<&str> {
        match self {
            ResolveError::Unreadable { .. } => None,
            ResolveError::NoProfile { profile }
            | ResolveError::SourceMissing { profile, .. }
            | ResolveError::Loop { profile, .. }
            | ResolveError::BothSources { profile }
            | ResolveError::NoRoleSource { profile }
            | ResolveError::UnknownCredentialSource { profile }
            | ResolveError::PartialKeys { profile, .. }
            | ResolveError::SourceWithoutCredentials { profile }
            | ResolveError::WebIdentityWithoutRole { profile }
            | ResolveError::SsoInconsistent { profile, .. }
            | ResolveError::SsoIncomplete { profile, .. } => Some(profile),
        }
    }
}

/// botocore's `CanonicalNameCredentialSourcer` accepts these.
const CREDENTIAL_SOURCES: [&str; 3] = ["Environment", "Ec2InstanceMetadata", "EcsContainer"];

impl SharedFiles {
    /// The credentials the AWS tools will use for profile `name`.
    pub fn resolve(&self, name: &str) -> Result<Source, ResolveError> {
        self.readable()?;
        self.resolve_readable(name)
    }

    /// botocore refuses both files whole when either has a duplicate section or key, or a byte
    /// order mark (configparser's strict mode).
    pub(crate) fn readable(&self) -> Result<(), ResolveError> {
        for file in [FileKind::Config, FileKind::Credentials] {
            if let Some(problem) = self.doc(file).problems().into_iter().next() {
                return Err(ResolveError::Unreadable {
                    file,
                    problem: problem.to_string(),
                });
            }
        }
        Ok(())
    }

    /// [`SharedFiles::resolve`] for files already known to be [readable](Self::readable): for
    /// callers that resolve many profiles of the same files.
    pub(crate) fn resolve_readable(&self, name: &str) -> Result<Source, ResolveError> {
        if !self.exists(name) {
            return Err(ResolveError::NoProfile {
                profile: name.into(),
            });
        }
        let mut visited = vec![name.to_owned()];
        if self.assumes_role(name) {
            return self.assume_role(name, &mut visited);
        }
        Ok(self.profile_chain(name)?.unwrap_or(Source::Nothing))
    }

    /// botocore's merged profile: `key in profile`.
    fn has(&self, name: &str, key: &str) -> bool {
        self.get(name, key).is_some()
    }

    /// botocore's merged profile: `profile.get(key)`, a nested block read as empty text.
    fn merged(&self, name: &str, key: &str) -> Option<String> {
        self.get(name, key).map(|(value, _)| match value {
            Value::Plain(text) => text,
            Value::Nested(_) => String::new(),
        })
    }

    /// `AssumeRoleProvider._has_assume_role_config_vars`.
    fn assumes_role(&self, name: &str) -> bool {
        self.has(name, "role_arn") && !self.has(name, "web_identity_token_file")
    }

    /// `AssumeRoleProvider._has_static_credentials`: either key, in either file.
    fn has_static(&self, name: &str) -> bool {
        self.has(name, "aws_secret_access_key") || self.has(name, "aws_access_key_id")
    }

    /// `AssumeRoleProvider._get_role_config` and `_resolve_source_credentials`, with the loop
    /// rules of `_validate_source_profile`: a profile may name itself only when it has static
    /// keys; any other return to a visited profile is a loop.
    fn assume_role(&self, name: &str, visited: &mut Vec<String>) -> Result<Source, ResolveError> {
        let profile = || name.to_owned();
        let role_arn = self.merged(name, "role_arn").unwrap_or_default();
        let source_profile = self.merged(name, "source_profile");
        match (self.merged(name, "credential_source"), source_profile) {
            (Some(_), Some(_)) => Err(ResolveError::BothSources { profile: profile() }),
            (None, None) => Err(ResolveError::NoRoleSource { profile: profile() }),
            (Some(credential_source), None) => {
                if CREDENTIAL_SOURCES.contains(&credential_source.as_str()) {
                    Ok(Source::CredentialSource {
                        role_arn,
                        credential_source,
                    })
                } else {
                    Err(ResolveError::UnknownCredentialSource { profile: profile() })
                }
            }
            (None, Some(source_profile)) => {
                if !self.exists(&source_profile) {
                    return Err(ResolveError::SourceMissing {
                        profile: profile(),
                        source_profile,
                    });
                }
                if visited.contains(&source_profile)
                    && (source_profile != name || !self.has_static(&source_profile))
                {
                    return Err(ResolveError::Loop {
                        profile: profile(),
                        source_profile,
                    });
                }
                visited.push(source_profile.clone());
                let via = self.credentials_of_source_profile(&source_profile, visited)?;
                Ok(Source::AssumeRole {
                    role_arn,
                    source_profile,
                    via: Box::new(via),
                })
            }
        }
    }

    /// `AssumeRoleProvider._resolve_credentials_from_profile`.
    fn credentials_of_source_profile(
        &self,
        name: &str,
        visited: &mut Vec<String>,
    ) -> Result<Source, ResolveError> {
        if self.has_static(name) || !self.assumes_role(name) {
            self.profile_chain(name)?
                .ok_or_else(|| ResolveError::SourceWithoutCredentials {
                    profile: name.into(),
                })
        } else {
            self.assume_role(name, visited)
        }
    }

    /// `ProfileProviderBuilder.providers`: web identity, SSO, the credentials file, `aws
    /// login`, `credential_process`, the config file. `None` when none of them applies.
    fn profile_chain(&self, name: &str) -> Result<Option<Source>, ResolveError> {
        let nonempty = |key: &str| self.merged(name, key).filter(|v| !v.is_empty());
        if nonempty("web_identity_token_file").is_some() {
            let role_arn = nonempty("role_arn").ok_or(ResolveError::WebIdentityWithoutRole {
                profile: name.into(),
            })?;
            return Ok(Some(Source::WebIdentity { role_arn }));
        }
        if self.has(name, "sso_account_id") || self.has(name, "sso_role_name") {
            return self.sso(name).map(|()| Some(Source::Sso));
        }
        if let Some(keys) = self.keys_in(FileKind::Credentials, name)? {
            return Ok(Some(keys));
        }
        if self.has(name, "login_session") {
            return Ok(Some(Source::Login));
        }
        if let Some(command) = self.merged(name, "credential_process") {
            return Ok(Some(Source::Process { command }));
        }
        self.keys_in(FileKind::Config, name)
    }

    /// `SSOProvider._load_sso_config`: the four settings, from the profile or its
    /// `[sso-session]`.
    fn sso(&self, name: &str) -> Result<(), ResolveError> {
        // `build_profile_map` keeps the last section of a name.
        let session = self.merged(name, "sso_session").and_then(|session| {
            self.config
                .section_names()
                .filter(|h| super::names::sso_session_of_header(h).as_deref() == Some(&session))
                .last()
                .map(str::to_owned)
        });
        if self.has(name, "sso_session") && session.is_none() {
            return Err(ResolveError::SsoIncomplete {
                profile: name.into(),
                missing: "the [sso-session] its sso_session names",
            });
        }
        // `_resolve_sso_session_reference`: a setting in both places must agree.
        if let Some(header) = &session {
            for entry in self.config.entries_with_defaults(header) {
                let differs = self
                    .get(name, &entry.key)
                    .is_some_and(|(mine, _)| !mine.same_as(&entry.value));
                if differs {
                    return Err(ResolveError::SsoInconsistent {
                        profile: name.into(),
                        key: entry.key.to_ascii_lowercase(),
                    });
                }
            }
        }
        for key in [
            "sso_role_name",
            "sso_account_id",
            "sso_start_url",
            "sso_region",
        ] {
            let in_session = session
                .as_ref()
                .is_some_and(|header| self.config.get(header, key).is_some());
            if !self.has(name, key) && !in_session {
                return Err(ResolveError::SsoIncomplete {
                    profile: name.into(),
                    missing: key,
                });
            }
        }
        Ok(())
    }

    /// The account ID botocore gives the credentials of `source`, profile `name`'s: the
    /// `aws_account_id` of the section that holds static keys (`SharedCredentialProvider`,
    /// `ConfigProvider`), or of the merged profile for a `credential_process` that prints none
    /// (`ProcessProvider._get_account_id`, as keyshelf's own does).
    pub fn account_id(&self, name: &str, source: &Source) -> Option<String> {
        let plain = |value: Value| value.as_plain().map(str::to_owned);
        match source {
            Source::Keys { file, .. } => {
                let header = self.section(*file, name)?;
                self.doc(*file)
                    .get(&header, "aws_account_id")
                    .and_then(plain)
            }
            Source::Process { .. } => self.get(name, "aws_account_id").and_then(|(v, _)| plain(v)),
            _ => None,
        }
    }

    /// The static keys in the files that botocore would use for `name`: those of its
    /// credentials-file section when that has an access key ID, else those of its config-file
    /// section, each read whole from one section as botocore's `SharedCredentialProvider` and
    /// `ConfigProvider` do (the legacy `aws_security_token` before `aws_session_token`).
    /// `None` when neither section has a usable pair (a missing or empty key ID or secret).
    pub fn static_keys(&self, name: &str) -> Option<StaticKeys> {
        let in_file = |file| match self.keys_in(file, name) {
            Ok(Some(Source::Keys { keys, .. })) => Some(keys),
            _ => None,
        };
        let has_id = |file| {
            self.section(file, name)
                .is_some_and(|h| self.doc(file).get(&h, "aws_access_key_id").is_some())
        };
        let keys = if has_id(FileKind::Credentials) {
            in_file(FileKind::Credentials)?
        } else {
            in_file(FileKind::Config)?
        };
        let usable = !keys.access_key_id.trim().is_empty()
            && !keys.secret_access_key.expose().trim().is_empty();
        usable.then_some(keys)
    }

    /// `SharedCredentialProvider` (credentials file) or `ConfigProvider` (the config file's
    /// effective section): that section's keys when it has `aws_access_key_id`, which then
    /// needs `aws_secret_access_key` beside it; the session token is `aws_security_token`,
    /// else `aws_session_token`.
    pub(crate) fn keys_in(
        &self,
        file: FileKind,
        name: &str,
    ) -> Result<Option<Source>, ResolveError> {
        let Some(header) = self.section(file, name) else {
            return Ok(None);
        };
        let doc = self.doc(file);
        let value = |key: &str| {
            doc.get(&header, key).map(|v| match v {
                Value::Plain(text) => text,
                Value::Nested(_) => String::new(),
            })
        };
        let Some(access_key_id) = value("aws_access_key_id") else {
            return Ok(None);
        };
        let secret = value("aws_secret_access_key").ok_or(ResolveError::PartialKeys {
            profile: name.into(),
            file,
        })?;
        let token = SESSION_TOKEN_KEYS.iter().find_map(|key| value(key));
        Ok(Some(Source::Keys {
            file,
            keys: StaticKeys {
                access_key_id,
                secret_access_key: Secret::new(secret),
                session_token: token.map(Secret::new),
            },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;

    fn files(config: &str, credentials: &str) -> SharedFiles {
        SharedFiles::new(Document::parse(config), Document::parse(credentials))
    }

    fn keys_of(source: &Source) -> Option<(&str, FileKind)> {
        match source.leaf() {
            Source::Keys { file, keys } => Some((keys.access_key_id.as_str(), *file)),
            _ => None,
        }
    }

    #[test]
    fn credentials_file_then_process_then_config_file() {
        let f = files(
            "[profile a]\ncredential_process = x\naws_access_key_id = C\naws_secret_access_key = s\n[profile b]\naws_access_key_id = C\naws_secret_access_key = s\n",
            "[a]\naws_access_key_id = K\naws_secret_access_key = s\n",
        );
        assert_eq!(
            keys_of(&f.resolve("a").unwrap()),
            Some(("K", FileKind::Credentials))
        );
        assert_eq!(
            keys_of(&f.resolve("b").unwrap()),
            Some(("C", FileKind::Config))
        );
        let g = files(
            "[profile a]\ncredential_process = x\naws_access_key_id = C\naws_secret_access_key = s\n",
            "",
        );
        assert_eq!(
            g.resolve("a"),
            Ok(Source::Process {
                command: "x".into()
            })
        );
    }

    #[test]
    fn legacy_security_token_is_read_first() {
        let f = files(
            "",
            "[t]\naws_access_key_id = ASIA\naws_secret_access_key = s\naws_session_token = new\naws_security_token = old\n",
        );
        let Ok(Source::Keys { keys, .. }) = f.resolve("t") else {
            panic!("keys expected");
        };
        assert_eq!(
            keys.session_token.map(|t| t.expose().to_owned()).as_deref(),
            Some("old")
        );
    }

    #[test]
    fn a_key_id_without_secret_is_an_error() {
        let f = files("", "[p]\naws_access_key_id = K\n");
        assert!(matches!(
            f.resolve("p"),
            Err(ResolveError::PartialKeys { .. })
        ));
    }

    #[test]
    fn roles_follow_source_profile_and_refuse_loops() {
        let f = files(
            "[profile r]\nrole_arn = arn:r\nsource_profile = base\n[profile rr]\nrole_arn = arn:rr\nsource_profile = r\n[profile self]\nrole_arn = arn:s\nsource_profile = self\naws_access_key_id = S\naws_secret_access_key = s\n[profile x]\nrole_arn = arn:x\nsource_profile = y\n[profile y]\nrole_arn = arn:y\nsource_profile = x\n[profile gone]\nrole_arn = arn:g\nsource_profile = nobody\n",
            "[base]\naws_access_key_id = B\naws_secret_access_key = s\n",
        );
        assert_eq!(
            keys_of(&f.resolve("rr").unwrap()),
            Some(("B", FileKind::Credentials))
        );
        assert_eq!(
            keys_of(&f.resolve("self").unwrap()),
            Some(("S", FileKind::Config))
        );
        assert!(matches!(f.resolve("x"), Err(ResolveError::Loop { .. })));
        assert!(matches!(
            f.resolve("gone"),
            Err(ResolveError::SourceMissing { .. })
        ));
    }

    #[test]
    fn shadowed_headers_are_not_read() {
        // The witness: botocore reads `[default]`, the later header.
        let f = files(
            "[profile default]\ncredential_process = /bin/x\n[default]\noutput = text\n",
            "",
        );
        assert_eq!(f.resolve("default"), Ok(Source::Nothing));
    }
}
