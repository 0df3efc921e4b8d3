//! The keychain layer's error for a move: moving keys to and from the keychain (an import into the
//! keychain is such a move). It wraps the lower layers' own errors ([`AwsError`],
//! [`FilesError`]) with `#[from]`, the way ripgrep's crates layer theirs; the import
//! layer has its own for reading and planning ([`crate::import::CsvError`],
//! [`crate::import::PlanError`]). The binary turns each into a message and an exit code. Every variant names its file and line or its profile, and none holds a value from a
//! file: values may be secrets.

use super::{CommandError, KeychainError};
use crate::aws::AwsError;
pub use crate::files::FilesError;

#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    #[error(transparent)]
    Aws(#[from] AwsError),
    #[error(transparent)]
    Files(#[from] FilesError),
    #[error("profile “{}”: {source}", profile.escape_debug())]
    Keychain {
        profile: String,
        source: KeychainError,
    },
    #[error("profile “{}” has no access key ID and secret access key in the files to move", profile.escape_debug())]
    NoKeysToMove { profile: String },
    #[error("profile “{}” has a credential_process line of its own (a program that is not keyshelf), which a move would replace; keyshelf leaves it as it is (remove that line or the keys first)", profile.escape_debug())]
    ForeignProcess { profile: String },
    #[error("profile “{}” does not get its keys from the keychain through keyshelf", profile.escape_debug())]
    NotInKeychain { profile: String },
    #[error(
        "the {key} of profile “{}” goes on over more than one line (a continuation line), which no key AWS issues does and which Restore could not write back; put it on one line first; nothing was changed",
        profile.escape_debug()
    )]
    MultiLineKey { profile: String, key: &'static str },
    #[error(
        "the keys of profile “{}” cannot go into the keychain item kept for “{}”: {} still read{} it (a copy made with Duplicate reads its source's item, also after the source is deleted or renamed), and would silently get these keys instead of theirs; nothing was changed. Give {} first: keyshelf restore --profile NAME, then keyshelf migrate --profile NAME",
        profile.escape_debug(),
        item.escape_debug(),
        quoted(users),
        if users.len() == 1 { "s" } else { "" },
        if users.len() == 1 { "it keys of its own" } else { "them keys of their own" }
    )]
    ItemInUse {
        profile: String,
        item: String,
        users: Vec<String>,
    },
    #[error("profile “{}”: {source}", profile.escape_debug())]
    Command {
        profile: String,
        source: CommandError,
    },
    #[error("profile “{}”: the keys read back differ from the keys written; nothing was changed", profile.escape_debug())]
    ReadBackMismatch { profile: String },
    #[error("profile “{}”: {why}; nothing was changed", profile.escape_debug())]
    NotProven { profile: String, why: String },
    #[error(
        "{cause}; and the keychain items of {} could not be put back as they were (they hold the new keys)",
        quoted(profiles)
    )]
    NotUndone {
        cause: Box<MoveError>,
        profiles: Vec<String>,
    },
}

impl crate::fault::Fault for MoveError {
    /// Whether the user can fix this by changing what they asked or their files (exit code 1),
    /// as opposed to a failure of the disk or the system (exit code 2).
    fn is_user_error(&self) -> bool {
        match self {
            MoveError::Aws(err) => err.is_user_error(),
            MoveError::Files(err) => err.is_user_error(),
            MoveError::Keychain { .. } | MoveError::NotUndone { .. } => false,
            _ => true,
        }
    }

    fn remedy(&self) -> Option<crate::fault::Remedy> {
        match self {
            MoveError::Aws(err) => err.remedy(),
            MoveError::Files(err) => err.remedy(),
            _ => None,
        }
    }

    fn details(&self) -> Option<String> {
        match self {
            MoveError::Keychain { source, .. } => source.details(),
            _ => None,
        }
    }
}

pub type Result<T, E = MoveError> = std::result::Result<T, E>;

/// Profile names as messages show them: `a`, `b`.
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("“{}”", n.escape_debug()))
        .collect::<Vec<_>>()
        .join(", ")
}
