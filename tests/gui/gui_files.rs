//! The app and the files the AWS tools refuse or misread: the banner over the profile
//! page with its fixes, the line saying which credentials the AWS tools will use, the legacy
//! session token. Driven through egui_kittest by the labels a screen reader would read.
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use crate::gui_support;
use egui::accesskit::Role;

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use gui_support::{Sandbox, save, type_into, wait_for};
use keyshelf::gui::KeyshelfApp;
use keyshelf::keychain::MemoryStore;

const KEYS: &str = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

/// Selects the first profile matching `name` through the search box, as a keyboard user would.
fn select(harness: &mut Harness<'_, KeyshelfApp>, name: &str) {
    harness.get_by_label("Search profiles").click();
    gui_support::settle(harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Search profiles").type_text(name);
    gui_support::settle(harness);
    harness.key_press(egui::Key::ArrowDown);
    let _ = harness.try_run();
    assert_eq!(harness.state().selected_profile(), Some(name));
}

fn wait_saved(harness: &mut Harness<'_, KeyshelfApp>) {
    wait_for(harness, "the save", |h| !h.state().is_saving());
}

/// The shadowed-header witness in the app: the shadowed header is named with its line, the page shows
/// the section the AWS tools read, and "Merge" fixes the file.
#[test]
fn several_headers_one_profile_banner_offers_a_merge() {
    let sandbox = Sandbox::new(
        Some("[profile default]\nregion = us-east-1\n[default]\noutput = text\n"),
        Some(KEYS),
    );
    let mut harness = sandbox.harness();
    harness.get_by_label_contains(
        "line 1: [profile default] is ignored by the AWS tools, which read profile “default” from [default] at line 3",
    );
    harness.get_by_label("The AWS tools will use plaintext keys from the credentials file.");
    assert_eq!(
        harness.get_by_label("Region").value().unwrap_or_default(),
        ""
    );
    harness.get_by_label("Merge into [default]").click();
    let _ = harness.try_run();
    wait_saved(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        "[default]\noutput = text\nregion = us-east-1\n"
    );
    assert!(
        harness
            .query_by_label_contains("is ignored by the AWS tools")
            .is_none()
    );
    assert!(!harness.state().is_dirty());
}

/// A sibling: "Remove it" drops the ignored header and nothing the tools read changes.
#[test]
fn several_headers_one_profile_banner_offers_a_removal() {
    let sandbox = Sandbox::new(
        Some("[profile dev]\nregion = us-east-1\n\n[profile 'dev']\noutput = json\n"),
        None,
    );
    let mut harness = sandbox.harness();
    harness.get_by_label("Remove it").click();
    let _ = harness.try_run();
    wait_saved(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        "[profile 'dev']\noutput = json\n"
    );
}

/// The duplicate-section witness: `[default]` twice. The app reads it for display, refuses to save
/// it, and keeps the section the user picks.
#[test]
fn duplicate_sections_are_not_saved_until_one_is_kept() {
    let credentials = format!(
        "{KEYS}\n[default]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n"
    );
    let sandbox = Sandbox::new(Some("[default]\nregion = us-east-1\n"), Some(&credentials));
    let mut harness = sandbox.harness();
    harness.get_by_label_contains(
        "The AWS tools cannot read the credentials file: line 5: section [default] appears a second time (first at line 1)",
    );
    // And the page does not pretend they would use its keys.
    harness.get_by_label_contains(
        "The AWS tools would fail: they cannot read the credentials file at all",
    );
    // An edit of that file is refused at save, with both lines named; the file is unchanged.
    harness.get_by_label("Add a session token").click();
    let _ = harness.try_run();
    type_into(&mut harness, "Session token", "x");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    let _ = harness.try_run();
    wait_saved(&mut harness);
    harness.get_by_label_contains("so keyshelf will not write it");
    assert_eq!(sandbox.read(sandbox.credentials()), credentials);
    harness.get_by_label("OK").click();
    gui_support::settle(&mut harness);
    // The fixes wait for the edit to be reverted.
    assert!(
        harness
            .get_by_label("Keep line 1")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label("Revert").click();
    gui_support::settle(&mut harness);
    harness.get_by_label("Drop changes").click();
    gui_support::settle(&mut harness);
    harness.get_by_label("Keep line 5").click();
    let _ = harness.try_run();
    wait_saved(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.credentials()),
        "[default]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n"
    );
    assert!(harness.query_by_label("Keep line 1").is_none());
}

/// The profile page says which credentials the AWS tools will use, before and after a move.
#[test]
fn the_page_says_which_credentials_the_tools_use() {
    let sandbox = Sandbox::new(
        Some(
            "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/Deploy\nsource_profile = default\n[profile loop]\nrole_arn = arn:aws:iam::123456789012:role/Loop\nsource_profile = loop\n",
        ),
        Some(KEYS),
    );
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store);
    select(&mut harness, "default");
    harness.get_by_label("Move to keychain").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the migration", |h| {
        !h.state().is_keychain_busy()
    });
    harness.get_by_label("The AWS tools will use keys from the keychain, through keyshelf.");
    select(&mut harness, "deploy");
    harness.get_by_label(
        "The AWS tools will use the role arn:aws:iam::123456789012:role/Deploy, assumed with the credentials of profile “default” (keys from the keychain, through keyshelf).",
    );
    select(&mut harness, "loop");
    harness.get_by_label_contains(
        "The AWS tools would fail: profile “loop”: its source_profile chain comes back to “loop”",
    );
}

