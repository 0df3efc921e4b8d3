//! The region, one control: every region listed under the field even when the value is a typo
//! (the list used to open as an empty strip then), "did you mean …?" with a button, typing to
//! narrow, Enter to take the only match, and Health's one-click correction.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::gui_support;

use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, settle, wait_for};
use keyshelf::aws::regions::REGIONS;

const TYPO: &str = "[profile dev]\nregion = eu-wset-1\n";

fn listed(harness: &egui_kittest::Harness<'_, keyshelf::gui::KeyshelfApp>) -> usize {
    REGIONS
        .iter()
        .filter(|(code, name)| {
            harness
                .query_by_label(&format!("{code} — {name}"))
                .is_some()
        })
        .count()
}

#[test]
fn a_mistyped_region_lists_every_region_and_offers_the_one_meant() {
    let sandbox = Sandbox::new(Some(TYPO), None);
    let mut harness = sandbox.harness();
    harness.get_by_label_contains("did you mean eu-west-1?");
    harness.get_by_label("Region").click();
    settle(&mut harness);
    assert_eq!(
        listed(&harness),
        REGIONS.len(),
        "every region, not an empty strip"
    );
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    assert_eq!(listed(&harness), 0, "Escape closes the list");

    harness.get_by_label("Use eu-west-1").click();
    settle(&mut harness);
    assert_eq!(
        harness.get_by_label("Region").value().as_deref(),
        Some("eu-west-1")
    );
    assert!(harness.state().is_dirty());
    gui_support::save(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        "[profile dev]\nregion = eu-west-1\n"
    );
}

#[test]
fn typing_narrows_the_regions_and_enter_takes_the_only_one() {
    let sandbox = Sandbox::new(Some("[profile dev]\noutput = json\n"), None);
    let mut harness = sandbox.harness();
    harness.get_by_label("Region").click();
    settle(&mut harness);
    assert_eq!(listed(&harness), REGIONS.len());
    harness.get_by_label("Region").type_text("frankf");
    settle(&mut harness);
    assert_eq!(listed(&harness), 1);
    harness.get_by_label("eu-central-1 — Europe (Frankfurt)");
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert_eq!(
        harness.get_by_label("Region").value().as_deref(),
        Some("eu-central-1")
    );
}

#[test]
fn health_corrects_a_mistyped_region_in_one_click() {
    let sandbox = Sandbox::new(Some(TYPO), None);
    let mut harness = sandbox.harness();
    harness.get_by_label("Health").click();
    settle(&mut harness);
    wait_for(&mut harness, "the health check", |h| {
        h.state().health_report().is_some() && !h.state().is_checking_health()
    });
    harness.get_by_label_contains("did you mean eu-west-1?");
    harness.get_by_label("Correct the region").click();
    settle(&mut harness);
    wait_for(&mut harness, "the save", |h| {
        !h.state().is_saving() && !h.state().is_dirty()
    });
    assert_eq!(
        sandbox.read(sandbox.config()),
        "[profile dev]\nregion = eu-west-1\n"
    );
}
