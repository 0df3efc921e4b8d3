//! Rotate keys: what will happen, in words, and the two choices the command line
//! has as flags: delete the old key once the new one works (`--delete-old`), and at IAM's
//! two-key limit delete the other key when it is inactive (`--yes`).

use super::super::intent::{Intent, Reply};
use crate::rotate::Options;

pub struct RotateDialog {
    pub profile: String,
    pub options: Options,
}

impl RotateDialog {
    pub fn new(profile: &str) -> RotateDialog {
        RotateDialog {
            profile: profile.to_owned(),
            options: Options::default(),
        }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Reply {
        let title = format!("Rotate the keys of “{}”?", self.profile);
        let options = &mut self.options;
        let modal = egui::Modal::new(egui::Id::unique("confirm-rotate")).show(ctx, |ui| {
            super::fit_width(ui, 460.0);
            crate::gui::widgets::dialog_title(ui, &title);
            ui.add_space(6.0);
            super::scroll_body(ui, "rotate-body", super::TITLE_AND_BUTTONS, |ui| {
            ui.label("keyshelf asks AWS for a new access key, stores it where the old one is, waits until AWS accepts it (a few seconds), then deactivates the old key. Anything else that still uses the old key stops working; you can turn it back on in the IAM console.");
            ui.add_space(6.0);
            ui.checkbox(
                &mut options.delete_old,
                "Delete the old key once the new one works",
            )
            .on_hover_text("A deleted key cannot be turned back on; an inactive one can");
            ui.checkbox(
                &mut options.delete_inactive,
                "If the user already has two keys, delete the other one when it is inactive",
            )
            .on_hover_text("AWS allows two access keys per user; a new one needs room");
            });
            ui.add_space(10.0);
            super::answer_row(ui, "Rotate keys", true)
        });
        match modal.inner {
            (true, _) => Reply::Do(Intent::Rotate {
                profile: self.profile.clone(),
                options: self.options,
                code: None,
            }),
            (_, true) => Reply::Close,
            _ if super::escape_pressed(ctx) => Reply::Close,
            _ => Reply::Keep,
        }
    }
}
