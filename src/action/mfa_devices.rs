//! MFA devices: those of the IAM user whose long-term key the profile holds (in the files or the
//! keychain), asked with that key, for the picker beside temporary credentials.

use super::StoreFactory;
use crate::cloud::account::{Account, MfaDevice};
use crate::cloud::{CloudError, Target};
use crate::files::Workspace;
use crate::keychain::{self, MoveError};

#[derive(Debug, thiserror::Error)]
pub enum MfaDevicesError {
    #[error("profile “{}” has no long-term access key to ask IAM with", profile.escape_debug())]
    NoKey { profile: String },
    #[error(transparent)]
    Keychain(#[from] MoveError),
    #[error(transparent)]
    Cloud(#[from] CloudError),
}

impl crate::fault::Fault for MfaDevicesError {
    fn is_user_error(&self) -> bool {
        match self {
            MfaDevicesError::NoKey { .. } => true,
            MfaDevicesError::Keychain(err) => err.is_user_error(),
            MfaDevicesError::Cloud(err) => err.is_user_error(),
        }
    }

    fn details(&self) -> Option<String> {
        match self {
            MfaDevicesError::Keychain(err) => err.details(),
            MfaDevicesError::Cloud(err) => err.details(),
            MfaDevicesError::NoKey { .. } => None,
        }
    }
}

/// The user's MFA devices, oldest first as IAM lists them.
pub fn mfa_devices(
    workspace: &Workspace,
    store: &StoreFactory,
    profile: &str,
    target: &Target,
) -> Result<Vec<MfaDevice>, MfaDevicesError> {
    let store = super::open_for_keys(workspace, store, profile)?;
    let no_key = || MfaDevicesError::NoKey {
        profile: profile.to_owned(),
    };
    let (keys, _) =
        keychain::long_term_key(workspace, store.as_ref(), profile)?.ok_or_else(no_key)?;
    let region = workspace.docs.profile(profile).and_then(|p| p.region);
    let account = Account::with_keys(&keys, region.as_deref(), profile, target)?;
    Ok(account.list_mfa_devices()?)
}
