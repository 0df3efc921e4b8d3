//! Mistakes caught before they are saved, and a program path that stays valid,
//! through egui_kittest over real files in a temporary folder.
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_support;

use std::sync::Arc;

use egui::accesskit::{Role, Toggled};
use egui_kittest::kittest::{NodeT, Queryable};
use gui_support::{Sandbox, settle, type_into, wait_for};
use keyshelf::keychain::MemoryStore;

#[test]
fn a_profile_with_problems_is_marked_and_saving_it_asks_first() {
    let config = "[profile typo]\nregion = eu-wset-1\n\n[profile fine]\nregion = eu-west-1\n";
    let sandbox = Sandbox::new(Some(config), None);
    let mut harness = sandbox.harness();
    // The list marks the profile with a problem, and only that one.
    assert_eq!(
        harness
            .query_all_by_label_contains("needs attention")
            .count(),
        1
    );
    harness.get_by_label_contains("fine").click();
    settle(&mut harness);

    // A 21-character key ID: saving asks first, naming the field and the profile.
    type_into(&mut harness, "Access key ID", "AKIAIOSFODNN7EXAMPLE1");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "Save anyway?");
    harness.get_by_label_contains("fine: Access key ID: ");
    // Escape cancels: nothing is written.
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    assert!(harness.query_by_label("Save anyway?").is_none());
    assert_eq!(sandbox.read(sandbox.config()), config);
    assert!(harness.state().is_dirty());
    assert_eq!(
        harness
            .query_all_by_label_contains("needs attention")
            .count(),
        2
    );

    // Asked again; Save anyway writes it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Save anyway")
        .click();
    settle(&mut harness);
    wait_for(&mut harness, "the save", |h| !h.state().is_dirty());
    assert!(
        sandbox
            .read(sandbox.credentials())
            .contains("AKIAIOSFODNN7EXAMPLE1")
    );
}

#[test]
fn repair_all_points_moved_profiles_at_this_keyshelf_and_saves() {
    let sandbox = Sandbox::new(None, None);
    // A profile served by another keyshelf that still works is left alone.
    let working = sandbox.root().join("usr-local-bin-keyshelf");
    std::fs::write(&working, "").unwrap();
    let working = working.display().to_string();
    let config = format!(
        "[profile a]\ncredential_process = \"/gone/keyshelf\" credential-process --profile a\n\n\
         [profile b]\ncredential_process = \"/gone/keyshelf\" credential-process --profile b\n\n\
         [profile c]\ncredential_process = \"{working}\" credential-process --profile c\n\n\
         [profile other]\ncredential_process = /gone/other-tool\n"
    );
    std::fs::write(sandbox.config(), &config).unwrap();
    let mut harness = sandbox.harness();
    harness.get_by_label(
        "2 profiles run a keyshelf program that no longer exists, so the AWS tools fail for them.",
    );
    assert_eq!(
        harness
            .query_all_by_label_contains("needs attention")
            .count(),
        2
    );
    harness.get_by_label("Repair all").click();
    settle(&mut harness);
    wait_for(&mut harness, "the repair's save", |h| {
        !h.state().is_dirty() && !h.state().is_saving()
    });
    let program = harness.state().program().display().to_string();
    assert_eq!(
        sandbox.read(sandbox.config()),
        format!(
            "[profile a]\ncredential_process = \"{program}\" credential-process --profile a\n\n\
             [profile b]\ncredential_process = \"{program}\" credential-process --profile b\n\n\
             [profile c]\ncredential_process = \"{working}\" credential-process --profile c\n\n\
             [profile other]\ncredential_process = /gone/other-tool\n"
        ),
        "only the two lines changed, and it was saved in the same step"
    );
    assert!(harness.query_by_label("Repair all").is_none());
}

#[test]
fn securing_from_a_temporary_place_offers_to_install_first() {
    let credentials = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
    let sandbox = Sandbox::new(
        Some("[profile dev]\nregion = eu-west-1\n"),
        Some(credentials),
    );
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    // The tests' program sits in a temporary folder, as a download would.
    harness.state_mut().set_install_offer(true);
    settle(&mut harness);
    harness.get_by_label("Install keyshelf");
    harness.get_by_label("🔒 Secure all").click();
    settle(&mut harness);
    // Asked in the dialog that starts the action, ticked by default, not after it.
    let choice = harness.get_by_label("Install keyshelf first (recommended)");
    assert_eq!(choice.accesskit_node().toggled(), Some(Toggled::True));
    // Never install from a test (that is the real home): untick it and go on from here.
    choice.click();
    let _ = harness.try_run();
    harness
        .get_by_role_and_label(Role::Button, "Secure all")
        .click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_role_and_label(Role::Dialog, "Install keyshelf first?")
            .is_none(),
        "no second question once the action has started"
    );
    wait_for(&mut harness, "secure all", |h| {
        !h.state().is_keychain_busy()
    });
    assert!(
        sandbox
            .read(sandbox.config())
            .contains("credential-process --profile dev")
    );
    assert_eq!(store.len(), 1);
    // Not asked again this run, and the banner is gone.
    assert!(harness.query_by_label("Install keyshelf").is_none());
}

#[test]
fn the_import_preview_and_new_profile_ask_about_installing_before_they_start() {
    let sandbox = Sandbox::new(None, None);
    let csv = sandbox.root().join("alice_accessKeys.csv");
    std::fs::write(
        &csv,
        "Access key ID,Secret access key\r\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n",
    )
    .unwrap();
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    harness.state_mut().set_install_offer(true);
    settle(&mut harness);
    gui_support::drop_file(&mut harness, csv);
    harness.get_by_role_and_label(Role::Dialog, "Import access keys");
    harness
        .get_by_label("Install keyshelf first (recommended)")
        .click();
    let _ = harness.try_run();
    harness
        .get_by_role_and_label(Role::Button, "Import")
        .click();
    settle(&mut harness);
    wait_for(&mut harness, "the import", |h| {
        !h.state().is_keychain_busy() && h.state().profile_count() == 1
    });
    assert!(
        harness
            .query_by_role_and_label(Role::Dialog, "Install keyshelf first?")
            .is_none()
    );
    assert_eq!(store.len(), 1);

    // New profile with keys asks the same, in its own dialog.
    let mut harness = sandbox.harness_with(Arc::new(MemoryStore::new()));
    harness.state_mut().set_install_offer(true);
    settle(&mut harness);
    harness.get_by_label("New").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label("Install keyshelf first (recommended)")
            .is_none(),
        "not before there are keys to secure"
    );
    type_into(&mut harness, "Profile name", "bob");
    type_into(&mut harness, "Its access key ID", "AKIAI44QH8DHBEXAMPLE");
    harness.get_by_label("Install keyshelf first (recommended)");
}
