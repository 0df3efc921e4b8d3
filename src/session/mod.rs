//! Temporary credentials for a keychain profile: `credential-process` serves STS
//! GetSessionToken credentials instead of the long-term keys, which then never leave the
//! keychain.
//!
//! - The session is cached in the keychain as a second kind of item ([`SessionKeys`]), made
//!   with the long-term key it names; writing new long-term keys ends it
//!   ([`crate::keychain::SecretStore::put`]).
//! - It is served while at least [`MIN_LEFT`] remains (half the session, for sessions shorter
//!   than 30 minutes), so that the AWS CLI, which refreshes 15 minutes before expiry, never
//!   runs the process twice for one session (aws-cli #5048); serving it is one keychain read
//!   and starts no SDK.
//! - Otherwise one process per profile ([`lock`]) renews it, asking for an MFA code when the
//!   profile names an `mfa_serial`; the others wait and read the new session.

mod error;
mod lock;
mod switch;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::aws::AwsPaths;
use crate::cloud::{self, SessionRequest, Target};
use crate::files::Workspace;
use crate::keychain::{
    CachedSession, ItemKey, KeychainError, SecretStore, SessionKeys, delete_item, get_item,
    put_item,
};
use crate::secret::Secret;

pub use error::SessionError;
pub use lock::{LockFailure, SessionLock};
pub use switch::{set_temporary, switch, temporary_of};

/// A cached session is served while at least this much of it remains: botocore refreshes
/// credentials 15 minutes before they expire (its advisory refresh), and would otherwise run
/// the process again at once.
pub const MIN_LEFT: Duration = Duration::from_secs(15 * 60);
/// The session length when none is given: 12 hours, the AWS CLI's own default for
/// GetSessionToken.
pub const DEFAULT_SECONDS: u32 = 12 * 3600;
/// The bounds STS puts on GetSessionToken for an IAM user: 15 minutes to 36 hours.
pub const MIN_SECONDS: u32 = 900;
pub const MAX_SECONDS: u32 = 36 * 3600;
/// How long `credential-process` works in all before giving up: under the 60 seconds the AWS
/// SDK for Go gives a credential process, so its user reads keyshelf's reason, not a timeout.
pub const GIVE_UP: Duration = Duration::from_secs(55);
/// What the STS call keeps of the time left after an MFA code is typed.
const CALL_SHARE: Duration = Duration::from_secs(10);

/// What keyshelf asks the person for: the code their MFA device shows for `device`.
#[derive(Clone, Debug)]
pub struct MfaQuestion<'a> {
    pub profile: &'a str,
    /// The device's ARN, `mfa_serial` in the profile.
    pub device: &'a str,
    /// How long the person has to answer.
    pub time_left: Duration,
}

/// Gets an MFA code from the person, or says why it could not.
pub type AskCode<'a> = dyn FnMut(&MfaQuestion<'_>) -> Result<Secret, NoCode> + 'a;

/// Why no MFA code was had, as a phrase that follows "…needs a code from MFA device X, and"
/// ("the window was closed without a code"). Written into the session lock for parallel calls
/// to read, so it is words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NoCode(pub String);

impl NoCode {
    pub fn new(why: impl Into<String>) -> NoCode {
        NoCode(why.into())
    }
}

impl From<String> for NoCode {
    fn from(why: String) -> NoCode {
        NoCode(why)
    }
}

impl From<&str> for NoCode {
    fn from(why: &str) -> NoCode {
        NoCode(why.to_owned())
    }
}

/// What a session is needed for.
#[derive(Clone, Debug)]
pub struct Need<'a> {
    /// The keychain item the profile is served from.
    pub item: &'a ItemKey,
    /// The profile whose `mfa_serial`, `region` and `ca_bundle` apply: the one the person
    /// chose, or for `credential-process` the item's (all its line names).
    pub section: &'a str,
    pub paths: &'a AwsPaths,
    /// The session length, from [`MIN_SECONDS`] to [`MAX_SECONDS`].
    pub seconds: u32,
    pub target: &'a Target,
    /// When to give up, waiting for the lock and the person included.
    pub deadline: Instant,
    /// Start a new session even when one is cached ("Start session", `keyshelf session`).
    pub renew: bool,
}

