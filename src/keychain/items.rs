//! Typed keychain items on top of the byte store, the way aws-vault wraps one
//! keyring in a typed keyring per kind. Each kind has its own account format and content, so
//! an item of one kind (or of another program) is never read as another: a profile's
//! long-term keys, and the temporary credentials cached for it.

use zeroize::Zeroizing;

use super::item_key::{ItemKey, KeychainError, StoredKeys};
use crate::aws::StaticKeys;

/// A kind of item keyshelf keeps in the keychain.
pub trait ItemKind {
    /// What an item of this kind holds.
    type Value;
    /// The kind's mark in the account: empty for long-term keys (the first kind, whose items
    /// keep the `PROFILE @ PATH` account they always had), a word for every other kind
    /// (`PROFILE @ PATH #WORD`), so that no two kinds ever share an item.
    const KIND: &'static str;
    fn encode(value: &Self::Value) -> Zeroizing<Vec<u8>>;
    /// [`KeychainError::NotOurs`] for content that is not this kind's.
    fn decode(bytes: &[u8]) -> Result<Self::Value, KeychainError>;

    /// Every account an item of this kind for `key` may be stored under, the current spelling
    /// first: what reads and deletes try.
    fn accounts(key: &ItemKey) -> Vec<String> {
        key.accounts()
            .into_iter()
            .map(|account| match Self::KIND {
                "" => account,
                kind => format!("{account} #{kind}"),
            })
            .collect()
    }

    /// What a person sees in their keychain app.
    fn label(key: &ItemKey) -> String {
        match Self::KIND {
            "" => key.label(),
            kind => format!("{} ({kind})", key.label()),
        }
    }
}

/// A profile's long-term keys, served by `keyshelf credential-process`: stored under
/// `PROFILE @ PATH` as the credential_process JSON (`AccessKeyId`, `SecretAccessKey`, and a
/// `SessionToken` when the file had one).
pub struct LongTermKeys;

/// The fields a long-term item may hold; anything else is not one.
const LONG_TERM_FIELDS: [&str; 3] = ["AccessKeyId", "SecretAccessKey", "SessionToken"];

impl ItemKind for LongTermKeys {
    type Value = StoredKeys;
    const KIND: &'static str = "";

    fn encode(keys: &StoredKeys) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(serde_json::to_vec(keys).unwrap_or_default())
    }

    fn decode(bytes: &[u8]) -> Result<StoredKeys, KeychainError> {
        // The field names only (values are skipped, so no copy of a secret is made): an item
        // with any other field is another kind's, or not keyshelf's at all.
        let fields: std::collections::HashMap<String, serde::de::IgnoredAny> =
            serde_json::from_slice(bytes).map_err(|_| KeychainError::NotOurs)?;
        if !fields
            .keys()
            .all(|k| LONG_TERM_FIELDS.contains(&k.as_str()))
        {
            return Err(KeychainError::NotOurs);
        }
        serde_json::from_slice(bytes).map_err(|_| KeychainError::NotOurs)
    }
}

/// Temporary credentials cached for a profile switched to them: STS
/// GetSessionToken's answer, stored under `PROFILE @ PATH #session` beside the long-term item
/// they were made with.
pub struct SessionKeys;

/// One cached session: what `credential-process` prints, and what it was made from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CachedSession {
    /// The temporary key ID, secret and session token.
    #[serde(flatten)]
    pub keys: StaticKeys,
    /// RFC 3339 in UTC, as the credential_process contract wants it.
    #[serde(rename = "Expiration")]
    pub expiration: String,
    /// The long-term access key ID the session was made with: new keys end the session.
    #[serde(rename = "SourceAccessKeyId")]
    pub source_key_id: String,
    /// Whether an MFA code was given, so the session may call IAM (rotation).
    #[serde(rename = "Mfa", default)]
    pub mfa: bool,
}

impl CachedSession {
    /// The expiry; `None` for a date that does not parse (treated as expired).
    pub fn expires(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::parse_from_rfc3339(&self.expiration)
            .ok()
            .map(|t| t.with_timezone(&chrono::Utc))
    }

