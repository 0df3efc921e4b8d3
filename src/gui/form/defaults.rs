//! Defaults: region (a searchable list of every public region, or any value typed in) and
//! output format, drawn from the field table ([`crate::aws::fields`]).

use super::super::intent::Intent;
use super::super::widgets::{error_row, form_grid, hint_row, output_combo, region_field};
use super::{Form, FormView};
use crate::aws::fields::{self, Field, Group, Widget, field_of};

impl Form {
    pub(super) fn defaults_group(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        out: &mut Vec<Intent>,
    ) {
        form_grid(ui, "defaults", |ui| {
            for field in fields::in_group(Group::Defaults) {
                match field.widget {
                    Widget::Region => self.region_row(ui, view, field, out),
                    Widget::Output => self.output_row(ui, view, field, out),
                    _ => self.text_field(ui, view, field, out),
                }
            }
        });
    }

    fn region_row(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        field: &Field,
        out: &mut Vec<Intent>,
    ) {
        let mut region = self.get(field.key);
        let mut changed = region_field(ui, field.label, field.help, field.key, &mut region);
        let hint = field.hint(
            self.effective(field.key, &region),
            &self.check_context(view),
        );
        hint_row(ui, hint.map(|h| h.message).as_deref());
        self.inherited_row(ui, field.key, &region);
        // A mistyped region most likely meant one: one click takes it.
        if let Some(meant) = crate::aws::regions::closest(&region) {
            crate::gui::widgets::empty_cell(ui);
            if ui
                .button(format!("Use {meant}"))
                .on_hover_text(crate::aws::regions::region_name(meant).unwrap_or(""))
                .clicked()
            {
                region = meant.to_owned();
                changed = true;
            }
            ui.end_row();
        }
        error_row(ui, self.errors.get(field.key));
        self.edit_field(field.key, region, changed, out);
    }

    fn output_row(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        field: &Field,
        out: &mut Vec<Intent>,
    ) {
        let mut output = self.get(field.key);
        let label = crate::gui::widgets::setting_label(ui, field).id;
        let before = output.clone();
        output_combo(ui, &mut output, field.key).labelled_by(label);
        ui.end_row();
        let hint = field.hint(
            self.effective(field.key, &output),
            &self.check_context(view),
        );
        hint_row(ui, hint.map(|h| h.message).as_deref());
        self.inherited_row(ui, field.key, &output);
        let changed = output != before;
        self.edit_field(field.key, output, changed, out);
    }
}

/// A row of the field table that the form draws by name.
pub(super) fn table(key: &str) -> &'static Field {
    match field_of(key) {
        Some(field) => field,
        // Every key drawn here is in the table (checked by `every_drawn_key_is_in_the_table`).
        None => &crate::aws::fields::FIELDS[0],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_drawn_key_is_in_the_table() {
        for key in [
            "region",
            "output",
            "aws_access_key_id",
            "aws_secret_access_key",
            "aws_session_token",
        ] {
            assert!(crate::aws::fields::field_of(key).is_some(), "{key}");
        }
    }
}
