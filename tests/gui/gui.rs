//! The desktop app, driven through egui_kittest by the labels a screen reader would read, over
//! real files in a temporary folder (never the user's own ~/.aws).
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use crate::gui_support;

use std::fs;
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, drop_file, save, settle, type_into, wait_for};
use keyshelf::gui::StoreFactory;
use keyshelf::keychain::{ItemKey, KeychainError, MemoryStore, SecretStore};
use std::sync::Arc;

const CONFIG: &str = "# my team's config\n[default]\nregion = us-east-1\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\n";
const CREDENTIALS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

#[test]
fn welcome_page_when_there_are_no_files() {
    let sandbox = Sandbox::new(None, None);
    let mut harness = sandbox.harness();
    harness.get_by_label("Welcome to keyshelf");
    // Where an access key comes from, step by step in the console, and the better way.
    harness.get_by_label_contains("in the AWS console, open IAM, then Users, your user, Security credentials, and Create access key");
    harness.get_by_label_contains("download the .csv file");
    harness.get_by_label_contains(
        "If your company signs you in to AWS through IAM Identity Center (SSO), use that instead of access keys",
    );
    harness.get_by_label("Sign in with SSO…");
    harness.get_by_label("Import an access-key CSV…");
    harness.get_by_label("Create a profile").click();
    gui_support::settle(&mut harness);
    harness.get_by_label("Profile name");
    assert_eq!(harness.state().title(), "keyshelf — 0 profiles");
}

#[test]
fn create_a_profile_fill_it_and_save() {
    let sandbox = Sandbox::new(None, None);
    let mut harness = sandbox.harness();
    harness.get_by_label("Create a profile").click();
    gui_support::settle(&mut harness);
    type_into(&mut harness, "Profile name", "work");
    harness.get_by_label("Create").click();
    gui_support::settle(&mut harness);
    type_into(&mut harness, "Access key ID", "AKIAIOSFODNN7EXAMPLE");
    type_into(
        &mut harness,
        "Secret access key",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    type_into(&mut harness, "Region", "eu-west-1");
    harness.get_by_label("Output").click();
    gui_support::settle(&mut harness);
    harness.get_by_role_and_label(Role::Button, "json").click();
    gui_support::settle(&mut harness);
    assert!(harness.state().is_dirty());
    save(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        "[profile work]\nregion = eu-west-1\noutput = json\n"
    );
    assert_eq!(
        sandbox.read(sandbox.credentials()),
        "[work]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    );
    assert_eq!(harness.state().title(), "keyshelf — 1 profile");
}

#[test]
fn secrets_are_masked_until_revealed() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label_contains("dev").click();
    gui_support::settle(&mut harness);
    let masked = harness
        .get_by_label("Secret access key")
        .value()
        .unwrap_or_default();
    assert!(
        !masked.contains("EXAMPLEKEY"),
        "the secret shows while masked"
    );
    harness.get_by_label("Show secret").click();
    gui_support::settle(&mut harness);
    let shown = harness
        .get_by_label("Secret access key")
        .value()
        .unwrap_or_default();
    assert_eq!(shown, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
}

#[test]
fn a_bad_access_key_gets_a_hint() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label_contains("dev").click();
    gui_support::settle(&mut harness);
    harness.get_by_label("Access key ID").click();
    gui_support::settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Access key ID").type_text("AKIA123");
    gui_support::settle(&mut harness);
    harness.get_by_label_contains("20 characters");
}

#[test]
fn rename_follows_source_profile_references() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label_contains("dev").click();
    gui_support::settle(&mut harness);
    gui_support::menu(&mut harness, "Rename");
    gui_support::settle(&mut harness);
    harness.get_by_label_contains("1 profile uses “dev” as source_profile");
    harness.get_by_label("New name").click();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("New name").type_text("development");
    gui_support::settle(&mut harness);
    harness.get_by_label("Rename profile").click();
    gui_support::settle(&mut harness);
    harness.get_by_label_contains("updated 1 profile");
    save(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        CONFIG.replace("source_profile = dev", "source_profile = development")
    );
    assert_eq!(
        sandbox.read(sandbox.credentials()),
        CREDENTIALS.replace("[dev]", "[development]")
    );
}

