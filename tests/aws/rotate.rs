//! `keyshelf rotate` with the real binary against moto's server with IAM
//! authentication: a file key and a keychain key rotated, with and without `--delete-old`, at
//! IAM's two-key limit, and failures injected at every step (listing, making, storing, waiting
//! for STS, deactivating, deleting). After each, what IAM holds, what the files hold and
//! whether the stored key works are checked.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::keyring::{self, PrivateKeyring};
use common::moto::{self, Moto};
use common::{Run, Sandbox, line_value, run_cmd};

fn setup() -> Option<(Sandbox, Moto, String)> {
    moto::alice()
}

fn keyshelf(sb: &Sandbox, moto: &Moto, kr: Option<&PrivateKeyring>, args: &[&str]) -> Run {
    let mut cmd = sb.cmd();
    cmd.env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(args);
    if let Some(kr) = kr {
        kr.apply(&mut cmd);
    }
    run_cmd(&mut cmd)
}

/// alice's keys in IAM: (key ID, active), oldest first.
fn iam_keys(moto: &Moto) -> Vec<(String, bool)> {
    let out = moto.boto3(
        "for k in sorted(c('iam').list_access_keys(UserName='alice')['AccessKeyMetadata'], key=lambda k: k['CreateDate']):\n    print(k['AccessKeyId'], k['Status'])",
    );
    out.stdout
        .lines()
        .map(|l| {
            let (id, status) = l.split_once(' ').unwrap();
            (id.to_owned(), status == "Active")
        })
        .collect()
}

fn stored_key(sb: &Sandbox) -> String {
    line_value(&sb.read_credentials(), "alice", "aws_access_key_id")
}

#[test]
fn a_file_key_is_rotated_and_the_old_one_deactivated() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    let run = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice"]);
    run.assert_ok();
    let new = stored_key(&sb);
    assert_ne!(new, old);
    assert_eq!(iam_keys(&moto), [(old.clone(), false), (new.clone(), true)]);
    assert!(
        run.stderr.contains(&format!("now uses the new key {new}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("inactive"), "{}", run.stderr);
    // The stored key works; the date restarts the key-age reminder.
    let test = keyshelf(&sb, &moto, None, &["test", "--profile", "alice", "--json"]);
    test.assert_ok();
    assert!(test.stdout.contains(&new));
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert!(
        sb.read_config()
            .contains(&format!("keyshelf_rotated = {today}"))
    );
    common::assert_no_secrets(&run.stderr);
}

#[test]
fn with_delete_old_the_old_key_is_gone() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    keyshelf(
        &sb,
        &moto,
        None,
        &["rotate", "--profile", "alice", "--delete-old"],
    )
    .assert_ok();
    let new = stored_key(&sb);
    assert_ne!(new, old);
    assert_eq!(iam_keys(&moto), [(new, true)]);
}

#[test]
fn delete_key_deletes_only_an_old_inactive_key_of_the_same_user() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    let run = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice"]);
    run.assert_ok();
    let new = stored_key(&sb);
    // The rotation says how to delete the old key, with the command to run.
    assert!(
        run.stderr
            .contains(&format!("keyshelf delete-key {old} --profile alice")),
        "{}",
        run.stderr
    );
    let before = sb.tree();
    // Never the key the profile uses now.
    let own = keyshelf(
        &sb,
        &moto,
        None,
        &["delete-key", &new, "--profile", "alice"],
    );
    common::assert_error(&own, 1, &[&new, "uses now"]);
    // Never an active key: turn the old one back on, and it is refused.
    moto.boto3(&format!(
        "c('iam').update_access_key(UserName='alice', AccessKeyId='{old}', Status='Active')"
    ))
    .assert_ok();
    let active = keyshelf(
        &sb,
        &moto,
        None,
        &["delete-key", &old, "--profile", "alice"],
    );
    common::assert_error(&active, 1, &[&old, "still active"]);
    moto.boto3(&format!(
        "c('iam').update_access_key(UserName='alice', AccessKeyId='{old}', Status='Inactive')"
    ))
    .assert_ok();
    let gone = keyshelf(
        &sb,
        &moto,
        None,
        &["delete-key", &old, "--profile", "alice"],
    );
    gone.assert_ok();
    assert!(gone.stderr.contains(&format!("deleted the old key {old}")));
    assert_eq!(iam_keys(&moto), [(new, true)]);
    // A key IAM does not list (deleted already).
    let again = keyshelf(
        &sb,
        &moto,
        None,
        &["delete-key", &old, "--profile", "alice"],
    );
    common::assert_error(&again, 1, &[&old, "lists no key"]);
    assert_eq!(sb.tree(), before, "no file was written");
    common::assert_no_secrets(&format!("{}{}{}", own.stderr, active.stderr, gone.stderr));
}

