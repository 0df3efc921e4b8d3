//! Install: keyshelf copied to its stable per-user place (or under a prefix), then the profiles
//! it serves pointed at that copy and saved, so the AWS tools never run a program that may go.

use crate::files::{FilesError, SaveReport, Workspace};
use crate::install::{self, InstallError, Installed, Places};
use crate::keychain::MoveError;

pub struct InstalledAndRepointed {
    pub installed: Installed,
    /// The profiles whose `credential_process` now runs the installed copy.
    pub repointed: Vec<String>,
    /// The save of those lines (`None`: none changed).
    pub report: Option<SaveReport>,
}

#[derive(Debug, thiserror::Error)]
pub enum InstallActionError {
    #[error(transparent)]
    Install(#[from] InstallError),
    /// Installed, but the profiles could not be pointed at it.
    #[error("keyshelf is installed, but its profiles could not be pointed at it: {0}")]
    Repoint(#[from] MoveError),
    #[error("keyshelf is installed, but the files could not be saved: {0}")]
    Save(#[from] FilesError),
}

impl crate::fault::Fault for InstallActionError {
    fn is_user_error(&self) -> bool {
        match self {
            InstallActionError::Install(err) => err.is_user_error(),
            InstallActionError::Repoint(err) => err.is_user_error(),
            InstallActionError::Save(err) => err.is_user_error(),
        }
    }
}

/// Installs the running program at `places`, then points every served profile of `workspace`
/// at it and saves (`workspace` is `None` when it holds unsaved edits: nothing is repointed).
pub fn install_and_repoint(
    places: &Places,
    workspace: Option<&mut Workspace>,
) -> Result<InstalledAndRepointed, InstallActionError> {
    let installed = install::install(places)?;
    let Some(workspace) = workspace else {
        return Ok(InstalledAndRepointed {
            installed,
            repointed: Vec::new(),
            report: None,
        });
    };
    let repointed =
        crate::keychain::repair_all_program_paths(workspace, &installed.places.program, false)?;
    let report = match repointed.is_empty() {
        true => None,
        false => Some(workspace.save()?),
    };
    Ok(InstalledAndRepointed {
        installed,
        repointed,
        report,
    })
}
