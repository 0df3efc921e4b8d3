//! A file keyshelf cannot read is not a dead end, through egui_kittest over real
//! files: the line is shown (secrets masked), a fix changes only that line and keeps a backup,
//! and fixing the file elsewhere is noticed on its own.
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_support;

use std::fs;

use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, settle, wait_for};

#[test]
fn a_missing_equals_is_shown_and_fixed_on_that_line_only() {
    let config = "# team config\r\n[profile dev]\r\nregion eu-west-1\r\noutput = json\r\n";
    let sandbox = Sandbox::new(Some(config), None);
    let mut harness = sandbox.harness();
    harness.get_by_label("keyshelf cannot read your AWS files");
    harness.get_by_label_contains("Line 3 of ");
    harness.get_by_label("region eu-west-1");
    harness.get_by_label("Open in text editor");
    harness.get_by_label("Open folder");
    harness.get_by_label("Add the missing =").click();
    settle(&mut harness);
    wait_for(&mut harness, "the fix and a fresh read", |h| {
        h.state().profile_count() == 1
    });
    assert_eq!(
        sandbox.read(sandbox.config()),
        "# team config\r\n[profile dev]\r\nregion = eu-west-1\r\noutput = json\r\n"
    );
    // Beside the copies, the folder holds only its `.gitignore`.
    let backups: Vec<_> = fs::read_dir(sandbox.aws.join("keyshelf-backups"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != ".gitignore")
        .collect();
    assert_eq!(backups.len(), 1);
    harness.get_by_label_contains("Fixed the line; the file as it was is kept in");
}

#[test]
fn a_secret_on_the_line_is_masked_and_the_line_can_be_commented_out() {
    let credentials = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
    let sandbox = Sandbox::new(None, Some(credentials));
    let mut harness = sandbox.harness();
    harness.get_by_label("aws_secret_access_key ••••••••");
    assert!(
        harness.query_by_label_contains("EXAMPLEKEY").is_none(),
        "the secret is shown"
    );
    harness.get_by_label("Comment the line out").click();
    settle(&mut harness);
    wait_for(&mut harness, "the fix", |h| h.state().profile_count() == 1);
    assert_eq!(
        sandbox.read(sandbox.credentials()),
        credentials.replace("aws_secret_access_key wJal", "# aws_secret_access_key wJal")
    );
}

#[test]
fn fixing_the_file_elsewhere_is_noticed() {
    let sandbox = Sandbox::new(Some("[profile dev]\nregion eu-west-1\n"), None);
    let mut harness = sandbox.harness();
    harness.get_by_label("keyshelf cannot read your AWS files");
    fs::write(sandbox.config(), "[profile dev]\nregion = eu-west-1\n").unwrap();
    wait_for(&mut harness, "the file watcher's fresh read", |h| {
        h.state().profile_count() == 1
    });
    harness.get_by_label("Region");
}

#[test]
fn a_line_changed_meanwhile_is_not_overwritten() {
    let sandbox = Sandbox::new(Some("[profile dev]\nregion eu-west-1\n"), None);
    let mut harness = sandbox.harness();
    // Another program changes the line, keeping the file unreadable, before the click.
    fs::write(sandbox.config(), "[profile dev]\nregion us-east-1\n").unwrap();
    harness.get_by_label("Add the missing =").click();
    settle(&mut harness);
    wait_for(&mut harness, "the refusal", |h| {
        h.query_by_label_contains("changed on disk").is_some()
    });
    assert_eq!(
        sandbox.read(sandbox.config()),
        "[profile dev]\nregion us-east-1\n"
    );
}
