//! A keychain move changes only what it moves, under the environment the AWS tools read: the
//! witnesses of the bug reports, each a test named after its kind, against a private Secret
//! Service, with boto3 as the oracle before and after.

use std::process::Command;

use super::*;

const K1: &str = "AKIAK1K1K1K1K1K1K1K1";
const K2: &str = "AKIAK2K2K2K2K2K2K2K2";

/// `keyshelf ARGS` against the keyring with these variables set.
fn run_env(sb: &Sandbox, kr: &PrivateKeyring, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = sb.cmd();
    kr.apply(&mut cmd);
    for (name, value) in env {
        cmd.env(name, value);
    }
    run_cmd(cmd.args(args))
}

/// What `python3 -c SCRIPT` prints (trimmed) in the sandbox, against the keyring, with these
/// variables set; `None` (once said) without the AWS Python libraries.
fn python(sb: &Sandbox, kr: &PrivateKeyring, env: &[(&str, &str)], script: &str) -> Option<String> {
    let mut cmd = Command::new("python3");
    common::scrub_aws_env(&mut cmd);
    cmd.current_dir(sb.root())
        .env("HOME", &sb.home)
        .env("AWS_CONFIG_FILE", &sb.config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
        .env("AWS_EC2_METADATA_DISABLED", "true");
    kr.apply(&mut cmd);
    for (name, value) in env {
        cmd.env(name, value);
    }
    let out = run_cmd(cmd.args(["-c", script]));
    if out.stderr.contains("No module named") {
        common::skip::skipped("python3 with boto3 and botocore is not installed");
        return None;
    }
    assert_eq!(out.code, 0, "python failed: {}", out.stderr);
    Some(out.stdout.trim().to_owned())
}

/// The access key boto3 uses for `profile` with these variables set, through keyshelf's own
/// `credential_process` where the files say so.
fn boto3_key(
    sb: &Sandbox,
    kr: &PrivateKeyring,
    env: &[(&str, &str)],
    profile: &str,
) -> Option<String> {
    let script = format!(
        "import boto3\ntry:\n  print(boto3.Session(profile_name={profile:?}).get_credentials().get_frozen_credentials().access_key)\nexcept Exception as e:\n  print('error:', type(e).__name__)\n"
    );
    python(sb, kr, env, &script)
}

fn pair(header: &str, id: &str) -> String {
    format!("[{header}]\naws_access_key_id = {id}\naws_secret_access_key = secret{id}\n")
}

/// Witness: `AWS_SHARED_CREDENTIALS_FILE=` (empty), K2 in `[profile dev]` of the config file, K1
/// in `~/.aws/credentials`. botocore uses K2; the move takes K2 to the keychain, boto3 then gets
/// K2 through keyshelf, and `~/.aws/credentials` (which no AWS tool reads here) is untouched.
#[test]
fn empty_file_variable_move_takes_the_keys_the_tools_use() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config(pair("profile dev", K2));
    sb.write_credentials(pair("dev", K1));
    let env = [("AWS_SHARED_CREDENTIALS_FILE", "")];
    if let Some(used) = boto3_key(&sb, &kr, &env, "dev") {
        assert_eq!(used, K2);
    }
    run_env(&sb, &kr, &env, &["migrate", "--profile", "dev"]).assert_ok();
    assert_eq!(
        sb.read_credentials(),
        pair("dev", K1),
        "no AWS tool reads it here"
    );
    assert!(!sb.read_config().contains("secret"), "{}", sb.read_config());
    if let Some(used) = boto3_key(&sb, &kr, &env, "dev") {
        assert_eq!(used, K2);
    }
    // Putting the keys back needs a credentials file the tools read: refused, nothing lost.
    let restore = run_env(&sb, &kr, &env, &["restore", "--profile", "dev"]);
    assert_eq!(restore.code, 1, "{}", restore.stderr);
    assert!(
        restore
            .stderr
            .contains("AWS_SHARED_CREDENTIALS_FILE is set but empty"),
        "{}",
        restore.stderr
    );
    if let Some(used) = boto3_key(&sb, &kr, &env, "dev") {
        assert_eq!(used, K2, "still served from the keychain");
    }
}

