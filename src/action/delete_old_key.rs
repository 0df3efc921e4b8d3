//! Delete an old access key: a rotation leaves the old key inactive, so that anything still using
//! it fails loudly and can be switched back; once nothing needs it, it is deleted in IAM
//! (DeleteAccessKey), asked with the profile's current key. Only an inactive key of the same
//! user, never the profile's own: deleting cannot be undone.

use super::StoreFactory;
use crate::cloud::account::Account;
use crate::cloud::{CloudError, Target};
use crate::files::Workspace;
use crate::keychain::{self, MoveError};

/// A key deleted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletedKey {
    pub access_key_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DeleteKeyError {
    #[error("profile “{}” has no long-term access key to ask IAM with", profile.escape_debug())]
    NoKey { profile: String },
    #[error("{key} is the key profile “{}” uses now; only an old key can be deleted", profile.escape_debug())]
    InUse { profile: String, key: String },
    #[error(
        "{key} is still active: deactivate it first, so that whatever still uses it fails where you can see it"
    )]
    StillActive { key: String },
    #[error("IAM lists no key {key} for this user (it may have been deleted already)")]
    NotListed { key: String },
    #[error(transparent)]
    Keychain(#[from] MoveError),
    #[error("the key was not deleted: {0}")]
    Cloud(#[from] CloudError),
}

impl crate::fault::Fault for DeleteKeyError {
    fn is_user_error(&self) -> bool {
        match self {
            DeleteKeyError::Keychain(err) => err.is_user_error(),
            DeleteKeyError::Cloud(err) => err.is_user_error(),
            _ => true,
        }
    }

    fn details(&self) -> Option<String> {
        match self {
            DeleteKeyError::Keychain(err) => err.details(),
            DeleteKeyError::Cloud(err) => err.details(),
            _ => None,
        }
    }
}

/// Deletes `key`, an inactive access key of the IAM user whose current key `profile` holds.
pub fn delete_old_key(
    workspace: &Workspace,
    store: &StoreFactory,
    profile: &str,
    key: &str,
    target: &Target,
) -> Result<DeletedKey, DeleteKeyError> {
    let key = key.trim();
    let store = super::open_for_keys(workspace, store, profile)?;
    let (keys, _) =
        keychain::long_term_key(workspace, store.as_ref(), profile)?.ok_or_else(|| {
            DeleteKeyError::NoKey {
                profile: profile.to_owned(),
            }
        })?;
    if keys.access_key_id == key {
        return Err(DeleteKeyError::InUse {
            profile: profile.to_owned(),
            key: key.to_owned(),
        });
    }
    let region = workspace.docs.profile(profile).and_then(|p| p.region);
    let account = Account::with_keys(&keys, region.as_deref(), profile, target)?;
    let listed = account.list_keys()?;
    let Some(meta) = listed.iter().find(|k| k.access_key_id == key) else {
        return Err(DeleteKeyError::NotListed {
            key: key.to_owned(),
        });
    };
    if meta.active {
        return Err(DeleteKeyError::StillActive {
            key: key.to_owned(),
        });
    }
    account.delete(key)?;
    Ok(DeletedKey {
        access_key_id: key.to_owned(),
    })
}
