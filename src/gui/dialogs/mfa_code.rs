//! Start session for a profile with an MFA device (issue 13 §2): the code the device shows,
//! typed in the app. The same field as keyshelf's own MFA window; Enter starts once it holds
//! six digits.

use zeroize::Zeroize;

use super::super::intent::{Intent, Reply};
use super::super::mfa_window::code_field;
use crate::secret::Secret;

pub struct MfaCode {
    pub profile: String,
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
    pub fn new(profile: &str, device: &str) -> MfaCode {
        MfaCode {
            profile: profile.to_owned(),
            device: device.to_owned(),
            code: String::new(),
            focused: false,
        }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Reply {
        let title = format!("Start a session for “{}”", self.profile);
        let modal = egui::Modal::new(egui::Id::unique("mfa-code")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading(&title);
            ui.add_space(6.0);
            ui.label("Type the code your MFA device shows now. The AWS tools then get temporary credentials without asking again until the session ends.");
            ui.label(egui::RichText::new(format!("Device: {}", self.device)).small());
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = ui.label("MFA code").id;
                let field = code_field(ui, &mut self.code).labelled_by(label);
                if !self.focused {
                    field.request_focus();
                    self.focused = true;
                }
            });
            ui.add_space(10.0);
            super::answer_row(ui, "Start session", crate::session::is_code(&self.code))
        });
        match modal.inner {
            (true, _) => Reply::Do(Intent::StartSession {
                profile: self.profile.clone(),
                code: Some(Secret::new(self.code.as_str())),
            }),
            (_, true) => Reply::Close,
            _ if super::escape_pressed(ctx) => Reply::Close,
            _ => Reply::Keep,
        }
    }
}
