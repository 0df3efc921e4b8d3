//! An in-memory [`SecretStore`] for unit tests and for running the app without touching a real
//! keychain. It can be told to fail, so tests reach every failure path.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use super::store::{ItemKey, KeychainError, SecretStore, StoredKeys, from_item_text, to_item_text};
use crate::secret::Secret;

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
    items: Mutex<HashMap<String, Secret>>,
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
        lock(&self.items).insert(account.to_owned(), to_item_text(keys));
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
    fn put(&self, key: &ItemKey, keys: &StoredKeys) -> Result<(), KeychainError> {
        if let Some(err) = lock(&self.failures).put.clone() {
            return Err(err);
        }
        lock(&self.items).insert(key.account(), to_item_text(keys));
        Ok(())
    }

    fn get(&self, key: &ItemKey) -> Result<StoredKeys, KeychainError> {
        let failures = lock(&self.failures).clone();
        if let Some(err) = failures.get {
            return Err(err);
        }
        let text = {
            let items = lock(&self.items);
            key.accounts()
                .iter()
                .find_map(|a| items.get(a).cloned())
                .ok_or(KeychainError::NotFound)?
        };
        let mut keys = from_item_text(text.expose())?;
        if failures.garble_reads {
            keys.secret_access_key = Secret::new("garbled");
        }
        Ok(keys)
    }

    fn delete(&self, key: &ItemKey) -> Result<(), KeychainError> {
        if let Some(err) = lock(&self.failures).delete.clone() {
            return Err(err);
        }
        let mut items = lock(&self.items);
        for account in key.accounts() {
            items.remove(&account);
        }
        Ok(())
    }
}
