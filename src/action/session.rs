//! Temporary credentials of a keychain profile: the switch, Start session, End session and the
//! session's status. `keyshelf temporary`/`keyshelf session` and the profile page's controls.

use std::time::Instant;

use super::StoreFactory;
use crate::cloud::Target;
use crate::files::{SaveReport, Workspace};
use crate::keychain::{self, KeychainError};
use crate::session::{self, AskCode, Need, SessionError, SessionStatus};

pub use crate::session::SessionError as SessionActionError;

/// The profile's session as it is now (`None`: none, or expired).
pub fn session_status(
    workspace: &Workspace,
    store: &StoreFactory,
    profile: &str,
) -> Result<Option<SessionStatus>, KeychainError> {
    let item = keychain::item_of(workspace, profile);
    session::status(store()?.as_ref(), &item, chrono::Utc::now())
}

/// Starts a new session now (ahead of the AWS tools' calls), asking `ask` for a code when the
/// profile names an MFA device; gives up at `deadline`. A session that could not be kept is an
/// error: starting one is for the AWS tools to find it later.
pub fn start_session(
    workspace: &Workspace,
    store: &StoreFactory,
    profile: &str,
    target: &Target,
    deadline: Instant,
    ask: &mut AskCode<'_>,
) -> Result<SessionStatus, SessionError> {
    let keychain_error = |source| SessionError::Keychain {
        profile: profile.to_owned(),
        source,
    };
    let Some(seconds) = session::temporary_of(workspace, profile) else {
        return Err(SessionError::Off {
            profile: profile.to_owned(),
        });
    };
    let store = store().map_err(keychain_error)?;
    let item = keychain::item_of(workspace, profile);
    let need = Need {
        item: &item,
        section: profile,
        paths: &workspace.paths,
        seconds,
        target,
        deadline,
        renew: true,
    };
    let obtained = session::obtain(store.as_ref(), &need, ask)?;
    if let Some(why) = obtained.not_cached {
        return Err(SessionError::NotKept {
            profile: profile.to_owned(),
            why,
        });
    }
    Ok(SessionStatus::of(&obtained.session, chrono::Utc::now()))
}

/// Ends the cached session (also after temporary credentials were turned off: a session left
/// behind can go). STS cannot revoke it: it stays valid at AWS until it expires.
pub fn end_session(
    workspace: &Workspace,
    store: &StoreFactory,
    profile: &str,
) -> Result<(), SessionError> {
    if keychain::served_item(workspace, profile).is_none() {
        return Err(SessionError::NotServed {
            profile: profile.to_owned(),
        });
    }
    let keychain_error = |source| SessionError::Keychain {
        profile: profile.to_owned(),
        source,
    };
    let store = store().map_err(keychain_error)?;
    session::end(store.as_ref(), &keychain::item_of(workspace, profile)).map_err(keychain_error)
}

/// Turns temporary credentials on (`Some(seconds)`) or off, and saves; off ends the session.
pub fn switch_temporary(
    workspace: &mut Workspace,
    store: &StoreFactory,
    profile: &str,
    seconds: Option<u32>,
) -> Result<Option<SaveReport>, SessionError> {
    session::switch(workspace, store.as_ref(), profile, seconds)
}
