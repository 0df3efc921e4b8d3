//! Which keychain item belongs to which profile ([`ItemKey`]), what an item holds
//! ([`StoredKeys`]), and what can go wrong with the keychain ([`KeychainError`]): the words the
//! typed items (`items`) and the store (`store`) share.

use std::path::{Path, PathBuf};

use crate::aws::StaticKeys;

/// What one keychain item holds: the profile's keys, so that serving a profile is one lookup.
/// Stored as JSON with the credential_process field names.
pub type StoredKeys = StaticKeys;

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
    /// What the system said (`detail`) is for the details, not the sentence.
    #[error(
        "no keychain is available; on Linux keyshelf needs a Secret Service such as gnome-keyring or KeePassXC, which headless and SSH sessions usually lack"
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

impl crate::fault::Fault for KeychainError {
    /// A keychain that is missing, locked or slow is the system's to fix (exit code 2); an
    /// item that is gone or foreign is the person's (1).
    fn is_user_error(&self) -> bool {
        matches!(self, KeychainError::NotFound | KeychainError::NotOurs)
    }

    fn details(&self) -> Option<String> {
        match self {
            KeychainError::Unavailable { detail } => Some(detail.clone()),
            _ => None,
        }
    }
}
