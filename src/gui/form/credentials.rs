//! Credentials: access key ID, secret access key and session token, the secrets masked.

use super::super::intent::Intent;
use super::super::widgets::{error_row, field_row, form_grid, hint_row, secret_row};
use super::defaults::table;
use super::{Form, FormView};
use crate::aws::SecretLocation;

impl Form {
    pub(super) fn credentials_group(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        out: &mut Vec<Intent>,
    ) {
        egui::CollapsingHeader::new("Credentials")
            .default_open(true)
            .show(ui, |ui| {
                let in_keychain = view
                    .profiles
                    .iter()
                    .any(|p| p.name == self.profile && p.secret == SecretLocation::Keychain);
                if in_keychain && self.get("aws_access_key_id").is_empty() {
                    ui.label(
                        "The keys are in the system keychain. Restore them to the file to see or edit them here.",
                    );
                    return;
                }
                form_grid(ui, "credentials", |ui| {
                    let field = table("aws_access_key_id");
                    let mut key_id = self.get(field.key);
                    let changed = field_row(ui, field, &mut key_id).changed();
                    // botocore reads the legacy `aws_security_token` before `aws_session_token`:
                    // the field shows and edits the one in use.
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
                    let changed =
                        secret_row(ui, field.label, &mut secret, &mut reveal, "secret")
                            .changed();
                    self.reveal_secret = reveal;
                    let hint = field.hint(&secret, &self.check_context(view));
                    hint_row(ui, hint.map(|h| h.message).as_deref());
                    error_row(ui, self.errors.get("aws_secret_access_key"));
                    self.edit_field("aws_secret_access_key", secret, changed, out);

                    let mut token = self.get(token_key);
                    let mut reveal = self.reveal_token;
                    let field = table("aws_session_token");
                    let changed =
                        secret_row(ui, field.label, &mut token, &mut reveal, "token")
                            .changed();
                    self.reveal_token = reveal;
                    let both = legacy && !self.get("aws_session_token").trim().is_empty();
                    hint_row(
                        ui,
                        match (legacy, both) {
                            (_, true) => Some("Kept as aws_security_token, which the AWS tools read before the aws_session_token this profile also has"),
                            (true, false) => Some("Kept under its older name, aws_security_token, which the AWS tools still read"),
                            _ => None,
                        },
                    );
                    error_row(ui, self.errors.get(token_key));
                    self.edit_field(token_key, token, changed, out);
                });
            });
    }
}
