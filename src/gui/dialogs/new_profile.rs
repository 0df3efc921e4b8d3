//! New profile: a name, then what kind of profile it is.

use super::super::intent::{Intent, Reply, View};
use crate::aws::{Kind, validate};

/// The dialog's own state.
pub struct NewProfile {
    pub name: String,
    pub kind: Kind,
    pub error: Option<String>,
}

impl NewProfile {
    pub fn new() -> NewProfile {
        NewProfile {
            name: String::new(),
            kind: Kind::StaticKeys,
            error: None,
        }
    }

    pub fn show(&mut self, ctx: &egui::Context, view: View<'_>) -> Reply {
        let name = &mut self.name;
        let kind = &mut self.kind;
        let modal = egui::Modal::new(egui::Id::unique("new-profile")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("New profile");
            ui.add_space(6.0);
            let label = ui.label("Profile name").id;
            let field = ui
                .add(
                    egui::TextEdit::singleline(name)
                        .hint_text("e.g. dev")
                        .desired_width(300.0),
                )
                .labelled_by(label);
            if !field.has_focus() && name.is_empty() {
                field.request_focus();
            }
            let taken = view.exists(name);
            if taken {
                ui.label(
                    egui::RichText::new("A profile with this name already exists.")
                        .color(ui.visuals().warn_fg_color),
                );
            } else if let Some(hint) =
                validate::profile_name(name.trim()).filter(|_| !name.is_empty())
            {
                ui.label(
                    egui::RichText::new(format!("⚠ {}", hint.message))
                        .color(ui.visuals().warn_fg_color),
                );
            }
            ui.add_space(6.0);
            ui.label("What will it use?");
            ui.radio_value(kind, Kind::StaticKeys, "Access keys (from the AWS console)");
            ui.radio_value(
                kind,
                Kind::AssumedRole,
                "Assume a role (using another profile)",
            );
            ui.radio_value(kind, Kind::Sso, "SSO (IAM Identity Center)");
            if let Some(error) = self.error.as_ref() {
                ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
            }
            ui.add_space(10.0);
            let ready = !name.trim().is_empty() && !taken;
            super::answer_row(ui, "Create", ready)
        });
        let (create, cancel) = modal.inner;
        if cancel || super::escape_pressed(ctx) {
            return Reply::Close;
        }
        if !create {
            return Reply::Keep;
        }
        Reply::Do(Intent::CreateProfile {
            name: self.name.trim().to_owned(),
            kind: self.kind,
        })
    }
}
