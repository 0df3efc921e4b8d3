//! What `keyshelf list` shows of every profile (its name, kind, region, output and where its
//! secret is), read in place: the same answers as [`SharedFiles::profiles`], without copying
//! a key or a value. Building every [`Profile`](super::Profile) copies each setting into its
//! own strings, about ten times the files' size in memory; this keeps a few references per
//! profile (`benches/report.sh` measures both on 10,000 profiles and on a 50 MB file).

use std::borrow::Cow;

use super::error::FileKind;
use super::profile::{Kind, SECRET_KEYS, SecretLocation, classify_by};
use super::shared_files::SharedFiles;
use crate::ini::{EntryPlace, EntryRef, same_key};

/// One profile, as `keyshelf list` shows it.
pub struct Summary<'a> {
    pub name: Cow<'a, str>,
    pub kind: Kind,
    pub region: Option<Cow<'a, str>>,
    pub output: Option<Cow<'a, str>>,
    pub secret: SecretLocation,
}

/// The keys [`classify_by`] asks about, as bits.
const LOOKED_AT: [&str; 5] = [
    "role_arn",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
    "login_session",
];

/// What one profile's entries say, merged as botocore merges them (a later entry wins). The
/// entries are kept by place, not by reference: one of these is kept for each profile until
/// the rows are written, 400,000 of them for a 50 MB file.
#[derive(Default)]
struct Facts {
    keys: u8,
    region: Option<Found>,
    output: Option<Found>,
    process: Option<Found>,
    key_in_config: bool,
    key_in_credentials: bool,
    any_secret: bool,
}

/// An entry of one of the two files.
#[derive(Clone, Copy)]
struct Found {
    file: FileKind,
    place: EntryPlace,
}

impl Facts {
    fn add(&mut self, file: FileKind, entry: EntryRef<'_>) {
        let found = Some(Found {
            file,
            place: entry.place(),
        });
        let key = entry.key();
        // Every name compared with is ASCII: an ASCII key needs only ASCII case folding, which
        // checks the lengths first (most comparisons end there). Others take Python's rules.
        let ascii = key.is_ascii();
        let is = |name: &str| {
            if ascii {
                key.eq_ignore_ascii_case(name)
            } else {
                same_key(key, name)
            }
        };
        if SECRET_KEYS.iter().any(|name| is(name)) {
            self.any_secret = true;
            if is("aws_access_key_id") {
                match file {
                    FileKind::Config => self.key_in_config = true,
                    FileKind::Credentials => self.key_in_credentials = true,
                }
            }
        } else if is("region") {
            self.region = found;
        } else if is("output") {
            self.output = found;
        } else if is("credential_process") {
            self.process = found;
        } else if let Some(bit) = LOOKED_AT.iter().position(|k| is(k)) {
            self.keys |= 1 << bit;
        }
    }

    fn summary<'a>(self, files: &'a SharedFiles, name: Cow<'a, str>) -> Summary<'a> {
        let plain =
            |found: Option<Found>| found.and_then(|f| files.doc(f.file).entry_at(f.place).plain());
        let process = plain(self.process);
        let has = |key: &str| match key {
            "region" => self.region.is_some(),
            "output" => self.output.is_some(),
            "credential_process" => self.process.is_some(),
            _ => LOOKED_AT
                .iter()
                .position(|k| *k == key)
                .is_some_and(|bit| self.keys & (1 << bit) != 0),
        };
        let key_in = |file| match file {
            FileKind::Config => self.key_in_config,
            FileKind::Credentials => self.key_in_credentials,
        };
        let (kind, secret) = classify_by(has, process.as_deref(), key_in, self.any_secret);
        Summary {
            name,
            kind,
            region: plain(self.region),
            output: plain(self.output),
            secret,
        }
    }
}

/// Every profile's summary, made one at a time as it is taken: a 400,000-profile file never
/// holds them all at once.
pub struct Summaries<'a> {
    files: &'a SharedFiles,
    names: Vec<Cow<'a, str>>,
    facts: Vec<Facts>,
}

impl<'a> Summaries<'a> {
    /// The profiles' names, in order.
    pub fn names(&self) -> &[Cow<'a, str>] {
        &self.names
    }
}

impl<'a> IntoIterator for Summaries<'a> {
    type Item = Summary<'a>;
    type IntoIter = SummaryIter<'a>;

    fn into_iter(self) -> SummaryIter<'a> {
        SummaryIter {
            files: self.files,
            rows: self.names.into_iter().zip(self.facts),
        }
    }
}

/// The iterator of [`Summaries`].
pub struct SummaryIter<'a> {
    files: &'a SharedFiles,
    rows: std::iter::Zip<std::vec::IntoIter<Cow<'a, str>>, std::vec::IntoIter<Facts>>,
}

impl<'a> Iterator for SummaryIter<'a> {
    type Item = Summary<'a>;

    fn next(&mut self) -> Option<Summary<'a>> {
        let (name, facts) = self.rows.next()?;
        Some(facts.summary(self.files, name))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.rows.size_hint()
    }
}

impl SharedFiles {
    /// Every profile as `keyshelf list` shows it, in [`SharedFiles::profiles`] order.
    pub fn summaries(&self) -> Summaries<'_> {
        // At most one profile per section: sized once, never copied while it grows.
        let sections = self.config.section_names().len() + self.credentials.section_names().len();
        let mut facts: Vec<Facts> = Vec::with_capacity(sections);
        let config_defaults = default_refs(&self.config);
        let credentials_defaults = default_refs(&self.credentials);
        let names = self.walk_profiles(|slot, file, _, doc, s| {
            if slot == facts.len() {
                facts.push(Facts::default());
            }
            let defaults = match file {
                FileKind::Config => &config_defaults,
                FileKind::Credentials => &credentials_defaults,
            };
            if defaults.is_empty() {
                for entry in doc.entry_refs_of(s) {
                    facts[slot].add(file, entry);
                }
                return;
            }
            // What the file's `[DEFAULT]` gives a section that lacks the key, as configparser's
            // `items` does (see `profile_walk.rs`).
            let own: Vec<EntryRef<'_>> = doc.entry_refs_of(s).collect();
            for default in defaults {
                if !own.iter().any(|e| same_key(e.key(), default.key())) {
                    facts[slot].add(file, *default);
                }
            }
            for entry in own {
                facts[slot].add(file, entry);
            }
        });
        Summaries {
            files: self,
            names,
            facts,
        }
    }
}

/// The entries of a document's `[DEFAULT]` sections, in file order.
fn default_refs(doc: &crate::ini::Document) -> Vec<EntryRef<'_>> {
    doc.sections_named(crate::ini::DEFAULT_SECTION)
        .flat_map(|s| doc.entry_refs_of(s))
        .collect()
}
