//! SSO: an `sso_session` (a combo of the `[sso-session]` sections) or the older
//! `sso_start_url` + `sso_region`, with the account and role; drawn from the field table
//! ([`crate::aws::fields`]).

use super::super::app::KeyshelfApp;
use super::super::widgets::form_grid;
use crate::aws::Kind;
use crate::aws::fields::{self, Field, Group, Widget};

impl KeyshelfApp {
    pub(in crate::gui) fn sso_group(&mut self, ui: &mut egui::Ui) {
        let used = fields::in_group(Group::Sso).any(|f| !self.form.get(f.key).is_empty())
            || self.form_kind() == Some(Kind::Sso);
        egui::CollapsingHeader::new("SSO")
            .id_salt(("sso", used))
            .default_open(used)
            .show(ui, |ui| {
                form_grid(ui, "sso", |ui| {
                    for field in fields::in_group(Group::Sso) {
                        let has_session = !self.form.get("sso_session").is_empty();
                        match field.widget {
                            Widget::SsoSession => self.sso_session_row(ui, field),
                            _ if field.without_sso_session && has_session => {}
                            _ => self.text_field(ui, field),
                        }
                    }
                });
            });
    }

    fn sso_session_row(&mut self, ui: &mut egui::Ui, field: &Field) {
        let sessions = self
            .workspace
            .as_ref()
            .map(|w| w.files.sso_sessions())
            .unwrap_or_default();
        let mut session = self.form.get(field.key);
        let before = session.clone();
        let label = ui.label(field.label).on_hover_text(field.help).id;
        egui::ComboBox::from_id_salt(field.key)
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
        self.edit_field(field.key, session, changed);
    }
}
