//! An in-memory [`SecretStore`] for unit tests and for running the app without touching a real
//! keychain. It can be told to fail, so tests reach every failure path.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use zeroize::Zeroizing;

use super::items::{ItemKind, LongTermKeys};
use super::store::{ItemKey, KeychainError, SecretStore, StoredKeys};

/// Which call the store should fail, and with what.
#[derive(Clone, Debug, Default)]
pub struct Failures {
    pub put: Option<KeychainError>,
    pub get: Option<KeychainError>,
    pub delete: Option<KeychainError>,
    /// Reads give back something other than what was written (a keychain that garbles).
    pub garble_reads: bool,
}

#[derive(Default)]
pub struct MemoryStore {
    items: Mutex<HashMap<String, Zeroizing<Vec<u8>>>>,
    failures: Mutex<Failures>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    pub fn fail(&self, failures: Failures) {
        *lock(&self.failures) = failures;
    }

    pub fn len(&self) -> usize {
        lock(&self.items).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stores an item under an exact account, as an older keyshelf (or another spelling of the
    /// path) would have: for tests of finding items however the path was spelled.
    pub fn put_account(&self, account: &str, keys: &StoredKeys) {
        lock(&self.items).insert(account.to_owned(), LongTermKeys::encode(keys));
    }

    pub fn contains(&self, key: &ItemKey) -> bool {
        let items = lock(&self.items);
        key.accounts().iter().any(|a| items.contains_key(a))
    }
}

/// A poisoned lock only means another test thread panicked; the map is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SecretStore for MemoryStore {
    fn put_bytes(&self, account: &str, _label: &str, secret: &[u8]) -> Result<(), KeychainError> {
        if let Some(err) = lock(&self.failures).put.clone() {
            return Err(err);
        }
        lock(&self.items).insert(account.to_owned(), Zeroizing::new(secret.to_vec()));
        Ok(())
    }

    fn get_bytes(&self, account: &str) -> Result<Zeroizing<Vec<u8>>, KeychainError> {
        let failures = lock(&self.failures).clone();
        if let Some(err) = failures.get {
            return Err(err);
        }
        let bytes = lock(&self.items)
            .get(account)
            .cloned()
            .ok_or(KeychainError::NotFound)?;
        if failures.garble_reads {
            return Ok(garbled(&bytes));
        }
        Ok(bytes)
    }

    fn delete_bytes(&self, account: &str) -> Result<(), KeychainError> {
        if let Some(err) = lock(&self.failures).delete.clone() {
            return Err(err);
        }
        lock(&self.items).remove(account);
        Ok(())
    }
}

/// An item whose secret came back changed, as a keychain that garbles would give it.
fn garbled(bytes: &[u8]) -> Zeroizing<Vec<u8>> {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(mut value) => {
            if let Some(secret) = value.get_mut("SecretAccessKey") {
                *secret = serde_json::Value::String("garbled".into());
            }
            Zeroizing::new(serde_json::to_vec(&value).unwrap_or_default())
        }
        Err(_) => Zeroizing::new(b"garbled".to_vec()),
    }
}
