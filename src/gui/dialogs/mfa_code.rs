//! The code an MFA device shows, typed in the app: for Start session on a profile with a
//! device, and for a rotation when IAM accepts the key only with MFA (§3). The
//! same field as keyshelf's own MFA window; Enter goes on once it holds six digits.

use zeroize::Zeroize;

use super::super::intent::{Intent, Reply};
use super::super::mfa_window::code_row;
use crate::secret::Secret;

/// What the code is for.
pub enum MfaPurpose {
    Session,
    Rotate(crate::rotate::Options),
}

pub struct MfaCode {
    pub profile: String,
    pub purpose: MfaPurpose,
    pub device: String,
    pub code: String,
    focused: bool,
}

impl Drop for MfaCode {
    fn drop(&mut self) {
        self.code.zeroize();
    }
}

impl MfaCode {
    pub fn new(profile: &str, device: &str, purpose: MfaPurpose) -> MfaCode {
        MfaCode {
            profile: profile.to_owned(),
            purpose,
            device: device.to_owned(),
            code: String::new(),
            focused: false,
        }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Reply {
        let (title, why, action) = match self.purpose {
            MfaPurpose::Session => (
                format!("Start a session for “{}”", self.profile),
                "Type the code your MFA device shows now. The AWS tools then get temporary credentials without asking again until the session ends.",
                "Start session",
            ),
            MfaPurpose::Rotate(_) => (
                format!("MFA code to rotate “{}”", self.profile),
                "AWS lets this key change access keys only with MFA. Type the code your MFA device shows now; nothing has been changed yet.",
                "Rotate keys",
            ),
        };
        let modal = egui::Modal::new(egui::Id::unique("mfa-code")).show(ctx, |ui| {
            super::fit_width(ui, 440.0);
            crate::gui::widgets::dialog_title(ui, &title);
            ui.add_space(6.0);
            super::scroll_body(ui, "mfa-code-body", super::TITLE_AND_BUTTONS, |ui| {
                ui.label(why);
                ui.label(egui::RichText::new(format!("Device: {}", self.device)).small());
                ui.add_space(6.0);
                code_row(ui, &mut self.code, &mut self.focused);
            });
            ui.add_space(10.0);
            super::answer_row(ui, action, crate::session::is_code(&self.code))
        });
        match modal.inner {
            (true, _) => {
                let code = Some(Secret::new(self.code.as_str()));
                let profile = self.profile.clone();
                Reply::Do(match self.purpose {
                    MfaPurpose::Session => Intent::StartSession { profile, code },
                    MfaPurpose::Rotate(options) => Intent::Rotate {
                        profile,
                        options,
                        code,
                    },
                })
            }
            (_, true) => Reply::Close,
            _ if super::escape_pressed(ctx) => Reply::Close,
            _ => Reply::Keep,
        }
    }
}
