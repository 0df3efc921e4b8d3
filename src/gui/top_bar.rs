//! The top bar: profile actions, Save and Revert, and the keychain actions for every profile.

use super::app::KeyshelfApp;
use super::intent::{Intent, Open};
use crate::aws::SecretLocation;

impl KeyshelfApp {
    pub(super) fn top_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("top_bar").show(ui, |ui| {
            ui.add_space(4.0);
            // Wraps onto a second line in a narrow window: every button stays reachable.
            ui.horizontal_wrapped(|ui| {
                let loaded = self.workspace.is_some();
                // Two tabs: the profiles, and the health of this computer.
                if ui
                    .selectable_label(!self.health.shown, "Profiles")
                    .on_hover_text("Your AWS profiles")
                    .clicked()
                {
                    self.ask(Intent::ShowHealth(false));
                }
                let health = ui
                    .selectable_label(self.health.shown, self.health.button_label())
                    .on_hover_text("Check for plaintext keys, loose permissions and copies of keys on this computer");
                if health.clicked() {
                    self.ask(Intent::ShowHealth(true));
                }
                ui.separator();
                if loaded
                    && !self.health.shown
                    && !self.model.profiles.is_empty()
                    && ui
                        .selectable_label(self.list.shown, "☰ List")
                        .on_hover_text("Show or hide the list of profiles")
                        .clicked()
                {
                    self.ask(Intent::ShowList(!self.list.shown));
                }
                let selected = self.selected.clone();
                if ui
                    .add_enabled(loaded, egui::Button::new("New"))
                    .on_hover_text("New profile (Ctrl+N)")
                    .clicked()
                {
                    self.ask(Intent::Open(Open::NewProfile));
                }
                ui.separator();
                let can_save = self.dirty && !self.save.saving;
                if ui
                    .add_enabled(can_save, egui::Button::new("Save"))
                    .on_hover_text("Save both files (Ctrl+S)")
                    .clicked()
                {
                    self.ask(Intent::Save);
                }
                if ui
                    .add_enabled(can_save, egui::Button::new("Revert"))
                    .on_hover_text("Drop unsaved changes")
                    .clicked()
                {
                    self.ask(Intent::Open(Open::Revert));
                }
                ui.separator();
                if ui
                    .add_enabled(loaded, egui::Button::new("Import CSV…"))
                    .on_hover_text("Import the access-key CSV file the AWS console downloads (or drop it on the window)")
                    .clicked()
                {
                    self.ask(Intent::ChooseCsvFiles);
                }
                self.keychain_buttons(ui);
                ui.separator();
                self.more_menu(ui, selected.as_deref());
                if self.save.saving {
                    ui.add(egui::Spinner::new());
                    ui.label("Saving…");
                }
                if let Some(busy) = &self.keychain_busy {
                    match busy.fraction {
                        Some(fraction) => {
                            ui.add(
                                egui::ProgressBar::new(fraction)
                                    .desired_width(160.0)
                                    .show_percentage(),
                            );
                        }
                        None => {
                            ui.add(egui::Spinner::new());
                        }
                    }
                    ui.label(&busy.what);
                }
            });
            ui.add_space(4.0);
        });
    }
}

impl KeyshelfApp {
    fn keychain_buttons(&mut self, ui: &mut egui::Ui) {
        let plaintext = self
            .model
            .profiles
            .iter()
            .filter(|p| p.secret == SecretLocation::File)
            .count();
        let ready = self.keychain_ready();
        let why = ready.err().unwrap_or("");
        let button = ui
            .add_enabled(
                ready.is_ok() && plaintext > 0,
                // The one thing to do while plaintext keys exist: it stands out.
                match plaintext {
                    0 => egui::Button::new("🔒 Secure all"),
                    _ => egui::Button::new(
                        egui::RichText::new("🔒 Secure all")
                            .color(ui.visuals().strong_text_color()),
                    )
                    .fill(ui.visuals().selection.bg_fill),
                },
            )
            .on_hover_text("Move every plaintext key into the system keychain")
            .on_disabled_hover_text(if plaintext == 0 {
                "No profile has plaintext keys."
            } else {
                why
            });
        if button.clicked() {
            self.ask(Intent::Open(Open::SecureAll(plaintext)));
        }
    }

    /// Secondary actions in one menu: the selected profile's Duplicate, Rename and Delete
    /// (destructive: in the error colour, and confirmed), Restore all, the theme and About.
    fn more_menu(&mut self, ui: &mut egui::Ui, selected: Option<&str>) {
        let in_keychain = self
            .model
            .profiles
            .iter()
            .filter(|p| p.secret == SecretLocation::Keychain)
            .count();
        let ready = self.keychain_ready();
        let mut asked = None;
        ui.menu_button("More", |ui| {
            if let Some(name) = selected {
                if ui
                    .button("Duplicate")
                    .on_hover_text("Copy this profile to a new name")
                    .clicked()
                {
                    asked = Some(Intent::Open(Open::Duplicate(name.to_owned())));
                }
                if ui.button("Rename").clicked() {
                    asked = Some(Intent::Open(Open::Rename(name.to_owned())));
                }
                let delete = egui::RichText::new("Delete").color(ui.visuals().error_fg_color);
                if ui.button(delete).clicked() {
                    asked = Some(Intent::Open(Open::Delete(name.to_owned())));
                }
                ui.separator();
            }
            if ui
                .button("Sign in with SSO…")
                .on_hover_text("IAM Identity Center: profiles for your accounts and roles, with no long-term key")
                .clicked()
            {
                asked = Some(Intent::Open(Open::SsoSignIn(None)));
            }
            if in_keychain > 0
                && ui
                    .add_enabled(ready.is_ok(), egui::Button::new("Restore all"))
                    .on_hover_text("Put every key from the keychain back into the credentials file")
                    .on_disabled_hover_text(ready.err().unwrap_or(""))
                    .clicked()
            {
                asked = Some(Intent::Open(Open::RestoreAll(in_keychain)));
            }
            theme_switch(ui);
            if ui
                .button("About")
                .on_hover_text("Version, licence, and where keyshelf keeps things")
                .clicked()
            {
                asked = Some(Intent::Open(Open::About));
            }
            // An item pressed by a screen reader (AccessKit's click) does not close the menu
            // by itself, as a pointer click does.
            if asked.is_some() {
                ui.close();
            }
        });
        if let Some(intent) = asked {
            self.ask(intent);
        }
    }
}

/// Light, dark, or as the system says (the default; eframe follows the desktop's setting).
fn theme_switch(ui: &mut egui::Ui) {
    use egui::ThemePreference;
    let current = ui.ctx().options(|o| o.theme_preference);
    let mut chosen = current;
    ui.label("Theme");
    for (p, words) in [
        (ThemePreference::System, "As the system"),
        (ThemePreference::Light, "Light"),
        (ThemePreference::Dark, "Dark"),
    ] {
        ui.radio_value(&mut chosen, p, words);
    }
    if chosen != current {
        ui.ctx().set_theme(chosen);
    }
    ui.separator();
}
