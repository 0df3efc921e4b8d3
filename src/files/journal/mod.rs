//! Saving the two files as one step.
//!
//! Each new version is written in full to a temporary file beside its target (mode 0600) and
//! synced. When two files change, a journal naming both (`.keyshelf-journal`, written
//! atomically and synced) comes next, then the renames, then the journal goes. A process killed
//! at any moment leaves either no journal (the targets are untouched; the temporary files are
//! leftovers) or a complete journal whose temporary files are complete. The next keyshelf that
//! locks the files ([`super::lock::SaveLock`]) finishes the journal (roll forward) and removes
//! leftovers (roll back), so the pair is never left half-saved and no plaintext copy lingers.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::{NEW_FILE_MODE, mode_of, new_copy, resolve_link, set_path_mode, sync_dir};

mod recover;
pub use recover::Recovered;
pub(crate) use recover::{needs_recovery, recover};

/// The journal's name, in the first of the folders the save locks.
pub const JOURNAL_FILE: &str = ".keyshelf-journal";

/// A new version of a file, written and synced beside it, not yet in place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Staged {
    pub tmp: PathBuf,
    pub target: PathBuf,
    /// The mode the file gets once in place: the one it had, or 0600 for a new file.
    pub mode: u32,
    /// The copy (in `keyshelf-backups`) of the target as this save found it; `None` for a file
    /// the save creates. Finishing the save compares the target with it.
    #[serde(default)]
    pub base: Option<PathBuf>,
    /// Whether `base` was recorded (journals of older keyshelf versions have no such field,
    /// and are finished as they always were).
    #[serde(default)]
    pub base_known: bool,
    /// A fingerprint of the staged text ([`fingerprint`]): how finishing a save tells a file
    /// it already put in place from one another program wrote since.
    #[serde(default)]
    pub staged: Option<u64>,
}

/// FNV-1a over a text: stable across builds and platforms, which a journal read by another
/// keyshelf needs. Not a defence against anyone, only a way to recognise our own bytes.
pub(crate) fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(Serialize, Deserialize)]
struct Journal {
    renames: Vec<Staged>,
}

/// Writes `bytes` to a temporary file (mode 0600) in the folder `path` is written in (through
/// a symlink, its target's), synced. The file stays until [`commit`] or [`discard`].
pub(crate) fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let target = resolve_link(path);
    let dir = folder_of(&target);
    let replaced = fs::metadata(&target).ok();
    if let Some(meta) = &replaced {
        crate::platform::file_modes::check_not_read_only(meta)?;
    }
    let mode = replaced.as_ref().map(mode_of).unwrap_or(NEW_FILE_MODE);
    let tmp = new_copy(&dir, bytes, replaced.as_ref())?
        .into_temp_path()
        .keep()
        .map_err(|e| e.error)?;
    Ok(Staged {
        tmp,
        target,
        mode,
        base: None,
        base_known: false,
        staged: Some(fingerprint(bytes)),
    })
}

/// Removes staged files that will not be put in place.
pub(crate) fn discard(staged: &[Staged]) {
    for file in staged {
        let _ = fs::remove_file(&file.tmp);
    }
}

/// Puts staged files in place as one step, journaled in `journal_dir` when there are several.
/// Returns how many were put in place before an error (the caller puts those back; the rest
/// are discarded and the journal removed).
pub(crate) fn commit(staged: &[Staged], journal_dir: &Path) -> Result<(), (usize, io::Error)> {
    let journal = journal_dir.join(JOURNAL_FILE);
    if staged.len() > 1 {
        let text = serde_json::to_vec(&Journal {
            renames: staged.to_vec(),
        })
        .map_err(|err| (0, io::Error::other(err)))?;
        if let Err(err) = super::atomic::write_atomic(&journal, &text) {
            discard(staged);
            return Err((0, err));
        }
    }
    for (done, file) in staged.iter().enumerate() {
        if let Err(err) = put_in_place(file) {
            discard(&staged[done..]);
            let _ = fs::remove_file(&journal);
            return Err((done, err));
        }
    }
    for file in staged {
        sync_dir(&folder_of(&file.target));
    }
    if staged.len() > 1 {
        fs::remove_file(&journal).map_err(|err| (staged.len(), err))?;
        sync_dir(journal_dir);
    }
    Ok(())
}

/// The rename, then the mode: the file is 0600 in between, never more open than it will be.
fn put_in_place(file: &Staged) -> io::Result<()> {
    fs::rename(&file.tmp, &file.target)?;
    if file.mode != NEW_FILE_MODE {
        set_path_mode(&file.target, file.mode)?;
    }
    Ok(())
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn two_files_go_in_place_together_and_nothing_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("config"), dir.path().join("credentials"));
        fs::write(&a, "old a").unwrap();
        fs::set_permissions(&a, fs::Permissions::from_mode(0o644)).unwrap();
        let staged = vec![stage(&a, b"new a").unwrap(), stage(&b, b"new b").unwrap()];
        for file in &staged {
            let mode = fs::metadata(&file.tmp).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "a staged copy is private");
        }
        commit(&staged, dir.path()).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"new a");
        assert_eq!(fs::read(&b).unwrap(), b"new b");
        assert_eq!(
            fs::metadata(&a).unwrap().permissions().mode() & 0o777,
            0o644
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn an_interrupted_save_is_finished_or_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("config"), dir.path().join("credentials"));
        fs::write(&a, "old a").unwrap();
        fs::write(&b, "old b").unwrap();
        // Killed after the journal and the first rename: the next start finishes it.
        let staged = vec![stage(&a, b"new a").unwrap(), stage(&b, b"new b").unwrap()];
        let journal = serde_json::to_vec(&Journal {
            renames: staged.clone(),
        })
        .unwrap();
        fs::write(dir.path().join(JOURNAL_FILE), journal).unwrap();
        put_in_place(&staged[0]).unwrap();
        let dirs = vec![dir.path().to_path_buf()];
        assert!(needs_recovery(&dirs));
        assert_eq!(recover(&dirs).unwrap().finished, 1);
        assert_eq!(fs::read(&b).unwrap(), b"new b");
        assert!(!needs_recovery(&dirs));
        // Killed before the journal: the targets stay, the copies go.
        let staged = [
            stage(&a, b"newer a").unwrap(),
            stage(&b, b"newer b").unwrap(),
        ];
        let done = recover(&dirs).unwrap();
        assert_eq!(
            done,
            Recovered {
                finished: 0,
                removed: 2,
                ..Recovered::default()
            }
        );
        assert!(!staged[0].tmp.exists());
        assert_eq!(fs::read(&a).unwrap(), b"new a");
    }
}
