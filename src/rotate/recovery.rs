//! Finding and finishing rotations that stopped part way: the list the app offers at its start,
//! and the end of a rotation whose new key was already stored. Apart from the one-click
//! rotation in `mod.rs` because it is the way back in after an interruption, not a step of it.

use crate::aws::StaticKeys;
use crate::cloud::{Account, CloudError, Target};
use crate::files::Workspace;
use crate::keychain::{self, SecretStore};

use super::{Options, RotateError, Rotated, WAIT_LIMIT};

/// The rotations that stopped after IAM made their key: (profile, the new key's ID, the old
/// key's ID), for every profile with a long-term key. The next rotation of each finishes it (or
/// removes the key it never stored); the app offers that at its start. One keychain read per
/// such profile; call off the UI thread.
/// A rotation that stopped before it finished: the profile, and the two access key IDs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoppedRotation {
    pub profile: String,
    pub new_key_id: String,
    pub old_key_id: String,
}

pub fn stopped_rotations(workspace: &Workspace, store: &dyn SecretStore) -> Vec<StoppedRotation> {
    workspace
        .docs
        .profile_names()
        .into_iter()
        .filter(|name| {
            workspace.docs.static_keys(name).is_some()
                || keychain::served_item(workspace, name).is_some()
        })
        .filter_map(|name| {
            let item = keychain::item_of(workspace, &name);
            let record = keychain::get_item::<keychain::PendingRotation>(store, &item).ok()?;
            Some(StoppedRotation {
                profile: name,
                new_key_id: record.new.access_key_id,
                old_key_id: record.old_key_id,
            })
        })
        .collect()
}

/// The end of a rotation whose new key (`current`) was stored before it stopped: wait until
/// STS takes it, deactivate `old_key_id` (delete it when asked), all with the new key.
pub(super) fn finish_stored(
    current: &StaticKeys,
    old_key_id: &str,
    region: Option<&str>,
    name: &str,
    target: &Target,
    options: Options,
    progress: &mut dyn FnMut(&str),
) -> Result<Rotated, RotateError> {
    let new_key = current.access_key_id.clone();
    let old_key = old_key_id.to_owned();
    let account = Account::with_keys(current, region, name, target).map_err(RotateError::Before)?;
    let mut waited = |seconds: u64| {
        progress(&format!(
            "Waiting for AWS to accept the new key ({seconds} s)…"
        ));
    };
    account
        .wait_until_works(current, WAIT_LIMIT, &mut waited)
        .map_err(|why| RotateError::NotAccepted {
            new_key: new_key.clone(),
            old_key: old_key.clone(),
            why,
        })?;
    progress("Deactivating the old key…");
    match account.deactivate(&old_key) {
        Ok(()) => {}
        // Deleted by hand meanwhile: retired all the same.
        Err(CloudError::Other { code, .. }) if code == "NoSuchEntity" => {}
        Err(why) => {
            return Err(RotateError::NotDeactivated {
                new_key,
                old_key,
                why,
            });
        }
    }
    if options.delete_old {
        progress("Deleting the old key…");
        match account.delete(&old_key) {
            Ok(()) => {}
            Err(CloudError::Other { code, .. }) if code == "NoSuchEntity" => {}
            Err(why) => {
                return Err(RotateError::NotDeleted {
                    new_key,
                    old_key,
                    why,
                });
            }
        }
    }
    Ok(Rotated {
        old_key,
        new_key,
        old_deleted: options.delete_old,
        made_room: None,
    })
}
