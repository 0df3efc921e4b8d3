//! Talking to AWS with the real binary against a local fake AWS: moto's server with
//! IAM authentication on (`common/moto.rs`), pointed at with `AWS_ENDPOINT_URL`. A keychain
//! profile goes through the real Secret Service: the AWS SDK runs keyshelf's own
//! `credential_process`.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::keyring::{self, PrivateKeyring};
use common::moto::{self, Moto};
use common::{Run, Sandbox, assert_no_secrets, run_cmd};
use serde_json::Value;

/// A sandbox whose profile `alice` holds a key moto knows, the server, the key and its secret.
fn setup() -> Option<(Sandbox, Moto, String, String)> {
    let (sb, moto, key) = moto::alice()?;
    let secret = common::line_value(&sb.read_credentials(), "alice", "aws_secret_access_key");
    Some((sb, moto, key, secret))
}

fn test(sb: &Sandbox, moto: &Moto, kr: Option<&PrivateKeyring>, args: &[&str]) -> Run {
    let mut cmd = sb.cmd();
    cmd.env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .arg("test")
        .args(args);
    if let Some(kr) = kr {
        kr.apply(&mut cmd);
    }
    let run = run_cmd(&mut cmd);
    assert!(!run.stdout.contains("SecretAccessKey") && !run.stderr.contains("SecretAccessKey"));
    run
}

#[test]
fn a_good_key_shows_the_account_the_arn_and_the_user() {
    let Some((sb, moto, key, secret)) = setup() else {
        return;
    };
    let run = test(&sb, &moto, None, &["--profile", "alice", "--json"]);
    run.assert_ok();
    assert!(!run.stdout.contains(&secret));
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["account"], "123456789012");
    assert_eq!(report["arn"], "arn:aws:iam::123456789012:user/alice");
    assert!(!report["user_id"].as_str().unwrap().is_empty());
    assert_eq!(report["access_key_id"], key.as_str());
    assert_eq!(report["temporary"], false);
    assert!(
        report["key"]["created"].as_str().is_some(),
        "the key's age: {report:#}"
    );
    // The text face, in words.
    let text = test(&sb, &moto, None, &["--profile", "alice"]);
    text.assert_ok();
    assert!(
        text.stdout.starts_with("Profile “alice” works."),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("arn:aws:iam::123456789012:user/alice"));
}

#[test]
fn a_deleted_key_is_said_in_plain_words() {
    let Some((sb, moto, key, _)) = setup() else {
        return;
    };
    moto.boto3(&format!(
        "c('iam').delete_access_key(UserName='alice', AccessKeyId='{key}')"
    ));
    let run = test(&sb, &moto, None, &["--profile", "alice"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("AWS does not know this access key"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_wrong_secret_is_said_in_plain_words() {
    let Some((sb, moto, key, _)) = setup() else {
        return;
    };
    let wrong = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    sb.write_credentials(format!(
        "[alice]\naws_access_key_id = {key}\naws_secret_access_key = {wrong}\n"
    ));
    let run = test(&sb, &moto, None, &["--profile", "alice"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("does not match the access key ID"),
        "{}",
        run.stderr
    );
    assert_no_secrets(&run.stderr);
}

#[test]
fn no_network_is_said_and_exits_2() {
    let Some((sb, mut moto, _, _)) = setup() else {
        return;
    };
    // Nothing listens here.
    moto.endpoint = "http://127.0.0.1:9".into();
    let run = test(&sb, &moto, None, &["--profile", "alice"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("could not be reached"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_keychain_profile_is_tested_through_keyshelfs_own_credential_process() {
    let Some((sb, moto, key, secret)) = setup() else {
        return;
    };
    if !keyring::available() {
        return;
    }
    let kr = PrivateKeyring::start();
    kr.run(&sb, &["migrate", "--profile", "alice"]).assert_ok();
    assert!(!sb.read_credentials().contains(&secret));
    let run = test(&sb, &moto, Some(&kr), &["--profile", "alice", "--json"]);
    run.assert_ok();
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["access_key_id"], key.as_str());
    assert_eq!(report["arn"], "arn:aws:iam::123456789012:user/alice");
}

/// `keyshelf test` signs with the keys botocore (the AWS CLI, boto3) would use, not the Rust
/// SDK's own reading: here a credentials-file `[DEFAULT]` gives alice's keys to `dev`, which
/// botocore honours (configparser) and the Rust SDK does not.
#[test]
fn test_uses_the_keys_the_aws_cli_would_use() {
    let Some((sb, moto, key, secret)) = setup() else {
        return;
    };
    sb.write_credentials(format!(
        "[DEFAULT]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n\n[dev]\nregion = us-east-1\n"
    ));
    let run = test(&sb, &moto, None, &["--profile", "dev", "--json"]);
    run.assert_ok();
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["access_key_id"], key.as_str());
    assert_eq!(report["arn"], "arn:aws:iam::123456789012:user/alice");
    // A value the SDKs read differently is said, without the value.
    sb.write_credentials(format!(
        "[dev]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\noutput = json # mine\n"
    ));
    let run = test(&sb, &moto, None, &["--profile", "dev"]);
    run.assert_ok();
    assert!(
        run.stdout.contains("Note: output holds “ #” or “ ;”"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("# mine"), "{}", run.stdout);
}
