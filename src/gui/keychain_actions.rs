//! What the keychain buttons do. Every keychain action runs as a job (see `jobs`) over a copy of
//! the workspace; the app takes the saved workspace back with the action's own result.

use super::app::{KeychainProgress, KeyshelfApp};
use super::dialogs::Dialog;
use super::intent::KeychainRequest;
use super::jobs::Reporter;
use super::question::Question;
use super::status::Asked;
use super::widgets::capitalised;
use crate::action::{self, MoveError, Moved, Outcome, StoreFactory};
use crate::aws::SecretLocation;
use crate::keychain::repair_program_path;

/// What a keychain job works on, owned, for its thread.
pub(super) struct KeychainJob {
    pub workspace: crate::files::Workspace,
    pub store: StoreFactory,
    pub program: std::path::PathBuf,
}

impl KeyshelfApp {
    /// Whether a keychain task may start now: files loaded, nothing unsaved, nothing running.
    pub(super) fn keychain_ready(&self) -> Result<(), &'static str> {
        if self.workspace.is_none() {
            return Err("The files could not be read.");
        }
        if self.keychain_busy.is_some() || self.save.saving {
            return Err("Wait for the running task to finish.");
        }
        if self.outside.program.as_os_str().is_empty() {
            return Err("keyshelf is still finding where it is installed.");
        }
        if self.dirty {
            return Err("Save or revert your changes first.");
        }
        Ok(())
    }

    /// Starts what a keychain button asked for, after the offer to install where that applies.
    pub(super) fn start_keychain(&mut self, request: KeychainRequest) {
        if self.keychain_ready().is_err() {
            return;
        }
        let Some(request) = self.install_before(request) else {
            return;
        };
        match request {
            KeychainRequest::Secure(name) => self.secure(name),
            KeychainRequest::Restore(name) => self.restore(name),
            KeychainRequest::SecureAll => self.secure_or_restore_all(true),
            KeychainRequest::RestoreAll => self.secure_or_restore_all(false),
            KeychainRequest::ReplaceKeys { profile, keys } => self.replace_keys(profile, keys),
            KeychainRequest::Import(job) => self.import(*job, false),
            KeychainRequest::CreateWithKeys(job) => self.import(*job, true),
        }
    }

    /// The busy bar says `what`; `work` gets a copy of the files as read, the keychain and
    /// the program `credential_process` lines run.
    pub(super) fn run_busy<T: Send + 'static>(
        &mut self,
        what: String,
        work: impl FnOnce(KeychainJob, &Reporter<KeyshelfApp>) -> T + Send + 'static,
        done: impl FnOnce(&mut KeyshelfApp, T) + Send + 'static,
    ) {
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        self.keychain_busy = Some(KeychainProgress {
            what,
            fraction: None,
        });
        let job = KeychainJob {
            workspace,
            store: self.outside.keychain.clone(),
            program: self.outside.program.clone(),
        };
        self.jobs.run(move |reporter| work(job, reporter), done);
    }

    fn secure(&mut self, name: String) {
        self.run_busy(
            format!("Moving the keys of {name} to the keychain…"),
            move |mut job, _| {
                let result = action::secure(&mut job.workspace, &job.store, &job.program, &name);
                (job.workspace, name, result)
            },
            |app, (workspace, name, result)| {
                app.finish_move(workspace, name, "moved to the keychain", result)
            },
        );
    }

    fn restore(&mut self, name: String) {
        self.run_busy(
            format!("Putting the keys of {name} back…"),
            move |mut job, _| {
                let result = action::restore(&mut job.workspace, &job.store, &name);
                (job.workspace, name, result)
            },
            |app, (workspace, name, result)| {
                app.finish_move(workspace, name, "restored to the credentials file", result)
            },
        );
    }

    fn replace_keys(&mut self, name: String, keys: Box<crate::keychain::StoredKeys>) {
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        self.run_busy(
            format!("Replacing the keys of {name}…"),
            move |mut job, _| {
                let result =
                    action::replace_keys(&mut job.workspace, &job.store, &name, &keys, &today);
                (job.workspace, name, result)
            },
            |app, (workspace, name, result)| {
                app.finish_move(workspace, name, "given new keys in the keychain", result)
            },
        );
    }

    /// Secure all (`secure`) or Restore all.
    fn secure_or_restore_all(&mut self, secure: bool) {
        let what = match secure {
            true => "Securing all profiles…",
            false => "Restoring all profiles…",
        };
        self.run_busy(
            what.to_owned(),
            move |mut job, reporter| {
                let mut progress = |done, total, profile: &str| reporter.step(done, total, profile);
                let outcomes = match secure {
                    true => action::secure_all(
                        &mut job.workspace,
                        &job.store,
                        &job.program,
                        &mut progress,
                    ),
                    false => action::restore_all(&mut job.workspace, &job.store, &mut progress),
                };
                (job.workspace, outcomes)
            },
            move |app, (workspace, outcomes)| app.finish_all(workspace, secure, outcomes),
        );
    }

    /// Renames a keychain profile with its item (saved at once).
    pub(super) fn rename_keychain_profile(&mut self, old: String, new: String) {
        self.run_busy(
            format!("Renaming {old} to {new}…"),
            move |mut job, _| {
                let result =
                    action::rename_keychain_profile(&mut job.workspace, &job.store, &old, &new);
                (job.workspace, new, result)
            },
            |app, (workspace, new, result)| {
                let references = result.as_ref().map_or(0, |r| r.references);
                let done = match references {
                    0 => "renamed, with its keys in the keychain".to_owned(),
                    1 => "renamed, with its keys in the keychain and 1 profile that used it as source_profile".to_owned(),
                    n => format!("renamed, with its keys in the keychain and {n} profiles that used it as source_profile"),
                };
                app.finish_move(workspace, new, &done, result.map(|r| r.moved));
            },
        );
    }

    /// Asks the keychain (off the UI thread) whether a keychain profile's item is still there;
    /// once per profile per session, and again after each keychain task.
    pub(super) fn check_keychain_item(&mut self, name: &str) {
        let is_keychain = self
            .model
            .profiles
            .iter()
            .any(|p| p.name == name && p.secret == SecretLocation::Keychain);
        // Asked once: checking until the answer comes.
        if is_keychain && self.statuses.entry(name).item.is_none() {
            self.ask_question(Question::about(
                name,
                |status| &mut status.item,
                |name, inputs| action::check_one(&inputs.workspace, &inputs.store, name),
            ));
        }
    }

    /// What a check found of one profile's item.
    pub(super) fn take_item(
        &mut self,
        profile: String,
        item: Result<String, crate::keychain::Ailment>,
    ) {
        self.statuses.entry(&profile).item = Some(item.into());
    }

    /// Show secret on a keychain profile: its keys, read off the UI thread.
    pub(super) fn reveal(&mut self, name: String) {
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let store = self.outside.keychain.clone();
        self.jobs.run(
            move |_| {
                let keys = action::reveal(&workspace, &store, &name);
                (name, keys)
            },
            |app, (profile, keys)| match keys {
                Ok(keys) if app.selected.as_deref() == Some(profile.as_str()) => {
                    app.statuses.entry(&profile).item =
                        Some(Asked::Known(keys.access_key_id.clone()));
                    app.revealed = Some((profile, Box::new(keys)));
                }
                Ok(_) => {}
                Err(err) => app.show_error_with(
                    format!("The secret of {profile} could not be read from the keychain: {err}."),
                    crate::fault::Fault::details(&err),
                ),
            },
        );
    }

    /// One profile moved, renamed or given new keys: the files as the action left them, and
    /// what became of it.
    fn finish_move(
        &mut self,
        workspace: crate::files::Workspace,
        profile: String,
        done: &str,
        result: Result<Moved, MoveError>,
    ) {
        self.take_saved(workspace, result.as_ref().ok().map(|m| &m.report));
        // Whatever the keychain holds for it now is asked again.
        self.statuses.forget_keys_of(&profile);
        self.revealed = None;
        let outcome = match result {
            Ok(moved) => Outcome::Moved(moved),
            Err(err) => Outcome::Failed(err),
        };
        self.show_outcome(profile, done, outcome);
        self.health_changed();
    }

    /// Secure all or Restore all ended: each profile's outcome, or the keychain could not be
    /// opened and nothing was changed.
    fn finish_all(
        &mut self,
        workspace: crate::files::Workspace,
        secured: bool,
        outcomes: Result<Vec<(String, Outcome)>, crate::keychain::KeychainError>,
    ) {
        self.health_changed();
        let outcomes = match outcomes {
            Ok(outcomes) => outcomes,
            Err(err) => {
                self.take_saved(workspace, None);
                let details = crate::fault::Fault::details(&err);
                self.show_error_with(format!("Nothing was changed: {err}."), details);
                return;
            }
        };
        self.take_saved(workspace, outcomes.iter().filter_map(|(_, o)| report_of(o)));
        let single = matches!(
            outcomes.as_slice(),
            [(_, Outcome::Moved(_) | Outcome::Failed(_))]
        );
        if !single {
            let verb = match secured {
                true => "moved into the keychain",
                false => "restored to the credentials file",
            };
            self.dialog = Some(Dialog::Summary(summary(&outcomes, verb)));
        } else if let Some((profile, outcome)) = outcomes.into_iter().next() {
            let done = match secured {
                true => "moved to the keychain",
                false => "restored to the credentials file",
            };
            self.show_outcome(profile, done, outcome);
        }
    }

    /// A task that saved: its workspace is now what is on disk, and the last backup it kept is
    /// the one the status bar names.
    pub(super) fn take_saved<'a>(
        &mut self,
        workspace: crate::files::Workspace,
        reports: impl IntoIterator<Item = &'a crate::files::SaveReport>,
    ) {
        self.keychain_busy = None;
        self.statuses.forget_items();
        // New keys end sessions: every one is asked again.
        self.statuses.forget_sessions();
        self.workspace = Some(workspace);
        self.dirty = false;
        self.refresh();
        self.check_disk();
        let backup = reports.into_iter().filter_map(|r| r.backups.last()).last();
        if let Some(backup) = backup {
            self.save.last_backup = Some(backup.clone());
        }
    }

    /// What became of one profile, in the status bar (or an error dialog).
    fn show_outcome(&mut self, name: String, done: &str, outcome: Outcome) {
        match outcome {
            Outcome::Moved(moved) => {
                self.selected = Some(name.clone());
                self.reload_form();
                let mut note = format!("{name}: {done}.");
                if let Some(scrub) = moved.report.scrub.describe() {
                    note = format!("{note} {}.", capitalised(&scrub));
                }
                if let Some(err) = &moved.item_left {
                    note = format!("{note} The keychain item was kept: {err}.");
                }
                self.tell(&name, note, true);
            }
            Outcome::Failed(err) => {
                let text = format!("{} Nothing was changed.", super::widgets::say(&err));
                self.tell(&name, text, false);
                let details = crate::fault::Fault::details(&err);
                if let Some(result) = self.statuses.entry(&name).result.as_mut() {
                    result.details = details;
                }
            }
            Outcome::Skipped(why) => self.tell(&name, format!("{name} was skipped: {why}."), true),
        }
    }

    pub(super) fn finish_forget(
        &mut self,
        forgot: Result<action::Forgot, crate::keychain::KeychainError>,
    ) {
        self.health_changed();
        let failed: Vec<String> = match forgot {
            Ok(forgot) => forgot
                .failed
                .iter()
                .map(|(name, err)| format!("{name}: {err}"))
                .collect(),
            Err(err) => vec![err.to_string()],
        };
        if failed.is_empty() {
            self.notice = Some("Removed the deleted profiles' keys from the keychain.".into());
        } else {
            self.show_error(format!(
                "The profiles are deleted, but their keys could not be removed from the keychain ({}). Remove the \"keyshelf\" items in your keychain app.",
                failed.join("; ")
            ));
        }
    }

    /// Points a migrated profile whose program moved at this keyshelf (an edit; Save writes it).
    pub(super) fn repair_path(&mut self, name: &str) {
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        match repair_program_path(workspace, &self.outside.program, name) {
            Ok(()) => {
                self.dirty = true;
                self.refresh();
                self.notice = Some("Path repaired; save to keep it.".into());
            }
            Err(err) => self.show_fault(&err),
        }
    }
}

/// The save a moved profile's task made.
fn report_of(outcome: &Outcome) -> Option<&crate::files::SaveReport> {
    match outcome {
        Outcome::Moved(moved) => Some(&moved.report),
        _ => None,
    }
}

/// The lines of the summary dialog after "Secure all" or "Restore all".
fn summary(outcomes: &[(String, Outcome)], verb: &str) -> Vec<String> {
    let summary = crate::keychain::Summary::of(outcomes, verb, &super::widgets::remedy_words);
    let mut lines = vec![format!("{}.", summary.headline())];
    lines.extend(summary.lines);
    if summary.failed > 0 {
        lines.push("Profiles that failed are exactly as they were.".into());
    }
    lines
}
