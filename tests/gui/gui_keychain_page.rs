//! A keychain profile's page and the clipboard notice (§7), through egui_kittest
//! over real files and the in-memory keychain.
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_support;

use std::sync::Arc;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, copied_text, settle, wait_for};
use keyshelf::gui::KeyshelfApp;
use keyshelf::keychain::{ItemKey, MemoryStore, SecretStore, StoredKeys};
use keyshelf::secret::Secret;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const NEW_SECRET: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";

/// A profile already served from the keychain by the sandbox's stand-in program.
fn keychain_profile() -> (Sandbox, Arc<MemoryStore>, Harness<'static, KeyshelfApp>) {
    let sandbox = Sandbox::new(None, None);
    let program = sandbox.root().join("keyshelf");
    std::fs::write(
        sandbox.config(),
        format!(
            "[profile dev]\nregion = eu-west-1\ncredential_process = \"{}\" credential-process --profile dev\n",
            program.display()
        ),
    )
    .unwrap();
    let store = Arc::new(MemoryStore::new());
    store
        .put(
            &ItemKey::new("dev", &sandbox.credentials()),
            &StoredKeys {
                access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
                secret_access_key: Secret::new(SECRET),
                session_token: None,
            },
        )
        .unwrap();
    let mut harness = sandbox.harness_with(store.clone());
    harness.state_mut().set_read_clipboard(false);
    settle(&mut harness);
    (sandbox, store, harness)
}

#[test]
fn a_keychain_profile_shows_its_key_id_and_its_secret_on_request() {
    let (_sandbox, _store, mut harness) = keychain_profile();
    wait_for(&mut harness, "the key ID from the keychain", |h| {
        h.query_by_label("AKIAIOSFODNN7EXAMPLE").is_some()
    });
    assert!(
        harness.query_by_label_contains("EXAMPLEKEY").is_none(),
        "the secret is not read until asked"
    );
    harness.get_by_label("Show secret").click();
    settle(&mut harness);
    wait_for(&mut harness, "the secret from the keychain", |h| {
        h.query_by_label("Hide secret").is_some()
    });
    assert_eq!(
        harness
            .get_by_label("Secret access key, shown")
            .value()
            .as_deref(),
        Some(SECRET)
    );

    // Copy says when the clipboard is cleared, and clears it then.
    harness.get_by_label("Copy secret").click();
    harness.step();
    assert_eq!(copied_text(&harness).as_deref(), Some(SECRET));
    settle(&mut harness);
    harness.get_by_label("Copied; the clipboard is cleared in 30 s.");
    harness.input_mut().time = Some(10_000.0);
    harness.step();
    assert_eq!(copied_text(&harness).as_deref(), Some(""));
    settle(&mut harness);
    harness.get_by_label("The copied secret was cleared from the clipboard.");

    harness.get_by_label("Hide secret").click();
    settle(&mut harness);
    assert!(harness.query_by_label_contains("EXAMPLEKEY").is_none());
    harness.get_by_label("Show secret");
}

#[test]
fn replace_keys_writes_the_keychain_and_never_the_files() {
    let (sandbox, store, mut harness) = keychain_profile();
    let credentials_before = sandbox.read(sandbox.credentials());
    harness.get_by_label("Replace keys…").click();
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "New keys for “dev”");
    gui_support::type_into(&mut harness, "New access key ID", "AKIAI44QH8DHBEXAMPLE");
    gui_support::type_into(&mut harness, "New secret access key", NEW_SECRET);
    harness
        .get_by_role_and_label(Role::Button, "Replace keys")
        .click();
    settle(&mut harness);
    wait_for(&mut harness, "the replacement", |h| {
        !h.state().is_keychain_busy()
    });
    harness.get_by_label_contains("dev: given new keys in the keychain.");
    let keys = store
        .get(&ItemKey::new("dev", &sandbox.credentials()))
        .unwrap();
    assert_eq!(keys.access_key_id, "AKIAI44QH8DHBEXAMPLE");
    assert_eq!(keys.secret_access_key.expose(), NEW_SECRET);
    // No file holds the secret; the config records the date, nothing else changed.
    assert_eq!(sandbox.read(sandbox.credentials()), credentials_before);
    let config = sandbox.read(sandbox.config());
    assert!(!config.contains(NEW_SECRET));
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert!(
        config.ends_with(&format!("keyshelf_rotated = {today}\n")),
        "{config}"
    );
    wait_for(&mut harness, "the new key ID", |h| {
        h.query_by_label("AKIAI44QH8DHBEXAMPLE").is_some()
    });
}

#[test]
fn importing_a_key_already_in_the_keychain_names_its_profile_and_checks_the_region() {
    let (sandbox, _store, mut harness) = keychain_profile();
    // The keychain profiles are asked about once, off the UI thread, after the files are read.
    wait_for(&mut harness, "the key IDs from the keychain", |h| {
        h.query_by_label("AKIAIOSFODNN7EXAMPLE").is_some()
    });
    let csv = sandbox.root().join("alice_accessKeys.csv");
    std::fs::write(
        &csv,
        format!("Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE,{SECRET}\n"),
    )
    .unwrap();
    gui_support::drop_file(&mut harness, csv);
    harness.get_by_role_and_label(Role::Dialog, "Import access keys");
    harness.get_by_label_contains("This key is already in profile “dev”");
    // The region box checks as the form's does, with the same list of regions.
    gui_support::type_into(&mut harness, "Region for new profiles", "eu-wset-1");
    harness.get_by_label_contains("did you mean eu-west-1?");
    harness.get_by_label("eu-west-1 — Europe (Ireland)");
}

/// A keychain profile's key ID is "asking" only while it is asked: when the keychain cannot be
/// read, or the item is gone, the page says so instead of waiting for ever.
#[test]
fn a_key_id_that_cannot_be_had_is_said_not_awaited() {
    let sandbox = Sandbox::new(None, None);
    let program = sandbox.root().join("keyshelf");
    std::fs::write(
        sandbox.config(),
        format!(
            "[profile dev]\ncredential_process = \"{}\" credential-process --profile dev\n",
            program.display()
        ),
    )
    .unwrap();
    let none: keyshelf::gui::StoreFactory = Arc::new(|| {
        Err(keyshelf::keychain::KeychainError::Unavailable {
            detail: "no D-Bus session".into(),
        })
    });
    let mut harness = sandbox.harness_with_factory(none);
    settle(&mut harness);
    harness.get_by_label("Not known: the keychain could not be read");
    assert!(harness.query_by_label("Asking the keychain…").is_none());

    // A keychain that answers, without the item.
    let mut harness = sandbox.harness_with(Arc::new(MemoryStore::new()));
    settle(&mut harness);
    harness.get_by_label("Missing from the keychain");
}
