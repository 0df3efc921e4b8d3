//! Other settings: every key without its own field, nested blocks included, to add, edit and
//! remove.

use super::super::intent::Intent;
use super::super::widgets::{FIELD_WIDTH, form_grid, text_row};
use super::Form;

/// Narrower than other fields, so that the row's Remove button (named after the key, for screen
/// readers) still fits beside it.
const SETTING_WIDTH: f32 = FIELD_WIDTH - 160.0;

/// A setting's field: [`SETTING_WIDTH`], narrower in a narrow window so its Remove button
/// wraps under it rather than off the edge.
fn setting_width(ui: &egui::Ui) -> f32 {
    let room = ui.clip_rect().right() - ui.cursor().min.x - 8.0;
    (room.min(ui.available_width()) - 120.0).clamp(100.0, SETTING_WIDTH)
}

impl Form {
    pub(super) fn other_group(&mut self, ui: &mut egui::Ui, out: &mut Vec<Intent>) {
        let open = !self.others.is_empty() || !self.nested.is_empty() || self.inherits_others();
        egui::CollapsingHeader::new("Other settings")
            // Never the values: an id that changes while a field is typed in loses its focus.
            .id_salt(("other", &self.profile))
            .default_open(open)
            .show(ui, |ui| {
                self.plain_settings(ui, out);
                self.inherited_settings(ui);
                self.nested_settings(ui, out);
                self.add_setting_row(ui, out);
            });
    }

