//! The page shown when a file cannot be read: what is wrong, the line itself
//! (secrets masked), the fixes that apply, the file opened in the desktop's editor or its
//! folder, and a fresh read as soon as the file changes (the watcher's job).

use egui::RichText;

use super::intent::Intent;
use crate::files::{UnreadableLine, folder_of};

/// Draws the page; what the user picks goes to `out`.
pub fn show(ui: &mut egui::Ui, error: &str, line: Option<&UnreadableLine>, out: &mut Vec<Intent>) {
    ui.heading("keyshelf cannot read your AWS files");
    ui.add_space(6.0);
    ui.add(egui::Label::new(error).wrap());
    if let Some(line) = line {
        ui.add_space(8.0);
        ui.label(format!("Line {} of {}:", line.line, line.path.display()));
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let shown = if line.shown.trim().is_empty() {
                "(an empty line)"
            } else {
                &line.shown
            };
            ui.add(egui::Label::new(RichText::new(shown).monospace()).wrap());
        });
        ui.horizontal_wrapped(|ui| {
            for fix in &line.fixes {
                if ui
                    .button(fix.label())
                    .on_hover_text("Changes only this line; a backup of the file is kept")
                    .clicked()
                {
                    out.push(Intent::FixLine(*fix));
                }
            }
        });
    }
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let file = line.map(|l| l.path.clone());
        if let Some(file) = &file {
            if ui.button("Open in text editor").clicked() {
                out.push(Intent::OpenPath(file.clone()));
            }
            if ui.button("Open folder").clicked() {
                out.push(Intent::OpenPath(folder_of(file)));
            }
        }
        if ui.button("Try again").clicked() {
            out.push(Intent::Reload);
        }
    });
    ui.add_space(6.0);
    ui.weak("Nothing was changed. keyshelf reads the file again as soon as it changes.");
}
