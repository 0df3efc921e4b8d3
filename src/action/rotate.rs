//! Rotate keys: a new access key made in IAM and stored where the old one was, the old one
//! deactivated (or deleted), as [`crate::rotate::rotate`] does it.

use super::StoreFactory;
use crate::cloud::Target;
use crate::files::Workspace;
use crate::keychain::{self, MemoryStore, MoveError, SecretStore};
use crate::rotate::{Options, RotateError, Rotated};
use crate::session::AskCode;

/// Rotates `profile`'s key, opening the keychain only where it is needed: a keychain profile
/// needs it, and a file profile uses it only for the record of a rotation under way (a keychain
/// that cannot be opened must not stop it). `today` is `YYYY-MM-DD`; `progress` hears each step
/// in words; `ask` is asked for an MFA code only when IAM refuses the key without one.
#[allow(clippy::too_many_arguments)]
pub fn rotate(
    workspace: &mut Workspace,
    store: &StoreFactory,
    profile: &str,
    target: &Target,
    options: Options,
    today: &str,
    progress: &mut dyn FnMut(&str),
    ask: &mut AskCode<'_>,
) -> Result<Rotated, RotateError> {
    let opened = match keychain::served_item(workspace, profile) {
        Some(_) => Some(store().map_err(|source| MoveError::Keychain {
            profile: profile.to_owned(),
            source,
        })?),
        None => store().ok(),
    };
    let memory = MemoryStore::new();
    let store: &dyn SecretStore = match &opened {
        Some(store) => store.as_ref(),
        None => &memory,
    };
    crate::rotate::rotate(
        workspace, store, profile, target, options, today, progress, ask,
    )
}
