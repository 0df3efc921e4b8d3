//! Modal dialogs. One is open at a time; each is its own file, owns its state, draws from
//! read-only inputs ([`View`]) and returns a [`Reply`]: the app applies what it asks for.
//! No dialog knows the app.

mod about;
mod confirm;
mod error;
mod import_preview;
mod import_rows;
mod install_first;
mod keychain;
mod mfa_code;
mod name_dialog;
mod new_profile;
mod replace_keys;
mod rotate;
mod sso_sign_in;
#[cfg(test)]
mod sso_tests;
#[cfg(test)]
mod tests;
mod unsaved;

use super::intent::{Reply, View};

pub use about::About;
pub use confirm::Confirm;
pub use import_preview::{ImportPreview, PreviewRow};
pub use install_first::InstallFirst;
pub use mfa_code::{MfaCode, MfaPurpose};
pub use name_dialog::NameDialog;
pub use new_profile::NewProfile;
pub use replace_keys::ReplaceKeys;
pub use rotate::RotateDialog;
pub use sso_sign_in::{SsoSignIn, SsoStep};

/// The open dialog and its state.
pub enum Dialog {
    NewProfile(NewProfile),
    Name(NameDialog),
    Confirm(Confirm),
    UnsavedOnClose,
    Summary(Vec<String>),
    ImportPreview(Box<ImportPreview>),
    InstallFirst(InstallFirst),
    ReplaceKeys(ReplaceKeys),
    MfaCode(MfaCode),
    Rotate(RotateDialog),
    /// A message in plain words, and what the system said (folded under Details).
    Error(String, Option<String>),
    About(About),
    SsoSignIn(SsoSignIn),
}

impl Dialog {
    pub fn new_profile() -> Dialog {
        Dialog::NewProfile(NewProfile::new())
    }

    pub fn rename(source: &str) -> Dialog {
        Dialog::Name(NameDialog::rename(source))
    }

    pub fn duplicate(source: &str) -> Dialog {
        Dialog::Name(NameDialog::duplicate(source))
    }

    /// Draws the dialog for one frame.
    pub fn show(&mut self, ctx: &egui::Context, view: View<'_>) -> Reply {
        match self {
            Dialog::NewProfile(dialog) => dialog.show(ctx, view),
            Dialog::Name(dialog) => dialog.show(ctx, view),
            Dialog::Confirm(dialog) => dialog.show(ctx, view),
            Dialog::UnsavedOnClose => unsaved::unsaved_dialog(ctx),
            Dialog::Summary(lines) => keychain::summary_dialog(ctx, lines),
            Dialog::ImportPreview(preview) => preview.show(ctx, view),
            Dialog::InstallFirst(dialog) => dialog.show(ctx),
            Dialog::ReplaceKeys(dialog) => dialog.show(ctx),
            Dialog::MfaCode(dialog) => dialog.show(ctx),
            Dialog::Rotate(dialog) => dialog.show(ctx),
            Dialog::Error(message, details) => error::error_dialog(ctx, message, details.clone()),
            Dialog::About(dialog) => dialog.show(ctx),
            Dialog::SsoSignIn(dialog) => dialog.show(ctx),
        }
    }

    /// Shows why what the dialog asked for could not be done; it stays open to try again.
    /// Returns false for dialogs that cannot show an error (the app shows it instead).
    pub fn set_error(&mut self, message: String) -> bool {
        match self {
            Dialog::NewProfile(dialog) => dialog.error = Some(message),
            Dialog::Name(dialog) => dialog.error = Some(message),
            Dialog::ImportPreview(preview) => preview.error = Some(message),
            Dialog::SsoSignIn(dialog) => dialog.error = Some(message),
            Dialog::Confirm(_)
            | Dialog::UnsavedOnClose
            | Dialog::Summary(_)
            | Dialog::InstallFirst(_)
            | Dialog::ReplaceKeys(_)
            | Dialog::MfaCode(_)
            | Dialog::Rotate(_)
            | Dialog::Error(..)
            | Dialog::About(_) => {
                return false;
            }
        }
        true
    }
}

/// Room kept between a dialog's frame and the window's edges.
const EDGE: f32 = 16.0;

/// What a dialog's title, answer row and frame take of the window's height, with room at
/// the edges: the rest is its body's.
pub(super) const TITLE_AND_BUTTONS: f32 = 150.0;

/// Caps the dialog's width at `wanted`, and at the window's width less its frame and the
/// edges: a dialog is never wider than the window, whatever its text.
pub(super) fn fit_width(ui: &mut egui::Ui, wanted: f32) {
    let room = ui.ctx().content_rect().width() - 2.0 * EDGE - 16.0;
    ui.set_max_width(wanted.min(room));
}

/// A dialog's body, between its title and its answer row, in a scroll area no taller than
/// the window leaves once `reserved` is set aside (the title, the buttons and anything else
/// drawn outside it): in a small window the body scrolls and the buttons stay in sight.
pub(super) fn scroll_body<R>(
    ui: &mut egui::Ui,
    id: &str,
    reserved: f32,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let room = (ui.ctx().content_rect().height() - reserved).max(60.0);
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(room)
        .show(ui, add)
        .inner
}

/// Whether Escape was pressed this frame: the only way besides Cancel to close a dialog that
/// asks something. egui's `should_close` also counts a click outside, which would drop what
/// the user typed or answer a question by accident.
pub(super) fn escape_pressed(ctx: &egui::Context) -> bool {
    ctx.input(|i| i.key_pressed(egui::Key::Escape))
}

/// Whether Enter was pressed this frame: it submits every dialog.
pub(super) fn enter_pressed(ctx: &egui::Context) -> bool {
    ctx.input(|i| i.key_pressed(egui::Key::Enter))
}

/// The answer row of a dialog that asks for something: the action's button, which Enter also
/// presses once the dialog is `ready`, and Cancel. Returns `(go, cancel)`.
pub(super) fn answer_row(ui: &mut egui::Ui, action: &str, ready: bool) -> (bool, bool) {
    let enter = ready && ui.input(|i| i.key_pressed(egui::Key::Enter));
    ui.horizontal(|ui| {
        let go = ui.add_enabled(ready, egui::Button::new(action)).clicked() || enter;
        let cancel = ui.button("Cancel").clicked();
        (go, cancel)
    })
    .inner
}
