//! The AWS view over the two documents: profiles, where each key goes, and the profile
//! operations. Pure: no disk access here (see [`crate::files`]).

use std::borrow::Cow;
use std::collections::HashMap;

use super::error::{AwsError as Error, FileKind, Result};
use super::names;
use super::profile;
use crate::ini::{Document, IniError, Value};

/// The config and credentials documents, read together as the AWS CLI reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedFiles {
    pub config: Document,
    pub credentials: Document,
}

fn edit(file: FileKind) -> impl Fn(IniError) -> Error {
    move |source| Error::Edit { file, source }
}

impl Default for SharedFiles {
    fn default() -> SharedFiles {
        SharedFiles::new(Document::new(), Document::new())
    }
}

impl SharedFiles {
    /// The two documents; the config file's sections get indexed by the profile they name.
    /// How the config file's headers name profiles (`[profile dev]` is `dev`): a reader that
    /// passes it to [`Document::from_vec_aliased`] saves [`SharedFiles::new`] indexing the file
    /// a second time.
    pub const CONFIG_ALIAS: crate::ini::Alias = names::profile_of_config_header;

    pub fn new(mut config: Document, credentials: Document) -> SharedFiles {
        if !config.has_alias() {
            config.set_alias(Self::CONFIG_ALIAS);
        }
        SharedFiles {
            config,
            credentials,
        }
    }

    pub fn doc(&self, file: FileKind) -> &Document {
        match file {
            FileKind::Config => &self.config,
            FileKind::Credentials => &self.credentials,
        }
    }

    /// Replaces one file's document (read again after a save), indexed as [`SharedFiles::new`]
    /// indexes it.
    pub fn set_doc(&mut self, file: FileKind, mut doc: Document) {
        if file == FileKind::Config {
            doc.set_alias(names::profile_of_config_header);
        }
        *self.doc_mut(file) = doc;
    }

    pub(crate) fn doc_mut(&mut self, file: FileKind) -> &mut Document {
        match file {
            FileKind::Config => &mut self.config,
            FileKind::Credentials => &mut self.credentials,
        }
    }

    /// The config-file header the AWS tools use for a profile: the **last** of the headers
    /// that name it (`[default]` / `[profile default]`, `[profile dev]` / `[profile 'dev']`),
    /// wholesale, as botocore's `configloader.build_profile_map` keeps the last section per
    /// name. The others are [shadowed](SharedFiles::shadowed). The AWS SDK for Rust
    /// differs: it lets `[profile default]` win over `[default]`.
    pub fn config_header(&self, name: &str) -> Option<String> {
        self.config
            .last_section_by_alias(name, names::profile_of_config_header)
            .map(str::to_owned)
    }

    /// The profile's section header in `file`: the effective one in the config file.
    pub(crate) fn section(&self, file: FileKind, name: &str) -> Option<String> {
        match file {
            FileKind::Config => self.config_header(name),
            FileKind::Credentials => self.in_credentials(name).then(|| name.to_owned()),
        }
    }

    /// Whether the credentials file has a section for profile `name`: its `[DEFAULT]` is
    /// configparser's defaults section, never a profile.
    fn in_credentials(&self, name: &str) -> bool {
        name != names::CONFIGPARSER_DEFAULTS && self.credentials.has_section(name)
    }

    pub fn exists(&self, name: &str) -> bool {
        self.config_header(name).is_some() || self.in_credentials(name)
    }

    /// Every profile name, each once: config-file order first, then those only in the
    /// credentials file.
    pub fn profile_names(&self) -> Vec<String> {
        let mut seen = HashMap::new();
        let config = self
            .config
            .section_names()
            .filter_map(|h| names::profile_of_config_header(h).map(Cow::into_owned));
        let creds = self
            .credentials
            .section_names()
            .filter(|&h| h != names::CONFIGPARSER_DEFAULTS)
            .map(str::to_owned);
        for name in config.chain(creds) {
            let next = seen.len();
            seen.entry(name).or_insert(next);
        }
        let mut names: Vec<(String, usize)> = seen.into_iter().collect();
        names.sort_by_key(|(_, order)| *order);
        names.into_iter().map(|(name, _)| name).collect()
    }

    /// Whether the profile's `credential_process` (where the AWS tools read it) runs keyshelf:
    /// its keys are served from the keychain. The one test of it.
    pub fn runs_keyshelf(&self, name: &str) -> bool {
        self.get(name, "credential_process")
            .is_some_and(|(value, _)| {
                value
                    .as_plain()
                    .is_some_and(crate::keyshelf_line::runs_keyshelf)
            })
    }

    /// Every `[sso-session NAME]` in the config file.
    pub fn sso_sessions(&self) -> Vec<String> {
        self.config
            .section_names()
            .filter_map(names::sso_session_of_header)
            .collect()
    }

