//! The save path: a [`SaveJob`] detached from the workspace and run under the save lock (the
//! conflict check and merge, a backup of each file, the journaled write), with what finishes
//! an interrupted save and a move's clean-up of the backups (`SCRUB_FILE`). Apart from
//! `mod.rs` so that the workspace and the steps of a save can each be read whole.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::atomic::{self, create_private_dir, write_atomic};
use super::backup::{self, backup_dir};
use super::journal::{self, Recovered};
use super::lock::{self, SaveLock};
use super::merge;
use super::read::{Snapshot, read_snapshot};
use super::scrub::{Moving, Scrub, scrub_all_backups, scrub_marker};
use super::{Error, Result};
use crate::aws::{AwsPaths, FileKind};
use crate::ini::Document;

/// What a save did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    pub written: Vec<PathBuf>,
    pub backups: Vec<PathBuf>,
    /// What became of the secrets in the earlier copies, after a move to the keychain.
    pub scrub: Scrub,
}

/// A save ready to run: the new texts and what the files must still hold on disk.
pub struct SaveJob {
    /// Why this save must not run at all: a file the AWS tools refuse to read.
    pub(super) refused: Option<Error>,
    pub(super) paths: AwsPaths,
    /// The workspace's lock, when it holds one; else the save takes it.
    pub(super) lock: Option<Arc<SaveLock>>,
    pub(super) items: Vec<SaveItem>,
    /// The files this save does not write, with what they held when read: a change to either
    /// file is a conflict, because the two are read together (keys added to the credentials
    /// file would win over a `credential_process` written to the config file).
    pub(super) unwritten: Vec<(PathBuf, Snapshot)>,
    /// The keys this save moves out of the files: their clean-up of the backups is recorded
    /// before the files are put in place ([`SCRUB_FILE`]).
    pub(super) scrub: Moving,
}

pub(super) struct SaveItem {
    pub(super) file: FileKind,
    pub(super) path: PathBuf,
    pub(super) text: String,
    pub(super) expected: Snapshot,
}

/// The outcome of [`SaveJob::run`]: what was written, and the error that stopped it, if any.
pub struct Saved {
    pub report: SaveReport,
    pub(super) written: Vec<(FileKind, String)>,
    pub error: Option<Error>,
    /// Another program had changed other sections of a file meanwhile: both changes were kept,
    /// and what was written is not what was asked (see
    /// [`Workspace::finish_save`](super::Workspace::finish_save)).
    pub merged: bool,
}