#[test]
fn delete_asks_then_removes_from_both_files() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label_contains("admin").click();
    gui_support::settle(&mut harness);
    gui_support::menu(&mut harness, "Delete");
    gui_support::settle(&mut harness);
    harness.get_by_label_contains("A backup of each file is kept");
    harness.get_by_label("Delete profile").click();
    gui_support::settle(&mut harness);
    save(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        "# my team's config\n[default]\nregion = us-east-1\n"
    );
    assert_eq!(sandbox.read(sandbox.credentials()), CREDENTIALS);
    let backups = fs::read_dir(sandbox.aws.join("keyshelf-backups"))
        .expect("backups")
        .filter(|e| e.as_ref().unwrap().file_name() != ".gitignore")
        .count();
    assert_eq!(backups, 1);
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    type_into(&mut harness, "Region", "x");
    assert!(harness.state().is_dirty());
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    let commands = &harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(
        commands.contains(&egui::ViewportCommand::CancelClose),
        "the close was not cancelled"
    );
    gui_support::settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "Save your changes before closing?");
    harness.get_by_label("Cancel").click();
    gui_support::settle(&mut harness);
    assert!(
        harness
            .query_by_label("Save your changes before closing?")
            .is_none()
    );
    assert_eq!(
        sandbox.read(sandbox.config()),
        CONFIG,
        "nothing was written"
    );
}

#[test]
fn another_program_changing_a_file_shows_a_banner() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    // Let the watcher take its first look, then change the file behind the app's back.
    std::thread::sleep(Duration::from_millis(300));
    fs::write(
        sandbox.config(),
        format!("{CONFIG}\n[profile other]\nregion = eu-north-1\n"),
    )
    .expect("write");
    wait_for(&mut harness, "the banner", |h| {
        h.query_by_label_contains("Another program changed")
            .is_some()
    });
    harness.get_by_label("Reload").click();
    settle(&mut harness);
    assert!(harness.query_by_label_contains("other").is_some());
    assert_eq!(harness.state().profile_count(), 4);
}

#[test]
fn search_narrows_the_list() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label("3 of 3 profiles");
    type_into(&mut harness, "Search profiles", "adm");
    harness.get_by_label("1 of 3 profiles");
}

#[test]
fn secure_all_moves_every_key_to_the_keychain_and_restore_all_brings_them_back() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    harness.get_by_label("🔒 Secure all").click();
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "Move every plaintext key to the keychain?");
    harness
        .get_by_role_and_label(Role::Button, "Secure all")
        .click();
    settle(&mut harness);
    wait_for(&mut harness, "secure all", |h| {
        !h.state().is_keychain_busy()
    });
    harness.get_by_label("1 moved, 2 skipped, 0 failed.");
    harness.get_by_label("OK").click();
    settle(&mut harness);

    let credentials = sandbox.read(sandbox.credentials());
    assert!(!credentials.contains("wJalrXUtnFEMI"), "{credentials}");
    assert!(
        sandbox
            .read(sandbox.config())
            .contains("credential-process --profile dev")
    );
    let item = ItemKey::new("dev", &sandbox.credentials());
    assert_eq!(
        store.get(&item).unwrap().secret_access_key.expose(),
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    );

    gui_support::menu(&mut harness, "Restore all");
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Restore all keys")
        .click();
    settle(&mut harness);
    wait_for(&mut harness, "restore all", |h| {
        !h.state().is_keychain_busy()
    });
    harness.get_by_label("OK").click();
    settle(&mut harness);
    assert!(
        sandbox
            .read(sandbox.credentials())
            .contains("wJalrXUtnFEMI")
    );
    assert!(store.is_empty());
}

#[test]
fn migrate_one_profile_from_its_page() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    type_into(&mut harness, "Search profiles", "dev");
    // Down from the search box selects the first match.
    harness.key_press(egui::Key::ArrowDown);
    settle(&mut harness);
    assert_eq!(harness.state().selected_profile(), Some("dev"));
    harness.get_by_label("Move to keychain").click();
    settle(&mut harness);
    wait_for(&mut harness, "the migration", |h| {
        !h.state().is_keychain_busy()
    });
    harness.get_by_label("🔒 The system keychain");
    assert!(!sandbox.read(sandbox.credentials()).contains("AKIA"));
    assert_eq!(store.len(), 1);
    harness.get_by_label("Restore to file").click();
    settle(&mut harness);
    wait_for(&mut harness, "the restore", |h| {
        !h.state().is_keychain_busy()
    });
    assert!(
        sandbox
            .read(sandbox.credentials())
            .contains("AKIAIOSFODNN7EXAMPLE")
    );
}

