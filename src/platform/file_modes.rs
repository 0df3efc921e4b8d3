//! Who else may open a file or folder.
//!
//! - Unix (Linux, the BSDs, macOS): the permission bits. keyshelf makes files 0600 and folders
//!   0700 whatever the umask, keeps an existing file's mode across a save, and Health reports
//!   and narrows modes that let others read.
//! - Windows: there are no permission bits. A new file or folder inherits the access rules of
//!   its folder, and a user's profile folder (where `.aws` lives) grants only that user, SYSTEM
//!   and the Administrators group. keyshelf sets nothing, and there is nothing to report: every
//!   file reads as private and a change of mode does nothing.

use std::fs;
use std::io;
use std::path::Path;

/// The mode of files keyshelf creates: only the owner may read or write them.
pub const PRIVATE_FILE: u32 = 0o600;
/// The mode of folders keyshelf creates.
pub const PRIVATE_DIR: u32 = 0o700;

/// The permission bits (with setuid, setgid and sticky) of what `meta` describes.
#[cfg(unix)]
pub fn mode(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
pub fn mode(meta: &fs::Metadata) -> u32 {
    if meta.is_dir() {
        PRIVATE_DIR
    } else {
        PRIVATE_FILE
    }
}

/// The read, write and execute bits of `path` (through links), if it exists and has any.
#[cfg(unix)]
pub fn access_bits(path: &Path) -> Option<u32> {
    fs::metadata(path).ok().map(|m| mode(&m) & 0o777)
}

/// Windows: nothing to report (see the module's comment).
#[cfg(not(unix))]
pub fn access_bits(_path: &Path) -> Option<u32> {
    None
}

/// Sets `path`'s permission bits to `mode`.
#[cfg(unix)]
pub fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
pub fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// Creates `dir` and its missing parents, the ones it creates private ([`PRIVATE_DIR`]) and
/// owned as the folder they are made in is ([`take_owner`], where allowed).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, PRIVATE_DIR);
    let existing = dir
        .ancestors()
        .skip(1)
        .find(|a| a.is_dir())
        .map(Path::to_path_buf);
    builder.create(dir)?;
    if let Some(existing) = existing
        && let Ok(like) = fs::metadata(&existing)
    {
        let made = dir.ancestors().take_while(|a| *a != existing.as_path());
        for made in made {
            if let Ok(handle) = fs::File::open(made) {
                let _ = take_owner(&handle, &like);
            }
        }
    }
    Ok(())
}

/// Opens `path` to read and write, created private ([`PRIVATE_FILE`]) and owned as its folder
/// is (where allowed) when missing, never truncated: for lock files.
pub fn open_private(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE);
    let file = options.open(path)?;
    if let Some(folder) = path.parent().and_then(|p| fs::metadata(p).ok()) {
        let _ = take_owner(&file, &folder);
    }
    Ok(file)
}

/// Gives `file` (one keyshelf is about to put in place, or has just made) the owner and group
/// of `like` where they differ: run as root for another user (`sudo` keeping the user's HOME),
/// a save would otherwise leave the user's own files owned by root, unreadable to them, and a
/// new file or folder in their folder theirs to remove. An error only where the owner itself
/// cannot be given (this user may not): a file whose group this user may not give stays in
/// the user's own group, as any editor leaves it.
#[cfg(unix)]
pub fn take_owner(file: &fs::File, like: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mine = file.metadata()?;
    if (mine.uid(), mine.gid()) == (like.uid(), like.gid()) {
        return Ok(());
    }
    match std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid())) {
        Ok(()) => Ok(()),
        Err(_) if mine.uid() == like.uid() => Ok(()),
        Err(err) => Err(io::Error::new(
            err.kind(),
            OwnerNotKept {
                owner: like.uid(),
                running_as: mine.uid(),
            },
        )),
    }
}

/// Refuses to replace a file its owner made read-only (no write bit for the owner on Unix,
/// the read-only attribute on Windows): a save replaces the file through its folder, which
/// would otherwise ignore the owner's wish, root's or not.
pub fn check_not_read_only(meta: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    let read_only = mode(meta) & 0o200 == 0;
    #[cfg(not(unix))]
    let read_only = meta.permissions().readonly();
    if read_only {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            ReadOnlyFile { mode: mode(meta) },
        ));
    }
    Ok(())
}

/// Why a file was not replaced: it is read-only.
#[derive(Debug, thiserror::Error)]
#[error("it is read-only (mode {mode:04o}); make it writable (chmod u+w) if it should change")]
pub struct ReadOnlyFile {
    pub mode: u32,
}

/// Why a file was not replaced: its new copy could not be given the owner it has.
#[derive(Debug, thiserror::Error)]
#[error(
    "it belongs to another user (uid {owner}), and keyshelf, running as uid {running_as}, could not keep it theirs"
)]
pub struct OwnerNotKept {
    pub owner: u32,
    pub running_as: u32,
}

/// Windows: a new file takes its folder's access rules, and a replaced one is the same user's.
#[cfg(not(unix))]
pub fn take_owner(_file: &fs::File, _like: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// Makes a rename in `dir` durable. Best effort: some file systems cannot sync a folder, and
/// Windows cannot open one as a file (its renames are written through by NTFS's journal).
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Whether `a` and `b` (not followed if a link) are on one file system; true where that cannot
/// be told.
pub fn same_device(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::symlink_metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn private_folders_and_files_whatever_the_umask() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let nested = dir.path().join("a/b");
        create_private_dir(&nested).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(access_bits(&nested), Some(PRIVATE_DIR));
        assert_eq!(access_bits(&dir.path().join("a")), Some(PRIVATE_DIR));
        let lock = nested.join("lock");
        open_private(&lock).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(access_bits(&lock), Some(PRIVATE_FILE));
        set_mode(&lock, 0o644).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(access_bits(&lock), Some(0o644));
    }
}
