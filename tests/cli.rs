//! Integration tests of the `keyshelf` command line: each test runs the real binary in a
//! temporary home folder, with `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` pointing into
//! it and every `AWS_*` variable of the machine removed, and checks the files byte for byte.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;

use common::*;
use keyshelf::aws::AwsPaths;
use keyshelf::files::Workspace;

// ---------------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------------

#[test]
fn list_table_shows_every_profile_and_no_secret() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    let run = sb.run(&["list"]);
    run.assert_ok();
    assert_no_secrets(&run.stdout);
    assert_no_secrets(&run.stderr);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    let expected: Vec<Vec<&str>> = vec![
        vec!["default", "keys", "us-east-1", "json", "file"],
        vec!["dev", "keys", "us-west-2", "-", "file"],
        vec!["sso-user", "sso", "eu-central-1", "-", "none"],
        vec!["vault", "process", "-", "-", "keychain"],
        vec!["staging", "role", "-", "-", "none"],
        vec!["prod", "role", "-", "text", "none"],
        vec!["ci", "keys", "ca-central-1", "-", "file"],
    ];
    assert_eq!(rows, expected, "table:\n{}", run.stdout);
    assert_eq!(sb.tree(), before, "list writes nothing");
}

#[test]
fn list_json_parses_and_holds_no_secret() {
    let sb = Sandbox::rich();
    let run = sb.run(&["list", "--json"]);
    run.assert_ok();
    assert_no_secrets(&run.stdout);
    assert_no_secrets(&run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let rows = json.as_array().expect("a JSON array");
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "default", "dev", "sso-user", "vault", "staging", "prod", "ci"
        ]
    );
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap().clone();
    assert_eq!(
        row("dev"),
        serde_json::json!({"name": "dev", "kind": "keys", "region": "us-west-2",
                           "output": null, "secret": "file"})
    );
    assert_eq!(
        row("ci"),
        serde_json::json!({"name": "ci", "kind": "keys", "region": "ca-central-1",
                           "output": null, "secret": "file"})
    );
    assert_eq!(row("vault")["secret"], "keychain");
    assert_eq!(row("vault")["kind"], "process");
    assert_eq!(row("prod")["kind"], "role");
    assert_eq!(row("prod")["output"], "text");
    assert_eq!(row("sso-user")["kind"], "sso");
    // Nothing in any object is a value of a secret key.
    for r in rows {
        for (_, v) in r.as_object().unwrap() {
            if let Some(s) = v.as_str() {
                assert_no_secrets(s);
            }
        }
    }
}

#[test]
fn list_without_any_file_is_empty_and_creates_nothing() {
    let sb = Sandbox::new();
    let before = sb.tree();
    let run = sb.run(&["list"]);
    run.assert_ok();
    assert_eq!(run.stdout, "");
    let run = sb.run(&["list", "--json"]);
    run.assert_ok();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap(),
        serde_json::json!([])
    );
    assert!(!sb.aws.exists(), "list must not create ~/.aws");
    assert_eq!(sb.tree(), before);
}

#[test]
fn list_warns_on_stderr_about_names_the_rust_sdk_drops() {
    let sb = Sandbox::new();
    sb.write_config("[profile \"my dev\"]\nregion = eu-west-1\n");
    sb.write_credentials(
        "[my dev]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    );
    let run = sb.run(&["list", "--json"]);
    run.assert_ok();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json[0]["name"], "my dev");
    assert_eq!(json[0]["region"], "eu-west-1");
    assert!(run.stderr.contains("my dev"), "{}", run.stderr);
    assert_no_secrets(&run.stdout);
    assert_no_secrets(&run.stderr);
}

// ---------------------------------------------------------------------------------------------
// get
// ---------------------------------------------------------------------------------------------

#[test]
fn get_prints_plain_and_nested_values() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    let get = |args: &[&str]| {
        let run = sb.run(args);
        run.assert_ok();
        assert_no_secrets(&run.stderr);
        run.stdout
    };
    // The value as botocore reads it: trailing blanks are not part of it.
    assert_eq!(get(&["get", "region", "--profile", "dev"]), "us-west-2\n");
    assert_eq!(get(&["get", "region"]), "us-east-1\n");
    assert_eq!(get(&["get", "output", "-p", "prod"]), "text\n");
    // A key only in the credentials file.
    assert_eq!(get(&["get", "region", "--profile", "ci"]), "ca-central-1\n");
    assert_eq!(
        get(&["get", "s3.addressing_style", "--profile", "dev"]),
        "path\n"
    );
    assert_eq!(
        get(&["get", "s3.max_concurrent_requests", "--profile", "dev"]),
        "20\n"
    );
    assert_eq!(
        get(&["get", "s3", "--profile", "dev"]),
        "max_concurrent_requests = 20\naddressing_style = path\n"
    );
    // Keys match ignoring case, as in botocore.
    assert_eq!(get(&["get", "REGION", "--profile", "dev"]), "us-west-2\n");
    assert_eq!(sb.tree(), before, "get writes nothing");
}

#[test]
fn get_prefers_the_credentials_file_like_the_aws_cli() {
    let sb = Sandbox::new();
    sb.write_config("[profile dev]\nregion = us-east-1\n");
    sb.write_credentials("[dev]\nregion = eu-north-1\n");
    let run = sb.run(&["get", "region", "--profile", "dev"]);
    run.assert_ok();
    assert_eq!(run.stdout, "eu-north-1\n");
}

#[test]
fn get_refuses_secrets_without_reveal() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    for key in [
        "aws_access_key_id",
        "aws_secret_access_key",
        "aws_session_token",
        "AWS_SECRET_ACCESS_KEY",
    ] {
        let run = sb.run(&["get", key, "--profile", "dev"]);
        assert_error(&run, 1, &[key, "--reveal"]);
    }
    assert_eq!(sb.tree(), before);
}

#[test]
fn get_reveal_prints_the_secret() {
    let sb = Sandbox::rich();
    let reveal = |key: &str, profile: &str| {
        let run = sb.run(&["get", key, "--profile", profile, "--reveal"]);
        run.assert_ok();
        assert_no_secrets(&run.stderr);
        run.stdout
    };
    assert_eq!(
        reveal("aws_secret_access_key", "dev"),
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n"
    );
    assert_eq!(
        reveal("aws_session_token", "dev"),
        "IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes==\n"
    );
    assert_eq!(
        reveal("aws_access_key_id", "default"),
        "AKIAIOSFODNN7EXAMPLE\n"
    );
}

