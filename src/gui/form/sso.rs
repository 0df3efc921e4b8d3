//! SSO: an `sso_session` (a combo of the `[sso-session]` sections) or the older
//! `sso_start_url` + `sso_region`, with the account and role.

use super::super::app::KeyshelfApp;
use super::super::widgets::{form_grid, text_row};
use crate::aws::Kind;

const SSO_KEYS: &[&str] = &[
    "sso_session",
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
];

impl KeyshelfApp {
    pub(in crate::gui) fn sso_group(&mut self, ui: &mut egui::Ui) {
        let used = SSO_KEYS.iter().any(|k| !self.form.get(k).is_empty())
            || self.form_kind() == Some(Kind::Sso);
        egui::CollapsingHeader::new("SSO")
            .id_salt(("sso", used))
            .default_open(used)
            .show(ui, |ui| {
                form_grid(ui, "sso", |ui| {
                    let sessions = self
                        .workspace
                        .as_ref()
                        .map(|w| w.files.sso_sessions())
                        .unwrap_or_default();
                    let mut session = self.form.get("sso_session");
                    let before = session.clone();
                    let label = ui.label("SSO session").id;
                    egui::ComboBox::from_id_salt("sso_session")
                        .selected_text(if session.is_empty() {
                            "(none)"
                        } else {
                            session.as_str()
                        })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut session, String::new(), "(none)");
                            for s in &sessions {
                                ui.selectable_value(&mut session, s.clone(), s);
                            }
                        })
                        .response
                        .labelled_by(label);
                    ui.end_row();
                    let changed = session != before;
                    self.edit_field("sso_session", session.clone(), changed);

                    let mut rows = vec![
                        ("sso_account_id", "Account ID", "123456789012"),
                        ("sso_role_name", "Role name", "ReadOnly"),
                    ];
                    if session.is_empty() {
                        rows.insert(0, ("sso_region", "SSO region", "us-east-1"));
                        rows.insert(
                            0,
                            (
                                "sso_start_url",
                                "Start URL",
                                "https://my-org.awsapps.com/start",
                            ),
                        );
                    }
                    for (key, label, placeholder) in rows {
                        let mut text = self.form.get(key);
                        let changed = text_row(ui, label, &mut text, placeholder).changed();
                        self.edit_field(key, text, changed);
                    }
                });
            });
    }
}
