//! What the buttons do: every change goes through the core, and the app's cached model and
//! form follow it. Saving runs off the UI thread (see `jobs`).

use super::app::KeyshelfApp;
use super::form::Form;
use crate::files::{Saved, Workspace};
use crate::keychain::MoveError as Error;

impl KeyshelfApp {
    /// Reads the files again off the UI thread, dropping unsaved edits once they are in.
    pub(super) fn load(&mut self) {
        let Some(paths) = self.paths.clone() else {
            return;
        };
        if self.workspace.is_none() {
            self.reading = super::app::Reading::Started;
        }
        self.jobs.run(
            move |_| Workspace::load(paths),
            |app, read| app.take_read(read),
        );
    }

    /// The files as read: the model, the list and the form follow them.
    fn take_read(&mut self, read: Result<Workspace, crate::files::FilesError>) {
        match read {
            Ok(workspace) => {
                self.workspace = Some(workspace);
                // Deletions not saved are gone: so are the items they would have removed.
                self.save.forget_items.clear();
                self.save.edited.clear();
                self.reading = super::app::Reading::Done;
                self.dirty = false;
                self.model.changed_on_disk.clear();
                self.refresh();
                // What the keychain holds for the keychain profiles is asked once, in one job.
                self.statuses.forget_items();
                self.check_all_items();
            }
            Err(err) => {
                self.workspace = None;
                self.reading = super::app::Reading::Failed {
                    line: crate::files::unreadable_line(&err),
                    message: err.to_string(),
                };
                self.model.profiles.clear();
                self.list.visible.clear();
            }
        }
    }

    /// Rebuilds the profile model and the list, and reloads the form from the files.
    pub(super) fn refresh(&mut self) {
        self.model.profiles = self
            .workspace
            .as_ref()
            .map(|w| w.docs.profiles())
            .unwrap_or_default();
        self.statuses.forget_surveys();
        self.find_broken_paths();
        self.apply_search();
        if self
            .selected
            .as_ref()
            .is_some_and(|s| !self.model.profiles.iter().any(|p| &p.name == s))
        {
            self.selected = None;
        }
        if self.selected.is_none() {
            self.selected = self
                .list
                .visible
                .first()
                .map(|&i| self.model.profiles[i].name.clone());
        }
        self.reload_form();
    }

