//! The window at every size: at the minimum size, at 800×600 and at 1920×1080,
//! every control of the top bar, the list, a profile's page and the status bar is drawn and
//! lies inside the window (the page's own scroll area may hold it below the fold, never beside
//! it), in the light and the dark theme.
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_support;

use std::sync::Arc;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_support::Sandbox;
use keyshelf::gui::{KeyshelfApp, StoreFactory};
use keyshelf::keychain::{MemoryStore, SecretStore};

const CONFIG: &str = "[profile dev]\nregion = eu-west-1\noutput = json\ncli_pager = less\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\n";
const CREDENTIALS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes==\n";

/// The sizes the issue names: the window's minimum, a small laptop, a large screen.
const SIZES: [(f32, f32); 3] = [(640.0, 420.0), (800.0, 600.0), (1920.0, 1080.0)];

/// Controls in the bars at every size: inside the window both ways.
const BAR_CONTROLS: [&str; 7] = [
    "Profiles",
    "☰ List",
    "Save",
    "🔒 Secure all",
    "Health",
    "More",
    "All changes saved",
];

/// The top bar's other buttons: in the bar in a wide window, in More in a narrow one.
const MOVED: [&str; 3] = ["New", "Revert", "Import CSV…"];

/// The More menu's items: inside the window both ways once it is open.
const MENU_ITEMS: [&str; 7] = [
    "Duplicate",
    "Rename",
    "Delete",
    "Sign in with SSO…",
    "Light",
    "Dark",
    "About",
];

/// Controls of the list and the page: inside the window across; the page scrolls down.
const PAGE_CONTROLS: [&str; 8] = [
    "Move to keychain",
    "Access key ID",
    "Secret access key",
    "Show secret",
    "Copy secret",
    "Session token",
    "Show token",
    "Copy token",
];

pub(crate) fn harness(
    sandbox: &Sandbox,
    size: (f32, f32),
    dark: bool,
) -> Harness<'static, KeyshelfApp> {
    let store = Arc::new(MemoryStore::new());
    let factory: StoreFactory = Arc::new(move || {
        let store: Arc<dyn SecretStore> = store.clone();
        Ok(store)
    });
    let mut harness = sandbox.harness_sized(factory, egui::vec2(size.0, size.1));
    harness.ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    // The first profile of the files is selected at start.
    assert_eq!(harness.state().selected_profile(), Some("dev"));
    let _ = harness.try_run();
    harness
}

#[track_caller]
pub(crate) fn assert_inside(
    harness: &Harness<'_, KeyshelfApp>,
    label: &str,
    size: (f32, f32),
    down_too: bool,
) {
    let node = harness
        .query_by_label(label)
        .unwrap_or_else(|| panic!("{label:?} is not drawn at {size:?}"));
    let rect = node.rect();
    assert!(
        rect.min.x >= -0.5 && rect.max.x <= size.0 + 0.5,
        "{label:?} at {size:?} is cut off across: {rect:?}"
    );
    if down_too {
        assert!(
            rect.min.y >= -0.5 && rect.max.y <= size.1 + 0.5,
            "{label:?} at {size:?} is cut off down: {rect:?}"
        );
    }
}

#[test]
fn every_control_is_reachable_at_every_size_in_both_themes() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    for dark in [false, true] {
        for size in SIZES {
            let mut harness = harness(&sandbox, size, dark);
            assert_eq!(harness.state().selected_profile(), Some("dev"));
            let narrow = size.0 < 900.0;
            for label in BAR_CONTROLS {
                assert_inside(&harness, label, size, true);
            }
            for label in MOVED {
                assert_eq!(harness.query_by_label(label).is_some(), !narrow, "{label}");
            }
            harness.get_by_label("More").click();
            let _ = harness.try_run();
            for label in MENU_ITEMS {
                assert_inside(&harness, label, size, true);
            }
            if narrow {
                for label in MOVED {
                    assert_inside(&harness, label, size, true);
                }
            }
            harness.key_press(egui::Key::Escape);
            let _ = harness.try_run();
            // The list: beside the page in a wide window, a drawer over it in a narrow one.
            if narrow {
                assert!(harness.query_by_label("Search profiles").is_none());
                harness.get_by_label("☰ List").click();
                let _ = harness.try_run();
                assert_inside(&harness, "Search profiles", size, true);
                harness.get_by_label("☰ List").click();
                let _ = harness.try_run();
            } else {
                assert_inside(&harness, "Search profiles", size, true);
            }
            for label in PAGE_CONTROLS {
                assert_inside(&harness, label, size, false);
            }
            for section in ["Advanced", "Role"] {
                harness.get_by_label(section).scroll_to_me();
                let _ = harness.try_run();
                harness.get_by_label(section).click();
                let _ = harness.try_run();
            }
            assert_inside(&harness, "Remove cli_pager", size, false);
            assert_inside(&harness, "Role ARN", size, false);
        }
    }
}