/// A temporary key with the legacy `aws_security_token`: the form shows it masked in the
/// session token field, says under which name it is kept, and edits it there.
#[test]
fn legacy_session_token_is_masked_and_edited_in_place() {
    let sandbox = Sandbox::new(
        None,
        Some(
            "[temp]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_security_token = LEGACYTOKENvalue\n",
        ),
    );
    let mut harness = sandbox.harness();
    let masked = harness
        .get_by_label("Session token")
        .value()
        .unwrap_or_default();
    assert!(
        !masked.contains("LEGACYTOKEN"),
        "the token shows while masked"
    );
    assert!(
        harness
            .query_by_label_contains("LEGACYTOKENvalue")
            .is_none()
    );
    harness.get_by_label_contains("older name, aws_security_token");
    type_into(&mut harness, "Session token", "2");
    save(&mut harness);
    let credentials = sandbox.read(sandbox.credentials());
    assert!(
        credentials.contains("aws_security_token = LEGACYTOKENvalue2\n"),
        "{credentials}"
    );
    assert!(!credentials.contains("aws_session_token"), "{credentials}");
}

/// The app's edit of one profile and another program's change to another profile,
/// made while the app was open, are both kept by the save; a change to the same profile is
/// still a conflict, and nothing is overwritten.
#[test]
fn a_save_merges_another_programs_change_to_other_profiles() {
    let config = "[profile dev]\nregion = eu-west-1\n\n[profile ops]\nregion = us-east-1\n";
    let sandbox = Sandbox::new(Some(config), None);
    let mut harness = sandbox.harness();
    select(&mut harness, "dev");
    type_into(&mut harness, "Region", "x");
    let theirs = config.replace(
        "[profile ops]\nregion = us-east-1",
        "[profile ops]\nregion = us-east-1\noutput = json",
    );
    std::fs::write(sandbox.config(), &theirs).unwrap();
    save_anyway(&mut harness);
    wait_saved(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        "[profile dev]\nregion = eu-west-1x\n\n[profile ops]\nregion = us-east-1\noutput = json\n"
    );
    harness.get_by_label_contains("its changes were kept too");
    assert!(!harness.state().is_dirty());

    // The same profile changed on both sides: refused, their change stays.
    type_into(&mut harness, "Region", "y");
    let theirs = sandbox
        .read(sandbox.config())
        .replace("region = eu-west-1x", "region = ap-south-1");
    std::fs::write(sandbox.config(), &theirs).unwrap();
    save_anyway(&mut harness);
    wait_saved(&mut harness);
    harness.get_by_label_contains("changed on disk since keyshelf read it");
    assert_eq!(sandbox.read(sandbox.config()), theirs);
}

/// Ctrl+S on a region keyshelf does not know: asked first, then saved anyway.
fn save_anyway(harness: &mut Harness<'_, KeyshelfApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    let _ = harness.try_run();
    harness.get_by_role_and_label(Role::Dialog, "Save anyway?");
    harness.get_by_label_contains("Region: ");
    harness.get_by_label("Save anyway").click();
    let _ = harness.try_run();
}

