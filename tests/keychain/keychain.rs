//! Keychain migration against a real Secret Service: a private D-Bus session bus with its own
//! gnome-keyring (see `common/keyring.rs`), the real binary, real files in a temporary home.
//! Where python3 has boto3, the AWS SDK itself checks that it gets the same keys.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use crate::common;

use common::keyring::{self, PrivateKeyring};
use common::{CREDENTIALS, Run, Sandbox, assert_no_secrets, rich_config, run_cmd};

/// The sandbox and keyring of one test, or `None` (after a loud message) when the keyring
/// programs are missing.
fn setup() -> Option<(Sandbox, PrivateKeyring)> {
    if !keyring::available() {
        return None;
    }
    Some((Sandbox::rich(), PrivateKeyring::start()))
}

fn run(sb: &Sandbox, kr: &PrivateKeyring, args: &[&str]) -> Run {
    kr.run(sb, args)
}

/// The keys the credential_process JSON holds, checked to be exactly one JSON object, for
/// long-term keys (no Expiration).
fn served(sb: &Sandbox, kr: &PrivateKeyring, profile: &str) -> serde_json::Value {
    let value = kr.served(sb, profile);
    assert!(value.is_object());
    assert!(value.get("Expiration").is_none());
    value
}

#[test]
fn migrate_then_credential_process_serves_the_same_keys() {
    let Some((sb, kr)) = setup() else { return };
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();

    let credentials = sb.read_credentials();
    assert!(
        !credentials.contains("ASIAI44QH8DHBEXAMPLE"),
        "{credentials}"
    );
    assert!(!credentials.contains("je7MtGbClwBF"), "{credentials}");
    let config = sb.read_config();
    let exe = env!("CARGO_BIN_EXE_keyshelf");
    assert!(
        config.contains(&format!(
            "credential_process = \"{exe}\" credential-process --profile dev"
        )),
        "{config}"
    );

    let keys = served(&sb, &kr, "dev");
    assert_eq!(keys["AccessKeyId"], "ASIAI44QH8DHBEXAMPLE");
    assert_eq!(
        keys["SecretAccessKey"],
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
    );
    assert_eq!(
        keys["SessionToken"],
        "IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes=="
    );

    // libsecret's own tool sees one item, with a label a person recognises.
    let stored = kr
        .lookup("dev", &sb.credentials)
        .expect("secret-tool finds the item");
    assert!(stored.contains("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"));
    assert!(
        kr.items()
            .contains(&"label = keyshelf — AWS profile dev".to_owned()),
        "{:?}",
        kr.items()
    );

    let list = run(&sb, &kr, &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    let dev = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "dev")
        .unwrap();
    assert_eq!(dev["secret"], "keychain");
}

#[test]
fn restore_brings_back_the_same_values() {
    let Some((sb, kr)) = setup() else { return };
    let before = run(
        &sb,
        &kr,
        &["get", "aws_session_token", "--profile", "dev", "--reveal"],
    );
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    run(&sb, &kr, &["restore", "--profile", "dev"]).assert_ok();
    for key in [
        "aws_access_key_id",
        "aws_secret_access_key",
        "aws_session_token",
    ] {
        let original = common::line_value(CREDENTIALS, "dev", key);
        let now = run(&sb, &kr, &["get", key, "--profile", "dev", "--reveal"]);
        assert_eq!(now.stdout.trim(), original, "{key}");
    }
    assert_eq!(
        before.stdout.trim(),
        common::line_value(CREDENTIALS, "dev", "aws_session_token")
    );
    assert!(!sb.read_config().contains("credential_process = \""));
    assert_eq!(
        kr.lookup("dev", &sb.credentials),
        None,
        "the item is deleted"
    );
}

