//! Writing a file so that it is either wholly the old or wholly the new content: a temporary
//! file in the same folder, fsync, rename over the target, fsync the folder.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Temporary files are `.keyshelf-XXXXXX.tmp`.
pub const TEMP_PREFIX: &str = ".keyshelf-";
pub const TEMP_SUFFIX: &str = ".tmp";

pub use crate::platform::file_modes::create_private_dir;
pub(crate) use crate::platform::file_modes::{
    mode as mode_of, set_mode as set_path_mode, sync_dir,
};

/// Mode for files keyshelf creates: only the owner may read them (what `aws configure` does).
pub const NEW_FILE_MODE: u32 = crate::platform::file_modes::PRIVATE_FILE;
/// Mode for folders keyshelf creates.
pub const NEW_DIR_MODE: u32 = crate::platform::file_modes::PRIVATE_DIR;

/// Writes `bytes` to `path` atomically, keeping the mode of the file it replaces (new files get
/// 0600). A symlinked file is written through the link, so the link survives. The temporary
/// copy is 0600 throughout and takes the old mode only once it is in place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_link(path);
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let old = fs::metadata(&target).ok();
    let old_mode = old.as_ref().map(mode_of);
    let tmp = new_copy(&dir, bytes, old.as_ref())?;
    tmp.persist(&target).map_err(|e| e.error)?;
    if let Some(mode) = old_mode.filter(|&m| m != NEW_FILE_MODE) {
        set_path_mode(&target, mode)?;
    }
    sync_dir(&dir);
    Ok(())
}

/// Whether `path` (through a link) may be replaced: not a file its owner made read-only.
pub(crate) fn check_replaceable(path: &Path) -> io::Result<()> {
    match fs::metadata(resolve_link(path)) {
        Ok(meta) => crate::platform::file_modes::check_not_read_only(&meta),
        Err(_) => Ok(()),
    }
}

/// A new version of a file, written to a temporary file in `dir` (0600 on Unix whatever the
/// target's mode: a copy of the credentials file is never more readable than the owner's
/// own), synced, and owned as the file it will replace (`replaced`) is.
pub(crate) fn new_copy(
    dir: &Path,
    bytes: &[u8],
    replaced: Option<&fs::Metadata>,
) -> io::Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    keep_owner(tmp.as_file(), replaced, dir)?;
    Ok(tmp)
}

/// Gives a staged copy the owner of the file it replaces (an error when that cannot be done:
/// the file would change hands), or, for a new file, of its folder where allowed.
pub(crate) fn keep_owner(
    staged: &fs::File,
    replaced: Option<&fs::Metadata>,
    dir: &Path,
) -> io::Result<()> {
    use crate::platform::file_modes::take_owner;
    match replaced {
        Some(replaced) => take_owner(staged, replaced),
        None => {
            if let Ok(folder) = fs::metadata(dir) {
                let _ = take_owner(staged, &folder);
            }
            Ok(())
        }
    }
}

/// Opens a file for reading only if it is a regular file (through symlinks). Opening a FIFO
/// for reading waits for a writer, forever if none comes, and a device or folder is never a
/// shared file or a CSV: they are refused before they are opened.
pub fn open_regular(path: &Path) -> io::Result<fs::File> {
    let not_regular = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file (a folder, a pipe or a device)",
        )
    };
    if !fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let file = fs::File::open(path)?;
    // Replaced between the look and the open: look again at what was opened.
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// All of a regular file ([`open_regular`]).
pub(crate) fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut open_regular(path)?, &mut bytes)?;
    Ok(bytes)
}

/// Deletes a file that holds a secret in plain text (an imported CSV): its bytes are
/// overwritten with zeros and synced first (best effort: a copy-on-write file system or an SSD
/// may keep the old blocks), and a symlink is followed, so the file itself goes and not only
/// the link. Anything but a regular file is refused.
pub fn delete_plaintext_copy(path: &Path) -> io::Result<()> {
    let is_link = fs::symlink_metadata(path)?.file_type().is_symlink();
    let target = if is_link {
        fs::canonicalize(path)?
    } else {
        path.to_path_buf()
    };
    let meta = fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    {
        let mut file = fs::OpenOptions::new().write(true).open(&target)?;
        io::copy(&mut io::Read::take(io::repeat(0), meta.len()), &mut file)?;
        file.sync_all()?;
    }
    fs::remove_file(&target)?;
    if is_link {
        fs::remove_file(path)?;
    }
    Ok(())
}

/// The file a write of `path` replaces: the target of a symlink (followed through every link,
/// and also when it does not exist yet, so a dangling link is written through rather than
/// replaced by a regular file), else `path` itself.
pub(crate) fn resolve_link(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // A loop of links ends somewhere; 40 is the kernel's own limit.
    for _ in 0..40 {
        let is_link = fs::symlink_metadata(&current).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return current;
        }
        let Ok(next) = fs::read_link(&current) else {
            return current;
        };
        current = match current.parent() {
            Some(dir) if next.is_relative() => dir.join(next),
            _ => next,
        };
    }
    current
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn keeps_mode_and_creates_private_files() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new");
        write_atomic(&new, b"a").unwrap();
        assert_eq!(
            fs::metadata(&new).unwrap().permissions().mode() & 0o777,
            0o600
        );
        fs::set_permissions(&new, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&new, b"b").unwrap();
        assert_eq!(
            fs::metadata(&new).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read(&new).unwrap(), b"b");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn a_plaintext_copy_goes_through_its_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("alice_accessKeys.csv");
        let link = dir.path().join("link.csv");
        fs::write(&real, "AKIA…,secret").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        delete_plaintext_copy(&link).unwrap();
        assert!(!real.exists() && fs::symlink_metadata(&link).is_err());
        assert!(
            delete_plaintext_copy(dir.path()).is_err(),
            "a folder is refused"
        );
    }

    #[test]
    fn a_dangling_symlink_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("credentials");
        std::os::unix::fs::symlink("store/credentials", &link).unwrap();
        fs::create_dir(dir.path().join("store")).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read(dir.path().join("store/credentials")).unwrap(),
            b"new"
        );
    }

    #[test]
    fn only_regular_files_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        // Would wait for a writer forever if it were opened.
        assert_eq!(
            open_regular(&fifo).unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
        assert!(open_regular(dir.path()).is_err());
    }

    #[test]
    fn writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        let link = dir.path().join("link");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }
}
