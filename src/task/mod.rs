//! Keychain tasks, each with its own result: the app runs them on a worker thread,
//! the command line runs them in place, through the same [`run`].
//!
//! A task gets the keychain from a [`StoreFactory`] (opening it can block, and may fail: no
//! Secret Service), a copy of the workspace, and the program that `credential_process` lines
//! run. What it reports is one [`Finished`] variant per kind of task, so a receiver never has to
//! guess which task ended, and a task that saved nothing cannot be mistaken for one that did.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::files::{SaveReport, Workspace};
use crate::import::{Destination, ImportOptions, Planned};
use crate::keychain::{self, Ailment, ItemKey, KeychainError, Moved, Outcome, SecretStore};

mod import;
mod session;
pub use session::{SessionDone, SessionTask};

/// Opens the keychain. Called where the task runs: connecting can block.
pub type StoreFactory = Arc<dyn Fn() -> Result<Arc<dyn SecretStore>, KeychainError> + Send + Sync>;

/// The OS keychain.
pub fn native_keychain() -> StoreFactory {
    Arc::new(|| keychain::native_store().map(Arc::from))
}

/// What the user asked of the keychain.
pub enum Task {
    Migrate(String),
    Restore(String),
    MigrateAll,
    RestoreAll,
    /// Only asks whether the profile's item is there, and its access key ID.
    Check(String),
    /// [`Task::Check`] for every profile keyshelf serves, in one go (after the files are read).
    CheckAll,
    /// Reads a keychain profile's keys for Show secret.
    Reveal(String),
    /// A new access key made in IAM, stored where the old one was, the old one deactivated
    /// ([`crate::rotate`]).
    Rotate {
        profile: String,
        target: Box<crate::cloud::Target>,
        options: crate::rotate::Options,
        /// The MFA code, when IAM asked for one in an earlier try.
        code: Option<crate::secret::Secret>,
        /// `YYYY-MM-DD`.
        today: String,
    },
    /// New keys for a keychain profile, straight into the keychain (verified), with the date.
    ReplaceKeys {
        profile: String,
        keys: Box<crate::keychain::StoredKeys>,
        /// `YYYY-MM-DD`.
        today: String,
    },
    /// Temporary credentials of a keychain profile: switch, start, end, status.
    Session {
        profile: String,
        task: SessionTask,
    },
    Import(Box<ImportJob>),
    /// Deletes the items of profiles that were deleted and saved.
    Forget(Vec<ItemKey>),
    /// Renames a keychain profile, moving its item.
    Rename {
        old: String,
        new: String,
    },
}

/// An import the user confirmed in the preview.
pub struct ImportJob {
    pub planned: Vec<Planned>,
    pub options: ImportOptions,
    /// The date recorded on each profile (`keyshelf_imported`), `YYYY-MM-DD`.
    pub today: String,
    /// CSV files to delete once their keys are in (see [`crate::files::delete_plaintext_copy`]).
    pub delete: Vec<PathBuf>,
}

/// What a task did. Tasks that save carry the workspace as it is on disk afterwards; the
/// others leave the caller's workspace alone (it may hold edits made meanwhile).
pub enum Finished {
    /// One profile moved to or from the keychain, or given new keys there; `done` says which
    /// in words ("restored to the credentials file").
    Profile {
        workspace: Workspace,
        profile: String,
        done: &'static str,
        outcome: Outcome,
    },
    /// A keychain profile renamed with its item: `references` is how many `source_profile`
    /// settings that named it now name `new`.
    Renamed {
        workspace: Workspace,
        new: String,
        outcome: Outcome,
        references: usize,
    },
    /// Secure all (`secured`) or Restore all: each profile's outcome, or the keychain could not
    /// be opened and nothing was changed.
    All {
        workspace: Workspace,
        secured: bool,
        outcomes: Result<Vec<(String, Outcome)>, KeychainError>,
    },
    /// An import: saved (its report), or failed with nothing changed. `deleted` lists the CSV
    /// files deleted after the import, and `kept` those that could not be.
    Import {
        workspace: Workspace,
        /// The profiles the import wrote, in row order (skipped rows left out).
        profiles: Vec<String>,
        /// Where their keys went.
        destination: Destination,
        result: crate::Result<SaveReport>,
        deleted: Vec<PathBuf>,
        kept: Vec<(PathBuf, String)>,
    },
    /// The profile's access key ID from its item, or what is wrong with the item.
    Check {
        profile: String,
        item: Result<String, Ailment>,
    },
    /// A rotation: done, or where it stopped and what IAM and the files hold, in words.
    Rotated {
        workspace: Workspace,
        profile: String,
        result: Result<crate::rotate::Rotated, String>,
        /// IAM wanted MFA and no code was given: the device to ask a code for, and the
        /// rotation's options to try again with.
        needs_code: Option<(String, crate::rotate::Options)>,
    },
    /// A profile's session as it is now (`None`: there is none), or why that is not known,
    /// after the task `done`.
    Session {
        profile: String,
        status: Result<Option<crate::session::SessionStatus>, String>,
        done: SessionDone,
    },
    /// Temporary credentials switched on (the session length) or off (`None`), and saved; or
    /// why not.
    Switched {
        workspace: Workspace,
        profile: String,
        result: Result<Option<u32>, String>,
    },
    /// What [`Task::CheckAll`] found, profile by profile, and the rotations that stopped before
    /// they finished (profile, the new key's ID, the old key's ID).
    CheckedAll {
        items: Vec<(String, Result<String, Ailment>)>,
        stopped_rotations: Vec<(String, String, String)>,
    },
    /// A keychain profile's keys, for Show secret (kept in memory only while shown).
    Revealed {
        profile: String,
        keys: Result<Box<crate::keychain::StoredKeys>, KeychainError>,
    },
    /// The items of deleted profiles: for each profile, why its item could not go; or the
    /// keychain could not be opened at all. The files were saved before; this changes none.
    Forget {
        forgot: Result<Vec<(String, Option<KeychainError>)>, KeychainError>,
    },
}

