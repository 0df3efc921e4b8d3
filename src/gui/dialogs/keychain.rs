//! The keychain dialogs' words: the confirmation before "Secure all" and "Restore all" (shown by
//! `confirm.rs`), and the summary after them.

use super::super::intent::Reply;

/// The title and text of the confirmation before "Secure all" for `count` profiles.
pub fn secure_all_text(count: usize) -> (String, String) {
    let profiles = if count == 1 {
        "1 profile".to_owned()
    } else {
        format!("{count} profiles")
    };
    (
        "Move every plaintext key to the keychain?".into(),
        format!(
            "keyshelf will move the access keys of {profiles} out of the plaintext credentials file into your system keychain, and set each profile to fetch them through keyshelf so the AWS CLI and SDKs keep working. Each move is checked before anything is removed. Once a move is done, its keys are also removed from the earlier copies of your files in keyshelf-backups, so no file keeps them; Restore puts the keys back at any time."
        ),
    )
}

/// The title and text of the confirmation before "Restore all" for `count` profiles.
pub fn restore_all_text(count: usize) -> (String, String) {
    (
        "Put every key back into the credentials file?".into(),
        format!(
            "keyshelf will write the keys of {} back into the plaintext credentials file and delete them from the keychain. Anyone who can read your files can then read the keys.",
            crate::words::plural(count, "profile", "profiles")
        ),
    )
}

/// What "Secure all" or "Restore all" did, profile by profile.
pub fn summary_dialog(ctx: &egui::Context, lines: &[String]) -> Reply {
    let modal = egui::Modal::new(egui::Id::unique("keychain-summary")).show(ctx, |ui| {
        super::fit_width(ui, 520.0);
        crate::gui::widgets::dialog_title(ui, "Keychain");
        ui.add_space(6.0);
        super::scroll_body(
            ui,
            "keychain-summary-body",
            super::TITLE_AND_BUTTONS,
            |ui| {
                for line in lines {
                    ui.label(line);
                }
            },
        );
        ui.add_space(10.0);
        ui.button("OK").clicked()
    });
    if modal.inner || super::escape_pressed(ctx) || super::enter_pressed(ctx) {
        Reply::Close
    } else {
        Reply::Keep
    }
}
