//! Values a profile has only from its file's `[DEFAULT]` section (configparser gives its keys to
//! every section of the file, and botocore's profiles have them).
#![allow(clippy::expect_used, clippy::unwrap_used)]
use crate::gui_support;
use egui_kittest::kittest::Queryable;
use gui_support::{Sandbox, settle};

const CONFIG: &str =
    "[DEFAULT]\nregion = us-east-1\ncli_pager = less\n\n[profile dev]\noutput = json\n";

/// The witness: the page showed dev's region inherited from `[DEFAULT]` in its Region field as
/// if it were dev's own. Clearing the field and saving changed nothing, yet the field showed no
/// region while the AWS tools kept using us-east-1. The field now holds only dev's own value,
/// with the inherited one named under it; typing one writes dev's own, which wins.
#[test]
fn a_value_inherited_from_default_is_shown_as_inherited_not_as_the_profiles_own() {
    let sandbox = Sandbox::new(Some(CONFIG), None);
    let mut harness = sandbox.harness();
    assert_eq!(harness.get_by_label("Region").value().as_deref(), Some(""));
    harness.get_by_label_contains(
        "region is us-east-1 for this profile, from the [DEFAULT] section of the config file (line 2)",
    );
    // A setting without a field of its own is listed under Other settings, not editable there.
    harness.get_by_label_contains("cli_pager is less for this profile");
    assert!(harness.query_by_label("Remove cli_pager").is_none());

    gui_support::type_into(&mut harness, "Region", "eu-west-1");
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("region is us-east-1 for this profile")
            .is_none()
    );
    gui_support::save(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        "[DEFAULT]\nregion = us-east-1\ncli_pager = less\n\n[profile dev]\noutput = json\nregion = eu-west-1\n"
    );
}
