//! Every control on every screen has a name a screen reader can say: each kind of profile's page
//! with every section open, Health, the More menu and each dialog it opens. The same check runs
//! on the real window over AT-SPI in `gui_real_window`.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use keyshelf::gui::KeyshelfApp;

use crate::common::{CREDENTIALS, rich_config};
use crate::gui_support::{self, Sandbox, settle};

/// The roles a person operates.
const CONTROLS: &[Role] = &[
    Role::Button,
    Role::CheckBox,
    Role::RadioButton,
    Role::TextInput,
    Role::PasswordInput,
    Role::MultilineTextInput,
    Role::SearchInput,
    Role::ComboBox,
    Role::MenuItem,
    Role::MenuItemCheckBox,
    Role::MenuItemRadio,
    Role::SpinButton,
    Role::Slider,
    Role::Link,
    Role::DisclosureTriangle,
    Role::Dialog,
    Role::Window,
];

/// What a screen reader would stop on and say nothing: a control without a label, or a label
/// without text.
fn unnamed(harness: &Harness<'_, KeyshelfApp>, screen: &str) -> Vec<String> {
    harness
        .query_all(By::new().predicate(|node| {
            let role = node.role();
            let blank = |text: Option<String>| text.is_none_or(|t| t.trim().is_empty());
            if role == Role::Label {
                blank(node.value())
            } else if role == Role::Window {
                false // The root: eframe names it after the window's title, outside kittest.
            } else {
                CONTROLS.contains(&role) && blank(node.label()) && blank(node.value())
            }
        }))
        .map(|node| {
            format!(
                "{screen}: {:?} at {:?}",
                node.accesskit_node().role(),
                node.rect()
            )
        })
        .collect()
}

/// The page's sections, which fold.
const SECTIONS: &[&str] = &["Advanced", "Role", "SSO", "Other settings", "Details"];

/// Opens every folded section on the page (Advanced, then what it holds).
fn open_sections(harness: &mut Harness<'_, KeyshelfApp>) {
    for _ in 0..3 {
        let closed: Vec<String> = harness
            .query_all(By::new().role(Role::DisclosureTriangle).predicate(|node| {
                node.data().is_expanded() == Some(false)
                    && node.label().is_some_and(|l| SECTIONS.contains(&l.as_str()))
            }))
            .filter_map(|node| node.accesskit_node().label())
            .collect();
        if closed.is_empty() {
            return;
        }
        for label in closed {
            if let Some(node) = harness.query_by_label(&label) {
                node.click();
            }
            let _ = harness.try_run();
        }
    }
}

fn select(harness: &mut Harness<'_, KeyshelfApp>, profile: &str) {
    let start = format!("{profile} ");
    let comma = format!("{profile},");
    harness
        .get(By::new().role(Role::Button).predicate(move |node| {
            node.label()
                .is_some_and(|l| l.starts_with(&start) || l.starts_with(&comma))
        }))
        .click();
    settle(harness);
}

#[test]
fn every_control_on_every_screen_has_a_name() {
    let sandbox = Sandbox::new(Some(&rich_config()), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    settle(&mut harness);
    let mut missing = Vec::new();
    for profile in ["default", "dev", "sso-user", "vault", "staging", "ci"] {
        select(&mut harness, profile);
        open_sections(&mut harness);
        if profile == "default" {
            harness.get_by_label("Role ARN");
        }
        missing.extend(unnamed(&harness, &format!("the page of {profile}")));
    }
    harness.get_by_label("More").click();
    let _ = harness.try_run();
    missing.extend(unnamed(&harness, "the More menu"));
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    for item in ["About", "Rename", "Duplicate", "Delete"] {
        gui_support::menu(&mut harness, item);
        settle(&mut harness);
        assert!(
            harness.query(By::new().role(Role::Dialog)).is_some(),
            "{item} opens a dialog"
        );
        missing.extend(unnamed(&harness, item));
        harness.key_press(egui::Key::Escape);
        settle(&mut harness);
    }
    harness.get_by_label("New").click();
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "New profile");
    missing.extend(unnamed(&harness, "New profile"));
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    harness.get_by_label("Health").click();
    settle(&mut harness);
    gui_support::settle_jobs(&mut harness);
    missing.extend(unnamed(&harness, "Health"));
    assert!(missing.is_empty(), "{missing:#?}");
}

