//! About keyshelf: its name, version and licence, and where it keeps things: the two AWS files
//! it edits, their backups, the keychain items, and the program the AWS tools run.

use super::super::intent::Reply;

/// What the window says, gathered by the app when it opens it.
pub struct About {
    pub config: String,
    pub credentials: String,
    pub backups: String,
    pub program: String,
}

impl About {
    pub fn show(&self, ctx: &egui::Context) -> Reply {
        let modal = egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
            super::fit_width(ui, 520.0);
            crate::gui::widgets::dialog_title(
                ui,
                format!("keyshelf {}", env!("CARGO_PKG_VERSION")),
            );
            super::scroll_body(ui, "about-body", super::TITLE_AND_BUTTONS, |ui| {
                self.places(ui)
            });
            ui.add_space(10.0);
            ui.button("Close").clicked()
        });
        if modal.inner || super::escape_pressed(ctx) || super::enter_pressed(ctx) {
            Reply::Close
        } else {
            Reply::Keep
        }
    }

    /// What keyshelf is, and where it keeps things: the long paths wrap, in a small window too.
    fn places(&self, ui: &mut egui::Ui) {
        ui.label("Keeps the AWS access keys on this computer safe: in your system keychain, served to the AWS tools when they ask.");
        ui.weak(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
        ui.add_space(8.0);
        egui::Grid::new("about-places")
                .num_columns(2)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    let row = |ui: &mut egui::Ui, what: &str, place: &str| {
                        let label = ui.label(what).id;
                        ui.add(egui::Label::new(egui::RichText::new(place).monospace()).selectable(true).wrap())
                            .labelled_by(label);
                        ui.end_row();
                    };
                    row(ui, "Settings file", &self.config);
                    row(ui, "Keys file", &self.credentials);
                    row(ui, "Copies kept before each save", &self.backups);
                    row(
                        ui,
                        "Keys in the keychain",
                        "items of the service “keyshelf”, one per profile (“keyshelf — AWS profile NAME”)",
                    );
                    row(ui, "The program the AWS tools run", &self.program);
                });
    }
}
