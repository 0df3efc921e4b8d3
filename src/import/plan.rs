//! From read rows to written profiles: what each row will do (the preview), and doing it all or
//! nothing.

use std::path::Path;

use crate::aws::FileKind;
use crate::aws::names::check_profile_name;
use crate::aws::{SECRET_KEYS, StaticKeys};
use crate::keychain::MoveError as Error;
type Result<T, E = Error> = std::result::Result<T, E>;
use crate::files::{SaveReport, Workspace};
use crate::keychain::{Expect, ItemKey, Others, Proof, SecretStore, Written, keyshelf_line};
use crate::secret::Secret;

use super::ImportRow;

/// Where imported keys go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// The OS keychain; the profile runs `keyshelf credential-process`.
    Keychain,
    /// The plaintext credentials file, as `aws configure import` does.
    CredentialsFile,
}

/// What to do when a profile of the same name exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnConflict {
    /// Stop; import nothing.
    Fail,
    /// Replace its keys (its other settings stay).
    Replace,
    /// Import under the first free name `NAME-2`, `NAME-3`, …
    Rename,
    /// Leave it; import the other rows.
    Skip,
}

/// What one row will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    ReplaceKeys,
    Skip,
}

/// One row of the preview: the profile it becomes and what happens to it.
#[derive(Clone, Debug)]
pub struct Planned {
    /// The file the row came from, as named in [`Candidate::source`].
    pub source: String,
    pub row: usize,
    pub profile: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub action: Action,
}

/// Settings for every imported profile.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub destination: Destination,
    pub region: Option<String>,
    pub output: Option<String>,
}

/// The config key that records when keys were imported, so the app can suggest rotation. The
/// AWS tools ignore keys they do not know.
pub const IMPORTED_KEY: &str = "keyshelf_imported";

/// A row to import, where it came from, and the profile name chosen for it (the suggestion,
/// or what the user typed).
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The file's name, for messages.
    pub source: String,
    pub row: ImportRow,
    pub name: String,
}

/// The rows of one CSV file as candidates, each named by its suggested profile name (empty when
/// the file has none): what the preview lists and `keyshelf import` plans. `source` names the
/// file in messages.
pub fn candidates(source: &str, rows: Vec<crate::import::ImportRow>) -> Vec<Candidate> {
    rows.into_iter()
        .map(|row| Candidate {
            source: source.to_owned(),
            name: row.profile_name.clone().unwrap_or_default(),
            row,
        })
        .collect()
}

/// Splits the CSV files of an import into those that may be deleted once it is saved and those
/// to keep: a file with a skipped row is kept, because that key was not imported and the
/// console shows a secret key once, so the file may be its only copy. `skipped` holds the
/// `source` of each skipped row; `source_of` names a file as its candidates' `source` does.
pub fn safe_to_delete(
    files: &[std::path::PathBuf],
    skipped: &[&str],
    source_of: &dyn Fn(&std::path::Path) -> String,
) -> (Vec<std::path::PathBuf>, Vec<std::path::PathBuf>) {
    files
        .iter()
        .cloned()
        .partition(|file| !skipped.contains(&source_of(file).as_str()))
}

/// Decides what each row does. Fails, naming the row, on a missing or invalid name, on
/// two rows with the same name, and (with [`OnConflict::Fail`]) on an existing profile.
pub fn plan(
    workspace: &Workspace,
    candidates: &[Candidate],
    on_conflict: OnConflict,
) -> std::result::Result<Vec<Planned>, super::PlanError> {
    // A set: a Vec made planning 8,000 rows quadratic.
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut planned = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let row = &candidate.row;
        let name = candidate.name.trim();
        let row_error = |why: String| super::PlanError {
            file: candidate.source.clone(),
            row: row.row,
            why,
        };
        if name.is_empty() {
            return Err(row_error(
                "there is no user name to name its profile; choose a name".to_owned(),
            ));
        }
        check_profile_name(name).map_err(|err| row_error(err.to_string()))?;
        let exists = workspace.docs.exists(name);
        let (profile, action) = match (exists, on_conflict) {
            (false, _) => (name.to_owned(), Action::Create),
            (true, OnConflict::Fail) => {
                return Err(row_error(format!(
                    "a profile named “{}” exists; choose replace, rename or skip",
                    name.escape_debug()
                )));
            }
            (true, OnConflict::Replace) => (name.to_owned(), Action::ReplaceKeys),
            (true, OnConflict::Skip) => (name.to_owned(), Action::Skip),
            (true, OnConflict::Rename) => {
                let free = super::free_profile_name(&workspace.docs, name, &|candidate| {
                    taken.contains(candidate)
                });
                (free, Action::Create)
            }
        };
        if action != Action::Skip && taken.contains(&profile) {
            return Err(row_error(format!(
                "profile “{}” is already the name of another row",
                profile.escape_debug()
            )));
        }
        taken.insert(profile.clone());
        planned.push(Planned {
            source: candidate.source.clone(),
            row: row.row,
            profile,
            access_key_id: row.access_key_id.clone(),
            secret_access_key: row.secret_access_key.clone(),
            action,
        });
    }
    Ok(planned)
}

/// Imports every planned row in one save. All or nothing: if any step fails, the files are
/// untouched and every keychain item this call wrote is removed (or put back as it was).
pub fn apply(
    workspace: &mut Workspace,
    store: Option<&dyn SecretStore>,
    program: &Path,
    planned: &[Planned],
    options: &ImportOptions,
    today: &str,
) -> Result<SaveReport> {
    apply_with_progress(
        workspace,
        store,
        program,
        planned,
        options,
        today,
        &mut |_, _, _| {},
    )
}

/// [`apply`], calling `progress(done, total, profile)` before each row (keychain writes can be
/// slow: the app shows a progress bar).
pub fn apply_with_progress(
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
            let profiles: Vec<&str> = imported
                .iter()
                .map(|(row, _)| row.profile.as_str())
                .collect();
            return Ok::<_, Error>(workspace.save_moving_secrets(&profiles)?);
        }
        Ok::<_, Error>(workspace.save()?)
    })();
    match result {
        Ok(mut report) => {
            // Keys now in the file replaced these keychain items: they would only linger.
            if let Some(store) = store {
                for item in &stale_items {
                    let _ = store.delete(item);
                }
            }
            // Keys now in the keychain leave no copy in the backups (the keys they replaced
            // neither).
            if options.destination == Destination::Keychain {
                let profiles: Vec<&str> = imported
                    .iter()
                    .map(|(row, _)| row.profile.as_str())
                    .collect();
                report.scrub = workspace.scrub_backups(&profiles);
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
            // Old keys anywhere in the profile would win over (or mix with) the new ones.
            for key in SECRET_KEYS {
                workspace.docs.unset(name, key)?;
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