#[test]
fn get_a_missing_key_is_a_user_error() {
    let sb = Sandbox::rich();
    let run = sb.run(&["get", "mfa_serial", "--profile", "dev"]);
    assert_error(&run, 1, &["dev", "mfa_serial"]);
    let run = sb.run(&["get", "s3.nope", "--profile", "dev"]);
    assert_error(&run, 1, &["dev", "s3.nope"]);
    // A plain value has no sub-keys.
    let run = sb.run(&["get", "region.sub", "--profile", "dev"]);
    assert_error(&run, 1, &["dev", "region.sub"]);
}

// ---------------------------------------------------------------------------------------------
// set
// ---------------------------------------------------------------------------------------------

/// Runs one `set` on a fresh copy of the rich files and checks the config file against
/// `expected`, that at most one line was removed and exactly one added, and that the credentials
/// file is untouched.
#[track_caller]
fn check_set_on_rich_config(args: &[&str], expected: &str) {
    let sb = Sandbox::rich();
    let original = rich_config();
    let run = sb.run(args);
    run.assert_ok();
    assert_no_secrets(&run.stdout);
    assert_no_secrets(&run.stderr);
    let after = sb.read_config();
    assert_eq!(after, expected, "after `keyshelf {}`", args.join(" "));
    let (removed, added) = line_diff(&original, &after);
    assert!(
        removed.len() <= 1 && added.len() == 1,
        "one line changes: -{removed:?} +{added:?}"
    );
    assert_eq!(sb.read_credentials(), CREDENTIALS, "credentials untouched");
    assert!(
        run.stderr
            .contains(&format!("saved {}", sb.config.display())),
        "{}",
        run.stderr
    );
}

#[test]
fn set_changes_exactly_one_line_of_a_hand_kept_config() {
    let c = rich_config();
    // An existing value: only the value text changes, spacing and trailing blanks stay.
    check_set_on_rich_config(
        &["set", "region", "eu-west-1", "--profile", "dev"],
        &c.replace("region=us-west-2   ", "region=eu-west-1   "),
    );
    check_set_on_rich_config(
        &["set", "region", "eu-west-1"],
        &c.replace(
            "region = us-east-1\r\noutput = json",
            "region = eu-west-1\r\noutput = json",
        ),
    );
    // The last line of a file without a final newline.
    check_set_on_rich_config(
        &["set", "output", "yaml", "--profile", "prod"],
        &format!("{}output = yaml", c.strip_suffix("output = text").unwrap()),
    );
    // A key inside the nested block.
    check_set_on_rich_config(
        &["set", "s3.addressing_style", "virtual", "--profile", "dev"],
        &c.replace("  addressing_style = path", "  addressing_style = virtual"),
    );
    // A value with `#` in it (sso_start_url fragments) is written as given.
    check_set_on_rich_config(
        &[
            "set",
            "sso_start_url",
            "https://other.awsapps.com/start#/x",
            "--profile",
            "sso-user",
        ],
        &c.replace(
            "region = eu-central-1\r\n\r\n[services",
            "region = eu-central-1\r\nsso_start_url = https://other.awsapps.com/start#/x\r\n\r\n[services",
        ),
    );
}

#[test]
fn set_inserts_new_keys_where_the_aws_cli_would() {
    let c = rich_config();
    // After the section's last entry, which is a nested block: after the block, not inside it.
    check_set_on_rich_config(
        &["set", "output", "json", "--profile", "dev"],
        &c.replace(
            "  addressing_style = path\r\n",
            "  addressing_style = path\r\noutput = json\r\n",
        ),
    );
    // A new entry of the nested block takes the block's indentation.
    check_set_on_rich_config(
        &[
            "set",
            "s3.use_accelerate_endpoint",
            "true",
            "--profile",
            "dev",
        ],
        &c.replace(
            "  addressing_style = path\r\n",
            "  addressing_style = path\r\n  use_accelerate_endpoint = true\r\n",
        ),
    );
    // At the end of a file without a final newline: CRLF before it, still no final newline.
    check_set_on_rich_config(
        &["set", "region", "ap-south-1", "--profile", "prod"],
        &format!("{c}\r\nregion = ap-south-1"),
    );
}

#[test]
fn set_puts_region_in_config_and_keys_in_credentials() {
    let sb = Sandbox::new();
    let config = "[profile only-config]\noutput = json\n";
    let credentials = "[only-creds]\naws_access_key_id = AKIACIEXAMPLE0000001\n";
    sb.write_config(config);
    sb.write_credentials(credentials);

    // A profile only in the credentials file gets a config section for its region.
    sb.run(&["set", "region", "eu-west-1", "--profile", "only-creds"])
        .assert_ok();
    assert_eq!(
        sb.read_config(),
        format!("{config}\n[profile only-creds]\nregion = eu-west-1\n")
    );
    assert_eq!(sb.read_credentials(), credentials);

    // A profile only in the config file gets a credentials section for its keys.
    let run = sb.set_secret("aws_access_key_id", "AKIANEWEXAMPLE000001", "only-config");
    run.assert_ok();
    assert_no_secrets(&run.stdout);
    assert_no_secrets(&run.stderr);
    let run = sb.set_secret(
        "aws_secret_access_key",
        "NewSecretEXAMPLEnewSecretEXAMPLEnewSecre",
        "only-config",
    );
    run.assert_ok();
    assert_no_secrets(&run.stderr);
    assert_eq!(
        sb.read_credentials(),
        format!(
            "{credentials}\n[only-config]\naws_access_key_id = AKIANEWEXAMPLE000001\n\
             aws_secret_access_key = NewSecretEXAMPLEnewSecretEXAMPLEnewSecre\n"
        )
    );
    assert_eq!(
        sb.read_config(),
        format!("{config}\n[profile only-creds]\nregion = eu-west-1\n")
    );

    // A brand-new profile: the session token goes to the credentials file only.
    sb.set_secret(
        "aws_session_token",
        "IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes==",
        "brand-new",
    )
    .assert_ok();
    assert!(sb.read_credentials().ends_with(
        "\n[brand-new]\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes==\n"
    ));
    assert!(!sb.read_config().contains("brand-new"));
}

