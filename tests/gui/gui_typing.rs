//! Typing into the form, one character per frame as a person types: every text field of every
//! section, on every kind of profile, keeps its focus for a 30-character value. A widget id that
//! hung on the value being edited (a section's "used" state) lost the focus after the first
//! character: "MFA device ARN" kept only "a".
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, settle};
use keyshelf::aws::fields::{FIELDS, Group, Widget};
use std::sync::Arc;

use keyshelf::gui::{KeyshelfApp, StoreFactory};
use keyshelf::keychain::{MemoryStore, SecretStore};

const CONFIG: &str = "[profile keys]\nregion = eu-west-1\n\n\
[profile role]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = keys\n\n\
[profile sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n\n\
[profile program]\ncredential_process = /usr/bin/true\n\n\
[profile bare]\noutput = json\n";
const CREDENTIALS: &str = "[keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

/// 30 characters a field accepts whatever it checks (a hint may appear, the text stays).
const TYPED: &str = "abcdefghijklmnopqrstuvwxyz0123";

/// Selects the profile through the search box, as a keyboard user would.
fn select(harness: &mut Harness<'_, KeyshelfApp>, profile: &str) {
    harness.get_by_label("Search profiles").click();
    settle(harness);
    harness.get_by_label("Search profiles").type_text(profile);
    settle(harness);
    harness.key_press(egui::Key::ArrowDown);
    settle(harness);
    assert_eq!(harness.state().selected_profile(), Some(profile));
    if let Some(advanced) = harness.query_by_label("Advanced") {
        advanced.click();
        settle(harness);
    }
    // Sections a profile does not use start closed: open each (its first field shows then).
    for (header, first) in [
        ("Role", "Role ARN"),
        ("SSO", "Account ID"),
        ("Other settings", "New setting name"),
    ] {
        if harness.query_by_label(first).is_none() {
            harness.get_by_label(header).click();
            settle(harness);
        }
    }
}

/// Clicks the field, empties it, then types [`TYPED`] a character per frame, and reads back
/// what the field holds.
fn type_slowly(harness: &mut Harness<'_, KeyshelfApp>, label: &str) -> String {
    harness.get_by_label(label).click();
    settle(harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    settle(harness);
    for c in TYPED.chars() {
        harness
            .input_mut()
            .events
            .push(egui::Event::Text(c.to_string()));
        harness.step();
    }
    settle(harness);
    harness.get_by_label(label).value().unwrap_or_default()
}

#[test]
fn every_text_field_keeps_its_focus_while_typed_in() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let text_fields: Vec<&str> = FIELDS
        .iter()
        .filter(|f| f.widget == Widget::Text && matches!(f.group, Group::Role | Group::Sso))
        .map(|f| f.label)
        .collect();
    let mut typed = 0;
    for profile in ["keys", "role", "sso", "program", "bare"] {
        // A fresh app each time (the last profile's edits are not saved), tall enough that
        // every field is on screen for the click that focuses it.
        let store: StoreFactory = Arc::new(|| {
            let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
            Ok(store)
        });
        let mut harness = sandbox.harness_sized(store, egui::vec2(1100.0, 2600.0));
        select(&mut harness, profile);
        let labels = text_fields.iter().copied().chain([
            "Access key ID",
            "Region",
            "New setting name",
            "New setting value",
        ]);
        for label in labels {
            if harness.query_by_label(label).is_none() {
                // Not on this kind's page (the legacy SSO fields beside an sso-session).
                continue;
            }
            let held = type_slowly(&mut harness, label);
            assert_eq!(held, TYPED, "profile “{profile}”, field “{label}”");
            typed += 1;
        }
    }
    assert!(typed >= 40, "only {typed} fields were typed in");
}
