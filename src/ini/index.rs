//! Sections by name, so that finding one costs the same in a file of ten sections or of a
//! hundred thousand (issue 10: an import of 4,000 rows spent most of its time scanning every
//! header for every row).
//!
//! The index keeps 64-bit hashes, not copies of the names (a file of 400,000 sections would
//! otherwise hold every name twice); each hit is confirmed against the name itself, so two
//! names that share a hash are still told apart.

use std::borrow::Cow;
use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

/// A second name a reader gives a section, derived from its header: the AWS layer reads
/// `[profile dev]` as profile `dev`. `None` for sections the reader does not name.
pub type Alias = fn(&str) -> Option<Cow<'_, str>>;

/// The sections (by their position in file order) whose name, or alias, has one hash.
#[derive(Clone, Debug)]
enum Slot {
    One(u32),
    Many(Vec<u32>),
}

impl Slot {
    fn push(&mut self, ordinal: u32) {
        match self {
            Slot::One(first) => *self = Slot::Many(vec![*first, ordinal]),
            Slot::Many(all) => all.push(ordinal),
        }
    }

    fn as_slice(&self) -> &[u32] {
        match self {
            Slot::One(one) => std::slice::from_ref(one),
            Slot::Many(all) => all,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct SectionIndex {
    by_name: FxHashMap<u64, Slot>,
    alias: Option<Alias>,
    by_alias: FxHashMap<u64, Slot>,
}

fn hash(name: &str) -> u64 {
    FxBuildHasher.hash_one(name)
}

impl SectionIndex {
    /// Indexes every section again, given their names in file order.
    pub fn rebuild<'a>(&mut self, names: impl ExactSizeIterator<Item = &'a str>) {
        self.by_name.clear();
        self.by_alias.clear();
        self.by_name.reserve(names.len());
        for (ordinal, name) in names.enumerate() {
            self.push(ordinal, name);
        }
    }

    /// Adds the section at position `ordinal`, which must come after every indexed one.
    pub fn push(&mut self, ordinal: usize, name: &str) {
        // Positions fit in u32: a document is at most MAX_DOCUMENT_BYTES long.
        let ordinal = ordinal as u32;
        add(&mut self.by_name, hash(name), ordinal);
        if let Some(alias) = self.alias.and_then(|alias| alias(name)) {
            add(&mut self.by_alias, hash(&alias), ordinal);
        }
    }

    /// Positions of the sections whose name may be `name`, in file order. The caller confirms
    /// each against the name itself.
    pub fn candidates(&self, name: &str) -> impl DoubleEndedIterator<Item = usize> + '_ {
        lookup(&self.by_name, name)
    }

    pub fn alias(&self) -> Option<Alias> {
        self.alias
    }

    /// Sets the alias; the caller then rebuilds the index.
    pub fn set_alias(&mut self, alias: Alias) {
        self.alias = Some(alias);
    }

    /// Positions of the sections whose alias may be `alias`, in file order.
    pub fn alias_candidates(&self, alias: &str) -> impl DoubleEndedIterator<Item = usize> + '_ {
        lookup(&self.by_alias, alias)
    }
}

fn add(map: &mut FxHashMap<u64, Slot>, key: u64, ordinal: u32) {
    map.entry(key)
        .and_modify(|slot| slot.push(ordinal))
        .or_insert(Slot::One(ordinal));
}

fn lookup<'a>(
    map: &'a FxHashMap<u64, Slot>,
    name: &str,
) -> impl DoubleEndedIterator<Item = usize> + 'a {
    map.get(&hash(name))
        .map(Slot::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|&ordinal| ordinal as usize)
}
