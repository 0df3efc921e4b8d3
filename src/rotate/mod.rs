//! Rotating a profile's access key in one step, for keys in the files or in the
//! keychain. The order keeps a working key stored at every moment:
//!
//! 1. ListAccessKeys; at IAM's two-key limit, an inactive other key may be deleted (when the
//!    caller allows it), an active one stops the rotation.
//! 2. CreateAccessKey, and store the new key where the old one was (the keychain: written and
//!    read back; the files: one save with a backup), with the date. If storing fails, the new
//!    key is deleted in IAM again: everything is as before.
//! 3. Wait until STS accepts the new key (IAM takes seconds), up to [`WAIT_LIMIT`].
//! 4. Deactivate the old key; delete it when asked.
//!
//! A failure after step 2 leaves the new key stored, and working or about to work, and says
//! exactly what IAM and the files hold. A stored key is never one that was deleted.
//!
//! Where the account lets a key call IAM only with MFA (a policy on
//! `aws:MultiFactorAuthPresent`), IAM refuses the plain key; when the profile names an
//! `mfa_serial`, keyshelf then asks for a code and makes the IAM calls with a short STS session
//! made with it, as the AWS CLI's users do by hand.

mod recovery;
mod steps;

use std::time::Duration;

use crate::cloud::{Account, CloudError, Target};
use crate::files::Workspace;
use crate::keychain::{self, SecretStore};
use recovery::finish_stored;
pub use recovery::{StoppedRotation, stopped_rotations};
use steps::{MfaFallback, store_keys};

/// How long to wait for IAM to accept a new key.
pub const WAIT_LIMIT: Duration = Duration::from_secs(30);

/// What the caller allows.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Delete the old key after deactivating it.
    pub delete_old: bool,
    /// At the two-key limit, delete the other key if it is inactive.
    pub delete_inactive: bool,
}

/// A finished rotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotated {
    pub old_key: String,
    pub new_key: String,
    /// The old key was deleted (else it is inactive).
    pub old_deleted: bool,
    /// An inactive key deleted to make room.
    pub made_room: Option<String>,
}

/// Where a rotation stopped, and what IAM and the files hold then. Never a secret.
#[derive(Debug, thiserror::Error)]
pub enum RotateError {
    #[error(
        "profile “{profile}” has no long-term access key to rotate (temporary keys and roles are renewed, not rotated)"
    )]
    NothingToRotate { profile: String },
    #[error("{0}")]
    Keychain(#[from] crate::keychain::MoveError),
    #[error("nothing was changed: {0}")]
    Before(CloudError),
    #[error(
        "nothing was changed: IAM accepts this key only with MFA, and no code from MFA device {device} was had: {why}"
    )]
    MfaNeeded { device: String, why: String },
    #[error(
        "nothing was changed: the IAM user already has two access keys (the most AWS allows), and the other one, {other}, is {state}; {fix}"
    )]
    AtLimit {
        other: String,
        state: &'static str,
        fix: &'static str,
    },
    #[error(
        "the new key {new_key} was made but could not be stored ({why}); it was deleted again in IAM, so the profile still uses {old_key}, which is active"
    )]
    NotStored {
        new_key: String,
        old_key: String,
        why: String,
    },
    #[error(
        "the new key {new_key} was made but could not be stored ({why}), and deleting it in IAM failed too ({cleanup}): delete {new_key} in the IAM console; the profile still uses {old_key}, which is active"
    )]
    NotStoredNotCleaned {
        new_key: String,
        old_key: String,
        why: String,
        cleanup: String,
    },
    #[error(
        "the new key {new_key} is stored, but AWS did not accept it within {} seconds ({why}); the old key {old_key} is still active, so nothing stopped working; rotate again in a minute: it finishes this rotation and retires the old key",
        WAIT_LIMIT.as_secs()
    )]
    NotAccepted {
        new_key: String,
        old_key: String,
        why: CloudError,
    },
    #[error(
        "the new key {new_key} is stored and works, but the old key {old_key} could not be deactivated ({why}); deactivate it in the IAM console"
    )]
    NotDeactivated {
        new_key: String,
        old_key: String,
        why: CloudError,
    },
    #[error(
        "the new key {new_key} is stored and works and the old key {old_key} is inactive, but it could not be deleted ({why}); delete it in the IAM console"
    )]
    NotDeleted {
        new_key: String,
        old_key: String,
        why: CloudError,
    },
}

