//! The "How it signs in" part of a profile's page, beside the keys themselves: which
//! credentials the AWS tools will use, the SSO session an SSO role signs in with, notes on keys
//! in the config file, and "Does it work?" with Test and Open console.

use egui::RichText;

use super::super::intent::Intent;
use super::super::question::Question;
use super::super::status::Asked;
use super::FormView;
use crate::aws::{FileKind, Profile, ResolveError, Source};

/// A role of keyshelf's SSO sign-in: which session, account and role, Sign in again, Sign out.
pub(super) fn sso_line(ui: &mut egui::Ui, view: FormView<'_>, name: &str, out: &mut Vec<Intent>) {
    let line = view
        .files()
        .and_then(|files| files.get(name, "credential_process"))
        .and_then(|(v, _)| v.as_plain().and_then(crate::keyshelf_line::sso_role));
    if let Some((session, account, role)) = line {
        super::super::widgets::form_grid(ui, &format!("sso-{name}"), |ui| {
            ui.label("Signs in with");
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("SSO session {session}: role {role} in account {account}"));
                signed_in_words(ui, view, name, &session, out);
                if ui
                    .button("Sign in again…")
                    .on_hover_text("Sign in to the SSO session in your browser")
                    .clicked()
                {
                    out.push(Intent::Open(super::super::intent::Open::SsoSignIn(Some(session.clone()))));
                }
                if ui
                    .button("Sign out")
                    .on_hover_text("Remove the session's tokens and its profiles' credentials from the keychain")
                    .clicked()
                {
                    out.push(Intent::SsoSignOut(session.clone()));
                }
            });
            ui.end_row();
        });
    }
}

/// Notes on keys kept in the config file.
pub(super) fn keys_in_config(ui: &mut egui::Ui, profile: &Profile) {
    let keys_in = |file| profile.secret_keys.iter().any(|(_, f)| *f == file);
    match (keys_in(FileKind::Config), keys_in(FileKind::Credentials)) {
        // botocore reads the credentials file's keys first: the config file's are dead,
        // yet a real key that no move may delete.
        (true, true) => {
            ui.label(
                RichText::new(
                    "⚠ The config file holds another key for this profile, which the AWS tools do not use (the credentials file's comes first). Moving the keys to the keychain waits until you remove it or give it a profile of its own.",
                )
                .color(ui.visuals().warn_fg_color),
            );
        }
        (true, false) => {
            ui.label("Its keys are in the config file, where the AWS tools read them too.");
        }
        _ => {}
    }
}

/// "Test" and what it found: whose credentials these are, or why AWS refused.
pub(super) fn test_line(ui: &mut egui::Ui, view: FormView<'_>, name: &str, out: &mut Vec<Intent>) {
    super::super::widgets::form_grid(ui, &format!("test-{name}"), |ui| {
        ui.label("Does it work?");
        test_cell(ui, view, name, out);
        ui.end_row();
    });
}

