//! Why no session could be served or started, in words that say what to do, and which of
//! those the person can fix.

use super::{MAX_SECONDS, MIN_SECONDS};
use crate::cloud::CloudError;
use crate::files::FilesError;
use crate::keychain::KeychainError;

/// Why no session could be served or started. Never holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(
        "{seconds} seconds is not a session length AWS allows: choose from {MIN_SECONDS} (15 minutes) to {MAX_SECONDS} (36 hours)"
    )]
    BadDuration { seconds: u64 },
    #[error("profile “{}” does not get its keys from the keychain through keyshelf; move its keys to the keychain first", profile.escape_debug())]
    NotServed { profile: String },
    #[error("profile “{}” is not on temporary credentials; turn them on first", profile.escape_debug())]
    Off { profile: String },
    #[error("profile “{}”: {source}", profile.escape_debug())]
    Keychain {
        profile: String,
        source: KeychainError,
    },
    #[error("profile “{}”: {source}", profile.escape_debug())]
    Cloud { profile: String, source: CloudError },
    #[error("profile “{}” gets its long-term keys again (the file is saved), but its cached session could not be removed: {source}", profile.escape_debug())]
    NotEnded {
        profile: String,
        source: KeychainError,
    },
    #[error("profile “{}”: its keys are missing from the keychain, so no session can be made from them; import them again, or make a new access key in the AWS console", profile.escape_debug())]
    NoKeys { profile: String },
    #[error("profile “{}” needs a code from MFA device {device}, and {why}", profile.escape_debug())]
    NoCode {
        profile: String,
        device: String,
        why: String,
    },
    #[error("AWS gave a session for profile “{}”, but {why}", profile.escape_debug())]
    NotKept { profile: String, why: String },
    #[error("profile “{}”: another keyshelf is starting its session and did not finish in time; try again", profile.escape_debug())]
    Busy { profile: String },
    #[error("profile “{}”: the session lock {} could not be made ({source}); check that the folder is yours and writable", profile.escape_debug(), path.display())]
    Lock {
        profile: String,
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Files(#[from] FilesError),
    #[error(transparent)]
    Core(#[from] crate::keychain::MoveError),
}

impl crate::fault::Fault for SessionError {
    /// Whether the user can fix this (exit code 1) rather than the system failing (2).
    fn is_user_error(&self) -> bool {
        match self {
            SessionError::Cloud { source, .. } => source.is_user_error(),
            SessionError::Files(err) => err.is_user_error(),
            SessionError::Core(err) => err.is_user_error(),
            SessionError::Lock { .. } => false,
            _ => true,
        }
    }

    fn remedy(&self) -> Option<crate::fault::Remedy> {
        use crate::fault::Remedy;
        match self {
            SessionError::Off { profile } => Some(Remedy::TurnOnTemporary {
                profile: profile.clone(),
            }),
            SessionError::NotEnded { profile, .. } => Some(Remedy::EndSession {
                profile: profile.clone(),
            }),
            SessionError::NoKeys { profile } => Some(Remedy::ImportAgain {
                profile: profile.clone(),
            }),
            SessionError::Files(err) => err.remedy(),
            SessionError::Core(err) => err.remedy(),
            _ => None,
        }
    }

    fn details(&self) -> Option<String> {
        match self {
            SessionError::Keychain { source, .. } | SessionError::NotEnded { source, .. } => {
                source.details()
            }
            SessionError::Core(err) => err.details(),
            SessionError::Cloud { source, .. } => source.details(),
            _ => None,
        }
    }
}
