//! After a delete is saved: the deleted profiles' keychain items go too. The files are saved
//! before this runs; it changes none of them.

use super::StoreFactory;
use crate::keychain::{ItemKey, KeychainError};

/// For each profile whose item could not be deleted, why.
pub struct Forgot {
    pub failed: Vec<(String, KeychainError)>,
}

/// Deletes the items; an error when the keychain cannot be opened at all.
pub fn forget(store: &StoreFactory, items: &[ItemKey]) -> Result<Forgot, KeychainError> {
    let store = store()?;
    let failed = items
        .iter()
        .filter_map(|item| {
            store
                .delete(item)
                .err()
                .map(|err| (item.profile.clone(), err))
        })
        .collect();
    Ok(Forgot { failed })
}
