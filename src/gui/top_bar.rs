//! The top bar: the two tabs, profile actions, Save and Revert, and the keychain actions for
//! every profile, on one line at every window size. Below the width where the list becomes a
//! drawer, only the primary action and Save stay in the bar; the rest moves into More under
//! the same names, so nothing wraps onto a second line or is cut off.

use super::app::{KeyshelfApp, NARROW};
use super::intent::{Intent, Open};
use crate::aws::SecretLocation;

/// What the bar's buttons are drawn from, gathered once a frame.
#[derive(Clone, Copy)]
struct BarState {
    loaded: bool,
    can_save: bool,
    /// Profiles whose keys are in the credentials file in plain text.
    plaintext: usize,
    /// Whether a keychain action may start now, and why not.
    ready: Result<(), &'static str>,
}

impl KeyshelfApp {
    pub(super) fn top_bar(&mut self, ui: &mut egui::Ui) {
        let narrow = ui.ctx().content_rect().width() < NARROW;
        let bar = BarState {
            loaded: self.workspace.is_some(),
            can_save: self.dirty && !self.save.saving,
            plaintext: self
                .model
                .profiles
                .iter()
                .filter(|p| p.secret == SecretLocation::File)
                .count(),
            ready: self.keychain_ready(),
        };
        egui::Panel::top("top_bar")
            .frame(super::theme::edge_frame(ui.style()))
            .show(ui, |ui| {
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    self.tabs(ui);
                    ui.separator();
                    if bar.loaded
                        && !self.health.shown
                        && !self.model.profiles.is_empty()
                        && ui
                            .selectable_label(self.list.shown, "☰ List")
                            .on_hover_text("Show or hide the list of profiles")
                            .clicked()
                    {
                        self.ask(Intent::ShowList(!self.list.shown));
                    }
                    let mut asked = Vec::new();
                    if narrow {
                        // The one thing to do stays in sight: Secure all while plaintext keys
                        // exist, else New. Save too: unsaved work must not hide in a menu.
                        asked.extend(match bar.plaintext {
                            0 => new_button(ui, bar),
                            _ => secure_all_button(ui, bar),
                        });
                        asked.extend(save_button(ui, bar));
                    } else {
                        asked.extend(new_button(ui, bar));
                        ui.separator();
                        asked.extend(save_button(ui, bar));
                        asked.extend(revert_button(ui, bar));
                        ui.separator();
                        asked.extend(import_button(ui, bar));
                        asked.extend(secure_all_button(ui, bar));
                    }
                    ui.separator();
                    let selected = self.selected.clone();
                    asked.extend(self.more_menu(ui, selected.as_deref(), narrow.then_some(bar)));
                    for intent in asked {
                        self.ask(intent);
                    }
                    self.busy(ui, narrow);
                });
                ui.add_space(4.0);
            });
    }

    /// Two tabs: the profiles, and the health of this computer.
    fn tabs(&mut self, ui: &mut egui::Ui) {
        if ui
            .selectable_label(!self.health.shown, "Profiles")
            .on_hover_text("Your AWS profiles")
            .clicked()
        {
            self.ask(Intent::ShowHealth(false));
        }
        let health = ui
            .selectable_label(self.health.shown, self.health.button_label())
            .on_hover_text(
                "Check for plaintext keys, loose permissions and copies of keys on this computer",
            );
        if health.clicked() {
            self.ask(Intent::ShowHealth(true));
        }
    }

    /// Saving, or a keychain task's progress: shortened, never pushed past the window's edge.
    fn busy(&self, ui: &mut egui::Ui, narrow: bool) {
        if self.save.saving {
            ui.add(egui::Spinner::new());
            ui.add(egui::Label::new("Saving…").truncate());
        }
        if let Some(busy) = &self.keychain_busy {
            match busy.fraction {
                Some(fraction) => {
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(if narrow { 60.0 } else { 160.0 })
                            .show_percentage(),
                    );
                }
                None => {
                    ui.add(egui::Spinner::new());
                }
            }
            ui.add(egui::Label::new(&busy.what).truncate())
                .on_hover_text(&busy.what);
        }
    }

    /// Secondary actions in one menu: the selected profile's Duplicate, Rename and Delete
    /// (destructive: in the error colour, and confirmed), Sign in with SSO, Restore all, the
    /// theme and About. In a narrow window (`moved`), the bar's other buttons come first.
    fn more_menu(
        &mut self,
        ui: &mut egui::Ui,
        selected: Option<&str>,
        moved: Option<BarState>,
    ) -> Option<Intent> {
        let in_keychain = self
            .model
            .profiles
            .iter()
            .filter(|p| p.secret == SecretLocation::Keychain)
            .count();
        let ready = self.keychain_ready();
        let mut asked = None;
        ui.menu_button("More", |ui| {
            if let Some(bar) = moved {
                let primary_is_new = bar.plaintext == 0;
                if !primary_is_new {
                    asked = new_button(ui, bar).or(asked.take());
                }
                asked = import_button(ui, bar).or(asked.take());
                if primary_is_new {
                    asked = secure_all_button(ui, bar).or(asked.take());
                }
                asked = revert_button(ui, bar).or(asked.take());
                ui.separator();
            }
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
        asked
    }
}

// The bar's buttons, drawn in the bar or in More under the same names; each returns what a
// click asks for.

fn new_button(ui: &mut egui::Ui, bar: BarState) -> Option<Intent> {
    ui.add_enabled(bar.loaded, egui::Button::new("New"))
        .on_hover_text("New profile (Ctrl+N)")
        .clicked()
        .then_some(Intent::Open(Open::NewProfile))
}

fn save_button(ui: &mut egui::Ui, bar: BarState) -> Option<Intent> {
    ui.add_enabled(bar.can_save, egui::Button::new("Save"))
        .on_hover_text("Save both files (Ctrl+S)")
        .clicked()
        .then_some(Intent::Save)
}

fn revert_button(ui: &mut egui::Ui, bar: BarState) -> Option<Intent> {
    ui.add_enabled(bar.can_save, egui::Button::new("Revert"))
        .on_hover_text("Drop unsaved changes")
        .clicked()
        .then_some(Intent::Open(Open::Revert))
}

fn import_button(ui: &mut egui::Ui, bar: BarState) -> Option<Intent> {
    ui.add_enabled(bar.loaded, egui::Button::new("Import CSV…"))
        .on_hover_text(
            "Import the access-key CSV file the AWS console downloads (or drop it on the window)",
        )
        .clicked()
        .then_some(Intent::ChooseCsvFiles)
}

fn secure_all_button(ui: &mut egui::Ui, bar: BarState) -> Option<Intent> {
    let plaintext = bar.plaintext;
    ui.add_enabled(
        bar.ready.is_ok() && plaintext > 0,
        // The one thing to do while plaintext keys exist: it stands out.
        match plaintext {
            0 => egui::Button::new("🔒 Secure all"),
            _ => egui::Button::new(
                egui::RichText::new("🔒 Secure all").color(ui.visuals().strong_text_color()),
            )
            .fill(ui.visuals().selection.bg_fill),
        },
    )
    .on_hover_text("Move every plaintext key into the system keychain")
    .on_disabled_hover_text(match (plaintext, bar.ready) {
        (0, _) => "No profile has plaintext keys.",
        (_, Err(why)) => why,
        (_, Ok(())) => "",
    })
    .clicked()
    .then_some(Intent::Open(Open::SecureAll(plaintext)))
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