/// Witness: `AWS_CONFIG_FILE=/dev/null`. The move needs the config file for its
/// `credential_process` line: refused in words, with no lock, temporary file or backup put in
/// `/dev`, and the keys where they were.
#[test]
fn device_as_config_file_move_is_refused_and_nothing_goes_beside_it() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_credentials(pair("dev", K1));
    let before: Vec<_> = std::fs::read_dir("/dev")
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let env = [("AWS_CONFIG_FILE", "/dev/null")];
    let migrate = run_env(&sb, &kr, &env, &["migrate", "--profile", "dev"]);
    assert_eq!(migrate.code, 1, "{}", migrate.stderr);
    assert!(
        migrate.stderr.contains("/dev/null is not a regular file"),
        "{}",
        migrate.stderr
    );
    assert_eq!(sb.read_credentials(), pair("dev", K1));
    let after: Vec<_> = std::fs::read_dir("/dev")
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let added: Vec<_> = after
        .iter()
        .filter(|n| !before.contains(n))
        .filter(|n| n.to_string_lossy().contains("keyshelf"))
        .collect();
    assert!(added.is_empty(), "{added:?}");
}

/// Witness: K1 in `[dev]` of the credentials file, K2 in `[profile dev]` of the config file.
/// botocore uses K1; K2 is dead for it, yet a real key. The move refuses to delete K2 and says
/// where it is; nothing changes, and no key is lost.
#[test]
fn second_key_pair_in_the_other_file_stops_the_move() {
    let Some((sb, kr)) = setup() else { return };
    let config = format!("# mine\n{}", pair("profile dev", K2));
    sb.write_config(&config);
    sb.write_credentials(pair("dev", K1));
    let tree = sb.tree();
    let migrate = run(&sb, &kr, &["migrate", "--profile", "dev"]);
    assert_error(
        &migrate,
        1,
        &[
            "profile “dev”",
            "aws_access_key_id in the config file (line 3)",
            "will not delete a key",
        ],
    );
    assert!(!migrate.stderr.contains(K2), "{}", migrate.stderr);
    assert_eq!(sb.tree(), tree);
    // `migrate --all` says the same for that profile and goes on with the others.
    const K3: &str = "AKIAK3K3K3K3K3K3K3K3";
    sb.write_credentials(format!("{}\n{}", pair("dev", K1), pair("ok", K3)));
    let all = run(&sb, &kr, &["migrate", "--all"]);
    assert!(
        all.stderr
            .contains("aws_access_key_id in the config file (line 3)"),
        "{}",
        all.stderr
    );
    assert!(
        sb.read_config().starts_with(&config),
        "{}",
        sb.read_config()
    );
    assert_eq!(
        sb.read_credentials(),
        pair("dev", K1),
        "dev's keys stay, ok's moved"
    );
    assert_eq!(kr.served(&sb, "ok")["AccessKeyId"], K3);
}

/// Witness: `# START of Generated Lines` just above `[gen-1]`. The comment is not the moved
/// section's: it stays through the move and the way back, and so does every other byte.
#[test]
fn comment_above_a_moved_header_survives_migrate_and_restore() {
    let Some((sb, kr)) = setup() else { return };
    let credentials = format!(
        "[manual]\nregion = eu-west-1\n\n# START of Generated Lines\n{}[gen-2]\nregion = us-east-2\n# END of Generated Lines\n",
        pair("gen-1", K1)
    );
    sb.write_credentials(&credentials);
    run(&sb, &kr, &["migrate", "--profile", "gen-1"]).assert_ok();
    let moved = sb.read_credentials();
    assert_eq!(
        moved,
        "[manual]\nregion = eu-west-1\n\n# START of Generated Lines\n[gen-2]\nregion = us-east-2\n# END of Generated Lines\n"
    );
    run(&sb, &kr, &["restore", "--profile", "gen-1"]).assert_ok();
    let back = sb.read_credentials();
    assert!(
        back.starts_with(&moved),
        "only the section comes back, at the end:\n{back}"
    );
    assert!(back.ends_with(&pair("gen-1", K1)), "{back}");
    if let Some(used) = boto3_key(&sb, &kr, &[], "gen-1") {
        assert_eq!(used, K1);
    }
}

