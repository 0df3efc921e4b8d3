//! The keychain dialogs: the confirmation before "Secure all" and the summary after it.

use super::super::app::KeyshelfApp;
use super::Outcome;
use super::confirm::confirm;
use crate::task::Task;

impl KeyshelfApp {
    pub(super) fn confirm_secure_all(&mut self, ctx: &egui::Context, count: usize) -> Outcome {
        let profiles = if count == 1 {
            "1 profile".to_owned()
        } else {
            format!("{count} profiles")
        };
        let text = format!(
            "keyshelf will move the access keys of {profiles} out of the plaintext credentials file into your system keychain, and set each profile to fetch them through keyshelf so the AWS CLI and SDKs keep working. Each move is checked before anything is removed. Once a move is done, its keys are also removed from the earlier copies of your files in keyshelf-backups, so no file keeps them; Restore puts the keys back at any time."
        );
        match confirm(
            ctx,
            "confirm-secure-all",
            "Move every plaintext key to the keychain?",
            &text,
            "Secure all",
        ) {
            Some(true) => {
                self.start_keychain(Task::MigrateAll);
                Outcome::Close
            }
            Some(false) => Outcome::Close,
            None => Outcome::Keep,
        }
    }

    pub(super) fn confirm_restore_all(&mut self, ctx: &egui::Context, count: usize) -> Outcome {
        let text = format!(
            "keyshelf will write the keys of {count} profile(s) back into the plaintext credentials file and delete them from the keychain. Anyone who can read your files can then read the keys."
        );
        match confirm(
            ctx,
            "confirm-restore-all",
            "Put every key back into the credentials file?",
            &text,
            "Restore all keys",
        ) {
            Some(true) => {
                self.start_keychain(Task::RestoreAll);
                Outcome::Close
            }
            Some(false) => Outcome::Close,
            None => Outcome::Keep,
        }
    }
}

/// What "Secure all" or "Restore all" did, profile by profile.
pub fn summary_dialog(ctx: &egui::Context, lines: &[String]) -> Outcome {
    let modal = egui::Modal::new(egui::Id::unique("keychain-summary")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Keychain");
        ui.add_space(6.0);
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for line in lines {
                    ui.label(line);
                }
            });
        ui.add_space(10.0);
        ui.button("OK").clicked()
    });
    if modal.inner || modal.should_close() {
        Outcome::Close
    } else {
        Outcome::Keep
    }
}