    fn plain_settings(&mut self, ui: &mut egui::Ui, out: &mut Vec<Intent>) {
        let keys: Vec<String> = self.others.keys().cloned().collect();
        let mut remove = None;
        form_grid(ui, "others", |ui| {
            for key in keys {
                let mut text = self.others.get(&key).cloned().unwrap_or_default();
                let label = ui.label(&key).id;
                let changed = ui
                    .horizontal_wrapped(|ui| {
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut text)
                                    .id(egui::Id::unique(("form-setting", &key)))
                                    .desired_width(setting_width(ui)),
                            )
                            .labelled_by(label);
                        if ui
                            .button(format!("Remove {key}"))
                            .on_hover_text("Remove this setting")
                            .clicked()
                        {
                            remove = Some(key.clone());
                        }
                        r.changed()
                    })
                    .inner;
                ui.end_row();
                // An emptied value leaves the file, as a cleared field of the table does; its
                // row stays while the page is open, so the new value can be typed into it
                // (ignoring the empty text put the old value back under the cursor).
                if changed {
                    self.others.insert(key.clone(), text.clone());
                    out.push(Intent::EditField {
                        key: key.clone(),
                        text: text.clone(),
                    });
                }
            }
        });
        if let Some(key) = remove {
            self.others.remove(&key);
            out.push(Intent::EditField {
                key,
                text: String::new(),
            });
        }
    }

    /// Whether a setting without a field of its own comes from `[DEFAULT]`.
    fn inherits_others(&self) -> bool {
        self.inherited
            .keys()
            .any(|key| !crate::aws::fields::has_field(key))
    }

    /// Settings without a field of their own that the profile has only from `[DEFAULT]`: shown,
    /// not edited here (a change belongs in `[DEFAULT]`, and reaches every profile of the file).
    fn inherited_settings(&self, ui: &mut egui::Ui) {
        if !self.inherits_others() {
            return;
        }
        let mut keys: Vec<&String> = self
            .inherited
            .keys()
            .filter(|key| !crate::aws::fields::has_field(key))
            .collect();
        keys.sort();
        form_grid(ui, "inherited", |ui| {
            for key in keys {
                let inherited = &self.inherited[key];
                ui.label(key);
                ui.add(egui::Label::new(&inherited.value).truncate());
                ui.end_row();
                let words = inherited.words(key);
                super::super::widgets::info_row(
                    ui,
                    &format!(
                        "{words} To use another value for this profile only, add the setting below."
                    ),
                );
            }
        });
    }

    fn nested_settings(&mut self, ui: &mut egui::Ui, out: &mut Vec<Intent>) {
        let blocks: Vec<(String, Vec<(String, String)>)> =
            self.nested.clone().into_iter().collect();
        for (key, entries) in blocks {
            ui.label(egui::RichText::new(format!("{key} (nested)")).strong());
            let (mut edits, mut emptied) = (Vec::new(), Vec::new());
            form_grid(ui, &format!("nested-{key}"), |ui| {
                for (sub, value) in &entries {
                    let mut text = value.clone();
                    let label = ui.label(format!("{key}.{sub}")).id;
                    ui.horizontal_wrapped(|ui| {
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut text)
                                    .id(egui::Id::unique(("form-nested", &key, sub)))
                                    .desired_width(setting_width(ui)),
                            )
                            .labelled_by(label);
                        // Emptied to be typed again: only the page's copy changes, since
                        // removing the entry would drop its row (and the block, with its last
                        // entry) under the cursor. The file keeps the value until one is typed
                        // or Remove is pressed.
                        if r.changed() && text.trim().is_empty() {
                            emptied.push(sub.clone());
                        } else if r.changed() {
                            edits.push((sub.clone(), Some(text.clone())));
                        }
                        if ui.button(format!("Remove {key}.{sub}")).clicked() {
                            edits.push((sub.clone(), None));
                        }
                    });
                    ui.end_row();
                }
                let (new_sub, new_value) = self.new_sub.entry(key.clone()).or_default();
                let label = ui.label(format!("New {key} setting")).id;
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(new_sub)
                            .id(egui::Id::unique(("form-new-sub", &key)))
                            .hint_text("name")
                            .desired_width(140.0),
                    )
                    .labelled_by(label);
                    let value = ui.add(
                        egui::TextEdit::singleline(new_value)
                            .id(egui::Id::unique(("form-new-value", &key)))
                            .hint_text("value")
                            .desired_width(160.0),
                    );
                    // The row's label names the first field; this one says what it holds.
                    ui.ctx().accesskit_node_builder(value.id, |node| {
                        node.set_label(format!("New {key} setting value"));
                    });
                    let ready = !new_sub.trim().is_empty() && !new_value.trim().is_empty();
                    if ui
                        .add_enabled(ready, egui::Button::new(format!("Add to {key}")))
                        .clicked()
                    {
                        edits.push((new_sub.trim().to_owned(), Some(new_value.trim().to_owned())));
                        new_sub.clear();
                        new_value.clear();
                    }
                });
                ui.end_row();
            });
            if let Some(entries) = self.nested.get_mut(&key) {
                for (sub, value) in entries.iter_mut() {
                    if emptied.contains(sub) {
                        value.clear();
                    }
                }
            }
            for (sub, text) in edits {
                out.push(Intent::EditNested {
                    key: key.clone(),
                    sub,
                    text,
                });
            }
        }
    }

    fn add_setting_row(&mut self, ui: &mut egui::Ui, out: &mut Vec<Intent>) {
        ui.add_space(4.0);
        let mut add = false;
        form_grid(ui, "add-setting", |ui| {
            let mut key = std::mem::take(&mut self.new_key);
            text_row(ui, "New setting name", &mut key, "e.g. cli_pager");
            self.new_key = key;
            let mut value = std::mem::take(&mut self.new_value);
            text_row(ui, "New setting value", &mut value, "");
            self.new_value = value;
            crate::gui::widgets::empty_cell(ui);
            let ready = !self.new_key.trim().is_empty() && !self.new_value.trim().is_empty();
            add = ui
                .add_enabled(ready, egui::Button::new("Add setting"))
                .clicked();
            ui.end_row();
        });
        if add {
            out.push(Intent::AddSetting {
                key: self.new_key.trim().to_owned(),
                value: self.new_value.trim().to_owned(),
            });
        }
    }
}
