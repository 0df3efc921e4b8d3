//! An advisory lock around each save's read, check and write, so that two keyshelf processes
//! (two commands, or the app and a command) never lose each other's updates.
//!
//! The lock is `.keyshelf.lock` (empty, mode 0600) in the real folder of each shared file,
//! locked with the operating system's advisory file lock (`flock` on Unix, `LockFileEx` on
//! Windows), which the system releases when the process ends, however it ends. Writers that are
//! not keyshelf (`aws configure set`) do not take it: the changed-on-disk check still catches
//! them.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::atomic::create_private_dir;
use crate::aws::{AwsPaths, FileKind};

/// The lock file's name, in each folder that holds a shared file.
pub const LOCK_FILE: &str = ".keyshelf.lock";

/// How long to wait for another keyshelf to finish its save before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Held while a process reads, checks and writes the shared files. Dropping it unlocks.
#[derive(Debug)]
pub struct SaveLock {
    _held: Vec<File>,
}

impl SaveLock {
    /// Locks the folders of both files, each once and in a fixed order (so two processes never
    /// wait on each other in a circle), waiting up to [`LOCK_WAIT`] for another keyshelf.
    /// Creates a missing `~/.aws` (mode 0700), as a save would.
    ///
    /// Errors, with the folder they concern: [`io::ErrorKind::TimedOut`] when another
    /// keyshelf held the lock all along; otherwise what the file system said.
    pub fn acquire(paths: &AwsPaths) -> Result<SaveLock, (PathBuf, io::Error)> {
        SaveLock::lock(paths, true)
    }

    /// As [`SaveLock::acquire`], but only in folders that exist: a command that fails must
    /// not leave a new `~/.aws` behind. Where none exists yet, there is nothing to lose and
    /// the save takes the lock when it creates the folder.
    pub fn acquire_existing(paths: &AwsPaths) -> Result<SaveLock, (PathBuf, io::Error)> {
        SaveLock::lock(paths, false)
    }

    fn lock(paths: &AwsPaths, create: bool) -> Result<SaveLock, (PathBuf, io::Error)> {
        let mut held = Vec::new();
        for dir in lock_dirs(paths) {
            if !create && !dir.is_dir() {
                continue;
            }
            let at = |err| (dir.clone(), err);
            create_private_dir(&dir).map_err(at)?;
            let file = open_lock_file(&dir.join(LOCK_FILE)).map_err(at)?;
            let deadline = Instant::now() + LOCK_WAIT;
            loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    Err(TryLockError::WouldBlock) => {
                        return Err(at(io::Error::new(
                            io::ErrorKind::TimedOut,
                            "another keyshelf has been saving these files for 10 seconds",
                        )));
                    }
                    Err(TryLockError::Error(err)) => return Err(at(err)),
                }
            }
            held.push(file);
        }
        Ok(SaveLock { _held: held })
    }
}

impl SaveLock {
    /// Whether no folder was locked ([`SaveLock::acquire_existing`] found none).
    pub fn is_empty(&self) -> bool {
        self._held.is_empty()
    }
}

/// The real folders the two files are written in (through a symlinked file, its target's
/// folder), sorted and without repeats.
/// A file the AWS tools do not read ([`AwsPaths::unread_reason`]) is never written, so nothing
/// is locked beside it either (no `/dev/.keyshelf.lock`).
pub(crate) fn lock_dirs(paths: &AwsPaths) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = [FileKind::Config, FileKind::Credentials]
        .into_iter()
        .filter(|&file| paths.unread_reason(file).is_none())
        .map(|file| real_dir_of(paths.path(file)))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// The folder a save of `file` writes in, resolved as far as it exists.
pub(crate) fn real_dir_of(file: &Path) -> PathBuf {
    let target = super::atomic::resolve_link(file);
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::canonicalize(&dir).unwrap_or(dir)
}

fn open_lock_file(path: &Path) -> io::Result<File> {
    crate::platform::file_modes::open_private(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(dir: &Path) -> AwsPaths {
        AwsPaths {
            config: dir.join("config"),
            credentials: dir.join("credentials"),
            default_profile: "default".into(),
        }
    }

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let paths = paths(dir.path());
        let first = SaveLock::acquire(&paths).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiting = paths.clone();
        let second = std::thread::spawn(move || {
            let lock = SaveLock::acquire(&waiting).unwrap();
            tx.send(()).unwrap();
            drop(lock);
        });
        assert!(
            rx.recv_timeout(Duration::from_millis(200)).is_err(),
            "it waits"
        );
        drop(first);
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
        second.join().unwrap();
    }

    #[test]
    fn one_folder_is_locked_once() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(lock_dirs(&paths(dir.path())).len(), 1);
    }
}
