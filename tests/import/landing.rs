//! Where the keys and settings land, `--on-conflict` and `--delete-source`.

use super::*;

// ---------------------------------------------------------------------------------------------
// Where things land

#[test]
fn keys_go_to_the_credentials_file_and_settings_to_the_config_file() {
    let sb = Sandbox::new();
    let csv = put(&sb, "alice_accessKeys.csv");
    let before = today();
    let run = import_ok(&sb, &[&csv, "--region", "eu-west-1", "--output", "json"]);
    let after = today();
    let config = sb.read_config();
    let expected = |day: &str| {
        format!("[profile alice]\nregion = eu-west-1\noutput = json\nkeyshelf_imported = {day}\n")
    };
    assert!(
        config == expected(&before) || config == expected(&after),
        "{config:?}"
    );
    assert_eq!(
        sb.read_credentials(),
        format!("[alice]\naws_access_key_id = {ID1}\naws_secret_access_key = {SK1}\n")
    );
    assert_eq!(common::mode(&sb.credentials), 0o600);
    assert_eq!(common::mode(&sb.config), 0o600);
    assert_eq!(common::mode(&sb.aws), 0o700);
    assert!(
        run.stderr
            .contains("imported “alice” into the credentials file"),
        "{}",
        run.stderr
    );
    assert_eq!(listed(&sb)["alice"], "file");
}