#[test]
fn at_the_two_key_limit_an_active_other_key_stops_it_and_an_inactive_one_goes_with_yes() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    let other = moto
        .boto3("print(c('iam').create_access_key(UserName='alice')['AccessKey']['AccessKeyId'])")
        .stdout
        .trim()
        .to_owned();
    let credentials = sb.read_credentials();
    let run = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("two access keys"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{other}, is active")),
        "{}",
        run.stderr
    );
    assert_eq!(sb.read_credentials(), credentials, "nothing was changed");
    assert_eq!(iam_keys(&moto).len(), 2);

    moto.boto3(&format!(
        "c('iam').update_access_key(UserName='alice', AccessKeyId='{other}', Status='Inactive')"
    ));
    let run = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("is inactive") && run.stderr.contains("--yes"),
        "{}",
        run.stderr
    );
    let run = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice", "--yes"]);
    run.assert_ok();
    assert!(
        run.stderr
            .contains(&format!("deleted the inactive key {other}"))
    );
    let new = stored_key(&sb);
    assert_eq!(iam_keys(&moto), [(old, false), (new, true)]);
}

#[test]
fn a_key_that_cannot_be_stored_is_deleted_again_in_iam() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    // The backup cannot be kept (a file where its folder goes): the save refuses.
    std::fs::write(sb.aws.join("keyshelf-backups"), "").unwrap();
    let credentials = sb.read_credentials();
    let run = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("could not be stored"), "{}", run.stderr);
    assert!(
        run.stderr.contains("deleted again in IAM"),
        "{}",
        run.stderr
    );
    assert_eq!(sb.read_credentials(), credentials);
    assert_eq!(iam_keys(&moto), [(old, true)], "IAM is as before");
}

#[test]
fn an_old_key_that_cannot_be_deactivated_leaves_the_new_one_working() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    moto.boto3(
        "c('iam').put_user_policy(UserName='alice', PolicyName='no-deactivate', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 'iam:UpdateAccessKey', 'Resource': '*'}]}))",
    );
    let run = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("could not be deactivated"),
        "{}",
        run.stderr
    );
    let new = stored_key(&sb);
    assert_ne!(new, old);
    assert_eq!(iam_keys(&moto), [(old, true), (new, true)]);
    keyshelf(&sb, &moto, None, &["test", "--profile", "alice"]).assert_ok();
}

#[test]
fn a_keychain_key_is_rotated_in_the_keychain() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    if !keyring::available() {
        return;
    }
    let kr = PrivateKeyring::start();
    kr.run(&sb, &["migrate", "--profile", "alice"]).assert_ok();
    let credentials = sb.read_credentials();
    keyshelf(
        &sb,
        &moto,
        Some(&kr),
        &["rotate", "--profile", "alice", "--delete-old"],
    )
    .assert_ok();
    let served = kr.served(&sb, "alice");
    let new = served["AccessKeyId"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert_eq!(iam_keys(&moto), [(new.clone(), true)]);
    assert_eq!(
        sb.read_credentials(),
        credentials,
        "no file got the new secret"
    );
    let test = keyshelf(
        &sb,
        &moto,
        Some(&kr),
        &["test", "--profile", "alice", "--json"],
    );
    test.assert_ok();
    assert!(test.stdout.contains(&new));
}

