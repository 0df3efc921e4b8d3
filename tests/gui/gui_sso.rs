//! Sign in with SSO from the app, against the local fake of IAM Identity Center: the dialog's
//! three steps (where, the sign-in in a scripted browser, the accounts and roles), the profiles
//! it makes, and Open console on one of them.

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use keyshelf::keychain::MemoryStore;

use crate::common::moto;
use crate::common::sso_fake::SsoFake;
use crate::gui_support::{self, Sandbox, settle, type_into, wait_for};

/// The SSO region field's guess replaced by `region`, as a person would: select all, type.
fn replace_region(
    harness: &mut egui_kittest::Harness<'_, keyshelf::gui::KeyshelfApp>,
    region: &str,
) {
    harness.get_by_label("SSO region").click();
    settle(harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("SSO region").type_text(region);
    settle(harness);
    assert_eq!(
        harness.get_by_label("SSO region").value().as_deref(),
        Some(region)
    );
}

/// A person with only the start URL their company gave: the region is filled in (here the
/// `[default]` profile's), in the same searchable picker as a profile's Region, and Sign in
/// can be pressed at once.
#[test]
fn with_only_a_start_url_typed_the_region_is_filled_and_sign_in_is_enabled() {
    let sandbox = Sandbox::new(Some("[default]\nregion = eu-west-1\n"), None);
    let mut harness = sandbox.harness_with(Arc::new(MemoryStore::new()));
    gui_support::menu(&mut harness, "Sign in with SSO…");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Sign in")
            .accesskit_node()
            .is_disabled(),
        "no start URL yet"
    );
    type_into(&mut harness, "Start URL", "https://corp.example/start");
    assert_eq!(
        harness.get_by_label("SSO region").value().as_deref(),
        Some("eu-west-1")
    );
    harness.get_by_label("The region your start URL's IAM Identity Center is in.");
    assert!(
        !harness
            .get_by_role_and_label(Role::Button, "Sign in")
            .accesskit_node()
            .is_disabled()
    );
    // The picker: focusing the field lists the regions, by name too.
    harness.get_by_label("SSO region").click();
    settle(&mut harness);
    harness.get_by_label_contains("eu-west-1 — Europe (Ireland)");
}

