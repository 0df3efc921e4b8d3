//! Reading the shared files: the `Snapshot` of what a file held on disk, reads that wait out
//! another program's unfinished write, the document read from a file, and the `Warning`s it
//! carries. Loading and a save's conflict check both read through here, so they see a file
//! the same way.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::atomic;
use super::list_backups;
use super::{Error, Result};
use crate::ini::{Alias, Document, Problem};

/// What a file held on disk when it was read: its bytes, or nothing when it did not exist. The
/// bytes are shared with the document read from them (memory), not a second copy.
#[derive(Clone)]
pub(super) struct Snapshot(pub(super) Option<Held>);

/// A file's bytes as read: the text a document was read from (shared with it), or bytes read
/// only to compare.
#[derive(Clone)]
pub(super) enum Held {
    Text(Arc<String>),
    Bytes(Vec<u8>),
}

impl std::ops::Deref for Held {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Held::Text(text) => text.as_bytes(),
            Held::Bytes(bytes) => bytes,
        }
    }
}

impl PartialEq for Snapshot {
    fn eq(&self, other: &Snapshot) -> bool {
        self.0.as_deref() == other.0.as_deref()
    }
}

impl Eq for Snapshot {}

/// A problem in one of the files that does not stop keyshelf from reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub problem: Problem,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.problem)
    }
}

/// How long a file must have been left alone before an empty or cut-short text is believed
/// (a writer that truncates then writes takes well under a millisecond between the two).
const SETTLE: std::time::Duration = std::time::Duration::from_millis(250);
/// How long keyshelf waits at most for a file another program is writing.
const SETTLE_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// A file's bytes, waiting for a writer that is not done. The AWS CLI writes the shared files
/// in place (opened with truncation, then written), so for a moment they read as empty or as a
/// prefix of the new text; a save over that would wipe every other profile. An empty text, or
/// one less than half as long as the `known` length keyshelf read before, from a file changed
/// less than [`SETTLE`] ago is read again until the file has been left alone that long (at most
/// [`SETTLE_WAIT`]).
fn read_settled(path: &Path, known: Option<usize>) -> io::Result<Vec<u8>> {
    let deadline = std::time::Instant::now() + SETTLE_WAIT;
    loop {
        let bytes = atomic::read_regular(path)?;
        let unfinished = bytes.is_empty() || known.is_some_and(|known| bytes.len() < known / 2);
        let recent = fs::metadata(path)
            .and_then(|m| m.modified())
            .is_ok_and(|at| at.elapsed().is_ok_and(|age| age < SETTLE));
        if !unfinished || !recent || std::time::Instant::now() >= deadline {
            return Ok(bytes);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// What `path` holds now; `known` is what keyshelf read there before (see [`read_settled`]).
pub(super) fn read_snapshot(path: &Path, known: &Snapshot) -> io::Result<Snapshot> {
    if path.as_os_str().is_empty() {
        return Ok(Snapshot(None));
    }
    match read_settled(path, known.0.as_deref().map(<[u8]>::len)) {
        Ok(bytes) => Ok(Snapshot(Some(Held::Bytes(bytes)))),
        // Not a regular file (`/dev/null`): no file, as botocore reads it.
        Err(err)
            if matches!(
                err.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::InvalidInput
            ) =>
        {
            Ok(Snapshot(None))
        }
        Err(err) => Err(err),
    }
}

/// Whether the newest copy of `path` in `keyshelf-backups` has `\r\n` line endings.
pub(super) fn last_copy_uses_crlf(path: &Path) -> bool {
    list_backups(path)
        .ok()
        .and_then(|copies| copies.last().cloned())
        .and_then(|copy| atomic::read_regular(&copy).ok())
        .is_some_and(|bytes| bytes.windows(2).any(|w| w == b"\r\n"))
}

pub(super) fn read_document(path: &Path, alias: Option<Alias>) -> Result<(Document, Snapshot)> {
    let bytes = match read_settled(path, None) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Ok((Document::new(), Snapshot(None)));
        }
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let empty = bytes.is_empty();
    // The document keeps the bytes; the snapshot shares them.
    let mut doc = Document::from_vec_aliased(bytes, alias).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        line: e.line,
    })?;
    // An empty file says nothing of its line endings: its last copy does (a move that emptied
    // it kept one), so that a restore writes `\r\n` into a file that had them.
    if empty && last_copy_uses_crlf(path) {
        doc.prefer_crlf();
    }
    let malformed = doc.first_malformed();
    match (malformed, doc.text_as_read()) {
        (None, Some(text)) => Ok((doc, Snapshot(Some(Held::Text(text))))),
        (Some(Problem::Malformed { line, why }), _) => Err(Error::Malformed {
            path: path.to_path_buf(),
            line,
            why,
        }),
        // A document just read is unedited, and only a refused one has no text.
        _ => Err(Error::Malformed {
            path: path.to_path_buf(),
            line: 1,
            why: crate::ini::Malformed::TooLarge,
        }),
    }
}
