//! What stands out and what is guarded, through egui_kittest: Secure all is the one filled
//! button while plaintext keys exist; destructive actions (Delete in More, a confirm that
//! deletes) are in the error colour, and Enter does not confirm them; Replace keys sits in the
//! field column. Colours are read from what egui painted, as a person sees them.
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use egui::accesskit::Role;
use egui::epaint::{Color32, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keyshelf::gui::KeyshelfApp;

use crate::gui_support::{self, Sandbox, settle};

const CREDENTIALS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

/// Every shape egui painted last frame, groups opened.
fn shapes(harness: &Harness<'_, KeyshelfApp>) -> Vec<Shape> {
    fn flatten(shape: &Shape, all: &mut Vec<Shape>) {
        match shape {
            Shape::Vec(inner) => inner.iter().for_each(|s| flatten(s, all)),
            other => all.push(other.clone()),
        }
    }
    let mut all = Vec::new();
    for clipped in &harness.output().shapes {
        flatten(&clipped.shape, &mut all);
    }
    all
}

/// The colour `text` was painted in, wherever it is on screen.
fn text_colour(harness: &Harness<'_, KeyshelfApp>, text: &str) -> Color32 {
    shapes(harness)
        .iter()
        .find_map(|shape| match shape {
            Shape::Text(t) if t.galley.job.text == text => {
                let section = t.galley.job.sections.first()?.format.color;
                Some(t.override_text_color.unwrap_or(match section {
                    Color32::PLACEHOLDER => t.fallback_color,
                    colour => colour,
                }))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("“{text}” is not painted"))
}

/// The fill of the button named `label`: the rectangle painted over its whole area.
fn button_fill(harness: &Harness<'_, KeyshelfApp>, label: &str) -> Color32 {
    let area = harness.get_by_role_and_label(Role::Button, label).rect();
    shapes(harness)
        .iter()
        .find_map(|shape| match shape {
            Shape::Rect(r)
                if (r.rect.min - area.min).length() < 1.5
                    && (r.rect.max - area.max).length() < 1.5 =>
            {
                Some(r.fill)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("“{label}” has no background"))
}

fn error_colour(harness: &Harness<'_, KeyshelfApp>) -> Color32 {
    harness
        .ctx
        .style_of(harness.ctx.theme())
        .visuals
        .error_fg_color
}

/// Secure all is filled (the one thing to do) while plaintext keys exist, and plain when none
/// is left.
#[test]
fn secure_all_stands_out_only_while_plaintext_keys_exist() {
    let sandbox = Sandbox::new(
        Some("[profile dev]\nregion = eu-west-1\n"),
        Some(CREDENTIALS),
    );
    let harness = sandbox.harness();
    let highlight = harness
        .ctx
        .style_of(harness.ctx.theme())
        .visuals
        .selection
        .bg_fill;
    assert_eq!(button_fill(&harness, "🔒 Secure all"), highlight);

    let none = Sandbox::new(Some("[profile dev]\nregion = eu-west-1\n"), None);
    let harness = none.harness();
    assert_ne!(button_fill(&harness, "🔒 Secure all"), highlight);
}

/// Delete in More and the confirm that deletes are in the error colour; Secure all's confirm
/// is not. In the delete confirm Enter does nothing (Escape still cancels): only a click on
/// "Delete profile" deletes.
#[test]
fn deleting_is_red_and_enter_does_not_confirm_it() {
    let sandbox = Sandbox::new(
        Some("[profile dev]\nregion = eu-west-1\n"),
        Some(CREDENTIALS),
    );
    let mut harness = sandbox.harness();
    harness.get_by_label("More").click();
    settle(&mut harness);
    assert_eq!(text_colour(&harness, "Delete"), error_colour(&harness));
    harness.get_by_label("Delete").click();
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "Delete profile “dev”?");
    assert_eq!(
        text_colour(&harness, "Delete profile"),
        error_colour(&harness)
    );

    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "Delete profile “dev”?");
    assert!(!harness.state().is_dirty(), "Enter deleted the profile");
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    assert!(
        harness
            .query(egui_kittest::kittest::By::new().role(Role::Dialog))
            .is_none()
    );
    assert_eq!(harness.state().selected_profile(), Some("dev"));

    harness.get_by_label("🔒 Secure all").click();
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "Move every plaintext key to the keychain?");
    assert_ne!(text_colour(&harness, "Secure all"), error_colour(&harness));
}

/// Replace keys… sits in the field column, under the keychain profile's secret, not under the
/// labels.
#[test]
fn replace_keys_sits_in_the_field_column() {
    let sandbox = Sandbox::new(
        Some("[profile dev]\nregion = eu-west-1\n"),
        Some(CREDENTIALS),
    );
    let mut harness = sandbox.harness();
    harness.get_by_label("🔒 Secure all").click();
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Secure all")
        .click();
    settle(&mut harness);
    gui_support::wait_for(&mut harness, "the keys in the keychain", |h| {
        !h.state().is_keychain_busy()
    });
    if let Some(summary) = harness.query_by_label("OK") {
        summary.click();
        settle(&mut harness);
    }
    let button = harness.get_by_label("Replace keys…").rect();
    let shown = harness
        .get_by_role_and_label(Role::Button, "Show secret")
        .rect();
    let label = harness.get_by_label("Secret access key").rect();
    assert!(button.left() > label.right(), "{button:?} beside {label:?}");
    // The field column starts where the secret's masked value does.
    let masked = harness.get_by_label("••••••••••••••••").rect();
    assert!(
        (button.left() - masked.left()).abs() < 1.0,
        "{button:?} {masked:?}"
    );
    assert!(button.top() > shown.bottom());
}
