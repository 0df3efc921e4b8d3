//! New keys for a profile served from the keychain, written straight to the keychain:
//! never through the plaintext file, verified by reading them back as a migration is, and
//! the replacement date recorded so the key-age reminder starts again.

use super::migrate::{Moved, Written, item_of, served_item};
use super::move_error::{MoveError as Error, Result};
use super::store::{SecretStore, StoredKeys};
use crate::files::Workspace;

/// The config key of the date keys were last replaced (`YYYY-MM-DD`); see
/// [`crate::doctor`] for how key ages are told.
pub const ROTATED_KEY: &str = "keyshelf_rotated";

/// Replaces the keys in the keychain item of `name` with `keys`, reads them back, records
/// `today` (`YYYY-MM-DD`) under [`ROTATED_KEY`] and saves. On any failure the item holds its
/// old keys again and the files are as they were.
///
/// Errors: [`Error::NotInKeychain`] when keyshelf does not serve `name`; [`Error::NotProven`]
/// for keys the AWS tools would refuse (an access key ID not of 16 to 128 capitals and digits,
/// an empty secret); the keychain's and the save's own errors.
pub fn replace_keys(
    workspace: &mut Workspace,
    store: &dyn SecretStore,
    name: &str,
    keys: &StoredKeys,
    today: &str,
) -> Result<Moved> {
    if workspace.is_dirty() {
        return Err(crate::files::FilesError::UnsavedChanges.into());
    }
    if served_item(workspace, name).is_none() {
        return Err(Error::NotInKeychain {
            profile: name.into(),
        });
    }
    let id = keys.access_key_id.trim();
    let secret = keys.secret_access_key.expose();
    let bad = if !(16..=128).contains(&id.len())
        || !id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        Some(
            "the access key ID must be 16 to 128 capital letters and digits, as the AWS console shows it",
        )
    } else if secret.trim().is_empty() || secret.chars().any(char::is_whitespace) {
        Some("the secret access key must not be empty or hold spaces")
    } else {
        None
    };
    if let Some(why) = bad {
        return Err(Error::NotProven {
            profile: name.into(),
            why: why.into(),
        });
    }
    workspace.check_both_writable()?;
    let item = item_of(workspace, name);
    let written = Written::new(store, item, keys, name)?;
    let before = workspace.docs.clone();
    let saved = workspace
        .docs
        .set(name, ROTATED_KEY, today)
        .map_err(Error::from)
        .and_then(|_| workspace.save().map_err(Error::from));
    match saved {
        Ok(report) => Ok(Moved {
            report,
            item_left: None,
        }),
        Err(err) => {
            workspace.docs = before;
            Err(written.undo(store, err))
        }
    }
}
