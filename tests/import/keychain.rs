//! Importing into the keychain.

use super::*;

// ---------------------------------------------------------------------------------------------
// The keychain

/// The sandbox and keyring of one test, or `None` (after a loud message) when the keyring
/// programs are missing.
pub(super) fn keyring_setup(sb: Sandbox) -> Option<(Sandbox, PrivateKeyring)> {
    if !keyring::available() {
        return None;
    }
    Some((sb, PrivateKeyring::start()))
}

#[test]
fn to_keychain_leaves_no_secret_in_the_files() {
    let Some((sb, kr)) = keyring_setup(Sandbox::new()) else {
        return;
    };
    let csv = put(&sb, "alice_accessKeys.csv");
    let run = kr.run(
        &sb,
        &["import", &csv, "--to-keychain", "--region", "eu-west-1"],
    );
    run.assert_ok();
    assert_quiet(&run);
    assert!(
        run.stderr.contains("imported “alice” into the keychain"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(HINT), "{}", run.stderr);

    let config = sb.read_config();
    let credentials = read_or_empty(&sb.credentials);
    for text in [&config, &credentials] {
        assert!(!text.contains(ID1) && !text.contains(SK1), "{text}");
        assert!(!text.contains("aws_access_key_id"), "{text}");
    }
    let exe = env!("CARGO_BIN_EXE_keyshelf");
    assert!(
        config.starts_with(&format!(
            "[profile alice]\ncredential_process = \"{exe}\" credential-process --profile alice\nregion = eu-west-1\nkeyshelf_imported = "
        )),
        "{config}"
    );

    let keys = kr.served(&sb, "alice");
    assert_eq!(keys["AccessKeyId"], ID1);
    assert_eq!(keys["SecretAccessKey"], SK1);
    assert!(keys.get("SessionToken").is_none(), "{keys}");

    let stored = kr
        .lookup("alice", &sb.credentials)
        .expect("secret-tool finds the item");
    assert!(stored.contains(SK1) && stored.contains(ID1));
    assert!(
        kr.items()
            .contains(&"label = keyshelf — AWS profile alice".to_owned()),
        "{:?}",
        kr.items()
    );
    assert_eq!(listed(&sb)["alice"], "keychain");
}

#[test]
fn to_keychain_replacing_plaintext_keys_removes_them_from_both_files() {
    let Some((sb, kr)) = keyring_setup(Sandbox::rich()) else {
        return;
    };
    let csv = write_csv(&sb, "dev.csv", &create_user_csv(&[("dev", ID3, SK3)]));
    let run = kr.run(
        &sb,
        &["import", &csv, "--to-keychain", "--on-conflict", "replace"],
    );
    run.assert_ok();
    assert_quiet(&run);
    let config = sb.read_config();
    let credentials = sb.read_credentials();
    for old in [
        "ASIAI44QH8DHBEXAMPLE",
        "je7MtGbClwBF",
        "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
    ] {
        assert!(!config.contains(old) && !credentials.contains(old), "{old}");
    }
    // The other profiles keep their keys.
    assert!(credentials.contains(ID1) && credentials.contains("AKIACIEXAMPLE0000001"));
    assert!(
        config.contains("region=us-west-2   "),
        "dev keeps its settings"
    );
    let keys = kr.served(&sb, "dev");
    assert_eq!(keys["AccessKeyId"], ID3);
    assert_eq!(keys["SecretAccessKey"], SK3);
    assert!(keys.get("SessionToken").is_none(), "{keys}");
    assert_eq!(listed(&sb)["dev"], "keychain");
}

#[test]
fn to_keychain_without_a_bus_changes_nothing() {
    // Sandbox::cmd points the session bus at a path that does not exist.
    let sb = Sandbox::rich();
    let csv = put(&sb, "alice_accessKeys.csv");
    import_fails(
        &sb,
        &[&csv, "--to-keychain", "--delete-source"],
        2,
        &["no keychain is available"],
    );
    assert!(exists(&sb, &csv));
}

#[test]
fn to_keychain_without_a_secret_service_changes_nothing() {
    if !keyring::available() {
        return;
    }
    let sb = Sandbox::rich();
    let kr = PrivateKeyring::bus_only();
    let csv = put(&sb, "several-rows.csv");
    let before = sb.tree();
    let run = kr.run(&sb, &["import", &csv, "--to-keychain", "--delete-source"]);
    assert_error(&run, 2, &["no keychain is available"]);
    assert_quiet(&run);
    assert_eq!(sb.tree(), before);
}

#[test]
fn botocore_gets_the_keys_through_credential_process() {
    let Some((sb, kr)) = keyring_setup(Sandbox::new()) else {
        return;
    };
    let script = "import botocore.session\nc = botocore.session.Session(profile='carol').get_credentials().get_frozen_credentials()\nprint(c.access_key, c.secret_key, c.token)";
    let mut probe = Command::new("python3");
    probe.args(["-c", "import botocore"]);
    if !run_cmd_quietly(&mut probe) {
        common::skip::skipped("python3 with botocore is not available");
        return;
    }
    let csv = put(&sb, "quoted.csv");
    kr.run(&sb, &["import", &csv, "--to-keychain"]).assert_ok();
    let mut cmd = Command::new("python3");
    common::scrub_aws_env(&mut cmd);
    cmd.env("HOME", &sb.home)
        .env("AWS_CONFIG_FILE", &sb.config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(["-c", script]);
    kr.apply(&mut cmd);
    let run = run_cmd(&mut cmd);
    run.assert_ok();
    assert_eq!(run.stdout.trim(), format!("{ID3} {SK3} None"));
}

pub(super) fn run_cmd_quietly(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|out| out.status.success())
}
