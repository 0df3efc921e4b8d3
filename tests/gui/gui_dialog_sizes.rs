//! Every dialog at the window's smallest size (640×420) and on a large screen: its answer
//! buttons in sight as it opens, and every other control inside the window across and, once
//! the dialog's own scroll area brings it there, down. The Health page too, with findings.
#![cfg(all(feature = "gui", unix))]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_sizes::harness;
use crate::gui_support::{self, Sandbox, settle, type_into, wait_for};

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, Node};
use keyshelf::gui::KeyshelfApp;
use keyshelf::keychain::SecretStore;

const CONFIG: &str = "[profile dev]\nregion = eu-west-1\n";
const CREDENTIALS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
/// A "create user" download: a row whose profile exists with this very key, and a row with a
/// long user name.
const CSV: &str = "User name,Access key ID,Secret access key\ndev,AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\ndeployment-pipeline-for-the-billing-service-in-production,AKIAI44QH8DHBEXAMPLE,je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n";

/// The smallest window and a large screen.
const SIZES: [(f32, f32); 2] = [(640.0, 420.0), (1920.0, 1080.0)];

/// The app at `size` over dev's plaintext keys, offering to install first (the tests' program
/// sits in a temporary folder, as a download would).
fn app(sandbox: &Sandbox, size: (f32, f32)) -> Harness<'static, KeyshelfApp> {
    let mut harness = harness(sandbox, size, false);
    harness.state_mut().set_install_offer(true);
    settle(&mut harness);
    harness
}

/// Where `node` is, in points; `None` for a node with no place of its own.
fn rect_of(harness: &Harness<'_, KeyshelfApp>, node: &Node<'_>) -> Option<egui::Rect> {
    let ppp = harness.ctx.pixels_per_point();
    let b = node.accesskit_node().bounding_box()?;
    Some(egui::Rect::from_min_max(
        egui::pos2(b.x0 as f32 / ppp, b.y0 as f32 / ppp),
        egui::pos2(b.x1 as f32 / ppp, b.y1 as f32 / ppp),
    ))
}

/// Every control of the dialog titled `dialog` (or of the whole window) is inside the window
/// across, and down once scrolled to; the controls named `buttons` are inside both ways as it
/// is, and stay so while the rest is scrolled.
#[track_caller]
fn assert_fits(
    harness: &mut Harness<'_, KeyshelfApp>,
    dialog: Option<&str>,
    what: &str,
    size: (f32, f32),
    buttons: &[&str],
) {
    let root = match dialog {
        Some(title) => harness.get_by_role_and_label(Role::Dialog, title),
        None => harness.root(),
    };
    let inside: Vec<_> = root
        .children_recursive()
        .map(|node| {
            let ak = node.accesskit_node();
            let label = ak.label().unwrap_or_default();
            let value = ak.value().unwrap_or_default();
            let button = buttons.contains(&label.as_str()).then_some(label.clone());
            (
                ak.id(),
                format!("{:?} {label:?} {value:?}", ak.role()),
                button,
            )
        })
        .collect();
    for button in buttons {
        assert!(
            inside.iter().any(|(_, _, b)| b.as_deref() == Some(*button)),
            "{what} at {size:?} has no {button:?}"
        );
    }
    let place = |h: &Harness<'_, KeyshelfApp>, id| rect_of(h, &h.query_by(move |n| n.id() == id)?);
    let in_window = |rect: egui::Rect, down: bool| {
        rect.min.x >= -0.5
            && rect.max.x <= size.0 + 0.5
            && (!down || (rect.min.y >= -0.5 && rect.max.y <= size.1 + 0.5))
    };
    let buttons_in_sight = |h: &Harness<'_, KeyshelfApp>| {
        for (id, control, _) in inside.iter().filter(|(_, _, b)| b.is_some()) {
            let rect = place(h, *id).unwrap_or_else(|| panic!("{control} in {what} is gone"));
            assert!(
                in_window(rect, true),
                "{control} in {what} at {size:?} is out of sight: {rect:?}"
            );
        }
    };
    buttons_in_sight(harness);
    for (id, control, _) in &inside {
        let id = *id;
        let Some(mut rect) = place(harness, id) else {
            continue;
        };
        if !in_window(rect, true) {
            harness.get_by(move |n| n.id() == id).scroll_to_me();
            let _ = harness.try_run();
            rect = place(harness, id).unwrap_or(rect);
        }
        assert!(
            in_window(rect, false),
            "{control} in {what} at {size:?} is cut off across: {rect:?}"
        );
        assert!(
            in_window(rect, true),
            "{control} in {what} at {size:?} cannot be brought into the window: {rect:?}"
        );
        buttons_in_sight(harness);
    }
}

/// [`assert_fits`] for the dialog titled `title`.
#[track_caller]
fn assert_dialog_fits(
    harness: &mut Harness<'_, KeyshelfApp>,
    title: &str,
    size: (f32, f32),
    buttons: &[&str],
) {
    assert_fits(
        harness,
        Some(title),
        &format!("the dialog {title:?}"),
        size,
        buttons,
    );
}

#[test]
fn the_import_preview_fits_with_a_conflict_and_a_long_file_name() {
    for size in SIZES {
        let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
        let mut harness = app(&sandbox, size);
        let csv = sandbox
            .root()
            .join("new_user_credentials for the billing team, production account (copy 3).csv");
        fs::write(&csv, CSV).unwrap();
        gui_support::drop_file(&mut harness, csv);
        harness.get_by_label_contains("This key is already in profile “dev”");
        assert_dialog_fits(
            &mut harness,
            "Import access keys",
            size,
            &["Import", "Cancel"],
        );
    }
}

