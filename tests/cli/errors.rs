//! Error paths and I/O failures: exit codes, one plain line, no secret, files unchanged.

use super::*;
use keyshelf::fault::Fault;

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
            "“keyshelf {}” wrote something",
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
        assert_error(&sb.run(args), 1, &["“nope”"]);
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
    // What follows the break is not echoed: `aws_secret_access_key\nSECRET` is one argument.
    let run = sb.run(&["set", "reg\nion", "x", "--profile", "dev"]);
    assert_error(&run, 1, &["“reg…”", "line break"]);
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
        assert_eq!(run.code, 1, "“keyshelf {}”: {}", args.join(" "), run.stderr);
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

/// Witness: `keyshelf` with no command on a machine with no display (an SSH session) printed
/// winit's error, with a path into the Rust package cache. It says what is missing and where
/// the commands are, in one line.
#[cfg(feature = "gui")]
#[test]
fn without_a_command_and_without_a_display_says_so_in_one_line() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    let run = sb.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("no display"), "{}", run.stderr);
    assert!(run.stderr.contains("--help"), "{}", run.stderr);
    assert!(!run.stderr.contains(".cargo"), "{}", run.stderr);
    assert_eq!(sb.tree(), before);
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
fn a_path_botocore_reads_as_no_file_is_never_written() {
    // A folder where the file should be is no file for botocore (`os.path.isfile`): it is read
    // as empty, said on stderr, and never written.
    let sb = Sandbox::rich();
    fs::remove_file(&sb.config).unwrap();
    fs::create_dir(&sb.config).unwrap();
    let before = sb.tree();
    let list = sb.run(&["list"]);
    list.assert_ok();
    assert!(
        list.stderr.contains("is not a regular file"),
        "{}",
        list.stderr
    );
    assert_error(
        &sb.run(&["set", "region", "eu-west-1"]),
        1,
        &[
            &format!("{} is not a regular file", sb.config.display()),
            "will not write there",
        ],
    );
    assert_eq!(sb.tree(), before);

    // A regular file where a folder of the path should be: no file for botocore either, so
    // `list` reads none and a save refuses to create it.
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
    assert_error(
        &run,
        1,
        &[
            &format!("{} cannot be reached (Not a directory)", config.display()),
            "will not write there",
        ],
    );
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
    workspace.docs.set("dev", "region", "eu-west-1").unwrap();
    // Another program changes the same profile meanwhile. (A change to another profile would
    // be merged: `src/files/merge.rs`.)
    let theirs = rich_config().replace("cli_pager =", "cli_pager = less");
    assert_ne!(theirs, rich_config());
    sb.write_config(&theirs);
    let before = sb.tree();
    match workspace.save() {
        Err(keyshelf::files::FilesError::Conflict { path }) => assert_eq!(path, sb.config),
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
    workspace.docs.set("dev", "region", "eu-west-1").unwrap();
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
    workspace.docs.set("dev", "region", "eu-west-1").unwrap();
    sb.write_config("[profile other]\nregion = us-east-1\n");
    assert!(matches!(
        workspace.save(),
        Err(keyshelf::files::FilesError::Conflict { .. })
    ));
    assert_eq!(sb.read_config(), "[profile other]\nregion = us-east-1\n");
}

#[test]
fn a_conflict_on_either_file_stops_a_two_file_save_before_any_write() {
    let sb = Sandbox::rich();
    let mut workspace = Workspace::load(paths_of(&sb)).unwrap();
    // A rename edits both files.
    workspace.docs.rename("dev", "development").unwrap();
    // Another program changes the renamed profile's keys meanwhile.
    let theirs = CREDENTIALS.replace("[dev]\n", "[dev]\nregion = ca-central-1\n");
    assert_ne!(theirs, CREDENTIALS);
    sb.write_credentials(&theirs);
    let before = sb.tree();
    match workspace.save() {
        Err(keyshelf::files::FilesError::Conflict { path }) => assert_eq!(path, sb.credentials),
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

/// `set aws_secret_access_key=VALUE` (one argument, as people type it after `export`) printed
/// VALUE back in its error. No spelling of a key with its value is ever echoed past the key.
#[test]
fn secret_given_with_its_key_is_never_echoed() {
    let sb = Sandbox::rich();
    let before = sb.tree();
    let secret = "SuperSecretValueNeverEchoed0123456789abc";
    for arg in [
        format!("aws_secret_access_key={secret}"),
        format!("AWS_SECRET_ACCESS_KEY = {secret}"),
        format!("aws_secret_access_key:{secret}"),
        format!("aws_secret_access_key {secret}"),
        format!("aws_secret_access_key\n{secret}"),
    ] {
        for args in [
            vec!["set", arg.as_str()],
            vec!["set", arg.as_str(), "x"],
            vec!["get", arg.as_str(), "--reveal"],
            vec!["unset", arg.as_str()],
        ] {
            let run = sb.run(&args);
            assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
            assert!(
                !run.stderr.contains(secret) && !run.stdout.contains(secret),
                "{args:?} echoed the secret: {}",
                run.stderr
            );
        }
    }
    assert_eq!(sb.tree(), before);
}

/// Test on an IAM Identity Center profile that is not signed in: one sentence saying so, the
/// sign-in as the next step, and what the SDK said on a line of its own, once (it used to be a
/// raw, repeated error chain). No network is needed to find that out.
#[test]
fn a_sign_in_profile_without_a_sign_in_says_so_in_one_sentence() {
    let sb = Sandbox::new();
    sb.write_config(
        "[profile corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = eu-west-1\n",
    );
    let run = sb.run(&["test", "--profile", "corp"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {}", run.stderr);
    let (sentence, details) = lines[0]
        .split_once(" (details: ")
        .unwrap_or_else(|| panic!("no details: {}", run.stderr));
    assert_eq!(
        sentence,
        "keyshelf: this profile signs in through IAM Identity Center (SSO), and it is not signed in on this computer; sign in with “aws sso login --profile corp”, then try again"
    );
    // About the sign-in (the token the AWS CLI's sign-in leaves), not about the credentials
    // file this sandbox does not have: botocore reads a missing file as empty, and so must the
    // SDK's configuration keyshelf builds.
    assert!(details.contains("sso/cache"), "{details}");
    assert!(!details.contains("could not read file"), "{details}");
    // Each cause said once.
    let parts: Vec<&str> = details.trim_end_matches(')').split(": ").collect();
    let mut seen = std::collections::HashSet::new();
    for part in &parts {
        assert!(seen.insert(*part), "said twice: {part}\n{details}");
    }
}
