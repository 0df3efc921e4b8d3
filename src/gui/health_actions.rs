//! The app's side of the Health page: starting the check on a worker thread, taking its
//! progress and report, and carrying out a finding's fix.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::app::KeyshelfApp;
use super::dialogs::{Confirm, Dialog};
use super::intent::KeychainRequest;
use crate::doctor::{Action, Progress, Report};

impl KeyshelfApp {
    /// Runs the health check off the UI thread, over the files as they are on disk.
    pub(super) fn check_health(&mut self) {
        let Some(paths) = self.paths.clone() else {
            return;
        };
        if self.health.running.is_some() {
            return;
        }
        // A new flag per run: stopping one run never stops the next.
        self.health.cancel = Arc::new(AtomicBool::new(false));
        self.health.running = Some(Progress {
            fraction: 0.0,
            files_searched: 0,
        });
        let inputs = crate::action::HealthInputs {
            paths,
            aws_cli_folder: self.outside.home.as_ref().map(|home| home.join(".aws")),
            home: self.outside.home.clone(),
            limits: Default::default(),
        };
        let (store, cancel) = (self.outside.keychain.clone(), self.health.cancel.clone());
        self.jobs.run(
            move |reporter| {
                crate::action::health_check(inputs, &store, &cancel, &mut |progress| {
                    reporter.send(move |app| {
                        if app.health.running.is_some() {
                            app.health.running = Some(progress);
                        }
                    })
                })
            },
            |app, report| app.finish_health(report),
        );
    }

    pub(super) fn stop_health_check(&mut self) {
        self.health.cancel.store(true, Ordering::Relaxed);
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
        } else if self.health.shown {
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
            Action::MoveToKeychain { profile } => {
                self.start_keychain(KeychainRequest::Secure(profile))
            }
            Action::RepairPath { profile } => {
                // Saved at once: other edits must not ride along unasked.
                if self.dirty || self.save.saving {
                    self.show_error("Save or revert your changes first, then repair.".into());
                    return;
                }
                self.repair_path(&profile);
                self.save();
            }
            Action::SetRegion { profile, region } => {
                // Saved at once, like the other one-click fixes: nothing else rides along.
                if self.dirty || self.save.saving {
                    self.show_error("Save or revert your changes first, then correct it.".into());
                    return;
                }
                let Some(workspace) = self.workspace.as_mut() else {
                    return;
                };
                match workspace.docs.set(&profile, "region", &region) {
                    Ok(_) => {
                        self.dirty = true;
                        self.refresh();
                        self.notice = Some(format!("“{profile}” now uses {region}."));
                        self.save();
                    }
                    Err(err) => self.show_fault(&err),
                }
            }
        }
    }

    /// A file fix, off the UI thread; the check runs again when it is done.
    pub(super) fn fix_file(&mut self, action: Action) {
        self.jobs.run(
            move |_| {
                let result = crate::doctor::apply(&action);
                (action, result)
            },
            |app, (action, result)| {
                match result {
                    Ok(()) => {
                        app.notice = Some(match &action {
                            Action::DeleteFile { path } => format!("Deleted {}.", path.display()),
                            Action::Tighten { path, .. } => {
                                format!("{} is now private.", path.display())
                            }
                            _ => "Done.".to_owned(),
                        })
                    }
                    Err(err) => app.show_error(format!(
                        "That did not work: {err}. Nothing else was changed."
                    )),
                }
                app.check_health();
            },
        );
    }
}
