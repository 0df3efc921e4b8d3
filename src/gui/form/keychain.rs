//! The keychain part of a profile's page: where its secret lives, Migrate or Restore, and what
//! is wrong with a migrated profile (a stale program path, a missing item, keys left beside).

use egui::RichText;

use super::super::intent::{Intent, KeychainRequest};
use super::super::widgets::capitalised;
use super::FormView;
use crate::aws::{Profile, SecretLocation};
use crate::import::IMPORTED_KEY;
use crate::keychain::Ailment;

/// Where the profile's secret lives, with Move to keychain or Restore; what is wrong with a
/// migrated profile. Buttons ask through `out`; drawing starts nothing.
pub(super) fn keychain_panel(
    ui: &mut egui::Ui,
    view: FormView<'_>,
    profile: &Profile,
    out: &mut Vec<Intent>,
) {
    let name = profile.name.clone();
    let ready = view.keychain_ready;
    let why = ready.err().unwrap_or("");
    ui.horizontal_wrapped(|ui| match profile.secret {
        SecretLocation::File => {
            ui.label(
                RichText::new("⚠ Its secret key is stored in plain text in the credentials file.")
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
        }
        SecretLocation::Keychain => {
            ui.label("🔒 Its keys are in the system keychain.");
            if ui
                .add_enabled(ready.is_ok(), egui::Button::new("Restore to file"))
                .on_hover_text("Put the keys back into the plaintext credentials file")
                .on_disabled_hover_text(why)
                .clicked()
            {
                out.push(Intent::Keychain(KeychainRequest::Restore(name.clone())));
            }
        }
        SecretLocation::None => {
            ui.label("It holds no secret key.");
        }
    });
    let recorded = |key: &str| {
        view.workspace.and_then(|w| {
            w.docs
                .get(&name, key)
                .and_then(|(v, _)| v.as_plain().and_then(crate::words::date))
        })
    };
    let when = match (
        recorded(crate::keychain::ROTATED_KEY),
        recorded(IMPORTED_KEY),
    ) {
        (Some(date), _) => Some(format!("New keys put in on {date}.")),
        (None, Some(date)) => Some(format!("Imported on {date}.")),
        (None, None) => None,
    };
    if let Some(when) = when {
        ui.label(format!(
            "{when} Replace access keys regularly: AWS advises every 90 days."
        ));
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
    if profile.secret == SecretLocation::Keychain {
        super::session::session_panel(ui, view, &name, out);
    }
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
