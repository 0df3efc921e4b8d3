//! Moving a profile's keys into the keychain and back, so that at every moment the keys are in
//! at least one place that works and a failure leaves everything as it was.

use std::collections::HashMap;
use std::path::Path;

use super::command::{keyshelf_line, parse_credential_process};

use super::move_error::{MoveError as Error, Result};
use super::prove::{Expect, Others, Proof};
use super::store::{ItemKey, KeychainError, SecretStore, StoredKeys, get_if_any};
use crate::aws::FileKind;
use crate::aws::Source;
use crate::files::{SaveReport, Workspace};
use crate::keyshelf_line::runs_keyshelf;

/// What a successful move wrote.
#[derive(Debug, Default)]
pub struct Moved {
    pub report: SaveReport,
    /// Restore only: the keychain item could not be deleted after the files were saved; the
    /// keys are in the files and still in the keychain.
    pub item_left: Option<KeychainError>,
}

/// The keychain item of a profile that runs keyshelf: keyed by the name in its
/// `credential_process` line (the name it was migrated under), else its own name.
pub fn item_of(workspace: &Workspace, name: &str) -> ItemKey {
    let profile = workspace
        .docs
        .get(name, "credential_process")
        .and_then(|(value, _)| value.as_plain().and_then(parse_credential_process))
        .map(|(_, profile)| profile)
        .unwrap_or_else(|| name.to_owned());
    ItemKey::new(&profile, &workspace.paths.credentials)
}

/// A keychain item written and read back, which can be put back as it was before.
pub(crate) struct Written {
    pub(crate) item: ItemKey,
    previous: Option<StoredKeys>,
}

impl Written {
    /// Writes `keys` to `item` and reads them back. If they differ, or cannot be read, the item
    /// is put back as it was and the error (naming `profile`) says why.
    pub(crate) fn new(
        store: &dyn SecretStore,
        item: ItemKey,
        keys: &StoredKeys,
        profile: &str,
    ) -> Result<Written> {
        let keychain = |source| Error::Keychain {
            profile: profile.into(),
            source,
        };
        let previous = get_if_any(store, &item).map_err(keychain)?;
        let written = Written { item, previous };
        if let Err(err) = store.put(&written.item, keys) {
            // A keychain may fail half-way: whatever it holds now goes back to what it was.
            return Err(written.undo(store, keychain(err)));
        }
        match store.get(&written.item) {
            Ok(read_back) if read_back == *keys => Ok(written),
            Ok(_) => Err(written.undo(
                store,
                Error::ReadBackMismatch {
                    profile: profile.into(),
                },
            )),
            Err(err) => Err(written.undo(store, keychain(err))),
        }
    }

    /// Puts the item back as it was (its old keys, or no item); false when the keychain
    /// refuses.
    pub(crate) fn put_back(&self, store: &dyn SecretStore) -> bool {
        let undone = match &self.previous {
            Some(keys) => store.put(&self.item, keys),
            None => store.delete(&self.item),
        };
        undone.is_ok()
    }

    /// Puts the item back as it was and returns `err`; if even that fails, the error says so.
    pub(crate) fn undo(&self, store: &dyn SecretStore, err: Error) -> Error {
        if self.put_back(store) {
            err
        } else {
            Error::NotUndone {
                cause: Box::new(err),
                profiles: vec![self.item.profile.clone()],
            }
        }
    }
}

/// The keychain item of `name` when keyshelf serves it (its credential_process runs keyshelf):
/// the item to remove when the profile is deleted.
pub fn served_item(workspace: &Workspace, name: &str) -> Option<ItemKey> {
    // A role of an SSO sign-in is served by keyshelf too, but from no item of keys.
    let sso = workspace
        .docs
        .get(name, "credential_process")
        .is_some_and(|(v, _)| v.as_plain().is_some_and(crate::keyshelf_line::serves_sso));
    (workspace.docs.runs_keyshelf(name) && !sso).then(|| item_of(workspace, name))
}

