//! What the temporary-credentials controls on a keychain profile's page do: the
//! switch, Start session (asking for the MFA code in a dialog when the profile names a
//! device), End session, and the session's status, each a task off the UI thread.

use super::app::KeyshelfApp;
use super::dialogs::{Dialog, MfaCode, MfaPurpose};
use super::widgets::capitalised;
use crate::secret::Secret;
use crate::session::SessionStatus;
use crate::task::{Finished, SessionDone, SessionTask, Task};

/// What the page knows of a profile's session: `None` while it is asked.
pub type SessionView = Option<Result<Option<SessionStatus>, String>>;

/// How often a shown session is asked for again.
const RECHECK: std::time::Duration = std::time::Duration::from_secs(30);

impl KeyshelfApp {
    /// Asks the keychain for the profile's session: once until something here changes it, and
    /// again every [`RECHECK`] while its page is shown, since the AWS tools start sessions too.
    pub(super) fn check_session(&mut self, name: &str) {
        let age = self.sessions_checked.get(name).map(|at| at.elapsed());
        let asking = matches!(self.sessions.get(name), Some(None));
        if asking {
            return;
        }
        if let Some(age) = age.filter(|age| *age < RECHECK)
            && self.sessions.contains_key(name)
        {
            // Drawn again when the answer is due to be asked for again.
            self.jobs
                .ctx()
                .request_repaint_after(RECHECK - age + std::time::Duration::from_millis(50));
            return;
        }
        self.sessions_checked
            .insert(name.to_owned(), std::time::Instant::now());
        // The last answer stays on the page until the new one comes.
        self.sessions.entry(name.to_owned()).or_insert(None);
        if let Some(workspace) = self.workspace.clone() {
            self.jobs.run_keychain_task(
                self.keychain.clone(),
                self.program.clone(),
                workspace,
                session_task(name, SessionTask::Status),
            );
        }
    }

    /// Start session: with an MFA device, first the dialog that asks for the code; `code` is
    /// what it gave.
    pub(super) fn start_session(&mut self, name: String, code: Option<Secret>) {
        let device = self
            .workspace
            .as_ref()
            .and_then(|w| w.docs.get(&name, "mfa_serial"))
            .and_then(|(value, _)| value.as_plain().map(|v| v.trim().to_owned()))
            .filter(|v| !v.is_empty());
        match (device, code) {
            (Some(device), None) => {
                self.dialog = Some(Dialog::MfaCode(MfaCode::new(
                    &name,
                    &device,
                    MfaPurpose::Session,
                )));
            }
            (_, code) => {
                let Some(target) = self.aws_target() else {
                    return;
                };
                self.start_keychain(session_task(
                    &name,
                    SessionTask::Start {
                        code,
                        target: Box::new(target),
                    },
                ));
            }
        }
    }

    pub(super) fn end_session(&mut self, name: &str) {
        self.start_keychain(session_task(name, SessionTask::End));
    }

    /// Turns temporary credentials on (`Some(seconds)`) or off; the task saves.
    pub(super) fn set_temporary(&mut self, name: &str, seconds: Option<u32>) {
        self.start_keychain(session_task(name, SessionTask::Switch(seconds)));
    }

    /// Takes a finished session task in.
    pub(super) fn finish_session(&mut self, finished: Finished) {
        match finished {
            Finished::Session {
                profile,
                status,
                done,
            } => {
                if done != SessionDone::Status {
                    self.keychain_busy = None;
                }
                match (&status, done) {
                    (Ok(Some(session)), SessionDone::Started) => {
                        self.notice = Some(format!(
                            "{profile}: session started, {} left.",
                            crate::session::time_left_words(session.seconds_left)
                        ));
                    }
                    (Ok(_), SessionDone::Ended) => {
                        self.notice = Some(format!("{profile}: session ended."));
                    }
                    // A status that cannot be read is shown on the page; a failed Start or
                    // End says why at once, and the session is asked for again.
                    (Err(why), SessionDone::Started | SessionDone::Ended) => {
                        self.show_error(format!("{}.", capitalised(why)));
                        self.sessions.remove(&profile);
                        return;
                    }
                    _ => {}
                }
                self.sessions.insert(profile, Some(status));
            }
            Finished::Switched {
                workspace,
                profile,
                result,
            } => {
                self.keychain_busy = None;
                self.take_saved(workspace, None);
                self.sessions.remove(&profile);
                match result {
                    Ok(Some(seconds)) => {
                        self.notice = Some(format!(
                            "{profile}: the AWS tools now get temporary credentials, {} at a time.",
                            crate::session::time_left_words(u64::from(seconds))
                        ));
                    }
                    Ok(None) => {
                        self.notice = Some(format!(
                            "{profile}: the AWS tools get its long-term keys again; its session has ended."
                        ));
                    }
                    Err(why) => self.show_error(format!("{}.", capitalised(&why))),
                }
            }
            _ => {}
        }
    }
}

fn session_task(name: &str, task: SessionTask) -> Task {
    Task::Session {
        profile: name.to_owned(),
        task,
    }
}
