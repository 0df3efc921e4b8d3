//! IAM Identity Center (SSO) sign-ins kept in the keychain, never in a file: the client
//! registration, the access token and the refresh token of one `[sso-session NAME]` live in one
//! keychain item (`sso-session NAME @ CREDENTIALS_PATH #sso`), where the AWS CLI would write
//! plaintext JSON under `~/.aws/sso/cache`. Profiles made from the sign-in's accounts and roles
//! are served through keyshelf's `credential_process` (see [`serve`]), so the AWS tools never
//! look for a token file.

mod browser;
mod export;
mod login;
mod profiles;
mod serve;

use chrono::{DateTime, Utc};
use zeroize::Zeroizing;

use crate::cloud::sso::{ClientFlow, Registration, SsoCallError, Token};
use crate::keychain::{ItemKey, ItemKind, KeychainError};
use crate::secret::Secret;

pub use browser::{BROWSER_WAIT, sign_in_with_browser};
pub use export::{
    cli_cache_file, export_for_legacy_profiles, export_to_cli_cache, remove_cli_cache,
};
pub use login::{DeviceStep, sign_in_with_device, sign_out};
pub use profiles::{SsoProfile, plan_profiles, sso_line};
pub use serve::{SsoRole, role_credentials, token_for};

/// What a sign-in keeps in the keychain.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct SignIn {
    pub start_url: String,
    pub region: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// Unix seconds: the registration must be renewed after this.
    pub client_expires_at: i64,
    /// The flow the registration was made for; `None` in a sign-in kept before this was
    /// recorded (it may be the browser's: not reused for the device code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_flow: Option<ClientFlow>,
    pub access_token: Secret,
    /// RFC 3339, UTC.
    pub expires_at: String,
    pub refresh_token: Option<Secret>,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("start_url", &self.start_url)
            .field("region", &self.region)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl SignIn {
    /// A new sign-in to `session` with `registration`'s client and CreateToken's `token`,
    /// stored in the keychain before it is returned.
    pub fn keep(
        store: &dyn crate::keychain::SecretStore,
        session: &crate::aws::SsoSession,
        credentials_file: &std::path::Path,
        registration: &Registration,
        token: Token,
    ) -> Result<SignIn, SsoError> {
        let signed_in = SignIn {
            start_url: session.start_url.clone(),
            region: session.region.clone(),
            client_id: registration.client_id.clone(),
            client_secret: registration.client_secret.clone(),
            client_expires_at: registration.expires_at,
            client_flow: Some(registration.flow),
            access_token: token.access_token.clone(),
            expires_at: String::new(),
            refresh_token: None,
        }
        .with_token(token, chrono::Utc::now());
        crate::keychain::put_item::<SsoTokens>(
            store,
            &session_item(&session.name, credentials_file),
            &signed_in,
        )?;
        Ok(signed_in)
    }

    pub fn registration(&self) -> Registration {
        Registration {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            expires_at: self.client_expires_at,
            // Both flows' registrations may refresh; only the device flow reuses one, and it
            // asks [`SignIn::reusable_for_device`] first.
            flow: self.client_flow.unwrap_or(ClientFlow::Browser),
            authorization_endpoint: None,
        }
    }

    /// Whether its registration can start another device-code sign-in to `session` at `now`:
    /// made for the device flow, for the same start URL and region, and good for another hour.
    pub fn reusable_for_device(&self, session: &crate::aws::SsoSession, now: i64) -> bool {
        self.client_flow == Some(ClientFlow::Device)
            && self.start_url == session.start_url
            && self.region == session.region
            && self.client_expires_at > now + 3600
    }

    /// The sign-in after CreateToken answered `token` at `now`; a refresh that gives no new
    /// refresh token keeps the old one.
    pub fn with_token(&self, token: Token, now: DateTime<Utc>) -> SignIn {
        let mut next = self.clone();
        next.access_token = token.access_token;
        next.expires_at = expiry(now, token.expires_in);
        if token.refresh_token.is_some() {
            next.refresh_token = token.refresh_token;
        }
        next
    }

    /// Seconds the access token has left at `now` (0 when expired or unreadable).
    pub fn seconds_left(&self, now: DateTime<Utc>) -> i64 {
        DateTime::parse_from_rfc3339(&self.expires_at)
            .map(|t| (t.with_timezone(&Utc) - now).num_seconds().max(0))
            .unwrap_or(0)
    }
}