#[test]
fn migrate_all_over_a_mix_of_profiles() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config(
        "[default]\nregion = us-east-1\n\n[profile \"my dev\"]\nregion = eu-west-1\naws_access_key_id = AKIACONFIGFILE000001\naws_secret_access_key = configFileSecretEXAMPLE00000000000000001\n\n[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/Deploy\nsource_profile = default\n",
    );
    sb.write_credentials(
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n[temp]\naws_access_key_id = ASIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN\n",
    );
    let migrate = run(&sb, &kr, &["migrate", "--all"]);
    migrate.assert_ok();
    assert!(
        migrate.stderr.contains("3 moved, 1 skipped, 0 failed"),
        "{}",
        migrate.stderr
    );
    assert_no_secrets(&migrate.stderr);
    let credentials = sb.read_credentials();
    assert!(
        !credentials.contains("aws_"),
        "not one secret left: {credentials}"
    );
    assert!(!sb.read_config().contains("aws_secret_access_key"));
    assert!(
        sb.read_config().contains("--profile \"my dev\""),
        "{}",
        sb.read_config()
    );

    assert_eq!(
        served(&sb, &kr, "default")["AccessKeyId"],
        "AKIAIOSFODNN7EXAMPLE"
    );
    assert_eq!(
        served(&sb, &kr, "my dev")["AccessKeyId"],
        "AKIACONFIGFILE000001"
    );
    assert_eq!(
        served(&sb, &kr, "temp")["SessionToken"],
        "IQoJb3JpZ2luX2VjEXAMPLETOKEN"
    );

    let restore = run(&sb, &kr, &["restore", "--all"]);
    restore.assert_ok();
    assert!(restore.stderr.contains("3 moved"), "{}", restore.stderr);
    let get = run(
        &sb,
        &kr,
        &[
            "get",
            "aws_access_key_id",
            "--profile",
            "my dev",
            "--reveal",
        ],
    );
    assert_eq!(get.stdout.trim(), "AKIACONFIGFILE000001");
    assert!(kr.items().is_empty(), "{:?}", kr.items());
}

#[test]
fn boto3_gets_the_same_keys_through_credential_process() {
    let Some((sb, kr)) = setup() else { return };
    let script = "import boto3\nc = boto3.Session(profile_name='dev').get_credentials().get_frozen_credentials()\nprint(c.access_key, c.secret_key, c.token)";
    let python = |sb: &Sandbox| {
        let mut cmd = std::process::Command::new("python3");
        common::scrub_aws_env(&mut cmd);
        cmd.env("HOME", &sb.home)
            .env("AWS_CONFIG_FILE", &sb.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .args(["-c", script]);
        kr.apply(&mut cmd);
        run_cmd(&mut cmd)
    };
    let before = python(&sb);
    if before.code != 0 {
        common::skip::skipped(&format!(
            "python3 with boto3 is not available: {}",
            before.stderr
        ));
        return;
    }
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    let after = python(&sb);
    after.assert_ok();
    assert_eq!(
        after.stdout, before.stdout,
        "boto3 reads the same keys from the keychain"
    );
    run(&sb, &kr, &["restore", "--profile", "dev"]).assert_ok();
    let restored = python(&sb);
    assert_eq!(restored.stdout, before.stdout, "and from the file again");
}

#[test]
fn a_locked_keychain_changes_nothing_and_says_so() {
    let Some((sb, kr)) = setup() else { return };
    run(&sb, &kr, &["migrate", "--profile", "ci"]).assert_ok();
    kr.lock();
    let before = sb.tree();
    let run_ = run(&sb, &kr, &["migrate", "--profile", "dev"]);
    common::assert_error(&run_, 2, &["dev", "locked"]);
    assert_eq!(sb.tree(), before);
    let served = run(&sb, &kr, &["credential-process", "--profile", "ci"]);
    common::assert_error(&served, 2, &["“ci”", "locked"]);
}

#[test]
fn no_secret_service_on_the_bus_changes_nothing() {
    if !keyring::available() {
        return;
    }
    let sb = Sandbox::rich();
    let kr = PrivateKeyring::bus_only();
    let before = sb.tree();
    let migrate = run(&sb, &kr, &["migrate", "--profile", "dev"]);
    common::assert_error(&migrate, 2, &["no keychain is available"]);
    assert_eq!(sb.tree(), before);
}

#[test]
fn no_session_bus_at_all_changes_nothing() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    // Sandbox::cmd points the bus at a path that does not exist.
    let migrate = sb.run(&["migrate", "--all"]);
    common::assert_error(&migrate, 2, &["no keychain is available"]);
    assert_eq!(sb.tree(), before);
    let served = sb.run(&["credential-process", "--profile", "dev"]);
    common::assert_error(&served, 2, &["“dev”", "no keychain is available"]);
    assert!(served.stdout.is_empty());
}

#[test]
fn no_default_collection_changes_nothing() {
    if !keyring::available() {
        return;
    }
    let sb = Sandbox::rich();
    let kr = PrivateKeyring::without_collection();
    let before = sb.tree();
    let migrate = run(&sb, &kr, &["migrate", "--profile", "dev"]);
    common::assert_error(&migrate, 2, &["dev", "keyring"]);
    assert_eq!(sb.tree(), before);
}

