//! Loading the two shared files and saving them safely: atomically, with backups, keeping
//! modes, and never over a file that changed on disk since it was read.

mod atomic;
mod backup;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use atomic::{NEW_DIR_MODE, NEW_FILE_MODE, create_private_dir, write_atomic};
pub use backup::{KEEP as BACKUPS_KEPT, backup_dir, list_backups};

use crate::aws::{AwsPaths, SharedFiles};
use crate::error::{Error, FileKind, Result};
use crate::ini::{Document, Problem};

/// What a file held on disk when it was read: its bytes, or nothing when it did not exist.
#[derive(Clone, PartialEq, Eq)]
struct Snapshot(Option<Vec<u8>>);

/// The shared files as read from disk, with the edits made since.
#[derive(Clone)]
pub struct Workspace {
    pub paths: AwsPaths,
    pub files: SharedFiles,
    config_disk: Snapshot,
    credentials_disk: Snapshot,
}

/// What a save did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    pub written: Vec<PathBuf>,
    pub backups: Vec<PathBuf>,
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

impl Workspace {
    /// Reads both files. A missing file (or missing `~/.aws`) is an empty file. A file with a line
    /// the AWS CLI cannot read is an error naming that line.
    pub fn load(paths: AwsPaths) -> Result<Workspace> {
        let (config, config_disk) = read_document(&paths.config)?;
        let (credentials, credentials_disk) = read_document(&paths.credentials)?;
        Ok(Workspace {
            paths,
            files: SharedFiles::new(config, credentials),
            config_disk,
            credentials_disk,
        })
    }

    /// Reads the files named by the environment (see [`AwsPaths::from_env`]).
    pub fn load_from_env() -> Result<Workspace> {
        Workspace::load(AwsPaths::from_env()?)
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
        let text = self.files.doc(file).to_string();
        match &self.snapshot(file).0 {
            Some(bytes) => bytes != text.as_bytes(),
            None => !text.is_empty(),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.is_changed(FileKind::Config) || self.is_changed(FileKind::Credentials)
    }

    /// Problems that do not stop reading (a BOM, duplicate sections or keys).
    pub fn warnings(&self) -> Vec<Warning> {
        [FileKind::Config, FileKind::Credentials]
            .into_iter()
            .flat_map(|file| {
                let path = self.path(file).to_path_buf();
                self.files
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
                read_snapshot(self.path(file))
                    .map(|s| &s != self.snapshot(file))
                    .unwrap_or(true)
            })
            .collect()
    }

    /// Saves the files that changed. Before anything is written, both files are checked against
    /// what was read; if either changed on disk, nothing is written and the error says which.
    /// Each written file's previous content is kept as a backup first.
    pub fn save(&mut self) -> Result<SaveReport> {
        let changed: Vec<FileKind> = [FileKind::Config, FileKind::Credentials]
            .into_iter()
            .filter(|&f| self.is_changed(f))
            .collect();
        for &file in &changed {
            let path = self.path(file);
            let on_disk = read_snapshot(path).map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
            if &on_disk != self.snapshot(file) {
                return Err(Error::Conflict {
                    path: path.to_path_buf(),
                });
            }
        }
        let mut report = SaveReport::default();
        for file in changed {
            let path = self.path(file).to_path_buf();
            let text = self.files.doc(file).to_string();
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                create_private_dir(dir).map_err(|source| Error::Write {
                    path: path.clone(),
                    source,
                })?;
            }
            if let Some(previous) = &self.snapshot(file).0 {
                let dir = backup_dir(&path);
                let kept =
                    backup::keep_backup(&path, previous).map_err(|source| Error::Backup {
                        path: path.clone(),
                        dir,
                        source,
                    })?;
                report.backups.push(kept);
            }
            write_atomic(&path, text.as_bytes()).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
            let snapshot = Snapshot(Some(text.into_bytes()));
            match file {
                FileKind::Config => self.config_disk = snapshot,
                FileKind::Credentials => self.credentials_disk = snapshot,
            }
            report.written.push(path);
        }
        Ok(report)
    }

    /// Drops unsaved edits and reads both files again.
    pub fn reload(&mut self) -> Result<()> {
        *self = Workspace::load(self.paths.clone())?;
        Ok(())
    }
}

fn read_snapshot(path: &Path) -> io::Result<Snapshot> {
    match fs::read(path) {
        Ok(bytes) => Ok(Snapshot(Some(bytes))),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Snapshot(None)),
        Err(err) => Err(err),
    }
}

fn read_document(path: &Path) -> Result<(Document, Snapshot)> {
    let snapshot = read_snapshot(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let Some(bytes) = &snapshot.0 else {
        return Ok((Document::new(), snapshot));
    };
    let doc = Document::from_bytes(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        line: e.line,
    })?;
    if let Some(Problem::Malformed { line, why }) = doc
        .problems()
        .into_iter()
        .find(|p| matches!(p, Problem::Malformed { .. }))
    {
        return Err(Error::Malformed {
            path: path.to_path_buf(),
            line,
            why,
        });
    }
    Ok((doc, snapshot))
}