#[test]
fn new_profile_with_keys_and_the_install_offer_fits() {
    for size in SIZES {
        let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
        let mut harness = app(&sandbox, size);
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
        settle(&mut harness);
        type_into(
            &mut harness,
            "Profile name",
            "billing-production-deployments",
        );
        type_into(&mut harness, "Its access key ID", "AKIAI44QH8DHBEXAMPLE");
        type_into(&mut harness, "Its secret access key", "short");
        harness.get_by_label("Install keyshelf first (recommended)");
        assert_dialog_fits(&mut harness, "New profile", size, &["Create", "Cancel"]);
    }
}

#[test]
fn rotate_and_secure_all_ask_in_dialogs_that_fit() {
    for size in SIZES {
        let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
        let mut harness = app(&sandbox, size);
        harness.get_by_label("Rotate keys…").scroll_to_me();
        let _ = harness.try_run();
        harness.get_by_label("Rotate keys…").click();
        settle(&mut harness);
        let title = "Rotate the keys of “dev”?";
        assert_dialog_fits(&mut harness, title, size, &["Rotate keys", "Cancel"]);
        harness.get_by_label("Cancel").click();
        settle(&mut harness);

        harness.get_by_label("🔒 Secure all").click();
        settle(&mut harness);
        harness.get_by_label("Install keyshelf first (recommended)");
        let title = "Move every plaintext key to the keychain?";
        assert_dialog_fits(&mut harness, title, size, &["Secure all", "Cancel"]);
    }
}

#[test]
fn the_error_about_and_mfa_dialogs_fit() {
    for size in SIZES {
        let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
        let mut harness = app(&sandbox, size);
        // A file that is no access-key CSV, with a long name: said in the error dialog.
        let junk = sandbox
            .root()
            .join("quarterly-report-for-the-billing-team-with-every-account-and-region.txt");
        fs::write(&junk, "Quarterly report\nnothing, to, import, here\n").unwrap();
        gui_support::drop_file(&mut harness, junk);
        assert_dialog_fits(&mut harness, "Something went wrong", size, &["OK"]);
        harness.get_by_label("OK").click();
        settle(&mut harness);

        gui_support::menu(&mut harness, "About");
        let title = format!("keyshelf {}", env!("CARGO_PKG_VERSION"));
        assert_dialog_fits(&mut harness, &title, size, &["Close"]);
    }
    for size in SIZES {
        let (_sandbox, mut harness) = mfa_app(size);
        harness.get_by_label("Start session").scroll_to_me();
        let _ = harness.try_run();
        harness.get_by_label("Start session").click();
        settle(&mut harness);
        let title = "Start a session for “alice”";
        assert_dialog_fits(&mut harness, title, size, &["Start session", "Cancel"]);
    }
}

/// alice's keys in the in-memory keychain, her profile served by keyshelf with temporary
/// credentials and an MFA device; AWS calls go to a port where nothing listens.
fn mfa_app(size: (f32, f32)) -> (Sandbox, Harness<'static, KeyshelfApp>) {
    let sandbox = Sandbox::new(None, None);
    let program = sandbox.root().join("keyshelf");
    sandbox.write_config(format!(
        "[profile alice]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::123456789012:mfa/alice-with-a-long-device-name\ncredential_process = \"{}\" credential-process --profile alice --temporary 3600\n",
        program.display()
    ));
    let store = sandbox.store_with_example_keys("alice");
    let factory: keyshelf::gui::StoreFactory = Arc::new(move || {
        let store: Arc<dyn SecretStore> = store.clone();
        Ok(store)
    });
    let mut harness = sandbox.harness_sized(factory, egui::vec2(size.0, size.1));
    harness
        .state_mut()
        .set_aws_endpoint(Some("http://127.0.0.1:9".into()));
    wait_for(&mut harness, "the session's state", |h| {
        h.query_by_label("Start session").is_some()
    });
    (sandbox, harness)
}

#[test]
fn the_health_page_with_findings_fits() {
    for size in SIZES {
        let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
        let home = sandbox.root().join("searched-home");
        let csv = home.join("Downloads/deployment-pipeline-for-billing_accessKeys.csv");
        fs::create_dir_all(csv.parent().unwrap()).unwrap();
        fs::write(&csv, CSV).unwrap();
        fs::write(home.join("Downloads/dev_accessKeys.csv"), CSV).unwrap();
        fs::set_permissions(sandbox.credentials(), fs::Permissions::from_mode(0o644)).unwrap();
        let mut harness = app(&sandbox, size);
        harness.state_mut().set_home(Some(home));
        harness.get_by_label("Health").click();
        let _ = harness.try_run();
        wait_for(&mut harness, "the health check", |h| {
            h.state().health_report().is_some() && !h.state().is_checking_health()
        });
        let findings = harness.state().health_report().unwrap().findings.len();
        assert!(findings >= 3, "{findings} findings");
        // The whole window: the bar (its Health tab now counts the findings), the page and the
        // status bar.
        assert_fits(
            &mut harness,
            None,
            "the Health page",
            size,
            &["Back to profiles"],
        );
    }
}
