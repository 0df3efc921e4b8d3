//! Loading the two shared files and saving them safely: atomically, with backups, keeping
//! modes, and never over a file that changed on disk since it was read.

mod atomic;
mod backup;
mod error;
mod journal;
mod line_fix;
mod lock;
mod merge;
mod read;
mod save;
mod scrub;

use std::fs;
use std::path::Path;
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
use crate::ini::Document;
use FilesError as Error;
pub(crate) use error::plain_io;
pub use error::{FilesError, Result};
pub use line_fix::{LineFix, UnreadableLine, fix_line, folder_of, unreadable_line};
pub use read::Warning;
use read::{Held, Snapshot, last_copy_uses_crlf, read_document, read_snapshot};
use save::{SaveItem, lock_and_recover, lock_error, recover, recover_if_needed};
pub use save::{SaveJob, SaveReport, Saved};
pub use scrub::{Moving, SCRUB_FILE, Scrub};
use scrub::{scrub_all_backups, scrub_marker};

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

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("paths", &self.paths)
            .finish_non_exhaustive()
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
            scrub: Moving::default(),
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

    /// Removes the moved keys from every backup of both files (see [`Moving`], [`Scrub`]),
    /// under the save lock (taken here unless the workspace holds it). Each backup is read and
    /// written once, however many profiles.
    pub fn scrub_backups(&self, moving: &Moving) -> Scrub {
        let scrub = || -> Result<usize> {
            let _lock = match &self.lock {
                Some(_) => None,
                None => Some(lock_and_recover(&self.paths)?),
            };
            let changed = scrub_all_backups(&self.paths, moving)?;
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
    pub fn save_moving_secrets(&mut self, moving: &Moving) -> Result<SaveReport> {
        let mut job = self.prepare_save();
        job.scrub = moving.clone();
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
