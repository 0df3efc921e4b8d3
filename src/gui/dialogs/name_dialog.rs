//! Asking for a profile name: Rename (which also updates `source_profile` references) and
//! Duplicate.

use super::super::app::KeyshelfApp;
use super::Outcome;
use crate::aws::validate;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NameAction {
    Rename,
    Duplicate,
}

impl KeyshelfApp {
    pub(super) fn name_dialog(
        &mut self,
        ctx: &egui::Context,
        action: NameAction,
        source: &str,
        name: &mut String,
        error: &mut Option<String>,
    ) -> Outcome {
        let (title, button) = match action {
            NameAction::Rename => (format!("Rename “{source}”"), "Rename profile"),
            NameAction::Duplicate => (format!("Duplicate “{source}”"), "Duplicate profile"),
        };
        let referrers = match (action, &self.workspace) {
            (NameAction::Rename, Some(w)) => w.files.referrers(source).len(),
            _ => 0,
        };
        let modal = egui::Modal::new(egui::Id::unique("name-dialog")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading(&title);
            ui.add_space(6.0);
            let label = ui.label("New name").id;
            let field = ui.add(egui::TextEdit::singleline(name).desired_width(300.0)).labelled_by(label);
            field.request_focus();
            if let Some(hint) = validate::profile_name(name.trim()) {
                ui.label(egui::RichText::new(format!("⚠ {}", hint.message)).color(ui.visuals().warn_fg_color));
            }
            if referrers > 0 {
                ui.label(format!("{referrers} profile(s) use “{source}” as source_profile; they will follow the new name."));
            }
            if let Some(error) = error.as_ref() {
                ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
            }
            ui.add_space(10.0);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let go = ui.button(button).clicked() || enter;
                let cancel = ui.button("Cancel").clicked();
                (go, cancel)
            })
            .inner
        });
        let (go, cancel) = modal.inner;
        if cancel || modal.should_close() {
            return Outcome::Close;
        }
        if !go {
            return Outcome::Keep;
        }
        let new = name.trim().to_owned();
        let result = match action {
            NameAction::Rename if new == source => return Outcome::Close,
            NameAction::Rename => self.rename_profile(source, &new).map(|_| ()),
            NameAction::Duplicate => self.duplicate_profile(source, &new),
        };
        match result {
            Ok(()) => Outcome::Close,
            Err(err) => {
                *error = Some(err.to_string());
                Outcome::Keep
            }
        }
    }
}
