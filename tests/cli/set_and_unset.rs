//! `keyshelf set` and `keyshelf unset`: the files change exactly where the AWS CLI would change them.

use super::*;

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
    assert_eq!(after, expected, "after “keyshelf {}”", args.join(" "));
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

/// Witness: root (`sudo` keeping the user's HOME) ran `keyshelf set` in a user's `~/.aws`. The
/// files came back owned by root, mode 0600 kept: unreadable to their own user, whose AWS tools
/// then skip them without a word. Every file and folder a save replaces or makes there stays
/// or becomes the user's.
#[test]
fn a_save_by_root_keeps_a_users_files_theirs() {
    use std::os::unix::fs::MetadataExt;
    if fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(1) != 0 {
        common::skip::skipped("not run as root, so files of another user cannot be made");
        return;
    }
    let sb = Sandbox::rich();
    let (uid, gid) = (65534, 65534);
    let modes = (mode(&sb.config), mode(&sb.credentials));
    for path in [&sb.aws, &sb.config, &sb.credentials] {
        std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
    }
    sb.run(&["set", "region", "eu-west-1", "--profile", "dev"])
        .assert_ok();
    sb.run(&["unset", "aws_session_token", "--profile", "dev"])
        .assert_ok();
    let owner = |path: &std::path::Path| {
        let meta = fs::metadata(path).unwrap();
        (meta.uid(), meta.gid())
    };
    let backups = sb.aws.join("keyshelf-backups");
    let mut made: Vec<std::path::PathBuf> = vec![sb.config.clone(), sb.credentials.clone()];
    made.push(backups.clone());
    made.extend(sb.backups_of(&sb.config));
    made.extend(sb.backups_of(&sb.credentials));
    made.extend(
        fs::read_dir(&sb.aws)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(".keyshelf")
            }),
    );
    assert!(made.len() >= 5, "{made:?}");
    for path in made {
        assert_eq!(owner(&path), (uid, gid), "{}", path.display());
    }
    assert_eq!((mode(&sb.config), mode(&sb.credentials)), modes);
}

/// The other way round: a user's keyshelf saving a file that is someone else's (root's, in
/// the user's own folder, which lets the user replace it) refuses, rather than hand the file
/// over to the user; nothing changes.
#[test]
fn a_save_that_would_change_a_files_owner_is_refused_and_changes_nothing() {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    if fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(1) != 0 {
        common::skip::skipped("not run as root, so no other user can be run");
        return;
    }
    let sb = Sandbox::rich();
    set_mode(sb.root(), 0o755);
    for path in [&sb.home, &sb.aws] {
        std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
    }
    set_mode(&sb.config, 0o644);
    let before = fs::read(&sb.config).unwrap();
    let mut cmd = sb.cmd();
    cmd.uid(65534).gid(65534);
    let run = common::run_cmd(cmd.args(["set", "region", "eu-west-1", "--profile", "dev"]));
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("it belongs to another user (uid 0), and keyshelf, running as uid 65534, could not keep it theirs"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read(&sb.config).unwrap(), before);
    assert_eq!(fs::metadata(&sb.config).unwrap().uid(), 0);
}

/// Witness: `chmod 0400 ~/.aws/config`, then `keyshelf set`. A save replaces the file through
/// its folder, so the owner's "read-only" was ignored without a word. It is refused, with the
/// reason and what to do, and nothing changes.
#[test]
fn a_read_only_file_is_not_replaced_and_the_refusal_says_why() {
    let sb = Sandbox::rich();
    set_mode(&sb.config, 0o400);
    let before = sb.tree();
    let run = sb.run(&["set", "region", "eu-west-1", "--profile", "dev"]);
    assert_error(
        &run,
        1,
        &["read-only (mode 0400)", "chmod u+w", "left as it was"],
    );
    assert_eq!(sb.tree(), before);
    // The other file, not read-only, is written as usual.
    sb.run(&["unset", "aws_session_token", "--profile", "dev"])
        .assert_ok();
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

/// The witness: `unset region --profile dev`, where `get` showed dev's region, said dev had
/// no region. It comes from the file's `[DEFAULT]` section (configparser gives its keys to every
/// section); the message now says so, with the line, and nothing is written.
#[test]
fn unset_of_a_key_inherited_from_default_says_where_it_comes_from() {
    let sb = Sandbox::new();
    sb.write_config("[DEFAULT]\nregion = us-east-1\n\n[profile dev]\noutput = json\n");
    let get = sb.run(&["get", "region", "--profile", "dev"]);
    get.assert_ok();
    assert_eq!(get.stdout, "us-east-1\n");
    let before = sb.tree();
    assert_error(
        &sb.run(&["unset", "region", "--profile", "dev"]),
        1,
        &[
            "“dev” has no “region” of its own",
            "[DEFAULT] section of the config file",
            &format!("{}, line 2", sb.config.display()),
        ],
    );
    assert_eq!(sb.tree(), before);
}
