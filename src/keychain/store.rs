//! The keychain as keyshelf sees it: a small trait over "put, get, delete one item", the item's
//! key, and what an item holds.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::items::{ItemKind, LongTermKeys, SessionKeys};
use crate::aws::StaticKeys;
use crate::secret::Secret;

/// What one keychain item holds: the profile's keys, so that serving a profile is one lookup.
/// Stored as JSON with the credential_process field names.
pub type StoredKeys = StaticKeys;

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
    pub fn session(session: &'a super::items::CachedSession) -> ProcessOutput<'a> {
        ProcessOutput {
            version: 1,
            keys: &session.keys,
            expiration: Some(&session.expiration),
        }
    }
}

/// Which keychain item belongs to which profile.
///
/// Items are keyed by the profile name *and* the absolute path of the credentials file the
/// profile came from, so that two credentials files (`AWS_SHARED_CREDENTIALS_FILE` pointing at
/// another file, a test sandbox) never share or overwrite each other's items. The service is
/// always `keyshelf`; the account is `PROFILE @ PATH`; the label a person sees in their keychain
/// app is "keyshelf — AWS profile PROFILE".
///
/// The path is the credentials file's real (canonical) path, so the same file reached through a
/// symlinked folder, `..` or a relative path finds the same item. Items written by
/// keyshelf before that were keyed by the path made absolute but not resolved: that spelling
/// is [`ItemKey::older`], and reads and deletes try it after the real one.
#[derive(Clone, Debug)]
pub struct ItemKey {
    pub profile: String,
    pub credentials_file: PathBuf,
    /// The absolute but unresolved path, where it differs from the real one.
    pub older: Option<PathBuf>,
}

/// Two keys are the same item when profile and real path agree, however the path was spelled.
impl PartialEq for ItemKey {
    fn eq(&self, other: &Self) -> bool {
        self.profile == other.profile && self.credentials_file == other.credentials_file
    }
}

impl Eq for ItemKey {}

impl std::hash::Hash for ItemKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.profile.hash(state);
        self.credentials_file.hash(state);
    }
}

/// The real path of a file that may not exist yet: the file's own when it exists, else its
/// folder's real path joined with its name, else the absolute path as it stands.
fn real_path(absolute: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(absolute) {
        return real;
    }
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|dir| dir.join(name))
            .unwrap_or_else(|_| absolute.to_owned()),
        _ => absolute.to_owned(),
    }
}

/// The keychain service name of every keyshelf item.
pub const SERVICE: &str = "keyshelf";

impl ItemKey {
    pub fn new(profile: &str, credentials_file: &Path) -> ItemKey {
        // Relative paths are taken from the current folder, as botocore does; the key must not
        // depend on where the next process happens to start.
        let absolute =
            std::path::absolute(credentials_file).unwrap_or_else(|_| credentials_file.to_owned());
        let real = real_path(&absolute);
        ItemKey {
            profile: profile.to_owned(),
            older: (real != absolute).then_some(absolute),
            credentials_file: real,
        }
    }

    /// The account (user) part of the keychain entry.
    pub fn account(&self) -> String {
        account(&self.profile, &self.credentials_file)
    }

    /// Every account this item may be stored under, the current spelling first: what reads
    /// and deletes try.
    pub fn accounts(&self) -> Vec<String> {
        let mut accounts = vec![self.account()];
        accounts.extend(self.older.as_deref().map(|p| account(&self.profile, p)));
        accounts
    }

    /// What a person sees in their keychain app.
    pub fn label(&self) -> String {
        format!("keyshelf — AWS profile {}", self.profile)
    }
}

fn account(profile: &str, path: &Path) -> String {
    format!("{profile} @ {}", path.display())
}

/// Why the keychain could not do what was asked, in words that say how to fix it. None of
/// these ever holds a secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    #[error("its keychain item is missing")]
    NotFound,
    #[error(
        "the keychain is locked, or has no default (\"login\") keyring, and could not ask you to fix that; unlock or create it in your keychain app (Passwords and Keys) and try again"
    )]
    Locked,
    #[error(
        "no keychain is available ({detail}); on Linux keyshelf needs a Secret Service such as gnome-keyring or KeePassXC, which headless and SSH sessions usually lack"
    )]
    Unavailable { detail: String },
    #[error(
        "the keychain has no default collection; create a \"login\" keyring in your keychain app (Passwords and Keys) and try again"
    )]
    NoDefaultCollection,
    #[error("the keychain refused: {detail}")]
    Refused { detail: String },
    #[error("its keychain item was not written by keyshelf and cannot be read as AWS keys")]
    NotOurs,
    #[error(
        "the keychain did not answer within {seconds} seconds; check that it is running and unlocked (on Linux: gnome-keyring or KeePassXC, “secret-tool search service keyshelf” should answer at once), and that no unlock window waits behind another one"
    )]
    TimedOut { seconds: u64 },
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
        super::items::delete_item::<SessionKeys>(self, key)?;
        super::items::put_item::<LongTermKeys>(self, key, keys)
    }
    /// Reads the profile's long-term keys, under any of [`ItemKey::accounts`].
    fn get(&self, key: &ItemKey) -> Result<StoredKeys, KeychainError> {
        super::items::get_item::<LongTermKeys>(self, key)
    }
    /// Deletes the profile's long-term keys under every one of [`ItemKey::accounts`].
    fn delete(&self, key: &ItemKey) -> Result<(), KeychainError> {
        super::items::delete_item::<SessionKeys>(self, key)?;
        super::items::delete_item::<LongTermKeys>(self, key)
    }
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
