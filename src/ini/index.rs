//! Sections by name, so that finding one costs the same in a file of ten sections or of a
//! hundred thousand (an import of 4,000 rows spent most of its time scanning every
//! header for every row).
//!
//! The index keeps 64-bit hashes, not copies of the names (a file of 400,000 sections would
//! otherwise hold every name twice); each hit is confirmed against the name itself, so two
//! names that share a hash are still told apart. Each section's span keeps its hashes, so a
//! section can leave the index after its header line is gone.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::ops::Range;

use rustc_hash::{FxBuildHasher, FxHashMap};

/// A second name a reader gives a section, derived from its header: the AWS layer reads
/// `[profile dev]` as profile `dev`. `None` for sections the reader does not name.
pub type Alias = fn(&str) -> Option<Cow<'_, str>>;

/// A section's hashes: of its name, and of its alias ([`NO_ALIAS`] when it has none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hashes {
    pub name: u64,
    pub alias: u64,
}

/// No hash is 0 (see [`hash`]), so 0 can stand for "no alias".
const NO_ALIAS: u64 = 0;

/// A hash of a name that is never 0.
fn hash(name: &str) -> u64 {
    FxBuildHasher.hash_one(name) | 1
}

/// Sections by the hash of their name (or alias): 16 bytes per section. A hash shared by more
/// than one section (the same name twice, or two names that collide) points into `shared`,
/// which lists them all in file order.
#[derive(Clone, Debug, Default)]
struct Table {
    /// Hash → position of the one section with that hash, or `SHARED | i` for `shared[i]`.
    slots: FxHashMap<u64, u32>,
    shared: Vec<Vec<u32>>,
}

const SHARED: u32 = 1 << 31;

impl Table {
    fn clear(&mut self) {
        self.slots.clear();
        self.shared.clear();
    }

    /// Adds the section at `ordinal`, keeping each list in file order.
    fn add(&mut self, key: u64, ordinal: u32) {
        match self.slots.get_mut(&key) {
            None => {
                self.slots.insert(key, ordinal);
            }
            Some(slot) if *slot & SHARED != 0 => {
                let list = &mut self.shared[(*slot & !SHARED) as usize];
                let at = list.partition_point(|&o| o < ordinal);
                list.insert(at, ordinal);
            }
            Some(slot) => {
                let pair = if *slot < ordinal {
                    vec![*slot, ordinal]
                } else {
                    vec![ordinal, *slot]
                };
                self.shared.push(pair);
                *slot = SHARED | (self.shared.len() - 1) as u32;
            }
        }
    }

    fn remove(&mut self, key: u64, ordinal: u32) {
        match self.slots.get(&key).copied() {
            Some(slot) if slot & SHARED != 0 => {
                let list = &mut self.shared[(slot & !SHARED) as usize];
                list.retain(|&o| o != ordinal);
                if list.is_empty() {
                    self.slots.remove(&key);
                }
            }
            Some(slot) if slot == ordinal => {
                self.slots.remove(&key);
            }
            _ => {}
        }
    }

    /// Moves every position at or after `from` by `by`.
    fn shift(&mut self, from: u32, by: isize) {
        #[cfg(test)]
        super::splice::count_work(0, self.slots.len());
        let moved = |o: &mut u32| {
            if *o >= from {
                *o = (*o as isize + by) as u32;
            }
        };
        for slot in self.slots.values_mut().filter(|slot| **slot & SHARED == 0) {
            moved(slot);
        }
        for list in &mut self.shared {
            list.iter_mut().for_each(moved);
        }
    }

    /// The positions with this hash, in file order.
    fn get(&self, key: u64) -> &[u32] {
        match self.slots.get(&key) {
            None => &[],
            Some(slot) if *slot & SHARED != 0 => &self.shared[(*slot & !SHARED) as usize],
            Some(slot) => std::slice::from_ref(slot),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct SectionIndex {
    by_name: Table,
    alias: Option<Alias>,
    by_alias: Table,
}

impl SectionIndex {
    /// The hashes a section named `name` is indexed under.
    pub fn hashes(&self, name: &str) -> Hashes {
        Hashes {
            name: hash(name),
            alias: self
                .alias
                .and_then(|alias| alias(name))
                .map_or(NO_ALIAS, |alias| hash(&alias)),
        }
    }

    /// Indexes every section again, given their hashes in file order.
    pub fn rebuild(&mut self, sections: impl ExactSizeIterator<Item = Hashes>) {
        self.by_name.clear();
        self.by_alias.clear();
        self.by_name.slots.reserve(sections.len());
        if self.alias.is_some() {
            self.by_alias.slots.reserve(sections.len());
        }
        for (ordinal, hashes) in sections.enumerate() {
            self.add(ordinal, hashes);
        }
    }

    /// Adds the section at position `ordinal`. Sections at or after it must already have been
    /// moved out of the way ([`SectionIndex::replace`] does both).
    pub fn add(&mut self, ordinal: usize, hashes: Hashes) {
        // Positions fit in 31 bits: a document is at most MAX_DOCUMENT_BYTES long.
        let ordinal = ordinal as u32;
        self.by_name.add(hashes.name, ordinal);
        if hashes.alias != NO_ALIAS {
            self.by_alias.add(hashes.alias, ordinal);
        }
    }

    /// The sections at positions `old` (with these hashes) give way to `new` sections (hashes in
    /// order) at the same place; those after them, up to `count` sections in all before the
    /// change, move up or down. Costs the changed sections, plus one pass over the positions when
    /// there are sections after them (never for sections added at the end of the file).
    pub fn replace(
        &mut self,
        old: Range<usize>,
        old_hashes: &[Hashes],
        new: &[Hashes],
        count: usize,
    ) {
        for (ordinal, hashes) in old.clone().zip(old_hashes) {
            self.by_name.remove(hashes.name, ordinal as u32);
            if hashes.alias != NO_ALIAS {
                self.by_alias.remove(hashes.alias, ordinal as u32);
            }
        }
        let by = new.len() as isize - old.len() as isize;
        if by != 0 && old.end < count {
            self.by_name.shift(old.end as u32, by);
            self.by_alias.shift(old.end as u32, by);
        }
        for (i, hashes) in new.iter().enumerate() {
            self.add(old.start + i, *hashes);
        }
    }

    /// Positions of the sections whose name may be `name`, in file order. The caller confirms
    /// each against the name itself.
    pub fn candidates(&self, name: &str) -> impl DoubleEndedIterator<Item = usize> + '_ {
        lookup(&self.by_name, name)
    }

    /// Whether no two sections share a name's hash, so none can share a name: a check for
    /// repeated sections can then skip every lookup. (After edits a list of shared positions
    /// may linger; the answer is then `false`, which only costs the lookups.)
    pub fn names_distinct(&self) -> bool {
        self.by_name.shared.is_empty()
    }

    /// As [`SectionIndex::names_distinct`], for the aliases: no two sections can share one.
    pub fn aliases_distinct(&self) -> bool {
        self.by_alias.shared.is_empty()
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

fn lookup<'a>(table: &'a Table, name: &str) -> impl DoubleEndedIterator<Item = usize> + 'a {
    table
        .get(hash(name))
        .iter()
        .map(|&ordinal| ordinal as usize)
}
