//! Signing in to an SSO session with the device authorization flow (RFC 8628), as
//! `aws sso login --use-device-code` does: a client registration (kept and reused until it
//! expires), a code the person confirms in a browser, anywhere, and CreateToken asked every
//! `interval` seconds until they approve, deny, or the code expires. The tokens go to the
//! keychain; nothing is written to a file.

use std::time::{Duration, Instant};

use chrono::Utc;

use super::{SignIn, SsoError, SsoTokens, session_item};
use crate::aws::SsoSession;
use crate::cloud::sso::{DeviceAuthorization, IdentityCenter, SsoCallError};
use crate::keychain::{KeychainError, SecretStore, delete_item, get_item};

/// What the person is told while the sign-in waits for them.
pub enum DeviceStep<'a> {
    /// Open this address and confirm this code.
    Confirm(&'a DeviceAuthorization),
    /// Still waiting; this many seconds are left.
    Waiting(u64),
}

/// Signs in to `session` with the device flow: `tell` hears the address and code (to print,
/// show, or open in a browser) and then each wait. Returns the sign-in as stored.
pub fn sign_in_with_device(
    center: &IdentityCenter,
    store: &dyn SecretStore,
    session: &SsoSession,
    credentials_file: &std::path::Path,
    tell: &mut dyn FnMut(DeviceStep<'_>),
    cancelled: &dyn Fn() -> bool,
) -> Result<SignIn, SsoError> {
    let item = session_item(&session.name, credentials_file);
    // The registration is reused while it lasts (the AWS CLI keeps it 90 days too); a new one
    // is made for another start URL or region, and after a sign-in in the browser, whose
    // registration IAM Identity Center refuses the device code.
    let now = Utc::now();
    let known = match get_item::<SsoTokens>(store, &item) {
        Ok(known) => Some(known),
        Err(KeychainError::NotFound | KeychainError::NotOurs) => None,
        Err(err) => return Err(err.into()),
    };
    let registration = match known.filter(|k| k.reusable_for_device(session, now.timestamp())) {
        Some(known) => known.registration(),
        None => center.register(&session.scopes)?,
    };
    let device = center.start_device(&registration, &session.start_url)?;
    tell(DeviceStep::Confirm(&device));
    let deadline = Instant::now() + Duration::from_secs(device.expires_in.max(1));
    let mut interval = Duration::from_secs(device.interval);
    let token = loop {
        std::thread::sleep(interval);
        if cancelled() {
            return Err(SsoError::Cancelled);
        }
        match center.poll_device(&registration, &device) {
            Ok(token) => break token,
            Err(SsoCallError::Pending { slow_down }) => {
                if slow_down {
                    interval += Duration::from_secs(5);
                }
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(SsoError::TimedOut {
                        minutes: device.expires_in.div_ceil(60),
                        device: true,
                    });
                }
                tell(DeviceStep::Waiting(left.as_secs()));
            }
            Err(SsoCallError::Denied) => return Err(SsoError::Denied),
            // The code expired at AWS before our clock said so.
            Err(SsoCallError::SignInNeeded { .. }) => {
                return Err(SsoError::TimedOut {
                    minutes: device.expires_in.div_ceil(60),
                    device: true,
                });
            }
            Err(err) => return Err(err.into()),
        }
    };
    SignIn::keep(store, session, credentials_file, &registration, token)
}

/// Signs out of `session`: AWS is told (Logout) when it can be reached, and the tokens and the
/// registration leave the keychain whatever it said. `profiles`' cached role credentials go too.
/// Returns whether there was a sign-in to end.
pub fn sign_out(
    center: Option<&IdentityCenter>,
    store: &dyn SecretStore,
    session: &str,
    credentials_file: &std::path::Path,
    profiles: &[String],
) -> Result<bool, SsoError> {
    let item = session_item(session, credentials_file);
    let known = match get_item::<SsoTokens>(store, &item) {
        Ok(known) => Some(known),
        Err(KeychainError::NotFound | KeychainError::NotOurs) => None,
        Err(err) => return Err(err.into()),
    };
    if let (Some(center), Some(known)) = (center, &known) {
        // A token AWS no longer knows is as good as logged out.
        let _ = center.logout(&known.access_token);
    }
    for profile in profiles {
        let role_item = crate::keychain::ItemKey::new(profile, credentials_file);
        delete_item::<crate::keychain::SessionKeys>(store, &role_item)?;
    }
    delete_item::<SsoTokens>(store, &item)?;
    Ok(known.is_some())
}
