//! Tests of [`super::SplitStore`] over the in-memory store with a 64-byte limit: whole and split
//! values, replacing and deleting, damaged items, writes stopped half-way, and a property test.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use proptest::prelude::*;

use super::*;
use crate::keychain::items::{CachedSession, SessionKeys};
use crate::keychain::{ItemKey, MemoryStore, get_item, put_item};
use crate::secret::Secret;

const LIMIT: usize = 64;
const ACCOUNT: &str = "sso-session corp @ C:\\Users\\a\\.aws\\credentials #sso";

fn split() -> SplitStore<MemoryStore> {
    SplitStore::new(MemoryStore::new(), LIMIT)
}

/// A value of `len` bytes that differs with `seed`, so parts of two writes differ.
fn value(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| b'!' + (i as u8).wrapping_add(seed) % 90)
        .collect()
}

/// How many items a value takes in the store underneath: itself, or a head and its parts.
fn items(value: &[u8]) -> usize {
    match value.len() <= LIMIT && !value.starts_with(MAGIC.as_bytes()) {
        true => 1,
        false => 1 + value.len().div_ceil(LIMIT),
    }
}

fn layout(store: &SplitStore<MemoryStore>) -> Layout {
    let head = store.inner.get_bytes(ACCOUNT).unwrap();
    Layout::parse(&head).unwrap().unwrap()
}

fn round_trip(store: &SplitStore<MemoryStore>, value: &[u8]) {
    store.put_bytes(ACCOUNT, "label", value).unwrap();
    assert_eq!(*store.get_bytes(ACCOUNT).unwrap(), value);
    assert_eq!(store.inner.len(), items(value), "no stale parts");
}

#[test]
fn a_value_that_fits_is_one_item_byte_for_byte() {
    let store = split();
    for len in [0, 1, 30, LIMIT] {
        let small = value(len, 1);
        round_trip(&store, &small);
        assert_eq!(*store.inner.get_bytes(ACCOUNT).unwrap(), small);
    }
}

#[test]
fn one_byte_over_the_limit_is_two_parts_and_a_head() {
    let store = split();
    let large = value(LIMIT + 1, 2);
    round_trip(&store, &large);
    let layout = layout(&store);
    assert_eq!((layout.parts, layout.len), (2, LIMIT + 1));
    let first = store
        .inner
        .get_bytes(&layout.part_account(ACCOUNT, 1))
        .unwrap();
    let second = store
        .inner
        .get_bytes(&layout.part_account(ACCOUNT, 2))
        .unwrap();
    assert_eq!((first.len(), second.len()), (LIMIT, 1));
    assert!(
        layout
            .part_account(ACCOUNT, 2)
            .ends_with("#sso |part 2/2 a")
    );
}

#[test]
fn replacing_a_value_leaves_no_stale_parts() {
    let store = split();
    // Small to large, larger, smaller, the same size again, and back to small.
    for (len, seed) in [(10, 1), (300, 2), (500, 3), (130, 4), (130, 5), (20, 6)] {
        round_trip(&store, &value(len, seed));
    }
    assert_eq!(store.inner.len(), 1);
}

#[test]
fn delete_removes_every_part() {
    let store = split();
    round_trip(&store, &value(300, 1));
    store.delete_bytes(ACCOUNT).unwrap();
    assert!(store.inner.is_empty());
    assert_eq!(
        store.get_bytes(ACCOUNT).err(),
        Some(KeychainError::NotFound)
    );
    // As before the wrapper: deleting what is not there is no error.
    store.delete_bytes(ACCOUNT).unwrap();
}

#[test]
fn a_missing_part_is_an_error_not_a_short_value() {
    let store = split();
    let secret = value(300, 1);
    round_trip(&store, &secret);
    let layout = layout(&store);
    store
        .inner
        .delete_bytes(&layout.part_account(ACCOUNT, layout.parts))
        .unwrap();
    let err = store.get_bytes(ACCOUNT).err().unwrap();
    assert_eq!(err, incomplete());
    assert!(err.to_string().contains("incomplete"));
    assert!(
        !err.to_string()
            .contains(std::str::from_utf8(&secret[..20]).unwrap())
    );
    // The head still names its parts, so the item can be replaced and deleted.
    round_trip(&store, &value(300, 2));
    store.delete_bytes(ACCOUNT).unwrap();
    assert!(store.inner.is_empty());
}

#[test]
fn a_part_from_another_write_is_an_error() {
    let store = split();
    round_trip(&store, &value(300, 1));
    let first = layout(&store).part_account(ACCOUNT, 1);
    let old_part = store.inner.get_bytes(&first).unwrap();
    round_trip(&store, &value(300, 2));
    let layout = layout(&store);
    let current = layout.part_account(ACCOUNT, 1);
    store.inner.put_bytes(&current, "label", &old_part).unwrap();
    assert_eq!(store.get_bytes(ACCOUNT).err(), Some(incomplete()));
}

#[test]
fn a_value_that_starts_like_a_head_is_kept_in_parts() {
    let store = split();
    let lookalike = format!("{MAGIC}a 1 3 {}", "0".repeat(32));
    round_trip(&store, lookalike.as_bytes());
    assert_ne!(
        *store.inner.get_bytes(ACCOUNT).unwrap(),
        lookalike.as_bytes()
    );
}

#[test]
fn a_value_too_large_for_every_part_is_refused_before_anything_is_written() {
    let store = split();
    round_trip(&store, &value(100, 1));
    let huge = value(LIMIT * MAX_PARTS + 1, 2);
    let err = store.put_bytes(ACCOUNT, "label", &huge).err().unwrap();
    assert!(matches!(err, KeychainError::Refused { .. }));
    assert_eq!(*store.get_bytes(ACCOUNT).unwrap(), value(100, 1));
    assert_eq!(store.inner.len(), 3);
}

