//! The helpers the rotation's steps call: IAM calls that fall back to an MFA session when IAM
//! refuses the plain key, and storing the new key where the old one was. Apart from `mod.rs`
//! so that the entry point reads as the sequence of steps, without their mechanics.

use std::time::Duration;

use crate::aws::StaticKeys;
use crate::cloud::{Account, CloudError, SessionRequest, Target};
use crate::files::Workspace;
use crate::keychain::{self, KeyHome, SecretStore};

use super::RotateError;

/// How long the MFA session for the IAM calls lasts: STS's shortest.
const MFA_SESSION_SECONDS: u32 = 900;

/// Where IAM refuses the plain key and the profile names a device: the IAM calls go on with an
/// MFA session from then on (asked for once).
pub(super) struct MfaFallback<'a> {
    pub(super) keys: &'a StaticKeys,
    pub(super) region: Option<&'a str>,
    pub(super) device: Option<&'a str>,
    pub(super) profile: &'a str,
    pub(super) target: &'a Target,
    /// The account is reached through an MFA session now.
    pub(super) used: bool,
}

impl MfaFallback<'_> {
    /// `call` on `account`; when IAM refuses it and MFA may help, again on an MFA session,
    /// which `account` then becomes. Errors before any change: [`RotateError::Before`].
    pub(super) fn call<T>(
        &mut self,
        account: &mut Account,
        ask: &mut crate::session::AskCode<'_>,
        progress: &mut dyn FnMut(&str),
        call: impl Fn(&Account) -> Result<T, CloudError>,
    ) -> Result<T, RotateError> {
        let err = match call(account) {
            Ok(value) => return Ok(value),
            Err(err) => err,
        };
        let Some(device) = self.device.filter(|_| !self.used) else {
            return Err(RotateError::Before(err));
        };
        if !matches!(err, CloudError::AccessDenied { .. }) {
            return Err(RotateError::Before(err));
        }
        progress("Asking for an MFA code…");
        let session = mfa_session(
            self.keys,
            self.region,
            device,
            self.profile,
            self.target,
            ask,
        )?;
        *account = Account::with_keys(&session, self.region, self.profile, self.target)
            .map_err(RotateError::Before)?;
        self.used = true;
        call(account).map_err(RotateError::Before)
    }
}

/// A short STS session made with `keys` and a code from `device`, for IAM calls that need MFA.
fn mfa_session(
    keys: &StaticKeys,
    region: Option<&str>,
    device: &str,
    profile: &str,
    target: &Target,
    ask: &mut crate::session::AskCode<'_>,
) -> Result<StaticKeys, RotateError> {
    let question = crate::session::MfaQuestion {
        profile,
        device,
        time_left: Duration::from_secs(60),
    };
    let code = ask(&question).map_err(|why| RotateError::MfaNeeded {
        device: device.to_owned(),
        why: why.0,
    })?;
    let request = SessionRequest {
        seconds: MFA_SESSION_SECONDS,
        mfa: Some((device, &code)),
        time_limit: crate::cloud::CALL_TIMEOUT,
    };
    crate::cloud::session_token(keys, region, profile, &request, target)
        .map(|temporary| temporary.keys)
        .map_err(RotateError::Before)
}

/// Puts the new key where the old one was, with the date, and saves.
pub(super) fn store_keys(
    workspace: &mut Workspace,
    store: &dyn SecretStore,
    name: &str,
    new: &StaticKeys,
    home: &KeyHome,
    today: &str,
) -> Result<(), crate::keychain::MoveError> {
    match home {
        KeyHome::Keychain => keychain::replace_keys(workspace, store, name, new, today).map(|_| ()),
        KeyHome::Files => {
            let before = workspace.docs.clone();
            let written = workspace
                .docs
                .set(name, "aws_access_key_id", &new.access_key_id)
                .and_then(|_| {
                    workspace.docs.set(
                        name,
                        "aws_secret_access_key",
                        new.secret_access_key.expose(),
                    )
                })
                .and_then(|_| workspace.docs.set(name, keychain::ROTATED_KEY, today))
                .map_err(crate::keychain::MoveError::from)
                .and_then(|_| {
                    workspace
                        .save()
                        .map(|_| ())
                        .map_err(crate::keychain::MoveError::from)
                });
            if written.is_err() {
                workspace.docs = before;
            }
            written
        }
    }
}
