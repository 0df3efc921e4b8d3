//! Recovering from a save that was interrupted: a complete journal is finished (its files put
//! in place, unless another program changed a target since), and keyshelf's leftover
//! temporary files are removed. Runs under the save lock, before anything is read.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::super::atomic::{TEMP_PREFIX, TEMP_SUFFIX, sync_dir};
use super::super::backup::BACKUP_DIR;
use super::{JOURNAL_FILE, Journal, Staged, fingerprint, folder_of, put_in_place};

/// What [`recover`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Files an interrupted save had staged and journaled, now put in place.
    pub finished: usize,
    /// Leftover temporary files removed.
    pub removed: usize,
    /// Files another program changed after the interrupted save staged them: both changes were
    /// merged (they touched different profiles).
    pub merged: Vec<PathBuf>,
    /// Files another program changed in the same profiles: its version stays, and the
    /// interrupted save's is kept as this copy in `keyshelf-backups`.
    pub kept_both: Vec<(PathBuf, PathBuf)>,
    /// Files whose staged copy was deleted before the save could be finished, the file still as
    /// the save found it: the save is undone in the other file ([`Recovered::undone`]).
    pub copies_gone: Vec<PathBuf>,
    /// Files an unfinishable save had put in place, given back the content it replaced.
    pub undone: Vec<PathBuf>,
}

impl Recovered {
    /// One sentence for each thing a person should know, or none.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for path in &self.merged {
            notes.push(format!(
                "an interrupted save of {} was finished, and the change another program made to it since was kept as well",
                path.display()
            ));
        }
        for (path, copy) in &self.kept_both {
            notes.push(format!(
                "an interrupted save of {} could not be finished: another program changed the same profiles since; its version stays, and the interrupted save's is kept as {}",
                path.display(),
                copy.display()
            ));
        }
        for path in &self.copies_gone {
            let undone: Vec<String> = self
                .undone
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            notes.push(format!(
                "an interrupted save could not be finished: its copy of {} was deleted; {}, so the two files agree as they did before it (it was not saved: do it again)",
                path.display(),
                if undone.is_empty() {
                    "nothing else of it was in place".to_owned()
                } else {
                    format!("it was undone in {}", undone.join(" and "))
                }
            ));
        }
        notes
    }
}

/// A file's bytes, or `None` when it does not exist.
fn read_optional(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match super::super::atomic::read_regular(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// The target as the interrupted save found it: its copy, or no file.
fn read_optional_base(file: &Staged) -> io::Result<Option<Vec<u8>>> {
    match &file.base {
        Some(base) => read_optional(base),
        None => Ok(None),
    }
}

/// Undoes one journaled file of a save that cannot be finished: a file it put in place (its
/// own bytes, by [`Staged::staged`]) gets back the copy it replaced; its staged copy goes.
fn undo(file: &Staged, done: &mut Recovered) -> io::Result<()> {
    if file.tmp.exists() {
        fs::remove_file(&file.tmp)?;
    }
    let now = read_optional(&file.target)?;
    let ours = now
        .as_deref()
        .is_some_and(|bytes| Some(fingerprint(bytes)) == file.staged);
    if !ours {
        return Ok(());
    }
    match read_optional_base(file)? {
        Some(base) => super::super::atomic::write_atomic(&file.target, &base)?,
        None => fs::remove_file(&file.target)?,
    }
    done.undone.push(file.target.clone());
    Ok(())
}

/// Finishes one journaled file, over only what the interrupted save saw: the target as the save
/// found it is replaced; one another program changed since is merged with the save's version
/// when the two touched different profiles, and otherwise left as it is, with the save's
/// version kept beside the backups.
fn finish(file: &Staged, done: &mut Recovered) -> io::Result<()> {
    let theirs = read_optional(&file.target)?;
    let base = read_optional_base(file)?;
    if !file.base_known || theirs == base {
        put_in_place(file)?;
        done.finished += 1;
        return Ok(());
    }
    let ours = super::super::atomic::read_regular(&file.tmp)?;
    if theirs.as_deref() == Some(ours.as_slice()) {
        fs::remove_file(&file.tmp)?;
        return Ok(());
    }
    fn text(bytes: Option<&[u8]>) -> Option<&str> {
        std::str::from_utf8(bytes.unwrap_or_default()).ok()
    }
    let merged = match (
        text(base.as_deref()),
        text(Some(&ours)),
        text(theirs.as_deref()),
    ) {
        (Some(base), Some(ours), Some(theirs)) => super::super::merge::merge(base, ours, theirs)
            .filter(|m| crate::ini::Document::parse(m).problems().is_empty()),
        _ => None,
    };
    match merged {
        Some(merged) => {
            super::super::atomic::write_atomic(&file.target, merged.as_bytes())?;
            fs::remove_file(&file.tmp)?;
            done.merged.push(file.target.clone());
        }
        None => {
            let copy = super::super::backup::keep_backup(&file.target, &ours)?;
            fs::remove_file(&file.tmp)?;
            done.kept_both.push((file.target.clone(), copy));
        }
    }
    Ok(())
}

/// Whether an interrupted save left anything in `dirs` (a journal, or temporary files there or
/// in their backup folders): cheap, for every start.
pub(crate) fn needs_recovery(dirs: &[PathBuf]) -> bool {
    dirs.iter()
        .any(|dir| dir.join(JOURNAL_FILE).exists() || !leftovers(dir).is_empty())
}

/// Finishes a journal found in `dirs` and removes leftover temporary files there and in their
/// backup folders. Call with the [`super::lock::SaveLock`] held: then no save is under way.
pub(crate) fn recover(dirs: &[PathBuf]) -> io::Result<Recovered> {
    let mut done = Recovered::default();
    // A path whose folder is missing or is a file has nothing to recover; reading the shared
    // file there reports that.
    let dirs: Vec<&PathBuf> = dirs.iter().filter(|dir| dir.is_dir()).collect();
    for dir in &dirs {
        let journal = dir.join(JOURNAL_FILE);
        let text = match super::super::atomic::read_regular(&journal) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => return Err(err),
        };
        // A journal that does not parse was never complete: it was written atomically, so this
        // is someone else's file; leave it.
        let Ok(journal_content) = serde_json::from_slice::<Journal>(&text) else {
            continue;
        };
        // A staged copy deleted before it went in place (someone cleaned the folder): the
        // save cannot be finished, so it is undone where it was done, and the two files agree
        // again, as before it.
        let mut gone = Vec::new();
        for file in &journal_content.renames {
            if file.base_known
                && !file.tmp.exists()
                && read_optional(&file.target)? == read_optional_base(file)?
            {
                gone.push(file.target.clone());
            }
        }
        for file in &journal_content.renames {
            if !gone.is_empty() {
                undo(file, &mut done)?;
            } else if file.tmp.exists() {
                finish(file, &mut done)?;
            }
            sync_dir(&folder_of(&file.target));
        }
        done.copies_gone.extend(gone);
        fs::remove_file(&journal)?;
        sync_dir(dir);
    }
    for dir in dirs {
        for leftover in leftovers(dir) {
            fs::remove_file(&leftover)?;
            done.removed += 1;
        }
    }
    Ok(done)
}

/// Temporary files of keyshelf's in `dir` and its backup folder.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    [dir.to_path_buf(), dir.join(BACKUP_DIR)]
        .iter()
        .filter_map(|d| fs::read_dir(d).ok())
        .flatten()
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
        })
        .map(|entry| entry.path())
        .collect()
}
