//! The SSO sign-in dialog on its own: what it starts with for a person with only a start URL,
//! and for a profile whose Test failed because it is not signed in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::sso_sign_in::region_guess;
use super::*;
use crate::gui::intent::Intent;

/// The dialog, and what it replied last (besides Keep).
fn open(dialog: SsoSignIn) -> Harness<'static, (SsoSignIn, Option<Reply>)> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 760.0))
        .build_ui_state(
            |ui, (dialog, reply): &mut (SsoSignIn, Option<Reply>)| match dialog.show(ui.ctx()) {
                Reply::Keep => {}
                other => *reply = Some(other),
            },
            (dialog, None),
        );
    harness.run();
    harness
}

#[test]
fn the_region_is_guessed_from_the_default_profile_then_the_environment_then_us_east_1() {
    let files = |config: &str| crate::test_support::sandbox_with(Some(config), None).load();
    let with_default = files("[default]\nregion = eu-west-3\n");
    let without = files("[profile dev]\nregion = eu-west-1\n");
    let env = |name: &str| match name {
        "AWS_REGION" => Some("ap-south-1".to_owned()),
        "AWS_DEFAULT_REGION" => Some("ca-central-1".to_owned()),
        _ => None,
    };
    let only_default = |name: &str| (name == "AWS_DEFAULT_REGION").then(|| "ca-central-1".into());
    assert_eq!(region_guess(Some(&with_default.docs), &env), "eu-west-3");
    assert_eq!(region_guess(Some(&without.docs), &env), "ap-south-1");
    assert_eq!(
        region_guess(Some(&without.docs), &only_default),
        "ca-central-1"
    );
    assert_eq!(region_guess(None, &|_| None), "us-east-1");
    assert_eq!(region_guess(None, &|_| Some("  ".into())), "us-east-1");
}

/// A legacy profile (its own sso_start_url and sso_region, no sso_session) reads the token file
/// its start URL names: the sign-in for it writes that file, and only signs in (its roles are
/// not made into profiles: the profile itself is what the person uses).
#[test]
fn a_legacy_profiles_sign_in_is_filled_in_and_writes_the_aws_clis_file() {
    let sandbox = crate::test_support::sandbox_with(
        Some(
            "[default]\nregion = eu-west-1\n\n[profile legacy]\nsso_start_url = https://corp.example/start\nsso_region = eu-central-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n",
        ),
        None,
    );
    let workspace = sandbox.load();
    let mut harness = open(SsoSignIn::for_profile(&workspace.docs, "legacy"));
    let start = harness.get_by_label("Start URL");
    assert_eq!(start.value().as_deref(), Some("https://corp.example/start"));
    assert_eq!(
        harness.get_by_label("SSO region").value().as_deref(),
        Some("eu-central-1")
    );
    harness.get_by_label("The region your start URL's IAM Identity Center is in.");
    // Unticked, the page says the profile will still fail.
    harness
        .get_by_label("Also write the AWS CLI's token file (plain text)")
        .click();
    harness.run();
    harness.get_by_label_contains("legacy reads only that file");
    harness
        .get_by_label("Also write the AWS CLI's token file (plain text)")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("legacy reads only that file")
            .is_none()
    );
    harness.get_by_label("Sign in").click();
    harness.run();
    match harness.state().1.as_ref() {
        Some(Reply::Do(Intent::SsoSignIn {
            start_url,
            region,
            export,
            pick,
            for_profile,
            ..
        })) => {
            assert_eq!(start_url, "https://corp.example/start");
            assert_eq!(region, "eu-central-1");
            assert!(*export);
            assert!(!*pick);
            assert_eq!(for_profile.as_deref(), Some("legacy"));
        }
        _ => panic!("Sign in asked for nothing"),
    }
}

/// Signing in for a legacy profile never rewrites another `[sso-session]`: one with the same
/// start URL and region is used, else a name no session has.
#[test]
fn a_legacy_profile_signs_in_with_its_own_session_or_a_new_name() {
    let legacy =
        "[profile legacy]\nsso_start_url = https://corp.example/start\nsso_region = eu-central-1\n";
    let other = "[sso-session my-sso]\nsso_start_url = https://other.example/start\nsso_region = eu-central-1\n";
    let same = "[sso-session corp]\nsso_start_url = https://corp.example/start\nsso_region = eu-central-1\n";
    let name = |config: &str| {
        let sandbox = crate::test_support::sandbox_with(Some(config), None);
        SsoSignIn::for_profile(&sandbox.load().docs, "legacy").name
    };
    assert_eq!(name(legacy), "my-sso");
    assert_eq!(name(&format!("{legacy}\n{other}")), "my-sso-2");
    assert_eq!(name(&format!("{legacy}\n{other}\n{same}")), "corp");
}

/// Escape while waiting stops the sign-in as Cancel does: closing the dialog alone would leave
/// it waiting unseen, and a late approval would sign in with nobody told.
#[test]
fn escape_while_waiting_cancels_the_sign_in() {
    let replied = |dialog: SsoSignIn| {
        let mut harness = Harness::builder().build_ui_state(
            |ui, (dialog, reply): &mut (SsoSignIn, Option<Reply>)| match dialog.show(ui.ctx()) {
                Reply::Keep => {}
                other => *reply = Some(other),
            },
            (dialog, None),
        );
        // Stepped, not run: the waiting step's spinner never settles.
        harness.run_steps(2);
        harness.key_press(egui::Key::Escape);
        harness.run_steps(2);
        harness.state_mut().1.take()
    };
    let waiting = SsoSignIn::again("corp", "https://corp.example/start", "eu-west-1");
    assert!(matches!(
        replied(waiting),
        Some(Reply::Do(Intent::SsoCancel))
    ));
    // At the first step, Escape only closes: nothing is running yet.
    assert!(matches!(replied(SsoSignIn::new(None)), Some(Reply::Close)));
}
