//! Loading the two shared files and saving them safely: atomically, with backups, keeping
//! modes, and never over a file that changed on disk since it was read.

mod atomic;
mod backup;
mod error;
mod journal;
mod line_fix;
mod lock;
mod merge;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use atomic::{
    NEW_DIR_MODE, NEW_FILE_MODE, create_private_dir, delete_plaintext_copy, open_regular,
    write_atomic,
};
pub use atomic::{TEMP_PREFIX, TEMP_SUFFIX};
pub use backup::{BACKUP_DIR, KEEP as BACKUPS_KEPT, backup_dir, list_backups};
pub use journal::{JOURNAL_FILE, Recovered};
pub use lock::{LOCK_FILE, LOCK_WAIT, SaveLock};

use crate::aws::FileKind;
use crate::aws::{AwsPaths, SharedFiles};
use crate::ini::{Alias, Document, Problem};
use FilesError as Error;
pub(crate) use error::plain_io;
pub use error::{FilesError, Result};
pub use line_fix::{LineFix, UnreadableLine, fix_line, folder_of, unreadable_line};

/// What a file held on disk when it was read: its bytes, or nothing when it did not exist. The
/// bytes are shared with the document read from them (memory), not a second copy.
#[derive(Clone)]
struct Snapshot(Option<Held>);

/// A file's bytes as read: the text a document was read from (shared with it), or bytes read
/// only to compare.
#[derive(Clone)]
enum Held {
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

/// The shared files as read from disk, with the edits made since.
#[derive(Clone)]
pub struct Workspace {
    pub paths: AwsPaths,
    /// The two documents, as read and edited (the files on disk are this module's business).
    pub docs: SharedFiles,
    config_disk: Snapshot,
    credentials_disk: Snapshot,
    /// Held from the read to the last save when loaded with [`Workspace::load_locked`].
    lock: Option<Arc<SaveLock>>,
    /// The files the AWS tools did not read when these were read ([`Workspace::unread`]).
    unread: Vec<crate::aws::Unread>,
    /// What finishing an interrupted save found worth saying ([`Workspace::recovered`]).
    recovered: Vec<String>,
}

/// What a save did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    pub written: Vec<PathBuf>,
    pub backups: Vec<PathBuf>,
    /// What became of the secrets in the earlier copies, after a move to the keychain.
    pub scrub: Scrub,
}

/// After a verified move to the keychain, the moved keys are removed from every earlier copy
/// in `keyshelf-backups`: no file keyshelf wrote keeps a secret the keychain holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Scrub {
    /// Nothing was moved to the keychain.
    #[default]
    NotNeeded,
    /// The keys were removed from this many copies (0: none held them).
    Done(usize),
    /// The copies could not all be rewritten; the message says why. The move itself stands.
    Failed(String),
}

impl Scrub {
    /// One sentence for the result of a move, or `None` when there is nothing to say.
    pub fn describe(&self) -> Option<String> {
        match self {
            Scrub::NotNeeded => None,
            Scrub::Done(0) => Some("no earlier copy in keyshelf-backups held the keys".into()),
            Scrub::Done(1) => Some("the keys were removed from 1 earlier copy in keyshelf-backups, so no file keeps them".into()),
            Scrub::Done(n) => Some(format!("the keys were removed from {n} earlier copies in keyshelf-backups, so no file keeps them")),
            Scrub::Failed(why) => Some(format!("the keys could not be removed from the earlier copies in keyshelf-backups ({why}); delete that folder's older files by hand")),
        }
    }
}

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

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("paths", &self.paths)
            .finish_non_exhaustive()
    }
}

