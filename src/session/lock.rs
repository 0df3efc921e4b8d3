//! One lock per served profile, so that parallel `credential-process` runs (the AWS CLI and an
//! SDK, or `terraform` starting ten providers) ask for one MFA code and make one session
//! between them. The others wait, then find the session in the keychain.

use std::fs::{File, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::keychain::ItemKey;

/// Held while one process gets a session for an item; dropping it unlocks.
///
/// The lock file also remembers when the person last declined to give a code (closed the
/// window, let it time out): a process that waited meanwhile fails at once with the same reason
/// instead of asking again, so ten parallel calls and one Cancel make one window, not ten.
pub struct SessionLock {
    file: File,
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
        let (path, file) = open_first(item)?;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(SessionLock { file }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(TryLockError::WouldBlock) => return Err(LockFailure::Busy),
                Err(TryLockError::Error(err)) => return Err(LockFailure::Io(path, err)),
            }
        }
    }

    /// Notes that the person declined to give a code now.
    pub fn note_declined(&mut self, why: &str) {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let line = format!("{millis} {}", why.replace('\n', " "));
        let _ = self.file.set_len(0);
        let _ = self.file.rewind();
        let _ = self.file.write_all(line.as_bytes());
    }

    /// Why the person declined to give a code after `since`, if they did.
    pub fn declined_since(&mut self, since: SystemTime) -> Option<String> {
        let since = since.duration_since(UNIX_EPOCH).ok()?.as_millis();
        let mut text = String::new();
        self.file.rewind().ok()?;
        self.file.read_to_string(&mut text).ok()?;
        let (when, why) = text.split_once(' ')?;
        (when.parse::<u128>().ok()? > since).then(|| why.to_owned())
    }
}

/// The first lock file that can be made: under the runtime folder, else the cache folder, else
/// the temporary folder (a read-only or missing `$XDG_RUNTIME_DIR` must not stop serving).
fn open_first(item: &ItemKey) -> Result<(PathBuf, File), LockFailure> {
    let name = format!("session-{:016x}.lock", fnv1a(item.account().as_bytes()));
    let mut last = None;
    for base in [
        dirs::runtime_dir(),
        dirs::cache_dir(),
        Some(std::env::temp_dir()),
    ]
    .into_iter()
    .flatten()
    {
        let dir = base.join("keyshelf");
        let path = dir.join(&name);
        match create_private_dir(&dir).and_then(|()| open(&path)) {
            Ok(file) => return Ok((path, file)),
            Err(err) => last = Some(LockFailure::Io(path, err)),
        }
    }
    Err(last.unwrap_or(LockFailure::Io(
        PathBuf::from(name),
        io::ErrorKind::NotFound.into(),
    )))
}

/// FNV-1a, 64 bits: stable across runs and versions, unlike the standard library's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

use crate::platform::file_modes::{create_private_dir, open_private as open};

#[cfg(test)]
mod tests {
    #[test]
    fn a_declined_code_is_remembered_for_those_who_waited() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let item = ItemKey::new("declines", &dir.path().join("credentials"));
        let before = SystemTime::now() - Duration::from_secs(1);
        let mut lock =
            SessionLock::acquire(&item, Instant::now()).unwrap_or_else(|_| panic!("the lock"));
        lock.note_declined("the window was closed without a code");
        drop(lock);
        let mut next =
            SessionLock::acquire(&item, Instant::now()).unwrap_or_else(|_| panic!("the lock"));
        assert_eq!(
            next.declined_since(before).as_deref(),
            Some("the window was closed without a code")
        );
        let later = SystemTime::now() + Duration::from_secs(5);
        assert_eq!(next.declined_since(later), None);
    }

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
        let path = |item: &ItemKey| open_first(item).ok().map(|(path, _)| path);
        assert_ne!(path(&item), path(&other));
    }
}
