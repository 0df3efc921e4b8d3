//! Role: the settings of a profile that assumes an IAM role.

use super::super::app::KeyshelfApp;
use super::super::widgets::{form_grid, hint_row, text_row};
use crate::aws::{Kind, validate};

const ROLE_KEYS: &[&str] = &[
    "role_arn",
    "source_profile",
    "mfa_serial",
    "external_id",
    "role_session_name",
    "duration_seconds",
];

impl KeyshelfApp {
    pub(in crate::gui) fn role_group(&mut self, ui: &mut egui::Ui) {
        let used = ROLE_KEYS.iter().any(|k| !self.form.get(k).is_empty())
            || self.form_kind() == Some(Kind::AssumedRole);
        egui::CollapsingHeader::new("Role")
            .id_salt(("role", used))
            .default_open(used)
            .show(ui, |ui| {
                form_grid(ui, "role", |ui| {
                    let mut arn = self.form.get("role_arn");
                    let changed = text_row(
                        ui,
                        "Role ARN",
                        &mut arn,
                        "arn:aws:iam::123456789012:role/NAME",
                    )
                    .changed();
                    hint_row(ui, validate::role_arn(&arn).map(|h| h.message).as_deref());
                    self.edit_field("role_arn", arn, changed);

                    self.source_profile_row(ui);

                    for (key, label, placeholder) in [
                        (
                            "mfa_serial",
                            "MFA device ARN",
                            "arn:aws:iam::123456789012:mfa/NAME",
                        ),
                        ("external_id", "External ID", ""),
                        ("role_session_name", "Session name", ""),
                        ("duration_seconds", "Duration (seconds)", "3600"),
                    ] {
                        let mut text = self.form.get(key);
                        let changed = text_row(ui, label, &mut text, placeholder).changed();
                        if key == "duration_seconds" {
                            hint_row(
                                ui,
                                validate::duration_seconds(&text)
                                    .map(|h| h.message)
                                    .as_deref(),
                            );
                        }
                        self.edit_field(key, text, changed);
                    }
                });
            });
    }

    fn source_profile_row(&mut self, ui: &mut egui::Ui) {
        let mut source = self.form.get("source_profile");
        let before = source.clone();
        let label = ui.label("Source profile").id;
        let me = self.form.profile.clone();
        egui::ComboBox::from_id_salt("source_profile")
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
        if let Some(workspace) = &self.workspace {
            hint_row(
                ui,
                validate::source_profile(&workspace.files, &me, &source)
                    .map(|h| h.message)
                    .as_deref(),
            );
        }
        let changed = source != before;
        self.edit_field("source_profile", source, changed);
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
