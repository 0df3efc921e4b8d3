//! What the buttons do: every change goes through the core, and the app's cached model and
//! form follow it: reading the files, the list and the form, edits of a field, the keychain
//! questions asked after a read, and the messages shown where the person is looking. The profile
//! menu is in `profile_actions.rs`, saving in `save_actions.rs`.

use super::app::KeyshelfApp;
use super::file_problems::FileIssues;
use super::form::Form;
use crate::aws::Profile;
use crate::files::Workspace;

/// The files as read, with what the page needs from all of them worked out on the reading
/// thread: at 10,000 profiles the profiles and the files' problems take tens of milliseconds,
/// which on the UI thread would hold back the window's first frame.
pub(super) struct Read {
    workspace: Workspace,
    profiles: Vec<Profile>,
    issues: FileIssues,
}

impl Read {
    fn of(workspace: Workspace) -> Read {
        Read {
            profiles: workspace.docs.profiles(),
            issues: FileIssues::of(&workspace),
            workspace,
        }
    }
}

/// The first read of the files, started before the window is made: opening a window takes
/// longer than reading 10,000 profiles, so the first frame shows them instead of waiting.
pub struct EarlyRead(std::thread::JoinHandle<Result<Read, crate::files::FilesError>>);

impl EarlyRead {
    pub fn start(paths: crate::aws::AwsPaths) -> EarlyRead {
        EarlyRead(std::thread::spawn(move || {
            Workspace::load(paths).map(Read::of)
        }))
    }
}

impl KeyshelfApp {
    /// Takes the read started before the window: at once if it is done (the UI thread never
    /// waits for it), else when it is.
    pub(super) fn take_early_read(&mut self, early: EarlyRead) {
        if early.0.is_finished() {
            match early.0.join() {
                Ok(read) => self.take_read(read),
                Err(_) => super::jobs::Host::job_failed(self),
            }
            return;
        }
        self.reading = super::app::Reading::Started;
        self.jobs.run(
            // A panic in the read is a failed job, as in `load`.
            move |_| {
                early
                    .0
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            },
            |app, read| app.take_read(read),
        );
    }

    /// Reads the files again off the UI thread, dropping unsaved edits once they are in.
    pub(super) fn load(&mut self) {
        let Some(paths) = self.paths.clone() else {
            return;
        };
        if self.workspace.is_none() {
            self.reading = super::app::Reading::Started;
        }
        self.jobs.run(
            move |_| Workspace::load(paths).map(Read::of),
            |app, read| app.take_read(read),
        );
    }

    /// The files as read: the model, the list and the form follow them.
    fn take_read(&mut self, read: Result<Read, crate::files::FilesError>) {
        match read {
            Ok(read) => {
                self.workspace = Some(read.workspace);
                // Deletions not saved are gone: so are the items they would have removed.
                self.save.forget_items.clear();
                self.save.edited.clear();
                self.reading = super::app::Reading::Done;
                self.dirty = false;
                self.model.changed_on_disk.clear();
                self.refresh_from(read.profiles, read.issues);
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
        let (profiles, issues) = match &self.workspace {
            Some(w) => (w.docs.profiles(), FileIssues::of(w)),
            None => Default::default(),
        };
        self.refresh_from(profiles, issues);
    }

    /// [`Self::refresh`] with the profiles and the files' problems already worked out.
    fn refresh_from(&mut self, profiles: Vec<Profile>, issues: FileIssues) {
        self.model.profiles = profiles;
        self.model.file_issues = issues;
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
        self.load_form();
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
            // Another profile, the same files: their problems are not looked for again.
            self.load_form();
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

    /// Reads the form again after the files changed, and what the banner says about them.
    pub(super) fn reload_form(&mut self) {
        self.find_file_issues();
        self.load_form();
    }

    /// Reads the selected profile's form and which credentials the AWS tools will use for it,
    /// with the files' problems as last found.
    fn load_form(&mut self) {
        self.form = match (&self.workspace, &self.selected) {
            (Some(w), Some(name)) => Form::load(&w.docs, name),
            _ => Form::default(),
        };
        self.resolve_uses();
    }

    /// What the banner says about the files: looked for again after each change of them (a
    /// scan of every line of both files).
    fn find_file_issues(&mut self) {
        self.model.file_issues = self
            .workspace
            .as_ref()
            .map(FileIssues::of)
            .unwrap_or_default();
    }

    /// Which credentials the AWS tools will use for the selected profile.
    fn resolve_uses(&mut self) {
        self.model.uses = match (&self.workspace, &self.selected) {
            (Some(w), Some(name)) => Some(self.model.file_issues.resolve(&w.docs, name)),
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
        self.find_file_issues();
        self.resolve_uses();
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
