//! A "legacy" SSO profile (`sso_start_url` and `sso_region` in the profile itself, no
//! `sso_session`), as `aws configure sso` wrote them before SSO sessions: botocore reads its
//! token from `~/.aws/sso/cache/SHA1(start URL).json`, not the file named after a session, so
//! `sso login --export` writes that one too when the config file has such a profile, and
//! `sso logout` removes it.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::sso_fake::assert_no_tokens;

use super::sso_support::{START_URL, setup};

/// sha1 of [`START_URL`], as botocore's `SSOTokenLoader._generate_cache_key` names it.
const LEGACY_FILE: &str = ".aws/sso/cache/1667e2e8d0e47b926b6e3048caee923410901ca4.json";
/// sha1("corp"), the session's own.
const SESSION_FILE: &str = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

#[test]
fn a_legacy_profile_works_after_an_exported_sign_in_and_logout_removes_its_file() {
    let Some(s) = setup() else { return };
    let config = s.sb.read_config();
    s.sb.write_config(format!(
        "{config}\n[profile legacy]\nsso_start_url = {START_URL}\nsso_region = eu-central-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n"
    ));
    // Test (the app's and `keyshelf test`'s, the AWS SDK for Rust) fails: not signed in.
    let before = s.run(&["test", "--profile", "legacy"]);
    assert_ne!(before.code, 0, "{}", before.stdout);
    assert!(before.stderr.contains("not signed in"), "{}", before.stderr);
    let login = s.login_exported();
    login.assert_ok();
    let legacy = s.sb.home.join(LEGACY_FILE);
    let session = s.sb.home.join(SESSION_FILE);
    for file in [&legacy, &session] {
        assert!(
            login.stderr.contains(&file.display().to_string()),
            "{}",
            login.stderr
        );
        assert_eq!(common::mode(file) & 0o777, 0o600);
    }
    assert_no_tokens(&login.stderr);

    // What a legacy profile reads, and nothing it does not: no client secret, no refresh token.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&legacy).unwrap()).unwrap();
    let mut keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["accessToken", "expiresAt", "region", "startUrl"]);
    assert_eq!(json["startUrl"], START_URL);
    assert_eq!(json["region"], "eu-central-1");

    // botocore's SSO provider signs the legacy profile in from that file (GetRoleCredentials),
    // and STS says who it is.
    let asked = s.fake.count("GetRoleCredentials");
    let who = s.python(
        "import boto3\n\
         s = boto3.Session(profile_name='legacy')\n\
         print(s.get_credentials().method, s.client('sts').get_caller_identity()['Arn'])",
    );
    who.assert_ok();
    assert!(
        who.stdout
            .starts_with("sso arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly"),
        "{}",
        who.stdout
    );
    assert_eq!(s.fake.count("GetRoleCredentials"), asked + 1);
    assert_no_tokens(&who.stdout);

    // And Test, again: the Rust SDK reads the same file (its legacy `load_cached_token`).
    let after = s.run(&["test", "--profile", "legacy"]);
    after.assert_ok();
    assert!(
        after.stdout.contains("AWSReservedSSO_ReadOnly"),
        "{}",
        after.stdout
    );
    assert_no_tokens(&after.stdout);

    // Health names both files, the legacy one with an access token only.
    let doctor = s.run(&["doctor", "--json", "--no-search"]);
    let report: serde_json::Value = serde_json::from_str(&doctor.stdout).unwrap();
    let caches: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "aws_cli_cache")
        .map(|f| f.to_string())
        .collect();
    assert_eq!(caches.len(), 2, "{caches:?}");
    assert!(
        caches
            .iter()
            .any(|f| f.contains("1667e2e8d0e47b926b6e3048caee923410901ca4")
                && !f.contains("refresh token")),
        "{caches:?}"
    );
    assert_no_tokens(&doctor.stdout);

    s.run(&["sso", "logout", "corp"]).assert_ok();
    assert!(!legacy.exists(), "logout removes the legacy profile's file");
    assert!(!session.exists());
}

#[test]
fn with_no_legacy_profile_the_export_writes_the_sessions_file_only() {
    let Some(s) = setup() else { return };
    s.login_exported().assert_ok();
    assert!(s.sb.home.join(SESSION_FILE).is_file());
    assert!(!s.sb.home.join(LEGACY_FILE).exists());
}