/// Moves the keys of profile `name` into the keychain:
/// 1. writes them to the keychain and reads them back;
/// 2. only then, in one save with backups, removes them from both files, moves the profile's
///    other credentials-file keys to the config file and sets `credential_process` to run
///    `program`;
/// 3. removes them from every earlier copy in `keyshelf-backups` ([`crate::files::Scrub`]).
///
/// On any failure the files are untouched and the keychain is as it was (an item this call
/// created is deleted, one it replaced is put back).
pub fn migrate(
    workspace: &mut Workspace,
    store: &dyn SecretStore,
    program: &Path,
    name: &str,
) -> Result<Moved> {
    if workspace.is_dirty() {
        return Err(crate::files::FilesError::UnsavedChanges.into());
    }
    workspace.check_both_writable()?;
    let files = &workspace.docs;
    let profile = files
        .profile(name)
        .ok_or_else(|| crate::aws::AwsError::ProfileNotFound { name: name.into() })?;
    let keys = files.static_keys(name).ok_or_else(|| Error::NoKeysToMove {
        profile: name.into(),
    })?;
    // A key continued on a second line is served as botocore reads it, but could never be
    // written back to the file as it was (a value is written on one line).
    let lines = [
        ("aws_access_key_id", Some(keys.access_key_id.as_str())),
        (
            "aws_secret_access_key",
            Some(keys.secret_access_key.expose()),
        ),
        (
            "aws_session_token",
            keys.session_token.as_ref().map(|t| t.expose()),
        ),
    ];
    if let Some((key, _)) = lines
        .iter()
        .find(|(_, value)| value.is_some_and(|v| v.contains(['\n', '\r'])))
    {
        return Err(Error::MultiLineKey {
            profile: name.into(),
            key,
        });
    }
    // Keys under a header the AWS tools ignore would stay in plaintext after the move.
    let lines = files.shadowed_secrets(name);
    if !lines.is_empty() {
        return Err(crate::aws::AwsError::Shadowed {
            profile: name.into(),
            lines,
        }
        .into());
    }
    if profile
        .plain("credential_process")
        .is_some_and(|command| !runs_keyshelf(command))
    {
        return Err(Error::ForeignProcess {
            profile: name.into(),
        });
    }
    let command =
        keyshelf_line(&workspace.docs, name, program, name).map_err(|source| Error::Command {
            profile: name.into(),
            source,
        })?;
    // Planned in memory and proved before the keychain is touched.
    let mut after = workspace.docs.clone();
    after.replace_keys_with_process(name, &command)?;
    Proof {
        targets: vec![(name, Expect::Keychain(&keys))],
        items: HashMap::from([(name.to_owned(), &keys)]),
        renamed: None,
        others: Others::Same,
    }
    .check(&workspace.docs, &after)?;

    let item = ItemKey::new(name, &workspace.paths.credentials);
    check_item_free(workspace, &item, name)?;
    let written = Written::new(store, item, &keys, name)?;
    let before = std::mem::replace(&mut workspace.docs, after);
    let moving = crate::files::Moving {
        profiles: vec![name.to_owned()],
        key_ids: vec![keys.access_key_id.clone()],
    };
    match workspace.save_moving_secrets(&moving) {
        Ok(mut report) => {
            // The move is saved and proved: the plaintext copies in the backups go too.
            report.scrub = workspace.scrub_backups(&moving);
            Ok(Moved {
                report,
                item_left: None,
            })
        }
        Err(err) => {
            workspace.docs = before;
            Err(written.undo(store, err.into()))
        }
    }
}

