//! Secure: a profile's keys move from the credentials file into the keychain, served back
//! through `credential_process`; proven with botocore's own resolution before the files change.

use std::path::Path;

use super::{MoveError, Moved, Outcome, Progress, StoreFactory, open};
use crate::files::Workspace;
use crate::keychain::{self, KeychainError};

/// Moves one profile's keys; `program` is the keyshelf its `credential_process` line runs.
pub fn secure(
    workspace: &mut Workspace,
    store: &StoreFactory,
    program: &Path,
    profile: &str,
) -> Result<Moved, MoveError> {
    let store = open(store, profile)?;
    keychain::migrate(workspace, store.as_ref(), program, profile)
}

/// Secure all: each profile with keys in the files, on its own (one failure stops none of the
/// others); an error only when the keychain cannot be opened, and then nothing changed.
pub fn secure_all(
    workspace: &mut Workspace,
    store: &StoreFactory,
    program: &Path,
    progress: &mut Progress<'_>,
) -> Result<Vec<(String, Outcome)>, KeychainError> {
    let store = store()?;
    Ok(keychain::migrate_all(
        workspace,
        store.as_ref(),
        program,
        progress,
    ))
}