#[test]
fn set_creates_a_profile_with_a_space_in_its_name_quoted() {
    let sb = Sandbox::rich();
    let c = rich_config();
    sb.run(&["set", "region", "eu-west-1", "--profile", "my dev"])
        .assert_ok();
    assert_eq!(
        sb.read_config(),
        format!("{c}\r\n\r\n[profile \"my dev\"]\r\nregion = eu-west-1")
    );
    sb.set_secret("aws_access_key_id", "AKIANEWEXAMPLE000001", "my dev")
        .assert_ok();
    assert_eq!(
        sb.read_credentials(),
        format!("{CREDENTIALS}\n[my dev]\naws_access_key_id = AKIANEWEXAMPLE000001\n")
    );
    let run = sb.run(&["get", "region", "--profile", "my dev"]);
    run.assert_ok();
    assert_eq!(run.stdout, "eu-west-1\n");
}

#[test]
fn set_creates_a_missing_aws_folder_0700_and_files_0600() {
    let sb = Sandbox::new();
    assert!(!sb.aws.exists());
    // Only HOME: the default ~/.aws/config and ~/.aws/credentials.
    let run_home_only = |args: &[&str]| {
        let mut cmd = sb.cmd();
        cmd.env_remove("AWS_CONFIG_FILE")
            .env_remove("AWS_SHARED_CREDENTIALS_FILE")
            .args(args);
        run_cmd(&mut cmd)
    };
    run_home_only(&["set", "region", "eu-west-1"]).assert_ok();
    assert!(sb.aws.is_dir());
    assert_eq!(mode(&sb.aws), 0o700, "~/.aws is private");
    assert_eq!(
        fs::read_to_string(&sb.config).unwrap(),
        "[default]\nregion = eu-west-1\n"
    );
    assert_eq!(mode(&sb.config), 0o600);
    assert!(!sb.credentials.exists(), "no credentials file for a region");
    assert!(
        !sb.aws.join("keyshelf-backups").exists(),
        "nothing to back up for a new file"
    );

    let mut set = sb.cmd();
    set.env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .args(["set", "aws_access_key_id", "-"]);
    common::run_with_stdin(&mut set, "AKIANEWEXAMPLE000001\n").assert_ok();
    assert_eq!(
        fs::read_to_string(&sb.credentials).unwrap(),
        "[default]\naws_access_key_id = AKIANEWEXAMPLE000001\n"
    );
    assert_eq!(mode(&sb.credentials), 0o600);
    assert_eq!(mode(&sb.config), 0o600);
}

