//! keyshelf agrees with the AWS tools on every file, and proves every keychain move.
//! Each witness of the issue is a regression test named after its kind, with a sibling of the
//! same kind beside it. They run the real binary on real files against a private Secret
//! Service (`common/keyring.rs`); boto3 and the AWS CLI v2, where installed, say which keys the
//! AWS tools get before and after.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use crate::common;

use std::path::Path;
use std::process::Command;

use common::keyring::{self, PrivateKeyring};
use common::{Run, Sandbox, assert_error, run_cmd};

#[path = "agreement_parts/moves.rs"]
mod moves;

const ID_A: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_A: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const ID_B: &str = "AKIAI44QH8DHBEXAMPLE";
const SECRET_B: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const TEMP_ID: &str = "ASIAIOSFODNN7EXAMPLE";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLELEGACYTOKEN";

fn keys(profile: &str, id: &str, secret: &str) -> String {
    format!("[{profile}]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n")
}

fn setup() -> Option<(Sandbox, PrivateKeyring)> {
    keyring::available().then(|| (Sandbox::new(), PrivateKeyring::start()))
}

/// `keyshelf ARGS` against the private keyring.
fn run(sb: &Sandbox, kr: &PrivateKeyring, args: &[&str]) -> Run {
    kr.run(sb, args)
}

/// What boto3 gets for `profile` ("ACCESS SECRET TOKEN", or "error: Class"), the files and the
/// keyring as the test set them; `None` (once reported) without boto3.
fn boto3(sb: &Sandbox, kr: &PrivateKeyring, profile: &str) -> Option<String> {
    let script = format!(
        "import boto3\ntry:\n  c = boto3.Session(profile_name={profile:?}).get_credentials()\n  f = c.get_frozen_credentials() if c else None\n  print(f and (f.access_key, f.secret_key, f.token))\nexcept Exception as e:\n  print('error:', type(e).__name__)\n"
    );
    python(sb, kr, &script)
}

