//! The small window that asks to sign in to an SSO session again, when an AWS tool runs
//! `keyshelf credential-process` for an SSO role and the sign-in has expired for good (the
//! refresh token too): the tools give the process no terminal, so keyshelf asks on screen, as it
//! does for MFA codes. It names the profile and the session and counts down; "Sign in" hands
//! over to the browser. Run as its own process (`keyshelf sso-prompt`), whose exit code is the
//! answer.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct SignInWindow {
    profile: String,
    session: String,
    deadline: Instant,
    answer: Arc<Mutex<bool>>,
}

impl SignInWindow {
    pub fn new(profile: &str, session: &str, time_limit: Duration) -> SignInWindow {
        SignInWindow {
            profile: profile.to_owned(),
            session: session.to_owned(),
            deadline: Instant::now() + time_limit,
            answer: Arc::new(Mutex::new(false)),
        }
    }

    /// Draws the window; `true` once it should close.
    pub fn show(&mut self, ui: &mut egui::Ui) -> bool {
        let left = self.deadline.saturating_duration_since(Instant::now());
        ui.ctx().request_repaint_after(Duration::from_millis(250));
        let mut close = left.is_zero();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(format!("Sign in to SSO session “{}”", self.session));
            ui.add_space(4.0);
            ui.label(format!(
                "An AWS tool needs credentials for profile “{}”, and your SSO sign-in has expired. Sign in again in your browser to go on.",
                self.profile
            ));
            ui.label(format!("keyshelf gives up in {} s.", left.as_secs()));
            ui.add_space(8.0);
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.button("Sign in").clicked() || enter {
                    if let Ok(mut answer) = self.answer.lock() {
                        *answer = true;
                    }
                    close = true;
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    close = true;
                }
            });
        });
        close
    }
}

impl eframe::App for SignInWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.show(ui) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Shows the window until Sign in, Cancel or `time_limit`: `Ok(true)` for Sign in; `Err` when
/// no window could be opened (no display).
pub fn ask(profile: &str, session: &str, time_limit: Duration) -> Result<bool, eframe::Error> {
    let window = SignInWindow::new(profile, session, time_limit);
    let answer = window.answer.clone();
    let options = super::mfa_window::small_window(
        &format!("keyshelf — sign in to {session}"),
        "keyshelf-sign-in",
        [460.0, 170.0],
    );
    eframe::run_native(
        "keyshelf-sign-in",
        options,
        Box::new(move |_| Ok(Box::new(window))),
    )?;
    Ok(answer.lock().map(|a| *a).unwrap_or(false))
}
