//! The first-run page, shown when there are no profiles yet.

use super::app::KeyshelfApp;

impl KeyshelfApp {
    pub(super) fn welcome(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::default()
            .frame(super::theme::central_frame(ui.style()))
            .show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() * 0.25);
                ui.heading("Welcome to keyshelf");
                ui.add_space(8.0);
                ui.label("keyshelf keeps the AWS access keys on this computer safe, in your system keychain, and gives them to the AWS CLI and SDKs when they ask.");
                ui.label("You have no profiles yet. Create one with an access key from the AWS console:");
                ui.label("in the AWS console, open IAM, then Users, your user, Security credentials, and Create access key; download the .csv file it offers.");
                ui.weak("If your company signs you in to AWS through IAM Identity Center (SSO), use that instead of access keys: it needs no long-lived key.");
                ui.add_space(12.0);
                if ui.button("Create a profile").clicked() {
                    self.ask(super::intent::Intent::Open(super::intent::Open::NewProfile));
                }
                ui.add_space(6.0);
                if ui
                    .button("Sign in with SSO…")
                    .on_hover_text("IAM Identity Center: your company's AWS access portal")
                    .clicked()
                {
                    self.ask(super::intent::Intent::Open(super::intent::Open::SsoSignIn(None)));
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