#[test]
fn set_expands_tilde_and_creates_nested_folders_0700() {
    let sb = Sandbox::new();
    let mut cmd = sb.cmd();
    cmd.env("AWS_CONFIG_FILE", "~/deep/er/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "~/deep/er/credentials")
        .args(["set", "output", "json", "--profile", "dev"]);
    run_cmd(&mut cmd).assert_ok();
    let config = sb.home.join("deep/er/config");
    assert_eq!(
        fs::read_to_string(&config).unwrap(),
        "[profile dev]\noutput = json\n"
    );
    assert_eq!(mode(&config), 0o600);
    assert_eq!(mode(&sb.home.join("deep")), 0o700);
    assert_eq!(mode(&sb.home.join("deep/er")), 0o700);
}

#[test]
fn set_keeps_an_existing_files_mode_and_keeps_a_private_backup() {
    let sb = Sandbox::rich();
    set_mode(&sb.config, 0o644);
    set_mode(&sb.credentials, 0o640);
    let original = fs::read(&sb.config).unwrap();
    sb.run(&["set", "region", "eu-west-1", "--profile", "dev"])
        .assert_ok();
    assert_eq!(mode(&sb.config), 0o644, "an existing mode is kept");
    assert_eq!(mode(&sb.credentials), 0o640);

    let backups = sb.backups_of(&sb.config);
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(
        fs::read(&backups[0]).unwrap(),
        original,
        "the previous bytes"
    );
    assert_eq!(mode(&backups[0]), 0o600, "a backup is private");
    assert_eq!(mode(&sb.aws.join("keyshelf-backups")), 0o700);
    assert!(
        sb.backups_of(&sb.credentials).is_empty(),
        "credentials not written"
    );

    // The next save keeps another backup holding the first save's result.
    let first = fs::read(&sb.config).unwrap();
    sb.run(&["set", "region", "eu-west-2", "--profile", "dev"])
        .assert_ok();
    let backups = sb.backups_of(&sb.config);
    assert_eq!(backups.len(), 2);
    assert_eq!(fs::read(&backups[1]).unwrap(), first);

    // A secret written to the credentials file: its backup is private too.
    let creds_before = fs::read(&sb.credentials).unwrap();
    sb.run(&["unset", "aws_session_token", "--profile", "dev"])
        .assert_ok();
    let backups = sb.backups_of(&sb.credentials);
    assert_eq!(backups.len(), 1);
    assert_eq!(fs::read(&backups[0]).unwrap(), creds_before);
    assert_eq!(mode(&backups[0]), 0o600);
    assert_eq!(mode(&sb.credentials), 0o640);
}

#[test]
fn saves_leave_no_temporary_file_behind() {
    let sb = Sandbox::rich();
    sb.run(&["set", "region", "eu-west-1", "--profile", "dev"])
        .assert_ok();
    sb.run(&["rename", "dev", "development"]).assert_ok();
    let mut names: Vec<String> = fs::read_dir(&sb.aws)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The save lock stays, empty, as a lock file must.
    assert_eq!(
        names,
        [
            ".keyshelf.lock",
            "config",
            "credentials",
            "keyshelf-backups"
        ]
    );
}

#[test]
fn set_keeps_only_the_newest_twenty_backups() {
    let sb = Sandbox::new();
    sb.write_config("[default]\nregion = r0\n");
    for i in 1..=22 {
        sb.run(&["set", "region", &format!("r{i}")]).assert_ok();
    }
    assert_eq!(sb.read_config(), "[default]\nregion = r22\n");
    let backups = sb.backups_of(&sb.config);
    assert_eq!(backups.len(), 20, "{backups:?}");
    let held: Vec<String> = backups
        .iter()
        .map(|b| fs::read_to_string(b).unwrap())
        .collect();
    let expected: Vec<String> = (2..=21)
        .map(|i| format!("[default]\nregion = r{i}\n"))
        .collect();
    assert_eq!(held, expected, "oldest first, the two oldest pruned");
}

#[test]
fn backups_of_a_file_whose_name_extends_another_do_not_count_against_it() {
    let sb = Sandbox::new();
    let keys = sb.aws.join("config.keys");
    sb.write_config("[default]\nregion = r0\n");
    fs::write(&keys, "[default]\naws_access_key_id = k0\n").unwrap();
    let run = |args: &[&str]| {
        run_cmd(
            sb.cmd()
                .env("AWS_SHARED_CREDENTIALS_FILE", &keys)
                .args(args),
        )
        .assert_ok();
    };
    for i in 1..=3 {
        let mut set = sb.cmd();
        set.env("AWS_SHARED_CREDENTIALS_FILE", &keys)
            .args(["set", "aws_access_key_id", "-"]);
        common::run_with_stdin(&mut set, &format!("k{i}\n")).assert_ok();
    }
    for i in 1..=20 {
        run(&["set", "region", &format!("r{i}")]);
    }
    let names: Vec<String> = fs::read_dir(sb.aws.join("keyshelf-backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let own = |prefix: &str| {
        names
            .iter()
            .filter(|n| {
                n.strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            })
            .count()
    };
    assert_eq!(own("config.keys."), 3);
    assert_eq!(
        own("config."),
        20,
        "the config file keeps its own 20 backups"
    );
}

#[test]
fn set_to_the_same_value_writes_nothing() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    let run = sb.run(&["set", "region", "us-west-2", "--profile", "dev"]);
    run.assert_ok();
    assert!(!run.stderr.contains("saved"), "{}", run.stderr);
    assert_eq!(sb.tree(), before, "no write, no backup");
}

#[test]
fn set_writes_through_a_symlinked_file() {
    let sb = Sandbox::new();
    let real = sb.root().join("dotfiles/aws-config");
    fs::create_dir_all(real.parent().unwrap()).unwrap();
    fs::write(&real, "[default]\nregion = us-east-1\n").unwrap();
    fs::create_dir_all(&sb.aws).unwrap();
    std::os::unix::fs::symlink(&real, &sb.config).unwrap();
    sb.run(&["set", "region", "eu-west-1"]).assert_ok();
    assert!(
        fs::symlink_metadata(&sb.config)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link survives"
    );
    assert_eq!(
        fs::read_to_string(&real).unwrap(),
        "[default]\nregion = eu-west-1\n"
    );
}

// ---------------------------------------------------------------------------------------------
// unset
// ---------------------------------------------------------------------------------------------

#[test]
fn unset_removes_a_key_from_both_files() {
    let sb = Sandbox::new();
    sb.write_config("[profile dev]\nregion = us-east-1\noutput = json\n");
    sb.write_credentials("[dev]\naws_access_key_id = ASIAI44QH8DHBEXAMPLE\nregion = eu-north-1\n");
    let run = sb.run(&["unset", "region", "--profile", "dev"]);
    run.assert_ok();
    assert_no_secrets(&run.stderr);
    assert_eq!(sb.read_config(), "[profile dev]\noutput = json\n");
    assert_eq!(
        sb.read_credentials(),
        "[dev]\naws_access_key_id = ASIAI44QH8DHBEXAMPLE\n"
    );
    assert_eq!(sb.backups_of(&sb.config).len(), 1);
    assert_eq!(sb.backups_of(&sb.credentials).len(), 1);
    let run = sb.run(&["get", "region", "--profile", "dev"]);
    assert_error(&run, 1, &["dev", "region"]);
}

#[test]
fn unset_a_secret_touches_only_its_line() {
    let sb = Sandbox::rich();
    sb.run(&["unset", "aws_session_token", "--profile", "dev"])
        .assert_ok();
    assert_eq!(
        sb.read_credentials(),
        CREDENTIALS.replace(
            "aws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes==\n",
            ""
        )
    );
    assert_eq!(sb.read_config(), rich_config());
}

#[test]
fn unset_nested_keys_and_then_the_empty_block() {
    let sb = Sandbox::rich();
    let c = rich_config();
    sb.run(&["unset", "s3.addressing_style", "--profile", "dev"])
        .assert_ok();
    assert_eq!(
        sb.read_config(),
        c.replace("  addressing_style = path\r\n", "")
    );
    sb.run(&["unset", "s3.max_concurrent_requests", "--profile", "dev"])
        .assert_ok();
    assert_eq!(
        sb.read_config(),
        c.replace(
            "s3 =\r\n  max_concurrent_requests = 20\r\n  addressing_style = path\r\n",
            ""
        ),
        "the block goes once it is empty; [services local-s3] keeps its own"
    );
}

#[test]
fn unset_a_missing_key_changes_nothing() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    assert_error(
        &sb.run(&["unset", "mfa_serial", "--profile", "dev"]),
        1,
        &["dev", "mfa_serial"],
    );
    assert_error(
        &sb.run(&["unset", "s3.nope", "--profile", "dev"]),
        1,
        &["dev", "s3.nope"],
    );
    assert_eq!(sb.tree(), before);
}

// ---------------------------------------------------------------------------------------------
// rename, duplicate, delete
// ---------------------------------------------------------------------------------------------

