//! Typing into the form, one character per frame as a person types: every text field of every
//! section, on every kind of profile, keeps its focus for a 30-character value. A widget id that
//! hung on the value being edited (a section's "used" state) lost the focus after the first
//! character: "MFA device ARN" kept only "a". The secret and session token, a setting the file
//! already has ("Other settings", nested too) and a keychain profile's page are typed in too.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_support;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use gui_support::{Sandbox, settle};
use keyshelf::aws::fields::{FIELDS, Group, Widget};
use std::sync::Arc;

use keyshelf::gui::{KeyshelfApp, StoreFactory};
use keyshelf::keychain::{ItemKey, MemoryStore, SecretStore, StoredKeys};
use keyshelf::secret::Secret;

const CONFIG: &str = "[profile keys]\nregion = eu-west-1\ncli_pager = less\ns3 =\n  addressing_style = path\n\n\
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
    // Long-term keys show no session token row until one is added.
    if let Some(add) = harness.query_by_label("Add a session token") {
        add.click();
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
    // A secret field says only "•" per character until shown.
    for (secret, show) in [
        ("Secret access key", "Show secret"),
        ("Session token", "Show token"),
    ] {
        if label == secret {
            let masked = harness.get_by_label(label).value().unwrap_or_default();
            assert_eq!(masked.chars().count(), TYPED.len(), "{label}: {masked}");
            harness.get_by_label(show).click();
            settle(harness);
        }
    }
    harness.get_by_label(label).value().unwrap_or_default()
}

/// A keychain profile ("vault"): its keys in `store`, its line running the tests' program.
fn keychain_profile(sandbox: &Sandbox, store: &MemoryStore) {
    let program = sandbox.root().join("keyshelf");
    let config = format!(
        "{CONFIG}\n[profile vault]\nregion = eu-west-1\ncli_pager = less\ncredential_process = \"{}\" credential-process --profile vault\n",
        program.display()
    );
    std::fs::write(sandbox.config(), config).unwrap();
    let keys = StoredKeys {
        access_key_id: "AKIAI44QH8DHBEXAMPLE".into(),
        secret_access_key: Secret::new("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
        session_token: None,
    };
    store
        .put(&ItemKey::new("vault", &sandbox.credentials()), &keys)
        .unwrap();
}

#[test]
fn every_text_field_keeps_its_focus_while_typed_in() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let vault = Arc::new(MemoryStore::new());
    keychain_profile(&sandbox, &vault);
    let text_fields: Vec<&str> = FIELDS
        .iter()
        .filter(|f| f.widget == Widget::Text && matches!(f.group, Group::Role | Group::Sso))
        .map(|f| f.label)
        .collect();
    let mut typed = 0;
    let mut pages = Vec::new();
    for profile in ["keys", "role", "sso", "program", "bare", "vault"] {
        // A fresh app each time (the last profile's edits are not saved), tall enough that
        // every field is on screen for the click that focuses it.
        let vault = vault.clone();
        let store: StoreFactory = Arc::new(move || {
            let store: Arc<dyn SecretStore> = vault.clone();
            Ok(store)
        });
        let mut harness = sandbox.harness_sized(store, egui::vec2(1100.0, 2600.0));
        select(&mut harness, profile);
        let labels = text_fields.iter().copied().chain([
            "Access key ID",
            "Secret access key",
            "Session token",
            "Region",
            "cli_pager",
            "s3.addressing_style",
            "New setting name",
            "New setting value",
        ]);
        for label in labels {
            let field = harness
                .query_by_label(label)
                .map(|n| n.accesskit_node().role());
            if !matches!(field, Some(Role::TextInput | Role::PasswordInput)) {
                // Not on this kind's page (the legacy SSO fields beside an sso-session), or
                // shown, not edited (a keychain profile's key ID).
                continue;
            }
            let held = type_slowly(&mut harness, label);
            assert_eq!(held, TYPED, "profile “{profile}”, field “{label}”");
            typed += 1;
            pages.push((profile, label));
        }
    }
    assert!(typed >= 40, "only {typed} fields were typed in");
    for page in [
        ("keys", "Secret access key"),
        ("keys", "Session token"),
        ("keys", "cli_pager"),
        ("keys", "s3.addressing_style"),
        ("vault", "cli_pager"),
        ("vault", "Region"),
        ("vault", "Role ARN"),
    ] {
        assert!(pages.contains(&page), "{page:?} was not typed in");
    }
}
