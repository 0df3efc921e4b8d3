//! `keyshelf doctor` with the real binary against a sandbox home: one planted with every
//! finding the checks make (and with traps it must pass by: hidden caches, binary and huge
//! files, a FIFO, a commit hash in a history), and a clean one that finds nothing.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::keyring::{self, PrivateKeyring};
use common::{Run, Sandbox, run_cmd, set_mode};
use serde_json::Value;

const KEY_A: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_A: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const KEY_B: &str = "AKIAI44QH8DHBEXAMPLE";
const SECRET_B: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
/// A key no profile holds.
const KEY_X: &str = "AKIAXXXXEXAMPLE00001";
const SECRET_X: &str = "xXxXxXxXEXAMPLExXxXxXxXEXAMPLExXxXxXxXab";

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn doctor(sb: &Sandbox, env: &[(&str, &str)]) -> (Run, Value) {
    let mut cmd = sb.cmd();
    cmd.args(["doctor", "--json"]);
    for (name, value) in env {
        cmd.env(name, value);
    }
    let run = run_cmd(&mut cmd);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is one JSON object ({e}): {}", run.stdout));
    for secret in [SECRET_A, SECRET_B, SECRET_X] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a secret was printed"
        );
    }
    (run, report)
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

fn kinds(report: &Value) -> BTreeSet<String> {
    findings(report)
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_owned())
        .collect()
}

fn find<'a>(report: &'a Value, kind: &str) -> Vec<&'a Value> {
    findings(report)
        .iter()
        .filter(|f| f["kind"] == kind)
        .collect()
}

/// A home with a private `.aws` holding `config` and `credentials`, both 0600.
fn private_home(config: &str, credentials: &str) -> Sandbox {
    let sb = Sandbox::new();
    sb.write_config(config);
    sb.write_credentials(credentials);
    set_mode(&sb.aws, 0o700);
    set_mode(&sb.config, 0o600);
    set_mode(&sb.credentials, 0o600);
    sb
}

#[test]
fn a_clean_home_finds_nothing() {
    let sb = private_home("[default]\nregion = eu-west-1\noutput = json\n", "");
    // Files that look like trouble but are not: a CSV of something else, a history without
    // keys, an .env without secrets.
    write(&sb.home.join("Downloads/report.csv"), "a,b\n1,2\n");
    write(
        &sb.home.join(".bash_history"),
        "ls\naws s3 ls\ngit show 3f786850e387550fdab836ed7e6dc881de23001b\n",
    );
    write(&sb.home.join("app/.env"), "PORT=8080\n");
    let (run, report) = doctor(&sb, &[]);
    assert_eq!(findings(&report).len(), 0, "{report:#}");
    assert_eq!(run.code, 0);
    assert_eq!(report["search_incomplete"], false);
    assert!(report["files_searched"].as_u64().unwrap() >= 2);
    // The text face says so in words.
    let text = sb.run(&["doctor"]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("Nothing to fix"), "{}", text.stdout);
}

