//! New profile: a name, what kind of profile it is, and for access keys the keys themselves,
//! which go straight into the system keychain unless the person chooses the plaintext file.

use zeroize::Zeroize;

use super::super::intent::{Intent, Reply, View};
use crate::aws::{Kind, validate};
use crate::import::Destination;
use crate::secret::Secret;

/// The dialog's own state.
pub struct NewProfile {
    pub name: String,
    pub kind: Kind,
    pub key_id: String,
    /// Wiped when the dialog goes.
    pub secret: String,
    pub destination: Destination,
    /// Install keyshelf first (asked only while it runs from a temporary place).
    pub install_first: bool,
    pub error: Option<String>,
}

impl Drop for NewProfile {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

impl NewProfile {
    pub fn new() -> NewProfile {
        NewProfile {
            name: String::new(),
            kind: Kind::StaticKeys,
            key_id: String::new(),
            secret: String::new(),
            destination: Destination::Keychain,
            install_first: true,
            error: None,
        }
    }

    pub fn show(&mut self, ctx: &egui::Context, view: View<'_>) -> Reply {
        let name = &mut self.name;
        let kind = &mut self.kind;
        let modal = egui::Modal::new(egui::Id::unique("new-profile")).show(ctx, |ui| {
            super::fit_width(ui, 460.0);
            crate::gui::widgets::dialog_title(ui, "New profile");
            ui.add_space(6.0);
            // The error stays beside the buttons, outside the part that scrolls.
            let reserved = super::TITLE_AND_BUTTONS + if self.error.is_some() { 40.0 } else { 0.0 };
            let taken = super::scroll_body(ui, "new-profile-body", reserved, |ui| {
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
                if *kind == Kind::StaticKeys {
                    keys_fields(
                        ui,
                        &mut self.key_id,
                        &mut self.secret,
                        &mut self.destination,
                    );
                    let keys_typed = !self.key_id.trim().is_empty();
                    if view.offer_install && keys_typed && self.destination == Destination::Keychain
                    {
                        super::install_first::install_choice(ui, &mut self.install_first);
                    }
                }
                taken
            });
            if let Some(error) = self.error.as_ref() {
                ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
            }
            ui.add_space(10.0);
            // Both halves of a key, or neither (then they are filled in on the page).
            let halves = (self.key_id.trim().is_empty(), self.secret.trim().is_empty());
            let keys_ok = *kind != Kind::StaticKeys || halves.0 == halves.1;
            let ready = !name.trim().is_empty() && !taken && keys_ok;
            super::answer_row(ui, "Create", ready)
        });
        let (create, cancel) = modal.inner;
        if cancel || super::escape_pressed(ctx) {
            return Reply::Close;
        }
        if !create {
            return Reply::Keep;
        }
        let name = self.name.trim().to_owned();
        if self.kind == Kind::StaticKeys && !self.key_id.trim().is_empty() {
            return Reply::Do(Intent::CreateWithKeys {
                name,
                access_key_id: self.key_id.trim().to_owned(),
                secret_access_key: Secret::new(self.secret.trim()),
                destination: self.destination,
                install_first: (view.offer_install && self.destination == Destination::Keychain)
                    .then_some(self.install_first),
            });
        }
        Reply::Do(Intent::CreateProfile {
            name,
            kind: self.kind,
        })
    }
}

/// The access key's two halves and where they are kept: the system keychain unless the person
/// deliberately picks the plaintext credentials file.
fn keys_fields(
    ui: &mut egui::Ui,
    key_id: &mut String,
    secret: &mut String,
    place: &mut Destination,
) {
    ui.add_space(6.0);
    egui::Grid::new("new-profile-keys")
        .num_columns(2)
        .show(ui, |ui| {
            // Named for the dialog: the page behind it has fields of these names too.
            let label = ui.label("Its access key ID").id;
            ui.add(
                egui::TextEdit::singleline(key_id)
                    .hint_text("AKIA… (optional now)")
                    .desired_width(300.0),
            )
            .labelled_by(label);
            ui.end_row();
            let label = ui.label("Its secret access key").id;
            ui.add(
                egui::TextEdit::singleline(secret)
                    .password(true)
                    .desired_width(300.0),
            )
            .labelled_by(label);
            ui.end_row();
        });
    let hint = validate::access_key_id(key_id.trim(), false)
        .filter(|_| !key_id.trim().is_empty())
        .or_else(|| {
            validate::secret_access_key(secret.trim()).filter(|_| !secret.trim().is_empty())
        });
    if let Some(hint) = hint {
        ui.label(
            egui::RichText::new(format!("⚠ {}", hint.message)).color(ui.visuals().warn_fg_color),
        );
    }
    ui.label("Keep the keys in:");
    ui.radio_value(
        place,
        Destination::Keychain,
        "The system keychain (recommended)",
    )
    .on_hover_text("The AWS tools get them through keyshelf; no file holds the secret");
    ui.radio_value(
        place,
        Destination::CredentialsFile,
        "The credentials file (plain text)",
    )
    .on_hover_text("Anyone who can read your files can read the secret");
}
