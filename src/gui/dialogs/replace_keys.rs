//! Replace keys of a keychain profile: the new access key ID and secret go
//! straight to the keychain, never through the plaintext file. The secret is masked while
//! typed and wiped from memory when the dialog goes.

use zeroize::Zeroize;

use super::super::intent::{Intent, KeychainRequest, Reply};
use crate::aws::validate;
use crate::keychain::StoredKeys;
use crate::secret::Secret;

pub struct ReplaceKeys {
    pub profile: String,
    pub key_id: String,
    pub secret: String,
}

impl Drop for ReplaceKeys {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

impl ReplaceKeys {
    pub fn new(profile: &str) -> ReplaceKeys {
        ReplaceKeys {
            profile: profile.to_owned(),
            key_id: String::new(),
            secret: String::new(),
        }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Reply {
        let title = format!("New keys for “{}”", self.profile);
        let (key_id, secret) = (&mut self.key_id, &mut self.secret);
        let modal = egui::Modal::new(egui::Id::unique("replace-keys")).show(ctx, |ui| {
            super::fit_width(ui, 480.0);
            crate::gui::widgets::dialog_title(ui, &title);
            ui.add_space(6.0);
            super::scroll_body(ui, "replace-keys-body", super::TITLE_AND_BUTTONS, |ui| {
            ui.label("Make a new access key in the AWS console (IAM, your user, Security credentials), then paste it here. It goes straight into the keychain; the old key stays valid in AWS until you deactivate it there.");
            ui.add_space(6.0);
            let width = ui.available_width().min(360.0);
            let label = ui.label("New access key ID").id;
            ui.add(egui::TextEdit::singleline(key_id).desired_width(width).hint_text("AKIA…"))
                .labelled_by(label);
            let hint = validate::access_key_id(key_id.trim(), false).map(|h| h.message);
            let label = ui.label("New secret access key").id;
            ui.add(egui::TextEdit::singleline(secret).password(true).desired_width(width))
                .labelled_by(label);
            let secret_hint = validate::secret_access_key(secret.trim()).map(|h| h.message);
            for hint in [hint, secret_hint].into_iter().flatten() {
                if !key_id.is_empty() || !secret.is_empty() {
                    ui.label(egui::RichText::new(format!("⚠ {hint}")).color(ui.visuals().warn_fg_color));
                }
            }
            });
            ui.add_space(10.0);
            let ready = !key_id.trim().is_empty() && !secret.trim().is_empty();
            super::answer_row(ui, "Replace keys", ready)
        });
        let (go, cancel) = modal.inner;
        if cancel || super::escape_pressed(ctx) {
            return Reply::Close;
        }
        if !go {
            return Reply::Keep;
        }
        let keys = StoredKeys {
            access_key_id: self.key_id.trim().to_owned(),
            secret_access_key: Secret::new(self.secret.trim()),
            session_token: None,
        };
        Reply::Do(Intent::Keychain(KeychainRequest::ReplaceKeys {
            profile: self.profile.clone(),
            keys: Box::new(keys),
        }))
    }
}
