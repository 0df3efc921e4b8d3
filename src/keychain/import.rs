//! An import, all or nothing: the planned rows ([`crate::import::plan`]) written into the
//! files and, for the keychain, into items served through `credential_process`, proven against
//! the AWS tools' resolution before anything is saved.

use std::path::Path;

use super::move_error::{MoveError as Error, Result};
use super::{Expect, ItemKey, Others, Proof, SecretStore, Written, keyshelf_line};
use crate::aws::FileKind;
use crate::aws::{SECRET_KEYS, StaticKeys};
use crate::files::{SaveReport, Workspace};
use crate::import::{Action, Destination, IMPORTED_KEY, ImportOptions, Planned};

/// Imports every planned row in one save. All or nothing: if any step fails, the files are
/// untouched and every keychain item this call wrote is removed (or put back as it was).
pub fn apply_import(
    workspace: &mut Workspace,
    store: Option<&dyn SecretStore>,
    program: &Path,
    planned: &[Planned],
    options: &ImportOptions,
    today: &str,
) -> Result<SaveReport> {
    apply_import_with_progress(
        workspace,
        store,
        program,
        planned,
        options,
        today,
        &mut |_, _, _| {},
    )
}

/// [`apply_import`], calling `progress(done, total, profile)` before each row (keychain writes can be
/// slow: the app shows a progress bar).
pub fn apply_import_with_progress(
    workspace: &mut Workspace,
    store: Option<&dyn SecretStore>,
    program: &Path,
    planned: &[Planned],
    options: &ImportOptions,
    today: &str,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<SaveReport> {
    if workspace.is_dirty() {
        return Err(crate::files::FilesError::UnsavedChanges.into());
    }
    workspace.check_both_writable()?;
    let before = workspace.docs.clone();
    let mut written: Vec<Written> = Vec::new();
    let imported: Vec<(&Planned, StaticKeys)> = planned
        .iter()
        .filter(|row| row.action != Action::Skip)
        .map(|row| {
            let keys = StaticKeys {
                access_key_id: row.access_key_id.clone(),
                secret_access_key: row.secret_access_key.clone(),
                session_token: None,
            };
            (row, keys)
        })
        .collect();
    // Puts every item this import touched back as it was; the profiles whose items could not
    // be put back (a keychain that locked half-way) are named in the error.
    let undo = |written: &[Written]| -> Vec<String> {
        let Some(store) = store else {
            return Vec::new();
        };
        written
            .iter()
            .rev()
            .filter(|w| !w.put_back(store))
            .map(|w| w.item.profile.clone())
            .collect()
    };
    // The keys an import to the keychain moves out of the files, for the backups' clean-up: the
    // new ones, and those the files held for these profiles, whatever the backups call them.
    let moving = crate::files::Moving {
        profiles: imported
            .iter()
            .map(|(row, _)| row.profile.clone())
            .collect(),
        key_ids: imported
            .iter()
            .flat_map(|(row, keys)| {
                let old = before.static_keys(&row.profile).map(|k| k.access_key_id);
                std::iter::once(keys.access_key_id.clone()).chain(old)
            })
            .collect(),
    };
    let mut stale_items: Vec<ItemKey> = Vec::new();
    let result = (|| {
        // Skipped rows count in the progress too: the preview listed them.
        let mut rows = imported.iter();
        for (done, row) in planned.iter().enumerate() {
            progress(done, planned.len(), &row.profile);
            if row.action == Action::Skip {
                continue;
            }
            let Some((row, keys)) = rows.next() else {
                break;
            };
            write_profile(
                workspace,
                store,
                program,
                row,
                keys,
                options,
                today,
                &mut written,
                &mut stale_items,
            )?;
        }
        prove_import(&before, &workspace.docs, &imported, options.destination)?;
        if options.destination == Destination::Keychain {
            return Ok::<_, Error>(workspace.save_moving_secrets(&moving)?);
        }
        Ok::<_, Error>(workspace.save()?)
    })();
    match result {
        Ok(mut report) => {
            // Keys now in the file replaced these keychain items: they would only linger.
            // Unless another profile's line still reads one (a duplicate's).
            if let Some(store) = store {
                for item in &stale_items {
                    if super::migrate::users_of_item(workspace, item).is_empty() {
                        let _ = store.delete(item);
                    }
                }
            }
            // Keys now in the keychain leave no copy in the backups (the keys they replaced
            // neither).
            if options.destination == Destination::Keychain {
                report.scrub = workspace.scrub_backups(&moving);
            }
            Ok(report)
        }
        Err(err) => {
            workspace.docs = before;
            let stuck = undo(&written);
            if stuck.is_empty() {
                Err(err)
            } else {
                Err(Error::NotUndone {
                    cause: Box::new(err),
                    profiles: stuck,
                })
            }
        }
    }
}

/// Each imported profile must resolve, as the AWS tools resolve it, to exactly its new keys in
/// the chosen place, and every other profile that worked must still work.
fn prove_import(
    before: &crate::aws::SharedFiles,
    after: &crate::aws::SharedFiles,
    imported: &[(&Planned, StaticKeys)],
    destination: Destination,
) -> Result<()> {
    let targets = imported
        .iter()
        .map(|(row, keys)| {
            let expect = match destination {
                Destination::Keychain => Expect::Keychain(keys),
                Destination::CredentialsFile => Expect::CredentialsFile(keys),
            };
            (row.profile.as_str(), expect)
        })
        .collect();
    let items = match destination {
        Destination::Keychain => imported
            .iter()
            .map(|(row, keys)| (row.profile.clone(), keys))
            .collect(),
        Destination::CredentialsFile => Default::default(),
    };
    Proof {
        targets,
        items,
        renamed: None,
        others: Others::StillWork,
    }
    .check(before, after)
}

#[allow(clippy::too_many_arguments)] // one row's whole context; a struct would only rename it
fn write_profile(
    workspace: &mut Workspace,
    store: Option<&dyn SecretStore>,
    program: &Path,
    row: &Planned,
    keys: &StaticKeys,
    options: &ImportOptions,
    today: &str,
    written: &mut Vec<Written>,
    stale_items: &mut Vec<ItemKey>,
) -> Result<()> {
    let name = row.profile.as_str();
    let keychain_error = |source| Error::Keychain {
        profile: name.to_owned(),
        source,
    };
    if !workspace.docs.exists(name) {
        workspace.docs.create(name)?;
    }
    match options.destination {
        Destination::CredentialsFile => {
            // Old keys anywhere in the profile would win over (or mix with) the new ones. Where
            // the credentials file holds the old pair, the new pair takes its very lines (set
            // in place below): only what the new keys do not replace goes.
            for key in SECRET_KEYS {
                let in_place = matches!(key, "aws_access_key_id" | "aws_secret_access_key")
                    && workspace.docs.holds(FileKind::Credentials, name, key);
                if in_place {
                    workspace.docs.unset_in(FileKind::Config, name, key)?;
                } else {
                    workspace.docs.unset(name, key)?;
                }
            }
            if workspace.docs.runs_keyshelf(name) {
                // The new keys replace the keychain ones: the line goes, and so (after the
                // save) does the item.
                stale_items.push(crate::keychain::item_of(workspace, name));
                workspace.docs.unset(name, "credential_process")?;
            }
            let files = &mut workspace.docs;
            files.set_in(
                FileKind::Credentials,
                name,
                "aws_access_key_id",
                &keys.access_key_id,
            )?;
            files.set_in(
                FileKind::Credentials,
                name,
                "aws_secret_access_key",
                keys.secret_access_key.expose(),
            )?;
        }
        Destination::Keychain => {
            let store = store.ok_or_else(|| {
                keychain_error(crate::keychain::KeychainError::Unavailable {
                    detail: "no keychain was opened".to_owned(),
                })
            })?;
            let command =
                keyshelf_line(&workspace.docs, name, program, name).map_err(|source| {
                    Error::Command {
                        profile: name.to_owned(),
                        source,
                    }
                })?;
            let item = ItemKey::new(name, &workspace.paths.credentials);
            super::migrate::check_item_free(workspace, &item, name)?;
            written.push(Written::new(store, item, keys, name)?);
            // The profile's old keys are replaced on purpose (the import's "replace"), in both
            // files, as for the credentials file above; then as a migration does: the rest of
            // the credentials section stays, an empty section goes.
            for key in SECRET_KEYS {
                workspace.docs.unset(name, key)?;
            }
            workspace.docs.replace_keys_with_process(name, &command)?;
        }
    }
    if let Some(region) = options.region.as_deref().filter(|r| !r.trim().is_empty()) {
        workspace.docs.set(name, "region", region.trim())?;
    }
    if let Some(output) = options.output.as_deref().filter(|o| !o.trim().is_empty()) {
        workspace.docs.set(name, "output", output.trim())?;
    }
    workspace.docs.set(name, IMPORTED_KEY, today)?;
    Ok(())
}
