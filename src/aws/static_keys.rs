//! A profile's static keys, and the edits that move them out of the files (for the keychain)
//! and back in.

use serde::{Deserialize, Serialize};

use super::error::{AwsError as Error, FileKind, Result};
use super::profile::{SECRET_KEYS, is_secret_key};
use super::resolve::Source;
use super::shared_files::SharedFiles;
use crate::ini::{Document, Value};
use crate::secret::Secret;

/// An access key pair, and a session token for temporary keys. Serialised with the field names
/// of the credential_process contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaticKeys {
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: String,
    #[serde(rename = "SecretAccessKey")]
    pub secret_access_key: Secret,
    #[serde(
        rename = "SessionToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_token: Option<Secret>,
}

/// Removes every secret key of the profiles `profiles` from `doc`, one of its files as read on
/// its own (an old copy in `keyshelf-backups`): from every section naming one of them, shadowed
/// or repeated ones too. One pass over the sections, however many profiles (an import of
/// thousands scrubs them all at once). Returns whether anything was removed.
pub fn remove_profile_secrets(doc: &mut Document, file: FileKind, profiles: &[&str]) -> bool {
    let wanted: rustc_hash::FxHashSet<&str> = profiles.iter().copied().collect();
    let mut sections: Vec<String> = doc
        .section_names()
        .filter(|header| match file {
            FileKind::Credentials => wanted.contains(header),
            FileKind::Config => super::names::profile_of_config_header(header)
                .is_some_and(|profile| wanted.contains(profile.as_ref())),
        })
        .map(str::to_owned)
        .collect();
    sections.dedup();
    let mut removed = false;
    for section in &sections {
        for key in SECRET_KEYS {
            removed |= doc.remove_everywhere(section, key);
        }
    }
    removed
}

impl SharedFiles {
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

    /// Takes every secret out of the profile, in both files (botocore prefers static keys over
    /// credential_process, so a key left anywhere would keep the plaintext in use); moves the
    /// other keys of its credentials section to the config file; drops that section when it is
    /// then empty; and sets `credential_process` to `command`.
    pub fn replace_keys_with_process(&mut self, name: &str, command: &str) -> Result<()> {
        if !self.exists(name) {
            return Err(Error::ProfileNotFound { name: name.into() });
        }
        for key in SECRET_KEYS {
            // Repeated keys are refused when the file is read, so one removal per file is all.
            self.unset(name, key)?;
        }
        if self.credentials.has_section(name) {
            let entries = self.credentials.entries(name);
            for entry in entries.iter().filter(|e| !is_secret_key(&e.key)) {
                match &entry.value {
                    Value::Plain(value) => {
                        self.set_in(FileKind::Config, name, &entry.key, value)?
                    }
                    Value::Nested(subs) => {
                        for (sub, value) in subs {
                            self.set_nested(name, &entry.key, sub, value)?;
                        }
                    }
                }
                self.credentials
                    .remove(name, &entry.key)
                    .map_err(|source| Error::Edit {
                        file: FileKind::Credentials,
                        source,
                    })?;
            }
            // Dropped only when nothing is left in it; a comment inside keeps it.
            if self.credentials.is_section_blank(name) {
                self.credentials
                    .remove_section(name)
                    .map_err(|source| Error::Edit {
                        file: FileKind::Credentials,
                        source,
                    })?;
            }
        }
        self.set_in(FileKind::Config, name, "credential_process", command)
    }

    /// The reverse: writes the keys to the profile's credentials section and removes its
    /// `credential_process` (which would otherwise be shadowed by, and disagree with, the keys).
    pub fn replace_process_with_keys(&mut self, name: &str, keys: &StaticKeys) -> Result<()> {
        if !self.exists(name) {
            return Err(Error::ProfileNotFound { name: name.into() });
        }
        self.unset(name, "credential_process")?;
        // Every secret key goes first: a legacy `aws_security_token` left anywhere would be
        // read before the restored token, and keys in the config file would be stale copies.
        for key in SECRET_KEYS {
            self.unset(name, key)?;
        }
        let set = |files: &mut SharedFiles, key: &str, value: &str| {
            files.set_in(FileKind::Credentials, name, key, value)
        };
        set(self, "aws_access_key_id", &keys.access_key_id)?;
        set(
            self,
            "aws_secret_access_key",
            keys.secret_access_key.expose(),
        )?;
        if let Some(token) = &keys.session_token {
            set(self, "aws_session_token", token.expose())?;
        }
        // A config section that held only the credential_process (migrate made it, issue 9)
        // is empty now: it goes. One with a comment or another key stays.
        if let Some(header) = self.section(FileKind::Config, name)
            && self.config.is_section_blank(&header)
        {
            self.config
                .remove_section(&header)
                .map_err(|source| Error::Edit {
                    file: FileKind::Config,
                    source,
                })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(config: &str, credentials: &str) -> SharedFiles {
        SharedFiles::new(Document::parse(config), Document::parse(credentials))
    }

    #[test]
    fn keys_leave_both_files_and_settings_move_to_config() {
        let mut f = files(
            "# mine\n[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIAOLDCONFIG0000000\n\n[profile other]\noutput = json\n",
            "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s3cr3t\nregion = us-east-2\n\n[other]\naws_access_key_id = AKIAOTHER00000000000\n",
        );
        let keys = f.static_keys("dev");
        assert_eq!(
            keys.as_ref().map(|k| k.access_key_id.as_str()),
            Some("AKIAIOSFODNN7EXAMPLE")
        );
        f.replace_keys_with_process("dev", "\"/bin/keyshelf\" credential-process --profile dev")
            .unwrap();
        assert_eq!(
            f.config.to_string(),
            "# mine\n[profile dev]\nregion = us-east-2\ncredential_process = \"/bin/keyshelf\" credential-process --profile dev\n\n[profile other]\noutput = json\n"
        );
        assert_eq!(
            f.credentials.to_string(),
            "[other]\naws_access_key_id = AKIAOTHER00000000000\n"
        );
        assert!(f.static_keys("dev").is_none());

        // And back.
        let keys = keys.unwrap();
        f.replace_process_with_keys("dev", &keys).unwrap();
        assert_eq!(f.static_keys("dev"), Some(keys));
        assert!(!f.config.to_string().contains("credential_process"));
    }

    #[test]
    fn a_credentials_section_with_a_comment_inside_is_kept() {
        let mut f = files(
            "[profile dev]\nregion = eu-west-1\n",
            "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n\t# rotated in May\naws_secret_access_key = s3cr3t\n",
        );
        f.replace_keys_with_process("dev", "\"/bin/keyshelf\" credential-process --profile dev")
            .unwrap();
        assert_eq!(f.credentials.to_string(), "[dev]\n\t# rotated in May\n");
    }
}