/// A save ready to run: the new texts and what the files must still hold on disk.
pub struct SaveJob {
    /// Why this save must not run at all: a file the AWS tools refuse to read.
    refused: Option<Error>,
    paths: AwsPaths,
    /// The workspace's lock, when it holds one; else the save takes it.
    lock: Option<Arc<SaveLock>>,
    items: Vec<SaveItem>,
    /// The files this save does not write, with what they held when read: a change to either
    /// file is a conflict, because the two are read together (keys added to the credentials
    /// file would win over a `credential_process` written to the config file).
    unwritten: Vec<(PathBuf, Snapshot)>,
    /// Profiles whose keys this save moves out of the files: their clean-up of the backups is
    /// recorded before the files are put in place ([`SCRUB_FILE`]).
    scrub: Vec<String>,
}

struct SaveItem {
    file: FileKind,
    path: PathBuf,
    text: String,
    expected: Snapshot,
}

/// The outcome of [`SaveJob::run`]: what was written, and the error that stopped it, if any.
pub struct Saved {
    pub report: SaveReport,
    written: Vec<(FileKind, String)>,
    pub error: Option<Error>,
    /// Another program had changed other sections of a file meanwhile: both changes were kept,
    /// and what was written is not what was asked (see [`Workspace::finish_save`]).
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

fn keep_backup_of(item: &SaveItem) -> Result<Option<PathBuf>> {
    let path = &item.path;
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
fn lock_and_recover(paths: &AwsPaths) -> Result<SaveLock> {
    let lock = SaveLock::acquire(paths).map_err(|err| lock_error(paths, err))?;
    recover(paths)?;
    Ok(lock)
}

/// The lock's error, naming the shared file in the folder it concerns.
fn lock_error(paths: &AwsPaths, (dir, source): (PathBuf, io::Error)) -> Error {
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
fn recover(paths: &AwsPaths) -> Result<Recovered> {
    let dirs = lock::lock_dirs(paths);
    let recovered = journal::recover(&dirs).map_err(|source| Error::Write {
        path: dirs.first().cloned().unwrap_or_default(),
        source,
    })?;
    if let Some(marker) = scrub_marker(paths).filter(|m| m.exists()) {
        let profiles: Vec<String> = atomic::read_regular(&marker)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        let names: Vec<&str> = profiles.iter().map(String::as_str).collect();
        scrub_all_backups(paths, &names)?;
        let _ = fs::remove_file(&marker);
    }
    Ok(recovered)
}

/// The record of a move's pending clean-up: the profiles whose plaintext keys must leave every
/// backup, in the first folder the save locks. Written before the save that moves the keys,
/// removed once the backups are clean; a process killed in between leaves it, and the next
/// keyshelf that takes the lock finishes the clean-up.
pub const SCRUB_FILE: &str = ".keyshelf-scrub";

fn scrub_marker(paths: &AwsPaths) -> Option<PathBuf> {
    lock::lock_dirs(paths)
        .into_iter()
        .next()
        .map(|dir| dir.join(SCRUB_FILE))
}

/// Removes the secret keys of `profiles` from every backup of both files. The lock is held.
fn scrub_all_backups(paths: &AwsPaths, profiles: &[&str]) -> Result<usize> {
    let mut changed = 0;
    for file in [FileKind::Config, FileKind::Credentials] {
        if paths.unread_reason(file).is_some() {
            continue;
        }
        let path = paths.path(file);
        let edit = |doc: &mut Document| crate::aws::remove_profile_secrets(doc, file, profiles);
        changed += backup::rewrite_backups(path, &edit).map_err(|source| Error::Backup {
            path: path.to_path_buf(),
            dir: backup_dir(path),
            source,
        })?;
    }
    Ok(changed)
}

/// What an interrupted save left is finished or rolled back before anything reads the files
/// (under the lock, and only when there is something: a cheap check on every start).
fn recover_if_needed(paths: &AwsPaths) -> Result<Vec<String>> {
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

impl Workspace {
    /// Reads both files. A missing file (or missing `~/.aws`) is an empty file. A file with a line
    /// the AWS CLI cannot read is an error naming that line.
    /// An interrupted save is finished or rolled back first (see `journal.rs`).
    pub fn load(paths: AwsPaths) -> Result<Workspace> {
        let notes = recover_if_needed(&paths)?;
        let mut workspace = Workspace::read(paths, None)?;
        workspace.recovered = notes;
        Ok(workspace)
    }

    /// As [`Workspace::load`], holding the save lock until the workspace is dropped: another
    /// keyshelf can neither write between this read and this process's saves nor lose them.
    /// What each command line call that changes the files uses. Waits up to
    /// [`LOCK_WAIT`] for another keyshelf ([`Error::Busy`]).
    pub fn load_locked(paths: AwsPaths) -> Result<Workspace> {
        let lock = SaveLock::acquire_existing(&paths).map_err(|err| lock_error(&paths, err))?;
        let notes = recover(&paths)?.notes();
        // Nothing locked (no folder yet): the save takes the lock as it creates the folder.
        let lock = (!lock.is_empty()).then(|| Arc::new(lock));
        let mut workspace = Workspace::read(paths, lock)?;
        workspace.recovered = notes;
        Ok(workspace)
    }

    fn read(paths: AwsPaths, lock: Option<Arc<SaveLock>>) -> Result<Workspace> {
        let mut unread = Vec::new();
        let mut read = |file| match paths.unread_reason(file) {
            // botocore reads no file there: neither does keyshelf (see `Workspace::unread`).
            Some(reason) => {
                unread.push(reason);
                Ok((Document::new(), Snapshot(None)))
            }
            None => read_document(
                paths.path(file),
                (file == FileKind::Config).then_some(SharedFiles::CONFIG_ALIAS),
            ),
        };
        let (config, config_disk) = read(FileKind::Config)?;
        let (credentials, credentials_disk) = read(FileKind::Credentials)?;
        Ok(Workspace {
            paths,
            docs: SharedFiles::new(config, credentials),
            config_disk,
            credentials_disk,
            lock,
            unread,
            recovered: Vec::new(),
        })
    }

    /// Reads the files named by the environment (see [`AwsPaths::from_env`]).
    pub fn load_from_env() -> Result<Workspace> {
        Workspace::load(AwsPaths::from_env()?)
    }

    /// [`Workspace::load_locked`] for the files named by the environment.
    pub fn load_from_env_locked() -> Result<Workspace> {
        Workspace::load_locked(AwsPaths::from_env()?)
    }

    pub fn path(&self, file: FileKind) -> &Path {
        match file {
            FileKind::Config => &self.paths.config,
            FileKind::Credentials => &self.paths.credentials,
        }
    }

    fn snapshot(&self, file: FileKind) -> &Snapshot {
        match file {
            FileKind::Config => &self.config_disk,
            FileKind::Credentials => &self.credentials_disk,
        }
    }

    /// Whether a file's content differs from what was read.
    pub fn is_changed(&self, file: FileKind) -> bool {
        // An unedited document still holds the very bytes of its snapshot: no need to print it.
        if let (Some(read), Some(bytes)) =
            (self.docs.doc(file).text_as_read(), &self.snapshot(file).0)
            && std::ptr::eq(read.as_ptr(), bytes.as_ptr())
        {
            return false;
        }
        let text = self.docs.doc(file).to_string();
        match &self.snapshot(file).0 {
            Some(bytes) => **bytes != *text.as_bytes(),
            None => !text.is_empty(),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.is_changed(FileKind::Config) || self.is_changed(FileKind::Credentials)
    }

    /// The files the AWS tools do not read at all, each with why (its variable is empty, it names
    /// a device or a folder, or it holds an unset variable): they read as empty and are never
    /// written. Every face says so, so that nobody takes an empty list for lost profiles.
    pub fn unread(&self) -> &[crate::aws::Unread] {
        &self.unread
    }

    /// What finishing an interrupted save found when these files were read: another program's
    /// change kept beside it, or the save's copy gone. One sentence each.
    pub fn recovered(&self) -> &[String] {
        &self.recovered
    }

    /// Problems that do not stop reading but stop writing (a BOM, duplicate sections or keys).
    pub fn warnings(&self) -> Vec<Warning> {
        [FileKind::Config, FileKind::Credentials]
            .into_iter()
            .flat_map(|file| {
                let path = self.path(file).to_path_buf();
                self.docs
                    .doc(file)
                    .problems()
                    .into_iter()
                    .map(move |problem| Warning {
                        path: path.clone(),
                        problem,
                    })
            })
            .collect()
    }

    /// Which files changed on disk since they were read (another program wrote them).
    pub fn changed_on_disk(&self) -> Vec<FileKind> {
        [FileKind::Config, FileKind::Credentials]
            .into_iter()
            .filter(|&file| {
                read_snapshot(self.path(file), self.snapshot(file))
                    .map(|s| &s != self.snapshot(file))
                    .unwrap_or(true)
            })
            .collect()
    }

    /// Saves the files that changed. Before anything is written, both files are checked against
    /// what was read; if either changed on disk, nothing is written and the error says which.
    /// Each written file's previous content is kept as a backup first.
    pub fn save(&mut self) -> Result<SaveReport> {
        let saved = self.prepare_save().run();
        self.finish_save(&saved);
        match saved.error {
            Some(err) => Err(err),
            None => Ok(saved.report),
        }
    }

    /// The gate every write passes: `file` must be one the AWS tools can read, both
    /// as it is on disk and as it would be written: no duplicate section, no duplicate key, no
    /// byte order mark. Otherwise keyshelf will not write it (deleting both of two duplicate
    /// sections would choose for the user); only a repair does ([`Workspace::save_repair`]).
    /// The error names both lines of a duplicate, as the file on disk has them, and the
    /// `keyshelf repair` command that fixes it.
    pub fn check_writable(&self, file: FileKind) -> Result<()> {
        let on_disk = match &self.snapshot(file).0 {
            Some(bytes) if self.is_changed(file) => Document::from_bytes(bytes)
                .ok()
                .and_then(|doc| doc.problems().into_iter().next()),
            _ => None,
        };
        let problem = on_disk.or_else(|| self.docs.doc(file).problems().into_iter().next());
        match problem {
            None => Ok(()),
            Some(problem) => Err(Error::Unreadable {
                path: self.path(file).to_path_buf(),
                file,
                problem,
            }),
        }
    }

    /// [`Workspace::check_writable`] for both files: what a keychain move needs, because it is
    /// proved against how the AWS tools read both.
    pub fn check_both_writable(&self) -> Result<()> {
        self.check_writable(FileKind::Config)?;
        self.check_writable(FileKind::Credentials)
    }

    /// Everything a save needs, detached from the workspace so it can run on another thread
    /// while the app stays responsive. Apply the outcome with [`Workspace::finish_save`].
    pub fn prepare_save(&self) -> SaveJob {
        self.prepare(true)
    }

    /// Saves a repair (`keep_only`, `remove_bom`): the one save allowed to write a file the AWS
    /// tools cannot read yet, because it makes that file readable one fix at a time. Otherwise
    /// as [`Workspace::save`].
    pub fn save_repair(&mut self) -> Result<SaveReport> {
        let saved = self.prepare_repair_save().run();
        self.finish_save(&saved);
        match saved.error {
            Some(err) => Err(err),
            None => Ok(saved.report),
        }
    }

    /// [`Workspace::save_repair`], detached to run on another thread, as
    /// [`Workspace::prepare_save`] is.
    pub fn prepare_repair_save(&self) -> SaveJob {
        self.prepare(false)
    }

    fn prepare(&self, gate: bool) -> SaveJob {
        let mut items = Vec::new();
        let mut unwritten = Vec::new();
        let mut refused = None;
        for file in [FileKind::Config, FileKind::Credentials] {
            let path = self.path(file).to_path_buf();
            let expected = self.snapshot(file).clone();
            if self.is_changed(file) {
                if refused.is_none() {
                    refused = self
                        .unread
                        .iter()
                        .find(|u| u.file() == file)
                        .cloned()
                        .map(Error::Unread);
                }
                if gate && refused.is_none() {
                    refused = self.check_writable(file).err();
                }
                items.push(SaveItem {
                    file,
                    path,
                    text: self.docs.doc(file).to_string(),
                    expected,
                });
            } else {
                unwritten.push((path, expected));
            }
        }
        SaveJob {
            refused,
            paths: self.paths.clone(),
            lock: self.lock.clone(),
            items,
            unwritten,
            scrub: Vec::new(),
        }
    }

    /// Records what a save wrote as the new on-disk state. After a merge ([`Saved::merged`])
    /// the documents become what was written, the other program's changes included.
    pub fn finish_save(&mut self, saved: &Saved) {
        for (file, text) in &saved.written {
            // Read again from what was written: after a merge the other program's changes are
            // in it, and either way the document and the snapshot then share one copy. The old
            // ones go first, so that two copies of a large file are never held at once.
            self.docs.set_doc(*file, Document::new());
            match file {
                FileKind::Config => self.config_disk = Snapshot(None),
                FileKind::Credentials => self.credentials_disk = Snapshot(None),
            }
            let mut doc = Document::parse(text);
            if text.is_empty() && last_copy_uses_crlf(self.path(*file)) {
                doc.prefer_crlf();
            }
            let snapshot = Snapshot(Some(match doc.text_as_read() {
                Some(text) => Held::Text(text),
                None => Held::Bytes(text.as_bytes().to_vec()),
            }));
            self.docs.set_doc(*file, doc);
            match file {
                FileKind::Config => self.config_disk = snapshot,
                FileKind::Credentials => self.credentials_disk = snapshot,
            }
        }
    }

    /// Removes the secret keys of `profiles` from every backup of both files (see [`Scrub`]),
    /// under the save lock (taken here unless the workspace holds it). Each backup is read and
    /// written once, however many profiles.
    pub fn scrub_backups(&self, profiles: &[&str]) -> Scrub {
        let scrub = || -> Result<usize> {
            let _lock = match &self.lock {
                Some(_) => None,
                None => Some(lock_and_recover(&self.paths)?),
            };
            let changed = scrub_all_backups(&self.paths, profiles)?;
            if let Some(marker) = scrub_marker(&self.paths) {
                let _ = fs::remove_file(marker);
            }
            Ok(changed)
        };
        match scrub() {
            Ok(changed) => Scrub::Done(changed),
            Err(err) => Scrub::Failed(err.to_string()),
        }
    }

    /// [`Workspace::save`] for a move of `profiles`' keys out of the files: the clean-up of the
    /// backups is recorded with the save ([`SCRUB_FILE`], under the lock, before the files are
    /// put in place), so that the next keyshelf finishes it if this process dies before
    /// [`Workspace::scrub_backups`] is done.
    pub fn save_moving_secrets(&mut self, profiles: &[&str]) -> Result<SaveReport> {
        let mut job = self.prepare_save();
        job.scrub = profiles.iter().map(|p| (*p).to_owned()).collect();
        let saved = job.run();
        self.finish_save(&saved);
        match saved.error {
            Some(err) => Err(err),
            None => Ok(saved.report),
        }
    }

    /// Drops unsaved edits and reads both files again (keeping the lock, if held).
    pub fn reload(&mut self) -> Result<()> {
        let lock = self.lock.take();
        *self = match lock {
            Some(lock) => Workspace::read(self.paths.clone(), Some(lock))?,
            None => Workspace::load(self.paths.clone())?,
        };
        Ok(())
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
fn read_snapshot(path: &Path, known: &Snapshot) -> io::Result<Snapshot> {
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
fn last_copy_uses_crlf(path: &Path) -> bool {
    list_backups(path)
        .ok()
        .and_then(|copies| copies.last().cloned())
        .and_then(|copy| atomic::read_regular(&copy).ok())
        .is_some_and(|bytes| bytes.windows(2).any(|w| w == b"\r\n"))
}

fn read_document(path: &Path, alias: Option<Alias>) -> Result<(Document, Snapshot)> {
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
