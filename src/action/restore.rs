//! Restore: a keychain profile's keys go back into the credentials file and its item is
//! removed, the reverse of Secure.

use super::{MoveError, Moved, Outcome, Progress, StoreFactory, open};
use crate::files::Workspace;
use crate::keychain::{self, KeychainError};

pub fn restore(
    workspace: &mut Workspace,
    store: &StoreFactory,
    profile: &str,
) -> Result<Moved, MoveError> {
    let store = open(store, profile)?;
    keychain::restore(workspace, store.as_ref(), profile)
}

/// Restore all, each profile on its own; an error only when the keychain cannot be opened.
pub fn restore_all(
    workspace: &mut Workspace,
    store: &StoreFactory,
    progress: &mut Progress<'_>,
) -> Result<Vec<(String, Outcome)>, KeychainError> {
    let store = store()?;
    Ok(keychain::restore_all(workspace, store.as_ref(), progress))
}
