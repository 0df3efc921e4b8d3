//! Sign in with IAM Identity Center (SSO), in three steps in one dialog: where to sign in (the
//! start URL the company gave, and its region), the sign-in itself (in the browser; where none
//! opens, a code to confirm on any device, with Copy), and the accounts and roles to make
//! profiles of. The work is the app's jobs; the app moves the dialog from step to step.

use egui::RichText;

use super::super::intent::{Intent, Reply};
use crate::cloud::sso::Account;

/// Where the dialog is.
pub enum SsoStep {
    /// The start URL and region (and the session's name).
    Details,
    /// Waiting for the person to approve in the browser; the device code when there is one.
    Waiting { device: Option<(String, String)> },
    /// The accounts and roles, each ticked or not.
    Pick {
        roles: Vec<(Account, Vec<(String, bool)>)>,
    },
    /// The profiles are being written.
    Creating,
}

pub struct SsoSignIn {
    pub name: String,
    pub start_url: String,
    pub region: String,
    /// Also write the AWS CLI's own token file (plain text), for tools that read only that.
    pub export: bool,
    pub step: SsoStep,
    pub error: Option<String>,
    /// After signing in, list the accounts and roles to make profiles of (a new session), or
    /// only sign in (for profiles that exist).
    pub pick: bool,
    /// The profile whose failed Test started the sign-in: it reads the AWS CLI's token file.
    pub for_profile: Option<String>,
}

impl SsoSignIn {
    /// A new sign-in, its region guessed ([`region_guess`]) for a person who has only the
    /// start URL.
    pub fn new(files: Option<&crate::aws::SharedFiles>) -> SsoSignIn {
        SsoSignIn {
            name: "my-sso".into(),
            start_url: String::new(),
            region: region_guess(files, &|name| std::env::var(name).ok()),
            export: false,
            step: SsoStep::Details,
            error: None,
            pick: true,
            for_profile: None,
        }
    }

    /// Signing in for `profile`, which the AWS CLI signs in itself: its session's details (or,
    /// with no `sso_session`, its own start URL and region) filled in, and the AWS CLI's token
    /// file ticked, since that file is all such a profile reads.
    pub fn for_profile(files: &crate::aws::SharedFiles, profile: &str) -> SsoSignIn {
        let plain = |key: &str| {
            files
                .get(profile, key)
                .and_then(|(v, _)| v.as_plain().map(|s| s.trim().to_owned()))
                .filter(|s| !s.is_empty())
        };
        let known = plain("sso_session").and_then(|name| files.sso_session(&name));
        match known {
            Some(session) => SsoSignIn {
                name: session.name,
                start_url: session.start_url,
                region: session.region,
                export: true,
                pick: false,
                for_profile: Some(profile.to_owned()),
                ..SsoSignIn::new(Some(files))
            },
            // A legacy profile: the sign-in also writes the file its start URL names.
            None => {
                let new = SsoSignIn::new(Some(files));
                let start_url = plain("sso_start_url").unwrap_or_default();
                let region = plain("sso_region").unwrap_or(new.region.clone());
                SsoSignIn {
                    name: session_name(files, &start_url, &region),
                    start_url,
                    region,
                    export: true,
                    pick: false,
                    for_profile: Some(profile.to_owned()),
                    ..new
                }
            }
        }
    }