#[test]
fn a_planted_home_is_found_in_full() {
    let imported = (chrono::Local::now().date_naive() - chrono::Days::new(200)).format("%Y-%m-%d");
    let sb = Sandbox::new();
    sb.write_config(format!(
        "[profile plain]\nkeyshelf_imported = {imported}\n\
         [profile twin]\nregion = eu-west-1\n\
         [profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = gone\n\
         [profile x]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = y\n\
         [profile y]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = x\n\
         [profile tool]\ncredential_process = /nowhere/bin/fetch-keys --profile tool\n\
         [profile moved]\ncredential_process = \"/nowhere/keyshelf\" credential-process --profile moved\n\
         [profile both]\ncredential_process = /bin/true\n\
         [profile typo]\nregion = eu-wset-1\n\
         [profile 'my dev']\nregion = eu-west-1 # Ireland\n\
         [profile b]\nregion = us-east-1\n[profile  b]\noutput = json\n"
    ));
    sb.write_credentials(format!(
        "[plain]\naws_access_key_id = {KEY_A}\naws_secret_access_key = {SECRET_A}\n\
         [twin]\naws_access_key_id = {KEY_A}\naws_secret_access_key = {SECRET_A}\n\
         [both]\naws_access_key_id = {KEY_B}\naws_secret_access_key = {SECRET_B}\n"
    ));
    set_mode(&sb.aws, 0o755);
    set_mode(&sb.credentials, 0o644);
    // Settings only, readable by others: a risk, not serious.
    set_mode(&sb.config, 0o644);
    let backup = sb
        .aws
        .join("keyshelf-backups/credentials.2026-01-01_00-00-00.000");
    write(
        &backup,
        format!("[old]\naws_access_key_id = {KEY_X}\naws_secret_access_key = {SECRET_X}\n"),
    );
    set_mode(&backup, 0o640);
    set_mode(backup.parent().unwrap(), 0o700);

    // Copies: two console CSVs (one of a profile's key), a history, an .env file.
    write(
        &sb.home.join("Downloads/plain_accessKeys.csv"),
        format!("\u{feff}Access key ID,Secret access key\r\n{KEY_A},{SECRET_A}\r\n"),
    );
    write(
        &sb.home.join("Desktop/credentials.csv"),
        format!(
            "User name,Password,Access key ID,Secret access key,Console login link\n bob,,{KEY_X},{SECRET_X},https://x\n"
        ),
    );
    write(
        &sb.home.join(".bash_history"),
        format!("ls\nexport AWS_SECRET_ACCESS_KEY={SECRET_B}\ncd\n"),
    );
    write(
        &sb.home.join("work/site/.env.local"),
        format!("AWS_ACCESS_KEY_ID={KEY_X}\nAWS_SECRET_ACCESS_KEY={SECRET_X}\n"),
    );
    // Traps: hidden caches, a binary file, a file over the size limit, a FIFO.
    write(
        &sb.home.join(".cache/pip/.env"),
        format!("AWS_SECRET_ACCESS_KEY={SECRET_X}\n"),
    );
    write(
        &sb.home.join("node/node_modules/x/.env"),
        format!("AWS_SECRET_ACCESS_KEY={SECRET_X}\n"),
    );
    write(
        &sb.home.join("bin/.env"),
        format!("\0AWS_SECRET_ACCESS_KEY={SECRET_X}\n"),
    );
    write(
        &sb.home.join("big/.env"),
        format!(
            "AWS_SECRET_ACCESS_KEY={SECRET_X}\n{}",
            "#\n".repeat(600_000)
        ),
    );
    let fifo = sb.home.join("pipe/.env");
    fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    common::mkfifo(&fifo);

    let (run, report) = doctor(
        &sb,
        &[
            ("AWS_ACCESS_KEY_ID", KEY_X),
            ("AWS_SECRET_ACCESS_KEY", SECRET_X),
            ("AWS_PROFILE", "plain"),
        ],
    );
    assert_eq!(run.code, 1, "serious findings exit 1\n{}", run.stderr);
    let expected: BTreeSet<String> = [
        "plaintext_keys",
        "old_key",
        "folder_permissions",
        "file_permissions",
        "same_key",
        "keys_shadow_process",
        "process_missing",
        "source_profile_missing",
        "source_profile_loop",
        "shadowed_header",
        "name_sdks_skip",
        "inline_comment",
        "environment",
        "csv_copy",
        "history_copy",
        "env_file_copy",
        "setting_hint",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let found = kinds(&report);
    assert_eq!(
        found,
        expected,
        "missing: {:?}, extra: {:?}",
        expected.difference(&found),
        found.difference(&expected)
    );

    // Each names where it is.
    let csv: Vec<_> = find(&report, "csv_copy");
    assert_eq!(csv.len(), 2);
    let ours = csv
        .iter()
        .find(|f| {
            f["place"]["path"]
                .as_str()
                .unwrap()
                .ends_with("plain_accessKeys.csv")
        })
        .unwrap();
    assert_eq!(
        ours["profile"], "plain",
        "a found key that is a profile's is named as such"
    );
    assert_eq!(ours["action"]["type"], "delete_file");
    let theirs = csv
        .iter()
        .find(|f| {
            f["place"]["path"]
                .as_str()
                .unwrap()
                .ends_with("credentials.csv")
        })
        .unwrap();
    assert_eq!(theirs["access_key_id"], KEY_X);
    assert!(theirs.get("profile").is_none());
    let history = &find(&report, "history_copy")[0];
    assert_eq!(history["place"]["line"], 2);
    assert_eq!(history["profile"], "both");
    let env_file = find(&report, "env_file_copy");
    assert_eq!(
        env_file.len(),
        1,
        "hidden caches, node_modules, binary, huge files and FIFOs are skipped: {env_file:#?}"
    );
    assert!(
        env_file[0]["place"]["path"]
            .as_str()
            .unwrap()
            .ends_with("work/site/.env.local")
    );
    assert_eq!(env_file[0]["place"]["line"], 2);
    let age = &find(&report, "plaintext_keys")
        .into_iter()
        .find(|f| f["profile"] == "plain")
        .unwrap()["what"];
    assert!(age.as_str().unwrap().contains("200 days"), "{age}");
    let file_modes = find(&report, "file_permissions");
    assert_eq!(
        file_modes.len(),
        3,
        "both files and the backup: {file_modes:#?}"
    );
    for f in file_modes {
        let path = f["place"]["path"].as_str().unwrap();
        let expected = if path.ends_with("config") {
            "warning"
        } else {
            "serious"
        };
        assert_eq!(
            f["severity"], expected,
            "{path}: keys readable by others are serious"
        );
        assert_eq!(f["action"]["mode"], 0o600);
    }
    assert_eq!(
        find(&report, "folder_permissions")[0]["action"]["mode"],
        0o700
    );
    let missing = find(&report, "process_missing");
    assert_eq!(missing.len(), 2);
    assert!(
        missing
            .iter()
            .any(|f| f["profile"] == "moved" && f["action"]["type"] == "repair_path")
    );
    let variables: BTreeSet<&str> = find(&report, "environment")
        .iter()
        .map(|f| f["place"]["variable"].as_str().unwrap())
        .collect();
    assert_eq!(
        variables,
        ["AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_SECRET_ACCESS_KEY"].into()
    );
    // Every finding says why and how to fix, in words.
    for f in findings(&report) {
        for field in ["what", "why", "fix"] {
            let text = f[field].as_str().unwrap();
            assert!(text.len() > 10 && !text.contains('`'), "{field} of {f:#}");
        }
    }
    // The doctor only looks: nothing changed.
    assert!(fifo.exists() && sb.home.join("Downloads/plain_accessKeys.csv").exists());
}

#[test]
fn the_search_stops_at_its_time_limit() {
    let sb = private_home("", "");
    for i in 0..50 {
        write(&sb.home.join(format!("d{i}/.env")), "A=1\n");
    }
    let run = sb.run(&["doctor", "--json", "--time-limit", "0"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["search_incomplete"], true);
    let text = sb.run(&["doctor", "--time-limit", "0"]);
    assert!(
        text.stdout.contains("stopped at the time limit"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_csv_of_a_keychain_profile_is_named_as_its() {
    if !keyring::available() {
        return;
    }
    let kr = PrivateKeyring::start();
    let sb = private_home("", "");
    let csv = sb.home.join("Downloads/alice_accessKeys.csv");
    write(
        &csv,
        format!("Access key ID,Secret access key\n{KEY_A},{SECRET_A}\n"),
    );
    kr.run(&sb, &["import", csv.to_str().unwrap(), "--to-keychain"])
        .assert_ok();
    let mut cmd = sb.cmd();
    kr.apply(&mut cmd);
    let run = run_cmd(cmd.args(["doctor", "--json"]));
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(kinds(&report), ["csv_copy".to_owned()].into(), "{report:#}");
    assert_eq!(find(&report, "csv_copy")[0]["profile"], "alice");
    assert_eq!(run.code, 1);
}

#[test]
fn a_file_the_aws_cli_refuses_is_found() {
    // A BOM, a section twice, a key twice.
    let sb = private_home(
        "[profile a]\nregion = eu-west-1\nregion = us-east-1\n",
        "\u{feff}[a]\nx = 1\n[a]\ny = 2\n",
    );
    let (run, report) = doctor(&sb, &[]);
    assert_eq!(run.code, 1);
    let expected: BTreeSet<String> = ["bom", "duplicate_section", "duplicate_key"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(kinds(&report), expected, "{report:#}");
    let duplicate = &find(&report, "duplicate_section")[0];
    assert!(
        duplicate["place"]["path"]
            .as_str()
            .unwrap()
            .ends_with("credentials")
    );
    assert_eq!(duplicate["place"]["line"], 3);
    assert_eq!(find(&report, "duplicate_key")[0]["place"]["line"], 3);
}

#[test]
fn a_file_keyshelf_cannot_read_is_a_finding_and_the_rest_still_runs() {
    let sb = private_home("[profile a]\nregion = eu-west-1\noops\n", "");
    set_mode(&sb.credentials, 0o644);
    let (run, report) = doctor(&sb, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let unreadable = &find(&report, "unreadable_file")[0];
    assert_eq!(unreadable["place"]["line"], 3);
    assert!(
        unreadable["place"]["path"]
            .as_str()
            .unwrap()
            .ends_with("config")
    );
    assert_eq!(find(&report, "file_permissions").len(), 1);
}

/// Review witnesses: a variable and a folder name that are not Unicode must not stop the check
/// (`std::env::vars` panics on the one, JSON cannot hold the other as it is).
#[test]
fn names_that_are_not_unicode_do_not_stop_the_check() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let sb = private_home("", "");
    let folder = sb.home.join(OsStr::from_bytes(b"caf\xe9"));
    write(
        &folder.join(".env"),
        format!("AWS_SECRET_ACCESS_KEY={SECRET_X}\n"),
    );
    let mut cmd = sb.cmd();
    cmd.env("ODD", OsStr::from_bytes(b"\xff\xfe"))
        .args(["doctor", "--json"]);
    let run = run_cmd(&mut cmd);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let found = find(&report, "env_file_copy");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]["place"]["path"]
            .as_str()
            .unwrap()
            .contains("caf\u{fffd}")
    );
}

/// Review witness: a file others can write lets them add a credential_process of theirs.
#[test]
fn a_file_or_folder_others_can_write_is_serious() {
    let sb = private_home("[default]\nregion = eu-west-1\n", "");
    set_mode(&sb.config, 0o666);
    set_mode(&sb.aws, 0o777);
    let (run, report) = doctor(&sb, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(find(&report, "file_permissions")[0]["severity"], "serious");
    assert_eq!(
        find(&report, "folder_permissions")[0]["severity"],
        "serious"
    );
}

/// The witness: with `XDG_DATA_HOME` set, fish keeps its history in
/// `$XDG_DATA_HOME/fish/fish_history`; doctor looked only in `~/.local/share` and missed a
/// secret pasted there.
#[test]
fn a_fish_history_under_xdg_data_home_is_searched() {
    let sb = private_home(
        "",
        &format!("[plain]\naws_access_key_id = {KEY_A}\naws_secret_access_key = {SECRET_A}\n"),
    );
    let data = sb.home.join("data");
    let history = data.join("fish/fish_history");
    fs::create_dir_all(history.parent().unwrap()).unwrap();
    fs::write(
        &history,
        format!("- cmd: ls\n  when: 1700000000\n- cmd: export AWS_SECRET_ACCESS_KEY={SECRET_A}\n  when: 1700000001\n"),
    )
    .unwrap();
    let (_, report) = doctor(&sb, &[("XDG_DATA_HOME", data.to_str().unwrap())]);
    let found = find(&report, "history_copy");
    assert_eq!(found.len(), 1, "{report:#}");
    assert!(
        found[0]["place"]["path"]
            .as_str()
            .unwrap()
            .ends_with("data/fish/fish_history")
    );
    assert_eq!(found[0]["profile"], "plain");
}
