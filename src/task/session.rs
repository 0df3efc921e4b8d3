//! The app's tasks for temporary credentials: the switch on a keychain profile's
//! page, Start session, End session, and the session's status, each run off the UI thread.

use super::{Finished, StoreFactory};
use crate::cloud::Target;
use crate::files::Workspace;
use crate::keychain::item_of;
use crate::secret::Secret;
use crate::session::{self, Need};

/// What to do with a profile's session.
pub enum SessionTask {
    /// Read the cached session's status, for the profile's page.
    Status,
    /// Start a new session now, with the MFA code the person typed when the profile names a
    /// device.
    Start {
        code: Option<Secret>,
        target: Box<Target>,
    },
    /// End the cached session.
    End,
    /// Turn temporary credentials on (the session length, in seconds) or off, and save; turning
    /// them off ends the session.
    Switch(Option<u32>),
}

/// Which session task ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionDone {
    Status,
    Started,
    Ended,
}

/// How long Start session may take: the person has typed the code already, so the STS call.
const START_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

pub(super) fn run(
    store: &StoreFactory,
    mut workspace: Workspace,
    profile: String,
    task: SessionTask,
) -> Finished {
    let item = item_of(&workspace, &profile);
    let now = chrono::Utc::now;
    let keychain = |err: crate::keychain::KeychainError| format!("the keychain: {err}");
    let (status, done) = match task {
        SessionTask::Switch(seconds) => {
            let result = session::switch(&mut workspace, store.as_ref(), &profile, seconds)
                .map(|_| seconds)
                .map_err(|e| e.to_string());
            return Finished::Switched {
                workspace,
                profile,
                result,
            };
        }
        SessionTask::Status => {
            let status = store()
                .and_then(|store| session::status(store.as_ref(), &item, now()))
                .map_err(keychain);
            (status, SessionDone::Status)
        }
        SessionTask::End => {
            let ended = store()
                .and_then(|store| session::end(store.as_ref(), &item))
                .map_err(keychain);
            (ended.map(|()| None), SessionDone::Ended)
        }
        SessionTask::Start { code, target } => {
            let started = start(store, &workspace, &profile, &item, code, &target);
            (started.map(Some), SessionDone::Started)
        }
    };
    Finished::Session {
        profile,
        status,
        done,
    }
}

fn start(
    store: &StoreFactory,
    workspace: &Workspace,
    profile: &str,
    item: &crate::keychain::ItemKey,
    code: Option<Secret>,
    target: &Target,
) -> Result<session::SessionStatus, String> {
    let seconds = session::temporary_of(workspace, profile).unwrap_or(session::DEFAULT_SECONDS);
    let store = store().map_err(|err| format!("the keychain: {err}"))?;
    let need = Need {
        item,
        section: profile,
        paths: &workspace.paths,
        seconds,
        target,
        deadline: std::time::Instant::now() + START_LIMIT,
        renew: true,
    };
    let started = session::obtain(store.as_ref(), &need, &mut |_| {
        code.clone().ok_or_else(|| "no code was typed".to_owned())
    })
    .map_err(|e| e.to_string())?;
    // Start session is for the AWS tools to find the session later: one not kept is no use.
    if let Some(why) = started.not_cached {
        return Err(format!("AWS gave a session, but {why}"));
    }
    Ok(session::SessionStatus::of(
        &started.session,
        chrono::Utc::now(),
    ))
}