#[test]
fn sign_in_pick_roles_and_open_the_console() {
    // The fake and the scripted browser are Python.
    if !moto::available() {
        return;
    }
    let fake = SsoFake::start();
    let sandbox = Sandbox::new(Some("[default]\nregion = eu-west-1\n"), None);
    let store = Arc::new(MemoryStore::new());
    let mut harness = sandbox.harness_with(store.clone());
    harness
        .state_mut()
        .set_aws_endpoint(Some(fake.endpoint.clone()));
    // A browser whose person is signed in: it follows the sign-in back to keyshelf.
    let opened: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = opened.clone();
    harness
        .state_mut()
        .set_browser(Arc::new(move |address: &str| {
            seen.lock().unwrap().push(address.to_owned());
            if address.contains("Action=login") {
                return true;
            }
            Command::new("python3")
                .args([
                    "-c",
                    "import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()",
                    address,
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .is_ok()
        }));
    gui_support::menu(&mut harness, "Sign in with SSO…");
    harness.get_by_role_and_label(Role::Dialog, "Sign in with SSO (IAM Identity Center)");
    type_into(&mut harness, "Start URL", "https://corp.example/start");
    replace_region(&mut harness, "eu-central-1");
    // A copy for tools that read only the AWS CLI's file, asked for here.
    harness.state_mut().set_home(Some(sandbox.home.clone()));
    harness
        .get_by_label("Also write the AWS CLI's token file (plain text)")
        .click();
    let _ = harness.try_run();
    harness
        .get_by_role_and_label(Role::Button, "Sign in")
        .click();
    settle(&mut harness);
    wait_for(&mut harness, "the accounts and roles", |h| {
        h.query_by_label("Make profiles").is_some()
    });
    assert_eq!(fake.count("Authorize"), 1, "signed in in the browser");
    // Every role is ticked; one is left out.
    harness.get_by_label("Admin in Development").click();
    let _ = harness.try_run();
    harness.get_by_label("Make profiles").click();
    settle(&mut harness);
    wait_for(&mut harness, "the profiles", |h| {
        h.query_by_label_contains("Made 2 profiles from SSO session my-sso")
            .is_some()
    });
    let config = sandbox.read(sandbox.config());
    assert!(
        config.contains("[sso-session my-sso]\nsso_start_url = https://corp.example/start\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n"),
        "{config}"
    );
    assert!(
        config.contains(
            "--sso-session my-sso --sso-account-id 111122223333 --sso-role-name ReadOnly"
        )
    );
    assert!(!config.contains("--sso-role-name Admin"), "{config}");
    assert!(!config.contains("fake-"), "no token in the config file");
    // Named as the AWS CLI names it: the SHA-1 of the session's name.
    let cache = sandbox.home.join(".aws/sso/cache");
    assert!(
        cache
            .join("0ad374308c5a4e22f723adf10145eafad7c4031c.json")
            .is_file()
    );
    assert_eq!(
        std::fs::read_dir(&cache).unwrap().count(),
        1,
        "the one file asked for"
    );
    assert_eq!(
        harness.state().selected_profile(),
        Some("development-readonly")
    );
    harness.get_by_label_contains("SSO session my-sso: role ReadOnly in account 111122223333");
    // Served by keyshelf, but from no item of keys: nothing is "missing from the keychain".
    gui_support::settle_jobs(&mut harness);
    let _ = harness.try_run();
    assert!(
        harness
            .query_by_label_contains("missing from the keychain")
            .is_none(),
        "an SSO role has no keys to miss"
    );
    wait_for(&mut harness, "the sign-in's state", |h| {
        h.query_by_label("✔ signed in; it renews itself").is_some()
    });

    harness.get_by_label("Open console").click();
    settle(&mut harness);
    wait_for(&mut harness, "the console", |h| {
        h.query_by_label_contains("Opened the AWS console as development-readonly")
            .is_some()
    });
    assert!(
        opened
            .lock()
            .unwrap()
            .iter()
            .any(|a| a.starts_with(&format!("{}/federation?Action=login", fake.endpoint)))
    );
    assert_eq!(fake.count("GetSigninToken"), 1);

    // Sign out: the tokens leave the keychain, and the exported file goes too.
    harness.get_by_label("Sign out").click();
    settle(&mut harness);
    wait_for(&mut harness, "the sign-out", |h| {
        h.query_by_label_contains("Signed out of SSO session my-sso")
            .is_some()
    });
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0);
    assert_eq!(store.len(), 0, "{:?}", store.len());
    wait_for(&mut harness, "the sign-in's state", |h| {
        h.query_by_label("⚠ not signed in on this computer")
            .is_some()
    });

    // Sign in again from the page: the browser, then a word on the page; no picker this time.
    harness.get_by_label("Sign in again…").click();
    settle(&mut harness);
    wait_for(&mut harness, "the sign-in", |h| {
        h.query_by_label_contains("Signed in to SSO session my-sso")
            .is_some()
    });
    assert!(harness.query_by_label("Make profiles").is_none());
    assert_eq!(fake.count("Authorize"), 2);
    assert_eq!(store.len(), 1, "the sign-in is back in the keychain");
    wait_for(&mut harness, "the sign-in's state", |h| {
        h.query_by_label("✔ signed in; it renews itself").is_some()
    });
}

#[test]
fn a_sign_in_that_fails_says_why_in_the_dialog_and_keeps_the_session_it_saved() {
    let sandbox = Sandbox::new(Some("[default]\nregion = eu-west-1\n"), None);
    let mut harness = sandbox.harness_with(Arc::new(MemoryStore::new()));
    // Nothing listens here: IAM Identity Center cannot be reached.
    harness
        .state_mut()
        .set_aws_endpoint(Some("http://127.0.0.1:9".into()));
    gui_support::menu(&mut harness, "Sign in with SSO…");
    type_into(&mut harness, "Start URL", "https://corp.example/start");
    replace_region(&mut harness, "eu-central-1");
    harness
        .get_by_role_and_label(Role::Button, "Sign in")
        .click();
    settle(&mut harness);
    wait_for(&mut harness, "the failure", |h| {
        h.query_by_label_contains("could not be reached").is_some()
    });
    // Still in the dialog, at its first step, to try again.
    harness.get_by_label("Start URL");
    // The session was saved before the sign-in, by keyshelf: no "another program" banner.
    assert!(
        sandbox
            .read(sandbox.config())
            .contains("[sso-session my-sso]")
    );
    assert!(
        harness
            .query_by_label_contains("Another program changed")
            .is_none()
    );
    assert!(!harness.state().is_dirty());
}

/// The config file of a person who signed in before: the dialog's sign-in (its default name,
/// the region `[default]` gives, this start URL) changes nothing in it.
const SIGNED_IN_BEFORE: &str = "[default]\nregion = eu-central-1\n\n[sso-session my-sso]\nsso_start_url = https://corp.example/start\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n";

/// The app against the fake with no browser: Sign in falls back to the device code. Returns
/// the address and the code the dialog shows, once it shows them.
fn device_code_shown(
    fake: &SsoFake,
    sandbox: &Sandbox,
    store: Arc<MemoryStore>,
) -> (
    egui_kittest::Harness<'static, keyshelf::gui::KeyshelfApp>,
    String,
    String,
) {
    let mut harness = sandbox.harness_with(store);
    harness
        .state_mut()
        .set_aws_endpoint(Some(fake.endpoint.clone()));
    harness.state_mut().set_home(Some(sandbox.home.clone()));
    harness.state_mut().set_browser(Arc::new(|_: &str| false));
    gui_support::menu(&mut harness, "Sign in with SSO…");
    type_into(&mut harness, "Start URL", "https://corp.example/start");
    harness
        .get_by_role_and_label(Role::Button, "Sign in")
        .click();
    // Not `settle`: the sign-in's job runs until the code is confirmed.
    let _ = harness.try_run();
    wait_for(&mut harness, "the device code", |h| {
        h.query_by_label("Copy code").is_some()
    });
    let prefix = format!("{}/device?user_code=", fake.endpoint);
    let address = harness
        .get_by_label_contains(&prefix)
        .accesskit_node()
        .value()
        .expect("the address is a label's text");
    let code = address[prefix.len()..].to_owned();
    assert!(!code.is_empty(), "{address}");
    harness.get_by_label(&code);
    (harness, address, code)
}

/// Where no browser opens: the address and the code on screen, each copied to the app's
/// clipboard by its button; Cancel stops waiting, says so on the page, and leaves the files and
/// the keychain as they were.
#[test]
fn the_device_code_is_shown_copied_and_cancelled_with_nothing_changed() {
    if !moto::available() {
        return;
    }
    let fake = SsoFake::start();
    let sandbox = Sandbox::new(Some(SIGNED_IN_BEFORE), None);
    let store = Arc::new(MemoryStore::new());
    let (mut harness, address, code) = device_code_shown(&fake, &sandbox, store.clone());
    harness.get_by_label(
        "No browser opened here. On any device, open this address and confirm the code:",
    );

    harness.get_by_label("Copy code").click();
    harness.step();
    assert_eq!(
        gui_support::copied_text(&harness).as_deref(),
        Some(code.as_str())
    );
    harness.get_by_label("Copy address").click();
    harness.step();
    assert_eq!(
        gui_support::copied_text(&harness).as_deref(),
        Some(address.as_str())
    );

    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    let _ = harness.try_run();
    assert!(
        harness.query_by_label("Copy code").is_none(),
        "the dialog closed"
    );
    wait_for(&mut harness, "the word on the page", |h| {
        h.query_by_label_contains("Sign-in cancelled. Nothing was changed.")
            .is_some()
    });
    gui_support::settle_jobs(&mut harness);
    assert_eq!(
        fake.count("TokensIssued"),
        0,
        "never approved, never redeemed"
    );
    assert_eq!(store.len(), 0, "nothing in the keychain");
    assert_eq!(sandbox.read(sandbox.config()), SIGNED_IN_BEFORE);
    assert!(!sandbox.credentials().exists());
    assert!(!sandbox.home.join(".aws/sso").exists());
}

/// A device code that expires before anyone confirms it: the dialog says time ran out (not
/// "cancelled", not "denied") and what to do, at its first step to try again. The fake expires
/// the code on demand, so no test waits out a real time limit.
#[test]
fn a_device_code_that_expires_says_time_ran_out_and_how_to_try_again() {
    if !moto::available() {
        return;
    }
    let fake = SsoFake::start();
    let sandbox = Sandbox::new(Some(SIGNED_IN_BEFORE), None);
    let store = Arc::new(MemoryStore::new());
    let (mut harness, _, _) = device_code_shown(&fake, &sandbox, store.clone());
    fake.expire();
    wait_for(&mut harness, "the time-out", |h| {
        h.query_by_label("Start URL").is_some()
    });
    harness.get_by_label(
        "Time ran out: the code was not confirmed within 10 minutes, and it has expired; nothing was kept. Press Sign in for a new code, and confirm it before it expires.",
    );
    assert!(harness.query_by_label_contains("cancelled").is_none());
    assert_eq!(store.len(), 0);
    assert_eq!(sandbox.read(sandbox.config()), SIGNED_IN_BEFORE);
}
