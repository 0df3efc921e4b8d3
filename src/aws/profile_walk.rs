//! Building [`Profile`]s from the two documents: the walk over every section that makes up a
//! profile, as botocore merges them, and the builder that merges their entries. Apart from
//! `shared_files.rs` because it is the read path run on every change over large files, while
//! the rest of [`SharedFiles`] is lookups and edits.

use std::borrow::Cow;

use super::SharedFiles;
use super::error::FileKind;
use super::names;
use super::profile::{self, Profile, Setting, is_secret_key};
use crate::ini::{Document, Entry};

impl SharedFiles {
    /// All profiles, merged, in [`SharedFiles::profile_names`] order. One pass over each file.
    pub fn profiles(&self) -> Vec<Profile> {
        // Entries are moved in, never copied (this runs on every change, over files of 10,000
        // profiles).
        let mut builders: Vec<Builder> = Vec::new();
        let defaults = self.defaults();
        let names = self.walk_profiles(|slot, file, line, doc, s| {
            if slot == builders.len() {
                builders.push(Builder::default());
            }
            let entries = with_defaults(doc.entries_of(s), defaults.of(file));
            builders[slot].add(file, Some(line), entries);
        });
        names
            .into_iter()
            .zip(builders)
            .map(|(name, builder)| builder.build(name.into_owned()))
            .collect()
    }

    /// Walks every section that makes up a profile, as botocore merges them: the config file's
    /// (the last header naming a profile wins), then the credentials file's (`[DEFAULT]` left
    /// out). `visit(slot, file, header line, document, section)` gets each with its profile's
    /// slot, numbered in order of first appearance; returns the profiles' names by slot.
    pub(crate) fn walk_profiles<'a>(
        &'a self,
        mut visit: impl FnMut(usize, FileKind, usize, &'a Document, usize),
    ) -> Vec<Cow<'a, str>> {
        // The documents' own indexes answer "which section is the last naming this profile"
        // and "which came first": a map of names of its own would cost this walk a hash
        // insert and the memory of a copy of every name (see `benches/report.sh`).
        debug_assert!(self.config.has_alias(), "SharedFiles::new sets the alias");
        const NO_SLOT: usize = usize::MAX;
        let config_count = self.config.section_names().len();
        let credentials_count = self.credentials.section_names().len();
        let mut names: Vec<Cow<'_, str>> = Vec::with_capacity(config_count + credentials_count);
        let distinct = self.config.aliases_distinct();
        let mut config_slot = vec![NO_SLOT; config_count];
        for (i, (header, line)) in self.config.headers().enumerate() {
            let Some(name) = names::profile_of_config_header(header) else {
                continue;
            };
            // botocore keeps the last config section naming a profile.
            if !distinct && self.config.last_position_by_alias(&name, Some(i)) != Some(i) {
                continue;
            }
            config_slot[i] = names.len();
            names.push(name);
            visit(config_slot[i], FileKind::Config, line, &self.config, i);
        }
        let mut credentials_slot = vec![NO_SLOT; credentials_count];
        let credentials_distinct = self.credentials.names_distinct();
        // The config section after the one the last credentials header matched. Files written
        // by `aws configure` (and by keyshelf) list profiles in the same order in both, so the
        // next header usually names that section: a comparison then answers what would
        // otherwise be a lookup at a random place in the index, a cache miss per profile.
        let mut next_in_config = 0;
        for (i, (header, line)) in self.credentials.headers().enumerate() {
            if header == names::CONFIGPARSER_DEFAULTS {
                continue;
            }
            let next_is_it = distinct
                && config_slot
                    .get(next_in_config)
                    .is_some_and(|&slot| slot != NO_SLOT && names[slot] == header);
            let in_config = if next_is_it {
                Some(next_in_config)
            } else {
                self.config.last_position_by_alias(header, None)
            };
            if let Some(s) = in_config {
                next_in_config = s + 1;
            }
            // A repeated credentials section joins the first one's profile; with no two
            // names alike there is none to look for.
            let earlier = || {
                let first = self.credentials.find_section(header)?;
                (first < i).then(|| credentials_slot[first])
            };
            let slot = match in_config {
                Some(s) => config_slot[s],
                None => match (!credentials_distinct).then(earlier).flatten() {
                    Some(slot) => slot,
                    None => {
                        names.push(Cow::Borrowed(header));
                        names.len() - 1
                    }
                },
            };
            credentials_slot[i] = slot;
            visit(slot, FileKind::Credentials, line, &self.credentials, i);
        }
        names
    }

    pub fn profile(&self, name: &str) -> Option<Profile> {
        if !self.exists(name) {
            return None;
        }
        let mut builder = Builder::default();
        let defaults = self.defaults();
        for file in [FileKind::Config, FileKind::Credentials] {
            if let Some(header) = self.section(file, name) {
                let doc = self.doc(file);
                let entries = with_defaults(doc.entries(&header), defaults.of(file));
                builder.add(file, doc.section_line(&header), entries);
            }
        }
        Some(builder.build(name.to_owned()))
    }

    /// Where the value botocore gives profile `name` for `key` comes from, when it is not the
    /// profile's own: the `[DEFAULT]` section of that file (and the 1-based line of the key
    /// there), which every profile of the file inherits. `None` for the profile's own values
    /// and for keys it does not have. Unsetting such a key in the profile changes nothing.
    pub fn default_source(&self, name: &str, key: &str) -> Option<(FileKind, usize)> {
        let (_, file) = self.get(name, key)?;
        let header = self.section(file, name)?;
        let doc = self.doc(file);
        if doc
            .entries(&header)
            .iter()
            .any(|e| crate::ini::same_key(&e.key, key))
        {
            return None;
        }
        doc.default_entries()
            .into_iter()
            .find(|e| crate::ini::same_key(&e.key, key))
            .map(|e| (file, e.line))
    }

    /// What each file's `[DEFAULT]` gives its profiles.
    fn defaults(&self) -> Defaults {
        Defaults {
            config: self.config.default_entries(),
            credentials: self.credentials.default_entries(),
        }
    }
}