/// `AWS_CONFIG_FILE=/dev/null`: the AWS tools read no config file. The app shows the profiles
/// of the credentials file, says why there are no others, and refuses to write there.
#[test]
fn a_file_variable_that_names_no_file_is_said_over_the_page() {
    let sandbox = Sandbox::new(None, Some(KEYS));
    let credentials = sandbox.credentials().into_os_string();
    let env = move |name: &str| match name {
        "AWS_CONFIG_FILE" => Some("/dev/null".into()),
        "AWS_SHARED_CREDENTIALS_FILE" => Some(credentials.clone()),
        _ => None,
    };
    let paths = keyshelf::aws::AwsPaths::resolve(env, Some(sandbox.home.clone())).unwrap();
    let factory: keyshelf::gui::StoreFactory = Arc::new(|| {
        let store: Arc<dyn keyshelf::keychain::SecretStore> = Arc::new(MemoryStore::new());
        Ok(store)
    });
    let program = sandbox.root().join("keyshelf");
    std::fs::write(&program, "").unwrap();
    let app = KeyshelfApp::with_keychain(Ok(paths), None, factory, program);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 760.0))
        .build_ui_state(|ui, app: &mut KeyshelfApp| app.show(ui), app);
    gui_support::settle(&mut harness);
    gui_support::settle_jobs(&mut harness);
    select(&mut harness, "default");
    harness.get_by_label_contains(
        "/dev/null is not a regular file (a folder, a device or a pipe), so the AWS tools read no config file there",
    );
}

/// A rotation that stopped after AWS made its key (the record kept in the keychain) is found
/// when the app starts, said with both key IDs, and one click opens Rotate keys to finish it.
#[test]
fn a_stopped_rotation_is_offered_to_finish_at_the_start() {
    // A keychain profile (the app asks the keychain at its start only when it is in use).
    let sandbox = Sandbox::new(None, None);
    let program = sandbox.root().join("keyshelf");
    std::fs::write(
        sandbox.config(),
        format!(
            "[default]\ncredential_process = \"{}\" credential-process --profile default\n",
            program.display()
        ),
    )
    .unwrap();
    let store = Arc::new(MemoryStore::new());
    let item = keyshelf::keychain::ItemKey::new("default", &sandbox.credentials());
    let old = keyshelf::aws::StaticKeys {
        access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
        secret_access_key: keyshelf::secret::Secret::new("oldsecret"),
        session_token: None,
    };
    keyshelf::keychain::put_item::<keyshelf::keychain::LongTermKeys>(store.as_ref(), &item, &old)
        .unwrap();
    let record = keyshelf::keychain::RotationRecord {
        new: keyshelf::aws::StaticKeys {
            access_key_id: "AKIANEWNEWNEWNEWNEW1".into(),
            secret_access_key: keyshelf::secret::Secret::new("newsecret"),
            session_token: None,
        },
        old_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
    };
    keyshelf::keychain::put_item::<keyshelf::keychain::PendingRotation>(
        store.as_ref(),
        &item,
        &record,
    )
    .unwrap();
    let mut harness = sandbox.harness_with(store);
    wait_for(&mut harness, "the keychain check", |h| {
        h.query_by_label_contains("stopped before it finished")
            .is_some()
    });
    harness.get_by_label_contains(
        "AWS made the new key AKIANEWNEWNEWNEWNEW1 to replace AKIAIOSFODNN7EXAMPLE",
    );
    assert!(!format!("{:?}", harness.state().selected_profile()).contains("newsecret"));
    harness.get_by_label("Finish the rotation…").click();
    let _ = harness.try_run();
    harness.get_by_role_and_label(Role::Dialog, "Rotate the keys of “default”?");
}

/// A second key pair in the config file (dead for botocore, yet a real key): the page says so
/// before anything is tried, and "Move to keychain" is refused with the place, nothing moved.
#[test]
fn second_key_pair_is_said_and_the_move_refused_in_the_app() {
    let sandbox = Sandbox::new(
        Some(
            "[default]\naws_access_key_id = AKIAK2K2K2K2K2K2K2K2\naws_secret_access_key = k2secretk2secretk2secretk2secretk2secret\n",
        ),
        Some(KEYS),
    );
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    select(&mut harness, "default");
    harness.get_by_label_contains("The config file holds another key for this profile");
    harness.get_by_label("Move to keychain").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the refusal", |h| {
        h.query_by_label_contains("aws_access_key_id in the config file (line 2)")
            .is_some()
    });
    assert_eq!(sandbox.read(sandbox.credentials()), KEYS, "nothing moved");
    assert!(store.is_empty());
}
