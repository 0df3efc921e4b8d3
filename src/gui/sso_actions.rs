//! IAM Identity Center (SSO) and the AWS console from the app: each a job off the UI thread
//! running the core action ([`crate::action`]), moving the SSO dialog from step to step.

use std::sync::atomic::Ordering;

use super::app::KeyshelfApp;
use super::dialogs::{Dialog, SsoStep};
use super::sso_words::{after_sign_in, cancelled_words, failed_words};
use crate::action::{self, RolePick, SignInWays};
use crate::sso::{DeviceStep, SsoError};

impl KeyshelfApp {
    /// The SSO dialog, if it is the one open.
    fn sso_dialog(&mut self) -> Option<&mut super::dialogs::SsoSignIn> {
        match &mut self.dialog {
            Some(Dialog::SsoSignIn(dialog)) => Some(dialog),
            _ => None,
        }
    }

    /// Adds (or updates) `[sso-session NAME]`, signs in, and lists the accounts and roles for
    /// the dialog's picker. Refused while edits are unsaved: adding the session saves the file.
    pub(super) fn sso_sign_in(
        &mut self,
        name: String,
        start_url: String,
        region: String,
        export: bool,
        pick: bool,
        for_profile: Option<String>,
    ) -> Result<(), String> {
        if self.dirty {
            return Err("Save or revert your changes first: signing in adds the SSO session to your config file.".into());
        }
        let (Some(workspace), Some(target)) = (self.workspace.clone(), self.aws_target()) else {
            return Err("The files could not be read.".into());
        };
        let mut dialog = super::dialogs::SsoSignIn::again(&name, &start_url, &region);
        dialog.step = SsoStep::Waiting { device: None };
        self.dialog = Some(Dialog::SsoSignIn(dialog));
        self.outside.sso_cancel.store(false, Ordering::Relaxed);
        let (store, browser, cancel) = (
            self.outside.keychain.clone(),
            self.outside.browser.clone(),
            self.outside.sso_cancel.clone(),
        );
        let export_to = self
            .outside
            .home
            .as_ref()
            .map(|home| home.join(".aws"))
            .filter(|_| export);
        let session = name.clone();
        self.jobs.run(
            move |reporter| {
                let mut workspace = workspace;
                let known = workspace.docs.sso_session(&name);
                let unchanged = known.is_some_and(|s| {
                    s.start_url == start_url && s.region == region && !s.scopes.is_empty()
                });
                // Saved at once: whatever happens next, the app takes the files as saved.
                let mut saved = None;
                if !unchanged {
                    if let Err(err) = action::sso_add(&mut workspace, &name, &start_url, &region) {
                        return (None, Err(err));
                    }
                    saved = Some(workspace.clone());
                }
                let mut open = |address: &str| browser(address);
                let mut tell = |step: DeviceStep<'_>| {
                    if let DeviceStep::Confirm(device) = step {
                        let address = device
                            .verification_uri_complete
                            .clone()
                            .unwrap_or_else(|| device.verification_uri.clone());
                        let code = device.user_code.clone();
                        reporter.send(move |app: &mut KeyshelfApp| {
                            if let Some(dialog) = app.sso_dialog() {
                                dialog.step = SsoStep::Waiting {
                                    device: Some((address, code)),
                                };
                            }
                        });
                    }
                };
                let cancelled = || cancel.load(Ordering::Relaxed);
                let how = SignInWays {
                    browser: Some(&mut open),
                    tell: &mut tell,
                    cancelled: &cancelled,
                    export_to: export_to.as_deref(),
                };
                let signed_in = action::sso_login(&workspace, &store, &name, &target, how);
                let done = signed_in
                    .as_ref()
                    .ok()
                    .map(|s| after_sign_in(&workspace, &name, for_profile.as_deref(), &s.exported));
                let result = signed_in.and_then(|_| match pick {
                    true => action::sso_roles(&workspace, &store, &name, &target).map(Some),
                    false => Ok(None),
                });
                (saved, result.map(|roles| (done.unwrap_or_default(), roles)))
            },
            move |app, (saved, result)| {
                app.statuses.forget_sso();
                let added = saved.is_some();
                if let Some(workspace) = saved {
                    app.take_saved(workspace, None);
                }
                match result {
                    Ok(((words, works), None)) => {
                        app.dialog = None;
                        let profile = app.selected.clone().unwrap_or_default();
                        app.tell(&profile, words, works);
                    }
                    Ok((_, Some(roles))) => {
                        if let Some(dialog) = app.sso_dialog() {
                            dialog.error = None;
                            dialog.step = SsoStep::Pick {
                                roles: roles
                                    .into_iter()
                                    .map(|(account, names)| {
                                        (account, names.into_iter().map(|n| (n, true)).collect())
                                    })
                                    .collect(),
                            };
                        }
                    }
                    // The dialog closed on Cancel: said on the page it was started from.
                    Err(SsoError::Cancelled) => {
                        let profile = app.selected.clone().unwrap_or_default();
                        app.tell(&profile, cancelled_words(&session, added), true);
                    }
                    Err(err) => {
                        let text = failed_words(&err);
                        match app.sso_dialog() {
                            Some(dialog) => {
                                dialog.step = SsoStep::Details;
                                dialog.error = Some(text);
                            }
                            None => app.show_fault(&err),
                        }
                    }
                }
            },
        );
        Ok(())
    }

    /// Makes the picked roles' profiles, saved at once.
    pub(super) fn sso_import(&mut self, session: String, picks: Vec<(String, String)>) {
        let (Some(workspace), Some(target)) = (self.workspace.clone(), self.aws_target()) else {
            return;
        };
        let mut dialog = super::dialogs::SsoSignIn::again(&session, "", "");
        dialog.step = SsoStep::Creating;
        self.dialog = Some(Dialog::SsoSignIn(dialog));
        let (store, program) = (self.outside.keychain.clone(), self.outside.program.clone());
        self.jobs.run(
            move |_| {
                let mut workspace = workspace;
                let pick = RolePick::These(picks);
                let made = action::sso_import(
                    &mut workspace,
                    &store,
                    &program,
                    &session,
                    &pick,
                    "",
                    None,
                    &target,
                );
                (workspace, session, made)
            },
            |app, (workspace, session, made)| match made {
                Ok((profiles, report)) => {
                    app.take_saved(workspace, Some(&report));
                    app.dialog = None;
                    if let Some(first) = profiles.first() {
                        app.selected = Some(first.name.clone());
                        app.reload_form();
                        let text = format!(
                            "Made {} from SSO session {session}: the AWS tools get their role credentials through keyshelf, with no token file.",
                            crate::words::plural(profiles.len(), "profile", "profiles")
                        );
                        app.tell(&first.name, text, true);
                    }
                }
                // Nothing was saved (the save is the action's last step): the app's files stay
                // as they were, and the job's copy with its half-made profiles is dropped.
                Err(err) => {
                    drop(workspace);
                    app.dialog = None;
                    app.show_fault(&err);
                }
            },
        );
    }

    /// Signs out of an SSO session: its tokens and its profiles' role credentials leave the
    /// keychain.
    pub(super) fn sso_sign_out(&mut self, session: String) {
        let (Some(workspace), Some(target)) = (self.workspace.clone(), self.aws_target()) else {
            return;
        };
        let (store, selected) = (self.outside.keychain.clone(), self.selected.clone());
        let home = self.outside.home.clone();
        self.jobs.run(
            move |_| {
                let aws_folder = home.map(|home| home.join(".aws"));
                let result =
                    action::sso_logout(&workspace, &store, &session, &target, aws_folder.as_deref());
                (session, result)
            },
            move |app, (session, result)| {
                app.statuses.forget_sso();
                let profile = selected.unwrap_or_default();
                match result {
                    Ok(_) => app.tell(
                        &profile,
                        format!("Signed out of SSO session {session}: its tokens are gone from the keychain."),
                        true,
                    ),
                    Err(err) => app.tell_fault(&profile, &err),
                }
            },
        );
    }

    /// Opens the AWS console signed in as `profile`, in the browser.
    pub(super) fn open_console(&mut self, profile: String) {
        let (Some(workspace), Some(target)) = (self.workspace.clone(), self.aws_target()) else {
            return;
        };
        let (store, browser) = (self.outside.keychain.clone(), self.outside.browser.clone());
        self.jobs.run(
            move |_| {
                let signed_in = action::console_sign_in(&workspace, &store, &profile, &target, None);
                let opened = signed_in.as_ref().map(|s| browser(s.url.expose())).unwrap_or(false);
                (profile, signed_in.map(|s| s.without_mfa), opened)
            },
            |app, (profile, signed_in, opened)| match (signed_in, opened) {
                (Ok(without_mfa), true) => {
                    let mfa = match without_mfa {
                        true => " It was made from the profile's keys, so it has no MFA: what needs MFA is not allowed there.",
                        false => "",
                    };
                    app.tell(&profile, format!("Opened the AWS console as {profile} in your browser.{mfa}"), true);
                }
                (Ok(_), _) => app.tell(
                    &profile,
                    "No browser could be opened here; in a terminal, “keyshelf console --print-url” gives the address.".into(),
                    false,
                ),
                (Err(err), _) => app.tell_fault(&profile, &err),
            },
        );
    }
}
