//! The keychain parts of a profile's page: where its secret lives, with Move or Restore, and what
//! is wrong with a migrated profile (a stale program path, a missing item, keys left beside);
//! then its security: temporary credentials, the key's age and Rotate.

use egui::RichText;

use super::super::intent::{Intent, KeychainRequest, Open};
use super::super::widgets::capitalised;
use super::FormView;
use crate::aws::{Profile, SecretLocation};
use crate::import::IMPORTED_KEY;
use crate::keychain::Ailment;

/// Where the profile's secret lives, with Move to keychain or Restore; what is wrong with a
/// migrated profile. Buttons ask through `out`; drawing starts nothing.
pub(super) fn where_the_secret_is(
    ui: &mut egui::Ui,
    view: FormView<'_>,
    profile: &Profile,
    out: &mut Vec<Intent>,
) {
    let name = profile.name.clone();
    let ready = view.keychain_ready;
    let why = ready.err().unwrap_or("");
    // A row that lines up with the key's fields below it.
    let kept = |ui: &mut egui::Ui, add: &mut dyn FnMut(&mut egui::Ui)| {
        super::super::widgets::form_grid(ui, &format!("kept-{name}"), |ui| {
            ui.label("Kept in");
            ui.horizontal_wrapped(|ui| add(ui));
            ui.end_row();
        });
    };
    match profile.secret {
        SecretLocation::File => kept(ui, &mut |ui| {
            ui.label(
                RichText::new(
                    "⚠ The credentials file, in plain text: any program you run can read it.",
                )
                .color(ui.visuals().warn_fg_color),
            );
            let has_pair = view
                .workspace
                .is_some_and(|w| w.docs.static_keys(&name).is_some());
            if has_pair
                && ui
                    .add_enabled(ready.is_ok(), egui::Button::new("Move to keychain"))
                    .on_hover_text(
                        "Keep the keys in the system keychain instead; the AWS tools keep working",
                    )
                    .on_disabled_hover_text(why)
                    .clicked()
            {
                out.push(Intent::Keychain(KeychainRequest::Secure(name.clone())));
            }
        }),
        SecretLocation::Keychain => kept(ui, &mut |ui| {
            ui.label("🔒 The system keychain");
            if ui
                .add_enabled(ready.is_ok(), egui::Button::new("Restore to file"))
                .on_hover_text("Put the keys back into the plaintext credentials file")
                .on_disabled_hover_text(why)
                .clicked()
            {
                out.push(Intent::Keychain(KeychainRequest::Restore(name.clone())));
            }
        }),
        // A role, SSO or a program: the line above says what it uses.
        SecretLocation::None => {}
    }
    // Ailments concern every profile whose credential_process runs keyshelf, also one
    // whose leftover plaintext keys make it read as "file".
    let runs_us = view
        .workspace
        .is_some_and(|w| crate::keychain::served_item(w, &name).is_some());
    if !runs_us {
        return;
    }
    out.push(Intent::CheckKeychainItem(name.clone()));
    let mut ailments = view
        .statuses
        .surveyed(&name)
        .map(|s| s.ailments.clone())
        .unwrap_or_default();
    if let Some(ailment) = view.statuses.item_ailment(&name) {
        ailments.push(ailment.clone());
    }
    for ailment in ailments {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("⚠ {}", capitalised(&ailment.describe())))
                    .color(ui.visuals().warn_fg_color),
            );
            if matches!(ailment, Ailment::ProgramMissing { .. })
                && ui
                    .button("Repair path")
                    .on_hover_text("Point it at this copy of keyshelf")
                    .clicked()
            {
                out.push(Intent::RepairPath(name.clone()));
            }
        });
        if let Ailment::KeychainError(err) = &ailment {
            let details = crate::fault::Fault::details(err);
            super::super::widgets::details_fold(ui, ("item-details", &name), details);
        }
    }
}

/// The security of long-term keys: temporary credentials (with the MFA device) for keys in the
/// keychain, then how old the key is, with Rotate beside it.
pub(super) fn security(
    ui: &mut egui::Ui,
    view: FormView<'_>,
    profile: &Profile,
    out: &mut Vec<Intent>,
) {
    let name = profile.name.clone();
    super::super::widgets::form_grid(ui, &format!("security-{name}"), |ui| {
        security_rows(ui, view, profile, out);
    });
}

fn security_rows(ui: &mut egui::Ui, view: FormView<'_>, profile: &Profile, out: &mut Vec<Intent>) {
    let name = profile.name.clone();
    match profile.secret {
        SecretLocation::Keychain => super::session::session_panel(ui, view, &name, out),
        _ => {
            ui.label("Temporary credentials");
            ui.label("Move the keys to the keychain first: sessions and MFA codes need it.");
            ui.end_row();
        }
    }
    ui.label("Key age");
    ui.horizontal_wrapped(|ui| {
        ui.label(key_age(view, &name));
        if ui
            .add_enabled(
                view.keychain_ready.is_ok(),
                egui::Button::new("Rotate keys…"),
            )
            .on_hover_text(
                "Replace the access key with a new one from AWS; the old one is deactivated",
            )
            .on_disabled_hover_text(view.keychain_ready.err().unwrap_or(""))
            .clicked()
        {
            out.push(Intent::Open(Open::Rotate(name.clone())));
        }
    });
    ui.end_row();
}

/// "12 days old (imported on 20 Nov 2026). …", from keyshelf's own records.
fn key_age(view: FormView<'_>, name: &str) -> String {
    let recorded = |key: &str| {
        view.workspace.and_then(|w| {
            w.docs
                .get(name, key)
                .and_then(|(v, _)| v.as_plain().map(|v| v.trim().to_owned()))
                .filter(|v| crate::words::date(v).is_some())
        })
    };
    let advice = "AWS advises replacing access keys every 90 days.";
    let (date, how) = match (
        recorded(crate::keychain::ROTATED_KEY),
        recorded(IMPORTED_KEY),
    ) {
        (Some(date), _) => (date, "new keys put in on"),
        (None, Some(date)) => (date, "imported on"),
        (None, None) => return format!("Not known (keyshelf did not put it in). {advice}"),
    };
    let today = chrono::Local::now().date_naive();
    let days = crate::doctor::days_since(&date, today).unwrap_or(0).max(0);
    let words = crate::words::date(&date).unwrap_or_default();
    let age = match days {
        0 => "New".to_owned(),
        days => format!(
            "{} old",
            crate::words::plural(usize::try_from(days).unwrap_or(0), "day", "days")
        ),
    };
    let late = if days > 90 { " ⚠" } else { "" };
    format!("{age} ({how} {words}).{late} {advice}")
}