fn python(sb: &Sandbox, kr: &PrivateKeyring, script: &str) -> Option<String> {
    let mut cmd = Command::new("python3");
    common::scrub_aws_env(&mut cmd);
    cmd.current_dir(sb.root())
        .env("HOME", &sb.home)
        .env("AWS_CONFIG_FILE", &sb.config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(["-c", script]);
    kr.apply(&mut cmd);
    let out = run_cmd(&mut cmd);
    if out.stderr.contains("No module named") {
        common::skip::skipped("boto3 checks: python3 with boto3 is not installed");
        return None;
    }
    assert_eq!(out.code, 0, "python failed: {}", out.stderr);
    Some(out.stdout.trim().to_owned())
}

/// What `aws configure export-credentials` (CLI v2) gets for `profile`: "ACCESS SECRET TOKEN".
fn cli_v2(sb: &Sandbox, kr: &PrivateKeyring, profile: &str) -> Option<String> {
    let aws = match common::aws_cli_v2() {
        Ok(aws) => aws,
        Err(why) => {
            common::skip::skipped(&format!("AWS CLI v2 checks: {why}"));
            return None;
        }
    };
    let mut cmd = Command::new(aws);
    common::scrub_aws_env(&mut cmd);
    cmd.current_dir(sb.root())
        .env("HOME", &sb.home)
        .env("AWS_CONFIG_FILE", &sb.config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(["configure", "export-credentials", "--format", "process"])
        .args(["--profile", profile]);
    kr.apply(&mut cmd);
    let out = run_cmd(&mut cmd);
    if out.code != 0 {
        return Some(format!("error: {}", out.stderr.trim()));
    }
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    Some(format!(
        "{} {} {}",
        json["AccessKeyId"].as_str().unwrap_or(""),
        json["SecretAccessKey"].as_str().unwrap_or(""),
        json["SessionToken"].as_str().unwrap_or("-")
    ))
}

/// Both AWS tools' answers for `profile`, for before/after comparisons.
fn tools(sb: &Sandbox, kr: &PrivateKeyring, profile: &str) -> (Option<String>, Option<String>) {
    (boto3(sb, kr, profile), cli_v2(sb, kr, profile))
}

// ------------------------------------------------------------------------------------------------
// 1. Several headers, one profile: the last one is the one the AWS tools read
// ------------------------------------------------------------------------------------------------

/// The issue's witness: the AWS CLI itself writes `[default]` after an existing
/// `[profile default]`; botocore reads only `[default]`.
#[test]
fn several_headers_one_profile_migrate_uses_the_section_the_tools_read() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config("[profile default]\nregion = us-east-1\n[default]\noutput = text\n");
    sb.write_credentials(keys("default", ID_A, SECRET_A));
    let list = run(&sb, &kr, &["list"]);
    list.assert_ok();
    assert!(
        list.stderr.contains(&format!(
            "{}: line 1: [profile default] is ignored",
            sb.config.display()
        )),
        "the shadowed header is named with file:line: {}",
        list.stderr
    );
    let output = run(&sb, &kr, &["get", "output", "--profile", "default"]);
    assert_eq!(output.stdout, "text\n");
    assert_eq!(
        run(&sb, &kr, &["get", "region", "--profile", "default"]).code,
        1
    );

    let before = tools(&sb, &kr, "default");
    run(&sb, &kr, &["migrate", "--profile", "default"]).assert_ok();
    let config = sb.read_config();
    let exe = env!("CARGO_BIN_EXE_keyshelf");
    assert_eq!(
        config,
        format!(
            "[profile default]\nregion = us-east-1\n[default]\noutput = text\ncredential_process = \"{exe}\" credential-process --profile default\n"
        )
    );
    let after = tools(&sb, &kr, "default");
    assert_eq!(
        after, before,
        "the AWS tools get the same keys from the keychain"
    );
    if let Some(boto) = &after.0 {
        assert!(boto.contains(ID_A), "{boto}");
    }

    // The fix the warning offers: merge, the effective section's own values winning.
    run(&sb, &kr, &["repair", "shadowed", "default", "--merge"]).assert_ok();
    assert_eq!(
        sb.read_config(),
        format!(
            "[default]\noutput = text\ncredential_process = \"{exe}\" credential-process --profile default\nregion = us-east-1\n"
        )
    );
    assert_eq!(tools(&sb, &kr, "default"), before);
}

/// A sibling: quoted spellings of one name shadow each other too; edits go to the last.
#[test]
fn several_headers_one_profile_quoted_spellings_edit_the_last() {
    let sb = Sandbox::new();
    sb.write_config("[profile dev]\nregion = us-east-1\n\n[profile 'dev']\noutput = json\n");
    sb.run(&["set", "region", "eu-west-1", "--profile", "dev"])
        .assert_ok();
    assert_eq!(
        sb.read_config(),
        "[profile dev]\nregion = us-east-1\n\n[profile 'dev']\noutput = json\nregion = eu-west-1\n"
    );
    let botocore = sb.python(
        "import botocore.session\ns = botocore.session.Session(profile='dev')\nprint(s.get_config_variable('region'))",
    );
    if botocore.code == 0 {
        assert_eq!(botocore.stdout.trim(), "eu-west-1");
    }
    let rename = sb.run(&["rename", "dev", "prod"]);
    assert_error(&rename, 1, &["line 1", "repair shadowed dev"]);
    sb.run(&["repair", "shadowed", "dev", "--remove"])
        .assert_ok();
    assert_eq!(
        sb.read_config(),
        "[profile 'dev']\noutput = json\nregion = eu-west-1\n"
    );
    sb.run(&["rename", "dev", "prod"]).assert_ok();
}

/// A sibling: keys under a header the AWS tools ignore are plaintext all the same; a move to
/// the keychain would leave them, so it waits for a merge or removal.
#[test]
fn several_headers_one_profile_keys_under_an_ignored_header_wait_for_a_fix() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config(format!(
        "[profile default]\naws_access_key_id = {ID_B}\naws_secret_access_key = {SECRET_B}\n[default]\noutput = text\n"
    ));
    sb.write_credentials(keys("default", ID_A, SECRET_A));
    let tree = sb.tree();
    let refused = run(&sb, &kr, &["migrate", "--profile", "default"]);
    assert_error(&refused, 1, &["line 1", "repair shadowed default"]);
    assert_eq!(sb.tree(), tree);
    assert!(kr.items().is_empty());
    run(&sb, &kr, &["repair", "shadowed", "default", "--remove"]).assert_ok();
    run(&sb, &kr, &["migrate", "--profile", "default"]).assert_ok();
    let files = sb.read_config() + &sb.read_credentials();
    assert!(
        !files.contains(SECRET_A) && !files.contains(SECRET_B),
        "{files}"
    );
}

// ------------------------------------------------------------------------------------------------
// 2. A file the AWS tools refuse to read is never written
// ------------------------------------------------------------------------------------------------

