//! Plain words through egui_kittest: a key profile's role, SSO and other settings
//! wait under Advanced; keyshelf's own records read as dates; labels have plain-words help; the
//! theme follows the system and can be switched.
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::{By, NodeT, Queryable};
use gui_support::Sandbox;

const CREDENTIALS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

#[test]
fn a_key_profile_keeps_role_sso_and_other_under_advanced_and_dates_in_words() {
    let config = "[profile dev]\nregion = eu-west-1\nkeyshelf_imported = 2026-11-29\ncli_pager = less\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\n";
    let sandbox = Sandbox::new(Some(config), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    assert_eq!(harness.state().selected_profile(), Some("dev"));
    harness.get_by_label_contains(
        "days old (imported on 29 Nov 2026). AWS advises replacing access keys every 90 days.",
    );
    harness.get_by_label("Security");
    harness.get_by_label("How it signs in");
    assert!(
        harness
            .query_by_label_contains("keyshelf_imported")
            .is_none(),
        "a raw key is shown"
    );
    assert!(
        harness.query_by_label("Role ARN").is_none(),
        "Role is out of the way"
    );
    assert!(harness.query_by_label("Remove cli_pager").is_none());
    harness.get_by_label("Advanced").click();
    let _ = harness.try_run();
    harness.get_by_label("Role").click();
    let _ = harness.try_run();
    harness.get_by_label("Role ARN");
    harness.get_by_label("Remove cli_pager");
    assert!(harness.query_by_label("Remove keyshelf_imported").is_none());

    // A role profile shows its Role section at once.
    harness.get_by_label_contains("admin").click();
    let _ = harness.try_run();
    assert_eq!(harness.state().selected_profile(), Some("admin"));
    assert!(harness.query_by_label("Advanced").is_none());
    harness.get_by_label("Role ARN");
}

#[test]
fn the_theme_follows_the_system_and_can_be_switched() {
    let sandbox = Sandbox::new(Some("[profile dev]\nregion = eu-west-1\n"), None);
    let mut harness = sandbox.harness();
    // As eframe starts the real app: following the system.
    harness.ctx.set_theme(egui::ThemePreference::System);
    let _ = harness.try_run();
    harness.get_by_label("More").click();
    let _ = harness.try_run();
    harness.get_by_label("As the system");
    harness.key_press(egui::Key::Escape);
    let _ = harness.try_run();
    for (choice, theme) in [("Dark", egui::Theme::Dark), ("Light", egui::Theme::Light)] {
        gui_support::menu(&mut harness, choice);
        assert_eq!(harness.ctx.theme(), theme);
    }
}

#[test]
fn enter_submits_a_dialog_and_escape_closes_it() {
    let sandbox = Sandbox::new(Some("[profile dev]\nregion = eu-west-1\n"), None);
    let mut harness = sandbox.harness();
    gui_support::menu(&mut harness, "Rename");
    let _ = harness.try_run();
    // Renamed to a name the files cannot hold: the dialog says why and stays.
    harness.get_by_label("New name").type_text("]bad");
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    harness.get_by_label_contains("cannot be a profile name");
    harness.key_press(egui::Key::Escape);
    let _ = harness.try_run();
    assert!(
        harness
            .query_by_label_contains("cannot be a profile name")
            .is_none()
    );
}

#[test]
fn a_console_sign_in_is_its_own_kind_with_its_principal() {
    let config =
        "[profile web]\nlogin_session = arn:aws:iam::123456789012:user/alice\nregion = eu-west-1\n";
    let sandbox = Sandbox::new(Some(config), None);
    let mut harness = sandbox.harness();
    assert_eq!(harness.state().selected_profile(), Some("web"));
    harness.get_by_label("signed in with your AWS console credentials");
    harness.get_by_label("arn:aws:iam::123456789012:user/alice");
    harness.get_by_label_contains(
        "The AWS tools will use the sign-in with your AWS console credentials",
    );
    // No keys to show, nothing to move to the keychain.
    assert!(harness.query_by_label("Access key ID").is_none());
    assert!(harness.query_by_label("Security").is_none());
    let _ = harness.try_run();
}

/// Test on an SSO profile the AWS CLI signs in (no token file here): one sentence naming the
/// button beside it, never a terminal command; the button opens the app's own sign-in to the
/// profile's session with the AWS CLI's token file ticked, since that file is all the profile
/// reads.
#[test]
fn a_failed_sso_test_offers_the_apps_own_sign_in() {
    let config = "[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n";
    let sandbox = Sandbox::new(Some(config), None);
    let mut harness = sandbox.harness();
    // Nothing may leave the machine: the missing token file stops the SDK before any call.
    harness
        .state_mut()
        .set_aws_endpoint(Some("http://127.0.0.1:9".into()));
    assert_eq!(harness.state().selected_profile(), Some("corp"));
    harness.get_by_label("Test").click();
    let _ = harness.try_run();
    gui_support::wait_for(&mut harness, "the test's answer", |h| {
        h.query_by_label_contains("✖").is_some()
    });
    let sentence = harness
        .get_by_label_contains("✖")
        .value()
        .unwrap_or_default();
    assert!(sentence.contains("Sign in with SSO…"), "{sentence}");
    assert!(!sentence.contains("aws "), "{sentence}");
    assert!(!sentence.contains("terminal"), "{sentence}");
    harness.get_by_label("Sign in with SSO…").click();
    gui_support::settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "Sign in with SSO (IAM Identity Center)");
    assert_eq!(
        harness.get_by_label("Start URL").value().as_deref(),
        Some("https://example.awsapps.com/start")
    );
    assert_eq!(
        harness.get_by_label("Session name").value().as_deref(),
        Some("corp")
    );
    let token_file = harness.get_by_label("Also write the AWS CLI's token file (plain text)");
    assert_eq!(
        token_file.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
}

/// Every setting's label says, on hover, the name the AWS files and docs use for it.
#[test]
fn every_setting_label_gives_its_aws_name_on_hover() {
    let config = "[profile dev]\nregion = eu-west-1\noutput = json\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n\n[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n";
    let sandbox = Sandbox::new(Some(config), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    // The tooltip at once: what is tested is its words, not egui's delay.
    harness
        .ctx
        .all_styles_mut(|style| style.interaction.tooltip_delay = 0.0);
    let mut read = Vec::new();
    for profile in ["dev", "admin", "corp"] {
        select(&mut harness, profile);
        for field in keyshelf::aws::fields::FIELDS {
            let label = By::new()
                .role(Role::Label)
                .label(field.label)
                .include_labels();
            let Some(node) = harness.query(label) else {
                continue;
            };
            node.hover();
            for _ in 0..3 {
                harness.step();
            }
            let words = format!("(the AWS name: {})", field.key);
            assert!(
                harness.query_by_label_contains(&words).is_some(),
                "{profile}: “{}” does not say {words}",
                field.label
            );
            read.push(field.key);
        }
    }
    for key in [
        "aws_access_key_id",
        "aws_secret_access_key",
        "region",
        "output",
        "role_arn",
        "source_profile",
        "mfa_serial",
        "sso_session",
    ] {
        assert!(read.contains(&key), "{key} was not on any page: {read:?}");
    }
}

/// A profile that signs in some other way (SSO, a program, keyshelf's own SSO sign-in) has no
/// keys to show: no credentials block, no "Show secret".
#[test]
fn sso_and_program_pages_show_no_keys() {
    let config = "[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n\n[profile program]\ncredential_process = /usr/bin/my-credentials --user me\n\n[profile served]\ncredential_process = /usr/local/bin/keyshelf credential-process --profile served --sso-session corp --sso-account-id 123456789012 --sso-role-name ReadOnly\n";
    let sandbox = Sandbox::new(Some(config), None);
    let mut harness = sandbox.harness();
    for profile in ["corp", "program", "served"] {
        select(&mut harness, profile);
        for keys in [
            "Show secret",
            "Secret access key",
            "Access key ID",
            "Session token",
            "Add a session token",
        ] {
            assert!(
                harness.query_by_label(keys).is_none(),
                "{profile} shows “{keys}”"
            );
        }
        harness.get_by_label("How it signs in");
    }
    harness.get_by_label_contains("SSO session corp: role ReadOnly in account 123456789012");
}

/// Opens `profile`'s page from the list.
fn select(harness: &mut egui_kittest::Harness<'_, keyshelf::gui::KeyshelfApp>, profile: &str) {
    let (start, comma) = (format!("{profile} "), format!("{profile},"));
    harness
        .get(By::new().role(Role::Button).predicate(move |node| {
            node.label()
                .is_some_and(|l| l.starts_with(&start) || l.starts_with(&comma))
        }))
        .click();
    gui_support::settle(harness);
    assert_eq!(harness.state().selected_profile(), Some(profile));
}