/// The entries of each file's `[DEFAULT]`: configparser gives them to every other section of
/// that file that lacks the key (`RawConfigParser.items`), so botocore's profiles have them,
/// the credentials file's over the config file's as for any key. Empty for a file without
/// one, which is nearly every file.
struct Defaults {
    config: Vec<Entry>,
    credentials: Vec<Entry>,
}

impl Defaults {
    fn of(&self, file: FileKind) -> &[Entry] {
        match file {
            FileKind::Config => &self.config,
            FileKind::Credentials => &self.credentials,
        }
    }
}

/// A section's entries as configparser gives them: its own, then `defaults` it lacks.
fn with_defaults(mut entries: Vec<Entry>, defaults: &[Entry]) -> Vec<Entry> {
    let own = entries.len();
    for default in defaults {
        if !entries[..own]
            .iter()
            .any(|e| crate::ini::same_key(&e.key, &default.key))
        {
            entries.push(default.clone());
        }
    }
    entries
}

/// The builder of profile `name`, made on first sight so profiles keep file order.
/// Collects a profile's entries from both files; later files win per key.
#[derive(Default)]
struct Builder {
    settings: Vec<Setting>,
    secret_keys: Vec<(String, FileKind)>,
    config_line: Option<usize>,
    credentials_line: Option<usize>,
}

impl Builder {
    fn add(&mut self, file: FileKind, line: Option<usize>, entries: Vec<Entry>) {
        match file {
            FileKind::Config => self.config_line = self.config_line.or(line),
            FileKind::Credentials => self.credentials_line = self.credentials_line.or(line),
        }
        for entry in entries {
            if is_secret_key(&entry.key) {
                self.secret_keys.push((entry.key, file));
                continue;
            }
            let setting = Setting {
                key: entry.key,
                value: entry.value,
                file,
                line: entry.line,
            };
            match self
                .settings
                .iter_mut()
                .find(|s| crate::ini::same_key(&s.key, &setting.key))
            {
                Some(existing) => *existing = setting,
                None => self.settings.push(setting),
            }
        }
    }

    fn build(self, name: String) -> Profile {
        let (kind, secret) = profile::classify(&self.settings, &self.secret_keys);
        let plain = |key: &str| {
            self.settings
                .iter()
                .find(|s| crate::ini::same_key(&s.key, key))
                .and_then(|s| s.value.as_plain().map(str::to_owned))
        };
        Profile {
            kind,
            secret,
            region: plain("region"),
            output: plain("output"),
            secret_keys: self.secret_keys,
            settings: self.settings,
            config_line: self.config_line,
            credentials_line: self.credentials_line,
            name,
        }
    }
}