#[test]
fn without_region_or_output_only_the_import_date_goes_to_the_config_file() {
    let sb = Sandbox::rich();
    let csv = put(&sb, "create-user.csv");
    import_ok(&sb, &[&csv]);
    let config = sb.read_config();
    let (removed, added) = common::line_diff(&rich_config(), &config);
    assert!(removed.is_empty(), "{removed:?}");
    assert!(
        added.contains(&"[profile alice]".to_owned())
            && added
                .iter()
                .any(|l| l.starts_with("keyshelf_imported = 20")),
        "{added:?}"
    );
    assert!(!added.iter().any(|l| l.starts_with("region")), "{added:?}");
    assert!(config.starts_with(&rich_config()), "the rest is untouched");
    assert!(sb.read_credentials().starts_with(CREDENTIALS));
    assert_eq!(file_keys(&sb, "alice"), pair(ID1, SK1));
    // The password and the console link are not kept anywhere.
    for text in [&config, &sb.read_credentials()] {
        assert!(
            !text.contains(PASSWORD) && !text.contains("signin"),
            "{text}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// --on-conflict

/// A CSV with a new user, then one named like the rich sandbox's `dev`.
pub(super) fn new_and_dev(sb: &Sandbox) -> String {
    write_csv(
        sb,
        "keys.csv",
        &create_user_csv(&[("newbie", ID3, SK3), ("dev", ID4, SK4)]),
    )
}

#[test]
fn fail_is_the_default_and_names_the_file_the_row_and_the_profile() {
    let sb = Sandbox::rich();
    let csv = new_and_dev(&sb);
    import_fails(&sb, &[&csv], 1, &["keys.csv", "row 3", "“dev”", "exists"]);
    import_fails(
        &sb,
        &[&csv, "--on-conflict", "fail", "--delete-source"],
        1,
        &["keys.csv", "row 3", "“dev”"],
    );
    assert!(exists(&sb, "keys.csv"));
}

#[test]
fn replace_keeps_the_other_settings_and_replaces_the_keys_in_both_files() {
    let sb = Sandbox::new();
    let config = "# mine\n[profile dev]\nregion = us-west-2\naws_access_key_id = AKIACONFIGFILE000001\naws_secret_access_key = configFileSecretEXAMPLE00000000000000001\ns3 =\n  addressing_style = path\n\n[profile other]\nregion = eu-north-1\n";
    let credentials = format!(
        "# keys\n[dev]\naws_access_key_id = {ID2}\naws_secret_access_key = {SK2}\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN\noutput = text\n\n[other]\naws_access_key_id = {ID1}\naws_secret_access_key = {SK1}\n"
    );
    sb.write_config(config);
    sb.write_credentials(&credentials);
    let csv = write_csv(&sb, "dev.csv", &create_user_csv(&[("dev", ID3, SK3)]));
    let run = import_ok(&sb, &[&csv, "--on-conflict", "replace"]);
    assert!(
        run.stderr
            .contains("replaced the keys of “dev” (now in the credentials file)"),
        "{}",
        run.stderr
    );

    let config_now = sb.read_config();
    let credentials_now = sb.read_credentials();
    for old in [
        "AKIACONFIGFILE000001",
        "configFileSecret",
        ID2,
        SK2,
        "aws_session_token",
    ] {
        assert!(
            !config_now.contains(old) && !credentials_now.contains(old),
            "{old} is gone from both files:\n{config_now}\n{credentials_now}"
        );
    }
    for kept in [
        "# mine\n",
        "region = us-west-2\n",
        "s3 =\n  addressing_style = path\n",
    ] {
        assert!(config_now.contains(kept), "{kept:?} in {config_now}");
    }
    assert!(
        credentials_now.contains("output = text"),
        "{credentials_now}"
    );
    assert!(
        config_now.contains("[profile other]\nregion = eu-north-1\n"),
        "{config_now}"
    );
    assert!(
        credentials_now.ends_with(&format!(
            "[other]\naws_access_key_id = {ID1}\naws_secret_access_key = {SK1}\n"
        )),
        "the other profile is untouched: {credentials_now}"
    );
    assert_eq!(file_keys(&sb, "dev"), pair(ID3, SK3));
    assert_eq!(get(&sb, "dev", "region"), "us-west-2");
    assert_eq!(get(&sb, "dev", "output"), "text");
    let token = sb.run(&["get", "aws_session_token", "--profile", "dev", "--reveal"]);
    assert_ne!(token.code, 0, "the old session token is gone: {token:?}");
}

#[test]
fn rename_imports_under_the_first_free_name() {
    let sb = Sandbox::rich();
    let csv = new_and_dev(&sb);
    let run = import_ok(&sb, &[&csv, "--on-conflict", "rename"]);
    assert!(run.stderr.contains("imported “dev-2”"), "{}", run.stderr);
    assert!(run.stderr.contains("imported “newbie”"), "{}", run.stderr);
    assert!(sb.read_config().starts_with(&rich_config()));
    assert!(sb.read_credentials().starts_with(CREDENTIALS));
    assert_eq!(file_keys(&sb, "dev-2"), pair(ID4, SK4));
    assert_eq!(file_keys(&sb, "newbie"), pair(ID3, SK3));
    assert_eq!(
        get(&sb, "dev", "aws_access_key_id"),
        "ASIAI44QH8DHBEXAMPLE",
        "dev is untouched"
    );

    // Again: dev-2 is taken now.
    import_ok(&sb, &[&csv, "--on-conflict", "rename"]);
    assert_eq!(file_keys(&sb, "dev-3"), pair(ID4, SK4));
    assert_eq!(file_keys(&sb, "newbie-2"), pair(ID3, SK3));
}

#[test]
fn skip_leaves_the_existing_profile_byte_identical_and_imports_the_rest() {
    let sb = Sandbox::rich();
    let csv = new_and_dev(&sb);
    let run = import_ok(&sb, &[&csv, "--on-conflict", "skip"]);
    assert!(run.stderr.contains("skipped “dev”"), "{}", run.stderr);
    assert!(run.stderr.contains("imported “newbie”"), "{}", run.stderr);
    // New sections go at the ends of the files: all that was there is still there, byte for
    // byte (the CRLF config without a final newline only gains the end of its last line).
    let config = sb.read_config();
    let credentials = sb.read_credentials();
    assert!(config.starts_with(&rich_config()), "{config:?}");
    assert!(credentials.starts_with(CREDENTIALS), "{credentials:?}");
    let (removed, added) = common::line_diff(CREDENTIALS, &credentials);
    assert!(removed.is_empty(), "{removed:?}");
    assert!(!added.iter().any(|l| l.contains("dev")), "{added:?}");
    assert!(!config.contains(ID4) && !credentials.contains(ID4));
    assert_eq!(file_keys(&sb, "newbie"), pair(ID3, SK3));
}

#[test]
fn skipping_every_row_writes_nothing() {
    let sb = Sandbox::rich();
    let csv = write_csv(&sb, "dev.csv", &create_user_csv(&[("dev", ID4, SK4)]));
    let before = sb.tree();
    let run = import_ok(&sb, &[&csv, "--on-conflict", "skip"]);
    assert!(run.stderr.contains("skipped “dev”"), "{}", run.stderr);
    assert_eq!(sb.tree(), before, "no file, no backup");
}

#[test]
fn an_unknown_conflict_mode_is_refused() {
    let sb = Sandbox::rich();
    let csv = new_and_dev(&sb);
    import_fails(&sb, &[&csv, "--on-conflict", "merge"], 1, &["merge"]);
}

// ---------------------------------------------------------------------------------------------
// --delete-source

#[test]
fn delete_source_deletes_the_csv_after_a_successful_import() {
    let sb = Sandbox::new();
    let first = put(&sb, "alice_accessKeys.csv");
    let second = put(&sb, "hand-edited.csv");
    let run = import_ok(&sb, &[&first, &second, "--delete-source"]);
    assert!(!exists(&sb, &first) && !exists(&sb, &second));
    assert!(
        run.stderr.contains("deleted alice_accessKeys.csv")
            && run.stderr.contains("deleted hand-edited.csv"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(HINT), "{}", run.stderr);
    assert_eq!(file_keys(&sb, "alice"), pair(ID1, SK1));
    assert_eq!(file_keys(&sb, "bob smith"), pair(ID2, SK2));
}

#[test]
fn without_delete_source_the_csv_stays_and_a_hint_says_so() {
    let sb = Sandbox::new();
    let csv = put(&sb, "create-user.csv");
    let run = import_ok(&sb, &[&csv]);
    assert!(exists(&sb, &csv));
    assert_eq!(
        fs::read(sb.root().join(&csv)).unwrap(),
        fs::read(fixture("create-user.csv")).unwrap()
    );
    assert!(run.stderr.contains(HINT), "{}", run.stderr);
    assert!(run.stderr.contains("--delete-source"), "{}", run.stderr);
}

#[test]
fn a_failed_import_never_deletes_the_source() {
    let sb = Sandbox::rich();
    // A conflict, a bad row in a second file, a file that is not a CSV.
    let csv = new_and_dev(&sb);
    import_fails(&sb, &[&csv, "--delete-source"], 1, &["“dev”"]);
    let good = put(&sb, "create-user.csv");
    let bad = put(&sb, "bad-rows.csv");
    import_fails(&sb, &[&good, &bad, "--delete-source"], 1, &["bad-rows.csv"]);
    let png = put(&sb, "binary.png");
    import_fails(&sb, &[&good, &png, "--delete-source"], 1, &["binary.png"]);
    assert!(exists(&sb, &csv) && exists(&sb, &good) && exists(&sb, &bad) && exists(&sb, &png));
}

#[test]
fn delete_source_keeps_a_csv_whose_keys_were_skipped() {
    let sb = Sandbox::rich();
    let csv = write_csv(&sb, "dev.csv", &create_user_csv(&[("dev", ID4, SK4)]));
    let run = import_ok(&sb, &[&csv, "--on-conflict", "skip", "--delete-source"]);
    assert!(run.stderr.contains("skipped “dev”"), "{}", run.stderr);
    assert!(
        exists(&sb, &csv),
        "the only copy of the skipped key was deleted: {}",
        run.stderr
    );
}
