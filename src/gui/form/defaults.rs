//! Defaults: region (a searchable list of every public region, or any value typed in) and
//! output format.

use super::super::app::KeyshelfApp;
use super::super::widgets::{error_row, form_grid, hint_row, text_row};
use crate::aws::regions::{OUTPUT_FORMATS, REGIONS, region_name};
use crate::aws::validate;

impl KeyshelfApp {
    pub(in crate::gui) fn defaults_group(&mut self, ui: &mut egui::Ui) {
        egui::CollapsingHeader::new("Defaults")
            .default_open(true)
            .show(ui, |ui| {
                form_grid(ui, "defaults", |ui| {
                    let mut region = self.form.get("region");
                    let mut changed =
                        text_row(ui, "Region", &mut region, "e.g. eu-west-1").changed();
                    let picker_label = ui.label("Pick a region").id;
                    changed |= region_picker(ui, &mut region, picker_label);
                    ui.end_row();
                    hint_row(ui, validate::region(&region).map(|h| h.message).as_deref());
                    error_row(ui, self.form.errors.get("region"));
                    self.edit_field("region", region, changed);

                    let mut output = self.form.get("output");
                    let label = ui.label("Output").id;
                    let before = output.clone();
                    egui::ComboBox::from_id_salt("output")
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
                    hint_row(ui, validate::output(&output).map(|h| h.message).as_deref());
                    let changed = output != before;
                    self.edit_field("output", output, changed);
                });
            });
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