    /// Every value botocore's `full_config` gives profile `name`: its config-file section's and
    /// the credentials file's section's entries, each with what its file's `[DEFAULT]` adds, the
    /// credentials file winning; keys lowercased as configparser does.
    pub fn values(&self, name: &str) -> std::collections::BTreeMap<String, Value> {
        let mut values = std::collections::BTreeMap::new();
        for file in [FileKind::Config, FileKind::Credentials] {
            if let Some(header) = self.section(file, name) {
                for entry in self.doc(file).entries_with_defaults(&header) {
                    values.insert(entry.key.to_lowercase(), entry.value);
                }
            }
        }
        values
    }

    /// The value of `key`, and the file it came from; the credentials file wins.
    pub fn get(&self, name: &str, key: &str) -> Option<(Value, FileKind)> {
        [FileKind::Credentials, FileKind::Config]
            .into_iter()
            .find_map(|file| {
                let header = self.section(file, name)?;
                self.doc(file).get(&header, key).map(|v| (v, file))
            })
    }

    /// Sets `key`. Where the key already is, it is changed in place (so the value the AWS CLI
    /// uses is the one that changes); a new key goes where `aws configure set` puts it: secrets
    /// in the credentials file, everything else in the config file. Missing sections are created.
    pub fn set(&mut self, name: &str, key: &str, value: &str) -> Result<FileKind> {
        let file = self.home_of(name, key);
        let header = self.ensure_section(file, name)?;
        self.doc_mut(file)
            .set(&header, key, value)
            .map_err(edit(file))?;
        Ok(file)
    }

    /// Puts a comment line just above `key` in the file that holds it (see [`SharedFiles::get`]).
    pub fn comment_above(&mut self, name: &str, key: &str, comment: &str) -> Result<()> {
        let Some((_, file)) = self.get(name, key) else {
            return Err(Error::ProfileNotFound { name: name.into() });
        };
        let header = self.section(file, name).unwrap_or_default();
        self.doc_mut(file)
            .comment_above(&header, key, comment)
            .map_err(edit(file))
    }

    /// Sets `key` in the profile's section of one file, creating the section when missing.
    pub fn set_in(&mut self, file: FileKind, name: &str, key: &str, value: &str) -> Result<()> {
        let header = self.ensure_section(file, name)?;
        self.doc_mut(file)
            .set(&header, key, value)
            .map_err(edit(file))
    }

    /// Sets one entry of a nested block such as `s3`, in the file where the block takes effect:
    /// botocore's `Session.full_config` updates the config file's profile with the credentials
    /// file's keys, so an `s3` block there replaces the config file's whole block. Otherwise the
    /// config file, where `aws configure set` writes it.
    pub fn set_nested(&mut self, name: &str, key: &str, sub: &str, value: &str) -> Result<()> {
        let file = self.nested_home(name, key);
        let header = self.ensure_section(file, name)?;
        self.doc_mut(file)
            .set_nested(&header, key, sub, value)
            .map_err(edit(file))
    }

    /// Removes one entry of a nested block, from the block that takes effect (see
    /// [`SharedFiles::set_nested`]).
    pub fn remove_nested(&mut self, name: &str, key: &str, sub: &str) -> Result<bool> {
        let file = self.nested_home(name, key);
        let Some(header) = self.section(file, name) else {
            return Ok(false);
        };
        self.doc_mut(file)
            .remove_nested(&header, key, sub)
            .map_err(edit(file))
    }

    /// The file whose `key` block botocore uses: the credentials file's when it has one.
    fn nested_home(&self, name: &str, key: &str) -> FileKind {
        match self.get(name, key) {
            Some((_, FileKind::Credentials)) => FileKind::Credentials,
            _ => FileKind::Config,
        }
    }

    /// The file a key is written to: where it already is, else where `aws configure` puts it
    /// ([`profile::home_file`]).
    pub fn home_of(&self, name: &str, key: &str) -> FileKind {
        match self.get(name, key) {
            Some((_, file)) => file,
            None => profile::home_file(key),
        }
    }

    /// Removes `key` from the profile in both files. Returns whether it was anywhere.
    /// Removes `key` from profile `name`'s section in `file` only.
    pub fn unset_in(&mut self, file: FileKind, name: &str, key: &str) -> Result<bool> {
        match self.section(file, name) {
            Some(header) => self.doc_mut(file).remove(&header, key).map_err(edit(file)),
            None => Ok(false),
        }
    }

    /// Whether profile `name`'s own section in `file` holds `key` (`[DEFAULT]` aside).
    pub fn holds(&self, file: FileKind, name: &str, key: &str) -> bool {
        self.section(file, name).is_some_and(|header| {
            self.doc(file)
                .entries(&header)
                .iter()
                .any(|e| crate::ini::same_key(&e.key, key))
        })
    }

