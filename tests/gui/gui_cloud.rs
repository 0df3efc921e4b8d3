//! The profile page's "Test" button through egui_kittest, against moto's server
//! with IAM authentication: whose the credentials are, or why AWS refused them, in words.
#![cfg(all(feature = "gui", unix))]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;
use crate::gui_support;
use egui::accesskit::Role;

use common::moto::{self, Moto};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, wait_for};
use keyshelf::gui::KeyshelfApp;

/// The app over a sandbox whose profile `alice` holds `credentials`' keys, its AWS calls sent
/// to `moto`.
fn app(moto: &Moto, credentials: &str) -> (Sandbox, Harness<'static, KeyshelfApp>) {
    let sandbox = Sandbox::new(
        Some("[profile alice]\nregion = eu-west-1\n"),
        Some(credentials),
    );
    let mut harness = sandbox.harness();
    harness
        .state_mut()
        .set_aws_endpoint(Some(moto.endpoint.clone()));
    (sandbox, harness)
}

/// The app over alice's keys in the credentials file (a new IAM user of `moto`), and her key
/// ID and secret.
fn alices_app(moto: &Moto) -> (Sandbox, Harness<'static, KeyshelfApp>, String, String) {
    let (key, secret) = moto.user_with_key("alice");
    let credentials =
        format!("[alice]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n");
    let (sandbox, harness) = app(moto, &credentials);
    (sandbox, harness, key, secret)
}

#[test]
fn test_says_whose_the_keys_are_or_why_aws_refused() {
    if !moto::available() {
        return;
    }
    let moto = Moto::start();
    let (key, secret) = moto.user_with_key("alice");
    let credentials = format!(
        "[alice]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n\n\
         [bob]\naws_access_key_id = {key}\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    );
    let (_sandbox, mut harness) = app(&moto, &credentials);
    assert_eq!(harness.state().selected_profile(), Some("alice"));
    harness.get_by_label("Test").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "AWS's answer", |h| {
        h.query_by_label_contains("Works: account 123456789012")
            .is_some()
    });
    harness.get_by_label_contains("arn:aws:iam::123456789012:user/alice");

    harness.get_by_label_contains("bob").click();
    let _ = harness.try_run();
    harness.get_by_label("Test").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "AWS's refusal", |h| {
        h.query_by_label_contains("does not match the access key ID")
            .is_some()
    });
}

#[test]
fn rotate_keys_from_the_page_stores_a_new_working_key() {
    if !moto::available() {
        return;
    }
    let moto = Moto::start();
    let (sandbox, mut harness, key, secret) = alices_app(&moto);
    harness.get_by_label("Rotate keys…").click();
    let _ = harness.try_run();
    harness.get_by_role_and_label(Role::Dialog, "Rotate the keys of “alice”?");
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    wait_for(&mut harness, "the rotation", |h| {
        !h.state().is_keychain_busy() && h.query_by_label_contains("now uses the new key").is_some()
    });
    let after = sandbox.read(sandbox.credentials());
    assert!(!after.contains(&key), "{after}");
    assert!(!after.contains(&secret));
    // The old key is inactive; the result offers to delete it, and asks first.
    assert_eq!(alices_keys(&moto), "2");
    harness.get_by_label("Delete the old key now…").click();
    let _ = harness.try_run();
    harness.get_by_role_and_label(Role::Dialog, &format!("Delete the old key {key}?"));
    harness.get_by_label("Delete key").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the deletion", |h| {
        !h.state().is_keychain_busy() && h.query_by_label_contains("is deleted.").is_some()
    });
    assert_eq!(alices_keys(&moto), "1");
    // The new key works: Test says so.
    harness.get_by_label("Test").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "AWS's answer", |h| {
        h.query_by_label_contains("Works: account 123456789012")
            .is_some()
    });
}

/// How many access keys alice has in IAM.
fn alices_keys(moto: &Moto) -> String {
    moto.boto3("print(len(c('iam').list_access_keys(UserName='alice')['AccessKeyMetadata']))")
        .stdout
        .trim()
        .to_owned()
}

#[test]
fn rotate_keys_can_delete_the_old_key() {
    if !moto::available() {
        return;
    }
    let moto = Moto::start();
    let (_sandbox, mut harness, _, _) = alices_app(&moto);
    harness.get_by_label("Rotate keys…").click();
    let _ = harness.try_run();
    harness
        .get_by_label("Delete the old key once the new one works")
        .click();
    let _ = harness.try_run();
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    wait_for(&mut harness, "the rotation", |h| {
        !h.state().is_keychain_busy() && h.query_by_label_contains("is deleted").is_some()
    });
    assert_eq!(alices_keys(&moto), "1", "the old key is gone from IAM");
}

#[test]
fn rotate_keys_asks_for_an_mfa_code_when_iam_wants_one() {
    if !moto::available() {
        return;
    }
    let moto = Moto::start();
    let (key, secret) = moto.user_with_key("alice");
    // IAM refuses the plain key, as a policy on aws:MultiFactorAuthPresent does (moto does not
    // evaluate conditions: an explicit Deny stands in for it).
    moto.boto3(
        "c('iam').put_user_policy(UserName='alice', PolicyName='mfa', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 'iam:*', 'Resource': '*'}]}))",
    );
    let sandbox = Sandbox::new(
        Some(
            "[profile alice]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n",
        ),
        Some(&format!(
            "[alice]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"
        )),
    );
    let mut harness = sandbox.harness();
    harness
        .state_mut()
        .set_aws_endpoint(Some(moto.endpoint.clone()));
    let stored = sandbox.read(sandbox.credentials());
    harness.get_by_label("Rotate keys…").click();
    let _ = harness.try_run();
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    wait_for(&mut harness, "the MFA question", |h| {
        h.query_by_role_and_label(Role::Dialog, "MFA code to rotate “alice”")
            .is_some()
    });
    assert_eq!(
        sandbox.read(sandbox.credentials()),
        stored,
        "nothing changed yet"
    );
    gui_support::type_into(&mut harness, "MFA code", "123456");
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    // moto's STS hands out session keys its own IAM does not know, so the rotation stops
    // there; against AWS it goes on with the MFA session.
    wait_for(&mut harness, "the answer", |h| {
        !h.state().is_keychain_busy() && h.query_by_label_contains("Nothing was changed").is_some()
    });
    assert_eq!(sandbox.read(sandbox.credentials()), stored);
    assert_eq!(alices_keys(&moto), "1");
}
