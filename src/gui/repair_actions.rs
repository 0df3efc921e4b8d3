//! Applying a [`Fix`] from the file-problems banner: one core function each, then a save at
//! once (as the keychain actions do), off the UI thread.

use super::app::KeyshelfApp;
use super::file_problems::Fix;

impl KeyshelfApp {
    pub(super) fn apply_fix(&mut self, fix: Fix) {
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        if self.dirty || self.save.saving {
            self.show_error(crate::files::FilesError::UnsavedChanges.to_string());
            return;
        }
        let files = &mut workspace.docs;
        // Removing a duplicate or the mark may write a file that still has another problem:
        // that is a repair save. Merging headers is an ordinary edit.
        let (result, repair) = match &fix {
            Fix::Keep { file, line } => (files.keep_only(*file, *line).map(|_| ()), true),
            Fix::RemoveBom(file) => {
                files.remove_bom(*file);
                (Ok(()), true)
            }
            Fix::MergeShadowed(name) => (files.merge_shadowed(name).map(|_| ()), false),
            Fix::RemoveShadowed(name) => (files.remove_shadowed(name).map(|_| ()), false),
        };
        if let Err(err) = result {
            self.load();
            self.show_fault(&err);
            return;
        }
        let job = if repair {
            workspace.prepare_repair_save()
        } else {
            workspace.prepare_save()
        };
        self.dirty = true;
        self.refresh();
        self.save.saving = true;
        self.jobs
            .run(move |_| job.run(), |app, saved| app.finish_save(saved));
    }
}