    pub fn unset(&mut self, name: &str, key: &str) -> Result<bool> {
        self.require(name)?;
        let mut removed = false;
        for file in [FileKind::Config, FileKind::Credentials] {
            if let Some(header) = self.section(file, name) {
                removed |= self
                    .doc_mut(file)
                    .remove(&header, key)
                    .map_err(edit(file))?;
            }
        }
        Ok(removed)
    }

    /// Creates an empty profile (a config-file section).
    pub fn create(&mut self, name: &str) -> Result<()> {
        names::check_profile_name(name)?;
        if self.exists(name) {
            return Err(Error::ProfileExists { name: name.into() });
        }
        self.ensure_section(FileKind::Config, name).map(|_| ())
    }

    /// Renames a profile in both files and points every `source_profile` that named it at the new
    /// name. Returns how many `source_profile` references changed.
    /// Refused while the profile has [shadowed](SharedFiles::shadowed) config headers: which
    /// one should carry the new name is the user's call (merge or remove them first).
    pub fn rename(&mut self, old: &str, new: &str) -> Result<usize> {
        self.require(old)?;
        self.refuse_shadowed(old)?;
        names::check_profile_name(new)?;
        if old != new && self.exists(new) {
            return Err(Error::ProfileExists { name: new.into() });
        }
        if let Some(header) = self.config_header(old) {
            let new_header = names::config_header(new);
            self.config
                .rename_section(&header, &new_header)
                .map_err(edit(FileKind::Config))?;
        }
        if self.credentials.has_section(old) {
            self.credentials
                .rename_section(old, new)
                .map_err(edit(FileKind::Credentials))?;
        }
        self.repoint_source_profiles(old, Some(new))
    }

    /// Copies a profile, with all its keys in both files, to a new name.
    pub fn duplicate(&mut self, source: &str, new: &str) -> Result<()> {
        self.require(source)?;
        names::check_profile_name(new)?;
        if self.exists(new) {
            return Err(Error::ProfileExists { name: new.into() });
        }
        if let Some(header) = self.config_header(source) {
            let new_header = names::config_header(new);
            self.config
                .copy_section(&header, &new_header)
                .map_err(edit(FileKind::Config))?;
        }
        if self.credentials.has_section(source) {
            self.credentials
                .copy_section(source, new)
                .map_err(edit(FileKind::Credentials))?;
        }
        Ok(())
    }

    /// Deletes a profile from both files. Returns the profiles whose `source_profile` still
    /// names it, so the caller can warn.
    pub fn delete(&mut self, name: &str) -> Result<Vec<String>> {
        self.require(name)?;
        while let Some(header) = self.config_header(name) {
            self.config
                .remove_section(&header)
                .map_err(edit(FileKind::Config))?;
        }
        self.credentials
            .remove_section(name)
            .map_err(edit(FileKind::Credentials))?;
        Ok(self.referrers(name))
    }

    /// Profiles whose `source_profile` is `name`.
    pub fn referrers(&self, name: &str) -> Vec<String> {
        self.profiles()
            .into_iter()
            .filter(|p| p.plain("source_profile") == Some(name))
            .map(|p| p.name)
            .collect()
    }

    fn repoint_source_profiles(&mut self, old: &str, new: Option<&str>) -> Result<usize> {
        let mut changed = 0;
        for referrer in self.referrers(old) {
            for file in [FileKind::Config, FileKind::Credentials] {
                let Some(header) = self.section(file, &referrer) else {
                    continue;
                };
                let points_here = self
                    .doc(file)
                    .get(&header, "source_profile")
                    .and_then(|v| v.as_plain().map(str::to_owned));
                if points_here.as_deref() == Some(old)
                    && let Some(new) = new
                {
                    self.doc_mut(file)
                        .set(&header, "source_profile", new)
                        .map_err(edit(file))?;
                    changed += 1;
                }
            }
        }
        Ok(changed)
    }

    fn require(&self, name: &str) -> Result<()> {
        if self.exists(name) {
            Ok(())
        } else {
            Err(Error::ProfileNotFound { name: name.into() })
        }
    }

    /// The profile's section in `file`, created (at the end of the file) when missing.
    fn ensure_section(&mut self, file: FileKind, name: &str) -> Result<String> {
        if let Some(header) = self.section(file, name) {
            return Ok(header);
        }
        names::check_profile_name(name)?;
        let header = match file {
            FileKind::Config => names::config_header(name),
            FileKind::Credentials => name.to_owned(),
        };
        self.doc_mut(file)
            .add_section(&header)
            .map_err(edit(file))?;
        Ok(header)
    }
}
