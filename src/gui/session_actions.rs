//! What the temporary-credentials controls on a keychain profile's page do: the
//! switch, Start session (asking for the MFA code in a dialog when the profile names a
//! device), End session, and the session's status, each a task off the UI thread.

use super::app::KeyshelfApp;
use super::dialogs::{Dialog, MfaCode, MfaPurpose};
use super::status::Asked;
use crate::action;
use crate::secret::Secret;

/// How often a shown session is asked for again.
const RECHECK: std::time::Duration = std::time::Duration::from_secs(10);

impl KeyshelfApp {
    /// Asks the keychain for the profile's session: once until something here changes it, and
    /// again every [`RECHECK`] while its page is shown, since the AWS tools start sessions too.
    pub(super) fn check_session(&mut self, name: &str) {
        let status = self.statuses.entry(name);
        let age = status.session_asked.map(|at| at.elapsed());
        if let Some(age) = age.filter(|age| *age < RECHECK) {
            // Drawn again when the answer is due to be asked for again.
            self.jobs
                .ctx()
                .request_repaint_after(RECHECK - age + std::time::Duration::from_millis(50));
            return;
        }
        status.session_asked = Some(std::time::Instant::now());
        // The last answer stays on the page until the new one comes.
        status.session.get_or_insert(Asked::Checking);
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let (store, name) = (self.outside.keychain.clone(), name.to_owned());
        self.jobs.run(
            move |_| {
                let status = action::session_status(&workspace, &store, &name);
                (name, status)
            },
            |app, (name, status)| {
                app.statuses.entry(&name).session = Some(status.into());
            },
        );
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
                self.run_busy(
                    format!("Starting a session for {name}…"),
                    move |job, _| {
                        let deadline = std::time::Instant::now() + START_LIMIT;
                        let started = action::start_session(
                            &job.workspace,
                            &job.store,
                            &name,
                            &target,
                            deadline,
                            &mut |_| {
                                code.clone()
                                    .ok_or_else(|| crate::session::NoCode::new("no code was typed"))
                            },
                        );
                        (name, started)
                    },
                    |app, (name, started)| {
                        app.keychain_busy = None;
                        match started {
                            Ok(session) => {
                                let text = format!(
                                    "{name}: session started, {} left.",
                                    crate::session::time_left_words(session.seconds_left)
                                );
                                app.tell(&name, text, true);
                                app.statuses.entry(&name).session =
                                    Some(Asked::Known(Some(session)));
                            }
                            Err(err) => app.session_failed(name, err),
                        }
                    },
                );
            }
        }
    }

    pub(super) fn end_session(&mut self, name: &str) {
        let name = name.to_owned();
        self.run_busy(
            format!("Ending the session of {name}…"),
            move |job, _| {
                let ended = action::end_session(&job.workspace, &job.store, &name);
                (name, ended)
            },
            |app, (name, ended)| {
                app.keychain_busy = None;
                match ended {
                    Ok(()) => {
                        app.tell(&name, format!("{name}: session ended."), true);
                        app.statuses.entry(&name).session = Some(Asked::Known(None));
                    }
                    Err(err) => app.session_failed(name, err),
                }
            },
        );
    }

    /// A failed Start or End says why at once, and the session is asked for again.
    fn session_failed(&mut self, name: String, err: crate::session::SessionError) {
        self.show_fault(&err);
        self.forget_session(&name);
    }

    /// The profile's session is asked again.
    fn forget_session(&mut self, name: &str) {
        let status = self.statuses.entry(name);
        status.session = None;
        status.session_asked = None;
    }

    /// Turns temporary credentials on (`Some(seconds)`) or off; the action saves.
    pub(super) fn set_temporary(&mut self, name: &str, seconds: Option<u32>) {
        let name = name.to_owned();
        self.run_busy(
            format!("Switching {name}…"),
            move |mut job, _| {
                let result =
                    action::switch_temporary(&mut job.workspace, &job.store, &name, seconds);
                (job.workspace, name, result)
            },
            move |app, (workspace, name, result)| {
                app.keychain_busy = None;
                app.take_saved(workspace, result.as_ref().ok().and_then(Option::as_ref));
                app.forget_session(&name);
                match result {
                    Ok(_) => {
                        let text = match seconds {
                            Some(seconds) => format!(
                                "{name}: the AWS tools now get temporary credentials, {} at a time.",
                                crate::session::time_left_words(u64::from(seconds))
                            ),
                            None => format!(
                                "{name}: the AWS tools get its long-term keys again; its session has ended."
                            ),
                        };
                        app.tell(&name, text, true);
                    }
                    Err(err) => app.show_fault(&err),
                }
                app.health_changed();
            },
        );
    }
}

/// How long Start session may take: the person has typed the code already, so the STS call.
const START_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);