#[test]
fn no_keychain_is_a_plain_error_and_changes_nothing() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let factory: StoreFactory = Arc::new(|| {
        Err(KeychainError::Unavailable {
            detail: "no D-Bus session".into(),
        })
    });
    let mut harness = sandbox.harness_with_factory(factory);
    harness.get_by_label("🔒 Secure all").click();
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Secure all")
        .click();
    settle(&mut harness);
    wait_for(&mut harness, "the failure", |h| {
        !h.state().is_keychain_busy()
    });
    harness.get_by_label_contains("no keychain is available");
    // What the system said waits under Details, out of the sentence.
    assert!(
        harness
            .query_by_label_contains("no D-Bus session")
            .is_none(),
        "the details are folded"
    );
    harness.get_by_label("Details").click();
    let _ = harness.try_run();
    harness.get_by_label_contains("no D-Bus session");
    assert_eq!(sandbox.read(sandbox.credentials()), CREDENTIALS);
    assert_eq!(sandbox.read(sandbox.config()), CONFIG);
}

const ALICE_CSV: &str = "\u{feff}Access key ID,Secret access key\r\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n";

#[test]
fn dropping_a_csv_opens_the_preview_and_imports_into_the_keychain() {
    let sandbox = Sandbox::new(None, None);
    let csv = sandbox.root().join("alice_accessKeys.csv");
    fs::write(&csv, ALICE_CSV).unwrap();
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    drop_file(&mut harness, csv.clone());
    harness.get_by_role_and_label(Role::Dialog, "Import access keys");
    harness.get_by_label("New profile.");
    // Edit the suggested name.
    let field = "Profile name (row 2)";
    harness.get_by_label(field).click();
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(field).type_text("alice-work");
    settle(&mut harness);
    type_into(&mut harness, "Region for new profiles", "eu-west-1");
    harness.get_by_label("Import").click();
    harness.step();
    wait_for(&mut harness, "the import", |h| {
        !h.state().is_keychain_busy()
    });

    let config = sandbox.read(sandbox.config());
    assert!(config.starts_with("[profile alice-work]\n"), "{config}");
    assert!(config.contains("region = eu-west-1\n"), "{config}");
    assert!(
        config.contains("credential-process --profile alice-work"),
        "{config}"
    );
    assert!(
        !sandbox
            .read(sandbox.credentials())
            .contains("wJalrXUtnFEMI")
    );
    let item = ItemKey::new("alice-work", &sandbox.credentials());
    assert_eq!(
        store.get(&item).unwrap().access_key_id,
        "AKIAIOSFODNN7EXAMPLE"
    );
    assert!(
        !csv.exists(),
        "the CSV is deleted, as the preview suggested"
    );
    // A short result that says so, and the new profile selected.
    harness.get_by_label_contains("alice-work: in the keychain; the CSV file was deleted.");
    assert_eq!(harness.state().selected_profile(), Some("alice-work"));
}

#[test]
fn a_conflict_offers_replace_rename_and_skip() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let csv = sandbox.root().join("dev_accessKeys.csv");
    fs::write(
        &csv,
        ALICE_CSV.replace("AKIAIOSFODNN7EXAMPLE", "AKIANEWKEYEXAMPLE000"),
    )
    .unwrap();
    let mut harness = sandbox.harness();
    drop_file(&mut harness, csv.clone());
    harness
        .get_by_role_and_label(Role::ComboBox, "A profile named “dev” exists:")
        .click();
    settle(&mut harness);
    harness.get_by_label("Skip");
    harness
        .get_by_role_and_label(Role::Button, "Import under another name")
        .click();
    settle(&mut harness);
    harness
        .get_by_label("Credentials file (plain text)")
        .click();
    settle(&mut harness);
    harness
        .get_by_label(
            "Delete the CSV file after importing (it holds your secret key in plain text)",
        )
        .click();
    settle(&mut harness);
    harness.get_by_label("Import").click();
    harness.step();
    wait_for(&mut harness, "the import", |h| {
        !h.state().is_keychain_busy()
    });
    let credentials = sandbox.read(sandbox.credentials());
    assert!(
        credentials.starts_with(CREDENTIALS),
        "dev is untouched: {credentials}"
    );
    assert!(
        credentials.contains("[dev-2]\naws_access_key_id = AKIANEWKEYEXAMPLE000\n"),
        "{credentials}"
    );
    assert!(csv.exists(), "kept, as asked");
}

#[test]
fn dropping_a_png_is_an_error_and_changes_nothing() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let png = sandbox.root().join("photo.png");
    fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    let mut harness = sandbox.harness();
    drop_file(&mut harness, png);
    harness.get_by_label_contains("photo.png: this is not a CSV file");
    assert_eq!(sandbox.read(sandbox.config()), CONFIG);
    assert_eq!(sandbox.read(sandbox.credentials()), CREDENTIALS);
}