    /// Recomputes which profiles match the search text (case-insensitive, anywhere in the name,
    /// kind or region).
    pub(super) fn apply_search(&mut self) {
        let needle = self.list.search.trim().to_lowercase();
        self.list.visible = self
            .model
            .profiles
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                needle.is_empty()
                    || p.name.to_lowercase().contains(&needle)
                    || p.kind.label().contains(&needle)
                    || p.region.as_deref().is_some_and(|r| r.contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        // The page never shows a profile the filter hides: the first match, or none.
        let shown = self.selected.as_ref().is_some_and(|name| {
            self.list
                .visible
                .iter()
                .any(|&i| &self.model.profiles[i].name == name)
        });
        if !shown {
            let first = self
                .list
                .visible
                .first()
                .map(|&i| self.model.profiles[i].name.clone());
            self.select(first);
        }
    }

    pub(super) fn select(&mut self, name: Option<String>) {
        if self.selected != name {
            self.selected = name;
            self.statuses.forget_results();
            // A secret read for Show secret is for the profile it was read for only.
            self.revealed = None;
            self.reload_form();
        }
    }

    pub(super) fn move_selection(&mut self, step: isize) {
        if self.list.visible.is_empty() {
            return;
        }
        let current = self.selected.as_ref().and_then(|s| {
            self.list
                .visible
                .iter()
                .position(|&i| &self.model.profiles[i].name == s)
        });
        let next = match current {
            Some(pos) => {
                (pos as isize + step).clamp(0, self.list.visible.len() as isize - 1) as usize
            }
            None => 0,
        };
        let name = self.model.profiles[self.list.visible[next]].name.clone();
        self.list.scroll_to_selected = true;
        self.select(Some(name));
    }

    pub(super) fn reload_form(&mut self) {
        self.form = match (&self.workspace, &self.selected) {
            (Some(w), Some(name)) => Form::load(&w.docs, name),
            _ => Form::default(),
        };
        self.resolve_selected();
    }

    /// Works out which credentials the AWS tools will use for the selected profile, and what
    /// the banner says about the files.
    pub(super) fn resolve_selected(&mut self) {
        self.model.file_issues = self
            .workspace
            .as_ref()
            .map(super::file_problems::FileIssues::of)
            .unwrap_or_default();
        self.model.uses = match (&self.workspace, &self.selected) {
            (Some(w), Some(name)) => Some(w.docs.resolve(name)),
            _ => None,
        };
    }

    /// Writes one field of the selected profile into the files: an empty field removes the key.
    pub(super) fn apply_field(&mut self, key: &str, text: &str) {
        let (Some(workspace), Some(name)) = (self.workspace.as_mut(), self.selected.clone()) else {
            return;
        };
        let value = text.trim();
        let result = if value.is_empty() {
            if workspace.docs.exists(&name) {
                workspace.docs.unset(&name, key).map(|_| ())
            } else {
                Ok(())
            }
        } else {
            workspace.docs.set(&name, key, value).map(|_| ())
        };
        match result {
            Ok(()) => {
                self.form.errors.remove(key);
                self.after_edit(&name);
            }
            Err(err) => {
                self.form.errors.insert(key.to_owned(), err.to_string());
            }
        }
    }

    /// Sets or removes one entry of a nested block such as `s3`.
    pub(super) fn apply_nested(&mut self, key: &str, sub: &str, text: Option<&str>) {
        let (Some(workspace), Some(name)) = (self.workspace.as_mut(), self.selected.clone()) else {
            return;
        };
        let result = match text.map(str::trim) {
            Some(value) if !value.is_empty() => workspace.docs.set_nested(&name, key, sub, value),
            _ => workspace.docs.remove_nested(&name, key, sub).map(|_| ()),
        };
        match result {
            Ok(()) => self.after_edit(&name),
            Err(err) => self.show_fault(&err),
        }
    }

    /// Updates the cached model of one profile after an edit, without rebuilding them all.
    fn after_edit(&mut self, name: &str) {
        self.dirty = true;
        // Marks of profiles that build on this one may change too; only rows in view are
        // looked at again.
        self.statuses.forget_surveys();
        self.save.edited.insert(name.to_owned());
        self.resolve_selected();
        let Some(workspace) = &self.workspace else {
            return;
        };
        match (
            workspace.docs.profile(name),
            self.model.profiles.iter().position(|p| p.name == name),
        ) {
            (Some(profile), Some(i)) => self.model.profiles[i] = profile,
            _ => self.refresh(),
        }
    }

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

    /// Asks the keychain about every keychain profile at once (their key IDs, a missing item),
    /// after the files are read.
    pub(super) fn check_all_items(&mut self) {
        let keychain_profiles: Vec<String> = self
            .model
            .profiles
            .iter()
            .filter(|p| p.secret == crate::aws::SecretLocation::Keychain)
            .map(|p| p.name.clone())
            .collect();
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        if keychain_profiles.is_empty() {
            return;
        }
        for name in keychain_profiles {
            // Checking until the answer comes, so no single check repeats it.
            self.statuses.entry(&name).item = Some(super::status::Asked::Checking);
        }
        let store = self.outside.keychain.clone();
        self.jobs.run(
            move |_| crate::action::check_all(&workspace, &store),
            |app, checked| {
                for (profile, item) in checked.items {
                    app.take_item(profile, item);
                }
                app.statuses.stopped_rotations = checked.stopped_rotations;
            },
        );
    }

    /// Fixes the unreadable line off the UI thread; the files are read again when it is done.
    pub(super) fn fix_line(&mut self, fix: crate::files::LineFix) {
        let line = match &self.reading {
            super::app::Reading::Failed { line, .. } => line.clone(),
            _ => None,
        };
        if let (Some(paths), Some(line)) = (self.paths.clone(), line) {
            self.jobs.run(
                move |_| crate::files::fix_line(&paths, &line, fix),
                |app, result| {
                    app.load();
                    match result {
                        Ok(backup) => {
                            app.notice = Some(format!(
                                "Fixed the line; the file as it was is kept in {}.",
                                backup.display()
                            ))
                        }
                        Err(err) => app.show_error(format!("{err}.")),
                    }
                },
            );
        }
    }

    /// Opens a file or folder with the desktop's program for it, without waiting for it.
    pub(super) fn open_path(&mut self, path: &std::path::Path) {
        if let Err(err) = crate::platform::opener::open_path(path) {
            self.show_error(format!("{} could not be opened: {err}.", path.display()));
        }
    }

    /// An action's result, on the page of the profile it was about, where the person is
    /// looking (said once: the status bar is left for what has no page).
    pub(super) fn tell(&mut self, profile: &str, text: String, done: bool) {
        let on_its_page = self.selected.as_deref() == Some(profile) && !self.health.shown;
        // Started from elsewhere (the Health page): said where the person is instead.
        match (on_its_page, done) {
            (true, _) => self.notice = None,
            (false, true) => self.notice = Some(text.clone()),
            (false, false) => self.show_error(text.clone()),
        }
        self.statuses.entry(profile).result = Some(super::status::PageResult {
            text,
            done,
            next: None,
            details: None,
        });
    }

    /// As [`Self::tell`], with a next step offered beside the result.
    pub(super) fn tell_next(&mut self, profile: &str, text: String, next: super::status::NextStep) {
        self.tell(profile, text, true);
        if let Some(result) = self.statuses.entry(profile).result.as_mut() {
            result.next = Some(next);
        }
    }

    pub(super) fn show_error(&mut self, message: String) {
        self.dialog = Some(super::dialogs::Dialog::Error(message, None));
    }

    /// A message, with what the system said folded under Details.
    pub(super) fn show_error_with(&mut self, message: String, details: Option<String>) {
        self.dialog = Some(super::dialogs::Dialog::Error(message, details));
    }

    /// An error of keyshelf's in one sentence with its remedy, the rest under Details.
    pub(super) fn show_fault(&mut self, fault: &dyn crate::fault::Fault) {
        self.dialog = Some(super::dialogs::Dialog::Error(
            super::widgets::say(fault),
            fault.details(),
        ));
    }

    /// A failed action's result on its page, with what the system said under Details.
    pub(super) fn tell_fault(&mut self, profile: &str, fault: &dyn crate::fault::Fault) {
        let on_its_page = self.selected.as_deref() == Some(profile) && !self.health.shown;
        match on_its_page {
            true => self.notice = None,
            false => self.show_fault(fault),
        }
        self.statuses.entry(profile).result = Some(super::status::PageResult {
            text: super::widgets::say(fault),
            done: false,
            next: None,
            details: fault.details(),
        });
    }
}