#[test]
fn rename_updates_both_files_and_every_source_profile() {
    let sb = Sandbox::rich();
    let run = sb.run(&["rename", "dev", "development"]);
    run.assert_ok();
    assert_no_secrets(&run.stderr);
    assert!(
        run.stderr
            .contains("renamed `dev` to `development` and 2 source_profile settings that named it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        sb.read_config(),
        rich_config()
            .replace("[profile dev]", "[profile development]")
            .replace("source_profile = dev", "source_profile = development")
    );
    assert_eq!(
        sb.read_credentials(),
        CREDENTIALS.replace("[dev]", "[development]")
    );
    // One backup of each file, holding its previous bytes.
    let config_backups = sb.backups_of(&sb.config);
    let creds_backups = sb.backups_of(&sb.credentials);
    assert_eq!(
        fs::read_to_string(&config_backups[0]).unwrap(),
        rich_config()
    );
    assert_eq!(fs::read_to_string(&creds_backups[0]).unwrap(), CREDENTIALS);
    let run = sb.run(&[
        "get",
        "aws_secret_access_key",
        "-p",
        "development",
        "--reveal",
    ]);
    assert_eq!(run.stdout, "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n");
}

#[test]
fn rename_says_how_many_references_changed() {
    let sb = Sandbox::new();
    sb.write_config(
        "[profile base]\nregion = us-east-1\n\n[profile admin]\nsource_profile = base\n",
    );
    let run = sb.run(&["rename", "base", "root"]);
    run.assert_ok();
    assert!(
        run.stderr
            .contains("renamed `base` to `root` and 1 source_profile that named it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        sb.read_config(),
        "[profile root]\nregion = us-east-1\n\n[profile admin]\nsource_profile = root\n"
    );
    let run = sb.run(&["rename", "admin", "boss"]);
    run.assert_ok();
    let last = run.stderr.lines().last().unwrap();
    assert_eq!(last, "renamed `admin` to `boss`");
}

#[test]
fn rename_to_a_name_with_a_space_and_back() {
    let sb = Sandbox::rich();
    sb.run(&["rename", "dev", "my dev"]).assert_ok();
    let config = sb.read_config();
    assert!(config.contains("\r\n[profile \"my dev\"]\r\nregion=us-west-2   \r\n"));
    assert!(config.contains("source_profile = my dev"));
    assert!(sb.read_credentials().contains("\n[my dev]\n"));
    sb.run(&["rename", "my dev", "dev"]).assert_ok();
    assert_eq!(sb.read_config(), rich_config());
    assert_eq!(sb.read_credentials(), CREDENTIALS);
}

#[test]
fn rename_onto_an_existing_profile_is_refused() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    assert_error(
        &sb.run(&["rename", "dev", "prod"]),
        1,
        &["`prod`", "already exists"],
    );
    assert_error(
        &sb.run(&["rename", "dev", "ci"]),
        1,
        &["`ci`", "already exists"],
    );
    assert_error(&sb.run(&["rename", "dev", "bad[name]"]), 1, &["bad[name]"]);
    assert_eq!(sb.tree(), before);
}

#[test]
fn duplicate_copies_keys_and_settings_from_both_files() {
    let sb = Sandbox::rich();
    let c = rich_config();
    let run = sb.run(&["duplicate", "dev", "dev2"]);
    run.assert_ok();
    assert_no_secrets(&run.stdout);
    assert_no_secrets(&run.stderr);
    assert!(
        run.stderr.contains("copied `dev` to `dev2`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        sb.read_config(),
        format!(
            "{c}\r\n\r\n[profile dev2]\r\nregion=us-west-2   \r\ncli_pager =\r\ns3 =\r\n  \
             max_concurrent_requests = 20\r\n  addressing_style = path"
        )
    );
    assert_eq!(
        sb.read_credentials(),
        format!(
            "{CREDENTIALS}\n[dev2]\naws_access_key_id = ASIAI44QH8DHBEXAMPLE\n\
             aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n\
             aws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes==\n"
        )
    );
    let run = sb.run(&["get", "s3.addressing_style", "--profile", "dev2"]);
    assert_eq!(run.stdout, "path\n");
    let before = sb.tree();
    assert_error(
        &sb.run(&["duplicate", "dev", "prod"]),
        1,
        &["`prod`", "already exists"],
    );
    assert_eq!(sb.tree(), before);
}

#[test]
fn delete_removes_the_profile_from_both_files_and_keeps_backups() {
    let sb = Sandbox::rich();
    let run = sb.run(&["delete", "dev"]);
    run.assert_ok();
    assert_no_secrets(&run.stdout);
    assert_no_secrets(&run.stderr);
    assert_eq!(
        sb.read_config(),
        rich_config().replace(
            "# The development account.\r\n# (two comment lines above its header)\r\n\
             [profile dev]\r\nregion=us-west-2   \r\ncli_pager =\r\ns3 =\r\n  \
             max_concurrent_requests = 20\r\n  addressing_style = path\r\n\r\n",
            ""
        )
    );
    assert_eq!(
        sb.read_credentials(),
        CREDENTIALS.replace(
            "[dev]\naws_access_key_id = ASIAI44QH8DHBEXAMPLE\n\
             aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n\
             aws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes==\n\n",
            ""
        )
    );
    let config_backups = sb.backups_of(&sb.config);
    let creds_backups = sb.backups_of(&sb.credentials);
    assert_eq!(config_backups.len(), 1);
    assert_eq!(creds_backups.len(), 1);
    assert_eq!(
        fs::read_to_string(&config_backups[0]).unwrap(),
        rich_config()
    );
    assert_eq!(fs::read_to_string(&creds_backups[0]).unwrap(), CREDENTIALS);
    for backup in config_backups.iter().chain(&creds_backups) {
        assert_eq!(mode(backup), 0o600);
        assert!(
            run.stderr
                .contains(&format!("backup kept: {}", backup.display())),
            "{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("deleted profile `dev`"));
    assert!(
        run.stderr
            .contains("warning: these profiles still use `dev` as source_profile: staging, prod"),
        "{}",
        run.stderr
    );
    assert_error(
        &sb.run(&["get", "region", "--profile", "dev"]),
        1,
        &["`dev`"],
    );
}

#[test]
fn delete_a_profile_only_in_the_credentials_file() {
    let sb = Sandbox::rich();
    sb.run(&["delete", "ci"]).assert_ok();
    assert_eq!(sb.read_config(), rich_config());
    assert_eq!(
        sb.read_credentials(),
        CREDENTIALS.split("\n[ci]\n").next().unwrap().to_owned()
    );
    assert!(sb.backups_of(&sb.config).is_empty());
    assert_eq!(sb.backups_of(&sb.credentials).len(), 1);
}

// ---------------------------------------------------------------------------------------------
// AWS_PROFILE
// ---------------------------------------------------------------------------------------------

#[test]
fn aws_profile_is_the_default_profile_and_flags_win() {
    let sb = Sandbox::rich();
    let run = sb.run_as("dev", &["get", "region"]);
    run.assert_ok();
    assert_eq!(run.stdout, "us-west-2\n");
    let run = sb.run_as("dev", &["get", "region", "--profile", "sso-user"]);
    assert_eq!(run.stdout, "eu-central-1\n");

    sb.run_as("dev", &["set", "output", "yaml"]).assert_ok();
    assert_eq!(
        sb.read_config(),
        rich_config().replace(
            "  addressing_style = path\r\n",
            "  addressing_style = path\r\noutput = yaml\r\n"
        )
    );
    sb.run_as("dev", &["unset", "aws_session_token"])
        .assert_ok();
    assert!(!sb.read_credentials().contains("aws_session_token"));

    let before = sb.tree();
    assert_error(&sb.run_as("nope", &["get", "region"]), 1, &["`nope`"]);
    assert_eq!(sb.tree(), before);
}

#[test]
fn without_aws_profile_the_profile_is_default() {
    let sb = Sandbox::rich();
    let run = sb.run(&["get", "region"]);
    run.assert_ok();
    assert_eq!(run.stdout, "us-east-1\n");
    sb.run(&["set", "output", "table"]).assert_ok();
    assert_eq!(
        sb.read_config(),
        rich_config().replace("output = json", "output = table")
    );
}

// ---------------------------------------------------------------------------------------------
// Error paths: exit code, one line naming the file:line or profile, no secret, files unchanged
// ---------------------------------------------------------------------------------------------

/// Every command that reads the files, each of which must fail the same way on a bad file.
const ALL_COMMANDS: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["get", "region", "--profile", "dev"],
    &[
        "get",
        "aws_secret_access_key",
        "--profile",
        "dev",
        "--reveal",
    ],
    &["set", "region", "eu-west-1", "--profile", "dev"],
    &["unset", "region", "--profile", "dev"],
    &["rename", "dev", "development"],
    &["duplicate", "dev", "dev2"],
    &["delete", "dev"],
];

#[track_caller]
fn assert_every_command_fails(sb: &Sandbox, code: i32, needles: &[&str]) {
    let before = sb.tree();
    for args in ALL_COMMANDS {
        let run = sb.run(args);
        assert_error(&run, code, needles);
        assert_eq!(
            sb.tree(),
            before,
            "`keyshelf {}` wrote something",
            args.join(" ")
        );
    }
}

#[test]
fn a_line_without_equals_in_the_config_names_file_and_line() {
    let sb = Sandbox::rich();
    let mut lines: Vec<&str> = RICH_CONFIG_LINES.to_vec();
    lines.insert(11, "output json"); // line 12, inside [profile dev]
    sb.write_config(lines.join("\r\n"));
    let at = format!("{}:12:", sb.config.display());
    assert_every_command_fails(&sb, 1, &[&at]);
}

#[test]
fn a_pasted_secret_without_key_names_file_and_line_but_not_the_secret() {
    let sb = Sandbox::rich();
    // The secret pasted on its own line (no `key =`): the error must not echo it.
    sb.write_credentials(CREDENTIALS.replace(
        "aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    ));
    let at = format!("{}:8:", sb.credentials.display());
    assert_every_command_fails(&sb, 1, &[&at]);
}

#[test]
fn a_key_before_the_first_section_names_file_and_line() {
    let sb = Sandbox::rich();
    sb.write_credentials(format!(
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n{CREDENTIALS}"
    ));
    let at = format!("{}:1:", sb.credentials.display());
    assert_every_command_fails(&sb, 1, &[&at]);
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let sb = Sandbox::rich();
    let mut bytes = CREDENTIALS.as_bytes().to_vec();
    // Line 4 is the default profile's secret; corrupt its last byte.
    let line4_end = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(3)
        .unwrap()
        .0;
    bytes[line4_end - 1] = 0xff;
    sb.write_credentials(&bytes);
    let at = format!("{}:4:", sb.credentials.display());
    assert_every_command_fails(&sb, 1, &[&at, "UTF-8"]);
}

#[test]
fn a_utf16_file_from_a_spreadsheet_is_invalid_utf8_on_line_1() {
    let sb = Sandbox::rich();
    let mut bytes = vec![0xff, 0xfe];
    for unit in CREDENTIALS.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    sb.write_credentials(&bytes);
    let at = format!("{}:1:", sb.credentials.display());
    assert_every_command_fails(&sb, 1, &[&at, "UTF-8"]);
}

#[test]
fn an_unknown_profile_is_named() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    for args in [
        &["get", "region", "--profile", "nope"][..],
        &[
            "get",
            "aws_secret_access_key",
            "--profile",
            "nope",
            "--reveal",
        ],
        &["unset", "region", "--profile", "nope"],
        &["unset", "s3.addressing_style", "--profile", "nope"],
        &["rename", "nope", "other"],
        &["duplicate", "nope", "other"],
        &["delete", "nope"],
    ] {
        assert_error(&sb.run(args), 1, &["`nope`"]);
    }
    assert_eq!(sb.tree(), before);
}

#[test]
fn a_value_with_a_line_break_is_refused() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    for (key, value) in [
        ("region", "eu-west-1\nx"),
        ("region", "eu-west-1\r\n[profile evil]"),
        ("region", "eu-west-1\r"),
        ("s3.addressing_style", "path\nvirtual"),
    ] {
        let run = sb.run(&["set", key, value, "--profile", "dev"]);
        let short = key.split('.').next_back().unwrap();
        assert_error(&run, 1, &[short, "line break"]);
    }
    // The same for a profile that does not exist yet: nothing is created.
    let run = sb.run(&["set", "region", "a\nb", "--profile", "fresh"]);
    assert_error(&run, 1, &["region", "line break"]);
    // Leading or trailing blanks would be dropped by the AWS CLI.
    let run = sb.run(&["set", "region", " eu-west-1", "--profile", "dev"]);
    assert_error(&run, 1, &["region"]);
    assert_eq!(sb.tree(), before);
}

#[test]
fn a_key_or_profile_name_with_a_line_break_is_refused_on_one_line() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    let run = sb.run(&["set", "reg\nion", "x", "--profile", "dev"]);
    assert_error(&run, 1, &["reg\\nion"]);
    let run = sb.run(&["set", "region", "x", "--profile", "a\nb"]);
    assert_error(&run, 1, &["a\\nb"]);
    let run = sb.run(&["rename", "dev", "a\nb"]);
    assert_error(&run, 1, &["a\\nb"]);
    let run = sb.run(&["duplicate", "dev", "a\nb"]);
    assert_error(&run, 1, &["a\\nb"]);
    assert_eq!(sb.tree(), before);
}

#[test]
fn an_unknown_name_with_a_line_break_is_still_one_line() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    assert_error(&sb.run(&["get", "region", "--profile", "a\nb"]), 1, &[]);
    assert_error(&sb.run(&["delete", "a\nb"]), 1, &[]);
    assert_error(&sb.run(&["rename", "a\nb", "c"]), 1, &[]);
    assert_error(&sb.run(&["get", "reg\nion", "--profile", "dev"]), 1, &[]);
    assert_error(&sb.run(&["unset", "reg\nion", "--profile", "dev"]), 1, &[]);
    assert_eq!(sb.tree(), before);
}

#[test]
fn bad_arguments_exit_1_and_touch_nothing() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    for args in [
        &["frobnicate"][..],
        &["--no-such-flag"],
        &["get"],
        &["get", "region", "extra"],
        &["get", "region", "--profile"],
        &["set"],
        &["set", "region"],
        &["unset"],
        &["list", "--yaml"],
        &["rename", "dev"],
        &["duplicate", "dev"],
        &["delete"],
        &["delete", "dev", "--reveal"],
    ] {
        let run = sb.run(args);
        assert_eq!(run.code, 1, "`keyshelf {}`: {}", args.join(" "), run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(!run.stderr.is_empty());
        assert_no_secrets(&run.stderr);
    }
    assert_eq!(sb.tree(), before);
}

#[test]
fn bad_arguments_are_reported_on_one_line() {
    let sb = Sandbox::rich();
    assert_error(&sb.run(&["frobnicate"]), 1, &["frobnicate"]);
    assert_error(&sb.run(&["set", "region"]), 1, &["VALUE"]);
}

#[test]
fn help_and_version_exit_0() {
    let sb = Sandbox::rich();
    let run = sb.run(&["--help"]);
    run.assert_ok();
    for command in [
        "list",
        "get",
        "set",
        "unset",
        "rename",
        "duplicate",
        "delete",
    ] {
        assert!(run.stdout.contains(command), "{}", run.stdout);
    }
    let run = sb.run(&["get", "--help"]);
    run.assert_ok();
    assert!(run.stdout.contains("--reveal"));
    let run = sb.run(&["--version"]);
    run.assert_ok();
    assert!(run.stdout.starts_with("keyshelf "), "{}", run.stdout);
}

#[cfg(not(feature = "gui"))]
#[test]
fn without_a_command_and_without_the_gui_exits_1() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    let run = sb.run(&[]);
    if run.code == 2 && run.stderr.contains("could not open the window") {
        // Another build sharing the target folder replaced the binary with one that has the
        // desktop app; this test's premise does not hold for it.
        println!(
            "SKIPPED without_a_command_and_without_the_gui_exits_1: the binary on disk was built \
             with the desktop app (a concurrent build shares the target folder)"
        );
        return;
    }
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("--help"));
    assert_eq!(sb.tree(), before);
}

