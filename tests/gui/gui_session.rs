//! Temporary credentials on a keychain profile's page through egui_kittest: the
//! switch writes `--temporary` into the profile's line, Start session asks for the MFA code in
//! a dialog and gets a session from moto's STS, End session forgets it. The keychain is the
//! in-memory one; the real Secret Service and the real binary run in `tests/aws/session.rs`.
#![cfg(all(feature = "gui", unix))]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;
use crate::gui_support;

use std::sync::Arc;

use common::moto::{self, Moto};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, wait_for};
use keyshelf::gui::KeyshelfApp;
use keyshelf::keychain::{ItemKey, MemoryStore, SecretStore, StoredKeys};
use keyshelf::secret::Secret;

/// alice's keys in the in-memory keychain, her profile served by keyshelf and naming an MFA
/// device, the app's AWS calls sent to moto.
/// `temporary` is what follows the line (`" --temporary 3600"`), or nothing.
fn app(moto: &Moto, temporary: &str) -> (Sandbox, Arc<MemoryStore>, Harness<'static, KeyshelfApp>) {
    let (key, secret) = moto.user_with_key("alice");
    let sandbox = Sandbox::new(None, None);
    let program = sandbox.dir.path().join("keyshelf");
    std::fs::write(
        sandbox.config(),
        format!(
            "[profile alice]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\ncredential_process = \"{}\" credential-process --profile alice{temporary}\n",
            program.display()
        ),
    )
    .unwrap();
    let store = Arc::new(MemoryStore::new());
    let keys = StoredKeys {
        access_key_id: key,
        secret_access_key: Secret::new(secret),
        session_token: None,
    };
    store
        .put(&ItemKey::new("alice", &sandbox.credentials()), &keys)
        .unwrap();
    let mut harness = sandbox.harness_with(store.clone());
    harness
        .state_mut()
        .set_aws_endpoint(Some(moto.endpoint.clone()));
    let _ = harness.try_run();
    (sandbox, store, harness)
}

fn idle(h: &Harness<'_, KeyshelfApp>) -> bool {
    !h.state().is_keychain_busy()
}

#[test]
fn temporary_credentials_are_switched_started_and_ended_from_the_page() {
    if !moto::available() {
        return;
    }
    let moto = Moto::start();
    let (sandbox, store, mut harness) = app(&moto, "");
    harness.get_by_label("Temporary credentials").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the switch to be saved", |h| {
        idle(h) && h.query_by_label_contains("No session now").is_some()
    });
    let config = sandbox.read(sandbox.config());
    assert!(
        config.contains("credential-process --profile alice --temporary 43200\n"),
        "{config}"
    );
    harness.get_by_label_contains("asking for an MFA code");

    harness.get_by_label("Start session").click();
    let _ = harness.try_run();
    harness.get_by_label("Start a session for “alice”");
    gui_support::type_into(&mut harness, "MFA code", "123456");
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    wait_for(&mut harness, "the session", |h| {
        idle(h) && h.query_by_label_contains("Session until").is_some()
    });
    harness.get_by_label_contains("made with MFA");
    assert_eq!(store.len(), 2, "the keys and the session");

    harness.get_by_label("End session").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the end of the session", |h| {
        idle(h) && h.query_by_label_contains("No session now").is_some()
    });
    assert_eq!(store.len(), 1);

    harness.get_by_label("Temporary credentials").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "the switch back", |h| {
        idle(h) && h.query_by_label_contains("Session length").is_none()
    });
    assert!(!sandbox.read(sandbox.config()).contains("--temporary"));
}

#[test]
fn a_session_that_cannot_start_is_said_and_none_is_kept() {
    if !moto::available() {
        return;
    }
    let moto = Moto::start();
    let (_sandbox, store, mut harness) = app(&moto, " --temporary 3600");
    // Nothing listens here: AWS cannot be reached.
    harness
        .state_mut()
        .set_aws_endpoint(Some("http://127.0.0.1:9".into()));
    wait_for(&mut harness, "the session's state", |h| {
        h.query_by_label_contains("No session now").is_some()
    });
    harness.get_by_label("Start session").click();
    let _ = harness.try_run();
    gui_support::type_into(&mut harness, "MFA code", "123456");
    harness.key_press(egui::Key::Enter);
    let _ = harness.try_run();
    wait_for(&mut harness, "the failure", |h| {
        idle(h) && h.query_by_label_contains("could not be reached").is_some()
    });
    assert_eq!(store.len(), 1, "no session was kept");
}
