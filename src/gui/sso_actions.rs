//! IAM Identity Center (SSO) and the AWS console from the app: each a job off the UI thread
//! running the core action ([`crate::action`]), moving the SSO dialog from step to step.

use std::sync::atomic::Ordering;

use super::app::KeyshelfApp;
use super::dialogs::{Dialog, SsoStep};
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

/// What the page says once a sign-in to `session` was cancelled; `added`: the session was new
/// and was saved to the config file before the sign-in began.
fn cancelled_words(session: &str, added: bool) -> String {
    match added {
        false => "Sign-in cancelled. Nothing was changed.".into(),
        true => format!(
            "Sign-in cancelled. Nothing was signed in; [sso-session {session}] stays in your config file for next time."
        ),
    }
}

/// What the dialog says when a sign-in failed; when time ran out, what to do next as well.
fn failed_words(err: &SsoError) -> String {
    let text = super::widgets::say(err);
    match err {
        SsoError::TimedOut { device: false, .. } => {
            format!("{text} Press Sign in to try again, and approve it in the browser that opens.")
        }
        SsoError::TimedOut { device: true, .. } => {
            format!("{text} Press Sign in for a new code, and confirm it before it expires.")
        }
        _ => text,
    }
}

/// What the app says after signing in to `session`, and whether it is good news: a profile
/// that reads the AWS CLI's token file (`for_profile`) works only once its file was written.
fn after_sign_in(
    workspace: &crate::files::Workspace,
    session: &str,
    for_profile: Option<&str>,
    exported: &[std::path::PathBuf],
) -> (String, bool) {
    let Some(profile) = for_profile else {
        return (
            format!("Signed in to SSO session {session}: its profiles work again."),
            true,
        );
    };
    let plain = |key: &str| {
        workspace
            .docs
            .get(profile, key)
            .and_then(|(v, _)| v.as_plain().map(|s| s.trim().to_owned()))
            .filter(|s| !s.is_empty())
    };
    // botocore's SSOTokenLoader: the session's name, else (a legacy profile) the start URL.
    let reads = plain("sso_session").or_else(|| plain("sso_start_url"));
    let written = reads.is_some_and(|key| {
        exported.iter().any(|f| {
            f.file_name() == crate::sso::cli_cache_file(std::path::Path::new(""), &key).file_name()
        })
    });
    match written {
        true => (
            format!(
                "Signed in to SSO session {session}, and wrote the AWS CLI's token file that {profile} reads: Test it again."
            ),
            true,
        ),
        false => (
            format!(
                "Signed in to SSO session {session}, in the keychain only: {profile} reads the AWS CLI's token file, which was not written, so its Test still fails. Sign in again with “Also write the AWS CLI's token file” ticked."
            ),
            false,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{SsoError, after_sign_in, cancelled_words, failed_words};

    /// Running out of time is not a cancel: each says what ran out and what to do, with no clock
    /// needed (the wait's end is the error's, not the test's).
    #[test]
    fn a_time_out_says_what_ran_out_and_what_to_do() {
        let browser = failed_words(&SsoError::TimedOut {
            minutes: 5,
            device: false,
        });
        assert_eq!(
            browser,
            "Time ran out: the browser did not come back with the sign-in within 5 minutes; nothing was kept. Press Sign in to try again, and approve it in the browser that opens."
        );
        let device = failed_words(&SsoError::TimedOut {
            minutes: 10,
            device: true,
        });
        assert!(device.starts_with("Time ran out: the code was not confirmed within 10 minutes"));
        assert!(
            device.ends_with("Press Sign in for a new code, and confirm it before it expires.")
        );
        for words in [browser, device] {
            assert!(!words.contains("cancel"), "{words}");
        }
        assert_eq!(
            cancelled_words("corp", false),
            "Sign-in cancelled. Nothing was changed."
        );
        // A new session was saved before the sign-in began: not "nothing was changed".
        assert!(
            cancelled_words("corp", true).contains("[sso-session corp] stays in your config file")
        );
    }
    use std::path::{Path, PathBuf};

    /// "Test it again" only once the file the profile reads was written: the session's for a
    /// profile with sso_session, the start URL's for a legacy one.
    #[test]
    fn test_again_is_said_only_once_the_profiles_file_exists() {
        let sandbox = crate::test_support::sandbox_with(
            Some(
                "[profile legacy]\nsso_start_url = https://corp.example/start\nsso_region = eu-central-1\n\n[profile modern]\nsso_session = corp\n",
            ),
            None,
        );
        let workspace = sandbox.load();
        let file = |key: &str| crate::sso::cli_cache_file(Path::new("/h/.aws"), key);
        let session_only: Vec<PathBuf> = vec![file("corp")];
        let both = vec![file("corp"), file("https://corp.example/start")];
        let said =
            |profile, exported: &[PathBuf]| after_sign_in(&workspace, "corp", profile, exported);

        let (words, good) = said(Some("legacy"), &both);
        assert!(good);
        assert!(
            words.ends_with("that legacy reads: Test it again."),
            "{words}"
        );
        let (words, good) = said(Some("legacy"), &session_only);
        assert!(!good);
        assert!(!words.contains("Test it again"), "{words}");
        assert!(words.contains("its Test still fails"), "{words}");
        assert!(said(Some("modern"), &session_only).1);
        assert!(!said(Some("modern"), &[]).1);
        // Profiles keyshelf serves read no file.
        assert_eq!(
            said(None, &[]),
            (
                "Signed in to SSO session corp: its profiles work again.".to_owned(),
                true
            )
        );
    }
}
