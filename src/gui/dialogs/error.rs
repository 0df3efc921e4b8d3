//! The one place errors reach the user: a modal with the message in plain words, and what the
//! system said folded under Details.

use super::super::intent::Reply;

pub fn error_dialog(ctx: &egui::Context, message: &str, details: Option<String>) -> Reply {
    let modal = egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
        super::fit_width(ui, 460.0);
        crate::gui::widgets::dialog_title(ui, "Something went wrong");
        ui.add_space(6.0);
        // What the system said can be long: it scrolls, and OK stays in sight.
        super::scroll_body(ui, "error-body", super::TITLE_AND_BUTTONS, |ui| {
            ui.label(message);
            crate::gui::widgets::details_fold(ui, "error-details", details);
        });
        ui.add_space(10.0);
        ui.button("OK").clicked()
    });
    if modal.inner || super::escape_pressed(ctx) || super::enter_pressed(ctx) {
        Reply::Close
    } else {
        Reply::Keep
    }
}
