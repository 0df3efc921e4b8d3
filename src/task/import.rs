//! The import task: the planned rows applied all or nothing, then the CSV files deleted.

use std::path::Path;

use super::{Finished, ImportJob, StoreFactory};
use crate::files::Workspace;
use crate::import::Destination;

/// Imports, opening the keychain only when the keys go there, and deletes the CSV files only
/// after everything is saved.
pub(super) fn run(
    store: &StoreFactory,
    program: &Path,
    mut workspace: Workspace,
    job: &ImportJob,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Finished {
    let profiles: Vec<String> = job
        .planned
        .iter()
        .filter(|row| row.action != crate::import::Action::Skip)
        .map(|row| row.profile.clone())
        .collect();
    let destination = job.options.destination;
    let finished = |workspace, result| Finished::Import {
        workspace,
        profiles: profiles.clone(),
        destination,
        result,
        deleted: Vec::new(),
        kept: Vec::new(),
    };
    let opened = match job.options.destination {
        Destination::Keychain => match store() {
            Ok(store) => Some(store),
            Err(source) => {
                let profile = job.planned.first().map(|p| p.profile.clone());
                let err = crate::Error::Keychain {
                    profile: profile.unwrap_or_default(),
                    source,
                };
                return finished(workspace, Err(err));
            }
        },
        Destination::CredentialsFile => None,
    };
    let result = crate::import::apply_with_progress(
        &mut workspace,
        opened.as_deref(),
        program,
        &job.planned,
        &job.options,
        &job.today,
        progress,
    );
    let report = match result {
        Ok(report) => report,
        Err(err) => return finished(workspace, Err(err)),
    };
    let (mut deleted, mut kept) = (Vec::new(), Vec::new());
    for file in &job.delete {
        match crate::files::delete_plaintext_copy(file) {
            Ok(()) => deleted.push(file.clone()),
            Err(err) => kept.push((file.clone(), err.to_string())),
        }
    }
    Finished::Import {
        workspace,
        profiles,
        destination,
        result: Ok(report),
        deleted,
        kept,
    }
}