impl SaveJob {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Under the save lock ([`SaveLock`]): finishes what an interrupted save left, checks the
    /// files for changes made by others, keeps a backup of each, then writes them as one step
    /// (journaled when there are two, see `journal.rs`). If putting the second file in place
    /// fails, the first is put back as it was, so the two files never disagree.
    pub fn run(mut self) -> Saved {
        let mut saved = Saved {
            report: SaveReport::default(),
            written: Vec::new(),
            error: None,
            merged: false,
        };
        if let Some(err) = self.refused.take() {
            saved.error = Some(err);
            return saved;
        }
        let _lock = match &self.lock {
            Some(_) => None,
            None => match lock_and_recover(&self.paths) {
                Ok(lock) => Some(lock),
                Err(err) => {
                    saved.error = Some(err);
                    return saved;
                }
            },
        };
        match self.reconcile() {
            Ok(merged) => saved.merged = merged,
            Err(err) => {
                saved.error = Some(err);
                return saved;
            }
        }
        // Which backup folders exist already, so that a failed save can take away the ones it
        // made and leave the disk exactly as it found it.
        let new_dirs: Vec<PathBuf> = self
            .items
            .iter()
            .map(|item| backup_dir(&item.path))
            .filter(|dir| !dir.exists())
            .collect();
        // Each file's copy as this save found it: the journal names it, so that finishing an
        // interrupted save can tell a change made since by another program (see `journal.rs`).
        let mut bases = Vec::new();
        for item in &self.items {
            match keep_backup_of(item) {
                Ok(backup) => {
                    bases.push(backup.clone());
                    saved.report.backups.extend(backup);
                }
                Err(err) => {
                    for backup in saved.report.backups.drain(..) {
                        let _ = fs::remove_file(backup);
                    }
                    for dir in &new_dirs {
                        // Only succeeds while empty: never removes anything else.
                        let _ = fs::remove_file(dir.join(".gitignore"));
                        let _ = fs::remove_dir(dir);
                    }
                    saved.error = Some(err);
                    return saved;
                }
            }
        }
        // Recorded before anything is put in place: from then on, a process killed before the
        // backups are clean leaves the record for the next keyshelf.
        let marker = scrub_marker(&self.paths).filter(|_| !self.scrub.is_empty());
        if let Some(marker) = &marker {
            let names = serde_json::to_vec(&self.scrub).unwrap_or_default();
            let folder = marker.parent().unwrap_or(Path::new("."));
            if let Err(source) =
                create_private_dir(folder).and_then(|()| write_atomic(marker, &names))
            {
                saved.error = Some(Error::Write {
                    path: marker.clone(),
                    source,
                });
                return saved;
            }
        }
        let unmark = || {
            if let Some(marker) = &marker {
                let _ = fs::remove_file(marker);
            }
        };
        let mut staged = Vec::new();
        for (item, base) in self.items.iter().zip(bases) {
            match stage(item) {
                Ok(mut file) => {
                    file.base = base;
                    file.base_known = true;
                    staged.push(file);
                }
                Err(err) => {
                    journal::discard(&staged);
                    unmark();
                    saved.error = Some(err);
                    return saved;
                }
            }
        }
        let journal_dir = lock::lock_dirs(&self.paths)
            .into_iter()
            .next()
            .unwrap_or_else(|| PathBuf::from("."));
        if let Err((done, source)) = journal::commit(&staged, &journal_dir) {
            let failed = &self.items[done.min(self.items.len() - 1)];
            saved.error = Some(Error::Write {
                path: failed.path.clone(),
                source,
            });
            let earlier = &self.items[..done];
            let undone = earlier.iter().all(|item| restore(item).is_ok());
            if undone {
                unmark();
            }
            if !undone {
                // The earlier file could not be put back: it holds the new content, so
                // record it as written.
                for item in earlier {
                    saved.report.written.push(item.path.clone());
                    saved.written.push((item.file, item.text.clone()));
                }
            }
            return saved;
        }
        for item in self.items {
            saved.report.written.push(item.path);
            saved.written.push((item.file, item.text));
        }
        saved
    }

    /// Checks both files against what was read. A file this save writes that another program
    /// changed meanwhile is merged when the two changed different sections ([`merge`]), and the
    /// merge must pass the write gate; anything else is a conflict, and so is a change to the
    /// file this save does not write (the two files are read together). Returns whether it
    /// merged. Call under the save lock.
    fn reconcile(&mut self) -> Result<bool> {
        let read = |path: &PathBuf, known: &Snapshot| {
            read_snapshot(path, known).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })
        };
        for (path, snapshot) in &self.unwritten {
            if &read(path, snapshot)? != snapshot {
                return Err(Error::Conflict { path: path.clone() });
            }
        }
        let mut merged = false;
        for item in &mut self.items {
            let on_disk = read(&item.path, &item.expected)?;
            if on_disk == item.expected {
                continue;
            }
            let conflict = || Error::Conflict {
                path: item.path.clone(),
            };
            let (Some(base), Some(theirs)) = (&item.expected.0, &on_disk.0) else {
                return Err(conflict());
            };
            let (Ok(base), Ok(theirs)) = (std::str::from_utf8(base), std::str::from_utf8(theirs))
            else {
                return Err(conflict());
            };
            // A file emptied meanwhile (and left so, see `read_settled`) is no change to merge
            // into: it would drop every profile nobody here asked to drop.
            if theirs.trim().is_empty() && !base.trim().is_empty() {
                return Err(conflict());
            }
            let text = merge::merge(base, &item.text, theirs).ok_or_else(conflict)?;
            if !Document::parse(&text).problems().is_empty() {
                return Err(conflict());
            }
            item.text = text;
            item.expected = on_disk;
            merged = true;
        }
        Ok(merged)
    }
}

