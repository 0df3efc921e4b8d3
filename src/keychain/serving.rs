//! The keychain as `keyshelf credential-process` reads it, where the keychain is the Secret
//! Service: the direct read of `secret_service.rs` first, `keyring` for everything else.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use async_io::{Timer, block_on};
use futures_lite::future::or;
use zeroize::Zeroizing;

use super::native::native_store_waiting;
use super::secret_service::{Found, Reader};
use super::store::{KeychainError, SecretStore};

/// The keychain as `credential-process` reads it: the direct read first, `keyring` for
/// everything else (opened only then, so a plain read never pays for its session).
pub(super) struct ServingStore {
    limit: Duration,
    reader: Mutex<Option<Arc<Reader>>>,
    keyring: OnceLock<Box<dyn SecretStore>>,
}

impl ServingStore {
    pub(super) fn new(limit: Duration) -> ServingStore {
        ServingStore {
            limit,
            reader: Mutex::default(),
            keyring: OnceLock::new(),
        }
    }

    /// `keyring`'s store, opened on first use with what is left of `limit` since `started`:
    /// a direct read that gave up late does not add a whole `limit` of its own.
    fn keyring(&self, started: Instant) -> Result<&dyn SecretStore, KeychainError> {
        if let Some(store) = self.keyring.get() {
            return Ok(&**store);
        }
        let left = self.limit.saturating_sub(started.elapsed());
        if left < Duration::from_secs(1) {
            return Err(self.timed_out());
        }
        let store = native_store_waiting(left)?;
        Ok(&**self.keyring.get_or_init(|| store))
    }

    fn timed_out(&self) -> KeychainError {
        KeychainError::TimedOut {
            seconds: self.limit.as_secs(),
        }
    }
}

/// The direct read of `account`, on a session opened once per process.
async fn read_direct(reader: &Mutex<Option<Arc<Reader>>>, account: &str) -> Option<Found> {
    let open = reader
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if let Some(open) = open {
        return open.read(account).await;
    }
    let (open, found) = Reader::open_and_read(account).await?;
    *reader.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(open));
    Some(found)
}

impl SecretStore for ServingStore {
    fn put_bytes(&self, account: &str, label: &str, secret: &[u8]) -> Result<(), KeychainError> {
        self.keyring(Instant::now())?
            .put_bytes(account, label, secret)
    }

    fn get_bytes(&self, account: &str) -> Result<Zeroizing<Vec<u8>>, KeychainError> {
        // A Secret Service that does not answer in time is reported as such, not asked again
        // through keyring: the AWS tools give this process only a few seconds in all.
        let started = Instant::now();
        let direct = block_on(or(
            async { Some(read_direct(&self.reader, account).await) },
            async {
                Timer::after(self.limit).await;
                None
            },
        ))
        .ok_or_else(|| self.timed_out())?;
        match direct {
            Some(Found::Secret(secret)) => Ok(secret),
            Some(Found::Nothing) => Err(KeychainError::NotFound),
            None => self.keyring(started)?.get_bytes(account),
        }
    }

    fn delete_bytes(&self, account: &str) -> Result<(), KeychainError> {
        self.keyring(Instant::now())?.delete_bytes(account)
    }
}
