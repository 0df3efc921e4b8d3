//! Temporary credentials on a keychain profile's page through egui_kittest: the
//! switch writes `--temporary` into the profile's line, Start session asks for the MFA code in
//! a dialog and gets a session from moto's STS, End session forgets it. The keychain is the
//! in-memory one; the real Secret Service and the real binary run in `tests/aws/session.rs`.
#![cfg(all(feature = "gui", unix))]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;
use crate::gui_support;
use egui::accesskit::Role;

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
    let program = sandbox.root().join("keyshelf");
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
    harness.get_by_role_and_label(Role::Dialog, "Start a session for “alice”");
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
fn a_session_started_elsewhere_shows_when_the_window_is_back_in_focus() {
    if !moto::available() {
        return;
    }
    let moto = Moto::start();
    let (sandbox, store, mut harness) = app(&moto, " --temporary 3600");
    wait_for(&mut harness, "the session's state", |h| {
        h.query_by_label_contains("No session now").is_some()
    });
    // The command line (or the small MFA window of a credential_process call) starts one.
    let workspace = keyshelf::files::Workspace::load(sandbox.paths()).unwrap();
    let shared: Arc<dyn keyshelf::keychain::SecretStore> = store.clone();
    let factory: keyshelf::gui::StoreFactory = Arc::new(move || Ok(shared.clone()));
    let target = keyshelf::cloud::Target {
        paths: sandbox.paths(),
        endpoint: Some(moto.endpoint.clone()),
    };
    keyshelf::action::start_session(
        &workspace,
        &factory,
        "alice",
        &target,
        std::time::Instant::now() + std::time::Duration::from_secs(30),
        &mut |_| Ok(Secret::new("123456".to_owned())),
    )
    .unwrap();
    // Nothing on the page changes by itself between frames…
    for _ in 0..5 {
        harness.step();
    }
    harness.get_by_label_contains("No session now");
    // …but coming back to the window asks again at once.
    harness
        .input_mut()
        .events
        .push(egui::Event::WindowFocused(true));
    wait_for(&mut harness, "the session started elsewhere", |h| {
        h.query_by_label_contains("Session until").is_some()
    });
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

/// The picker beside temporary credentials lists the user's MFA devices as IAM has them
/// (ListMFADevices, asked with the profile's own key from the keychain), and choosing one
/// writes it into `mfa_serial` once saved.
#[test]
fn the_mfa_device_picker_lists_the_users_devices_and_writes_the_chosen_one() {
    if !moto::available() {
        return;
    }
    let moto = Moto::start();
    let (sandbox, _store, mut harness) = app(&moto, "");
    let made = moto.boto3(
        "iam = c('iam')\n\
         for name in ('alice-phone', 'alice-laptop'):\n\
         \x20   d = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)['VirtualMFADevice']\n\
         \x20   iam.enable_mfa_device(UserName='alice', SerialNumber=d['SerialNumber'], AuthenticationCode1='123456', AuthenticationCode2='654321')\n\
         \x20   print(d['SerialNumber'])",
    );
    let serials: Vec<&str> = made.stdout.lines().collect();
    assert_eq!(serials.len(), 2, "{}", made.stderr);

    harness.get_by_label("Find my MFA devices").click();
    let _ = harness.try_run();
    wait_for(&mut harness, "IAM's list of MFA devices", |h| {
        h.query_by_label_contains("Asking AWS for your MFA devices")
            .is_none()
    });
    assert!(
        harness
            .query_by_label_contains("could not be listed")
            .is_none()
    );
    harness.get_by_label("MFA device").click();
    let _ = harness.try_run();
    harness.get_by_label(serials[0]);
    harness.get_by_label(serials[1]).click();
    let _ = harness.try_run();
    assert!(harness.state().is_dirty());
    gui_support::save(&mut harness);
    let config = sandbox.read(sandbox.config());
    assert!(
        config.contains(&format!("mfa_serial = {}\n", serials[1])),
        "{config}"
    );
}
