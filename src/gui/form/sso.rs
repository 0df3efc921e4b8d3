//! SSO: an `sso_session` (a combo of the `[sso-session]` sections) or the older
//! `sso_start_url` + `sso_region`, with the account and role; drawn from the field table
//! ([`crate::aws::fields`]).

use super::super::intent::Intent;
use super::super::widgets::form_grid;
use super::{Form, FormView};
use crate::aws::Kind;
use crate::aws::fields::{self, Field, Group, Widget};

impl Form {
    pub(super) fn sso_group(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        out: &mut Vec<Intent>,
    ) {
        let used = fields::in_group(Group::Sso).any(|f| !self.get(f.key).is_empty())
            || self.kind(view) == Some(Kind::Sso);
        egui::CollapsingHeader::new("SSO")
            // Never the values: an id that changes while a field is typed in loses its focus.
            .id_salt(("sso", &self.profile))
            .default_open(used)
            .show(ui, |ui| {
                form_grid(ui, "sso", |ui| {
                    for field in fields::in_group(Group::Sso) {
                        let has_session = !self.get("sso_session").is_empty();
                        match field.widget {
                            Widget::SsoSession => self.sso_session_row(ui, view, field, out),
                            _ if field.without_sso_session && has_session => {}
                            _ => self.text_field(ui, view, field, out),
                        }
                    }
                });
            });
    }

    fn sso_session_row(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        field: &Field,
        out: &mut Vec<Intent>,
    ) {
        let sessions = view
            .workspace
            .map(|w| w.docs.sso_sessions())
            .unwrap_or_default();
        let mut session = self.get(field.key);
        let before = session.clone();
        let label = crate::gui::widgets::setting_label(ui, field).id;
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
        self.edit_field(field.key, session, changed, out);
    }
}
