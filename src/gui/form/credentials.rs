//! Credentials: access key ID, secret access key and session token, the secrets masked. For a
//! profile whose keys are in the keychain: its key ID, Show secret read from the keychain on
//! request, and Replace keys.

use egui::RichText;

use super::super::intent::{Intent, Open};
use super::super::status::Asked;
use super::super::widgets::{
    error_row, field_row, form_grid, hint_row, secret_row, secret_width, setting_label,
};
use super::defaults::table;
use super::{Form, FormView};
use crate::aws::SecretLocation;
use crate::secret::Secret;

impl Form {
    pub(super) fn credentials_group(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        out: &mut Vec<Intent>,
    ) {
        let in_keychain = view
            .profiles
            .iter()
            .any(|p| p.name == self.profile && p.secret == SecretLocation::Keychain);
        if in_keychain && self.get("aws_access_key_id").is_empty() {
            self.keychain_credentials(ui, view, out);
            return;
        }
        form_grid(ui, "credentials", |ui| self.file_credentials(ui, view, out));
    }

    /// The keys of a keychain profile: the key ID always, the secret when asked for.
    fn keychain_credentials(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        out: &mut Vec<Intent>,
    ) {
        let name = self.profile.clone();
        let ready = view.keychain_ready;
        form_grid(ui, "keychain-credentials", |ui| {
            let label = setting_label(ui, table("aws_access_key_id")).id;
            match view.statuses.get(&name).and_then(|s| s.item.as_ref()) {
                Some(Asked::Known(key_id)) => {
                    ui.add(egui::Label::new(RichText::new(key_id).monospace()).selectable(true))
                }
                // What is wrong is said below the panel.
                Some(Asked::Failed(crate::keychain::Ailment::ItemMissing)) => {
                    ui.weak("Missing from the keychain")
                }
                Some(Asked::Failed(_)) => ui.weak("Not known: the keychain could not be read"),
                None | Some(Asked::Checking) => ui.weak("Asking the keychain…"),
            }
            .labelled_by(label);
            ui.end_row();

            let label = setting_label(ui, table("aws_secret_access_key")).id;
            let revealed = view.revealed.filter(|(profile, _)| *profile == name);
            ui.horizontal_wrapped(|ui| match revealed {
                Some(_) => {
                    ui.label("shown below").labelled_by(label);
                }
                None => {
                    ui.label("••••••••••••••••").labelled_by(label);
                    if ui
                        .add_enabled(ready.is_ok(), egui::Button::new("Show secret"))
                        .on_hover_text("Read it from the keychain")
                        .on_disabled_hover_text(ready.err().unwrap_or(""))
                        .clicked()
                    {
                        out.push(Intent::Reveal(name.clone()));
                    }
                }
            });
            ui.end_row();
        });
        // Shown across the whole page, not in the grid's narrow second column: a 40-character
        // secret fits its box from the smallest window up.
        if let Some((_, keys)) = view.revealed.filter(|(profile, _)| *profile == name) {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Secret access key, shown").id;
                let mut shown = keys.secret_access_key.expose().to_owned();
                ui.add(
                    egui::TextEdit::singleline(&mut shown)
                        .font(egui::TextStyle::Monospace)
                        .interactive(false)
                        .desired_width(secret_width(ui).min(ui.available_width())),
                )
                .labelled_by(label);
                zeroize::Zeroize::zeroize(&mut shown);
                if ui.button("Hide secret").clicked() {
                    out.push(Intent::HideRevealed);
                }
                if ui.button("Copy secret").clicked() {
                    ui.ctx()
                        .copy_text(keys.secret_access_key.expose().to_owned());
                    out.push(Intent::SecretCopied(keys.secret_access_key.clone()));
                }
            });
        }
        // In the field column, under the keys it replaces.
        form_grid(ui, "keychain-replace", |ui| {
            crate::gui::widgets::empty_cell(ui);
            if ui
                .add_enabled(ready.is_ok(), egui::Button::new("Replace keys…"))
                .on_hover_text(
                    "Put a new access key into the keychain, without writing it to a file",
                )
                .on_disabled_hover_text(ready.err().unwrap_or(""))
                .clicked()
            {
                out.push(Intent::Open(Open::ReplaceKeys(name.clone())));
            }
            ui.end_row();
        });
    }

    fn file_credentials(&mut self, ui: &mut egui::Ui, view: FormView<'_>, out: &mut Vec<Intent>) {
        let field = table("aws_access_key_id");
        let mut key_id = self.get(field.key);
        let changed = field_row(ui, field, &mut key_id).changed();
        // botocore reads the legacy `aws_security_token` before `aws_session_token`: the field
        // shows and edits the one in use.
        let legacy = !self.get("aws_security_token").trim().is_empty();
        let token_key = if legacy {
            "aws_security_token"
        } else {
            "aws_session_token"
        };
        let hint = field.hint(&key_id, &self.check_context(view));
        hint_row(ui, hint.map(|h| h.message).as_deref());
        error_row(ui, self.errors.get("aws_access_key_id"));
        self.edit_field("aws_access_key_id", key_id, changed, out);

        let field = table("aws_secret_access_key");
        let mut secret = self.get(field.key);
        let mut reveal = self.reveal_secret;
        let row = secret_row(ui, field, &mut secret, &mut reveal, "secret");
        if row.copied {
            out.push(Intent::SecretCopied(Secret::new(secret.clone())));
        }
        self.reveal_secret = reveal;
        let hint = field.hint(&secret, &self.check_context(view));
        hint_row(ui, hint.map(|h| h.message).as_deref());
        error_row(ui, self.errors.get("aws_secret_access_key"));
        self.edit_field("aws_secret_access_key", secret, row.response.changed(), out);

        // Long-term keys have no token: the row waits for one to be added.
        if !self.token_shown {
            crate::gui::widgets::empty_cell(ui);
            if ui
                .small_button("Add a session token")
                .on_hover_text("Only temporary keys (starting with ASIA) come with a session token")
                .clicked()
            {
                self.token_shown = true;
            }
            ui.end_row();
            return;
        }
        let mut token = self.get(token_key);
        let mut reveal = self.reveal_token;
        let field = table("aws_session_token");
        let row = secret_row(ui, field, &mut token, &mut reveal, "token");
        if row.copied {
            out.push(Intent::SecretCopied(Secret::new(token.clone())));
        }
        self.reveal_token = reveal;
        let both = legacy && !self.get("aws_session_token").trim().is_empty();
        hint_row(
            ui,
            match (legacy, both) {
                (_, true) => Some(
                    "Kept as aws_security_token, which the AWS tools read before the aws_session_token this profile also has",
                ),
                (true, false) => Some(
                    "Kept under its older name, aws_security_token, which the AWS tools still read",
                ),
                _ => None,
            },
        );
        error_row(ui, self.errors.get(token_key));
        self.edit_field(token_key, token, row.response.changed(), out);
    }
}
