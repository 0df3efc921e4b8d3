//! Closing the window with unsaved changes: Save / Discard / Cancel.

use super::super::intent::{Intent, Reply};

pub fn unsaved_dialog(ctx: &egui::Context) -> Reply {
    let modal = egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
        super::fit_width(ui, 440.0);
        crate::gui::widgets::dialog_title(ui, "Save your changes before closing?");
        ui.add_space(6.0);
        ui.label("Your edits to the AWS files have not been saved yet.");
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                return Some(Reply::Do(Intent::SaveAndClose));
            }
            if ui.button("Discard").clicked() {
                return Some(Reply::Do(Intent::CloseWithoutSaving));
            }
            if ui.button("Cancel").clicked() {
                return Some(Reply::Close);
            }
            None
        })
        .inner
    });
    if super::escape_pressed(ctx) {
        return Reply::Close;
    }
    modal.inner.unwrap_or(Reply::Keep)
}