/// RFC 3339 of `now + seconds`.
pub fn expiry(now: DateTime<Utc>, seconds: u64) -> String {
    let seconds = i64::try_from(seconds).unwrap_or(i64::MAX / 2);
    (now + chrono::Duration::seconds(seconds)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// What can be said of a sign-in without a secret: until when its access token lasts, and
/// whether a refresh token renews it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInState {
    /// RFC 3339, UTC.
    pub expires_at: String,
    pub renews_itself: bool,
}

/// The state of `session`'s sign-in on this computer; `None` when it is not signed in.
pub fn sign_in_state(
    store: &dyn crate::keychain::SecretStore,
    session: &str,
    credentials_file: &std::path::Path,
) -> Result<Option<SignInState>, KeychainError> {
    match crate::keychain::get_item::<SsoTokens>(store, &session_item(session, credentials_file)) {
        Ok(signed_in) => Ok(Some(SignInState {
            expires_at: signed_in.expires_at.clone(),
            renews_itself: signed_in.refresh_token.is_some(),
        })),
        Err(KeychainError::NotFound | KeychainError::NotOurs) => Ok(None),
        Err(err) => Err(err),
    }
}

/// The keychain item kind of a sign-in.
pub struct SsoTokens;

impl ItemKind for SsoTokens {
    type Value = SignIn;
    const KIND: &'static str = "sso";

    fn encode(value: &SignIn) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(serde_json::to_vec(value).unwrap_or_default())
    }

    fn decode(bytes: &[u8]) -> Result<SignIn, KeychainError> {
        serde_json::from_slice(bytes).map_err(|_| KeychainError::NotOurs)
    }

    /// What a person sees in their keychain app: not a profile, a sign-in.
    fn label(key: &ItemKey) -> String {
        let session = key
            .profile
            .strip_prefix("sso-session ")
            .unwrap_or(&key.profile);
        format!("keyshelf — SSO sign-in {session}")
    }
}

/// The keychain item of `[sso-session NAME]`, beside the credentials file's other items.
pub fn session_item(session: &str, credentials_file: &std::path::Path) -> ItemKey {
    ItemKey::new(&format!("sso-session {session}"), credentials_file)
}

