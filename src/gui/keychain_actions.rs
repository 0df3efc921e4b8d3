//! What the keychain buttons do. Every keychain call runs on a worker thread (see `jobs`) over a
//! copy of the workspace; the app takes the saved workspace back when the task reports.

use super::app::{KeychainProgress, KeyshelfApp};
use super::dialogs::Dialog;
use super::jobs::{KeychainDone, KeychainTask};
use super::widgets::capitalised;
use crate::aws::SecretLocation;
use crate::keychain::{Outcome, repair_program_path};

impl KeyshelfApp {
    /// Whether a keychain task may start now: files loaded, nothing unsaved, nothing running.
    pub(super) fn keychain_ready(&self) -> Result<(), &'static str> {
        if self.workspace.is_none() {
            return Err("The files could not be read.");
        }
        if self.keychain_busy.is_some() || self.saving {
            return Err("Wait for the running task to finish.");
        }
        if self.dirty {
            return Err("Save or revert your changes first.");
        }
        Ok(())
    }

    pub(super) fn start_keychain(&mut self, task: KeychainTask) {
        if self.keychain_ready().is_err() {
            return;
        }
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let what = match &task {
            KeychainTask::Migrate(name) => format!("Moving the keys of {name} to the keychain…"),
            KeychainTask::Restore(name) => format!("Putting the keys of {name} back…"),
            KeychainTask::MigrateAll => "Securing all profiles…".to_owned(),
            KeychainTask::RestoreAll => "Restoring all profiles…".to_owned(),
            KeychainTask::Import(job) => format!("Importing {} access key(s)…", job.planned.len()),
            KeychainTask::Rename(old, new) => format!("Renaming {old} to {new}…"),
            KeychainTask::Check(_) | KeychainTask::Forget(_) => String::new(),
        };
        if !matches!(task, KeychainTask::Check(_) | KeychainTask::Forget(_)) {
            self.keychain_busy = Some(KeychainProgress {
                what,
                fraction: None,
            });
        }
        self.jobs
            .keychain(self.keychain.clone(), self.program.clone(), workspace, task);
    }

    /// Asks the keychain (off the UI thread) whether a keychain profile's item is still there;
    /// once per profile per session, and again after each keychain task.
    pub(super) fn check_keychain_item(&mut self, name: &str) {
        let is_keychain = self
            .profiles
            .iter()
            .any(|p| p.name == name && p.secret == SecretLocation::Keychain);
        if is_keychain && !self.keychain_health.contains_key(name) {
            // Marked as "fine" until the answer comes, so the check runs once.
            self.keychain_health.insert(name.to_owned(), None);
            if let Some(workspace) = self.workspace.clone() {
                self.jobs.keychain(
                    self.keychain.clone(),
                    self.program.clone(),
                    workspace,
                    KeychainTask::Check(name.to_owned()),
                );
            }
        }
    }

    pub(super) fn finish_keychain(&mut self, done: KeychainDone) {
        if let Some((name, ailment)) = done.health {
            self.keychain_health.insert(name, ailment);
            return;
        }
        if !done.forgot.is_empty() {
            let failed: Vec<String> = done
                .forgot
                .iter()
                .filter_map(|(name, err)| err.as_ref().map(|e| format!("{name}: {e}")))
                .collect();
            if failed.is_empty() {
                self.notice = Some("Removed the deleted profiles' keys from the keychain.".into());
            } else {
                self.show_error(format!(
                    "The profiles are deleted, but their keys could not be removed from the keychain ({}). Remove the \"keyshelf\" items in your keychain app.",
                    failed.join("; ")
                ));
            }
            return;
        }
        self.keychain_busy = None;
        self.keychain_health.clear();
        if let Some(err) = done.unavailable {
            self.show_error(format!("Nothing was changed: {err}."));
            return;
        }
        // The task saved its copy; it is now what is on disk.
        self.workspace = Some(done.workspace);
        self.dirty = false;
        self.refresh();
        self.check_disk();
        if let Some(backup) = done
            .outcomes
            .iter()
            .filter_map(|(_, o)| match o {
                Outcome::Moved(m) => m.report.backups.last(),
                _ => None,
            })
            .next_back()
        {
            self.last_backup = Some(backup.clone());
        }
        match done.outcomes.as_slice() {
            [(what, Outcome::Moved(_))] if what == "the import" => {
                self.notice = Some(
                    "Imported. If you kept the CSV file, delete it: it holds the secret in plain text."
                        .into(),
                );
            }
            [(name, Outcome::Moved(moved))] => {
                self.selected = Some(name.clone());
                self.reload_form();
                let mut note = format!("Done: {name} is updated.");
                if let Some(scrub) = moved.report.scrub.describe() {
                    note = format!("{note} {}.", capitalised(&scrub));
                }
                if let Some(err) = &moved.item_left {
                    note = format!("{note} The keychain item was kept: {err}.");
                }
                self.notice = Some(note);
            }
            [(_, Outcome::Failed(err))] => {
                self.show_error(format!("{err}. Nothing was changed."));
            }
            outcomes => self.dialog = Some(Dialog::Summary(summary(outcomes))),
        }
    }

    /// Points a migrated profile whose program moved at this keyshelf (an edit; Save writes it).
    pub(super) fn repair_path(&mut self, name: &str) {
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        match repair_program_path(workspace, &self.program, name) {
            Ok(()) => {
                self.dirty = true;
                self.refresh();
                self.notice = Some("Path repaired; save to keep it.".into());
            }
            Err(err) => self.show_error(format!("{err}.")),
        }
    }
}

/// The lines of the summary dialog after "Secure all" or "Restore all".
fn summary(outcomes: &[(String, Outcome)]) -> Vec<String> {
    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|(_, o)| f(o)).count();
    let moved = count(|o| matches!(o, Outcome::Moved(_)));
    let skipped = count(|o| matches!(o, Outcome::Skipped(_)));
    let failed = count(|o| matches!(o, Outcome::Failed(_)));
    let mut lines = vec![format!(
        "{moved} moved, {skipped} skipped, {failed} failed."
    )];
    for (name, outcome) in outcomes {
        match outcome {
            Outcome::Moved(moved) => match moved.report.scrub.describe() {
                Some(scrub) => lines.push(format!("✔ {name}: {scrub}")),
                None => lines.push(format!("✔ {name}")),
            },
            Outcome::Failed(err) => lines.push(format!("✖ {name}: {err}")),
            Outcome::Skipped(_) => {}
        }
    }
    if failed > 0 {
        lines.push("Profiles that failed are exactly as they were.".into());
    }
    lines
}

impl KeyshelfApp {
    /// After a save: removes the keychain items of profiles deleted in it.
    pub(super) fn forget_deleted_items(&mut self) {
        let mut items = std::mem::take(&mut self.forget_after_save);
        if let Some(workspace) = &self.workspace {
            // Still unused now that the files are saved (nothing took them up meanwhile).
            items.retain(|item| crate::keychain::users_of_item(workspace, item).is_empty());
        }
        if items.is_empty() {
            return;
        }
        if let Some(workspace) = self.workspace.clone() {
            self.jobs.keychain(
                self.keychain.clone(),
                self.program.clone(),
                workspace,
                KeychainTask::Forget(items),
            );
        }
    }
}
