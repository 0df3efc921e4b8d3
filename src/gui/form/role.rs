//! Role: the settings of a profile that assumes an IAM role, drawn from the field table
//! ([`crate::aws::fields`]).

use super::super::intent::Intent;
use super::super::widgets::{form_grid, hint_row};
use super::{Form, FormView};
use crate::aws::Kind;
use crate::aws::fields::{self, Field, Group, Widget};

impl Form {
    pub(super) fn role_group(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        out: &mut Vec<Intent>,
    ) {
        let used = fields::in_group(Group::Role).any(|f| !self.get(f.key).is_empty())
            || self.kind(view) == Some(Kind::AssumedRole);
        egui::CollapsingHeader::new("Role")
            // Never the values: an id that changes while a field is typed in loses its focus.
            .id_salt(("role", &self.profile))
            .default_open(used)
            .show(ui, |ui| {
                form_grid(ui, "role", |ui| {
                    for field in fields::in_group(Group::Role) {
                        match field.widget {
                            Widget::Profile => self.source_profile_row(ui, view, field, out),
                            _ => self.text_field(ui, view, field, out),
                        }
                    }
                });
            });
    }

    fn source_profile_row(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        field: &Field,
        out: &mut Vec<Intent>,
    ) {
        let mut source = self.get(field.key);
        let before = source.clone();
        let label = crate::gui::widgets::setting_label(ui, field).id;
        egui::ComboBox::from_id_salt(field.key)
            .selected_text(if source.is_empty() {
                "(none)"
            } else {
                source.as_str()
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut source, String::new(), "(none)");
                for profile in view.profiles {
                    ui.selectable_value(&mut source, profile.name.clone(), &profile.name);
                }
            })
            .response
            .labelled_by(label);
        ui.end_row();
        let hint = field.hint(&source, &self.check_context(view));
        hint_row(ui, hint.map(|h| h.message).as_deref());
        let changed = source != before;
        self.edit_field(field.key, source, changed, out);
    }
}
