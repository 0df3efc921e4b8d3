//! What the keychain buttons do. Every keychain call runs on a worker thread (see `jobs`) over a
//! copy of the workspace; the app takes the saved workspace back when the task reports.

use super::app::{KeychainProgress, KeyshelfApp};
use super::dialogs::Dialog;
use super::widgets::capitalised;
use crate::aws::SecretLocation;
use crate::keychain::{Outcome, repair_program_path};
use crate::task::{Finished, SessionTask, Task};

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

    pub(super) fn start_keychain(&mut self, task: Task) {
        if self.keychain_ready().is_err() {
            return;
        }
        let Some(task) = self.install_before(task) else {
            return;
        };
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let what = match &task {
            Task::Migrate(name) => format!("Moving the keys of {name} to the keychain…"),
            Task::Restore(name) => format!("Putting the keys of {name} back…"),
            Task::MigrateAll => "Securing all profiles…".to_owned(),
            Task::RestoreAll => "Restoring all profiles…".to_owned(),
            Task::Import(job) => format!(
                "Importing {}…",
                crate::words::plural(job.planned.len(), "access key", "access keys")
            ),
            Task::Rename { old, new } => format!("Renaming {old} to {new}…"),
            Task::ReplaceKeys { profile, .. } => format!("Replacing the keys of {profile}…"),
            Task::Rotate { profile, .. } => {
                format!("Rotating the keys of {profile}: a new key, checked with AWS…")
            }
            Task::Session { profile, task } => match task {
                SessionTask::Start { .. } => format!("Starting a session for {profile}…"),
                SessionTask::End => format!("Ending the session of {profile}…"),
                SessionTask::Switch(_) => format!("Switching {profile}…"),
                SessionTask::Status => String::new(),
            },
            Task::Check(_) | Task::CheckAll | Task::Forget(_) | Task::Reveal(_) => String::new(),
        };
        let quiet = matches!(
            task,
            Task::Check(_)
                | Task::CheckAll
                | Task::Forget(_)
                | Task::Reveal(_)
                | Task::Session {
                    task: SessionTask::Status,
                    ..
                }
        );
        if !quiet {
            self.keychain_busy = Some(KeychainProgress {
                what,
                fraction: None,
            });
        }
        self.jobs
            .run_keychain_task(self.keychain.clone(), self.program.clone(), workspace, task);
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
                self.jobs.run_keychain_task(
                    self.keychain.clone(),
                    self.program.clone(),
                    workspace,
                    Task::Check(name.to_owned()),
                );
            }
        }
    }

    /// Takes a finished keychain task in: each kind of task has its own result, matched here
    /// in full.
    pub(super) fn finish_keychain(&mut self, finished: Finished) {
        match finished {
            Finished::Check { profile, item } => match item {
                Ok(key_id) => {
                    self.keychain_key_ids.insert(profile.clone(), key_id);
                    self.keychain_health.insert(profile, None);
                }
                Err(ailment) => {
                    self.keychain_key_ids.remove(&profile);
                    self.keychain_health.insert(profile, Some(ailment));
                }
            },
            Finished::Rotated {
                workspace,
                profile,
                result,
                needs_code,
            } => self.finish_rotated(workspace, profile, result, needs_code),
            Finished::CheckedAll {
                items,
                stopped_rotations,
            } => {
                for (profile, item) in items {
                    self.finish_keychain(Finished::Check { profile, item });
                }
                self.stopped_rotations = stopped_rotations;
            }
            Finished::Revealed { profile, keys } => match keys {
                Ok(keys) if self.selected.as_deref() == Some(profile.as_str()) => {
                    self.keychain_key_ids
                        .insert(profile.clone(), keys.access_key_id.clone());
                    self.revealed = Some((profile, keys));
                }
                Ok(_) => {}
                Err(err) => self.show_error(format!(
                    "The secret of {profile} could not be read from the keychain: {err}."
                )),
            },
            // Runs after a save and changes no file: it must not touch what another task shows.
            Finished::Forget { forgot } => self.finish_forget(forgot),
            finished @ (Finished::Session { .. } | Finished::Switched { .. }) => {
                self.finish_session(finished);
            }
            Finished::Profile {
                workspace,
                profile,
                done,
                outcome,
            } => {
                self.take_saved(workspace, report_of(&outcome));
                // Whatever the keychain holds for it now is asked again.
                self.keychain_health.remove(&profile);
                self.keychain_key_ids.remove(&profile);
                self.revealed = None;
                self.show_outcome(profile, done, outcome);
            }
            Finished::Renamed {
                workspace,
                new,
                outcome,
                references: _,
            } => {
                self.take_saved(workspace, report_of(&outcome));
                self.show_outcome(new, "renamed, with its keys in the keychain", outcome);
            }
            Finished::All {
                workspace,
                outcomes: Err(err),
                ..
            } => {
                self.take_saved(workspace, None);
                self.show_error(format!("Nothing was changed: {err}."));
            }
            Finished::All {
                workspace,
                secured,
                outcomes: Ok(outcomes),
            } => {
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
            Finished::Import {
                workspace,
                profiles,
                destination,
                result,
                deleted,
                kept,
            } => {
                self.take_saved(workspace, result.as_ref().ok());
                match result {
                    Err(err) => self.show_error(format!("{err}. Nothing was changed.")),
                    Ok(_) => {
                        self.notice = Some(import_result(&profiles, destination, &deleted, &kept));
                        // The new profile is what the user wants to see next.
                        if let Some(first) = profiles.first() {
                            self.selected = Some(first.clone());
                            self.scroll_to_selected = true;
                            self.reload_form();
                        }
                    }
                }
            }
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
        self.keychain_health.clear();
        // New keys end sessions: every one is asked again.
        self.sessions.clear();
        self.workspace = Some(workspace);
        self.dirty = false;
        self.refresh();
        self.check_disk();
        let backup = reports.into_iter().filter_map(|r| r.backups.last()).last();
        if let Some(backup) = backup {
            self.last_backup = Some(backup.clone());
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
                self.notice = Some(note);
            }
            Outcome::Failed(err) => self.show_error(format!("{err}. Nothing was changed.")),
            Outcome::Skipped(why) => self.notice = Some(format!("{name} was skipped: {why}.")),
        }
    }

    fn finish_forget(
        &mut self,
        forgot: Result<
            Vec<(String, Option<crate::keychain::KeychainError>)>,
            crate::keychain::KeychainError,
        >,
    ) {
        let failed: Vec<String> = match forgot {
            Ok(forgot) => forgot
                .iter()
                .filter_map(|(name, err)| err.as_ref().map(|e| format!("{name}: {e}")))
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

/// The save a moved profile's task made.
fn report_of(outcome: &Outcome) -> Option<&crate::files::SaveReport> {
    match outcome {
        Outcome::Moved(moved) => Some(&moved.report),
        _ => None,
    }
}

/// The short result of an import: "bob: in the keychain; the CSV was deleted."
fn import_result(
    profiles: &[String],
    destination: crate::import::Destination,
    deleted: &[std::path::PathBuf],
    kept: &[(std::path::PathBuf, String)],
) -> String {
    let place = match destination {
        crate::import::Destination::Keychain => "in the keychain",
        crate::import::Destination::CredentialsFile => "in the credentials file",
    };
    let who = match profiles {
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [first, rest @ ..] => format!("{first} and {} more profiles", rest.len()),
        [] => "Nothing".to_owned(),
    };
    let mut note = format!("{who}: {place}");
    match deleted.len() {
        0 if kept.is_empty() => note.push_str(
            ". If you keep the CSV file, delete it when you are done: it holds the secret in plain text.",
        ),
        0 => note.push('.'),
        1 => note.push_str("; the CSV file was deleted."),
        n => note.push_str(&format!("; the {n} CSV files were deleted.")),
    }
    for (file, err) in kept {
        note.push_str(&format!(
            " {} could not be deleted ({err}): delete it yourself, it holds the secret in plain text.",
            file.display()
        ));
    }
    note
}

/// The lines of the summary dialog after "Secure all" or "Restore all".
fn summary(outcomes: &[(String, Outcome)], verb: &str) -> Vec<String> {
    let summary = crate::keychain::Summary::of(outcomes, verb);
    let mut lines = vec![format!("{}.", summary.headline())];
    lines.extend(summary.lines);
    if summary.failed > 0 {
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
            self.jobs.run_keychain_task(
                self.keychain.clone(),
                self.program.clone(),
                workspace,
                Task::Forget(items),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::import_result;
    use crate::import::Destination;

    #[test]
    fn an_import_says_where_the_keys_went_and_what_became_of_the_csv() {
        let deleted = [std::path::PathBuf::from("bob.csv")];
        assert_eq!(
            import_result(&["bob".into()], Destination::Keychain, &deleted, &[]),
            "bob: in the keychain; the CSV file was deleted."
        );
        let kept = import_result(
            &["a".into(), "b".into()],
            Destination::CredentialsFile,
            &[],
            &[],
        );
        assert!(kept.starts_with("a and b: in the credentials file. If you keep the CSV"));
        let failed = [(
            std::path::PathBuf::from("x.csv"),
            "permission denied".to_owned(),
        )];
        let text = import_result(&["a".into()], Destination::Keychain, &[], &failed);
        assert!(!text.contains("0 CSV"), "{text}");
        assert!(text.contains("x.csv could not be deleted"), "{text}");
    }
}
