//! Closing the window with unsaved changes: Save / Discard / Cancel.

use super::super::app::KeyshelfApp;
use super::Outcome;

impl KeyshelfApp {
    pub(super) fn unsaved_dialog(&mut self, ctx: &egui::Context) -> Outcome {
        let modal = egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Save your changes before closing?");
            ui.add_space(6.0);
            ui.label("Your edits to the AWS files have not been saved yet.");
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    return Some(Choice::Save);
                }
                if ui.button("Discard").clicked() {
                    return Some(Choice::Discard);
                }
                if ui.button("Cancel").clicked() {
                    return Some(Choice::Cancel);
                }
                None
            })
            .inner
        });
        let choice = if modal.should_close() {
            Some(Choice::Cancel)
        } else {
            modal.inner
        };
        match choice {
            Some(Choice::Save) => {
                self.close_after_save = true;
                self.save();
                Outcome::Close
            }
            Some(Choice::Discard) => {
                self.close_now();
                Outcome::Close
            }
            Some(Choice::Cancel) => Outcome::Close,
            None => Outcome::Keep,
        }
    }
}

enum Choice {
    Save,
    Discard,
    Cancel,
}
