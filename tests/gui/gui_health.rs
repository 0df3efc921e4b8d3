//! The Health page through egui_kittest: the check runs off the UI thread over a sandbox home,
//! its findings show where, why and how to fix, and the one-click fixes work on real files.
#![cfg(all(feature = "gui", unix))]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_support;
use egui::accesskit::Role;

use std::fs;
use std::os::unix::fs::PermissionsExt;

use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, wait_for};

const CREDENTIALS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
const CSV: &str = "Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

fn mode(path: &std::path::Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_health_page_finds_and_fixes_what_one_click_can_fix() {
    let sandbox = Sandbox::new(Some("[default]\nregion = eu-west-1\n"), Some(CREDENTIALS));
    let home = sandbox.root().join("searched-home");
    let csv = home.join("Downloads/dev_accessKeys.csv");
    fs::create_dir_all(csv.parent().unwrap()).unwrap();
    fs::write(&csv, CSV).unwrap();
    fs::set_permissions(sandbox.credentials(), fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(sandbox.config(), fs::Permissions::from_mode(0o600)).unwrap();
    let aws = sandbox.config().parent().unwrap().to_path_buf();
    fs::set_permissions(aws, fs::Permissions::from_mode(0o700)).unwrap();

    let mut harness = sandbox.harness();
    harness.state_mut().set_home(Some(home));
    harness.get_by_label("Health").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the health check", |h| {
        h.state().health_report().is_some() && !h.state().is_checking_health()
    });
    // Where, why and how, in words, with the profile the CSV's key belongs to.
    harness.get_by_label_contains("dev_accessKeys.csv is an access-key file");
    harness.get_by_label_contains("(the key of profile “dev”)");
    harness.get_by_label_contains("Why: Anyone or any program");
    harness.get_by_label_contains("Profile “dev” keeps its secret key in plain text");
    harness.get_by_label_contains("Health ⚠");
    // Plain words: who can read it, not a mode; where the search looked and how long it took.
    harness.get_by_label_contains("can be read or changed by other people who use this computer");
    harness.get_by_label_contains("only you can read and change it");
    assert!(harness.query_by_label_contains("mode 6").is_none());
    harness.get_by_label_contains("in Downloads, Desktop, Documents, the shell histories");

    // Make the credentials file private.
    harness.get_by_label("Make private").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the fix and a fresh check", |h| {
        !h.state().is_checking_health()
            && h.state()
                .health_report()
                .is_some_and(|r| !r.findings.iter().any(|f| f.kind == "file_permissions"))
    });
    assert_eq!(mode(&sandbox.credentials()), 0o600);

    // Delete the CSV: asked first; neither a click outside nor Enter answers; its button does.
    harness.get_by_label("Delete file").click();
    let _ = harness.try_run();
    harness.get_by_role_and_label(Role::Dialog, "Delete this file?");
    harness.input_mut().events.push(egui::Event::PointerButton {
        pos: egui::pos2(5.0, 700.0),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.input_mut().events.push(egui::Event::PointerButton {
        pos: egui::pos2(5.0, 700.0),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    let _ = harness.try_run();
    harness.get_by_role_and_label(Role::Dialog, "Delete this file?");
    assert!(csv.exists());
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    assert!(csv.exists(), "Enter deleted the file");
    harness
        .get_by_role_and_label(Role::Dialog, "Delete this file?")
        .get_by_role_and_label(Role::Button, "Delete file")
        .click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the deletion and a fresh check", |h| {
        !h.state().is_checking_health()
            && h.state()
                .health_report()
                .is_some_and(|r| !r.findings.iter().any(|f| f.kind == "csv_copy"))
    });
    assert!(!csv.exists());
    // The files themselves were not touched.
    assert_eq!(sandbox.read(sandbox.credentials()), CREDENTIALS);

    // Open profile goes back to the profile's page.
    harness.get_by_label("Open profile").click();
    let _ = harness.try_run();
    assert_eq!(harness.state().selected_profile(), Some("dev"));
    harness.get_by_label("Access key ID");
}

#[test]
fn moving_keys_from_the_health_page_checks_again() {
    let sandbox = Sandbox::new(Some("[default]\nregion = eu-west-1\n"), Some(CREDENTIALS));
    for path in [sandbox.config(), sandbox.credentials()] {
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let aws = sandbox.config().parent().unwrap().to_path_buf();
    fs::set_permissions(aws, fs::Permissions::from_mode(0o700)).unwrap();
    let mut harness = sandbox.harness();
    harness.get_by_label("Health").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the health check", |h| {
        h.state().health_report().is_some() && !h.state().is_checking_health()
    });
    harness.get_by_label("Move to keychain").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the move and a fresh check", |h| {
        !h.state().is_keychain_busy()
            && !h.state().is_checking_health()
            && h.state()
                .health_report()
                .is_some_and(|r| !r.findings.iter().any(|f| f.kind == "plaintext_keys"))
    });
    harness.get_by_label("All clear: nothing to fix.");
}
