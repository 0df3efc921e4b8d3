//! The profile menu's actions (New, Rename, Duplicate, Delete) on the documents: saved with the
//! next save, except a keychain profile's rename, which moves its item as a task of its own.

use super::app::KeyshelfApp;
use crate::keychain::MoveError as Error;

impl KeyshelfApp {
    pub(super) fn create_profile(&mut self, name: &str) -> Result<(), Error> {
        let workspace = self
            .workspace
            .as_mut()
            .ok_or(crate::aws::AwsError::NoHome)?;
        workspace.docs.create(name)?;
        self.dirty = true;
        self.list.search.clear();
        self.selected = Some(name.to_owned());
        self.refresh();
        self.notice = Some(format!(
            "Created profile “{name}”. Fill in its details, then save."
        ));
        Ok(())
    }

    pub(super) fn rename_profile(&mut self, old: &str, new: &str) -> Result<usize, Error> {
        let workspace = self
            .workspace
            .as_mut()
            .ok_or(crate::aws::AwsError::NoHome)?;
        if crate::keychain::rename_way(workspace, old, new)? == crate::keychain::RenameWay::Keychain
        {
            // Its keychain item moves with it: done (and saved) at once, off the UI thread.
            if self.dirty {
                return Err(crate::files::FilesError::UnsavedChanges.into());
            }
            self.rename_keychain_profile(old.into(), new.into());
            return Ok(0);
        }
        let renamed = crate::keychain::rename_in_files(workspace, old, new)?;
        let references = renamed.references;
        // A role of an SSO sign-in: its cached role credentials go once the rename is saved.
        self.save.forget_items.extend(renamed.item);
        self.dirty = true;
        if self.save.edited.remove(old) {
            self.save.edited.insert(new.to_owned());
        }
        self.selected = Some(new.to_owned());
        self.refresh();
        let note = match references {
            0 => String::new(),
            1 => " and updated 1 profile that used it as source_profile".to_owned(),
            n => format!(" and updated {n} profiles that used it as source_profile"),
        };
        self.notice = Some(format!("Renamed “{old}” to “{new}”{note}."));
        Ok(references)
    }

    pub(super) fn duplicate_profile(&mut self, source: &str, new: &str) -> Result<(), Error> {
        let workspace = self
            .workspace
            .as_mut()
            .ok_or(crate::aws::AwsError::NoHome)?;
        workspace.docs.duplicate(source, new)?;
        self.dirty = true;
        self.selected = Some(new.to_owned());
        self.refresh();
        self.notice = Some(format!("Copied “{source}” to “{new}”."));
        Ok(())
    }

    pub(super) fn delete_profile(&mut self, name: &str) -> Result<(), Error> {
        let workspace = self
            .workspace
            .as_mut()
            .ok_or(crate::aws::AwsError::NoHome)?;
        let crate::keychain::Deleted { item, referrers } =
            crate::keychain::delete_profile(workspace, name)?;
        self.save.forget_items.extend(item);
        self.dirty = true;
        self.selected = None;
        self.refresh();
        self.notice = Some(if referrers.is_empty() {
            format!("Deleted “{name}”. Save to write the change; a backup is kept.")
        } else {
            format!(
                "Deleted “{name}”; {} still use it as source_profile.",
                referrers.join(", ")
            )
        });
        Ok(())
    }
}