fn test_cell(ui: &mut egui::Ui, view: FormView<'_>, name: &str, out: &mut Vec<Intent>) {
    ui.horizontal_wrapped(|ui| {
        let running = view
            .statuses
            .get(name)
            .and_then(|s| s.test.as_ref())
            .is_some_and(|t| t.is_checking());
        if ui
            .add_enabled(!running && !view.dirty, egui::Button::new("Test"))
            .on_hover_text("Ask AWS whether these credentials work, and whose they are")
            .on_disabled_hover_text(if running {
                "Asking AWS…"
            } else {
                "Save first: the test uses the files as saved"
            })
            .clicked()
        {
            out.push(Intent::Ask(Question::about(
                name,
                |status| &mut status.test,
                |name, inputs| crate::cloud::test_profile(name, &inputs.target).map(Box::new),
            )));
        }
        if ui
            .add_enabled(!view.dirty, egui::Button::new("Open console"))
            .on_hover_text("Open the AWS console in your browser, signed in as this profile")
            .on_disabled_hover_text("Save first: the console uses the files as saved")
            .clicked()
        {
            out.push(Intent::OpenConsole(name.to_owned()));
        }
        match view.statuses.get(name).and_then(|s| s.test.as_ref()) {
            Some(Asked::Checking) => {
                ui.add(egui::Spinner::new());
                ui.label("Asking AWS…");
            }
            Some(Asked::Known(report)) => {
                ui.label(
                    RichText::new(format!(
                        "✔ Works: account {}, {}",
                        report.identity.account, report.identity.arn
                    ))
                    .color(ui.visuals().hyperlink_color),
                );
                for note in &report.disagreements {
                    ui.label(RichText::new(format!(
                        "⚠ {}",
                        super::super::widgets::capitalised(note)
                    )));
                }
            }
            Some(Asked::Failed(why)) => {
                // One sentence and what to do; what the SDK said is folded away.
                ui.label(
                    RichText::new(format!("✖ {}", super::super::widgets::say(why)))
                        .color(ui.visuals().error_fg_color),
                );
                remedy_button(ui, why, out);
                if let Some(details) = crate::fault::Fault::details(why) {
                    egui::CollapsingHeader::new("Details")
                        .id_salt(("test-details", name))
                        .default_open(false)
                        .show(ui, |ui| {
                            ui.add(
                                egui::Label::new(RichText::new(details).small()).selectable(true),
                            );
                        });
                }
            }
            None => {}
        }
    });
}

/// The button a failed test's remedy names, where one click does it: the app's own SSO
/// sign-in, never a command to type in a terminal.
fn remedy_button(ui: &mut egui::Ui, why: &crate::cloud::CloudError, out: &mut Vec<Intent>) {
    use super::super::intent::Open;
    use crate::fault::{Fault, Remedy};
    let open = match why.remedy() {
        Some(Remedy::SignIn { profile, sso: true }) => Open::SsoSignInFor(profile),
        Some(Remedy::SsoLogin { session }) => Open::SsoSignIn(Some(session)),
        _ => return,
    };
    if ui
        .button(super::super::widgets::SSO_SIGN_IN)
        .on_hover_text("Sign in to IAM Identity Center in your browser")
        .clicked()
    {
        out.push(Intent::Open(open));
    }
}

/// "The AWS tools will use: …", as botocore resolves the profile.
pub(super) fn uses_line(ui: &mut egui::Ui, uses: Option<&Result<Source, ResolveError>>) {
    match uses {
        Some(Ok(source)) => {
            ui.label(format!("The AWS tools will use {}.", source.describe()));
        }
        Some(Err(err)) => {
            ui.label(
                RichText::new(format!("⚠ The AWS tools would fail: {err}."))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        None => {}
    }
}

/// Whether the SSO session is signed in here, asked of the keychain once per page.
fn signed_in_words(
    ui: &mut egui::Ui,
    view: FormView<'_>,
    name: &str,
    session: &str,
    out: &mut Vec<Intent>,
) {
    match view.statuses.get(name).and_then(|s| s.sso.as_ref()) {
        None => {
            let session = session.to_owned();
            out.push(Intent::Ask(Question::about(
                name,
                |status| &mut status.sso,
                move |_, inputs| {
                    crate::action::sso_status(&inputs.workspace, &inputs.store, &session)
                },
            )));
        }
        Some(Asked::Checking) => {
            ui.weak("(checking the sign-in…)");
        }
        Some(Asked::Known(None)) => {
            ui.label(
                RichText::new("⚠ not signed in on this computer").color(ui.visuals().warn_fg_color),
            );
        }
        Some(Asked::Known(Some(state))) if state.renews_itself => {
            ui.label(
                RichText::new("✔ signed in; it renews itself")
                    .color(super::super::theme::safe(ui.visuals())),
            );
        }
        Some(Asked::Known(Some(state))) => {
            let until = chrono::DateTime::parse_from_rfc3339(&state.expires_at)
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("%-d %b %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            ui.label(format!("signed in until {until}"));
        }
        Some(Asked::Failed(why)) => {
            ui.label(
                RichText::new(format!("⚠ {}", super::super::widgets::say(why)))
                    .color(ui.visuals().warn_fg_color),
            );
        }
    }
}