/// Runs a task. `progress(done, total, profile)` is called before each profile of a task over
/// many (Secure all, Restore all, an import).
pub fn run(
    task: Task,
    store: &StoreFactory,
    program: &Path,
    mut workspace: Workspace,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Finished {
    let one = |result: crate::Result<Moved>| match result {
        Ok(moved) => Outcome::Moved(moved),
        Err(err) => Outcome::Failed(err),
    };
    // The single-profile tasks report a keychain that cannot be opened as their profile's error.
    let unavailable = |profile: &str, source: KeychainError| {
        Outcome::Failed(crate::Error::Keychain {
            profile: profile.to_owned(),
            source,
        })
    };
    match task {
        Task::Migrate(profile) => {
            let outcome = match store() {
                Ok(store) => one(keychain::migrate(
                    &mut workspace,
                    store.as_ref(),
                    program,
                    &profile,
                )),
                Err(err) => unavailable(&profile, err),
            };
            Finished::Profile {
                workspace,
                profile,
                done: "moved to the keychain",
                outcome,
            }
        }
        Task::Restore(profile) => {
            let outcome = match store() {
                Ok(store) => one(keychain::restore(&mut workspace, store.as_ref(), &profile)),
                Err(err) => unavailable(&profile, err),
            };
            Finished::Profile {
                workspace,
                profile,
                done: "restored to the credentials file",
                outcome,
            }
        }
        Task::Rename { old, new } => {
            let (outcome, references) = match store() {
                Ok(store) => {
                    match keychain::rename_served(&mut workspace, store.as_ref(), &old, &new) {
                        Ok((moved, references)) => (Outcome::Moved(moved), references),
                        Err(err) => (Outcome::Failed(err), 0),
                    }
                }
                Err(err) => (unavailable(&old, err), 0),
            };
            Finished::Renamed {
                workspace,
                new,
                outcome,
                references,
            }
        }
        Task::MigrateAll => {
            let outcomes = store().map(|store| {
                keychain::migrate_all(&mut workspace, store.as_ref(), program, progress)
            });
            Finished::All {
                workspace,
                secured: true,
                outcomes,
            }
        }
        Task::RestoreAll => {
            let outcomes = store()
                .map(|store| keychain::restore_all(&mut workspace, store.as_ref(), progress));
            Finished::All {
                workspace,
                secured: false,
                outcomes,
            }
        }
        Task::Check(profile) => {
            let item = match store() {
                Ok(store) => keychain::check_item(&workspace, store.as_ref(), &profile),
                Err(err) => Err(Ailment::KeychainError(err)),
            };
            Finished::Check { profile, item }
        }
        Task::CheckAll => {
            let served: Vec<String> = workspace
                .docs
                .profile_names()
                .into_iter()
                .filter(|name| keychain::served_item(&workspace, name).is_some())
                .collect();
            let opened = store();
            let items = match &opened {
                Ok(store) => served
                    .into_iter()
                    .map(|name| {
                        let item = keychain::check_item(&workspace, store.as_ref(), &name);
                        (name, item)
                    })
                    .collect(),
                Err(err) => served
                    .into_iter()
                    .map(|name| (name, Err(Ailment::KeychainError(err.clone()))))
                    .collect(),
            };
            let stopped_rotations = match &opened {
                Ok(store) => crate::rotate::stopped_rotations(&workspace, store.as_ref()),
                Err(_) => Vec::new(),
            };
            Finished::CheckedAll {
                items,
                stopped_rotations,
            }
        }
        Task::Reveal(profile) => {
            let keys = store().and_then(|store| {
                keychain::get_item::<keychain::LongTermKeys>(
                    store.as_ref(),
                    &keychain::item_of(&workspace, &profile),
                )
            });
            Finished::Revealed {
                profile,
                keys: keys.map(Box::new),
            }
        }
        Task::Rotate {
            profile,
            target,
            options,
            code,
            today,
        } => {
            let mut needs_code = None;
            let result = crate::rotate::rotate_profile(
                &mut workspace,
                store.as_ref(),
                &profile,
                &target,
                options,
                &today,
                &mut |_| {},
                &mut |question| match &code {
                    Some(code) => Ok(code.clone()),
                    None => {
                        needs_code = Some(question.device.to_owned());
                        Err("no code was typed".into())
                    }
                },
            );
            Finished::Rotated {
                workspace,
                profile,
                // Asked for a code it did not have: the app asks the person and tries again.
                needs_code: needs_code
                    .filter(|_| result.is_err())
                    .map(|device| (device, options)),
                result: result.map_err(|e| format!("{e}.")),
            }
        }
        Task::ReplaceKeys {
            profile,
            keys,
            today,
        } => {
            let outcome = match store() {
                Ok(store) => one(keychain::replace_keys(
                    &mut workspace,
                    store.as_ref(),
                    &profile,
                    &keys,
                    &today,
                )),
                Err(err) => unavailable(&profile, err),
            };
            Finished::Profile {
                workspace,
                profile,
                done: "given new keys in the keychain",
                outcome,
            }
        }
        Task::Forget(items) => {
            let forgot = store().map(|store| {
                items
                    .iter()
                    .map(|item| (item.profile.clone(), store.delete(item).err()))
                    .collect()
            });
            Finished::Forget { forgot }
        }
        Task::Session { profile, task } => session::run(store, workspace, profile, task),
        Task::Import(job) => import::run(store, program, workspace, &job, progress),
    }
}
