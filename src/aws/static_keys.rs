//! A profile's static keys, and the edits that move them out of the files (for the keychain)
//! and back in.

use serde::{Deserialize, Serialize};

use super::profile::{SECRET_KEYS, is_secret_key};
use super::shared_files::SharedFiles;
use crate::error::{Error, FileKind, Result};
use crate::ini::Value;
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

impl SharedFiles {
    /// The static keys botocore would use for `name` (the credentials file wins per key), if
    /// it has both an access key ID and a secret access key.
    pub fn static_keys(&self, name: &str) -> Option<StaticKeys> {
        let plain = |key: &str| match self.get(name, key) {
            Some((Value::Plain(v), _)) if !v.trim().is_empty() => Some(v),
            _ => None,
        };
        Some(StaticKeys {
            access_key_id: plain("aws_access_key_id")?,
            secret_access_key: Secret::new(plain("aws_secret_access_key")?),
            session_token: plain("aws_session_token").map(Secret::new),
        })
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
        let set = |files: &mut SharedFiles, key: &str, value: &str| {
            files.set_in(FileKind::Credentials, name, key, value)
        };
        set(self, "aws_access_key_id", &keys.access_key_id)?;
        set(
            self,
            "aws_secret_access_key",
            keys.secret_access_key.expose(),
        )?;
        match &keys.session_token {
            Some(token) => set(self, "aws_session_token", token.expose())?,
            None => {
                self.unset(name, "aws_session_token")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;

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