#[test]
fn a_read_only_aws_folder_leaves_no_item_behind() {
    let Some((sb, kr)) = setup() else { return };
    let before = sb.tree();
    let guard = common::ReadOnly::new(&sb.aws);
    if !guard.is_enforced() {
        eprintln!("SKIPPED: running as a user who can write to read-only folders");
        return;
    }
    let migrate = run(&sb, &kr, &["migrate", "--profile", "dev"]);
    drop(guard);
    assert_ne!(migrate.code, 0);
    assert_no_secrets(&migrate.stderr);
    assert_eq!(sb.tree(), before);
    assert!(kr.items().is_empty(), "{:?}", kr.items());
}

#[test]
fn credential_process_for_a_missing_item_names_the_profile_and_the_fix() {
    let Some((sb, kr)) = setup() else { return };
    let exe = env!("CARGO_BIN_EXE_keyshelf");
    sb.write_config(format!(
        "[profile there]\nregion = eu-west-1\ncredential_process = \"{exe}\" credential-process --profile there\n[profile plain]\nregion = eu-west-1\n"
    ));
    let served = run(&sb, &kr, &["credential-process", "--profile", "there"]);
    common::assert_error(&served, 2, &["“there”", "missing"]);
    assert!(served.stdout.is_empty());
    // A profile keyshelf does not serve is said as such.
    let served = run(&sb, &kr, &["credential-process", "--profile", "plain"]);
    common::assert_error(&served, 1, &["“plain” does not get its keys from keyshelf"]);
    // A profile that does not exist at all is said as such, not as a missing item.
    let served = run(&sb, &kr, &["credential-process", "--profile", "nope"]);
    common::assert_error(&served, 2, &["“nope”", "there is no such profile"]);
    assert!(!served.stderr.contains("missing"), "{}", served.stderr);
}

#[test]
fn an_item_written_by_someone_else_is_not_served_or_printed() {
    let Some((sb, kr)) = setup() else { return };
    kr.store_raw("dev", &sb.credentials, "hunter2-not-json");
    let served = run(&sb, &kr, &["credential-process", "--profile", "dev"]);
    assert_ne!(served.code, 0);
    assert!(!served.stderr.contains("hunter2"), "{}", served.stderr);
    assert!(served.stdout.is_empty());
}