/// The backup of an item's file, first refusing a file its owner made read-only: then the
/// backups already kept go, and the disk is as the save found it.
fn keep_backup_of(item: &SaveItem) -> Result<Option<PathBuf>> {
    let path = &item.path;
    super::atomic::check_replaceable(path).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    match &item.expected.0 {
        Some(previous) => backup::keep_backup(path, previous)
            .map(Some)
            .map_err(|source| Error::Backup {
                path: path.clone(),
                dir: backup_dir(path),
                source,
            }),
        None => Ok(None),
    }
}

/// Writes an item's new text beside its file, not yet in place.
fn stage(item: &SaveItem) -> Result<journal::Staged> {
    let path = &item.path;
    let write = |source| Error::Write {
        path: path.clone(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(write)?;
    }
    journal::stage(path, item.text.as_bytes()).map_err(write)
}

/// Takes the save lock (creating `~/.aws` when missing) and finishes or rolls back what an
/// interrupted save left.
pub(super) fn lock_and_recover(paths: &AwsPaths) -> Result<SaveLock> {
    let lock = SaveLock::acquire(paths).map_err(|err| lock_error(paths, err))?;
    recover(paths)?;
    Ok(lock)
}

/// The lock's error, naming the shared file in the folder it concerns.
pub(super) fn lock_error(paths: &AwsPaths, (dir, source): (PathBuf, io::Error)) -> Error {
    let path = [&paths.credentials, &paths.config]
        .into_iter()
        .find(|file| lock::real_dir_of(file) == dir)
        .unwrap_or(&paths.credentials)
        .clone();
    match source.kind() {
        io::ErrorKind::TimedOut => Error::Busy { path },
        _ => Error::Write { path, source },
    }
}

/// Finishes a journal, removes leftover temporary files, and finishes a move's clean-up of the
/// backups ([`SCRUB_FILE`]). The lock must be held.
pub(super) fn recover(paths: &AwsPaths) -> Result<Recovered> {
    let dirs = lock::lock_dirs(paths);
    let recovered = journal::recover(&dirs).map_err(|source| Error::Write {
        path: dirs.first().cloned().unwrap_or_default(),
        source,
    })?;
    if let Some(marker) = scrub_marker(paths).filter(|m| m.exists()) {
        let moving = atomic::read_regular(&marker)
            .map(|bytes| Moving::read(&bytes))
            .unwrap_or_default();
        scrub_all_backups(paths, &moving)?;
        let _ = fs::remove_file(&marker);
    }
    Ok(recovered)
}

/// What an interrupted save left is finished or rolled back before anything reads the files
/// (under the lock, and only when there is something: a cheap check on every start).
pub(super) fn recover_if_needed(paths: &AwsPaths) -> Result<Vec<String>> {
    let pending_scrub = scrub_marker(paths).is_some_and(|m| m.exists());
    if pending_scrub || journal::needs_recovery(&lock::lock_dirs(paths)) {
        let _lock = SaveLock::acquire(paths).map_err(|err| lock_error(paths, err))?;
        return Ok(recover(paths)?.notes());
    }
    Ok(Vec::new())
}

/// Puts a file back as it was before this save: its old content, or no file at all.
fn restore(item: &SaveItem) -> std::io::Result<()> {
    match &item.expected.0 {
        Some(previous) => write_atomic(&item.path, previous),
        None => fs::remove_file(&item.path),
    }
}
