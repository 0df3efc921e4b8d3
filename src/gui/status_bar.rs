//! The status bar: the unsaved-changes state and the last notice on one line, the files and the
//! last backup on another. Neither wraps: at any window size the bar keeps its two lines, and a
//! line too long for the window ends in "…" with the whole of it on hover.

use egui::RichText;

use super::app::KeyshelfApp;

impl KeyshelfApp {
    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status_bar")
            .frame(super::theme::edge_frame(ui.style()))
            .show(ui, |ui| {
                ui.add_space(2.0);
                ui.horizontal(|ui| {
                    let state = if self.save.saving {
                        "Saving…"
                    } else if self.dirty {
                        "• Unsaved changes"
                    } else {
                        "All changes saved"
                    };
                    ui.label(RichText::new(state).strong());
                    if let Some(notice) = &self.notice {
                        ui.separator();
                        one_line(ui, RichText::new(notice));
                    }
                });
                let mut files = Vec::new();
                if let Some(paths) = &self.paths {
                    files.push(format!("Config: {}", home_short(&paths.config)));
                    files.push(format!("Credentials: {}", home_short(&paths.credentials)));
                }
                if let Some(backup) = &self.save.last_backup {
                    files.push(format!("Last backup: {}", home_short(backup)));
                }
                if !files.is_empty() {
                    ui.horizontal(|ui| {
                        one_line(ui, RichText::new(files.join("  ·  ")).small().weak())
                    });
                }
                ui.add_space(2.0);
            });
    }
}

/// A label cut to the space left, with the whole text on hover when cut.
fn one_line(ui: &mut egui::Ui, text: RichText) {
    let full = text.text().to_owned();
    ui.add(egui::Label::new(text).truncate())
        .on_hover_text(full);
}

/// A path with the home folder written as `~`, as people read it.
fn home_short(path: &std::path::Path) -> String {
    match dirs::home_dir().and_then(|home| path.strip_prefix(home).ok().map(|p| p.to_path_buf())) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}