#[test]
fn an_account_that_wants_mfa_for_iam_is_asked_for_a_code_and_nothing_changes_without_one() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    // IAM refuses alice's plain key, as a policy on aws:MultiFactorAuthPresent does (moto
    // does not evaluate conditions: an explicit Deny stands in for it).
    moto.boto3(
        "c('iam').put_user_policy(UserName='alice', PolicyName='mfa', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 'iam:*', 'Resource': '*'}]}))",
    );
    let before = iam_keys(&moto);
    // Without a device in the profile, the refusal is said as AWS said it.
    let plain = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice"]);
    assert_eq!(plain.code, 1, "{}", plain.stderr);
    assert!(
        plain.stderr.contains("nothing was changed"),
        "{}",
        plain.stderr
    );
    sb.write_config(
        "[profile alice]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n",
    );
    // With one, a code is asked for: here there is no terminal to ask on.
    let mut cmd = sb.cmd();
    cmd.env("AWS_ENDPOINT_URL", &moto.endpoint)
        .args(["rotate", "--profile", "alice"]);
    let asked = run_cmd(&mut common::without_terminal(&cmd));
    assert_eq!(asked.code, 1, "{}", asked.stderr);
    for needle in [
        "IAM accepts this key only with MFA",
        "arn:aws:iam::123456789012:mfa/alice",
        "no display or terminal",
    ] {
        assert!(asked.stderr.contains(needle), "{needle}: {}", asked.stderr);
    }
    let bad = keyshelf(
        &sb,
        &moto,
        None,
        &["rotate", "--profile", "alice", "--code", "12ab56"],
    );
    assert!(bad.stderr.contains("six digits"), "{}", bad.stderr);
    assert_eq!(iam_keys(&moto), before, "IAM is as it was");
    assert_eq!(stored_key(&sb), old, "the files are as they were");

    // An account that lets the key list its keys but make new ones only with MFA.
    moto.boto3(
        "c('iam').put_user_policy(UserName='alice', PolicyName='mfa', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 'iam:CreateAccessKey', 'Resource': '*'}]}))",
    );
    let asked = run_cmd(&mut common::without_terminal(&cmd));
    assert_eq!(asked.code, 1, "{}", asked.stderr);
    assert!(
        asked.stderr.contains("IAM accepts this key only with MFA"),
        "{}",
        asked.stderr
    );
    assert_eq!(iam_keys(&moto), before, "IAM is as it was");
}

/// Denies alice one IAM action, as a policy can.
fn deny(moto: &Moto, action: &str) {
    moto.boto3(&format!(
        "c('iam').put_user_policy(UserName='alice', PolicyName='deny', PolicyDocument=json.dumps({{'Version': '2012-10-17', 'Statement': [{{'Effect': 'Deny', 'Action': '{action}', 'Resource': '*'}}]}}))"
    ));
}

