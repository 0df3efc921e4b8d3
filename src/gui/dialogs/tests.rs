//! Each dialog on its own, through egui_kittest: it draws from a read-only [`View`] and returns
//! what the user asked for, and nothing else happens. The whole-app tests in
//! `tests/gui*.rs` check that the app then does it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::aws::Kind;
use crate::files::Workspace;
use crate::gui::intent::Intent;
use crate::import::{ImportRow, parse_csv};

const CONFIG: &str = "[profile dev]\nregion = eu-west-1\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\n";

/// A workspace over real files in a temporary folder (kept while the sandbox lives).
fn workspace(config: &str) -> (crate::test_support::Sandbox, Workspace) {
    let sandbox = crate::test_support::sandbox_with(Some(config), None);
    let workspace = sandbox.load();
    (sandbox, workspace)
}

/// The dialog, and what it replied on the last frame that did not say Keep.
struct Shown {
    dialog: Dialog,
    workspace: Workspace,
    reply: Option<Reply>,
}

fn open(dialog: Dialog, workspace: Workspace) -> Harness<'static, Shown> {
    open_sized(dialog, workspace, egui::vec2(1100.0, 760.0))
}

/// The dialog in a window of `size` points.
fn open_sized(dialog: Dialog, workspace: Workspace, size: egui::Vec2) -> Harness<'static, Shown> {
    let state = Shown {
        dialog,
        workspace,
        reply: None,
    };
    let mut harness = Harness::builder().with_size(size).build_ui_state(
        |ui, shown: &mut Shown| {
            let view = View {
                workspace: Some(&shown.workspace),
                offer_install: false,
            };
            match shown.dialog.show(ui.ctx(), view) {
                Reply::Keep => {}
                reply => shown.reply = Some(reply),
            }
        },
        state,
    );
    harness.run();
    harness
}

fn intent<'h>(harness: &'h Harness<'_, Shown>) -> &'h Intent {
    match &harness.state().reply {
        Some(Reply::Do(intent)) => intent,
        Some(Reply::Close) => panic!("the dialog closed without asking for anything"),
        _ => panic!("the dialog asked for nothing"),
    }
}

#[test]
fn new_profile_asks_for_a_profile_of_the_chosen_kind() {
    let (_dir, ws) = workspace(CONFIG);
    let mut harness = open(Dialog::new_profile(), ws);
    harness.get_by_label("Profile name").type_text("ops");
    harness
        .get_by_label("Assume a role (using another profile)")
        .click();
    harness.run();
    harness.get_by_label("Create").click();
    harness.run();
    assert!(matches!(
        intent(&harness),
        Intent::CreateProfile { name, kind: Kind::AssumedRole } if name == "ops"
    ));
}

#[test]
fn new_profile_with_a_taken_name_cannot_be_created() {
    let (_dir, ws) = workspace(CONFIG);
    let mut harness = open(Dialog::new_profile(), ws);
    harness.get_by_label("Profile name").type_text("dev");
    harness.run();
    harness.get_by_label("A profile with this name already exists.");
    harness.get_by_label("Create").click();
    harness.run();
    assert!(harness.state().reply.is_none());
}

#[test]
fn rename_asks_for_the_new_name_and_says_who_follows() {
    let (_dir, ws) = workspace(CONFIG);
    let mut harness = open(Dialog::rename("dev"), ws);
    harness.get_by_label_contains("1 profile uses “dev” as source_profile");
    // The field holds the old name, focused: select it all and type over it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("New name").type_text("development");
    harness.run();
    harness.get_by_label("Rename profile").click();
    harness.run();
    assert!(matches!(
        intent(&harness),
        Intent::Rename { old, new } if old == "dev" && new == "development"
    ));
}

#[test]
fn duplicate_suggests_a_copy_name() {
    let (_dir, ws) = workspace(CONFIG);
    let mut harness = open(Dialog::duplicate("dev"), ws);
    harness.get_by_label("Duplicate profile").click();
    harness.run();
    assert!(matches!(
        intent(&harness),
        Intent::Duplicate { source, new } if source == "dev" && new == "dev-copy"
    ));
}

#[test]
fn a_failed_intent_shows_its_reason_in_the_dialog() {
    let (_dir, ws) = workspace(CONFIG);
    let mut dialog = Dialog::rename("dev");
    assert!(dialog.set_error("a profile named “admin” already exists".into()));
    let harness = open(dialog, ws);
    harness.get_by_label("a profile named “admin” already exists");
}