// ---------------------------------------------------------------------------------------------
// I/O failures: exit 2
// ---------------------------------------------------------------------------------------------

#[test]
fn a_read_only_folder_exits_2_and_changes_nothing() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    let guard = ReadOnly::new(&sb.aws);
    if !guard.is_enforced() {
        println!(
            "SKIPPED a_read_only_folder_exits_2_and_changes_nothing: permission checks are \
             bypassed for this user (running as root?), so a 0555 folder is still writable"
        );
        return;
    }
    // Reading still works.
    sb.run(&["list"]).assert_ok();
    for args in [
        &["set", "region", "eu-west-1", "--profile", "dev"][..],
        &["delete", "dev"],
        &["rename", "dev", "development"],
    ] {
        let run = sb.run(args);
        assert_error(
            &run,
            2,
            &[&sb.config.display().to_string(), "permission denied"],
        );
    }
    drop(guard);
    assert_eq!(sb.tree(), before);
}

#[test]
fn an_unreadable_path_exits_2() {
    // Works as root too: a folder where the file should be cannot be read by anyone.
    let sb = Sandbox::rich();
    fs::remove_file(&sb.config).unwrap();
    fs::create_dir(&sb.config).unwrap();
    let before = sb.tree();
    for args in [&["list"][..], &["set", "region", "eu-west-1"]] {
        let run = sb.run(args);
        assert_error(
            &run,
            2,
            &[&format!("could not read {}", sb.config.display())],
        );
    }
    assert_eq!(sb.tree(), before);

    // A regular file where a folder of the path should be.
    let sb = Sandbox::rich();
    let blocker = sb.root().join("blocker");
    fs::write(&blocker, "").unwrap();
    let before = sb.tree();
    let config = blocker.join("config");
    let run =
        run_cmd(
            sb.cmd()
                .env("AWS_CONFIG_FILE", &config)
                .args(["set", "region", "eu-west-1"]),
        );
    assert_error(&run, 2, &[&config.display().to_string()]);
    assert_eq!(sb.tree(), before);
}

