//! The library's one error type. Every variant names the file and line, or the profile, that it
//! is about, and none ever holds a value from a file: values may be secrets.

use std::io;
use std::path::PathBuf;

use crate::ini::{IniError, Malformed, Problem};
use crate::keychain::{CommandError, KeychainError};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot find your home folder; set AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE")]
    NoHome,
    #[error("could not read {}: {}", path.display(), plain_io(source))]
    Read { path: PathBuf, source: io::Error },
    #[error("{}:{line}: the file is not valid UTF-8 text; it was left unchanged", path.display())]
    NotUtf8 { path: PathBuf, line: usize },
    #[error("{}:{line}: {}; fix that line and try again", path.display(), why.describe())]
    Malformed {
        path: PathBuf,
        line: usize,
        why: Malformed,
    },
    #[error(
        "{}:{}: the AWS tools cannot read this file, so keyshelf will not write it: {}; {}",
        path.display(),
        problem.line(),
        problem_text(problem),
        repair_hint(*file, problem)
    )]
    Unreadable {
        path: PathBuf,
        file: FileKind,
        problem: Problem,
    },
    #[error("another keyshelf has been saving {} for {} seconds; try again when it is done", path.display(), crate::files::LOCK_WAIT.as_secs())]
    Busy { path: PathBuf },
    #[error("{} changed on disk since keyshelf read it; nothing was saved (reload and try again)", path.display())]
    Conflict { path: PathBuf },
    #[error("could not save {}: {}; the file was left as it was", path.display(), plain_io(source))]
    Write { path: PathBuf, source: io::Error },
    #[error("could not keep a backup of {} in {}: {}; nothing was saved", path.display(), dir.display(), plain_io(source))]
    Backup {
        path: PathBuf,
        dir: PathBuf,
        source: io::Error,
    },
    #[error("there is no profile named `{}`", name.escape_debug())]
    ProfileNotFound { name: String },
    #[error("a profile named `{}` already exists", name.escape_debug())]
    ProfileExists { name: String },
    #[error("`{name}` cannot be a profile name: {why}")]
    InvalidProfileName { name: String, why: &'static str },
    #[error("in {}: {source}", file.label())]
    Edit { file: FileKind, source: IniError },
    #[error("profile `{}`: {source}", profile.escape_debug())]
    Keychain {
        profile: String,
        source: KeychainError,
    },
    #[error("profile `{}` has no access key ID and secret access key in the files to move", profile.escape_debug())]
    NoKeysToMove { profile: String },
    #[error("profile `{}` already gets its keys from another program (its credential_process); keyshelf leaves it as it is", profile.escape_debug())]
    ForeignProcess { profile: String },
    #[error("profile `{}` does not get its keys from the keychain through keyshelf", profile.escape_debug())]
    NotInKeychain { profile: String },
    #[error("profile `{}`: {source}", profile.escape_debug())]
    Command {
        profile: String,
        source: CommandError,
    },
    #[error("profile `{}`: the keys read back differ from the keys written; nothing was changed", profile.escape_debug())]
    ReadBackMismatch { profile: String },
    #[error(
        "profile `{}` is also named by the config file's header on line{} {}, which the AWS tools ignore; merge or remove {} first (`keyshelf repair shadowed {} --merge` or `--remove`)",
        profile.escape_debug(),
        if lines.len() == 1 { "" } else { "s" },
        joined(lines),
        if lines.len() == 1 { "it" } else { "them" },
        profile.escape_debug()
    )]
    Shadowed { profile: String, lines: Vec<usize> },
    #[error("profile `{}`: {why}; nothing was changed", profile.escape_debug())]
    NotProven { profile: String, why: String },
    #[error("there are unsaved changes; save or revert them first")]
    UnsavedChanges,
    #[error(
        "{cause}; and the keychain items of {} could not be put back as they were (they hold the new keys)",
        quoted(profiles)
    )]
    NotUndone {
        cause: Box<Error>,
        profiles: Vec<String>,
    },
    #[error("{file}, row {row}: {why}")]
    ImportRow {
        file: String,
        row: usize,
        why: String,
    },
}

/// Which of the two shared files something is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Config,
    Credentials,
}

impl FileKind {
    /// `config` or `credentials`, as the command line names the files.
    pub fn short_name(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FileKind::Config => "the config file",
            FileKind::Credentials => "the credentials file",
        }
    }
}

impl Error {
    /// Whether the user can fix this by changing what they asked or their files (exit code 1),
    /// as opposed to a failure of the disk or the system (exit code 2).
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            Error::NoHome
                | Error::Read { .. }
                | Error::Write { .. }
                | Error::Backup { .. }
                | Error::Keychain { .. }
                | Error::NotUndone { .. }
        )
    }
}

/// `Permission denied (os error 13)` reads better as `permission denied`.
fn plain_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::NotFound => "the folder does not exist".to_owned(),
        io::ErrorKind::StorageFull => "the disk is full".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".to_owned(),
        _ => err.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A problem without its leading "line N: ", which the message already says.
fn problem_text(problem: &Problem) -> String {
    let text = problem.to_string();
    match text.split_once(": ") {
        Some((_, rest)) => rest.to_owned(),
        None => text,
    }
}

/// The `keyshelf repair` command that fixes a problem.
fn repair_hint(file: FileKind, problem: &Problem) -> String {
    let name = file.short_name();
    match (problem, problem.first_line()) {
        (Problem::Bom, _) => format!("remove the mark with `keyshelf repair bom {name}`"),
        (_, Some(first)) => format!(
            "keep one with `keyshelf repair keep {name}:{first}` or `keyshelf repair keep {name}:{}`",
            problem.line()
        ),
        _ => "fix that line and try again".to_owned(),
    }
}

/// Line numbers as messages show them: 3, 7.
fn joined(lines: &[usize]) -> String {
    lines
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Profile names as messages show them: `a`, `b`.
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.escape_debug()))
        .collect::<Vec<_>>()
        .join(", ")
}
