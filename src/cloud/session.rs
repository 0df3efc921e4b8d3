//! STS GetSessionToken: temporary credentials made from a profile's long-term
//! keys, with an MFA code when the profile names a device.

use std::time::Duration;

use super::account::config_for;
use super::error::classify;
use super::{CloudError, Target};
use crate::aws::StaticKeys;
use crate::secret::Secret;

/// What to ask STS for.
#[derive(Clone, Debug)]
pub struct SessionRequest<'a> {
    /// How long the session lasts, in seconds (STS: 900 to 129,600 for an IAM user).
    pub seconds: u32,
    /// The MFA device's ARN (`mfa_serial`) and the code it shows now.
    pub mfa: Option<(&'a str, &'a Secret)>,
    /// How long the call may take in all, retries included.
    pub time_limit: Duration,
}

/// Temporary credentials and their expiry.
#[derive(Clone, Debug)]
pub struct Temporary {
    /// Key ID, secret and session token.
    pub keys: StaticKeys,
    /// RFC 3339 in UTC, to the second.
    pub expiration: String,
}

/// Calls STS GetSessionToken with `keys` (long-term keys, never a profile's resolution, so
/// keyshelf's own `credential_process` is not run again). `region`: the profile's, else
/// `us-east-1`; `profile` names whose `ca_bundle` applies. Blocks; call off the UI thread.
///
/// Errors: [`CloudError`]; a wrong MFA code is [`CloudError::MfaRefused`].
pub fn session_token(
    keys: &StaticKeys,
    region: Option<&str>,
    profile: &str,
    request: &SessionRequest<'_>,
    target: &Target,
) -> Result<Temporary, CloudError> {
    let region = region.unwrap_or("us-east-1").to_owned();
    let http = super::http::client(super::http::ca_bundle(target, Some(profile)).as_deref())?;
    super::run_within(request.time_limit, async {
        let config = config_for(keys, &region, &http, target).await;
        let sts = aws_sdk_sts::Client::new(&config);
        let mut call = sts
            .get_session_token()
            .duration_seconds(i32::try_from(request.seconds).unwrap_or(i32::MAX));
        if let Some((serial, code)) = request.mfa {
            call = call.serial_number(serial).token_code(code.expose());
        }
        let answer = call.send().await.map_err(classify)?;
        let credentials = answer.credentials().ok_or_else(|| CloudError::Other {
            code: "GetSessionToken".into(),
            message: "the answer held no credentials".into(),
        })?;
        let expiration = chrono::DateTime::from_timestamp(credentials.expiration().secs(), 0)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Ok(Temporary {
            keys: StaticKeys {
                access_key_id: credentials.access_key_id().to_owned(),
                secret_access_key: Secret::new(credentials.secret_access_key()),
                session_token: Some(Secret::new(credentials.session_token())),
            },
            expiration,
        })
    })
}
