//! Signing in to IAM Identity Center, end to end, in the ways that went wrong or could: a
//! sign-in in the browser followed by one with a device code (their client registrations are
//! not interchangeable), `--no-browser`, a denied sign-in, and the per-service endpoint
//! variables.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::io::BufRead;
use std::process::{Command, Stdio};

use common::sso_fake::{assert_no_tokens, browser_ran, scripted_browser};
use common::{Run, run_cmd};

use super::sso_support::{Setup, setup};

const DEVICE: &[&str] = &["sso", "login", "corp", "--device-code", "--no-browser"];

/// Imports development's Admin role and serves it through `credential-process`.
fn import_and_serve(s: &Setup) {
    s.import_role("Admin").assert_ok();
    let served = run_cmd(&mut s.serve_cmd("development-admin", "111122223333", "Admin"));
    served.assert_ok();
    let value: serde_json::Value = serde_json::from_str(&served.stdout).unwrap();
    assert!(value["AccessKeyId"].as_str().unwrap().starts_with("ASIA"));
    assert_no_tokens(&served.stderr);
}

// IAM Identity Center refuses the device code to a client registered for the browser's
// authorization code (and refuses registering both at once: synfinatic/aws-sso-cli#1359), so a
// registration kept from a browser sign-in must not be reused for `--device-code`, as over SSH
// the next day.
#[test]
fn a_sign_in_in_the_browser_then_one_with_a_device_code_both_succeed() {
    let Some(s) = setup() else { return };
    let browser = scripted_browser(s.sb.root());
    let login = run_cmd(
        s.cmd()
            .env("BROWSER", &browser)
            .args(["sso", "login", "corp"]),
    );
    login.assert_ok();
    assert_eq!(s.fake.count("Authorize"), 1, "the browser came by");
    assert_eq!(s.fake.count("RegisterClient"), 1);

    let device = s.login_with(DEVICE);
    device.assert_ok();
    assert!(device.stderr.contains("signed in to SSO session “corp”"));
    assert_eq!(s.fake.count("UnauthorizedClient"), 0, "{}", device.stderr);
    assert_eq!(
        s.fake.count("RegisterClient"),
        2,
        "a registration for the device code"
    );
    // The device flow's own registration is kept and reused.
    s.login_with(DEVICE).assert_ok();
    assert_eq!(s.fake.count("RegisterClient"), 2);
    import_and_serve(&s);
    assert_no_tokens(&device.stderr);
    assert_no_tokens(&s.all_files());
}

#[test]
fn no_browser_prints_the_address_and_never_runs_the_browser() {
    let Some(s) = setup() else { return };
    s.forbid_browser.set(true);
    // The browser flow: the address is printed; the person opens it (here, a script).
    let mut child = s
        .cmd()
        .args(["sso", "login", "corp", "--no-browser"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    let address = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no address: {said}"
        );
        said.push_str(&line);
        if line.starts_with("http://") {
            break line.trim().to_owned();
        }
    };
    assert!(address.starts_with(&format!("{}/authorize?", s.fake.endpoint)));
    let browser = scripted_browser(s.sb.root());
    run_cmd(Command::new(&browser).arg(&address)).assert_ok();
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    said.push_str(&rest);
    assert!(status.success(), "{said}");
    assert!(said.contains("signed in to SSO session “corp”"), "{said}");
    assert_eq!(s.fake.count("StartDeviceAuthorization"), 0);

    // The device code: the address and code are printed, nothing is opened.
    let device = s.login_with(DEVICE);
    device.assert_ok();
    assert!(
        device.stderr.contains("confirm the code"),
        "{}",
        device.stderr
    );
    assert!(!device.stderr.contains("opened in your browser"));
    assert!(
        !browser_ran(s.sb.root()),
        "$BROWSER ran despite --no-browser"
    );
    assert_no_tokens(&said);
    assert_no_tokens(&device.stderr);
}

#[test]
fn aws_endpoint_url_sso_oidc_and_sso_are_honoured_without_aws_endpoint_url() {
    let Some(s) = setup() else { return };
    s.per_service_endpoints.set(true);
    // Sign-in (SSO OIDC), import (the portal's listings) and serving (GetRoleCredentials)
    // reach the fake only through the two variables.
    s.login().assert_ok();
    assert_eq!(s.fake.count("TokensIssued"), 1);
    import_and_serve(&s);
    assert_eq!(s.fake.count("ListAccounts"), 1);
    assert_eq!(s.fake.count("GetRoleCredentials"), 1);
}

/// A denied sign-in: non-zero, one line saying so, nothing kept.
fn assert_denied(
    s: &Setup,
    run: &Run,
    before: &std::collections::BTreeMap<std::path::PathBuf, Option<Vec<u8>>>,
) {
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("denied"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert_eq!(Some(errors[0]), run.stderr.lines().last(), "{}", run.stderr);
    assert!(errors[0].starts_with("keyshelf: "), "{}", run.stderr);
    assert_no_tokens(&run.stderr);
    assert_eq!(&s.sb.tree(), before, "no file changed");
    assert!(s.kr.items().is_empty(), "{:?}", s.kr.items());
}

#[test]
fn a_sign_in_denied_in_the_browser_says_so_in_one_line_and_changes_nothing() {
    let Some(s) = setup() else { return };
    let browser = scripted_browser(s.sb.root());
    let before = s.sb.tree();
    // The device code, denied on the page where it is confirmed.
    let device = s.login_answered(DEVICE, &|| s.fake.deny());
    assert_denied(&s, &device, &before);
    // The browser's sign-in, denied there.
    s.fake.settings("{\"deny_in_browser\": true}");
    let pkce = run_cmd(
        s.cmd()
            .env("BROWSER", &browser)
            .args(["sso", "login", "corp"]),
    );
    assert_denied(&s, &pkce, &before);
    assert_eq!(s.fake.count("Authorize"), 1);
}