#[test]
fn a_failure_at_listing_or_making_the_key_changes_nothing() {
    let Some((sb, mut moto, old)) = setup() else {
        return;
    };
    let before = iam_keys(&moto);
    let files = sb.tree();
    // Step 1: no answer at all.
    let endpoint = std::mem::replace(&mut moto.endpoint, "http://127.0.0.1:9".into());
    let unreachable = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice"]);
    moto.endpoint = endpoint;
    assert_eq!(unreachable.code, 2, "{}", unreachable.stderr);
    assert!(
        unreachable
            .stderr
            .contains("nothing was changed: AWS could not be reached"),
        "{}",
        unreachable.stderr
    );
    // Step 2: IAM refuses to make a key.
    deny(&moto, "iam:CreateAccessKey");
    let refused = keyshelf(&sb, &moto, None, &["rotate", "--profile", "alice"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("nothing was changed: AWS refused"),
        "{}",
        refused.stderr
    );
    assert_eq!(iam_keys(&moto), before);
    assert_eq!(sb.tree(), files, "no file written");
    assert_eq!(stored_key(&sb), old);
}

#[test]
fn a_new_key_sts_never_accepts_stays_stored_and_the_old_one_active() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    // Step 3: STS does not answer (its own endpoint goes nowhere); IAM does.
    let mut cmd = sb.cmd();
    cmd.env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9")
        .args(["rotate", "--profile", "alice"]);
    let run = run_cmd(&mut cmd);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let new = stored_key(&sb);
    assert_ne!(new, old, "the new key is stored");
    assert!(
        run.stderr.contains(&format!(
            "the new key {new} is stored, but AWS did not accept it"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("is still active"), "{}", run.stderr);
    assert_eq!(iam_keys(&moto), [(old, true), (new, true)]);
}

#[test]
fn an_old_key_that_cannot_be_deleted_is_left_inactive_and_said() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    // Step 4: the old key can be deactivated but not deleted.
    deny(&moto, "iam:DeleteAccessKey");
    let run = keyshelf(
        &sb,
        &moto,
        None,
        &["rotate", "--profile", "alice", "--delete-old"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let new = stored_key(&sb);
    assert!(
        run.stderr.contains(&format!(
            "the new key {new} is stored and works and the old key {old} is inactive, but it could not be deleted"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(iam_keys(&moto), [(old, false), (new, true)]);
}

/// A rotation that stopped after storing its new key (STS did not answer) is finished by the
/// next one: the old key is deactivated with the new one, and no third key is made.
#[test]
fn a_rotation_stopped_after_storing_is_finished_by_a_rerun() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    if !keyring::available() {
        return;
    }
    let kr = PrivateKeyring::start();
    let mut cmd = sb.cmd();
    kr.apply(&mut cmd);
    cmd.env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9")
        .args(["rotate", "--profile", "alice"]);
    let stopped = run_cmd(&mut cmd);
    assert_eq!(stopped.code, 1, "{}", stopped.stderr);
    let new = stored_key(&sb);
    assert_eq!(iam_keys(&moto), [(old.clone(), true), (new.clone(), true)]);
    let rerun = keyshelf(&sb, &moto, Some(&kr), &["rotate", "--profile", "alice"]);
    rerun.assert_ok();
    assert!(
        rerun
            .stderr
            .contains(&format!("stopped after storing the new key {new}")),
        "{}",
        rerun.stderr
    );
    assert_eq!(stored_key(&sb), new, "the stored key stays");
    assert_eq!(iam_keys(&moto), [(old, false), (new, true)], "no third key");
}

/// Witness: a rotation killed after IAM made the new key, before storing it, left two active
/// keys, and a rerun refused at the two-key limit. The new key was kept in the keychain the
/// moment IAM returned it: the rerun removes it (it was never stored) and rotates.
#[test]
fn a_rotation_killed_before_storing_leaves_a_key_the_rerun_removes() {
    let Some((sb, moto, old)) = setup() else {
        return;
    };
    if !keyring::available() {
        return;
    }
    let kr = PrivateKeyring::start();
    let mut cmd = sb.cmd();
    kr.apply(&mut cmd);
    cmd.env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(["rotate", "--profile", "alice"]);
    // The save of the new key writes a backup of each file, then its journal (the third
    // `renameat`): killed there, the save never happened, and the next start rolls it back.
    let Some(killed) = common::killed_at(&cmd, "renameat", 3) else {
        return;
    };
    assert_eq!(killed.code, -1, "{}", killed.stderr);
    assert_eq!(stored_key(&sb), old, "not stored");
    let made = iam_keys(&moto);
    assert_eq!(made.len(), 2, "IAM made the new key: {made:?}");
    let orphan = made.iter().find(|(id, _)| *id != old).unwrap().0.clone();
    let rerun = keyshelf(&sb, &moto, Some(&kr), &["rotate", "--profile", "alice"]);
    rerun.assert_ok();
    assert!(
        rerun.stderr.contains(&format!("Removing the key {orphan}")),
        "{}",
        rerun.stderr
    );
    let new = stored_key(&sb);
    assert_ne!(new, old);
    assert_ne!(new, orphan);
    assert_eq!(
        iam_keys(&moto),
        [(old, false), (new, true)],
        "the orphan is gone"
    );
}
