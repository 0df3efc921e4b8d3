//! The files layer's errors: reading, checking and saving the two files. Each names the file
//! (and line) it is about, and none holds a value from a file (values may be secrets).

use std::io;
use std::path::PathBuf;

use crate::aws::{AwsError, FileKind};
use crate::ini::{Malformed, Problem};

#[derive(Debug, thiserror::Error)]
pub enum FilesError {
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
        "{}:{}: the AWS tools cannot read this file, so keyshelf will not write it: {}",
        path.display(),
        problem.line(),
        problem_text(problem)
    )]
    Unreadable {
        path: PathBuf,
        file: FileKind,
        problem: Problem,
    },
    #[error("another keyshelf has been saving {} for {} seconds; try again when it is done", path.display(), super::LOCK_WAIT.as_secs())]
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
    #[error("there are unsaved changes; save or revert them first")]
    UnsavedChanges,
    /// The file is one the AWS tools do not read (an empty variable, a device, an unset
    /// variable in its path): nothing is written there.
    #[error("{0}")]
    Unread(crate::aws::Unread),
    /// Finding the files (no home folder).
    #[error(transparent)]
    Aws(#[from] AwsError),
}

impl crate::fault::Fault for FilesError {
    /// Whether the user can fix this by changing what they asked or their files (exit code 1),
    /// as opposed to a failure of the disk or the system (exit code 2).
    fn is_user_error(&self) -> bool {
        match self {
            // A file its owner made read-only, or one of another user's: theirs to change.
            FilesError::Write { source, .. } => source.get_ref().is_some_and(|e| {
                use crate::platform::file_modes::{OwnerNotKept, ReadOnlyFile};
                e.is::<ReadOnlyFile>() || e.is::<OwnerNotKept>()
            }),
            FilesError::Read { .. } | FilesError::Backup { .. } => false,
            FilesError::Aws(err) => err.is_user_error(),
            _ => true,
        }
    }

    fn remedy(&self) -> Option<crate::fault::Remedy> {
        use crate::fault::Remedy;
        match self {
            FilesError::Unreadable { file, problem, .. } => match (problem, problem.first_line()) {
                (Problem::Bom, _) => Some(Remedy::RemoveBom { file: *file }),
                (_, Some(first)) => Some(Remedy::KeepOne {
                    file: *file,
                    first,
                    second: problem.line(),
                }),
                _ => None,
            },
            FilesError::Aws(err) => err.remedy(),
            _ => None,
        }
    }
}

pub type Result<T, E = FilesError> = std::result::Result<T, E>;

/// `Permission denied (os error 13)` reads better as `permission denied`.
pub(crate) fn plain_io(err: &io::Error) -> String {
    use crate::platform::file_modes::{OwnerNotKept, ReadOnlyFile};
    if let Some(owner) = err.get_ref().and_then(|e| e.downcast_ref::<OwnerNotKept>()) {
        return owner.to_string();
    }
    if let Some(read_only) = err.get_ref().and_then(|e| e.downcast_ref::<ReadOnlyFile>()) {
        return read_only.to_string();
    }
    match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::NotFound => "the folder does not exist".to_owned(),
        io::ErrorKind::StorageFull => "the disk is full".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".to_owned(),
        _ => err.to_string(),
    }
}

/// A problem without its leading "line N: ", which the message already says.
fn problem_text(problem: &Problem) -> String {
    let text = problem.to_string();
    match text.split_once(": ") {
        Some((_, rest)) => rest.to_owned(),
        None => text,
    }
}
