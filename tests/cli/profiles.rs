//! `keyshelf rename`, `duplicate` and `delete`, and `AWS_PROFILE`.

use super::*;

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
            .contains("renamed “dev” to “development” and 2 source_profile settings that named it"),
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
            .contains("renamed “base” to “root” and 1 source_profile that named it"),
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
    assert_eq!(last, "renamed “admin” to “boss”");
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
        &["“prod”", "already exists"],
    );
    assert_error(
        &sb.run(&["rename", "dev", "ci"]),
        1,
        &["“ci”", "already exists"],
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
        run.stderr.contains("copied “dev” to “dev2”"),
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
        &["“prod”", "already exists"],
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
        // The comment lines above the header stay: the file cannot say whether they are about
        // the profile or about what follows, and a lost comment cannot be brought back.
        rich_config().replace(
            "[profile dev]\r\nregion=us-west-2   \r\ncli_pager =\r\ns3 =\r\n  \
             max_concurrent_requests = 20\r\n  addressing_style = path\r\n",
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
    assert!(run.stderr.contains("deleted profile “dev”"));
    assert!(
        run.stderr
            .contains("warning: these profiles still use “dev” as source_profile: staging, prod"),
        "{}",
        run.stderr
    );
    assert_error(
        &sb.run(&["get", "region", "--profile", "dev"]),
        1,
        &["“dev”"],
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
    assert_error(&sb.run_as("nope", &["get", "region"]), 1, &["“nope”"]);
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