/// Settings beside the keys stay where botocore read them, so every value it resolves after the
/// move is what it was: `aws_account_id` (read from the keys' section before, from the merged
/// profile by the `credential_process` provider after), `region`, an `s3` block.
#[test]
fn settings_beside_the_keys_resolve_the_same_after_a_move() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config("[profile dev]\nregion = us-east-1\ns3 =\n  addressing_style = path\n");
    sb.write_credentials(format!(
        "{}aws_account_id = 123456789012\nregion = eu-west-1\ns3 =\n  addressing_style = virtual\n",
        pair("dev", K1)
    ));
    let script = "import botocore.session\ns = botocore.session.Session(profile='dev')\nc = s.get_credentials()\nprint(c.access_key, c.account_id, s.get_config_variable('region'), s.get_scoped_config()['s3'])";
    let Some(before) = python(&sb, &kr, &[], script) else {
        return;
    };
    assert!(before.contains("123456789012"), "{before}");
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    assert_eq!(python(&sb, &kr, &[], script), Some(before));
}

/// configparser's `[DEFAULT]` in the credentials file gives its keys to every profile that has a
/// section there: a move of one of them would leave those keys winning, so it is refused.
#[test]
fn keys_in_the_defaults_section_stop_a_move_they_would_outlive() {
    let Some((sb, kr)) = setup() else { return };
    // dev's own keys hide [DEFAULT]'s today; without them, [DEFAULT]'s would win.
    sb.write_credentials(format!(
        "{}\n{}region = eu-west-1\n",
        pair("DEFAULT", K1),
        pair("dev", K2)
    ));
    let tree = sb.tree();
    let migrate = run(&sb, &kr, &["migrate", "--profile", "dev"]);
    assert_eq!(migrate.code, 1, "{}", migrate.stderr);
    assert!(
        migrate
            .stderr
            .contains("plaintext keys from the credentials file"),
        "{}",
        migrate.stderr
    );
    assert_eq!(sb.tree(), tree);
}

/// A key name botocore lowercases with full Unicode (`aws_access_\u{212A}ey_id`, KELVIN SIGN):
/// it is the access key ID, it moves, and no plaintext copy is left behind.
#[test]
fn unicode_key_name_moves_as_the_key_it_is() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_credentials(format!(
        "[dev]\naws_access_\u{212A}ey_id = {K1}\naws_secret_access_key = secret{K1}\n"
    ));
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    assert!(
        !sb.read_credentials().contains(K1),
        "{}",
        sb.read_credentials()
    );
    assert_eq!(kr.served(&sb, "dev")["AccessKeyId"], K1);
    if let Some(used) = boto3_key(&sb, &kr, &[], "dev") {
        assert_eq!(used, K1);
    }
}

/// A file a move empties and a restore fills keeps its line endings: `\r\n` here, as a
/// Windows editor left them.
#[test]
fn emptied_file_keeps_its_line_endings_through_a_restore() {
    let Some((sb, kr)) = setup() else { return };
    let crlf = pair("dev", K1).replace('\n', "\r\n");
    sb.write_credentials(&crlf);
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    assert_eq!(sb.read_credentials(), "");
    run(&sb, &kr, &["restore", "--profile", "dev"]).assert_ok();
    assert_eq!(sb.read_credentials(), crlf);
}