    /// Signing in again to a session the files already have.
    pub fn again(name: &str, start_url: &str, region: &str) -> SsoSignIn {
        SsoSignIn {
            name: name.into(),
            start_url: start_url.into(),
            region: region.into(),
            export: false,
            step: SsoStep::Waiting { device: None },
            error: None,
            pick: false,
            for_profile: None,
        }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Reply {
        let mut reply = Reply::Keep;
        egui::Modal::new(egui::Id::unique("sso-sign-in")).show(ctx, |ui| {
            super::fit_width(ui, 560.0);
            crate::gui::widgets::dialog_title(ui, "Sign in with SSO (IAM Identity Center)");
            ui.add_space(6.0);
            reply = match &mut self.step {
                SsoStep::Details => Reply::Keep,
                SsoStep::Waiting { device } => waiting(ui, device.as_ref()),
                SsoStep::Pick { roles } => pick(ui, &self.name, roles),
                SsoStep::Creating => {
                    ui.horizontal(|ui| {
                        ui.add(egui::Spinner::new());
                        ui.label("Making the profiles…");
                    });
                    Reply::Keep
                }
            };
            if matches!(self.step, SsoStep::Details) {
                reply = details(ui, self);
            }
            if let Some(error) = &self.error {
                ui.add_space(6.0);
                ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
            }
        });
        if matches!(reply, Reply::Keep) && super::escape_pressed(ctx) {
            // While waiting, Escape is Cancel: the sign-in must stop too, not go on unseen.
            return match self.step {
                SsoStep::Waiting { .. } => Reply::Do(Intent::SsoCancel),
                _ => Reply::Close,
            };
        }
        reply
    }
}

/// The `[sso-session]` to sign in with for a start URL and region: one the config file has
/// already, else a new name, so that signing in never rewrites another session's start URL.
fn session_name(files: &crate::aws::SharedFiles, start_url: &str, region: &str) -> String {
    let sessions = files.sso_sessions();
    let same = sessions.iter().find(|name| {
        files
            .sso_session(name)
            .is_some_and(|s| s.start_url == start_url && s.region == region)
    });
    if let Some(name) = same {
        return name.clone();
    }
    std::iter::once("my-sso".to_owned())
        .chain((2..).map(|n| format!("my-sso-{n}")))
        .find(|name| !sessions.contains(name))
        .unwrap_or_default()
}

/// The SSO region to start with: the `[default]` profile's region, else `AWS_REGION`, else
/// `AWS_DEFAULT_REGION` (as `env` reads them), else us-east-1. Most companies keep IAM Identity
/// Center where they work; the person sees it and can change it.
pub fn region_guess(
    files: Option<&crate::aws::SharedFiles>,
    env: &dyn Fn(&str) -> Option<String>,
) -> String {
    let default = files
        .and_then(|f| f.get("default", "region"))
        .and_then(|(v, _)| v.as_plain().map(|s| s.trim().to_owned()));
    default
        .into_iter()
        .chain(env("AWS_REGION"))
        .chain(env("AWS_DEFAULT_REGION"))
        .map(|r| r.trim().to_owned())
        .find(|r| !r.is_empty())
        .unwrap_or_else(|| "us-east-1".to_owned())
}

fn details(ui: &mut egui::Ui, dialog: &mut SsoSignIn) -> Reply {
    let SsoSignIn {
        name,
        start_url,
        region,
        export,
        pick,
        for_profile,
        ..
    } = dialog;
    ui.label("Your company's AWS access portal address (it ends in /start) and the region of IAM Identity Center: whoever manages AWS at your company has them.");
    ui.add_space(6.0);
    egui::Grid::new("sso-details")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label("Start URL").id;
            let field = ui
                .add(
                    egui::TextEdit::singleline(start_url)
                        .hint_text("https://my-company.awsapps.com/start")
                        .desired_width(340.0),
                )
                .labelled_by(label)
                .on_hover_text("sso_start_url");
            if start_url.is_empty() && !field.has_focus() {
                field.request_focus();
            }
            ui.end_row();
            // Named for the dialog: the page behind it has a Region field too. The same
            // searchable picker as the profile's Region.
            crate::gui::widgets::region_field_for(
                ui,
                "SSO region",
                "The region your IAM Identity Center is in",
                "sso_region",
                "sso-sign-in",
                region,
            );
            crate::gui::widgets::empty_cell(ui);
            ui.weak("The region your start URL's IAM Identity Center is in.");
            ui.end_row();
            let label = ui.label("Session name").id;
            ui.add(egui::TextEdit::singleline(name).desired_width(160.0))
                .labelled_by(label)
                .on_hover_text("The [sso-session NAME] section in your config file");
            ui.end_row();
        });
    ui.add_space(10.0);
    ui.checkbox(export, "Also write the AWS CLI's token file (plain text)")
        .on_hover_text("For tools that read only ~/.aws/sso/cache. keyshelf keeps the sign-in in the keychain either way; Health reports the file while it exists, and Sign out removes it.");
    if let Some(profile) = for_profile.as_deref().filter(|_| !*export) {
        ui.label(
            RichText::new(format!(
                "⚠ {profile} reads only that file: without it, its Test still fails."
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    ui.add_space(6.0);
    let ready =
        !start_url.trim().is_empty() && !region.trim().is_empty() && !name.trim().is_empty();
    let (go, cancel) = super::answer_row(ui, "Sign in", ready);
    if go {
        return Reply::Do(Intent::SsoSignIn {
            name: name.trim().to_owned(),
            start_url: start_url.trim().to_owned(),
            region: region.trim().to_owned(),
            export: *export,
            pick: *pick,
            for_profile: for_profile.clone(),
        });
    }
    if cancel {
        return Reply::Close;
    }
    Reply::Keep
}

fn waiting(ui: &mut egui::Ui, device: Option<&(String, String)>) -> Reply {
    match device {
        None => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Approve the sign-in in your browser; keyshelf waits here.");
            });
        }
        Some((address, code)) => {
            ui.label(
                "No browser opened here. On any device, open this address and confirm the code:",
            );
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                ui.add(egui::Label::new(RichText::new(address).monospace()).selectable(true));
                if ui.button("Copy address").clicked() {
                    ui.ctx().copy_text(address.clone());
                }
            });
            ui.horizontal(|ui| {
                ui.label("Code");
                ui.add(
                    egui::Label::new(RichText::new(code).monospace().size(20.0)).selectable(true),
                );
                if ui.button("Copy code").clicked() {
                    ui.ctx().copy_text(code.clone());
                }
            });
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Waiting for you to approve it…");
            });
        }
    }
    ui.add_space(8.0);
    // Closing stops waiting; nothing is kept.
    if ui.button("Cancel").clicked() {
        return Reply::Do(Intent::SsoCancel);
    }
    Reply::Keep
}

fn pick(ui: &mut egui::Ui, session: &str, roles: &mut [(Account, Vec<(String, bool)>)]) -> Reply {
    ui.label("Signed in. Pick the accounts and roles to use: each becomes a profile the AWS tools can use, with no key and no token file.");
    ui.add_space(6.0);
    // Fits the smallest window (640×420) with the dialog's text and buttons around it.
    let room = (ui.ctx().content_rect().height() - 230.0).clamp(90.0, 300.0);
    egui::ScrollArea::vertical()
        .max_height(room)
        .show(ui, |ui| {
            for (account, names) in roles.iter_mut() {
                ui.label(RichText::new(format!("{} ({})", account.name, account.id)).strong());
                for (role, ticked) in names.iter_mut() {
                    ui.checkbox(ticked, format!("{role} in {}", account.name));
                }
            }
        });
    let picks: Vec<(String, String)> = roles
        .iter()
        .flat_map(|(account, names)| {
            names
                .iter()
                .filter(|(_, ticked)| *ticked)
                .map(|(role, _)| (account.id.clone(), role.clone()))
        })
        .collect();
    ui.add_space(10.0);
    let (go, cancel) = super::answer_row(ui, "Make profiles", !picks.is_empty());
    if go {
        return Reply::Do(Intent::SsoImport {
            session: session.to_owned(),
            picks,
        });
    }
    if cancel {
        return Reply::Close;
    }
    Reply::Keep
}
