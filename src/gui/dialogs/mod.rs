//! Modal dialogs. One is open at a time; each is its own file.

mod confirm;
mod error;
mod import_preview;
mod keychain;
mod name_dialog;
mod new_profile;
mod unsaved;

use super::app::KeyshelfApp;
use crate::aws::Kind;

pub use import_preview::{Choice, ImportPreview, PreviewRow};
pub use name_dialog::NameAction;

/// The open dialog and its state.
pub enum Dialog {
    NewProfile {
        name: String,
        kind: Kind,
        error: Option<String>,
    },
    Name {
        action: NameAction,
        source: String,
        name: String,
        error: Option<String>,
    },
    ConfirmDelete(String),
    ConfirmRevert,
    ConfirmReload,
    UnsavedOnClose,
    /// "Secure all", for this many profiles with plaintext keys.
    ConfirmSecureAll(usize),
    ConfirmRestoreAll(usize),
    Summary(Vec<String>),
    ImportPreview(Box<ImportPreview>),
    Error(String),
}

impl Dialog {
    pub fn new_profile() -> Dialog {
        Dialog::NewProfile {
            name: String::new(),
            kind: Kind::StaticKeys,
            error: None,
        }
    }

    pub fn rename(source: &str) -> Dialog {
        Dialog::Name {
            action: NameAction::Rename,
            source: source.to_owned(),
            name: source.to_owned(),
            error: None,
        }
    }

    pub fn duplicate(source: &str) -> Dialog {
        Dialog::Name {
            action: NameAction::Duplicate,
            source: source.to_owned(),
            name: format!("{source}-copy"),
            error: None,
        }
    }
}

/// What a dialog asks the app to do once it has been drawn.
pub enum Outcome {
    Keep,
    Close,
}

impl KeyshelfApp {
    pub(super) fn dialogs(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let outcome = match &mut dialog {
            Dialog::NewProfile { name, kind, error } => {
                self.new_profile_dialog(ctx, name, kind, error)
            }
            Dialog::Name {
                action,
                source,
                name,
                error,
            } => self.name_dialog(ctx, *action, source, name, error),
            Dialog::ConfirmDelete(name) => self.confirm_delete(ctx, &name.clone()),
            Dialog::ConfirmRevert => self.confirm_revert(ctx),
            Dialog::ConfirmReload => self.confirm_reload(ctx),
            Dialog::UnsavedOnClose => self.unsaved_dialog(ctx),
            Dialog::ConfirmSecureAll(count) => self.confirm_secure_all(ctx, *count),
            Dialog::ConfirmRestoreAll(count) => self.confirm_restore_all(ctx, *count),
            Dialog::Summary(lines) => keychain::summary_dialog(ctx, lines),
            Dialog::ImportPreview(preview) => self.import_preview(ctx, preview),
            Dialog::Error(message) => error::error_dialog(ctx, message),
        };
        // A dialog may have opened another one (an error, say): that one wins.
        if matches!(outcome, Outcome::Keep) && self.dialog.is_none() {
            self.dialog = Some(dialog);
        }
    }
}
