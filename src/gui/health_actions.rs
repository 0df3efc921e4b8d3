//! The app's side of the Health page: starting the check on a worker thread, taking its
//! progress and report, and carrying out a finding's fix.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::app::KeyshelfApp;
use super::dialogs::{Confirm, Dialog};
use crate::doctor::{Action, Progress, Report};
use crate::task::Task;

impl KeyshelfApp {
    /// Runs [`crate::doctor::check`] off the UI thread over a copy of the files as read.
    pub(super) fn check_health(&mut self) {
        let Some(paths) = self.paths.clone() else {
            return;
        };
        if self.health.running.is_some() {
            return;
        }
        // A new flag per run: stopping one run never stops the next.
        self.health_cancel = Arc::new(AtomicBool::new(false));
        self.health.running = Some(Progress {
            fraction: 0.0,
            files_searched: 0,
        });
        self.jobs.check_health(super::jobs::HealthJob {
            paths,
            workspace: self.workspace.clone(),
            home: self.home.clone(),
            store: self.keychain.clone(),
            cancel: self.health_cancel.clone(),
        });
    }

    pub(super) fn stop_health_check(&mut self) {
        self.health_cancel.store(true, Ordering::Relaxed);
    }

    /// Something the check looks at changed (a save, a keychain task, a fresh read): run it
    /// again now if the page is shown, else when it is next opened.
    pub(super) fn health_changed(&mut self) {
        if self.health.report.is_none() && self.health.running.is_none() {
            return;
        }
        if self.health.running.is_some() {
            // The running check may have read the files before the change.
            self.health.stale = true;
        } else if self.show_health {
            self.check_health();
        } else {
            self.health.stale = true;
        }
    }

    pub(super) fn finish_health(&mut self, report: Report) {
        self.health.running = None;
        // Changed while it ran: the report may be out of date already.
        let stale = std::mem::take(&mut self.health.stale);
        self.health.report = Some(report);
        self.health.checked_at = Some(chrono::Local::now().format("%H:%M").to_string());
        if stale {
            self.health_changed();
        }
    }

    /// A finding's button. Deleting a file asks first; the profile fixes are the keychain
    /// task and the path repair the profile page has (the repair saves at once).
    pub(super) fn health_fix(&mut self, action: Action) {
        match action {
            Action::DeleteFile { path } => {
                self.dialog = Some(Dialog::Confirm(Confirm::DeleteCopy(path)));
            }
            Action::Tighten { .. } => self.fix_file(action),
            Action::MoveToKeychain { profile } => self.start_keychain(Task::Migrate(profile)),
            Action::RepairPath { profile } => {
                // Saved at once: other edits must not ride along unasked.
                if self.dirty || self.saving {
                    self.show_error("Save or revert your changes first, then repair.".into());
                    return;
                }
                self.repair_path(&profile);
                self.save();
            }
        }
    }

    /// A file fix, off the UI thread; the check runs again when it is done.
    pub(super) fn fix_file(&mut self, action: Action) {
        self.jobs.fix_file(action);
    }

    /// What a file fix did, in the status bar, then a fresh check.
    pub(super) fn finish_fix(&mut self, result: Result<String, String>) {
        match result {
            Ok(done) => self.notice = Some(done),
            Err(why) => self.show_error(why),
        }
        self.check_health();
    }
}