/// How much of a session of `seconds` must remain for it to be served: [`MIN_LEFT`], or half
/// of a session shorter than 30 minutes (else a 15-minute session would never be served, and
/// every call would ask for a new MFA code).
pub fn min_left(seconds: u32) -> Duration {
    MIN_LEFT.min(Duration::from_secs(u64::from(seconds) / 2))
}

/// The cached session of `item` when at least [`min_left`] of a session of `seconds` remains
/// at `now`: one keychain read, no file, no SDK (the cache-hit path of `credential-process`).
pub fn cached(
    store: &dyn SecretStore,
    item: &ItemKey,
    seconds: u32,
    now: DateTime<Utc>,
) -> Result<Option<CachedSession>, KeychainError> {
    match get_item::<SessionKeys>(store, item) {
        Ok(session) if session.seconds_left(now) >= min_left(seconds).as_secs() => {
            Ok(Some(session))
        }
        Ok(_) | Err(KeychainError::NotFound) | Err(KeychainError::NotOurs) => Ok(None),
        Err(err) => Err(err),
    }
}

/// A session to hand out, and why it could not be kept for the next call, if it could not
/// (the keychain refused it, or the profile's keys changed meanwhile): it is still good.
#[derive(Debug)]
pub struct Obtained {
    pub session: CachedSession,
    pub not_cached: Option<String>,
}

/// A session for `need.item`: the cached one when it will do (read again once the lock is
/// held, as another process may just have made it), else a new one from STS, cached before it
/// is returned. Asks `ask` for an MFA code when the profile names an `mfa_serial`. Blocks on
/// the lock, the keychain, the person and the network, never past `need.deadline`; call off
/// the UI thread.
pub fn obtain(
    store: &dyn SecretStore,
    need: &Need<'_>,
    ask: &mut AskCode<'_>,
) -> Result<Obtained, SessionError> {
    let profile = need.section;
    let keychain = |source| SessionError::Keychain {
        profile: profile.to_owned(),
        source,
    };
    let busy = || SessionError::Busy {
        profile: profile.to_owned(),
    };
    check_seconds(u64::from(need.seconds))?;
    let entered = std::time::SystemTime::now();
    let mut lock = lock::SessionLock::acquire(need.item, need.deadline).map_err(|f| match f {
        lock::LockFailure::Busy => busy(),
        lock::LockFailure::Io(path, source) => SessionError::Lock {
            profile: profile.to_owned(),
            path,
            source,
        },
    })?;
    if Instant::now() >= need.deadline {
        return Err(busy());
    }
    if !need.renew
        && let Some(session) =
            cached(store, need.item, need.seconds, Utc::now()).map_err(keychain)?
    {
        return Ok(Obtained {
            session,
            not_cached: None,
        });
    }
    let long_term = store.get(need.item).map_err(|source| match source {
        KeychainError::NotFound => SessionError::NoKeys {
            profile: profile.to_owned(),
        },
        source => keychain(source),
    })?;
    // Only a miss reads the files: the profile's device and region.
    let workspace = Workspace::load(need.paths.clone())?;
    let setting = |key| {
        workspace
            .docs
            .get(profile, key)
            .and_then(|(value, _)| value.as_plain().map(|v| v.trim().to_owned()))
            .filter(|v| !v.is_empty())
    };
    let device = setting("mfa_serial");
    let region = setting("region");
    let code = match &device {
        Some(device) => {
            let time_left = need
                .deadline
                .saturating_duration_since(Instant::now())
                .saturating_sub(CALL_SHARE);
            let question = MfaQuestion {
                profile,
                device,
                time_left,
            };
            let no_code = |why| SessionError::NoCode {
                profile: profile.to_owned(),
                device: device.clone(),
                why,
            };
            // Declined while this call waited: do not ask again. A person who asked for this
            // session themselves is asked, and their mistake is not held against the others.
            if !need.renew
                && let Some(why) = lock.declined_since(entered)
            {
                return Err(no_code(why));
            }
            match ask(&question) {
                Ok(code) => Some(code),
                Err(NoCode(why)) => {
                    if !need.renew {
                        lock.note_declined(&why);
                    }
                    return Err(no_code(why));
                }
            }
        }
        None => None,
    };
    let request = SessionRequest {
        seconds: need.seconds,
        mfa: device.as_deref().zip(code.as_ref()),
        time_limit: need
            .deadline
            .saturating_duration_since(Instant::now())
            .clamp(Duration::from_secs(1), cloud::CALL_TIMEOUT),
    };
    let temporary = cloud::session_token(
        &long_term,
        region.as_deref(),
        profile,
        &request,
        need.target,
    )
    .map_err(|source| SessionError::Cloud {
        profile: profile.to_owned(),
        source,
    })?;
    let session = CachedSession {
        keys: temporary.keys,
        expiration: temporary.expiration,
        source_key_id: long_term.access_key_id.clone(),
        mfa: code.is_some(),
    };
    // New keys written meanwhile (a rotation) end this session before it is cached.
    let not_cached = match store.get(need.item) {
        Ok(now) if now.access_key_id != long_term.access_key_id => {
            Some("the profile's keys changed meanwhile".to_owned())
        }
        Ok(_) => put_item::<SessionKeys>(store, need.item, &session)
            .err()
            .map(|err| format!("the keychain did not keep it: {err}")),
        Err(err) => Some(format!("the keychain did not answer: {err}")),
    };
    Ok(Obtained {
        session,
        not_cached,
    })
}

