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
use super::source::{ResolveError, Source};
use super::static_keys::StaticKeys;
use crate::ini::Value;
use crate::secret::Secret;

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
