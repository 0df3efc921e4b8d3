//! Saving, reverting and leaving: the save runs off the UI thread (see `jobs`) and its result
//! comes back here; the files are watched for changes made by other programs meanwhile.

use super::app::KeyshelfApp;
use crate::files::Saved;

impl KeyshelfApp {
    /// Save, but first ask when a profile edited since the last save has problems ("Save
    /// anyway?", naming them).
    pub(super) fn save_checked(&mut self) {
        let problems: Vec<String> = match &self.workspace {
            Some(workspace) => self
                .save
                .edited
                .iter()
                .filter(|name| workspace.docs.exists(name))
                .flat_map(|name| {
                    crate::keychain::profile_problems(workspace, name)
                        .into_iter()
                        .map(move |p| format!("{name}: {p}"))
                })
                .collect(),
            None => Vec::new(),
        };
        if problems.is_empty() {
            self.save();
        } else {
            self.dialog = Some(super::dialogs::Dialog::Confirm(
                super::dialogs::Confirm::SaveWithProblems(problems),
            ));
        }
    }

    /// Starts saving on a background thread.
    pub(super) fn save(&mut self) {
        let Some(workspace) = &self.workspace else {
            return;
        };
        if self.save.saving {
            return;
        }
        let job = workspace.prepare_save();
        if job.is_empty() {
            self.dirty = false;
            self.notice = Some("Nothing to save.".into());
            if self.save.close_after {
                self.close_now();
            }
            return;
        }
        self.save.saving = true;
        self.jobs
            .run(move |_| job.run(), |app, saved| app.finish_save(saved));
    }

    pub(super) fn finish_save(&mut self, saved: Saved) {
        self.save.saving = false;
        self.health_changed();
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        workspace.finish_save(&saved);
        let merged = saved.merged;
        if let Some(backup) = saved.report.backups.last() {
            self.save.last_backup = Some(backup.clone());
        }
        match saved.error {
            Some(err) => {
                self.save.close_after = false;
                if matches!(err, crate::files::FilesError::Conflict { .. }) {
                    self.check_disk();
                }
                self.show_fault(&err);
            }
            None => {
                self.dirty = workspace.is_dirty();
                if !self.dirty {
                    self.save.edited.clear();
                }
                self.notice = Some(if merged {
                    "Saved. Another program had changed other profiles meanwhile; its changes were kept too.".into()
                } else {
                    "Saved.".into()
                });
                if merged {
                    self.refresh();
                }
                self.check_disk();
                self.forget_deleted_items();
                if self.save.close_after {
                    self.close_now();
                }
            }
        }
    }

    /// Drops unsaved edits.
    pub(super) fn revert(&mut self) {
        self.load();
        self.notice = Some("Reverted to the files on disk.".into());
    }

    /// Notes which files another program changed since we read them (read off the UI thread;
    /// an answer about files the app has read again since is dropped).
    pub(super) fn check_disk(&mut self) {
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let generation = self.statuses.files_generation();
        self.jobs.run(
            move |_| workspace.changed_on_disk(),
            move |app, changed| {
                if app.statuses.files_generation() == generation {
                    app.model.changed_on_disk = changed;
                }
            },
        );
    }

    pub(super) fn close_now(&mut self) {
        self.save.allow_close = true;
        self.jobs
            .ctx()
            .send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// After a save: removes the keychain items of profiles deleted in it, and the role
    /// credentials cached under the old name of a renamed SSO profile.
    pub(super) fn forget_deleted_items(&mut self) {
        let mut items = std::mem::take(&mut self.save.forget_items);
        if let Some(workspace) = &self.workspace {
            // Still unused now that the files are saved (nothing took them up meanwhile).
            items.retain(|item| crate::keychain::users_of_item(workspace, item).is_empty());
        }
        if items.is_empty() {
            return;
        }
        let store = self.outside.keychain.clone();
        // Runs after a save and changes no file: it must not touch what another task shows.
        self.jobs.run(
            move |_| crate::action::forget(&store, &items),
            |app, forgot| app.finish_forget(forgot),
        );
    }
}