#[test]
fn delete_asks_first_and_cancel_asks_for_nothing() {
    let (_dir, ws) = workspace(CONFIG);
    let mut harness = open(Dialog::Confirm(Confirm::Delete("dev".into())), ws.clone());
    harness.get_by_label("Delete profile").click();
    harness.run();
    assert!(matches!(intent(&harness), Intent::Delete(name) if name == "dev"));

    let mut harness = open(Dialog::Confirm(Confirm::Delete("dev".into())), ws);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(matches!(harness.state().reply, Some(Reply::Close)));
}

#[test]
fn revert_reload_secure_all_and_restore_all_each_ask_for_their_own_thing() {
    let (_dir, ws) = workspace(CONFIG);
    let cases: [(Confirm, &str); 4] = [
        (Confirm::Revert, "Drop changes"),
        (Confirm::Reload, "Reload"),
        (Confirm::SecureAll(2, true), "Secure all"),
        (Confirm::RestoreAll(2), "Restore all keys"),
    ];
    for (confirm, button) in cases {
        let mut harness = open(Dialog::Confirm(confirm), ws.clone());
        harness.get_by_label(button).click();
        harness.run();
        let ok = match intent(&harness) {
            Intent::Revert => button == "Drop changes",
            Intent::Reload => button == "Reload",
            Intent::Keychain(crate::gui::intent::KeychainRequest::SecureAll) => {
                button == "Secure all"
            }
            Intent::Keychain(crate::gui::intent::KeychainRequest::RestoreAll) => {
                button == "Restore all keys"
            }
            _ => false,
        };
        assert!(ok, "{button} asked for something else");
    }
}

#[test]
fn closing_with_unsaved_changes_offers_save_and_discard() {
    let (_dir, ws) = workspace(CONFIG);
    let mut harness = open(Dialog::UnsavedOnClose, ws.clone());
    harness.get_by_label("Save").click();
    harness.run();
    assert!(matches!(intent(&harness), Intent::SaveAndClose));
    let mut harness = open(Dialog::UnsavedOnClose, ws);
    harness.get_by_label("Discard").click();
    harness.run();
    assert!(matches!(intent(&harness), Intent::CloseWithoutSaving));
}

#[test]
fn the_error_and_summary_dialogs_only_close() {
    let (_dir, ws) = workspace(CONFIG);
    for dialog in [
        Dialog::Error("the file could not be read".into(), None),
        Dialog::Summary(vec!["1 moved, 0 skipped, 0 failed.".into()]),
    ] {
        let mut harness = open(dialog, ws.clone());
        harness.get_by_label("OK").click();
        harness.run();
        assert!(matches!(harness.state().reply, Some(Reply::Close)));
    }
}

fn preview(rows: &str) -> ImportPreview {
    let parsed = parse_csv(rows.as_bytes(), Some("keys.csv")).unwrap();
    let rows: Vec<ImportRow> = parsed.rows;
    let rows = crate::import::candidates("keys.csv", rows)
        .into_iter()
        .map(PreviewRow::new)
        .collect();
    ImportPreview::new(vec!["keys.csv".into()], rows, Vec::new())
}

#[test]
fn the_import_preview_asks_for_its_rows_as_shown() {
    let (_dir, ws) = workspace(CONFIG);
    let csv = "User name,Access key ID,Secret access key\nalice,AKIAALICE00000000001,c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\ndev,AKIADEV0000000000001,c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV1\n";
    let mut harness = open(Dialog::ImportPreview(Box::new(preview(csv))), ws);
    harness.get_by_label("New profile.");
    harness.get_by_label("A profile named “dev” exists:");
    harness.get_by_label("Import").click();
    harness.run();
    let Intent::Import(request) = intent(&harness) else {
        panic!("not an import");
    };
    let names: Vec<(&str, bool)> = request
        .rows
        .iter()
        .map(|(c, skipped)| (c.name.as_str(), *skipped))
        .collect();
    // dev exists: its row starts at the harmless Skip, never at Replace.
    assert_eq!(names, [("alice", false), ("dev", true)]);
    assert!(request.delete_source, "deleting the CSV is suggested");
}