/// Ends the session of `item` ("End session", `keyshelf temporary off`): the cached item is
/// deleted, so the next call starts a new one. The temporary credentials themselves stay valid
/// at AWS until they expire: STS cannot revoke a GetSessionToken session.
pub fn end(store: &dyn SecretStore, item: &ItemKey) -> Result<(), KeychainError> {
    delete_item::<SessionKeys>(store, item)
}

/// What the app shows of a session: never its secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionStatus {
    /// The temporary access key ID.
    pub access_key_id: String,
    /// RFC 3339 in UTC.
    pub expiration: String,
    pub seconds_left: u64,
    /// Whether it was made with an MFA code.
    pub mfa: bool,
}

impl SessionStatus {
    pub fn of(session: &CachedSession, now: DateTime<Utc>) -> SessionStatus {
        SessionStatus {
            access_key_id: session.keys.access_key_id.clone(),
            expiration: session.expiration.clone(),
            seconds_left: session.seconds_left(now),
            mfa: session.mfa,
        }
    }
}

/// The session of `item` as the app shows it; `None` when there is none or it has expired.
pub fn status(
    store: &dyn SecretStore,
    item: &ItemKey,
    now: DateTime<Utc>,
) -> Result<Option<SessionStatus>, KeychainError> {
    match get_item::<SessionKeys>(store, item) {
        Ok(session) if session.seconds_left(now) > 0 => Ok(Some(SessionStatus::of(&session, now))),
        Ok(_) | Err(KeychainError::NotFound) | Err(KeychainError::NotOurs) => Ok(None),
        Err(err) => Err(err),
    }
}

/// `seconds` when STS allows it as a session length, else [`SessionError::BadDuration`].
pub fn check_seconds(seconds: u64) -> Result<u32, SessionError> {
    u32::try_from(seconds)
        .ok()
        .filter(|s| (MIN_SECONDS..=MAX_SECONDS).contains(s))
        .ok_or(SessionError::BadDuration { seconds })
}

/// Whether `code` is an MFA code as STS takes it (`TokenCode`): six digits.
pub fn is_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// "11 h 40 min", "25 min", "40 s": how long a session has left, in plain words.
pub fn time_left_words(seconds: u64) -> String {
    let (hours, minutes) = (seconds / 3600, seconds % 3600 / 60);
    match (hours, minutes) {
        (0, 0) => format!("{seconds} s"),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests;
