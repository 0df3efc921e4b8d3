//! Asking for a profile name: Rename (which also updates `source_profile` references) and
//! Duplicate.

use super::super::intent::{Intent, Reply, View};
use crate::aws::validate;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NameAction {
    Rename,
    Duplicate,
}

/// The dialog's own state.
pub struct NameDialog {
    pub action: NameAction,
    pub source: String,
    pub name: String,
    pub error: Option<String>,
}

impl NameDialog {
    pub fn rename(source: &str) -> NameDialog {
        NameDialog {
            action: NameAction::Rename,
            source: source.to_owned(),
            name: source.to_owned(),
            error: None,
        }
    }

    pub fn duplicate(source: &str) -> NameDialog {
        NameDialog {
            action: NameAction::Duplicate,
            source: source.to_owned(),
            name: format!("{source}-copy"),
            error: None,
        }
    }

    pub fn show(&mut self, ctx: &egui::Context, view: View<'_>) -> Reply {
        let source = self.source.as_str();
        let (title, button) = match self.action {
            NameAction::Rename => (format!("Rename “{source}”"), "Rename profile"),
            NameAction::Duplicate => (format!("Duplicate “{source}”"), "Duplicate profile"),
        };
        let referrers = match (self.action, view.workspace) {
            (NameAction::Rename, Some(w)) => w.docs.referrers(source).len(),
            _ => 0,
        };
        let name = &mut self.name;
        let error = &self.error;
        let modal = egui::Modal::new(egui::Id::unique("name-dialog")).show(ctx, |ui| {
            super::fit_width(ui, 440.0);
            crate::gui::widgets::dialog_title(ui, &title);
            ui.add_space(6.0);
            let label = ui.label("New name").id;
            let field = ui
                .add(egui::TextEdit::singleline(name).desired_width(300.0))
                .labelled_by(label);
            field.request_focus();
            if let Some(hint) = validate::profile_name(name.trim()) {
                ui.label(
                    egui::RichText::new(format!("⚠ {}", hint.message))
                        .color(ui.visuals().warn_fg_color),
                );
            }
            if referrers > 0 {
                ui.label(format!(
                    "{} “{source}” as source_profile; they will follow the new name.",
                    match referrers {
                        1 => "1 profile uses".to_owned(),
                        n => format!("{n} profiles use"),
                    }
                ));
            }
            if let Some(error) = error.as_ref() {
                ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
            }
            ui.add_space(10.0);
            // Enter confirms, as in any dialog. (The field keeps asking for focus, so it never
            // reports having lost it to Enter: that test missed every press.)
            super::answer_row(ui, button, true)
        });
        let (go, cancel) = modal.inner;
        if cancel || super::escape_pressed(ctx) {
            return Reply::Close;
        }
        if !go {
            return Reply::Keep;
        }
        let new = self.name.trim().to_owned();
        let source = self.source.clone();
        match self.action {
            NameAction::Rename if new == source => Reply::Close,
            NameAction::Rename => Reply::Do(Intent::Rename { old: source, new }),
            NameAction::Duplicate => Reply::Do(Intent::Duplicate { source, new }),
        }
    }
}