#[test]
fn a_shown_secret_fits_its_box() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    for size in SIZES {
        let mut harness = harness(&sandbox, size, false);
        harness.get_by_label("Show secret").click();
        let _ = harness.try_run();
        let field = harness.get_by_label("Secret access key");
        assert_eq!(
            field.value().as_deref(),
            Some("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        );
        // The box is as wide as 40 monospace characters, unless the window is narrower.
        let font = egui::FontId::monospace(12.0);
        let glyph = harness.ctx.fonts_mut(|f| f.glyph_width(&font, '0'));
        let wanted = glyph * 40.0;
        let width = field.rect().width();
        assert!(
            width >= wanted.min(size.0 * 0.3),
            "at {size:?} the box is {width} wide, the secret {wanted}"
        );
        assert_inside(&harness, "Hide secret", size, false);
    }
}

#[test]
fn the_list_can_be_hidden_and_shown() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    // Wide: the list beside the page, hidden and shown again with ☰ List.
    let mut wide = harness(&sandbox, (1100.0, 700.0), false);
    wide.get_by_label("Search profiles");
    wide.get_by_label("☰ List").click();
    let _ = wide.try_run();
    assert!(wide.query_by_label("Search profiles").is_none());
    wide.get_by_label("☰ List").click();
    let _ = wide.try_run();
    wide.get_by_label("Search profiles");

    // Narrow: the page has the whole width; the list is a drawer that closes on a choice.
    let mut harness = harness(&sandbox, (640.0, 420.0), false);
    assert!(harness.query_by_label("Search profiles").is_none());
    assert_inside(&harness, "Copy token", (640.0, 420.0), false);
    harness.get_by_label("☰ List").click();
    let _ = harness.try_run();
    assert!(
        harness.query_by_label("Copy token").is_none(),
        "the drawer covers the page"
    );
    harness.get_by_label("Search profiles").click();
    let _ = harness.try_run();
    harness.get_by_label("Search profiles").type_text("dev");
    let _ = harness.try_run();
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    assert!(
        harness.query_by_label("Search profiles").is_none(),
        "closed on the choice"
    );
    assert_eq!(harness.state().selected_profile(), Some("dev"));
}

#[test]
fn the_sso_dialog_fits_the_smallest_window() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let size = (640.0, 420.0);
    let mut harness = harness(&sandbox, size, false);
    crate::gui_support::menu(&mut harness, "Sign in with SSO…");
    for label in ["Start URL", "SSO region", "Session name", "Cancel"] {
        assert_inside(&harness, label, size, true);
    }
    assert_inside(
        &harness,
        "Also write the AWS CLI's token file (plain text)",
        size,
        true,
    );
}

/// The top bar is one line at every width: below 900 px its secondary buttons move into More
/// (under the same names, and they work from there) rather than wrapping or being cut off.
#[test]
fn the_top_bar_is_one_line_and_overflows_into_more() {
    // dev's keys in plain text make Secure all the primary action; without them, New is.
    for (credentials, primary, moved) in [
        (
            Some(CREDENTIALS),
            "🔒 Secure all",
            &["New", "Import CSV…", "Revert"][..],
        ),
        (None, "New", &["Import CSV…", "🔒 Secure all", "Revert"][..]),
    ] {
        let sandbox = Sandbox::new(Some(CONFIG), credentials);
        for size in [
            (640.0, 420.0),
            (899.0, 600.0),
            (900.0, 600.0),
            (1920.0, 1080.0),
        ] {
            let mut harness = harness(&sandbox, size, false);
            let narrow = size.0 < 900.0;
            let mut bar = vec!["Profiles", "Health", "☰ List", primary, "Save", "More"];
            if !narrow {
                bar.extend(moved);
            }
            let row = harness.get_by_label("Profiles").rect();
            for label in &bar {
                assert_inside(&harness, label, size, true);
                let rect = harness.get_by_label(label).rect();
                assert!(
                    (rect.center().y - row.center().y).abs() < 2.0,
                    "{label:?} at {size:?} is not on the bar's line: {rect:?}, Profiles {row:?}"
                );
            }
            if !narrow {
                continue;
            }
            for label in moved {
                assert!(
                    harness.query_by_label(label).is_none(),
                    "{label:?} at {size:?}"
                );
            }
            harness.get_by_label("More").click();
            let _ = harness.try_run();
            for label in moved {
                assert_inside(&harness, label, size, true);
            }
            // From the menu they work: New opens its dialog, and the menu closes.
            harness.get_by_label("New").click();
            gui_support::settle(&mut harness);
            harness.get_by_role_and_label(Role::Dialog, "New profile");
            assert!(harness.query_by_label("Import CSV…").is_none());
            harness.key_press(egui::Key::Escape);
            gui_support::settle(&mut harness);
            // An edit enables Revert in More, which asks first.
            // A profile with keys keeps its other settings under Advanced.
            for control in ["Advanced", "Remove cli_pager"] {
                if harness.query_by_label(control).is_none() && control == "Advanced" {
                    continue;
                }
                harness.get_by_label(control).scroll_to_me();
                let _ = harness.try_run();
                harness.get_by_label(control).click();
                let _ = harness.try_run();
            }
            assert!(harness.state().is_dirty());
            crate::gui_support::menu(&mut harness, "Revert");
            harness.get_by_role_and_label(Role::Dialog, "Drop unsaved changes?");
        }
    }
}

/// Long-term keys have no session token: "Add a session token" sits under the secret's row.
/// Where Show secret or Copy secret wrapped under the field (here at 640 and 920 px, in a real
/// window at 900), the grid measured the row's first line only and drew the button over them.
#[test]
fn add_a_session_token_keeps_clear_of_the_secrets_row() {
    let credentials = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
    let sandbox = Sandbox::new(Some(CONFIG), Some(credentials));
    for width in [640.0, 900.0, 920.0, 1920.0] {
        let size = (width, 1000.0);
        let harness = harness(&sandbox, size, false);
        let add = harness.get_by_label("Add a session token").rect();
        let field = harness.get_by_role_and_label(Role::PasswordInput, "Secret access key");
        let show = harness.get_by_label("Show secret");
        let copy = harness.get_by_label("Copy secret");
        for (label, other) in [
            ("the secret", field),
            ("Show secret", show),
            ("Copy secret", copy),
        ] {
            let other = other.rect();
            assert!(
                !add.intersects(other),
                "at {width} px “Add a session token” {add:?} touches {label:?} {other:?}"
            );
        }
    }
}
