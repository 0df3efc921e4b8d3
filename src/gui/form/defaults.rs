//! Defaults: region (a searchable list of every public region, or any value typed in) and
//! output format, drawn from the field table ([`crate::aws::fields`]).

use super::super::intent::Intent;
use super::super::widgets::{error_row, field_row, form_grid, hint_row};
use super::{Form, FormView};
use crate::aws::fields::{self, Field, Group, Widget, field_of};
use crate::aws::regions::{OUTPUT_FORMATS, REGIONS, region_name};

impl Form {
    pub(super) fn defaults_group(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        out: &mut Vec<Intent>,
    ) {
        egui::CollapsingHeader::new("Defaults")
            .default_open(true)
            .show(ui, |ui| {
                form_grid(ui, "defaults", |ui| {
                    for field in fields::in_group(Group::Defaults) {
                        match field.widget {
                            Widget::Region => self.region_row(ui, view, field, out),
                            Widget::Output => self.output_row(ui, view, field, out),
                            _ => self.text_field(ui, view, field, out),
                        }
                    }
                });
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
        let mut changed = field_row(ui, field, &mut region).changed();
        let picker_label = ui.label("Pick a region").id;
        changed |= region_picker(ui, &mut region, picker_label);
        ui.end_row();
        let hint = field.hint(&region, &self.check_context(view));
        hint_row(ui, hint.map(|h| h.message).as_deref());
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
        let label = ui.label(field.label).on_hover_text(field.help).id;
        let before = output.clone();
        egui::ComboBox::from_id_salt(field.key)
            .selected_text(if output.is_empty() {
                "(not set)"
            } else {
                output.as_str()
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut output, String::new(), "(not set)");
                for format in OUTPUT_FORMATS {
                    ui.selectable_value(&mut output, (*format).to_owned(), *format);
                }
            })
            .response
            .labelled_by(label);
        ui.end_row();
        let hint = field.hint(&output, &self.check_context(view));
        hint_row(ui, hint.map(|h| h.message).as_deref());
        let changed = output != before;
        self.edit_field(field.key, output, changed, out);
    }
}

/// A drop-down of the known regions, narrowed by what is typed in the region field.
fn region_picker(ui: &mut egui::Ui, region: &mut String, label: egui::Id) -> bool {
    let current = match region_name(region.trim()) {
        Some(name) => format!("{} — {name}", region.trim()),
        None => "Choose from the list…".to_owned(),
    };
    let typed = region.trim().to_lowercase();
    let exact = region_name(region.trim()).is_some();
    let mut picked = None;
    egui::ComboBox::from_id_salt("region-picker")
        .width(320.0)
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (code, name) in REGIONS {
                let matches = exact
                    || typed.is_empty()
                    || code.contains(&typed)
                    || name.to_lowercase().contains(&typed);
                if matches
                    && ui
                        .selectable_label(region.trim() == *code, format!("{code} — {name}"))
                        .clicked()
                {
                    picked = Some((*code).to_owned());
                }
            }
        })
        .response
        .labelled_by(label);
    match picked {
        Some(code) => {
            *region = code;
            true
        }
        None => false,
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