#[test]
fn a_backup_that_cannot_be_kept_stops_the_save_with_exit_2() {
    // Works as root too: a regular file where the backup folder should be.
    let sb = Sandbox::rich();
    fs::write(sb.aws.join("keyshelf-backups"), "not a folder").unwrap();
    let before = sb.tree();
    for args in [
        &["set", "region", "eu-west-1", "--profile", "dev"][..],
        &["unset", "aws_session_token", "--profile", "dev"],
        &["delete", "dev"],
    ] {
        let run = sb.run(args);
        assert_error(&run, 2, &["backup", "nothing was saved"]);
    }
    assert_eq!(sb.tree(), before);
}

#[test]
fn a_failed_save_of_the_second_file_leaves_the_first_unchanged() {
    let sb = Sandbox::new();
    let config = sb.root().join("a/config");
    let credentials = sb.root().join("b/credentials");
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    fs::create_dir_all(credentials.parent().unwrap()).unwrap();
    fs::write(&config, rich_config()).unwrap();
    fs::write(&credentials, CREDENTIALS).unwrap();
    // The credentials file's backup cannot be kept.
    fs::write(credentials.parent().unwrap().join("keyshelf-backups"), "").unwrap();
    let before = sb.tree();
    let run = run_cmd(
        sb.cmd()
            .env("AWS_CONFIG_FILE", &config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
            .args(["rename", "dev", "development"]),
    );
    assert_error(&run, 2, &[&credentials.display().to_string()]);
    assert_eq!(
        fs::read_to_string(&config).unwrap(),
        rich_config(),
        "the config file was renamed although the error says nothing was saved"
    );
    assert_eq!(sb.tree(), before);
}

// ---------------------------------------------------------------------------------------------
// A file changed on disk between read and write (through the library)
// ---------------------------------------------------------------------------------------------

fn paths_of(sb: &Sandbox) -> AwsPaths {
    AwsPaths {
        config: sb.config.clone(),
        credentials: sb.credentials.clone(),
        default_profile: "default".to_owned(),
    }
}

#[test]
fn a_file_changed_on_disk_since_it_was_read_is_a_conflict() {
    let sb = Sandbox::rich();
    let mut workspace = Workspace::load(paths_of(&sb)).unwrap();
    workspace.files.set("dev", "region", "eu-west-1").unwrap();
    // Another program changes the same profile meanwhile. (A change to another profile would
    // be merged: `src/files/merge.rs`.)
    let theirs = rich_config().replace("cli_pager =", "cli_pager = less");
    assert_ne!(theirs, rich_config());
    sb.write_config(&theirs);
    let before = sb.tree();
    match workspace.save() {
        Err(keyshelf::Error::Conflict { path }) => assert_eq!(path, sb.config),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(sb.read_config(), theirs, "the other writer's content stays");
    assert_eq!(sb.tree(), before, "no backup, no temporary file");

    // The error is a user error (exit 1), names the file, and holds no value.
    let err = workspace.save().unwrap_err();
    assert!(err.is_user_error());
    let text = err.to_string();
    assert!(text.contains(&sb.config.display().to_string()), "{text}");
    assert!(!text.contains('\n'));
    assert_no_secrets(&text);

    // After a reload the same edit saves over the other writer's content.
    workspace.reload().unwrap();
    workspace.files.set("dev", "region", "eu-west-1").unwrap();
    workspace.save().unwrap();
    assert_eq!(
        sb.read_config(),
        theirs.replace("region=us-west-2", "region=eu-west-1")
    );
}

#[test]
fn a_file_created_on_disk_since_it_was_read_is_a_conflict() {
    let sb = Sandbox::new();
    let mut workspace = Workspace::load(paths_of(&sb)).unwrap();
    workspace.files.set("dev", "region", "eu-west-1").unwrap();
    sb.write_config("[profile other]\nregion = us-east-1\n");
    assert!(matches!(
        workspace.save(),
        Err(keyshelf::Error::Conflict { .. })
    ));
    assert_eq!(sb.read_config(), "[profile other]\nregion = us-east-1\n");
}

#[test]
fn a_conflict_on_either_file_stops_a_two_file_save_before_any_write() {
    let sb = Sandbox::rich();
    let mut workspace = Workspace::load(paths_of(&sb)).unwrap();
    // A rename edits both files.
    workspace.files.rename("dev", "development").unwrap();
    // Another program changes the renamed profile's keys meanwhile.
    let theirs = CREDENTIALS.replace("[dev]\n", "[dev]\nregion = ca-central-1\n");
    assert_ne!(theirs, CREDENTIALS);
    sb.write_credentials(&theirs);
    let before = sb.tree();
    match workspace.save() {
        Err(keyshelf::Error::Conflict { path }) => assert_eq!(path, sb.credentials),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        sb.read_config(),
        rich_config(),
        "the config file is not written either"
    );
    assert_eq!(sb.read_credentials(), theirs);
    assert_eq!(sb.tree(), before);
}

// ---------------------------------------------------------------------------------------------
// botocore reads what keyshelf wrote
// ---------------------------------------------------------------------------------------------

fn botocore_available(sb: &Sandbox) -> bool {
    let run = sb.python("import botocore");
    if run.code != 0 {
        println!(
            "SKIPPED botocore check: `python3 -c 'import botocore'` failed: {}",
            run.stderr.trim().lines().last().unwrap_or("")
        );
    }
    run.code == 0
}

#[test]
fn botocore_reads_what_set_wrote() {
    let sb = Sandbox::rich();
    if !botocore_available(&sb) {
        return;
    }
    sb.run(&["set", "region", "eu-west-1", "--profile", "dev"])
        .assert_ok();
    sb.run(&["set", "s3.addressing_style", "virtual", "--profile", "dev"])
        .assert_ok();
    sb.run(&["set", "region", "eu-north-1", "--profile", "my dev"])
        .assert_ok();
    sb.run(&["set", "region", "ap-south-1", "--profile", "prod"])
        .assert_ok();
    let run = sb.python(
        "import json, botocore.session\n\
         s = botocore.session.Session(profile='dev')\n\
         print(json.dumps({\n\
           'dev': s.get_config_variable('region'),\n\
           's3': s.get_scoped_config()['s3']['addressing_style'],\n\
           'my dev': botocore.session.Session(profile='my dev').get_config_variable('region'),\n\
           'prod': botocore.session.Session(profile='prod').get_config_variable('region'),\n\
           'prod_output': botocore.session.Session(profile='prod').get_scoped_config()['output'],\n\
         }))",
    );
    assert_eq!(run.code, 0, "botocore failed: {}", run.stderr);
    let got: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(
        got,
        serde_json::json!({
            "dev": "eu-west-1",
            "s3": "virtual",
            "my dev": "eu-north-1",
            "prod": "ap-south-1",
            "prod_output": "text",
        })
    );
}

#[test]
fn botocore_reads_files_keyshelf_created_from_nothing() {
    let sb = Sandbox::new();
    if !botocore_available(&sb) {
        return;
    }
    sb.run(&["set", "region", "eu-west-1", "--profile", "dev"])
        .assert_ok();
    sb.set_secret("aws_access_key_id", "AKIANEWEXAMPLE000001", "dev")
        .assert_ok();
    let run = sb.python(
        "import botocore.session\n\
         s = botocore.session.Session(profile='dev')\n\
         print(s.get_config_variable('region'))\n\
         print(s.get_scoped_config()['aws_access_key_id'] == 'AKIANEWEXAMPLE000001')",
    );
    assert_eq!(run.code, 0, "botocore failed: {}", run.stderr);
    assert_eq!(run.stdout, "eu-west-1\nTrue\n");
}