impl crate::fault::Fault for RotateError {
    /// Whether the user can act on it (exit code 1) rather than the network failing (2).
    fn is_user_error(&self) -> bool {
        match self {
            RotateError::Before(err) => err.is_user_error(),
            RotateError::Keychain(err) => err.is_user_error(),
            _ => true,
        }
    }

    fn remedy(&self) -> Option<crate::fault::Remedy> {
        match self {
            RotateError::AtLimit {
                state: "inactive", ..
            } => Some(crate::fault::Remedy::DeleteInactiveKey),
            RotateError::Keychain(err) => err.remedy(),
            _ => None,
        }
    }
}

/// Rotates the access key of profile `name`. `store` is the keychain (used only for a keychain
/// profile); `progress` hears each step in words; `ask` is asked for an MFA code only when IAM
/// refuses the key without one and the profile names a device. Saves the files (the keys or
/// the date).
#[allow(clippy::too_many_arguments)]
pub fn rotate(
    workspace: &mut Workspace,
    store: &dyn SecretStore,
    name: &str,
    target: &Target,
    options: Options,
    today: &str,
    progress: &mut dyn FnMut(&str),
    ask: &mut crate::session::AskCode<'_>,
) -> Result<Rotated, RotateError> {
    if workspace.is_dirty() {
        return Err(
            crate::keychain::MoveError::from(crate::files::FilesError::UnsavedChanges).into(),
        );
    }
    let nothing = || RotateError::NothingToRotate {
        profile: name.to_owned(),
    };
    let (old, home) = keychain::long_term_key(workspace, store, name)?.ok_or_else(nothing)?;
    let region = workspace.docs.profile(name).and_then(|p| p.region);
    let mut account =
        Account::with_keys(&old, region.as_deref(), name, target).map_err(RotateError::Before)?;

    // A rotation killed after IAM made its key: finish it, or remove the key it never stored.
    let record_key = keychain::item_of(workspace, name);
    if let Ok(pending) = keychain::get_item::<keychain::PendingRotation>(store, &record_key) {
        if pending.new.access_key_id == old.access_key_id {
            progress(&format!(
                "Finishing the rotation that stopped after storing the new key {}…",
                old.access_key_id
            ));
            let done = finish_stored(
                &old,
                &pending.old_key_id,
                region.as_deref(),
                name,
                target,
                options,
                progress,
            )?;
            let _ = keychain::delete_item::<keychain::PendingRotation>(store, &record_key);
            return Ok(done);
        }
        if pending.old_key_id == old.access_key_id {
            progress(&format!(
                "Removing the key {} that a stopped rotation made but never stored…",
                pending.new.access_key_id
            ));
            match account.delete(&pending.new.access_key_id) {
                Ok(()) => {}
                // Already gone (deleted by hand): nothing to remove.
                Err(CloudError::Other { code, .. }) if code == "NoSuchEntity" => {}
                Err(err) => return Err(RotateError::Before(err)),
            }
        }
        let _ = keychain::delete_item::<keychain::PendingRotation>(store, &record_key);
    }

    progress("Looking at the user's keys…");
    let device = workspace
        .docs
        .get(name, "mfa_serial")
        .and_then(|(value, _)| value.as_plain().map(|v| v.trim().to_owned()))
        .filter(|v| !v.is_empty());
    let mut mfa = MfaFallback {
        keys: &old,
        region: region.as_deref(),
        device: device.as_deref(),
        profile: name,
        target,
        used: false,
    };
    let keys = mfa.call(&mut account, ask, progress, Account::list_keys)?;
    let mut made_room = None;
    if keys.len() >= 2 {
        let other = keys
            .iter()
            .find(|k| k.access_key_id != old.access_key_id)
            .cloned()
            .ok_or_else(nothing)?;
        match (other.active, options.delete_inactive) {
            (true, _) => {
                return Err(RotateError::AtLimit {
                    other: other.access_key_id,
                    state: "active",
                    fix: "find out what uses it, then deactivate or delete it in the IAM console",
                });
            }
            (false, false) => {
                return Err(RotateError::AtLimit {
                    other: other.access_key_id,
                    state: "inactive",
                    fix: "allow keyshelf to delete it",
                });
            }
            (false, true) => {
                progress("Deleting the inactive key to make room…");
                account
                    .delete(&other.access_key_id)
                    .map_err(RotateError::Before)?;
                made_room = Some(other.access_key_id);
            }
        }
    }

    progress("Making a new key…");
    // Some accounts let a key list its keys but make new ones only with MFA.
    let new = mfa.call(&mut account, ask, progress, Account::create_key)?;
    // Kept before anything else can fail or be killed: a rerun then knows which key is which.
    let record = keychain::RotationRecord {
        new: new.clone(),
        old_key_id: old.access_key_id.clone(),
    };
    let _ = keychain::put_item::<keychain::PendingRotation>(store, &record_key, &record);
    let forget = || {
        let _ = keychain::delete_item::<keychain::PendingRotation>(store, &record_key);
    };
    let with_mfa = mfa.used;
    progress("Storing the new key…");
    if let Err(why) = store_keys(workspace, store, name, &new, &home, today) {
        return Err(match account.delete(&new.access_key_id) {
            Ok(()) => {
                forget();
                RotateError::NotStored {
                    new_key: new.access_key_id,
                    old_key: old.access_key_id,
                    why: why.to_string(),
                }
            }
            Err(cleanup) => RotateError::NotStoredNotCleaned {
                new_key: new.access_key_id,
                old_key: old.access_key_id,
                why: why.to_string(),
                cleanup: cleanup.to_string(),
            },
        });
    }

    let mut waited = |seconds: u64| {
        progress(&format!(
            "Waiting for AWS to accept the new key ({seconds} s)…"
        ));
    };
    if let Err(why) = account.wait_until_works(&new, WAIT_LIMIT, &mut waited) {
        return Err(RotateError::NotAccepted {
            new_key: new.access_key_id,
            old_key: old.access_key_id,
            why,
        });
    }

    let not_deactivated = |why| RotateError::NotDeactivated {
        new_key: new.access_key_id.clone(),
        old_key: old.access_key_id.clone(),
        why,
    };
    // From here on, IAM is changed with the new key: the old one is about to stop working.
    // (An MFA session goes on: the new key alone would be refused as the old one was.)
    if !with_mfa {
        account =
            Account::with_keys(&new, region.as_deref(), name, target).map_err(not_deactivated)?;
    }
    progress("Deactivating the old key…");
    account
        .deactivate(&old.access_key_id)
        .map_err(not_deactivated)?;
    if options.delete_old {
        progress("Deleting the old key…");
        account
            .delete(&old.access_key_id)
            .map_err(|why| RotateError::NotDeleted {
                new_key: new.access_key_id.clone(),
                old_key: old.access_key_id.clone(),
                why,
            })?;
    }
    forget();
    Ok(Rotated {
        old_key: old.access_key_id,
        new_key: new.access_key_id,
        old_deleted: options.delete_old,
        made_room,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rotation_error_says_what_iam_and_the_files_hold() {
        let key = |n: u8| format!("AKIAEXAMPLE{n:09}");
        let cloud = || CloudError::AccessDenied {
            message: "not allowed".into(),
        };
        let errors = [
            RotateError::NothingToRotate {
                profile: "dev".into(),
            },
            RotateError::Before(cloud()),
            RotateError::MfaNeeded {
                device: "arn:aws:iam::123456789012:mfa/alice".into(),
                why: "no code was typed".into(),
            },
            RotateError::AtLimit {
                other: key(3),
                state: "active",
                fix: "deactivate it in the IAM console",
            },
            RotateError::NotStored {
                new_key: key(2),
                old_key: key(1),
                why: "the keychain is locked".into(),
            },
            RotateError::NotStoredNotCleaned {
                new_key: key(2),
                old_key: key(1),
                why: "the keychain is locked".into(),
                cleanup: "no network".into(),
            },
            RotateError::NotAccepted {
                new_key: key(2),
                old_key: key(1),
                why: cloud(),
            },
            RotateError::NotDeactivated {
                new_key: key(2),
                old_key: key(1),
                why: cloud(),
            },
            RotateError::NotDeleted {
                new_key: key(2),
                old_key: key(1),
                why: cloud(),
            },
        ];
        for err in errors {
            let text = err.to_string();
            assert!(!text.contains('`') && !text.contains('\n'), "{text}");
            // Past the first step, both keys are named: the user knows which is where.
            if matches!(
                err,
                RotateError::NotStored { .. }
                    | RotateError::NotStoredNotCleaned { .. }
                    | RotateError::NotAccepted { .. }
                    | RotateError::NotDeactivated { .. }
                    | RotateError::NotDeleted { .. }
            ) {
                assert!(text.contains(&key(1)) && text.contains(&key(2)), "{text}");
            }
        }
    }
}