/// A store whose writes (puts and deletes) fail once `budget` of them have been made: a
/// keyshelf stopped between two keychain calls.
struct Stopping {
    items: MemoryStore,
    budget: AtomicUsize,
}

impl Stopping {
    fn spend(&self) -> Result<(), KeychainError> {
        self.budget
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .map(|_| ())
            .map_err(|_| KeychainError::TimedOut { seconds: 0 })
    }
}

impl SecretStore for Stopping {
    fn put_bytes(&self, account: &str, label: &str, secret: &[u8]) -> Result<(), KeychainError> {
        self.spend()?;
        self.items.put_bytes(account, label, secret)
    }
    fn get_bytes(&self, account: &str) -> Result<Zeroizing<Vec<u8>>, KeychainError> {
        self.items.get_bytes(account)
    }
    fn delete_bytes(&self, account: &str) -> Result<(), KeychainError> {
        self.spend()?;
        self.items.delete_bytes(account)
    }
}

#[test]
fn a_write_stopped_half_way_leaves_the_old_value_or_the_new_never_a_mix() {
    let lengths = [10, 130, 130, 300, 20];
    for (old, new) in lengths.iter().zip(&lengths[1..]).chain([(&300, &130)]) {
        let (old, new) = (value(*old, 1), value(*new, 2));
        for budget in 0..12 {
            let store = SplitStore::new(
                Stopping {
                    items: MemoryStore::new(),
                    budget: AtomicUsize::new(usize::MAX),
                },
                LIMIT,
            );
            store.put_bytes(ACCOUNT, "label", &old).unwrap();
            store.inner.budget.store(budget, Ordering::SeqCst);
            let written = store.put_bytes(ACCOUNT, "label", &new).is_ok();
            let read = store.get_bytes(ACCOUNT).unwrap();
            assert!(*read == old || *read == new, "a mix after {budget} writes");
            assert!(!written || *read == new);
            // Stopped while deleting: the old value or nothing, never an error.
            store.inner.budget.store(budget, Ordering::SeqCst);
            let _ = store.delete_bytes(ACCOUNT);
            match store.get_bytes(ACCOUNT) {
                Ok(read) => assert!(*read == old || *read == new),
                Err(err) => assert_eq!(err, KeychainError::NotFound),
            }
        }
    }
}

/// A store that, at the first read of a part, lets another keyshelf replace the whole value.
struct Racing {
    items: Arc<MemoryStore>,
    new: Mutex<Option<Vec<u8>>>,
}

impl SecretStore for Racing {
    fn put_bytes(&self, account: &str, label: &str, secret: &[u8]) -> Result<(), KeychainError> {
        self.items.put_bytes(account, label, secret)
    }
    fn get_bytes(&self, account: &str) -> Result<Zeroizing<Vec<u8>>, KeychainError> {
        let new = match account.contains("|part") {
            true => self.new.lock().unwrap().take(),
            false => None,
        };
        if let Some(new) = new {
            let other = Racing {
                items: Arc::clone(&self.items),
                new: Mutex::new(None),
            };
            SplitStore::new(other, LIMIT).put_bytes(ACCOUNT, "label", &new)?;
        }
        self.items.get_bytes(account)
    }
    fn delete_bytes(&self, account: &str) -> Result<(), KeychainError> {
        self.items.delete_bytes(account)
    }
}

#[test]
fn a_read_that_overlaps_a_write_reads_the_new_value() {
    for new in [value(300, 2), value(130, 2), value(20, 2)] {
        let store = SplitStore::new(
            Racing {
                items: Arc::new(MemoryStore::new()),
                new: Mutex::new(None),
            },
            LIMIT,
        );
        store.put_bytes(ACCOUNT, "label", &value(300, 1)).unwrap();
        *store.inner.new.lock().unwrap() = Some(new.clone());
        assert_eq!(*store.get_bytes(ACCOUNT).unwrap(), new);
    }
}

#[test]
fn a_long_cached_session_reads_back_through_the_typed_items() {
    let store = split();
    let key = ItemKey::new("dev", std::path::Path::new("/tmp/credentials"));
    let session = CachedSession {
        keys: crate::aws::StaticKeys {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::new("s3cr3t"),
            session_token: Some(Secret::new("t".repeat(1000))),
        },
        expiration: "2026-11-30T12:00:00Z".into(),
        source_key_id: "AKIAEXAMPLE".into(),
        mfa: true,
    };
    put_item::<SessionKeys>(&store, &key, &session).unwrap();
    assert!(store.inner.len() > 2);
    assert_eq!(get_item::<SessionKeys>(&store, &key).unwrap(), session);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_value_reads_back_and_leaves_nothing_behind(
        values in prop::collection::vec(
            prop_oneof![
                prop::collection::vec(any::<u8>(), 0..400),
                prop::collection::vec(any::<u8>(), 0..40)
                    .prop_map(|tail| [MAGIC.as_bytes(), &tail].concat()),
            ],
            1..5,
        ),
    ) {
        let store = split();
        for value in &values {
            store.put_bytes(ACCOUNT, "label", value).unwrap();
            prop_assert_eq!(&*store.get_bytes(ACCOUNT).unwrap(), value);
            prop_assert_eq!(store.inner.len(), items(value));
        }
        store.delete_bytes(ACCOUNT).unwrap();
        prop_assert!(store.inner.is_empty());
    }
}
