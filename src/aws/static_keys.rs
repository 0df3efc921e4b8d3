//! A profile's static keys, and the edits that move them out of the files (for the keychain)
//! and back in.

use serde::{Deserialize, Serialize};

use super::error::{AwsError as Error, FileKind, Result};
use super::profile::{SECRET_KEYS, is_secret_key};
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
/// or repeated ones too, and from every section whose `aws_access_key_id` is one of `key_ids`
/// (the same keys under another name: the profile before a rename, a duplicate). One pass
/// over the sections, however many profiles (an import of thousands scrubs them all at once).
/// Returns whether anything was removed.
pub fn remove_profile_secrets(
    doc: &mut Document,
    file: FileKind,
    profiles: &[&str],
    key_ids: &[&str],
) -> bool {
    let wanted: rustc_hash::FxHashSet<&str> = profiles.iter().copied().collect();
    let ids: rustc_hash::FxHashSet<&str> = key_ids.iter().copied().collect();
    let holds_moved_key = |header: &str| {
        !ids.is_empty()
            && doc
                .entries(header)
                .iter()
                .filter(|e| crate::ini::same_key(&e.key, "aws_access_key_id"))
                .any(|e| e.value.as_plain().is_some_and(|v| ids.contains(v.trim())))
    };
    let mut sections: Vec<String> = doc
        .section_names()
        .filter(|header| {
            let named = match file {
                FileKind::Credentials => wanted.contains(header),
                FileKind::Config => super::names::profile_of_config_header(header)
                    .is_some_and(|profile| wanted.contains(profile.as_ref())),
            };
            named || holds_moved_key(header)
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
    /// Secrets where no AWS tool looks: each secret key (its 1-based line, its section's header)
    /// in a config-file section that names no profile (`[dev]` without the `profile` prefix,
    /// `[profile old laptop]`, which botocore's shlex split makes three words). A keychain move
    /// never reaches them, so the faces say they were left.
    pub fn unread_secrets(&self) -> Vec<(usize, String, String)> {
        let mut found = Vec::new();
        for (header, _, entries) in self.config.all_sections() {
            if super::names::profile_of_config_header(header).is_some()
                || header == crate::ini::DEFAULT_SECTION
            {
                continue;
            }
            for entry in entries.into_iter().filter(|e| is_secret_key(&e.key)) {
                found.push((entry.line, header.to_owned(), entry.key));
            }
        }
        found
    }

    /// Takes every secret out of the profile, in both files (botocore prefers static keys in
    /// the credentials file over credential_process, so a key left there would keep the
    /// plaintext in use), and sets `credential_process` to `command` in the config file.
    ///
    /// Only the secrets move. The credentials section keeps its other keys where they are
    /// (`region`, an `s3` block, `aws_account_id`): botocore merges them into the profile
    /// either way, and `ProcessProvider` reads `aws_account_id` from that merged profile as
    /// `SharedCredentialProvider` read it from the section. The section goes only when nothing
    /// at all is left in it; the comment lines above its header stay.
    ///
    /// Refused ([`Error::StraySecrets`]) when the profile holds a secret that the keys the AWS
    /// tools use do not carry: a second key pair in the other file, a session token botocore
    /// ignores. Deleting those would lose a real key without a trace.
    pub fn replace_keys_with_process(&mut self, name: &str, command: &str) -> Result<()> {
        if !self.exists(name) {
            return Err(Error::ProfileNotFound { name: name.into() });
        }
        self.refuse_stray_secrets(name, self.static_keys(name).as_ref())?;
        for key in SECRET_KEYS {
            // Repeated keys are refused when the file is read, so one removal per file is all.
            self.unset(name, key)?;
        }
        // Dropped only when nothing is left in it (a comment inside keeps it), and when the file
        // has no `[DEFAULT]`, which gives its keys (an `aws_account_id`, say) only to sections
        // that exist.
        if self.section(FileKind::Credentials, name).is_some()
            && self.credentials.is_section_blank(name)
            && !self.credentials.has_section(crate::ini::DEFAULT_SECTION)
        {
            self.credentials
                .remove_section(name)
                .map_err(|source| Error::Edit {
                    file: FileKind::Credentials,
                    source,
                })?;
        }
        self.set_in(FileKind::Config, name, "credential_process", command)
    }

    /// [`Error::StraySecrets`] when the profile's sections hold a non-empty secret value that
    /// `kept` does not carry (see [`SharedFiles::replace_keys_with_process`]).
    fn refuse_stray_secrets(&self, name: &str, kept: Option<&StaticKeys>) -> Result<()> {
        let carried = |key: &str, value: &str| {
            let Some(kept) = kept else { return false };
            if crate::ini::same_key(key, "aws_access_key_id") {
                value == kept.access_key_id
            } else if crate::ini::same_key(key, "aws_secret_access_key") {
                value == kept.secret_access_key.expose()
            } else {
                kept.session_token
                    .as_ref()
                    .is_some_and(|token| token.expose() == value)
            }
        };
        let mut places = Vec::new();
        for file in [FileKind::Config, FileKind::Credentials] {
            let Some(header) = self.section(file, name) else {
                continue;
            };
            for entry in self.doc(file).entries(&header) {
                let value = match &entry.value {
                    Value::Plain(value) => value.as_str(),
                    Value::Nested(_) => "nested",
                };
                if is_secret_key(&entry.key) && !value.is_empty() && !carried(&entry.key, value) {
                    places.push((file, entry.line, entry.key.clone()));
                }
            }
        }
        if places.is_empty() {
            Ok(())
        } else {
            Err(Error::StraySecrets {
                profile: name.into(),
                places,
            })
        }
    }

    /// The reverse: writes the keys to the profile's credentials section and removes its
    /// `credential_process` (which would otherwise be shadowed by, and disagree with, the keys).
    pub fn replace_process_with_keys(&mut self, name: &str, keys: &StaticKeys) -> Result<()> {
        if !self.exists(name) {
            return Err(Error::ProfileNotFound { name: name.into() });
        }
        self.refuse_stray_secrets(name, Some(keys))?;
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
        // A config section that held only the credential_process (migrate made it)
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

    const LINE: &str = "\"/bin/keyshelf\" credential-process --profile dev";

    #[test]
    fn only_the_keys_leave_and_everything_else_stays_where_it_was() {
        let config =
            "# mine\n[profile dev]\nregion = eu-west-1\n\n[profile other]\noutput = json\n";
        let mut f = files(
            config,
            "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s3cr3t\nregion = us-east-2\naws_account_id = 123456789012\n\n[other]\naws_access_key_id = AKIAOTHER00000000000\n",
        );
        let keys = f.static_keys("dev");
        assert_eq!(
            keys.as_ref().map(|k| k.access_key_id.as_str()),
            Some("AKIAIOSFODNN7EXAMPLE")
        );
        f.replace_keys_with_process("dev", LINE).unwrap();
        assert_eq!(
            f.config.to_string(),
            format!(
                "# mine\n[profile dev]\nregion = eu-west-1\ncredential_process = {LINE}\n\n[profile other]\noutput = json\n"
            )
        );
        // botocore merges the credentials section into the profile: region and the account
        // ID mean what they meant, read from where they were.
        assert_eq!(
            f.credentials.to_string(),
            "[dev]\nregion = us-east-2\naws_account_id = 123456789012\n\n[other]\naws_access_key_id = AKIAOTHER00000000000\n"
        );
        assert!(f.static_keys("dev").is_none());

        // And back.
        let keys = keys.unwrap();
        f.replace_process_with_keys("dev", &keys).unwrap();
        assert_eq!(f.static_keys("dev"), Some(keys));
        assert!(!f.config.to_string().contains("credential_process"));
    }

    /// Keys K1 in the credentials file and K2 in the config file: botocore uses K1, yet K2 is
    /// a real key. A move that deleted it would lose it for good.
    #[test]
    fn second_key_pair_in_the_other_file_is_never_deleted() {
        let config = "[profile dev]\naws_access_key_id = AKIAK2K2K2K2K2K2K2K2\naws_secret_access_key = k2secret\n";
        let credentials =
            "[dev]\naws_access_key_id = AKIAK1K1K1K1K1K1K1K1\naws_secret_access_key = k1secret\n";
        let mut f = files(config, credentials);
        let err = f.replace_keys_with_process("dev", LINE).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("aws_access_key_id in the config file (line 2)")
                && text.contains("aws_secret_access_key in the config file (line 3)"),
            "{text}"
        );
        assert!(
            !text.contains("k2secret") && !text.contains("AKIAK2"),
            "{text}"
        );
        assert_eq!(
            (f.config.to_string(), f.credentials.to_string()),
            (config.to_owned(), credentials.to_owned())
        );
        // The same pair in both files loses nothing: the move goes ahead.
        let mut same = files(&credentials.replace("[dev]", "[profile dev]"), credentials);
        same.replace_keys_with_process("dev", LINE).unwrap();
        assert!(same.static_keys("dev").is_none());
    }

    /// botocore reads `aws_security_token` before `aws_session_token`: the other one is
    /// ignored, yet it is the user's.
    #[test]
    fn session_token_botocore_ignores_is_never_deleted() {
        let credentials = "[dev]\naws_access_key_id = ASIA\naws_secret_access_key = s\naws_security_token = used\naws_session_token = ignored\n";
        let mut f = files("", credentials);
        let err = f.replace_keys_with_process("dev", LINE).unwrap_err();
        assert!(
            err.to_string()
                .contains("aws_session_token in the credentials file (line 5)"),
            "{err}"
        );
        // On the way back, a key added by hand since is not overwritten either.
        let mut g = files(
            &format!("[profile dev]\ncredential_process = {LINE}\n"),
            "[dev]\naws_access_key_id = AKIAHANDADDED0000000\naws_secret_access_key = x\n",
        );
        let keys = StaticKeys {
            access_key_id: "AKIAKEYCHAIN00000000".into(),
            secret_access_key: Secret::new("k"),
            session_token: None,
        };
        assert!(matches!(
            g.replace_process_with_keys("dev", &keys),
            Err(Error::StraySecrets { .. })
        ));
    }

    /// "# START of Generated Lines" just above the first generated section is not that
    /// section's comment: a move that empties the section leaves it.
    #[test]
    fn comment_above_a_moved_section_stays() {
        let credentials = "[a]\nk = v\n\n# START of Generated Lines\n[gen-1]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n[gen-2]\nx = y\n";
        let mut f = files("", credentials);
        f.replace_keys_with_process("gen-1", LINE).unwrap();
        assert_eq!(
            f.credentials.to_string(),
            "[a]\nk = v\n\n# START of Generated Lines\n[gen-2]\nx = y\n"
        );
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
