//! Import: the planned CSV rows applied all or nothing (into the keychain or the credentials
//! file), then the CSV files deleted once everything is saved.

use std::path::{Path, PathBuf};

use super::{MoveError, Progress, StoreFactory};
use crate::files::{SaveReport, Workspace};
use crate::import::{Destination, ImportOptions, Planned};

/// An import the user confirmed (the app's preview, the command line's arguments).
pub struct ImportJob {
    pub planned: Vec<Planned>,
    pub options: ImportOptions,
    /// The date recorded on each profile (`keyshelf_imported`), `YYYY-MM-DD`.
    pub today: String,
    /// CSV files to delete once their keys are in (see [`crate::files::delete_plaintext_copy`]).
    pub delete: Vec<PathBuf>,
}

/// What an import did: the profiles it wrote, in row order (skipped rows left out), its save,
/// the CSV files deleted and those that could not be (with why).
pub struct Imported {
    pub profiles: Vec<String>,
    pub destination: Destination,
    pub report: SaveReport,
    pub deleted: Vec<PathBuf>,
    pub kept: Vec<(PathBuf, String)>,
}

/// Imports, opening the keychain only when the keys go there, and deletes the CSV files only
/// after everything is saved. On an error nothing was changed.
pub fn import_rows(
    workspace: &mut Workspace,
    store: &StoreFactory,
    program: &Path,
    job: &ImportJob,
    progress: &mut Progress<'_>,
) -> Result<Imported, MoveError> {
    let profiles: Vec<String> = job
        .planned
        .iter()
        .filter(|row| row.action != crate::import::Action::Skip)
        .map(|row| row.profile.clone())
        .collect();
    let opened = match job.options.destination {
        Destination::Keychain => Some(store().map_err(|source| MoveError::Keychain {
            profile: profiles.first().cloned().unwrap_or_default(),
            source,
        })?),
        // Keys replacing a keychain profile's: its item goes once the files are saved, when
        // the keychain can be opened (an import to the file never fails for want of it).
        Destination::CredentialsFile => job
            .planned
            .iter()
            .any(|row| {
                row.action != crate::import::Action::Skip
                    && workspace.docs.runs_keyshelf(&row.profile)
            })
            .then(|| store().ok())
            .flatten(),
    };
    let report = crate::keychain::apply_import_with_progress(
        workspace,
        opened.as_deref(),
        program,
        &job.planned,
        &job.options,
        &job.today,
        progress,
    )?;
    let (mut deleted, mut kept) = (Vec::new(), Vec::new());
    for file in &job.delete {
        match crate::files::delete_plaintext_copy(file) {
            Ok(()) => deleted.push(file.clone()),
            Err(err) => kept.push((file.clone(), err.to_string())),
        }
    }
    Ok(Imported {
        profiles,
        destination: job.options.destination,
        report,
        deleted,
        kept,
    })
}
