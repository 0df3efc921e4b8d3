//! Confirmations: delete a profile, revert unsaved edits, reload over unsaved edits, delete an
//! old access key, and the keychain's Secure all / Restore all (worded in `keychain.rs`).

use super::super::intent::{Intent, Reply, View};
use crate::gui::intent::KeychainRequest;

/// What is to be confirmed.
pub enum Confirm {
    Delete(String),
    Revert,
    Reload,
    /// "Secure all", for this many profiles with plaintext keys, and whether to install first
    /// (asked in the dialog when keyshelf runs from a temporary place).
    SecureAll(usize, bool),
    RestoreAll(usize),
    /// Delete a plaintext copy of keys the Health page found (a console CSV).
    DeleteCopy(std::path::PathBuf),
    /// Save although edited profiles have these problems ("profile: problem").
    SaveWithProblems(Vec<String>),
    /// Delete an old access key in IAM, for good.
    DeleteOldKey {
        profile: String,
        key: String,
    },
}

impl Confirm {
    pub fn show(&mut self, ctx: &egui::Context, view: View<'_>) -> Reply {
        let (id, title, text, yes) = self.words(view);
        let yes = Answer {
            words: yes,
            destructive: self.destructive(),
        };
        let install = match self {
            Confirm::SecureAll(_, install) if view.offer_install => Some(install),
            _ => None,
        };
        match confirm(ctx, id, &title, &text, yes, install) {
            Some(true) => Reply::Do(self.intent(view)),
            Some(false) => Reply::Close,
            None => Reply::Keep,
        }
    }

    /// The modal's id, title, text and the confirming button's label.
    fn words(&self, view: View<'_>) -> (&'static str, String, String, &'static str) {
        match self {
            Confirm::Delete(name) => {
                let in_keychain = view
                    .workspace
                    .is_some_and(|w| crate::keychain::served_item(w, name).is_some());
                let keychain = if in_keychain {
                    " Its keys are removed from the keychain too, unless another profile uses them."
                } else {
                    ""
                };
                (
                    "confirm-delete",
                    format!("Delete profile “{name}”?"),
                    format!(
                        "This removes “{name}” from both files when you save. A backup of each file is kept in the keyshelf-backups folder beside it.{keychain}"
                    ),
                    "Delete profile",
                )
            }
            Confirm::Revert => (
                "confirm-revert",
                "Drop unsaved changes?".into(),
                "Your unsaved changes will be lost and the files read again from disk.".into(),
                "Drop changes",
            ),
            Confirm::Reload => (
                "confirm-reload",
                "Reload and drop your changes?".into(),
                "Reloading reads the files as the other program left them. Your unsaved changes in keyshelf will be lost.".into(),
                "Reload",
            ),
            Confirm::SecureAll(count, _) => {
                let (title, text) = super::keychain::secure_all_text(*count);
                ("confirm-secure-all", title, text, "Secure all")
            }
            Confirm::RestoreAll(count) => {
                let (title, text) = super::keychain::restore_all_text(*count);
                ("confirm-restore-all", title, text, "Restore all keys")
            }
            Confirm::DeleteCopy(path) => (
                "confirm-delete-copy",
                "Delete this file?".into(),
                format!(
                    "{} holds a secret key in plain text. keyshelf overwrites it and deletes it; it does not go to the trash. Import it first if you still need the key.",
                    path.display()
                ),
                "Delete file",
            ),
            Confirm::DeleteOldKey { key, .. } => (
                "confirm-delete-old-key",
                format!("Delete the old key {key}?"),
                "AWS deletes it for good: it cannot be turned back on. It is inactive now, so anything that still used it already fails; keep it while you are not sure.".into(),
                "Delete key",
            ),
            Confirm::SaveWithProblems(problems) => (
                "confirm-save-problems",
                "Save anyway?".into(),
                format!(
                    "The AWS tools will reject or misread what you changed:\n• {}\nSave anyway, or cancel and correct it.",
                    problems.join("\n• ")
                ),
                "Save anyway",
            ),
        }
    }

    /// Whether confirming loses something for good (a profile, a key, unsaved edits) or puts
    /// keys back in plain text: its button is in the error colour, and Enter does not press
    /// it.
    fn destructive(&self) -> bool {
        match self {
            Confirm::Delete(_)
            | Confirm::Revert
            | Confirm::Reload
            | Confirm::RestoreAll(_)
            | Confirm::DeleteCopy(_)
            | Confirm::DeleteOldKey { .. } => true,
            Confirm::SecureAll(..) | Confirm::SaveWithProblems(_) => false,
        }
    }

    /// What confirming asks for.
    fn intent(&self, view: View<'_>) -> Intent {
        match self {
            Confirm::Delete(name) => Intent::Delete(name.clone()),
            Confirm::Revert => Intent::Revert,
            Confirm::Reload => Intent::Reload,
            Confirm::SecureAll(_, install) => super::install_first::with_install_choice(
                KeychainRequest::SecureAll,
                view.offer_install,
                *install,
            ),
            Confirm::RestoreAll(_) => Intent::Keychain(KeychainRequest::RestoreAll),
            Confirm::SaveWithProblems(_) => Intent::SaveAnyway,
            Confirm::DeleteOldKey { profile, key } => Intent::DeleteOldKey {
                profile: profile.clone(),
                key: key.clone(),
            },
            Confirm::DeleteCopy(path) => {
                Intent::FixFile(crate::doctor::Action::DeleteFile { path: path.clone() })
            }
        }
    }
}

/// The confirming button: its words, and whether what it does cannot be undone.
struct Answer<'a> {
    words: &'a str,
    destructive: bool,
}

/// A modal with a question and two buttons; `Some(true)` when confirmed (also by Enter, unless
/// the answer is destructive: a key pressed out of habit must not delete anything),
/// `Some(false)` when cancelled (also by Escape). A click outside does nothing: a stray click
/// must not answer a question.
fn confirm(
    ctx: &egui::Context,
    id: &str,
    title: &str,
    text: &str,
    yes: Answer<'_>,
    install: Option<&mut bool>,
) -> Option<bool> {
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        super::fit_width(ui, 440.0);
        crate::gui::widgets::dialog_title(ui, title);
        ui.add_space(6.0);
        // A long list (Save anyway's problems) scrolls; the buttons stay in sight.
        super::scroll_body(ui, "confirm-body", super::TITLE_AND_BUTTONS, |ui| {
            ui.label(text);
            if let Some(install) = install {
                super::install_first::install_choice(ui, install);
            }
        });
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            let words = egui::RichText::new(yes.words);
            let button = match yes.destructive {
                // As Delete in the More menu: the error colour says it cannot be undone.
                true => egui::Button::new(words.color(ui.visuals().error_fg_color)),
                false => egui::Button::new(words),
            };
            if ui.add(button).clicked() {
                return Some(true);
            }
            if ui.button("Cancel").clicked() {
                return Some(false);
            }
            None
        })
        .inner
    });
    let enter = !yes.destructive && super::enter_pressed(ctx);
    if super::escape_pressed(ctx) {
        Some(false)
    } else if enter {
        Some(true)
    } else {
        modal.inner
    }
}
