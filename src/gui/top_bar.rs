//! The top bar: profile actions, Save and Revert.

use super::app::KeyshelfApp;
use super::dialogs::Dialog;

impl KeyshelfApp {
    pub(super) fn top_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("top_bar").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let loaded = self.workspace.is_some();
                let selected = self.selected.clone();
                if ui
                    .add_enabled(loaded, egui::Button::new("New"))
                    .on_hover_text("New profile (Ctrl+N)")
                    .clicked()
                {
                    self.dialog = Some(Dialog::new_profile());
                }
                if let Some(name) = &selected {
                    if ui
                        .button("Duplicate")
                        .on_hover_text("Copy this profile to a new name")
                        .clicked()
                    {
                        self.dialog = Some(Dialog::duplicate(name));
                    }
                    if ui.button("Rename").clicked() {
                        self.dialog = Some(Dialog::rename(name));
                    }
                    if ui.button("Delete").clicked() {
                        self.dialog = Some(Dialog::ConfirmDelete(name.clone()));
                    }
                }
                ui.separator();
                let can_save = self.dirty && !self.saving;
                if ui
                    .add_enabled(can_save, egui::Button::new("Save"))
                    .on_hover_text("Save both files (Ctrl+S)")
                    .clicked()
                {
                    self.save();
                }
                if ui
                    .add_enabled(can_save, egui::Button::new("Revert"))
                    .on_hover_text("Drop unsaved changes")
                    .clicked()
                {
                    self.dialog = Some(Dialog::ConfirmRevert);
                }
                if self.saving {
                    ui.add(egui::Spinner::new());
                    ui.label("Saving…");
                }
            });
            ui.add_space(4.0);
        });
    }
}
