//! The OS keychain through the `keyring` crate: the Secret Service on Linux and the BSDs (pure
//! Rust over D-Bus, no system libraries), the Keychain on macOS, the Credential Manager on
//! Windows. `keyring` picks and initialises the platform's store once per process;
//! `keyring-core` then gives entries with a label a person recognises.

use std::collections::HashMap;
use std::sync::mpsc;
use std::time::Duration;

use keyring_core::Error as KeyringError;

use zeroize::Zeroizing;

use super::store::{KeychainError, SERVICE, SecretStore};

/// How long an ordinary keychain call may take: long enough for the person to answer an
/// unlock prompt, short enough that a hung keychain service is reported.
pub const KEYCHAIN_WAIT: Duration = Duration::from_secs(60);

/// How long `keyshelf credential-process` waits for the keychain: under the 5 seconds the AWS
/// SDK for Rust gives the whole process, so the user sees keyshelf's message, not a timeout.
pub const SERVE_WAIT: Duration = Duration::from_secs(4);

/// The platform's keychain, or why there is none (no Secret Service on the session bus, no
/// session bus at all, an unsupported platform), with [`KEYCHAIN_WAIT`] on every call.
pub fn native_store() -> Result<Box<dyn SecretStore>, KeychainError> {
    native_store_waiting(KEYCHAIN_WAIT)
}

/// [`native_store`], with `limit` on every call (opening the store included): a call that has
/// not answered by then fails with [`KeychainError::TimedOut`] and is left to finish, or not,
/// on its own thread.
pub fn native_store_waiting(limit: Duration) -> Result<Box<dyn SecretStore>, KeychainError> {
    within(limit, || match keyring::Entry::store_status() {
        Ok(()) => Ok(()),
        Err(err) => Err(KeychainError::Unavailable {
            detail: platform_detail(err),
        }),
    })?;
    let store = NativeStore { limit };
    // Credential Manager takes at most 2,560 bytes per item, less than an SSO sign-in can need:
    // larger values go into parts there. Only there: elsewhere items stay exactly as they were.
    // keyshelf is built and tested on Linux, where this line is not compiled, so it is kept to
    // one call whose types `split.rs`'s tests (over `MemoryStore`) use the same way.
    #[cfg(windows)]
    let store = super::split::SplitStore::new(store, CREDENTIAL_MANAGER_MAX_ITEM);
    Ok(Box::new(store))
}

/// The keychain as `keyshelf credential-process` reads it, with `limit` on every call: a read
/// that is one unlocked item goes straight over D-Bus (`secret_service.rs`, for speed), and
/// everything else through `keyring`, which is only opened then (`serving.rs`).
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
pub fn serving_store(limit: Duration) -> Result<Box<dyn SecretStore>, KeychainError> {
    Ok(Box::new(super::serving::ServingStore::new(limit)))
}

/// The keychain as `keyshelf credential-process` reads it: [`native_store_waiting`], where the
/// keychain is not the Secret Service.
#[cfg(not(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
)))]
pub fn serving_store(limit: Duration) -> Result<Box<dyn SecretStore>, KeychainError> {
    native_store_waiting(limit)
}

/// The most bytes one Windows credential holds: `CRED_MAX_CREDENTIAL_BLOB_SIZE` (5 × 512) in
/// windows-sys (`src/Windows/Win32/Security/Credentials/mod.rs`). windows-native-keyring-store
/// 1.1.0 stores what `set_secret` is given as raw bytes (`cred.rs`, `set_secret` →
/// `utils.rs`, `save_credential`; only `set_password` turns text into UTF-16, doubling it), and
/// refuses a longer secret before calling Windows with `Error::TooLong("secret", 2560)`
/// (`utils.rs`, `validate_secret`), which `map_error` would report as a refusal.
#[cfg(windows)]
const CREDENTIAL_MANAGER_MAX_ITEM: usize = 2560;

/// Runs a keychain call on a thread of its own and waits for it at most `limit`.
fn within<T: Send + 'static>(
    limit: Duration,
    call: impl FnOnce() -> Result<T, KeychainError> + Send + 'static,
) -> Result<T, KeychainError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(call());
    });
    rx.recv_timeout(limit)
        .unwrap_or(Err(KeychainError::TimedOut {
            seconds: limit.as_secs(),
        }))
}

