//! Replace keys: new keys for a keychain profile, straight into its item (read back and
//! verified), with today's date as the key's age.

use super::{MoveError, Moved, StoreFactory, open};
use crate::files::Workspace;
use crate::keychain::{self, StoredKeys};

/// `today` is `YYYY-MM-DD`.
pub fn replace_keys(
    workspace: &mut Workspace,
    store: &StoreFactory,
    profile: &str,
    keys: &StoredKeys,
    today: &str,
) -> Result<Moved, MoveError> {
    let store = open(store, profile)?;
    keychain::replace_keys(workspace, store.as_ref(), profile, keys, today)
}
