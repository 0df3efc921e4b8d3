//! Keychain tasks seen from the app: each kind of task has its own result, so the
//! app never guesses which one ended. Over real files in a temporary folder and an in-memory
//! keychain that can be switched off.
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use crate::gui_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, save, type_into, wait_for};
use keyshelf::gui::StoreFactory;
use keyshelf::keychain::{KeychainError, MemoryStore, SecretStore};

const CREDENTIALS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

/// A keychain that answers while `on` is set, and is missing (no Secret Service) after.
fn switchable(store: Arc<MemoryStore>, on: Arc<AtomicBool>) -> StoreFactory {
    Arc::new(move || {
        if on.load(Ordering::SeqCst) {
            let store: Arc<dyn SecretStore> = store.clone();
            Ok(store)
        } else {
            Err(KeychainError::Unavailable {
                detail: "no D-Bus session".into(),
            })
        }
    })
}

/// The witness: a profile named "the import" was taken for an import when it moved to the
/// keychain, and the app said "Imported".
#[test]
fn a_profile_named_like_a_task_is_reported_as_the_profile() {
    let credentials = CREDENTIALS.replace("[dev]", "[the import]");
    let sandbox = Sandbox::new(None, Some(&credentials));
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    type_into(&mut harness, "Search profiles", "the import");
    harness.key_press(egui::Key::ArrowDown);
    let _ = harness.try_run();
    assert_eq!(harness.state().selected_profile(), Some("the import"));
    harness.get_by_label("Move to keychain").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the migration", |h| {
        !h.state().is_keychain_busy()
    });
    assert_eq!(store.len(), 1);
    harness.get_by_label_contains("the import: moved to the keychain.");
    assert!(
        harness.query_by_label_contains("Imported").is_none(),
        "a migration reported as an import"
    );
}

/// The witness: deleting a keychain profile and saving with no keychain to open said "Nothing
/// was changed", though the save had changed the files.
#[test]
fn forgetting_items_without_a_keychain_does_not_unsay_the_save() {
    let sandbox = Sandbox::new(None, Some(CREDENTIALS));
    let store = Arc::new(MemoryStore::new());
    let on = Arc::new(AtomicBool::new(true));
    let mut harness = sandbox.harness_with_factory(switchable(store.clone(), on.clone()));
    type_into(&mut harness, "Search profiles", "dev");
    harness.key_press(egui::Key::ArrowDown);
    let _ = harness.try_run();
    harness.get_by_label("Move to keychain").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the migration", |h| {
        !h.state().is_keychain_busy()
    });
    assert_eq!(store.len(), 1);

    on.store(false, Ordering::SeqCst);
    gui_support::menu(&mut harness, "Delete");
    let _ = harness.try_run();
    harness.get_by_label("Delete profile").click();
    let _ = harness.try_run();
    save(&mut harness);
    wait_for(&mut harness, "the clean-up's report", |h| {
        h.query_by_label_contains("could not be removed from the keychain")
            .is_some()
    });
    assert!(
        harness
            .query_by_label_contains("Nothing was changed")
            .is_none()
    );
    assert!(!sandbox.read(sandbox.config()).contains("dev"));
    assert_eq!(store.len(), 1, "the item stays, and the message says so");
}
