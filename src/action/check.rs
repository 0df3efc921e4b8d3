//! What the keychain holds for the profiles keyshelf serves: whether each item is there (and its
//! access key ID, never a secret), the rotations that stopped before they finished, and Show
//! secret. None of these changes anything.

use super::StoreFactory;
use crate::files::Workspace;
use crate::keychain::{self, Ailment, KeychainError, LongTermKeys, StoredKeys};
use crate::rotate::StoppedRotation;

/// Each served profile's item: its access key ID, or what is wrong with it.
pub struct Checked {
    pub items: Vec<(String, Result<String, Ailment>)>,
    /// Rotations that stopped before they finished, to offer finishing.
    pub stopped_rotations: Vec<StoppedRotation>,
}

/// One profile's item.
pub fn check_one(
    workspace: &Workspace,
    store: &StoreFactory,
    profile: &str,
) -> Result<String, Ailment> {
    let store = store().map_err(Ailment::KeychainError)?;
    keychain::check_item(workspace, store.as_ref(), profile)
}

/// Every profile keyshelf serves, in one go (after the files are read).
pub fn check_all(workspace: &Workspace, store: &StoreFactory) -> Checked {
    let served = workspace
        .docs
        .profile_names()
        .into_iter()
        .filter(|name| keychain::served_item(workspace, name).is_some());
    match store() {
        Ok(store) => Checked {
            items: served
                .map(|name| {
                    let item = keychain::check_item(workspace, store.as_ref(), &name);
                    (name, item)
                })
                .collect(),
            stopped_rotations: crate::rotate::stopped_rotations(workspace, store.as_ref()),
        },
        Err(err) => Checked {
            items: served
                .map(|name| (name, Err(Ailment::KeychainError(err.clone()))))
                .collect(),
            stopped_rotations: Vec::new(),
        },
    }
}

/// Show secret on a keychain profile: its keys (the caller keeps them only while shown).
pub fn reveal(
    workspace: &Workspace,
    store: &StoreFactory,
    profile: &str,
) -> Result<StoredKeys, KeychainError> {
    let store = store()?;
    keychain::get_item::<LongTermKeys>(store.as_ref(), &keychain::item_of(workspace, profile))
}
