//! A program path that stays valid, the app's side: the offer to install when
//! keyshelf runs from a temporary place, the same offer before keys are secured from there, and
//! "Repair all" for profiles whose keyshelf is gone. The copying runs off the UI thread.

use egui::RichText;

use super::app::KeyshelfApp;
use super::dialogs::{Dialog, InstallFirst};
use super::intent::Intent;
use super::intent::KeychainRequest;
use crate::action::{InstallActionError, InstalledAndRepointed};
use crate::install::is_temporary_place;

impl KeyshelfApp {
    /// Whether to offer installing: this keyshelf runs from a temporary place and the user has
    /// not said "Not now".
    pub(super) fn should_offer_install(&self) -> bool {
        self.install.offer && !self.install.declined && self.install.in_temporary_place
    }

    /// Whether this keyshelf runs from a temporary place and is not the installed copy: worked
    /// out once (it reads the disk), at start and after an install.
    pub(super) fn find_temporary_place(&mut self) {
        let program = self.outside.program.clone();
        self.jobs.run(
            move |_| {
                is_temporary_place(&program)
                    // Installed, even somewhere odd (a home folder under /tmp): nothing to offer.
                    && crate::install::installed_program().as_deref() != Some(program.as_path())
            },
            |app, temporary| app.install.in_temporary_place = temporary,
        );
    }

    /// A keychain action whose dialog already asked whether to install first (`Some`), or that
    /// asks now, before it starts (`None`).
    pub(super) fn start_keychain_as(
        &mut self,
        request: KeychainRequest,
        install_first: Option<bool>,
    ) {
        match install_first {
            Some(true) if self.should_offer_install() => self.install(Some(request)),
            Some(false) => {
                self.install.declined = true;
                self.start_keychain(request);
            }
            _ => self.start_keychain(request),
        }
    }

    /// Keys secured from a temporary place would be served by it: ask first.
    pub(super) fn install_before(&mut self, request: KeychainRequest) -> Option<KeychainRequest> {
        if request.serves_from_here() && self.should_offer_install() && !self.install.running {
            self.dialog = Some(Dialog::InstallFirst(InstallFirst {
                task: Some(request),
                program: self.outside.program.clone(),
            }));
            return None;
        }
        Some(request)
    }

    /// Installs in the usual per-user place, off the UI thread, and points the served profiles
    /// at the copy (saved in the same job, unless unsaved edits are waiting); then `then` runs.
    pub(super) fn install(&mut self, then: Option<KeychainRequest>) {
        if self.install.running || self.save.saving {
            return;
        }
        self.install.running = true;
        self.notice = Some("Installing keyshelf…".into());
        // Unsaved edits must not be saved unasked: then the profiles are pointed at the copy
        // by Repair all once they are saved.
        let workspace = self.workspace.clone().filter(|_| !self.dirty);
        self.jobs.run(
            move |_| {
                let mut workspace = workspace;
                let result = crate::install::Places::new(None)
                    .map_err(InstallActionError::from)
                    .and_then(|places| {
                        crate::action::install_and_repoint(&places, workspace.as_mut())
                    });
                (result, workspace)
            },
            move |app, (result, workspace)| app.finish_install(result, workspace, then),
        );
    }

    /// The install ended: use the installed copy from now on, then run what waited for it.
    fn finish_install(
        &mut self,
        result: Result<InstalledAndRepointed, InstallActionError>,
        workspace: Option<crate::files::Workspace>,
        then: Option<KeychainRequest>,
    ) {
        self.install.running = false;
        let done = match result {
            Ok(done) => done,
            Err(InstallActionError::Install(why)) => {
                self.show_error_with(
                    format!("keyshelf could not be installed: {why}. Nothing was changed."),
                    crate::fault::Fault::details(&why),
                );
                return;
            }
            Err(err) => {
                self.show_fault(&err);
                return;
            }
        };
        self.outside.program = done.installed.places.program.clone();
        self.install.declined = true;
        self.install.in_temporary_place = false;
        if let (Some(workspace), Some(report)) = (workspace, &done.report) {
            self.take_saved(workspace, Some(report));
        }
        let menu = match done.installed.places.share {
            Some(_) => "; it is in your applications menu",
            None => "",
        };
        let repointed = match done.repointed.len() {
            0 => String::new(),
            n => format!(
                " {} now {} it.",
                crate::words::plural(n, "profile", "profiles"),
                if n == 1 { "runs" } else { "run" }
            ),
        };
        self.notice = Some(format!(
            "Installed keyshelf as {}{menu}.{repointed}",
            self.outside.program.display()
        ));
        self.find_broken_paths();
        if let Some(request) = then {
            self.start_keychain(request);
        }
    }

    /// "Repair all": the profiles whose keyshelf is gone (as the last look over the files found,
    /// off the UI thread) point at this one, saved in one step.
    pub(super) fn repair_all(&mut self) {
        if self.dirty || self.save.saving {
            self.show_error("Save or revert your changes first, then repair.".into());
            return;
        }
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        let broken = self.model.broken_paths.clone();
        for name in &broken {
            if let Err(err) =
                crate::keychain::repair_program_path(workspace, &self.outside.program, name)
            {
                // Nothing is saved: the edits made so far are dropped with a fresh read.
                self.show_fault(&err);
                self.load();
                return;
            }
        }
        if broken.is_empty() {
            return;
        }
        self.dirty = true;
        self.refresh();
        self.notice = Some(format!(
            "{} now {} {}.",
            crate::doctor::plural(broken.len(), "profile", "profiles"),
            if broken.len() == 1 { "runs" } else { "run" },
            self.outside.program.display()
        ));
        self.save();
    }

    /// The banner over the profile page: profiles whose keyshelf is gone, else the offer to
    /// install.
    pub(super) fn program_banner(&mut self, ui: &mut egui::Ui) {
        let broken = self.model.broken_paths.len();
        if broken > 0 {
            let color = ui.visuals().error_fg_color;
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!(
                    "{} {} a keyshelf program that no longer exists, so the AWS tools fail for {}.",
                    crate::doctor::plural(broken, "profile", "profiles"),
                    if broken == 1 { "runs" } else { "run" },
                    if broken == 1 { "it" } else { "them" },
                )).color(color));
                if ui
                    .add_enabled(
                        !self.dirty && !self.save.saving,
                        egui::Button::new("Repair all"),
                    )
                    .on_hover_text(format!(
                        "Point them at {} and save",
                        self.outside.program.display()
                    ))
                    .on_disabled_hover_text("Save or revert your changes first")
                    .clicked()
                {
                    self.ask(Intent::RepairAll);
                }
            });
            ui.separator();
        } else if self.should_offer_install() {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "keyshelf is running from {}, which may be moved or cleaned up. Install it so the AWS tools can always reach it.",
                    self.outside.program.display()
                ));
                if ui.add_enabled(!self.install.running, egui::Button::new("Install keyshelf")).clicked() {
                    self.ask(Intent::Install { then: None });
                }
                if ui.button("Not now").clicked() {
                    self.ask(Intent::NotNowInstall);
                }
            });
            ui.separator();
        }
    }

    /// For tests: offer to install as the real app does (tests run from a temporary folder).
    pub fn set_install_offer(&mut self, offer: bool) {
        self.install.offer = offer;
        self.find_temporary_place();
    }

    /// Opens addresses with `browser` instead of the desktop's (tests give a scripted one).
    pub fn set_browser(&mut self, browser: super::state::Browser) {
        self.outside.browser = browser;
    }

    /// The program `credential_process` lines run, for tests.
    pub fn program(&self) -> &std::path::Path {
        &self.outside.program
    }
}
