//! Every user action, one function in one file, with its own typed outcome and error. The
//! command line calls them in place and prints; the app runs them as jobs off the UI thread
//! (`gui::jobs`) and takes their result back as it is typed here.
//!
//! | action | file | outcome / error |
//! |---|---|---|
//! | Secure (one, all) | `secure.rs` | [`Moved`] / [`MoveError`]; per profile [`Outcome`] |
//! | Restore (one, all) | `restore.rs` | as Secure |
//! | Rename a keychain profile | `rename.rs` | [`Renamed`] / [`MoveError`] |
//! | Replace keys | `replace_keys.rs` | [`Moved`] / [`MoveError`] |
//! | Delete's keychain clean-up | `forget.rs` | [`Forgot`] / [`KeychainError`] |
//! | Check items, Show secret | `check.rs` | [`Checked`], [`StoredKeys`](crate::keychain::StoredKeys) |
//! | Temporary on/off, start and end a session | `session.rs` | [`SessionStatus`](crate::session::SessionStatus) / [`SessionActionError`] |
//! | Import CSV rows | `import_csv.rs` | [`Imported`] / [`MoveError`] |
//! | Rotate | `rotate.rs` | [`Rotated`](crate::rotate::Rotated) / [`RotateError`](crate::rotate::RotateError) |
//! | Delete the old key after a rotation | `delete_old_key.rs` | [`DeletedKey`] / [`DeleteKeyError`] |
//! | Open the AWS console | `console.rs` | [`ConsoleSignIn`] / [`ConsoleError`] |
//! | Test | [`crate::cloud::test_profile`] | [`TestReport`](crate::cloud::TestReport) / [`CloudError`](crate::cloud::CloudError) |
//! | MFA devices of the key's user | `mfa_devices.rs` | [`MfaDevice`](crate::cloud::account::MfaDevice) list / [`MfaDevicesError`] |
//! | Health, `doctor` | `health.rs` | [`Report`](crate::doctor::Report) |
//! | Install and repoint | `install.rs` | [`InstalledAndRepointed`] / [`InstallError`](crate::install::InstallError) |
//!
//! Each takes what it works on explicitly: the workspace, a [`StoreFactory`] (opening the
//! keychain can block or fail, so it happens inside the action), the program that
//! `credential_process` lines run, the AWS target, today's date, a progress callback and, where
//! AWS may want one, a way to ask for an MFA code.

use std::sync::Arc;

use crate::keychain::{self, KeychainError, SecretStore};

mod check;
mod console;
mod delete_old_key;
mod forget;
mod health;
mod import_csv;
mod install;
mod mfa_devices;
mod rename;
mod replace_keys;
mod restore;
mod rotate;
mod secure;
mod session;
mod sso;

pub use check::{Checked, check_all, check_one, reveal};
pub use console::{ConsoleError, ConsoleSignIn, MAX_SECONDS, console_sign_in};
pub use delete_old_key::{DeleteKeyError, DeletedKey, delete_old_key};
pub use forget::{Forgot, forget};
pub use health::{HealthInputs, health_check};
pub use import_csv::{ImportJob, Imported, import_rows};
pub use install::{InstallActionError, InstalledAndRepointed, install_and_repoint};
pub use mfa_devices::{MfaDevicesError, mfa_devices};
pub use rename::{Renamed, rename_keychain_profile};
pub use replace_keys::replace_keys;
pub use restore::{restore, restore_all};
pub use rotate::rotate;
pub use secure::{secure, secure_all};
pub use session::{
    SessionActionError, end_session, session_status, start_session, switch_temporary,
};
pub use sso::{
    RolePick, SignInWays, SignedIn, SsoAdded, legacy_profiles, profiles_of, sso_add, sso_import,
    sso_login, sso_logout, sso_roles, sso_status,
};

pub use crate::keychain::{MoveError, Moved, Outcome};

/// Opens the keychain. Called where the action runs: connecting can block.
pub type StoreFactory = Arc<dyn Fn() -> Result<Arc<dyn SecretStore>, KeychainError> + Send + Sync>;

/// `progress(done, total, profile)`: called before each profile of an action over many.
pub type Progress<'a> = dyn FnMut(usize, usize, &str) + 'a;

/// The OS keychain.
pub fn native_keychain() -> StoreFactory {
    Arc::new(|| keychain::native_store().map(Arc::from))
}

/// The keychain, or the error a single-profile action reports when it cannot be opened.
fn open(store: &StoreFactory, profile: &str) -> Result<Arc<dyn SecretStore>, MoveError> {
    store().map_err(|source| MoveError::Keychain {
        profile: profile.to_owned(),
        source,
    })
}

/// The keychain where `profile`'s keys are served from it; for keys in the files, an empty
/// stand-in when no keychain can be opened (a machine without one must still reach its keys).
fn open_for_keys(
    workspace: &crate::files::Workspace,
    store: &StoreFactory,
    profile: &str,
) -> Result<Arc<dyn SecretStore>, MoveError> {
    match keychain::served_item(workspace, profile) {
        Some(_) => open(store, profile),
        None => Ok(store().unwrap_or_else(|_| Arc::new(keychain::MemoryStore::new()))),
    }
}
