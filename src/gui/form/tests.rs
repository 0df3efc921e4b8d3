//! The form draws every field of the table (a row in `aws/fields.rs` is all a new
//! field needs; a row that no group draws would silently vanish, since keys with a row are not
//! listed under "Other settings").
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{Form, FormView};
use crate::aws::fields::FIELDS;

#[test]
fn every_field_of_the_table_is_drawn_with_its_label() {
    // Every field set (but sso_session, which hides the older SSO settings it replaces).
    let mut config = String::from("[profile dev]\n");
    let mut credentials = String::from("[dev]\n");
    for field in FIELDS.iter().filter(|f| f.key != "sso_session") {
        let line = format!("{} = x\n", field.key);
        match field.group {
            crate::aws::fields::Group::Credentials => credentials.push_str(&line),
            _ => config.push_str(&line),
        }
    }
    let sandbox = crate::test_support::sandbox_with(Some(&config), Some(&credentials));
    let harness = form_harness(
        sandbox.load(),
        crate::gui::status::Statuses::default(),
        "dev",
        1400.0,
    );
    for field in FIELDS {
        assert!(
            harness.query_by_label(field.label).is_some(),
            "{} ({}) is not drawn",
            field.label,
            field.key
        );
    }
}

/// Test on an SSO profile that is not signed in: one sentence with the next step in the
/// app's words (its button, never a terminal command), the button beside it opening the app's
/// own sign-in, and what the SDK said folded under "Details" until asked for.
#[test]
fn a_failed_test_is_one_sentence_and_its_details_fold() {
    let config = "[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n";
    let sandbox = crate::test_support::sandbox_with(Some(config), None);
    let mut statuses = crate::gui::status::Statuses::default();
    statuses.entry("corp").test = Some(crate::gui::status::Asked::Failed(
        crate::cloud::CloudError::SignInNeeded {
            how: "IAM Identity Center (SSO)",
            profile: "corp".into(),
            detail: "failed to read `~/.aws/sso/cache/x.json`".into(),
        },
    ));
    let mut harness = form_harness(sandbox.load(), statuses, "corp", 1000.0);
    harness.get_by_label(
        "✖ This profile signs in through IAM Identity Center (SSO), and it is not signed in on this computer; sign in with Sign in with SSO…, then Test again.",
    );
    assert!(harness.query_by_label_contains("aws sso").is_none());
    assert!(
        harness.query_by_label_contains("sso/cache").is_none(),
        "folded"
    );
    harness.get_by_label("Details").click();
    harness.run();
    harness.get_by_label_contains("sso/cache");

    harness.get_by_label("Sign in with SSO…").click();
    harness.run();
    let asked: Vec<_> = harness.state().1.iter().map(opened).collect();
    assert_eq!(asked, [Some("sso sign-in for corp".to_owned())]);
}

/// The dialog an intent opens, in words a test can compare.
fn opened(intent: &crate::gui::intent::Intent) -> Option<String> {
    use crate::gui::intent::{Intent, Open};
    match intent {
        Intent::Open(Open::SsoSignInFor(profile)) => Some(format!("sso sign-in for {profile}")),
        Intent::Open(Open::SsoSignIn(session)) => Some(format!("sso sign-in {session:?}")),
        _ => None,
    }
}

/// The form of profile `name` alone, over these files and statuses, with what it asked for
/// (since the harness was built; a frame's intents are kept, not applied).
fn form_harness(
    workspace: crate::files::Workspace,
    statuses: crate::gui::status::Statuses,
    name: &str,
    height: f32,
) -> Harness<'static, (Form, Vec<crate::gui::intent::Intent>)> {
    let profiles = workspace.docs.profiles();
    let form = Form::load(&workspace.docs, name);
    Harness::builder()
        .with_size(egui::vec2(1100.0, height))
        .build_ui_state(
            move |ui, (form, asked): &mut (Form, Vec<crate::gui::intent::Intent>)| {
                let view = FormView {
                    workspace: Some(&workspace),
                    profiles: &profiles,
                    uses: None,
                    statuses: &statuses,
                    keychain_ready: Ok(()),
                    revealed: None,
                    dirty: false,
                };
                let mut out = Vec::new();
                form.show(ui, view, &mut out);
                // Only what a click asked for: each frame's questions (the SSO status) are
                // asked again until answered.
                asked.extend(
                    out.into_iter()
                        .filter(|i| matches!(i, crate::gui::intent::Intent::Open(_))),
                );
            },
            (form, Vec::new()),
        )
}
