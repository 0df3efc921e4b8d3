//! The status bar: both file paths, the unsaved-changes state, the last backup and notices.

use super::app::KeyshelfApp;

impl KeyshelfApp {
    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.add_space(2.0);
            ui.horizontal_wrapped(|ui| {
                let state = if self.saving {
                    "Saving…"
                } else if self.dirty {
                    "• Unsaved changes"
                } else {
                    "All changes saved"
                };
                ui.label(egui::RichText::new(state).strong());
                if let Some(paths) = &self.paths {
                    ui.separator();
                    ui.label(format!("Config: {}", paths.config.display()));
                    ui.separator();
                    ui.label(format!("Credentials: {}", paths.credentials.display()));
                }
                if let Some(backup) = &self.last_backup {
                    ui.separator();
                    ui.label(format!("Last backup: {}", backup.display()));
                }
                if let Some(notice) = &self.notice {
                    ui.separator();
                    ui.label(notice);
                }
            });
            ui.add_space(2.0);
        });
    }
}