/// Re-importing a key that is already in the files was not recognised.
#[test]
fn a_key_already_in_a_profile_is_named_in_the_preview() {
    let credentials = "[ops]\naws_access_key_id = AKIAALICE00000000001\naws_secret_access_key = c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\n";
    let sandbox = crate::test_support::sandbox_with(Some(CONFIG), Some(credentials));
    let ws = sandbox.load();
    let csv = "User name,Access key ID,Secret access key\nalice,AKIAALICE00000000001,c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\n";
    let preview = preview(csv).with_known_keys(&ws.docs, &HashMap::new());
    let harness = open(Dialog::ImportPreview(Box::new(preview)), ws);
    harness.get_by_label("This key is already in profile “ops”.");
}

/// A conflict shows the key the profile holds now beside the one the row brings.
#[test]
fn a_conflict_shows_the_old_key_beside_the_new_one() {
    let credentials = "[dev]\naws_access_key_id = AKIAOLDKEY0000000001\naws_secret_access_key = c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\n";
    let sandbox = crate::test_support::sandbox_with(Some(CONFIG), Some(credentials));
    let ws = sandbox.load();
    let csv = "User name,Access key ID,Secret access key\ndev,AKIANEWKEY0000000001,c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV1\n";
    let preview = preview(csv).with_known_keys(&ws.docs, &HashMap::new());
    let harness = open(Dialog::ImportPreview(Box::new(preview)), ws);
    harness.get_by_label("AKIANEWKEY0000000001");
    harness.get_by_label("its key now: AKIAOLDKEY0000000001");
}

/// Found under Xvfb: Enter in the name field did nothing (the field took focus back each frame,
/// so it never reported losing it to Enter).
#[test]
fn enter_in_the_name_field_renames() {
    let (_dir, ws) = workspace(CONFIG);
    let mut harness = open(Dialog::rename("dev"), ws);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("New name").type_text("development");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(matches!(
        intent(&harness),
        Intent::Rename { old, new } if old == "dev" && new == "development"
    ));
}

#[test]
fn enter_in_the_new_profile_dialog_creates() {
    let (_dir, ws) = workspace(CONFIG);
    let mut harness = open(Dialog::new_profile(), ws);
    harness.get_by_label("Profile name").type_text("ops");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(matches!(intent(&harness), Intent::CreateProfile { name, .. } if name == "ops"));
}

/// What the system said can run to many lines: unfolded in the smallest window, it scrolls
/// and OK stays in sight.
#[test]
fn long_details_scroll_and_ok_stays_in_the_smallest_window() {
    let (_dir, ws) = workspace(CONFIG);
    let details = (1..=60)
        .map(|n| format!("caused by: layer {n} of what the keychain service said"))
        .collect::<Vec<_>>()
        .join("\n");
    let dialog = Dialog::Error("The keychain did not answer.".into(), Some(details));
    let mut harness = open_sized(dialog, ws, egui::vec2(640.0, 420.0));
    harness.get_by_label("Details").click();
    // The fold opens a little each frame, and the modal grows with it: step until it stands.
    let mut last = harness.get_by_label("OK").rect();
    for _ in 0..120 {
        harness.step();
        let now = harness.get_by_label("OK").rect();
        if now == last {
            break;
        }
        last = now;
    }
    harness.get_by_label_contains("layer 60 of");
    let ok = harness.get_by_label("OK").rect();
    assert!(
        ok.min.y >= 0.0 && ok.max.y <= 420.0 && ok.min.x >= 0.0 && ok.max.x <= 640.0,
        "OK is out of sight: {ok:?}"
    );
    harness.get_by_label("OK").click();
    harness.run();
    assert!(matches!(harness.state().reply, Some(Reply::Close)));
}

/// Save anyway lists every problem: a long list scrolls, and its buttons stay in the smallest
/// window.
#[test]
fn a_long_list_of_problems_scrolls_and_the_buttons_stay() {
    let (_dir, ws) = workspace(CONFIG);
    let problems = (1..=40)
        .map(|n| format!("profile-{n}: the region “moon-{n}” is not an AWS region"))
        .collect();
    let dialog = Dialog::Confirm(Confirm::SaveWithProblems(problems));
    let mut harness = open_sized(dialog, ws, egui::vec2(640.0, 420.0));
    for button in ["Save anyway", "Cancel"] {
        let rect = harness.get_by_label(button).rect();
        assert!(
            rect.min.y >= 0.0 && rect.max.y <= 420.0 && rect.min.x >= 0.0 && rect.max.x <= 640.0,
            "{button} is out of sight: {rect:?}"
        );
    }
    harness.get_by_label("Save anyway").click();
    harness.run();
    assert!(matches!(intent(&harness), Intent::SaveAnyway));
}