struct NativeStore {
    limit: Duration,
}

impl NativeStore {
    /// The entry under `account`; `label` is given when the item is written.
    fn entry(account: &str, label: Option<&str>) -> Result<keyring_core::Entry, KeychainError> {
        // Only the Secret Service store takes a label; the others name items by service and
        // account, which read well enough ("keyshelf", "dev @ /Users/a/.aws/credentials").
        let modifiers: HashMap<&str, &str> = match label {
            Some(label) if !cfg!(any(target_os = "macos", windows)) => {
                HashMap::from([("label", label)])
            }
            _ => HashMap::new(),
        };
        keyring_core::Entry::new_with_modifiers(SERVICE, account, &modifiers).map_err(map_error)
    }
}

impl SecretStore for NativeStore {
    fn put_bytes(&self, account: &str, label: &str, secret: &[u8]) -> Result<(), KeychainError> {
        let (account, label) = (account.to_owned(), label.to_owned());
        let secret = Zeroizing::new(secret.to_vec());
        within(self.limit, move || {
            NativeStore::entry(&account, Some(&label))?
                .set_secret(&secret)
                .map_err(map_error)
        })
    }

    fn get_bytes(&self, account: &str) -> Result<Zeroizing<Vec<u8>>, KeychainError> {
        let account = account.to_owned();
        within(self.limit, move || {
            NativeStore::entry(&account, None)?
                .get_secret()
                .map(Zeroizing::new)
                .map_err(map_error)
        })
    }

    fn delete_bytes(&self, account: &str) -> Result<(), KeychainError> {
        let account = account.to_owned();
        within(self.limit, move || {
            match NativeStore::entry(&account, None)?.delete_credential() {
                Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
                Err(err) => Err(map_error(err)),
            }
        })
    }
}

/// keyring's errors in words that say how to fix them. Never formats the variants that carry
/// the item's bytes (`BadEncoding`, `BadDataFormat`): those may be a secret.
fn map_error(err: KeyringError) -> KeychainError {
    match err {
        KeyringError::NoEntry => KeychainError::NotFound,
        KeyringError::NoStorageAccess(inner) => {
            let text = inner.to_string().to_ascii_lowercase();
            // secret-service's `NoResult`: the default collection (alias "default") is missing.
            // `Locked` and `Prompt` (an unlock or create prompt that was dismissed, or could
            // not be shown without a display) both leave the user to unlock or create it.
            if text.contains("result not returned") {
                KeychainError::NoDefaultCollection
            } else {
                KeychainError::Locked
            }
        }
        KeyringError::NoDefaultStore => KeychainError::Unavailable {
            detail: match keyring::Entry::store_status() {
                Err(err) => platform_detail(err),
                Ok(()) => "no credential store".to_owned(),
            },
        },
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => KeychainError::NotOurs,
        KeyringError::Ambiguous(_) => KeychainError::Refused {
            detail: "several keychain items match this profile; remove the extra ones in your keychain app".to_owned(),
        },
        KeyringError::PlatformFailure(inner) => platform_failure(&inner.to_string()),
        other => KeychainError::Refused {
            detail: first_line(&other.to_string()),
        },
    }
}

fn platform_detail(err: &KeyringError) -> String {
    match err {
        KeyringError::PlatformFailure(inner) | KeyringError::NoStorageAccess(inner) => {
            first_line(&inner.to_string())
        }
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => {
            "unreadable data".to_owned()
        }
        other => first_line(&other.to_string()),
    }
}

fn platform_failure(text: &str) -> KeychainError {
    let lower = text.to_ascii_lowercase();
    let bus_trouble = [
        "dbus",
        "d-bus",
        "serviceunknown",
        "service unknown",
        "no such file",
        "connection refused",
        "address",
    ];
    if bus_trouble.iter().any(|mark| lower.contains(mark)) {
        KeychainError::Unavailable {
            detail: first_line(text),
        }
    } else {
        KeychainError::Refused {
            detail: first_line(text),
        }
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let mut line: String = line.chars().take(200).collect();
    if line.is_empty() {
        line = "no details".to_owned();
    }
    line
}
