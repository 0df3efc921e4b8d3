//! A profile's long-term access key, wherever keyshelf keeps it: in the credentials file, or in
//! the keychain item its `credential_process` serves. What IAM calls made with the key itself
//! (rotation, listing the user's MFA devices) start from.

use super::move_error::MoveError;
use super::{LongTermKeys, SecretStore, get_item, served_item};
use crate::aws::StaticKeys;
use crate::files::Workspace;

/// Where a long-term key is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyHome {
    Files,
    Keychain,
}

/// The profile's long-term key and where it is kept; `None` when it has none (a role, SSO, a
/// program other than keyshelf, or only a session).
pub fn long_term_key(
    workspace: &Workspace,
    store: &dyn SecretStore,
    profile: &str,
) -> Result<Option<(StaticKeys, KeyHome)>, MoveError> {
    let found = match workspace.docs.static_keys(profile) {
        Some(keys) => (keys, KeyHome::Files),
        None => {
            let Some(item) = served_item(workspace, profile) else {
                return Ok(None);
            };
            let keys =
                get_item::<LongTermKeys>(store, &item).map_err(|source| MoveError::Keychain {
                    profile: profile.to_owned(),
                    source,
                })?;
            (keys, KeyHome::Keychain)
        }
    };
    Ok(Some(found).filter(|(keys, _)| keys.session_token.is_none()))
}
