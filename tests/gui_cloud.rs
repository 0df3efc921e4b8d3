//! The profile page's "Test" button (issue 13 §1) through egui_kittest, against moto's server
//! with IAM authentication: whose the credentials are, or why AWS refused them, in words.
#![cfg(all(feature = "gui", unix))]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;
mod gui_support;

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
    let (key, secret) = moto.user_with_key("alice");
    let credentials =
        format!("[alice]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n");
    let (sandbox, mut harness) = app(&moto, &credentials);
    harness.get_by_label("Rotate keys…").click();
    let _ = harness.try_run();
    harness.get_by_label("Rotate the keys of “alice”?");
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    wait_for(&mut harness, "the rotation", |h| {
        !h.state().is_keychain_busy() && h.query_by_label_contains("now uses the new key").is_some()
    });
    let after = sandbox.read(sandbox.credentials());
    assert!(!after.contains(&key), "{after}");
    assert!(!after.contains(&secret));
    // The new key works: Test says so.
    harness.get_by_label("Test").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "AWS's answer", |h| {
        h.query_by_label_contains("Works: account 123456789012")
            .is_some()
    });
}