/// The issue's witness: `[default]` twice with different keys. botocore refuses the file; every
/// command that would write it refuses too, naming both lines and the fix, and changes nothing.
#[test]
fn duplicate_sections_are_never_written() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config("[default]\nregion = us-east-1\n");
    sb.write_credentials(format!(
        "{}\n{}",
        keys("default", ID_A, SECRET_A),
        keys("default", ID_B, SECRET_B)
    ));
    let tree = sb.tree();
    let refusals: &[&[&str]] = &[
        &["migrate", "--profile", "default"],
        &["migrate", "--all"],
        &["unset", "aws_access_key_id", "--profile", "default"],
        &["rename", "default", "main"],
        &["delete", "default"],
        &["duplicate", "default", "copy"],
    ];
    for args in refusals {
        let refused = run(&sb, &kr, args);
        assert_eq!(refused.code, 1, "{args:?}: {}", refused.stderr);
        for needle in [
            format!("{}:5", sb.credentials.display()).as_str(),
            "first at line 1",
            "keyshelf repair keep credentials:1",
            "keyshelf repair keep credentials:5",
        ] {
            assert!(
                refused.stderr.contains(needle),
                "{args:?}: {}",
                refused.stderr
            );
        }
        common::assert_no_secrets(&refused.stderr);
        assert_eq!(sb.tree(), tree, "{args:?} changed a file");
        let which = run(&sb, &kr, &["which", "--profile", "default"]);
        assert!(
            which
                .stderr
                .contains("cannot read the credentials file at all"),
            "{}",
            which.stderr
        );
        assert!(kr.items().is_empty(), "{args:?} left a keychain item");
    }

    // Keep the second one, as the user picks; botocore then reads the file, and a move works.
    run(&sb, &kr, &["repair", "keep", "credentials:5"]).assert_ok();
    assert_eq!(sb.read_credentials(), keys("default", ID_B, SECRET_B));
    let before = tools(&sb, &kr, "default");
    if let Some(boto) = &before.0 {
        assert!(boto.contains(ID_B), "{boto}");
    }
    run(&sb, &kr, &["migrate", "--profile", "default"]).assert_ok();
    assert_eq!(tools(&sb, &kr, "default"), before);
}

/// A sibling: the same key twice in one section, which botocore refuses just as well.
#[test]
fn duplicate_keys_are_never_written() {
    let sb = Sandbox::new();
    let config = "[profile dev]\nregion = us-east-1\nRegion = eu-west-1\n";
    sb.write_config(config);
    let tree = sb.tree();
    let refused = sb.run(&["set", "output", "json", "--profile", "dev"]);
    assert_error(
        &refused,
        1,
        &[
            "config:3",
            "“Region” appears a second time",
            "first at line 2",
        ],
    );
    assert_eq!(sb.tree(), tree);
    sb.run(&["repair", "keep", "config:2"]).assert_ok();
    sb.run(&["set", "output", "json", "--profile", "dev"])
        .assert_ok();
    assert_eq!(
        sb.read_config(),
        "[profile dev]\nregion = us-east-1\noutput = json\n"
    );
}

/// A sibling: a byte order mark, which botocore cannot read either (aws-cli #3419).
#[test]
fn byte_order_mark_is_never_written() {
    let sb = Sandbox::new();
    sb.write_config("\u{feff}[default]\nregion = us-east-1\n");
    let tree = sb.tree();
    let refused = sb.run(&["set", "output", "json"]);
    assert_error(
        &refused,
        1,
        &["byte order mark", "keyshelf repair bom config"],
    );
    assert_eq!(sb.tree(), tree);
    sb.run(&["repair", "bom", "config"]).assert_ok();
    assert_eq!(sb.read_config(), "[default]\nregion = us-east-1\n");
    sb.run(&["set", "output", "json"]).assert_ok();
}

// ------------------------------------------------------------------------------------------------
// 3. Every secret key the AWS tools know is a secret
// ------------------------------------------------------------------------------------------------

