//! Role: the settings of a profile that assumes an IAM role, drawn from the field table
//! ([`crate::aws::fields`]).

use super::super::app::KeyshelfApp;
use super::super::widgets::{field_row, form_grid, hint_row};
use crate::aws::Kind;
use crate::aws::fields::{self, Field, Group, Widget};

impl KeyshelfApp {
    pub(in crate::gui) fn role_group(&mut self, ui: &mut egui::Ui) {
        let used = fields::in_group(Group::Role).any(|f| !self.form.get(f.key).is_empty())
            || self.form_kind() == Some(Kind::AssumedRole);
        egui::CollapsingHeader::new("Role")
            .id_salt(("role", used))
            .default_open(used)
            .show(ui, |ui| {
                form_grid(ui, "role", |ui| {
                    for field in fields::in_group(Group::Role) {
                        match field.widget {
                            Widget::Profile => self.source_profile_row(ui, field),
                            _ => self.text_field(ui, field),
                        }
                    }
                });
            });
    }

    /// A plain text field of the table: its row, its hint, and the edit written through.
    pub(in crate::gui) fn text_field(&mut self, ui: &mut egui::Ui, field: &Field) {
        let mut text = self.form.get(field.key);
        let changed = field_row(ui, field, &mut text).changed();
        let hint = field.hint(&text, &self.check_context());
        hint_row(ui, hint.map(|h| h.message).as_deref());
        self.edit_field(field.key, text, changed);
    }

    /// What a field's check may read besides its value.
    pub(in crate::gui) fn check_context(&self) -> fields::CheckContext<'_> {
        let has_token = ["aws_session_token", fields::LEGACY_SESSION_TOKEN]
            .iter()
            .any(|k| !self.form.get(k).trim().is_empty());
        fields::CheckContext {
            files: self.workspace.as_ref().map(|w| &w.files),
            profile: &self.form.profile,
            has_session_token: has_token,
        }
    }

    fn source_profile_row(&mut self, ui: &mut egui::Ui, field: &Field) {
        let mut source = self.form.get(field.key);
        let before = source.clone();
        let label = ui.label(field.label).on_hover_text(field.help).id;
        egui::ComboBox::from_id_salt(field.key)
            .selected_text(if source.is_empty() {
                "(none)"
            } else {
                source.as_str()
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut source, String::new(), "(none)");
                for profile in &self.profiles {
                    ui.selectable_value(&mut source, profile.name.clone(), &profile.name);
                }
            })
            .response
            .labelled_by(label);
        ui.end_row();
        let hint = field.hint(&source, &self.check_context());
        hint_row(ui, hint.map(|h| h.message).as_deref());
        let changed = source != before;
        self.edit_field(field.key, source, changed);
    }

    /// The kind of the selected profile, or the kind chosen when it was created.
    pub(in crate::gui) fn form_kind(&self) -> Option<Kind> {
        self.form.intended_kind.or_else(|| {
            self.profiles
                .iter()
                .find(|p| p.name == self.form.profile)
                .map(|p| p.kind)
        })
    }
}