    /// Whole seconds left at `now`; zero once expired.
    pub fn seconds_left(&self, now: chrono::DateTime<chrono::Utc>) -> u64 {
        self.expires()
            .map(|t| (t - now).num_seconds().max(0) as u64)
            .unwrap_or(0)
    }
}

impl ItemKind for SessionKeys {
    type Value = CachedSession;
    const KIND: &'static str = "session";

    fn encode(session: &CachedSession) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(serde_json::to_vec(session).unwrap_or_default())
    }

    fn decode(bytes: &[u8]) -> Result<CachedSession, KeychainError> {
        let session: CachedSession =
            serde_json::from_slice(bytes).map_err(|_| KeychainError::NotOurs)?;
        if session.keys.session_token.is_none() {
            return Err(KeychainError::NotOurs);
        }
        Ok(session)
    }
}

/// A rotation under way (`PROFILE @ PATH #rotation`): the new key, kept the moment IAM made it
/// and before anything else, with the key it replaces. A rotation killed after IAM made the key
/// is finished, or its key removed, by the next one ([`crate::rotate`]).
pub struct PendingRotation;

/// What [`PendingRotation`] holds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RotationRecord {
    /// The key IAM made.
    #[serde(flatten)]
    pub new: StaticKeys,
    /// The access key ID of the key it replaces.
    #[serde(rename = "OldAccessKeyId")]
    pub old_key_id: String,
}

impl ItemKind for PendingRotation {
    type Value = RotationRecord;
    const KIND: &'static str = "rotation";

    fn encode(record: &RotationRecord) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(serde_json::to_vec(record).unwrap_or_default())
    }

    fn decode(bytes: &[u8]) -> Result<RotationRecord, KeychainError> {
        serde_json::from_slice(bytes).map_err(|_| KeychainError::NotOurs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A second kind, as cached temporary credentials will be.
    struct Other;

    impl ItemKind for Other {
        type Value = ();
        const KIND: &'static str = "other";
        fn encode(_: &()) -> Zeroizing<Vec<u8>> {
            Zeroizing::new(b"{}".to_vec())
        }
        fn decode(_: &[u8]) -> Result<(), KeychainError> {
            Ok(())
        }
    }

    #[test]
    fn two_kinds_never_share_an_item() {
        let key = ItemKey::new("dev", std::path::Path::new("/tmp/credentials"));
        assert_eq!(LongTermKeys::accounts(&key), key.accounts());
        let theirs = Other::accounts(&key);
        assert!(
            theirs
                .iter()
                .all(|a| !LongTermKeys::accounts(&key).contains(a))
        );
    }

    #[test]
    fn an_item_with_other_fields_is_not_read_as_long_term_keys() {
        let session = br#"{"AccessKeyId":"ASIA","SecretAccessKey":"s","SessionToken":"t","Expiration":"2026-01-01T00:00:00Z"}"#;
        assert_eq!(
            LongTermKeys::decode(session).err(),
            Some(KeychainError::NotOurs)
        );
        assert_eq!(
            LongTermKeys::decode(b"hunter2").err(),
            Some(KeychainError::NotOurs)
        );
        let ours = br#"{"AccessKeyId":"AKIA","SecretAccessKey":"s"}"#;
        assert!(LongTermKeys::decode(ours).is_ok());
        assert_eq!(
            SessionKeys::decode(ours).err(),
            Some(KeychainError::NotOurs)
        );
        let cached = SessionKeys::decode(
            br#"{"AccessKeyId":"ASIA","SecretAccessKey":"s","SessionToken":"t","Expiration":"2026-11-30T12:00:00Z","SourceAccessKeyId":"AKIA"}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let noon = chrono::DateTime::parse_from_rfc3339("2026-11-30T11:00:00Z")
            .unwrap_or_else(|e| panic!("{e}"))
            .with_timezone(&chrono::Utc);
        assert_eq!(cached.seconds_left(noon), 3600);
        assert!(!cached.mfa);
        assert!(!format!("{cached:?}").contains("\"t\""));
    }
}
