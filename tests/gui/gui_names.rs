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
