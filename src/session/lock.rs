//! One lock per served profile, so that parallel `credential-process` runs (the AWS CLI and an
//! SDK, or `terraform` starting ten providers) ask for one MFA code and make one session
//! between them (issue 13 §2). The others wait, then find the session in the keychain.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::keychain::ItemKey;

/// Held while one process gets a session for an item; dropping it unlocks.
pub struct SessionLock {
    _file: File,
}

/// Why the lock was not taken.
pub enum LockFailure {
    /// Another process held it until the deadline.
    Busy,
    /// The lock file could not be made.
    Io(PathBuf, io::Error),
}

impl SessionLock {
    /// Waits for the item's lock until `deadline`.
    pub fn acquire(item: &ItemKey, deadline: Instant) -> Result<SessionLock, LockFailure> {
        let path = lock_path(item);
        let at = |err| LockFailure::Io(path.clone(), err);
        if let Some(dir) = path.parent() {
            create_private_dir(dir).map_err(at)?;
        }
        let file = open(&path).map_err(at)?;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(SessionLock { _file: file }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(TryLockError::WouldBlock) => return Err(LockFailure::Busy),
                Err(TryLockError::Error(err)) => return Err(at(err)),
            }
        }
    }
}

/// `$XDG_RUNTIME_DIR/keyshelf/session-HASH.lock` (else the cache or temporary folder): a
/// place of the user's own that is emptied at logout, named by a hash of the item's account
/// so that no profile name or path has to fit a file name.
fn lock_path(item: &ItemKey) -> PathBuf {
    let base = dirs::runtime_dir()
        .or_else(dirs::cache_dir)
        .unwrap_or_else(std::env::temp_dir);
    base.join("keyshelf").join(format!(
        "session-{:016x}.lock",
        fnv1a(item.account().as_bytes())
    ))
}

/// FNV-1a, 64 bits: stable across runs and versions, unlike the standard library's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn create_private_dir(dir: &std::path::Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn open(path: &std::path::Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_caller_waits_and_gives_up_at_its_deadline() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let item = ItemKey::new("dev", &dir.path().join("credentials"));
        let soon = Instant::now() + Duration::from_millis(200);
        let first = SessionLock::acquire(&item, soon);
        assert!(first.is_ok());
        assert!(matches!(
            SessionLock::acquire(&item, soon),
            Err(LockFailure::Busy)
        ));
        drop(first);
        assert!(SessionLock::acquire(&item, Instant::now()).is_ok());
        let other = ItemKey::new("ops", &dir.path().join("credentials"));
        assert_ne!(lock_path(&item), lock_path(&other));
    }
}
