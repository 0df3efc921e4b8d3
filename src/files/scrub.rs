//! The clean-up of the backups after keys move out of the files (to the keychain): what is
//! moved ([`Moving`]), its record for a process killed half-way ([`SCRUB_FILE`]), and what came
//! of it ([`Scrub`]).

use std::path::PathBuf;

use super::backup::{self, backup_dir};
use super::lock;
use super::{Error, Result};
use crate::aws::{AwsPaths, FileKind};
use crate::ini::Document;

/// What a move of keys out of the files takes out of every earlier copy in `keyshelf-backups`:
/// the secret keys of each section naming one of `profiles`, and of each section holding one of
/// `key_ids` (the moved keys' access key IDs), since a copy made before a rename names the
/// profile by its old name. Key IDs are no secret: the record of a pending clean-up
/// ([`SCRUB_FILE`]) may hold them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Moving {
    pub profiles: Vec<String>,
    pub key_ids: Vec<String>,
}

impl Moving {
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty() && self.key_ids.is_empty()
    }

    /// The record as written, or as an earlier keyshelf wrote it (profile names alone).
    pub(super) fn read(bytes: &[u8]) -> Moving {
        serde_json::from_slice(bytes).unwrap_or_else(|_| Moving {
            profiles: serde_json::from_slice(bytes).unwrap_or_default(),
            key_ids: Vec::new(),
        })
    }
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

/// The record of a move's pending clean-up: the profiles whose plaintext keys must leave every
/// backup, in the first folder the save locks. Written before the save that moves the keys,
/// removed once the backups are clean; a process killed in between leaves it, and the next
/// keyshelf that takes the lock finishes the clean-up.
pub const SCRUB_FILE: &str = ".keyshelf-scrub";

pub(super) fn scrub_marker(paths: &AwsPaths) -> Option<PathBuf> {
    lock::lock_dirs(paths)
        .into_iter()
        .next()
        .map(|dir| dir.join(SCRUB_FILE))
}

/// Removes the moved keys ([`Moving`]) from every backup of both files. The lock is held.
pub(super) fn scrub_all_backups(paths: &AwsPaths, moving: &Moving) -> Result<usize> {
    let profiles: Vec<&str> = moving.profiles.iter().map(String::as_str).collect();
    let key_ids: Vec<&str> = moving.key_ids.iter().map(String::as_str).collect();
    let mut changed = 0;
    for file in [FileKind::Config, FileKind::Credentials] {
        if paths.unread_reason(file).is_some() {
            continue;
        }
        let path = paths.path(file);
        let edit =
            |doc: &mut Document| crate::aws::remove_profile_secrets(doc, file, &profiles, &key_ids);
        changed += backup::rewrite_backups(path, &edit).map_err(|source| Error::Backup {
            path: path.to_path_buf(),
            dir: backup_dir(path),
            source,
        })?;
    }
    Ok(changed)
}
