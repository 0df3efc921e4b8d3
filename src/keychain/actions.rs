//! Profile actions that touch the keychain as well as the files, one core function each for
//! both faces: deleting a profile, choosing how to rename one, and renaming one in the files or,
//! with its keychain item, at once.

use std::collections::HashMap;
use std::path::PathBuf;

use super::command::{keyshelf_line, parse_credential_process};
use super::migrate::{Moved, Written, served_item, users_of_item};
use super::move_error::MoveError as Error;
use super::move_error::Result;
use super::prove::{Expect, Others, Proof};
use super::store::{ItemKey, SecretStore};
use crate::files::Workspace;

/// What deleting a profile did to the documents (not yet saved), and what is left to do.
#[derive(Debug)]
pub struct Deleted {
    /// The keychain item to delete once the files are saved: the profile's, when keyshelf served
    /// its keys and no other profile (a duplicate) reads the same item.
    pub item: Option<ItemKey>,
    /// Profiles whose `source_profile` still names the deleted one.
    pub referrers: Vec<String>,
}

/// Deletes a profile from both documents. The caller saves, then deletes [`Deleted::item`]
/// (the app with a [`crate::action::forget`] after its save, the command line at once).
pub fn delete_profile(workspace: &mut Workspace, name: &str) -> Result<Deleted> {
    // A role of an SSO sign-in has no keys, but its cached role credentials go with it.
    let sso = workspace
        .docs
        .get(name, "credential_process")
        .is_some_and(|(v, _)| v.as_plain().is_some_and(crate::keyshelf_line::serves_sso));
    let item =
        served_item(workspace, name).or_else(|| sso.then(|| super::item_of(workspace, name)));
    let referrers = workspace.docs.delete(name)?;
    // A duplicate of it may read the same item: then the item stays.
    let item = item.filter(|item| users_of_item(workspace, item).is_empty());
    Ok(Deleted { item, referrers })
}

/// How a rename is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameWay {
    /// In the documents only, saved with the next save.
    Files,
    /// The profile's keys are in the keychain under its name: the item moves with it, as a
    /// keychain task ([`crate::action::rename_keychain_profile`]) that saves at once.
    Keychain,
}

/// Which way `old` is renamed to `new`; for a keychain rename the new name is checked here,
/// since the task saves at once.
pub fn rename_way(workspace: &Workspace, old: &str, new: &str) -> Result<RenameWay> {
    if served_item(workspace, old).is_none() || old == new {
        return Ok(RenameWay::Files);
    }
    crate::aws::names::check_profile_name(new)?;
    if workspace.docs.exists(new) {
        return Err(crate::aws::AwsError::ProfileExists { name: new.into() }.into());
    }
    Ok(RenameWay::Keychain)
}

/// What renaming a profile in the documents did (not yet saved), and what is left to do.
#[derive(Debug)]
pub struct RenamedInFiles {
    /// How many `source_profile` settings that named the old name now name the new one.
    pub references: usize,
    /// The keychain item to delete once the files are saved: a role of an SSO sign-in caches
    /// its role credentials under its name, and they would be left behind under the old one.
    pub item: Option<ItemKey>,
}

/// Renames a profile in both documents ([`RenameWay::Files`]). A role of an SSO sign-in is
/// served under the name in its line: the line is pointed at the new name (program, session,
/// account and role kept), as a keychain rename does for keys. The caller saves, then deletes
/// [`RenamedInFiles::item`].
pub fn rename_in_files(workspace: &mut Workspace, old: &str, new: &str) -> Result<RenamedInFiles> {
    let line = workspace
        .docs
        .get(old, "credential_process")
        .and_then(|(v, _)| v.as_plain().map(str::to_owned))
        .filter(|line| crate::keyshelf_line::serves_sso(line));
    // Only a line that serves this profile under its own name follows it: one that names
    // another (a duplicate's, sharing its source's cache) is left as it is.
    let program = line
        .as_deref()
        .and_then(parse_credential_process)
        .filter(|(_, profile)| profile == old && old != new)
        .map(|(program, _)| PathBuf::from(program));
    let Some(program) = program else {
        let references = workspace.docs.rename(old, new)?;
        return Ok(RenamedInFiles {
            references,
            item: None,
        });
    };
    let command =
        keyshelf_line(&workspace.docs, old, &program, new).map_err(|source| Error::Command {
            profile: new.into(),
            source,
        })?;
    let old_item = super::item_of(workspace, old);
    let mut after = workspace.docs.clone();
    let references = after.rename(old, new)?;
    super::command::set_line(&mut after, new, &command)?;
    workspace.docs = after;
    // A duplicate may still read the old name's cache: then it stays.
    let item = Some(old_item).filter(|item| users_of_item(workspace, item).is_empty());
    Ok(RenamedInFiles { references, item })
}

/// Renames a profile whose keys keyshelf serves from the keychain, moving its item with it:
/// 1. copies the item to the new name and reads it back;
/// 2. renames the profile in both files (and every `source_profile` naming it), points its
///    `credential_process` at the new name (same program), and saves;
/// 3. only then deletes the old item.
///
/// On failure the files are untouched and the keychain is as it was. Returns how many
/// `source_profile` references changed.
pub fn rename_served(
    workspace: &mut Workspace,
    store: &dyn SecretStore,
    old: &str,
    new: &str,
) -> Result<(Moved, usize)> {
    if workspace.is_dirty() {
        return Err(crate::files::FilesError::UnsavedChanges.into());
    }
    let Some(old_item) = served_item(workspace, old) else {
        return Err(Error::NotInKeychain {
            profile: old.into(),
        });
    };
    let program = workspace
        .docs
        .get(old, "credential_process")
        .and_then(|(v, _)| v.as_plain().and_then(parse_credential_process))
        .map(|(program, _)| PathBuf::from(program))
        .unwrap_or_default();
    let command =
        keyshelf_line(&workspace.docs, old, &program, new).map_err(|source| Error::Command {
            profile: new.into(),
            source,
        })?;
    let keychain = |source| Error::Keychain {
        profile: old.into(),
        source,
    };
    workspace.check_both_writable()?;
    let keys = store.get(&old_item).map_err(keychain)?;
    let new_item = ItemKey::new(new, &workspace.paths.credentials);
    let mut after = workspace.docs.clone();
    let references = after.rename(old, new)?;
    super::command::set_line(&mut after, new, &command)?;
    Proof {
        targets: vec![(new, Expect::Keychain(&keys))],
        items: HashMap::from([
            (old_item.profile.clone(), &keys),
            (new_item.profile.clone(), &keys),
        ]),
        renamed: Some((old, new)),
        others: Others::Same,
    }
    .check(&workspace.docs, &after)?;

    super::migrate::check_item_free(workspace, &new_item, old)?;
    let written = Written::new(store, new_item.clone(), &keys, old)?;
    let before = std::mem::replace(&mut workspace.docs, after);
    let renamed = workspace.save().map(|report| (report, references));
    match renamed {
        Ok((report, references)) => {
            // Another profile (a duplicate) may still read the old item: then it stays.
            let item_left =
                if old_item == new_item || !users_of_item(workspace, &old_item).is_empty() {
                    None
                } else {
                    store.delete(&old_item).err()
                };
            Ok((Moved { report, item_left }, references))
        }
        Err(err) => {
            workspace.docs = before;
            Err(written.undo(store, err.into()))
        }
    }
}
