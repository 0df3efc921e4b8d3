//! Before keys are secured from a program in a temporary place: the
//! `credential_process` lines would run that copy, and break when it is moved or cleaned up.
//! Offers to install first, then carries on with the task.

use std::path::PathBuf;

use super::super::intent::{Intent, Reply};
use crate::gui::intent::KeychainRequest;

pub struct InstallFirst {
    /// The keychain task to run afterwards; taken when answered.
    pub task: Option<KeychainRequest>,
    /// Where keyshelf runs from now.
    pub program: PathBuf,
}

enum Answer {
    Install,
    FromHere,
    Cancel,
}

impl InstallFirst {
    pub fn show(&mut self, ctx: &egui::Context) -> Reply {
        let modal = egui::Modal::new(egui::Id::unique("install-first")).show(ctx, |ui| {
            super::fit_width(ui, 480.0);
            crate::gui::widgets::dialog_title(ui, "Install keyshelf first?");
            ui.add_space(6.0);
            super::scroll_body(ui, "install-first-body", super::TITLE_AND_BUTTONS, |ui| {
            ui.label(format!(
                "keyshelf is running from {}, a place that is often cleaned up or moved. The AWS tools will run keyshelf from where it is when your keys are secured; if it is gone later, they stop working.",
                self.program.display()
            ));
            ui.label("Installing copies keyshelf to your own programs folder and adds it to the applications menu. It takes a moment.");
            });
            ui.add_space(10.0);
            ui.horizontal_wrapped(|ui| {
                if ui.button("Install, then continue").clicked() {
                    return Some(Answer::Install);
                }
                if ui.button("Continue without installing").clicked() {
                    return Some(Answer::FromHere);
                }
                if ui.button("Cancel").clicked() {
                    return Some(Answer::Cancel);
                }
                None
            })
            .inner
        });
        let enter = super::enter_pressed(ctx);
        let answer = match modal.inner {
            Some(answer) => answer,
            None if super::escape_pressed(ctx) => Answer::Cancel,
            None if enter => Answer::Install,
            None => return Reply::Keep,
        };
        let Some(task) = self.task.take() else {
            return Reply::Close;
        };
        match answer {
            Answer::Install => Reply::Do(Intent::Install { then: Some(task) }),
            Answer::FromHere => Reply::Do(Intent::KeychainFromHere(task)),
            Answer::Cancel => Reply::Close,
        }
    }
}

/// Inside a dialog that starts a keychain action from a temporary place: whether to install
/// first, ticked by default, said where the person decides (not in a second dialog afterwards).
pub fn install_choice(ui: &mut egui::Ui, install_first: &mut bool) {
    ui.add_space(6.0);
    ui.checkbox(install_first, "Install keyshelf first (recommended)")
        .on_hover_text("keyshelf runs from a place that is often cleaned up or moved; the AWS tools run it to reach your keys, and stop working if it is gone");
    ui.label(
        egui::RichText::new(
            "It copies keyshelf to your own programs folder, so the AWS tools can always reach it.",
        )
        .small(),
    );
}

/// What a dialog's confirmed keychain action becomes, with the install choice it showed.
pub fn with_install_choice(request: KeychainRequest, offered: bool, install_first: bool) -> Intent {
    match (offered, install_first) {
        (false, _) => Intent::Keychain(request),
        (true, true) => Intent::Install {
            then: Some(request),
        },
        (true, false) => Intent::KeychainFromHere(request),
    }
}