/// The issue's witness: temporary keys with the legacy `aws_security_token`.
#[test]
fn legacy_session_token_is_a_secret_everywhere() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_credentials(format!(
        "[temp]\naws_access_key_id = {TEMP_ID}\naws_secret_access_key = {SECRET_A}\naws_security_token = {TOKEN}\n"
    ));
    let get = run(
        &sb,
        &kr,
        &["get", "aws_security_token", "--profile", "temp"],
    );
    assert_eq!(get.code, 1);
    assert!(get.stderr.contains("--reveal") && !get.stderr.contains(TOKEN));
    let shown = run(
        &sb,
        &kr,
        &["get", "aws_security_token", "--profile", "temp", "--reveal"],
    );
    assert_eq!(shown.stdout.trim(), TOKEN);
    // A secret comes on stdin, never on the command line.
    let mut set = sb.cmd();
    kr.apply(&mut set);
    set.args(["set", "aws_security_token", "-", "--profile", "other"]);
    common::run_with_stdin(&mut set, "t0ken\n").assert_ok();
    assert!(
        sb.read_credentials()
            .contains("[other]\naws_security_token = t0ken\n")
    );
    assert!(!Path::new(&sb.config).exists() || !sb.read_config().contains("t0ken"));

    let before = tools(&sb, &kr, "temp");
    if let Some(boto) = &before.0 {
        assert!(boto.contains(TOKEN), "{boto}");
    }
    run(&sb, &kr, &["migrate", "--profile", "temp"]).assert_ok();
    let files = sb.read_config() + &sb.read_credentials();
    assert!(!files.contains(TOKEN), "the token left the files: {files}");
    assert_eq!(kr.served(&sb, "temp")["SessionToken"], TOKEN);
    assert_eq!(tools(&sb, &kr, "temp"), before);

    run(&sb, &kr, &["restore", "--profile", "temp"]).assert_ok();
    let credentials = sb.read_credentials();
    assert!(credentials.contains(&format!("aws_session_token = {TOKEN}")));
    assert!(
        !credentials.contains("aws_security_token = IQ"),
        "{credentials}"
    );
    assert_eq!(tools(&sb, &kr, "temp"), before);
}

/// A sibling: both token keys, with different values; botocore reads the legacy one first,
/// and so does every move.
#[test]
fn legacy_session_token_wins_over_the_new_one_as_in_botocore() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_credentials(format!(
        "[temp]\naws_access_key_id = {TEMP_ID}\naws_secret_access_key = {SECRET_A}\naws_session_token = newer\naws_security_token = {TOKEN}\n"
    ));
    let before = tools(&sb, &kr, "temp");
    // The token botocore ignores is still the user's: the move is refused, naming its line,
    // rather than deleting it.
    let tree = sb.tree();
    let refused = run(&sb, &kr, &["migrate", "--profile", "temp"]);
    assert_error(
        &refused,
        1,
        &[
            "profile “temp”",
            "aws_session_token in the credentials file (line 4)",
        ],
    );
    assert!(!refused.stderr.contains("newer"), "{}", refused.stderr);
    assert_eq!(sb.tree(), tree);
    // Once the user removes it, the move goes ahead with the token botocore used.
    sb.write_credentials(format!(
        "[temp]\naws_access_key_id = {TEMP_ID}\naws_secret_access_key = {SECRET_A}\naws_security_token = {TOKEN}\n"
    ));
    run(&sb, &kr, &["migrate", "--profile", "temp"]).assert_ok();
    assert_eq!(kr.served(&sb, "temp")["SessionToken"], TOKEN);
    assert_eq!(tools(&sb, &kr, "temp"), before);
}

// ------------------------------------------------------------------------------------------------
// 4. Every move is proved with the AWS tools' own resolution
// ------------------------------------------------------------------------------------------------

/// A role profile that takes its own static keys as its source (botocore allows that only
/// while the keys are there): moving them would leave a loop, so the move is refused.
#[test]
fn a_move_that_breaks_the_profile_for_the_tools_is_refused() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config(
        "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = ops\n",
    );
    sb.write_credentials(keys("ops", ID_A, SECRET_A));
    let tree = sb.tree();
    let refused = run(&sb, &kr, &["migrate", "--profile", "ops"]);
    assert_error(
        &refused,
        1,
        &["profile “ops”", "loop", "nothing was changed"],
    );
    assert_eq!(sb.tree(), tree);
    assert!(kr.items().is_empty());
}

/// A sibling: a role whose `source_profile` is the moved profile keeps its chain, and botocore
/// resolves its source credentials to the same keys through the keychain.
#[test]
fn a_role_built_on_a_moved_profile_keeps_working() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config(
        "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/Deploy\nsource_profile = base\n",
    );
    sb.write_credentials(keys("base", ID_A, SECRET_A));
    run(&sb, &kr, &["migrate", "--profile", "base"]).assert_ok();
    let which = run(&sb, &kr, &["which", "--profile", "deploy"]);
    assert_eq!(
        which.stdout.trim(),
        "the role arn:aws:iam::123456789012:role/Deploy, assumed with the credentials of profile “base” (keys from the keychain, through keyshelf)"
    );
    let script = "import botocore.session\nc = botocore.session.Session(profile='deploy').get_credentials()\nf = c._refresh_using.__self__\ns = f._source_credentials.get_frozen_credentials()\nprint(f._role_arn, s.access_key, s.secret_key)";
    if let Some(seen) = python(&sb, &kr, script) {
        assert_eq!(
            seen,
            format!("arn:aws:iam::123456789012:role/Deploy {ID_A} {SECRET_A}")
        );
    }
}

