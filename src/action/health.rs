//! Health and `keyshelf doctor`: the files as read, the keychain's key IDs (to name a copy found
//! elsewhere as a profile's) and the environment, put together once for both faces.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::StoreFactory;
use crate::aws::AwsPaths;
use crate::doctor::{self, Progress, Report, ScanLimits};
use crate::files::Workspace;

/// What the check looks at besides the keychain.
pub struct HealthInputs {
    pub paths: AwsPaths,
    /// Searched for copies of keys; `None` skips the search.
    pub home: Option<PathBuf>,
    /// The AWS CLI's folder (`~/.aws`), for its plaintext caches.
    pub aws_cli_folder: Option<PathBuf>,
    pub limits: ScanLimits,
}

/// Runs every check; `cancel` stops the search for copies, `progress` hears how far it is.
pub fn health_check(
    inputs: HealthInputs,
    store: &StoreFactory,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Report {
    // Always the files on disk, as the AWS tools read them now: not the app's copy, which may
    // hold unsaved edits. A file that cannot be read is a finding; the other checks still run.
    let workspace = Workspace::load(inputs.paths.clone());
    // A keychain that cannot be opened only makes the names of copies less precise.
    let keychain_keys = match (&workspace, store()) {
        (Ok(workspace), Ok(store)) => doctor::keychain_keys(workspace, store.as_ref()),
        _ => Default::default(),
    };
    let checked = doctor::Inputs {
        paths: &inputs.paths,
        files: workspace.as_ref(),
        home: inputs.home,
        environment: doctor::environment_of_process(),
        keychain_keys,
        aws_cli_folder: inputs.aws_cli_folder,
        today: chrono::Local::now().date_naive(),
        limits: inputs.limits,
    };
    doctor::check(&checked, cancel, progress)
}
