//! The first-run page, shown when there are no profiles yet.

use super::app::KeyshelfApp;

impl KeyshelfApp {
    pub(super) fn welcome(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() * 0.25);
                ui.heading("Welcome to keyshelf");
                ui.add_space(8.0);
                ui.label("keyshelf keeps the AWS profiles on this computer in order: the keys and settings that the AWS CLI and SDKs use.");
                ui.label("You have no profiles yet. Create one with the access keys from the AWS console.");
                ui.add_space(12.0);
                if ui.button("Create a profile").clicked() {
                    self.ask(super::intent::Intent::Open(super::intent::Open::NewProfile));
                }
                ui.add_space(6.0);
                if ui.button("Import an access-key CSV…").clicked() {
                    self.ask(super::intent::Intent::ChooseCsvFiles);
                }
                ui.label("…or drop your access key CSV here.");
            });
        });
    }
}
