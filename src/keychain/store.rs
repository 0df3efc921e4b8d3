//! The keychain as keyshelf sees it: a small trait over "put, get, delete one item", the item's
//! key, and what an item holds.

use zeroize::Zeroizing;

pub use super::item_key::{ItemKey, KeychainError, SERVICE, StoredKeys};
use super::items::{CachedSession, ItemKind, LongTermKeys, SessionKeys};
use crate::secret::Secret;

/// The item's content. It holds secrets: it goes to the keychain and nowhere else.
pub fn to_item_text(keys: &StoredKeys) -> Secret {
    let bytes = LongTermKeys::encode(keys);
    Secret::new(String::from_utf8_lossy(&bytes).into_owned())
}

/// Reads an item's content back.
pub fn from_item_text(text: &str) -> Result<StoredKeys, KeychainError> {
    LongTermKeys::decode(text.as_bytes())
}

/// What `keyshelf credential-process` prints: the credential_process contract, version 1.
/// Long-term keys go without `Expiration` (they never expire, so the SDKs do not refresh them);
/// a session carries its own, and the SDKs run the process again before it.
#[derive(serde::Serialize)]
pub struct ProcessOutput<'a> {
    #[serde(rename = "Version")]
    version: u8,
    #[serde(flatten)]
    keys: &'a StoredKeys,
    #[serde(rename = "Expiration", skip_serializing_if = "Option::is_none")]
    expiration: Option<&'a str>,
}

impl<'a> ProcessOutput<'a> {
    pub fn new(keys: &'a StoredKeys) -> ProcessOutput<'a> {
        ProcessOutput {
            version: 1,
            keys,
            expiration: None,
        }
    }

    /// A cached session's temporary credentials, with their expiry.
    pub fn session(session: &'a CachedSession) -> ProcessOutput<'a> {
        ProcessOutput {
            version: 1,
            keys: &session.keys,
            expiration: Some(&session.expiration),
        }
    }
}

/// A place to keep secrets: the OS keychain in the app, an in-memory map in unit tests.
/// Calls may block (a keychain can prompt), so the app makes them off the UI thread.
///
/// A store keeps bytes under an account of the `keyshelf` service; what the bytes mean is the
/// business of the typed layer ([`super::items`]). The provided `put`, `get` and `delete` are
/// that layer's long-term keys, the kind every caller uses today.
pub trait SecretStore: Send + Sync {
    /// Creates or replaces the item under `account`; `label` is what a person sees.
    fn put_bytes(&self, account: &str, label: &str, secret: &[u8]) -> Result<(), KeychainError>;
    /// The item under `account`; [`KeychainError::NotFound`] when there is none.
    fn get_bytes(&self, account: &str) -> Result<Zeroizing<Vec<u8>>, KeychainError>;
    /// Deletes the item under `account`; deleting a missing item is not an error.
    fn delete_bytes(&self, account: &str) -> Result<(), KeychainError>;

    /// Creates or replaces the profile's long-term keys. New keys end the session cached for
    /// the old ones: every writer of keys comes through here.
    /// The session goes first: if it cannot, nothing was written.
    fn put(&self, key: &ItemKey, keys: &StoredKeys) -> Result<(), KeychainError> {
        delete_item::<SessionKeys>(self, key)?;
        put_item::<LongTermKeys>(self, key, keys)
    }
    /// Reads the profile's long-term keys, under any of [`ItemKey::accounts`].
    fn get(&self, key: &ItemKey) -> Result<StoredKeys, KeychainError> {
        get_item::<LongTermKeys>(self, key)
    }
    /// Deletes the profile's long-term keys under every one of [`ItemKey::accounts`].
    fn delete(&self, key: &ItemKey) -> Result<(), KeychainError> {
        delete_item::<SessionKeys>(self, key)?;
        delete_item::<LongTermKeys>(self, key)
    }
}

/// Writes an item of kind `K` under its current account.
pub fn put_item<K: ItemKind>(
    store: &(impl SecretStore + ?Sized),
    key: &ItemKey,
    value: &K::Value,
) -> Result<(), KeychainError> {
    let accounts = K::accounts(key);
    let account = accounts.first().ok_or(KeychainError::NotFound)?;
    store.put_bytes(account, &K::label(key), &K::encode(value))
}

/// Reads the item of kind `K`, under any of its accounts.
pub fn get_item<K: ItemKind>(
    store: &(impl SecretStore + ?Sized),
    key: &ItemKey,
) -> Result<K::Value, KeychainError> {
    for account in K::accounts(key) {
        match store.get_bytes(&account) {
            Ok(bytes) => return K::decode(&bytes),
            Err(KeychainError::NotFound) => continue,
            Err(err) => return Err(err),
        }
    }
    Err(KeychainError::NotFound)
}

/// Deletes the item of kind `K` under every one of its accounts; a missing item is no error.
pub fn delete_item<K: ItemKind>(
    store: &(impl SecretStore + ?Sized),
    key: &ItemKey,
) -> Result<(), KeychainError> {
    for account in K::accounts(key) {
        store.delete_bytes(&account)?;
    }
    Ok(())
}

/// The item, or `None` when there is none; other failures stay errors.
pub fn get_if_any(
    store: &dyn SecretStore,
    key: &ItemKey,
) -> Result<Option<StoredKeys>, KeychainError> {
    match store.get(key) {
        Ok(keys) => Ok(Some(keys)),
        Err(KeychainError::NotFound) => Ok(None),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn item_text_is_credential_process_json_without_version() {
        let keys = StoredKeys {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: Secret::new("s3cr3t"),
            session_token: None,
        };
        let text = to_item_text(&keys);
        assert_eq!(
            text.expose(),
            r#"{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"s3cr3t"}"#
        );
        assert_eq!(from_item_text(text.expose()), Ok(keys.clone()));
        assert!(!format!("{keys:?}").contains("s3cr3t"));
        assert_eq!(from_item_text("hunter2"), Err(KeychainError::NotOurs));
    }

    #[cfg(unix)]
    #[test]
    fn every_spelling_of_one_file_is_one_item() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("credentials"), "").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        let direct = ItemKey::new("dev", &real.join("credentials"));
        let linked = ItemKey::new("dev", &dir.path().join("link/credentials"));
        let dotted = ItemKey::new("dev", &dir.path().join("link/../real/credentials"));
        assert_eq!(direct, linked);
        assert_eq!(direct.account(), linked.account());
        assert_eq!(direct.account(), dotted.account());
        // The spelling older keyshelf versions stored is still tried.
        assert_eq!(linked.accounts().len(), 2);
        assert!(linked.accounts()[1].contains("link"));
        // A file not created yet resolves through its folder.
        let missing = ItemKey::new("dev", &dir.path().join("link/new-file"));
        assert!(missing.account().contains("real"));
    }

    #[test]
    fn two_credentials_files_never_share_an_item() {
        let a = ItemKey::new("dev", Path::new("/home/a/.aws/credentials"));
        let b = ItemKey::new("dev", Path::new("/tmp/other/credentials"));
        assert_ne!(a.account(), b.account());
        assert_eq!(a.account(), "dev @ /home/a/.aws/credentials");
        assert_eq!(a.label(), "keyshelf — AWS profile dev");
    }
}
