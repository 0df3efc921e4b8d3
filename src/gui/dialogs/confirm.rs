//! Confirmations: delete a profile, revert unsaved edits, reload over unsaved edits.

use super::super::app::KeyshelfApp;
use super::Outcome;

/// A modal with a question and two buttons; `Some(true)` when confirmed, `Some(false)` when
/// cancelled (also by Escape or a click outside).
pub(super) fn confirm(
    ctx: &egui::Context,
    id: &str,
    title: &str,
    text: &str,
    yes: &str,
) -> Option<bool> {
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_max_width(440.0);
        ui.heading(title);
        ui.add_space(6.0);
        ui.label(text);
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button(yes).clicked() {
                return Some(true);
            }
            if ui.button("Cancel").clicked() {
                return Some(false);
            }
            None
        })
        .inner
    });
    if modal.should_close() {
        Some(false)
    } else {
        modal.inner
    }
}

impl KeyshelfApp {
    pub(super) fn confirm_delete(&mut self, ctx: &egui::Context, name: &str) -> Outcome {
        let in_keychain = self
            .workspace
            .as_ref()
            .is_some_and(|w| crate::keychain::served_item(w, name).is_some());
        let keychain = if in_keychain {
            " Its keys are removed from the keychain too, unless another profile uses them."
        } else {
            ""
        };
        let text = format!(
            "This removes “{name}” from both files when you save. A backup of each file is kept in the keyshelf-backups folder beside it.{keychain}"
        );
        match confirm(
            ctx,
            "confirm-delete",
            &format!("Delete profile “{name}”?"),
            &text,
            "Delete profile",
        ) {
            Some(true) => {
                if let Err(err) = self.delete_profile(name) {
                    self.show_error(err.to_string());
                }
                Outcome::Close
            }
            Some(false) => Outcome::Close,
            None => Outcome::Keep,
        }
    }

    pub(super) fn confirm_revert(&mut self, ctx: &egui::Context) -> Outcome {
        let text = "Your unsaved changes will be lost and the files read again from disk.";
        match confirm(
            ctx,
            "confirm-revert",
            "Drop unsaved changes?",
            text,
            "Drop changes",
        ) {
            Some(true) => {
                self.revert();
                Outcome::Close
            }
            Some(false) => Outcome::Close,
            None => Outcome::Keep,
        }
    }

    pub(super) fn confirm_reload(&mut self, ctx: &egui::Context) -> Outcome {
        let text = "Reloading reads the files as the other program left them. Your unsaved changes in keyshelf will be lost.";
        match confirm(
            ctx,
            "confirm-reload",
            "Reload and drop your changes?",
            text,
            "Reload",
        ) {
            Some(true) => {
                self.load();
                self.notice = Some("Reloaded the files from disk.".into());
                Outcome::Close
            }
            Some(false) => Outcome::Close,
            None => Outcome::Keep,
        }
    }
}
