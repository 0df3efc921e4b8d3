//! Backups of the previous content of a file, in `keyshelf-backups/` beside it (so
//! `~/.aws/keyshelf-backups/` for the default files), named by local time so a person can find
//! "the version before 10:42", the last [`KEEP`] per file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::atomic::{create_private_dir, write_atomic};

/// How many backups of each file are kept.
pub const KEEP: usize = 20;

/// The name of the folder beside a file that holds its backups.
pub const BACKUP_DIR: &str = "keyshelf-backups";

/// The folder that holds the backups of `file`: beside the file itself, which for a symlink
/// is its target.
pub fn backup_dir(file: &Path) -> PathBuf {
    let target = super::atomic::resolve_link(file);
    target.parent().unwrap_or(Path::new(".")).join(BACKUP_DIR)
}

/// Saves `content` (the file's previous bytes) as a new backup and prunes old ones. Returns the
/// backup's path.
pub fn keep_backup(file: &Path, content: &[u8]) -> io::Result<PathBuf> {
    let dir = backup_dir(file);
    create_private_dir(&dir)?;
    keep_out_of_git(&dir)?;
    let name = file_name(file);
    let stamp = chrono::Local::now().format("%Y-%m-%d_%H-%M-%S%.3f");
    let mut path = dir.join(format!("{name}.{stamp}"));
    let mut n = 1;
    while path.exists() {
        path = dir.join(format!("{name}.{stamp}-{n:03}"));
        n += 1;
    }
    write_atomic(&path, content)?;
    prune(file)?;
    Ok(path)
}

/// What `keyshelf-backups/.gitignore` says: every file in the folder, itself included, is
/// ignored by Git.
pub const GITIGNORE: &str =
    "# Written by keyshelf: these copies of your AWS files may hold access keys.\n*\n";

/// Puts a `.gitignore` that ignores everything into the backup folder unless it has one. A
/// shared file is often a symlink into a dotfiles repository (or `~/.aws` itself is one, as GNU
/// Stow makes it), whose `.gitignore` names `credentials` but not a folder of its copies: a
/// `git add -A` would otherwise commit every backup, keys included. Python's `venv` marks its
/// folders the same way.
fn keep_out_of_git(dir: &Path) -> io::Result<()> {
    let path = dir.join(".gitignore");
    if fs::symlink_metadata(&path).is_ok() {
        return Ok(());
    }
    write_atomic(&path, GITIGNORE.as_bytes())
}

/// The backups of `file`, oldest first.
pub fn list_backups(file: &Path) -> io::Result<Vec<PathBuf>> {
    let dir = backup_dir(file);
    let prefix = format!("{}.", file_name(file));
    let mut found: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            // `config.2026-…` is a backup of `config`; `config.keys.2026-…` is not.
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_prefix(&prefix)
                    .is_some_and(|stamp| stamp.starts_with(|c: char| c.is_ascii_digit()))
                    && !name.ends_with(".tmp")
            })
            .map(|e| e.path())
            .collect(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(err) => return Err(err),
    };
    // Time stamps sort as text.
    found.sort();
    Ok(found)
}

/// Edits every backup of `file` in place with `edit` (which says whether it changed the
/// document), keeping each one's name and its 0600 mode. Backups that are not UTF-8 text are
/// left as they are. Returns how many were changed.
pub(crate) fn rewrite_backups(
    file: &Path,
    edit: &dyn Fn(&mut crate::ini::Document) -> bool,
) -> io::Result<usize> {
    let mut changed = 0;
    for backup in list_backups(file)? {
        let bytes = match super::atomic::read_regular(&backup) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => return Err(err),
        };
        let Ok(mut doc) = crate::ini::Document::from_vec(bytes) else {
            continue;
        };
        if edit(&mut doc) {
            write_atomic(&backup, doc.to_string().as_bytes())?;
            changed += 1;
        }
    }
    Ok(changed)
}

fn prune(file: &Path) -> io::Result<()> {
    let backups = list_backups(file)?;
    if backups.len() > KEEP {
        for old in &backups[..backups.len() - KEEP] {
            match fs::remove_file(old) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
                _ => {}
            }
        }
    }
    Ok(())
}

fn file_name(file: &Path) -> String {
    super::atomic::resolve_link(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_twenty() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("credentials");
        for i in 0..25 {
            keep_backup(&file, format!("v{i}").as_bytes()).unwrap();
        }
        let backups = list_backups(&file).unwrap();
        assert_eq!(backups.len(), KEEP);
        assert_eq!(fs::read(backups.last().unwrap()).unwrap(), b"v24");
        assert_eq!(fs::read(&backups[0]).unwrap(), b"v5");
    }

    #[test]
    fn the_backup_folder_keeps_its_own_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("credentials");
        keep_backup(&file, b"v0").unwrap();
        let ignore = dir.path().join(BACKUP_DIR).join(".gitignore");
        assert_eq!(fs::read_to_string(&ignore).unwrap(), GITIGNORE);
        // A person's own is left alone, and is never taken for a backup.
        fs::write(&ignore, "mine\n").unwrap();
        keep_backup(&file, b"v1").unwrap();
        assert_eq!(fs::read_to_string(&ignore).unwrap(), "mine\n");
        assert_eq!(list_backups(&file).unwrap().len(), 2);
    }
}