// ------------------------------------------------------------------------------------------------
// 5. A keychain item is found however the credentials file's path is spelled
// ------------------------------------------------------------------------------------------------

/// `keyshelf credential-process` with the credentials file named through a symlinked folder,
/// `..`, or a relative path.
fn served_via(sb: &Sandbox, kr: &PrivateKeyring, credentials: &str) -> Run {
    let mut cmd = sb.cmd();
    kr.apply(&mut cmd);
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", credentials).args([
        "credential-process",
        "--profile",
        "dev",
    ]);
    run_cmd(&mut cmd)
}

#[test]
fn keychain_item_is_found_however_the_path_is_spelled() {
    let Some((sb, kr)) = setup() else { return };
    let real = sb.root().join("real");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, sb.root().join("link")).unwrap();
    let linked = sb.root().join("link/credentials");
    std::fs::write(real.join("credentials"), keys("dev", ID_A, SECRET_A)).unwrap();
    let mut migrate = sb.cmd();
    kr.apply(&mut migrate);
    migrate
        .env("AWS_SHARED_CREDENTIALS_FILE", &linked)
        .args(["migrate", "--profile", "dev"]);
    run_cmd(&mut migrate).assert_ok();
    // The root folder itself may sit behind a symlink (/tmp on some systems): spell it every way.
    for spelling in [
        real.join("credentials").display().to_string(),
        linked.display().to_string(),
        sb.root()
            .join("link/../real/credentials")
            .display()
            .to_string(),
        "link/credentials".to_owned(),
        "./real/credentials".to_owned(),
    ] {
        let served = served_via(&sb, &kr, &spelling);
        served.assert_ok();
        assert!(
            served.stdout.contains(ID_A),
            "{spelling}: {}",
            served.stdout
        );
    }
}

/// A sibling: an item that an older keyshelf stored under the path as it was spelled then
/// (made absolute, not resolved) is still found, served, and restored; then it is gone.
#[test]
fn items_stored_under_an_older_spelling_are_found() {
    let Some((sb, kr)) = setup() else { return };
    let real = sb.root().join("real");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, sb.root().join("link")).unwrap();
    let linked = sb.root().join("link/credentials");
    std::fs::write(real.join("credentials"), "").unwrap();
    let exe = env!("CARGO_BIN_EXE_keyshelf");
    sb.write_config(format!(
        "[profile dev]\ncredential_process = \"{exe}\" credential-process --profile dev\n"
    ));
    kr.store_raw(
        "dev",
        &linked,
        &format!(r#"{{"AccessKeyId":"{ID_A}","SecretAccessKey":"{SECRET_A}"}}"#),
    );
    let served = served_via(&sb, &kr, &linked.display().to_string());
    served.assert_ok();
    assert!(served.stdout.contains(ID_A));
    let mut restore = sb.cmd();
    kr.apply(&mut restore);
    restore
        .env("AWS_SHARED_CREDENTIALS_FILE", &linked)
        .args(["restore", "--profile", "dev"]);
    run_cmd(&mut restore).assert_ok();
    assert_eq!(
        std::fs::read_to_string(real.join("credentials")).unwrap(),
        keys("dev", ID_A, SECRET_A)
    );
    assert_eq!(
        kr.lookup("dev", &linked),
        None,
        "the older item is removed too"
    );
}

// ------------------------------------------------------------------------------------------------
// 6. Smaller findings of the same trial
// ------------------------------------------------------------------------------------------------

/// Migrate made `[profile dev]` in a config file that did not exist; restore takes it away.
#[test]
fn restore_leaves_no_empty_section_behind() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_credentials(keys("dev", ID_A, SECRET_A));
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    assert!(
        sb.read_config()
            .starts_with("[profile dev]\ncredential_process")
    );
    run(&sb, &kr, &["restore", "--profile", "dev"]).assert_ok();
    assert_eq!(sb.read_config(), "");
    assert_eq!(sb.read_credentials(), keys("dev", ID_A, SECRET_A));
}

/// A comment on the header line of an emptied credentials section is the user's: the section
/// stays, as a comment inside it keeps it.
#[test]
fn a_comment_on_a_header_line_keeps_its_section() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_credentials(format!(
        "[dev] # the work account\naws_access_key_id = {ID_A}\naws_secret_access_key = {SECRET_A}\n"
    ));
    run(&sb, &kr, &["migrate", "--profile", "dev"]).assert_ok();
    assert_eq!(sb.read_credentials(), "[dev] # the work account\n");
}