#[test]
fn keyboard_ctrl_f_searches_arrows_move_ctrl_n_creates() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    assert_eq!(harness.state().selected_profile(), Some("default"));
    harness.key_press(egui::Key::ArrowDown);
    settle(&mut harness);
    assert_eq!(harness.state().selected_profile(), Some("admin"));
    harness.key_press(egui::Key::ArrowUp);
    settle(&mut harness);
    assert_eq!(harness.state().selected_profile(), Some("default"));

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    settle(&mut harness);
    harness.event(egui::Event::Text("dev".into()));
    settle(&mut harness);
    harness.get_by_label("1 of 3 profiles");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    settle(&mut harness);
    harness.get_by_label("Profile name");
}

#[test]
fn deleting_a_keychain_profile_removes_its_item_once_saved() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    type_into(&mut harness, "Search profiles", "dev");
    harness.key_press(egui::Key::ArrowDown);
    settle(&mut harness);
    harness.get_by_label("Move to keychain").click();
    harness.step();
    wait_for(&mut harness, "the migration", |h| {
        !h.state().is_keychain_busy()
    });
    assert_eq!(store.len(), 1);

    gui_support::menu(&mut harness, "Delete");
    settle(&mut harness);
    harness.get_by_label_contains("Its keys are removed from the keychain too");
    harness.get_by_label("Delete profile").click();
    settle(&mut harness);
    assert_eq!(
        store.len(),
        1,
        "nothing leaves the keychain before the save"
    );
    save(&mut harness);
    wait_for(&mut harness, "the keychain clean-up", |_| store.is_empty());
    assert!(!sandbox.read(sandbox.config()).contains("[profile dev]"));
}

#[test]
fn renaming_a_keychain_profile_moves_its_item() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    type_into(&mut harness, "Search profiles", "dev");
    harness.key_press(egui::Key::ArrowDown);
    settle(&mut harness);
    harness.get_by_label("Move to keychain").click();
    harness.step();
    wait_for(&mut harness, "the migration", |h| {
        !h.state().is_keychain_busy()
    });

    gui_support::menu(&mut harness, "Rename");
    settle(&mut harness);
    harness.get_by_label("New name").click();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("New name").type_text("development");
    settle(&mut harness);
    harness.get_by_label("Rename profile").click();
    harness.step();
    wait_for(&mut harness, "the rename", |h| {
        !h.state().is_keychain_busy()
    });
    assert!(!harness.state().is_dirty(), "saved at once");
    assert!(store.contains(&ItemKey::new("development", &sandbox.credentials())));
    assert!(!store.contains(&ItemKey::new("dev", &sandbox.credentials())));
    let config = sandbox.read(sandbox.config());
    assert!(
        config.contains("credential-process --profile development"),
        "{config}"
    );
    assert!(config.contains("source_profile = development"), "{config}");
    assert_eq!(harness.state().selected_profile(), Some("development"));
}

#[test]
fn keys_left_beside_a_keychain_profile_are_warned_about() {
    let sandbox = Sandbox::new(None, None);
    let program = sandbox.root().join("keyshelf");
    fs::write(
        sandbox.config(),
        format!(
            "[profile dev]\ncredential_process = \"{}\" credential-process --profile dev\n",
            program.display()
        ),
    )
    .unwrap();
    fs::write(sandbox.credentials(), CREDENTIALS).unwrap();
    let harness = sandbox.harness();
    harness.get_by_label_contains(
        "Plaintext keys are still in the files beside its credential_process",
    );
}

/// A profile made by hand with its keys: they go into the keychain, as an import's do; no file
/// ever holds the secret. The plaintext file is there as a deliberate choice.
#[test]
fn keys_typed_for_a_new_profile_go_to_the_keychain_unless_the_file_is_chosen() {
    const ID: &str = "AKIAIOSFODNN7EXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let sandbox = Sandbox::new(None, None);
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    harness.get_by_label("Create a profile").click();
    settle(&mut harness);
    type_into(&mut harness, "Profile name", "work");
    type_into(&mut harness, "Its access key ID", ID);
    type_into(&mut harness, "Its secret access key", SECRET);
    harness.get_by_label("Create").click();
    settle(&mut harness);
    wait_for(&mut harness, "the profile", |h| {
        !h.state().is_keychain_busy() && h.state().profile_count() == 1
    });
    harness.get_by_label_contains("Created “work”, with its keys in the system keychain.");
    let config = sandbox.read(sandbox.config());
    assert!(
        config.contains("credential-process --profile work"),
        "{config}"
    );
    let credentials = sandbox.read(sandbox.credentials());
    assert!(!credentials.contains(SECRET), "{credentials}");
    let item = store
        .get(&keyshelf::keychain::ItemKey::new(
            "work",
            &sandbox.credentials(),
        ))
        .unwrap();
    assert_eq!(item.access_key_id, ID);

    // The file, chosen.
    harness.get_by_label("New").click();
    settle(&mut harness);
    type_into(&mut harness, "Profile name", "plain");
    type_into(&mut harness, "Its access key ID", ID);
    type_into(&mut harness, "Its secret access key", SECRET);
    harness
        .get_by_label("The credentials file (plain text)")
        .click();
    settle(&mut harness);
    harness.get_by_label("Create").click();
    settle(&mut harness);
    wait_for(&mut harness, "the second profile", |h| {
        !h.state().is_keychain_busy() && h.state().profile_count() == 2
    });
    assert!(sandbox.read(sandbox.credentials()).contains(&format!(
        "[plain]\naws_access_key_id = {ID}\naws_secret_access_key = {SECRET}\n"
    )));
}