#[test]
fn two_credentials_files_do_not_share_items() {
    let Some((a, kr)) = setup() else { return };
    let b = Sandbox::new();
    b.write_config(rich_config());
    b.write_credentials(CREDENTIALS.replace("ASIAI44QH8DHBEXAMPLE", "ASIAOTHERFILEEXAMPLE"));
    run(&a, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    run(&b, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    assert_eq!(
        served(&a, &kr, "dev")["AccessKeyId"],
        "ASIAI44QH8DHBEXAMPLE"
    );
    assert_eq!(
        served(&b, &kr, "dev")["AccessKeyId"],
        "ASIAOTHERFILEEXAMPLE"
    );
}

#[test]
fn deleting_a_keychain_profile_removes_its_item() {
    let Some((sb, kr)) = setup() else { return };
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    assert!(kr.lookup("dev", &sb.credentials).is_some());
    let deleted = run(&sb, &kr, &["delete", "dev"]);
    deleted.assert_ok();
    assert!(
        deleted
            .stderr
            .contains("removed its keys from the keychain"),
        "{}",
        deleted.stderr
    );
    assert_eq!(kr.lookup("dev", &sb.credentials), None);
    assert!(!sb.read_config().contains("[profile dev]"));
}

#[test]
fn renaming_a_keychain_profile_moves_its_item() {
    let Some((sb, kr)) = setup() else { return };
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    run(&sb, &kr, &["rename", "dev", "development"]).assert_ok();
    assert_eq!(kr.lookup("dev", &sb.credentials), None);
    assert_eq!(
        served(&sb, &kr, "development")["AccessKeyId"],
        "ASIAI44QH8DHBEXAMPLE"
    );
    assert!(
        sb.read_config()
            .contains("credential-process --profile development")
    );
}

#[test]
fn deleting_one_of_two_profiles_sharing_an_item_keeps_it() {
    let Some((sb, kr)) = setup() else { return };
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    run(&sb, &kr, &["duplicate", "dev", "dev-copy"]).assert_ok();
    let deleted = run(&sb, &kr, &["delete", "dev"]);
    deleted.assert_ok();
    assert!(
        !deleted.stderr.contains("removed its keys"),
        "{}",
        deleted.stderr
    );
    // dev-copy's credential_process line still reads the item stored for `dev`.
    assert!(kr.lookup("dev", &sb.credentials).is_some());
    assert_eq!(
        served(&sb, &kr, "dev")["AccessKeyId"],
        "ASIAI44QH8DHBEXAMPLE"
    );
}

/// The witness: `keyshelf credential-process --profile COPY` typed by hand for a duplicate of a
/// keychain profile said its keys were gone for good ("no copy of the keys is left"), though the
/// copy's own line serves its source's item and works. It now says whose item the line serves.
#[test]
fn credential_process_for_a_duplicate_names_the_item_its_line_serves() {
    let Some((sb, kr)) = setup() else { return };
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    run(&sb, &kr, &["duplicate", "dev", "dev-copy"]).assert_ok();
    let by_hand = run(&sb, &kr, &["credential-process", "--profile", "dev-copy"]);
    common::assert_error(
        &by_hand,
        1,
        &[
            "“dev-copy” has no keychain item of its own",
            "the keys kept for “dev”",
            "keyshelf credential-process --profile \"dev\"",
        ],
    );
    assert!(!by_hand.stderr.contains("no copy"), "{}", by_hand.stderr);
    assert!(by_hand.stdout.is_empty());
}

/// A hung Secret Service hung `credential-process` forever, and the AWS tool with it.
/// Now every keychain call has a time limit, and the message says what to check.
#[test]
fn a_hung_keychain_is_reported_not_waited_for() {
    let Some((sb, kr)) = setup() else { return };
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    kr.freeze(true);
    let mut cmd = sb.cmd();
    kr.apply(&mut cmd);
    let mut child = cmd
        .args(["credential-process", "--profile", "dev"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Not a speed check: only that it ends at all, long before this generous bound.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            kr.freeze(false);
            panic!("credential-process hung on a hung keychain");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    kr.freeze(false);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("did not answer within 4 seconds") && stderr.contains("unlocked"),
        "{stderr}"
    );
    common::assert_no_secrets(&stderr);
    // Once it answers again, so does keyshelf.
    assert_eq!(kr.served(&sb, "dev")["AccessKeyId"], "ASIAI44QH8DHBEXAMPLE");
}

/// `set aws_secret_access_key -` on a profile whose keys are in the keychain wrote a plaintext
/// key that silently won over the keychain (botocore reads the credentials file first). The
/// keychain item changes instead, and no secret goes into a file.
#[test]
fn setting_a_secret_of_a_keychain_profile_changes_the_keychain_item() {
    let Some((sb, kr)) = setup() else { return };
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    let new_secret = "NewSecretForTheKeychainItemOnly0123456789";
    let mut cmd = sb.cmd();
    kr.apply(&mut cmd);
    cmd.args(["set", "aws_secret_access_key", "-", "--profile", "dev"]);
    let set = common::run_with_stdin(&mut cmd, &format!("{new_secret}\n"));
    set.assert_ok();
    assert!(set.stderr.contains("in the keychain"), "{}", set.stderr);
    assert!(!set.stderr.contains(new_secret));
    for text in [sb.read_config(), sb.read_credentials()] {
        assert!(!text.contains(new_secret), "{text}");
    }
    assert_eq!(served(&sb, &kr, "dev")["SecretAccessKey"], new_secret);
    assert_eq!(
        served(&sb, &kr, "dev")["AccessKeyId"],
        "ASIAI44QH8DHBEXAMPLE"
    );
}

/// The witness: `migrate orig`, `duplicate orig copy`, `delete orig` (the item stays: copy
/// reads it), then a new plaintext `orig` migrated. The move wrote the new keys over the item
/// copy reads: copy silently served another key, and its own secret was gone from everywhere.
/// A move into an item another profile reads is now refused, naming it and the way out; the
/// way out works.
#[test]
fn a_move_never_writes_over_an_item_another_profile_reads() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config("");
    sb.write_credentials(
        "[orig]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    );
    run(&sb, &kr, &["migrate", "--profile", "orig"]).assert_ok();
    run(&sb, &kr, &["duplicate", "orig", "copy"]).assert_ok();
    run(&sb, &kr, &["delete", "orig"]).assert_ok();
    // A keychain profile renamed to the freed name would move its item there: refused too.
    let mut credentials = sb.read_credentials();
    credentials.push_str(
        "[other]\naws_access_key_id = AKIACIEXAMPLE0000001\naws_secret_access_key = ciSecretKeyEXAMPLE0000000000000000000001\n",
    );
    sb.write_credentials(&credentials);
    run(&sb, &kr, &["migrate", "--profile", "other"]).assert_ok();
    let renamed = run(&sb, &kr, &["rename", "other", "orig"]);
    common::assert_error(
        &renamed,
        1,
        &["item kept for “orig”", "“copy” still reads it"],
    );
    assert_eq!(
        served(&sb, &kr, "orig")["AccessKeyId"],
        "AKIAIOSFODNN7EXAMPLE"
    );
    let mut credentials = sb.read_credentials();
    credentials.push_str(
        "[orig]\naws_access_key_id = ASIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n",
    );
    sb.write_credentials(&credentials);
    let before = sb.tree();
    for args in [&["migrate", "--profile", "orig"][..], &["migrate", "--all"]] {
        let refused = run(&sb, &kr, args);
        assert_eq!(refused.code, 1, "{}", refused.stderr);
        for needle in [
            "item kept for “orig”",
            "“copy” still reads it",
            "Give it keys of its own first: keyshelf restore --profile NAME",
        ] {
            assert!(
                refused.stderr.contains(needle),
                "{needle}: {}",
                refused.stderr
            );
        }
        assert_no_secrets(&refused.stderr);
        assert_eq!(sb.tree(), before, "nothing was changed");
        // copy's line serves the item kept for "orig": it still holds copy's keys.
        assert_eq!(
            served(&sb, &kr, "orig")["AccessKeyId"],
            "AKIAIOSFODNN7EXAMPLE"
        );
    }
    // An import into the keychain under that name likewise.
    let csv = sb.root().join("orig_accessKeys.csv");
    std::fs::write(
        &csv,
        "Access key ID,Secret access key\nASIAI44QH8DHBEXAMPLE,je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n",
    )
    .unwrap();
    let imported = run(
        &sb,
        &kr,
        &[
            "import",
            csv.to_str().unwrap(),
            "--to-keychain",
            "--on-conflict",
            "replace",
        ],
    );
    assert_eq!(imported.code, 1, "{}", imported.stderr);
    assert!(
        imported.stderr.contains("“copy” still reads it"),
        "{}",
        imported.stderr
    );
    std::fs::remove_file(&csv).unwrap();
    assert_eq!(sb.tree(), before, "nothing was changed");
    assert_eq!(
        served(&sb, &kr, "orig")["AccessKeyId"],
        "AKIAIOSFODNN7EXAMPLE"
    );
    // The way out the message gives: copy gets keys of its own, then orig can move.
    run(&sb, &kr, &["restore", "--profile", "copy"]).assert_ok();
    run(&sb, &kr, &["migrate", "--profile", "copy"]).assert_ok();
    run(&sb, &kr, &["migrate", "--profile", "orig"]).assert_ok();
    assert_eq!(
        served(&sb, &kr, "copy")["AccessKeyId"],
        "AKIAIOSFODNN7EXAMPLE"
    );
    assert_eq!(
        served(&sb, &kr, "orig")["AccessKeyId"],
        "ASIAI44QH8DHBEXAMPLE"
    );
}

/// The witness: `import --on-conflict replace` (to the credentials file) over a profile whose
/// keys were in the keychain wrote the new keys to the file and left the old keys' item behind,
/// read by nothing and reported nowhere. It is removed once the files are saved.
#[test]
fn an_import_to_the_file_over_a_keychain_profile_removes_its_item() {
    let Some((sb, kr)) = setup() else { return };
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    assert!(kr.lookup("dev", &sb.credentials).is_some());
    let csv = sb.root().join("dev_accessKeys.csv");
    std::fs::write(
        &csv,
        "Access key ID,Secret access key\nAKIACIEXAMPLE0000001,ciSecretKeyEXAMPLE0000000000000000000001\n",
    )
    .unwrap();
    run(
        &sb,
        &kr,
        &["import", csv.to_str().unwrap(), "--on-conflict", "replace"],
    )
    .assert_ok();
    assert!(
        kr.lookup("dev", &sb.credentials).is_none(),
        "the old item is gone"
    );
    assert!(sb.read_credentials().contains("AKIACIEXAMPLE0000001"));
    assert!(
        !sb.read_config()
            .contains("credential-process --profile dev")
    );
}

/// The witness: a secret continued on a second line (botocore reads `PART1\nPART2`) was moved
/// to the keychain, and Restore then failed for good ("it contains a line break"): a one-way
/// move. Such a key is refused before anything is written, with the reason.
#[test]
fn a_key_on_two_lines_is_not_moved_one_way() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config("");
    sb.write_credentials(
        "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n  bPxRfiCYEXAMPLEKEY\n",
    );
    let before = sb.tree();
    let refused = run(&sb, &kr, &["migrate", "--profile", "dev"]);
    common::assert_error(
        &refused,
        1,
        &["aws_secret_access_key of profile “dev” goes on over more than one line"],
    );
    assert_no_secrets(&refused.stderr);
    assert_eq!(sb.tree(), before);
    assert!(kr.lookup("dev", &sb.credentials).is_none());
}