/// Puts the keys of profile `name` back into the credentials file and removes its
/// `credential_process`; the keychain item is deleted only after the files have been saved and
/// read back from disk with the same keys, and only when no other profile (a duplicate) still
/// reads it.
pub fn restore(workspace: &mut Workspace, store: &dyn SecretStore, name: &str) -> Result<Moved> {
    if workspace.is_dirty() {
        return Err(crate::files::FilesError::UnsavedChanges.into());
    }
    workspace.check_both_writable()?;
    let profile = workspace
        .docs
        .profile(name)
        .ok_or_else(|| crate::aws::AwsError::ProfileNotFound { name: name.into() })?;
    if !profile
        .plain("credential_process")
        .is_some_and(runs_keyshelf)
    {
        return Err(Error::NotInKeychain {
            profile: name.into(),
        });
    }
    let item = item_of(workspace, name);
    let keys: StoredKeys = store.get(&item).map_err(|source| Error::Keychain {
        profile: name.into(),
        source,
    })?;
    let mut after = workspace.docs.clone();
    after.replace_process_with_keys(name, &keys)?;
    Proof {
        targets: vec![(name, Expect::CredentialsFile(&keys))],
        items: HashMap::from([(item.profile.clone(), &keys)]),
        renamed: None,
        others: Others::Same,
    }
    .check(&workspace.docs, &after)?;

    let before = std::mem::replace(&mut workspace.docs, after);
    let report = match workspace.save() {
        Ok(report) => report,
        Err(err) => {
            workspace.docs = before;
            return Err(err.into());
        }
    };
    let on_disk = Workspace::load(workspace.paths.clone())?;
    let served = matches!(
        on_disk.docs.resolve(name),
        Ok(Source::Keys { file: FileKind::Credentials, keys: found }) if found == keys
    );
    if !served {
        // The files say something else than what was written; keep the keychain item, which
        // is then the one good copy.
        return Err(Error::ReadBackMismatch {
            profile: name.into(),
        });
    }
    let item_left = if users_of_item(workspace, &item).is_empty() {
        store.delete(&item).err()
    } else {
        None
    };
    Ok(Moved { report, item_left })
}

/// The profiles whose `credential_process` reads `item` (a duplicated profile shares its
/// source's item): an item is deleted only when none is left.
/// Refuses to write `item` with the keys of profile `writer` while other profiles' lines read
/// it: they would silently get these keys, and theirs (perhaps in no other place) would be lost.
pub(crate) fn check_item_free(workspace: &Workspace, item: &ItemKey, writer: &str) -> Result<()> {
    let users: Vec<String> = users_of_item(workspace, item)
        .into_iter()
        .filter(|user| user != writer)
        .collect();
    if users.is_empty() {
        return Ok(());
    }
    Err(Error::ItemInUse {
        profile: writer.to_owned(),
        item: item.profile.clone(),
        users,
    })
}

pub fn users_of_item(workspace: &Workspace, item: &ItemKey) -> Vec<String> {
    workspace
        .docs
        .profiles()
        .into_iter()
        .filter(|p| {
            p.plain("credential_process")
                .and_then(parse_credential_process)
                .is_some_and(|(_, profile)| {
                    ItemKey::new(&profile, &workspace.paths.credentials) == *item
                })
        })
        .map(|p| p.name)
        .collect()
}

/// What happened to one profile in a "secure all" or "restore all".
#[derive(Debug)]
pub enum Outcome {
    Moved(Moved),
    Skipped(&'static str),
    Failed(Error),
}

/// Every profile with keys in the files, migrated one by one, each on its own: one failure
/// does not stop the others. `progress(done, total, profile)` is called before each.
pub fn migrate_all(
    workspace: &mut Workspace,
    store: &dyn SecretStore,
    program: &Path,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Vec<(String, Outcome)> {
    let names = workspace.docs.profile_names();
    let total = names.len();
    let mut outcomes = Vec::with_capacity(total);
    for (done, name) in names.into_iter().enumerate() {
        progress(done, total, &name);
        let outcome = if workspace.docs.static_keys(&name).is_none() {
            Outcome::Skipped("no keys in the files")
        } else {
            match migrate(workspace, store, program, &name) {
                Ok(moved) => Outcome::Moved(moved),
                Err(Error::ForeignProcess { .. }) => {
                    Outcome::Skipped("its credential_process runs another program")
                }
                Err(err) => Outcome::Failed(err),
            }
        };
        outcomes.push((name, outcome));
    }
    outcomes
}

/// Every profile served by keyshelf from the keychain, restored one by one.
pub fn restore_all(
    workspace: &mut Workspace,
    store: &dyn SecretStore,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Vec<(String, Outcome)> {
    let names = workspace.docs.profile_names();
    let total = names.len();
    let mut outcomes = Vec::with_capacity(total);
    for (done, name) in names.into_iter().enumerate() {
        progress(done, total, &name);
        let outcome = if !workspace.docs.runs_keyshelf(&name) {
            Outcome::Skipped("not in the keychain")
        } else {
            match restore(workspace, store, &name) {
                Ok(moved) => Outcome::Moved(moved),
                Err(err) => Outcome::Failed(err),
            }
        };
        outcomes.push((name, outcome));
    }
    outcomes
}