/// Looks for unnamed controls while `title`'s dialog is open, then closes it with Escape.
fn dialog_names(harness: &mut Harness<'_, KeyshelfApp>, title: &str, missing: &mut Vec<String>) {
    settle(harness);
    harness.get_by_role_and_label(Role::Dialog, title);
    missing.extend(unnamed(harness, title));
    harness.key_press(egui::Key::Escape);
    settle(harness);
    assert!(
        harness.query(By::new().role(Role::Dialog)).is_none(),
        "{title} stays open"
    );
}

/// The dialogs and pages a person meets on the way to securing keys: Secure all, the install
/// question, Replace keys, Rotate, Restore all, the SSO sign-in, the MFA code, the import
/// preview, the error dialog, the welcome page and the page of a file keyshelf cannot read.
#[test]
fn every_control_of_every_dialog_and_first_page_has_a_name() {
    const KEYS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
    let sandbox = Sandbox::new(Some("[profile dev]\nregion = eu-west-1\n"), Some(KEYS));
    let mut harness = sandbox.harness();
    // As from a download: the keychain actions ask whether to install first.
    harness.state_mut().set_install_offer(true);
    settle(&mut harness);
    let mut missing = Vec::new();

    harness.get_by_label("🔒 Secure all").click();
    dialog_names(
        &mut harness,
        "Move every plaintext key to the keychain?",
        &mut missing,
    );
    harness.get_by_label("Move to keychain").click();
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "Install keyshelf first?");
    missing.extend(unnamed(&harness, "Install keyshelf first?"));
    // Never install from a test (that is the real home).
    harness.get_by_label("Continue without installing").click();
    settle(&mut harness);
    gui_support::wait_for(&mut harness, "the move", |h| {
        !h.state().is_keychain_busy() && h.query_by_label("Replace keys…").is_some()
    });
    if let Some(summary) = harness.query_by_label("OK") {
        summary.click();
        settle(&mut harness);
    }
    missing.extend(unnamed(&harness, "a keychain profile's page"));

    harness.get_by_label("Replace keys…").click();
    dialog_names(&mut harness, "New keys for “dev”", &mut missing);
    harness.get_by_label("Rotate keys…").click();
    dialog_names(&mut harness, "Rotate the keys of “dev”?", &mut missing);
    gui_support::menu(&mut harness, "Restore all");
    dialog_names(
        &mut harness,
        "Put every key back into the credentials file?",
        &mut missing,
    );
    gui_support::menu(&mut harness, "Sign in with SSO…");
    dialog_names(
        &mut harness,
        "Sign in with SSO (IAM Identity Center)",
        &mut missing,
    );

    let csv = sandbox.root().join("alice_accessKeys.csv");
    std::fs::write(
        &csv,
        "Access key ID,Secret access key\r\nAKIAI44QH8DHBEXAMPLE,je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\r\n",
    )
    .unwrap();
    gui_support::drop_file(&mut harness, csv);
    dialog_names(&mut harness, "Import access keys", &mut missing);

    let png = sandbox.root().join("photo.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n").unwrap();
    gui_support::drop_file(&mut harness, png);
    settle(&mut harness);
    harness.get_by_label_contains("photo.png: this is not a CSV file");
    missing.extend(unnamed(&harness, "the error dialog"));
    harness.get_by_label("OK").click();
    settle(&mut harness);

    missing.extend(mfa_code_names());

    let empty = Sandbox::new(None, None);
    let welcome = empty.harness();
    welcome.get_by_label("Welcome to keyshelf");
    missing.extend(unnamed(&welcome, "the welcome page"));

    let broken = Sandbox::new(Some("[profile dev]\nregion eu-west-1\n"), None);
    let unreadable = broken.harness();
    unreadable.get_by_label("keyshelf cannot read your AWS files");
    missing.extend(unnamed(&unreadable, "the page of an unreadable file"));
    assert!(missing.is_empty(), "{missing:#?}");
}

/// The MFA code dialog, as Start session opens it on a keychain profile that names an MFA
/// device (no AWS call is made until a code is given).
fn mfa_code_names() -> Vec<String> {
    let sandbox = Sandbox::new(None, None);
    let program = sandbox.root().join("keyshelf");
    std::fs::write(
        sandbox.config(),
        format!(
            "[profile alice]\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\ncredential_process = \"{}\" credential-process --profile alice --temporary 3600\n",
            program.display()
        ),
    )
    .unwrap();
    let store = sandbox.store_with_example_keys("alice");
    let mut harness = sandbox.harness_with(store);
    harness.get_by_label("Start session").click();
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Dialog, "Start a session for “alice”");
    unnamed(&harness, "the MFA code dialog")
}