/// What went wrong with an SSO sign-in or its use.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    #[error(
        "there is no [sso-session {0}] with an sso_start_url and an sso_region in the config file"
    )]
    NoSession(String),
    #[error("SSO session “{session}” is not signed in on this computer")]
    NotSignedIn { session: String },
    #[error("the sign-in of SSO session “{session}” has expired and could not be renewed")]
    Expired { session: String, detail: String },
    #[error("the sign-in was denied in the browser; nothing was kept")]
    Denied,
    /// No browser took the sign-in address (the caller falls back to the device code).
    #[error("no browser could be opened here")]
    NoBrowser,
    /// Nobody approved within the time limit: the browser never came back (`device: false`),
    /// or the device code expired.
    #[error("{}", timed_out_words(*minutes, *device))]
    TimedOut { minutes: u64, device: bool },
    /// The person stopped the sign-in before approving it.
    #[error("the sign-in was cancelled; nothing was kept")]
    Cancelled,
    #[error("another keyshelf is signing in to SSO session “{0}”; try again in a moment")]
    Busy(String),
    #[error("{0}")]
    Call(SsoCallError),
    #[error("{0}")]
    Keychain(#[from] KeychainError),
    #[error("{0}")]
    Files(#[from] crate::aws::AwsError),
    #[error("{0}")]
    Save(#[from] crate::files::FilesError),
    #[error("{0}")]
    Line(#[from] crate::keychain::CommandError),
    #[error("{what} “{value}” cannot be used: {why}")]
    BadValue {
        what: &'static str,
        value: String,
        why: String,
    },
    #[error("the sign-in reaches no role {role} in account {account}")]
    NoSuchRole { account: String, role: String },
    #[error("the lock that keeps parallel sign-ins apart could not be made ({detail})")]
    Lock { detail: String },
    #[error("signed in, but the AWS CLI's cache file {} could not be written: {detail}", path.display())]
    Export {
        path: std::path::PathBuf,
        detail: String,
    },
}

/// What ran out, in words: the browser's wait, or the device code's life.
fn timed_out_words(minutes: u64, device: bool) -> String {
    let minutes = crate::words::plural(
        usize::try_from(minutes).unwrap_or(usize::MAX),
        "minute",
        "minutes",
    );
    match device {
        false => format!(
            "time ran out: the browser did not come back with the sign-in within {minutes}; nothing was kept"
        ),
        true => format!(
            "time ran out: the code was not confirmed within {minutes}, and it has expired; nothing was kept"
        ),
    }
}

impl From<SsoCallError> for SsoError {
    fn from(err: SsoCallError) -> Self {
        SsoError::Call(err)
    }
}

impl crate::fault::Fault for SsoError {
    fn is_user_error(&self) -> bool {
        match self {
            SsoError::Call(SsoCallError::Cloud(err)) => err.is_user_error(),
            SsoError::Keychain(err) => err.is_user_error(),
            SsoError::Save(err) => err.is_user_error(),
            SsoError::Lock { .. } => false,
            _ => true,
        }
    }

    fn remedy(&self) -> Option<crate::fault::Remedy> {
        match self {
            SsoError::NotSignedIn { session } | SsoError::Expired { session, .. } => {
                Some(crate::fault::Remedy::SsoLogin {
                    session: session.clone(),
                })
            }
            SsoError::NoSession(_) => None,
            _ => None,
        }
    }

    fn details(&self) -> Option<String> {
        match self {
            SsoError::Expired { detail, .. } => Some(detail.clone()),
            SsoError::Call(SsoCallError::Cloud(err)) => err.details(),
            SsoError::Keychain(err) => err.details(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_device_flow_registration_is_reused_for_the_device_code() {
        let session = crate::aws::SsoSession {
            name: "corp".into(),
            start_url: "https://corp.example/start".into(),
            region: "eu-west-1".into(),
            scopes: vec!["sso:account:access".into()],
        };
        let now = 1_800_000_000;
        let kept = |flow: &str, expires_at: i64| -> SignIn {
            serde_json::from_str(&format!(
                r#"{{"start_url":"https://corp.example/start","region":"eu-west-1","client_id":"c","client_secret":"s","client_expires_at":{expires_at},{flow}"access_token":"a","expires_at":"","refresh_token":null}}"#
            ))
            .unwrap()
        };
        let days = 86_400;
        assert!(
            kept(r#""client_flow":"device","#, now + 30 * days).reusable_for_device(&session, now)
        );
        // The browser's (IAM Identity Center refuses it the device code), and one kept before
        // the flow was recorded, which may be the browser's.
        assert!(
            !kept(r#""client_flow":"browser","#, now + 30 * days)
                .reusable_for_device(&session, now)
        );
        assert!(!kept("", now + 30 * days).reusable_for_device(&session, now));
        assert!(!kept(r#""client_flow":"device","#, now + 60).reusable_for_device(&session, now));
        let other = crate::aws::SsoSession {
            region: "us-east-1".into(),
            ..session.clone()
        };
        assert!(
            !kept(r#""client_flow":"device","#, now + 30 * days).reusable_for_device(&other, now)
        );
        // What is kept says which flow, in a few bytes (Windows items hold 2,560).
        let item = SsoTokens::encode(&kept(r#""client_flow":"device","#, now));
        assert!(String::from_utf8_lossy(&item).contains(r#""client_flow":"device""#));
        let old = SsoTokens::encode(&kept("", now));
        assert!(!String::from_utf8_lossy(&old).contains("client_flow"));
    }
}