/// The search: the page follows the filter (never a profile it hides), Enter opens the only
/// match, Escape brings every profile back.
#[test]
fn the_page_follows_the_search_enter_opens_the_one_match_and_escape_clears() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    assert_eq!(harness.state().selected_profile(), Some("default"));
    type_into(&mut harness, "Search profiles", "adm");
    harness.get_by_label("1 of 3 profiles");
    assert_eq!(harness.state().selected_profile(), Some("admin"));
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert_eq!(harness.state().selected_profile(), Some("admin"));

    type_into(&mut harness, "Search profiles", "zzz");
    harness.get_by_label("0 of 3 profiles");
    assert_eq!(harness.state().selected_profile(), None);
    harness.get_by_label_contains("No profile matches “admzzz”");
    harness.get_by_label("Search profiles").click();
    settle(&mut harness);
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    harness.get_by_label("3 of 3 profiles");
}

/// Empty sections are hidden: a role has no credentials block (no "Show secret"), and
/// long-term keys have no session token row until one is added.
#[test]
fn a_page_shows_only_what_the_profile_signs_in_with() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    type_into(&mut harness, "Search profiles", "admin");
    assert_eq!(harness.state().selected_profile(), Some("admin"));
    assert!(harness.query_by_label("Show secret").is_none());
    assert!(harness.query_by_label("Secret access key").is_none());
    harness.get_by_label("Role ARN");

    harness.get_by_label("Search profiles").click();
    settle(&mut harness);
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    type_into(&mut harness, "Search profiles", "dev");
    assert_eq!(harness.state().selected_profile(), Some("dev"));
    harness.get_by_label("Secret access key");
    assert!(harness.query_by_label("Session token").is_none());
    harness.get_by_label("Add a session token").click();
    settle(&mut harness);
    harness.get_by_label("Session token");
}

/// About: the version and licence, and where the files, their copies, the keychain items and
/// the program are.
#[test]
fn about_says_the_version_and_where_things_are_kept() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    gui_support::menu(&mut harness, "About");
    settle(&mut harness);
    harness.get_by_role_and_label(
        Role::Dialog,
        &format!("keyshelf {}", env!("CARGO_PKG_VERSION")),
    );
    harness.get_by_label_contains("Licence: MIT OR Apache-2.0");
    harness.get_by_label(&sandbox.config().display().to_string());
    harness.get_by_label(&sandbox.credentials().display().to_string());
    harness.get_by_label_contains("keyshelf-backups");
    harness.get_by_label_contains("items of the service “keyshelf”");
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    assert!(harness.query_by_label("Settings file").is_none());
}

/// An action's result is on the page it was started from (not only in the status bar), and
/// goes when another profile is opened.
#[test]
fn a_result_shows_on_its_page_and_clears_when_the_profile_changes() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness_with(Arc::new(MemoryStore::new()));
    type_into(&mut harness, "Search profiles", "dev");
    assert_eq!(harness.state().selected_profile(), Some("dev"));
    harness.get_by_label("Move to keychain").click();
    settle(&mut harness);
    wait_for(&mut harness, "the move", |h| !h.state().is_keychain_busy());
    harness.get_by_label_contains("✔ dev: moved to the keychain.");
    harness.get_by_label("Search profiles").click();
    settle(&mut harness);
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    type_into(&mut harness, "Search profiles", "admin");
    assert_eq!(harness.state().selected_profile(), Some("admin"));
    assert!(
        harness
            .query_by_label_contains("moved to the keychain")
            .is_none()
    );
}
