//! What `keyshelf list` shows of every profile (its name, kind, region, output and where its
//! secret is), read in place: the same answers as [`SharedFiles::profiles`], without copying
//! a key or a value. Building every [`Profile`](super::Profile) copies each setting into its
//! own strings, about ten times the files' size in memory; this keeps a few references per
//! profile (`benches/report.sh` measures both on 10,000 profiles and on a 50 MB file).

use std::borrow::Cow;

use super::error::FileKind;
use super::profile::{Kind, SecretLocation, classify_by, is_secret_key};
use super::shared_files::SharedFiles;
use crate::ini::{EntryRef, same_key};

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

/// What one profile's entries say, merged as botocore merges them (a later entry wins).
/// Public only as part of [`Summaries`]' iterator type.
#[derive(Default)]
pub struct Facts<'a> {
    keys: u8,
    region: Option<EntryRef<'a>>,
    output: Option<EntryRef<'a>>,
    process: Option<EntryRef<'a>>,
    key_in_config: bool,
    key_in_credentials: bool,
    any_secret: bool,
}

impl<'a> Facts<'a> {
    fn add(&mut self, file: FileKind, entry: EntryRef<'a>) {
        let key = entry.key();
        if is_secret_key(key) {
            self.any_secret = true;
            if same_key(key, "aws_access_key_id") {
                match file {
                    FileKind::Config => self.key_in_config = true,
                    FileKind::Credentials => self.key_in_credentials = true,
                }
            }
        } else if same_key(key, "region") {
            self.region = Some(entry);
        } else if same_key(key, "output") {
            self.output = Some(entry);
        } else if same_key(key, "credential_process") {
            self.process = Some(entry);
        } else if let Some(bit) = LOOKED_AT.iter().position(|k| same_key(key, k)) {
            self.keys |= 1 << bit;
        }
    }

    fn summary(self, name: Cow<'a, str>) -> Summary<'a> {
        let process = self.process.and_then(|e| e.plain());
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
            region: self.region.and_then(|e| e.plain()),
            output: self.output.and_then(|e| e.plain()),
            secret,
        }
    }
}

/// Every profile's summary, made one at a time as it is taken: a 400,000-profile file never
/// holds them all at once.
pub struct Summaries<'a> {
    names: Vec<Cow<'a, str>>,
    facts: Vec<Facts<'a>>,
}

impl<'a> Summaries<'a> {
    /// The profiles' names, in order.
    pub fn names(&self) -> &[Cow<'a, str>] {
        &self.names
    }
}

impl<'a> IntoIterator for Summaries<'a> {
    type Item = Summary<'a>;
    type IntoIter = std::iter::Map<
        std::iter::Zip<std::vec::IntoIter<Cow<'a, str>>, std::vec::IntoIter<Facts<'a>>>,
        fn((Cow<'a, str>, Facts<'a>)) -> Summary<'a>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.names
            .into_iter()
            .zip(self.facts)
            .map(|(name, facts)| facts.summary(name))
    }
}

impl SharedFiles {
    /// Every profile as `keyshelf list` shows it, in [`SharedFiles::profiles`] order.
    pub fn summaries(&self) -> Summaries<'_> {
        let mut facts: Vec<Facts<'_>> = Vec::new();
        let names = self.walk_profiles(|slot, file, _, doc, s| {
            if slot == facts.len() {
                facts.push(Facts::default());
            }
            for entry in doc.entry_refs_of(s) {
                facts[slot].add(file, entry);
            }
        });
        Summaries { names, facts }
    }
}
