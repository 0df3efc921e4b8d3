//! Rename of a profile whose keys are in the keychain under its name: the item moves with it and
//! the files are saved at once (a profile without an item is renamed as an edit, by
//! `SharedFiles::rename`, and saved with the rest).

use super::{MoveError, Moved, StoreFactory, open};
use crate::files::Workspace;
use crate::keychain;

pub struct Renamed {
    pub moved: Moved,
    /// How many `source_profile` settings that named the old name now name the new one.
    pub references: usize,
}

pub fn rename_keychain_profile(
    workspace: &mut Workspace,
    store: &StoreFactory,
    old: &str,
    new: &str,
) -> Result<Renamed, MoveError> {
    let store = open(store, old)?;
    let (moved, references) = keychain::rename_served(workspace, store.as_ref(), old, new)?;
    Ok(Renamed { moved, references })
}
