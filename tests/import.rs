//! `keyshelf import`: the real binary in a temporary home, the console's CSV files from
//! `tests/fixtures/csv/` copied beside it, and the two AWS files checked byte for byte afterwards.
//! The keychain destination runs against a private Secret Service (see `common/keyring.rs`);
//! botocore, where python3 has it, and `aws configure import` (AWS CLI v2 only), where installed,
//! check what was written.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::keyring::{self, PrivateKeyring};
use common::{CREDENTIALS, Run, Sandbox, assert_error, assert_no_secrets, rich_config, run_cmd};

// The keys in the CSV fixtures (see make_fixtures.py).
const ID1: &str = "AKIAIOSFODNN7EXAMPLE";
const SK1: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const ID2: &str = "AKIAI44QH8DHBEXAMPLE";
const SK2: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const ID3: &str = "AKIA3EXAMPLE0000CCCC";
const SK3: &str = "c3VwZXJzZWNyZXQrK0V4YW1wbGUvS2V5MDAwMDAw";
const ID4: &str = "AKIA4EXAMPLE0000DDDD";
const SK4: &str = "ZGV2K29wcy9zZWNyZXQvZXhhbXBsZUtleTAwMDAw";
/// The console password in `create-user.csv`: never kept, never shown.
const PASSWORD: &str = "Tr0ub4dor&3";

/// What the CLI prints after an import that did not delete its files.
const HINT: &str = "the CSV file still holds the secret in plain text";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
}

/// Copies a fixture into the sandbox's folder (the binary's current folder) and returns the
/// name to pass on the command line.
fn put(sb: &Sandbox, name: &str) -> String {
    put_as(sb, name, name)
}

fn put_as(sb: &Sandbox, name: &str, as_name: &str) -> String {
    fs::copy(fixture(name), sb.root().join(as_name)).unwrap();
    as_name.to_owned()
}

fn write_csv(sb: &Sandbox, name: &str, text: &str) -> String {
    fs::write(sb.root().join(name), text).unwrap();
    name.to_owned()
}

fn exists(sb: &Sandbox, name: &str) -> bool {
    sb.root().join(name).exists()
}

/// Neither stream holds a key of the common fixtures, a key of the CSV fixtures, or the
/// console password (stdout holds nothing at all for an import).
#[track_caller]
fn assert_quiet(run: &Run) {
    assert_no_secrets(&run.stderr);
    assert_no_secrets(&run.stdout);
    for secret in [SK1, SK2, SK3, SK4, ID3, ID4, PASSWORD] {
        assert!(
            !run.stderr.contains(secret) && !run.stdout.contains(secret),
            "a secret leaked: stdout {:?}, stderr {:?}",
            run.stdout,
            run.stderr
        );
    }
}

/// Runs an import that must succeed, and checks its output.
#[track_caller]
fn import_ok(sb: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    let run = sb.run(&all);
    run.assert_ok();
    assert!(run.stdout.is_empty(), "stdout: {:?}", run.stdout);
    assert_quiet(&run);
    run
}

/// Runs an import that must fail with `code`, as one line naming every needle, and change
/// nothing under the sandbox: no AWS file, no backup, no CSV deleted.
#[track_caller]
fn import_fails(sb: &Sandbox, args: &[&str], code: i32, needles: &[&str]) -> Run {
    let before = sb.tree();
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    let run = sb.run(&all);
    assert_error(&without_the_example_key_id(&run), code, needles);
    assert_quiet(&without_the_example_key_id(&run));
    for secret in [SK1, SK2, SK3, SK4, PASSWORD] {
        assert!(!run.stderr.contains(secret), "{:?}", run.stderr);
    }
    assert_eq!(sb.tree(), before, "nothing changed");
    run
}

/// The hint for a malformed key ID shows AWS's documented example ID, which the fixtures use as
/// a real key ID too: masked, so that the secret checks see only values taken from files.
fn without_the_example_key_id(run: &Run) -> Run {
    let hint = format!("like {ID1})");
    Run {
        code: run.code,
        stdout: run.stdout.clone(),
        stderr: run.stderr.replace(&hint, "like <the example>)"),
    }
}

/// `keyshelf get KEY --profile NAME --reveal`.
fn get(sb: &Sandbox, name: &str, key: &str) -> String {
    let run = sb.run(&["get", key, "--profile", name, "--reveal"]);
    run.assert_ok();
    run.stdout.trim_end_matches('\n').to_owned()
}

/// The access key ID and secret of a profile with keys in the files.
fn file_keys(sb: &Sandbox, name: &str) -> (String, String) {
    (
        get(sb, name, "aws_access_key_id"),
        get(sb, name, "aws_secret_access_key"),
    )
}

fn pair(id: &str, secret: &str) -> (String, String) {
    (id.to_owned(), secret.to_owned())
}

/// Every profile of `keyshelf list --json` with its `secret` column.
fn listed(sb: &Sandbox) -> BTreeMap<String, String> {
    let run = sb.run(&["list", "--json"]);
    run.assert_ok();
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["secret"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Every profile with keys in the files, and its keys.
fn keys_in_files(sb: &Sandbox) -> BTreeMap<String, (String, String)> {
    listed(sb)
        .into_iter()
        .filter(|(_, secret)| secret == "file")
        .map(|(name, _)| {
            let keys = file_keys(sb, &name);
            (name, keys)
        })
        .collect()
}

fn read_or_empty(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// A (user or profile name, key ID, secret) triple.
type Row<'a> = (&'a str, &'a str, &'a str);

/// A CSV in the console's "create user" layout with the given (user, key ID, secret) rows.
fn create_user_csv(rows: &[Row]) -> String {
    let mut text =
        "User name,Password,Access key ID,Secret access key,Console login link\n".to_owned();
    for (user, id, secret) in rows {
        text.push_str(&format!(
            "{user},,{id},{secret},https://123456789012.signin.aws.amazon.com/console\n"
        ));
    }
    text
}

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
            .contains("imported `alice` into the credentials file"),
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
fn new_and_dev(sb: &Sandbox) -> String {
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
    import_fails(&sb, &[&csv], 1, &["keys.csv", "row 3", "`dev`", "exists"]);
    import_fails(
        &sb,
        &[&csv, "--on-conflict", "fail", "--delete-source"],
        1,
        &["keys.csv", "row 3", "`dev`"],
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
            .contains("replaced the keys of `dev` (now in the credentials file)"),
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
    assert!(run.stderr.contains("imported `dev-2`"), "{}", run.stderr);
    assert!(run.stderr.contains("imported `newbie`"), "{}", run.stderr);
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
    assert!(run.stderr.contains("skipped `dev`"), "{}", run.stderr);
    assert!(run.stderr.contains("imported `newbie`"), "{}", run.stderr);
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
    assert!(run.stderr.contains("skipped `dev`"), "{}", run.stderr);
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
    import_fails(&sb, &[&csv, "--delete-source"], 1, &["`dev`"]);
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
    assert!(run.stderr.contains("skipped `dev`"), "{}", run.stderr);
    assert!(
        exists(&sb, &csv),
        "the only copy of the skipped key was deleted: {}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// All or nothing

#[test]
fn one_bad_row_imports_nothing_and_every_problem_is_listed_with_its_row() {
    let sb = Sandbox::rich();
    let csv = put(&sb, "bad-rows.csv");
    let run = import_fails(
        &sb,
        &[&csv],
        1,
        &[
            "bad-rows.csv",
            "row 3: the secret access key is empty",
            "row 4: the access key ID is empty",
            "row 4, column \"Secret access key\"",
            "row 5: the access key ID is empty",
            "row 5: the secret access key is empty",
            "row 6, column \"Access key ID\"",
            "are the columns swapped?",
            "row 7, column \"Access key ID\"",
            "nothing was imported",
        ],
    );
    assert!(!run.stderr.contains("row 2"), "{}", run.stderr);
    // Row 6 holds a secret in the key ID column: the message names it, never shows it.
    assert!(!run.stderr.contains(SK4), "{}", run.stderr);
}

#[test]
fn a_bad_second_file_stops_the_first_one_too() {
    let sb = Sandbox::rich();
    let good = put(&sb, "several-rows.csv");
    for bad in [
        "bad-rows.csv",
        "not-keys.csv",
        "empty.csv",
        "header-only.csv",
    ] {
        let bad = put(&sb, bad);
        import_fails(&sb, &[&good, &bad], 1, &[&bad]);
    }
    let missing = import_fails(&sb, &[&good, "nowhere.csv"], 1, &["nowhere.csv"]);
    assert!(
        missing.stderr.contains("does not exist"),
        "{}",
        missing.stderr
    );
}

#[test]
fn two_rows_with_the_same_user_name_are_refused() {
    let sb = Sandbox::new();
    let csv = write_csv(
        &sb,
        "twice.csv",
        &create_user_csv(&[("alice", ID1, SK1), ("bob", ID2, SK2), ("alice", ID3, SK3)]),
    );
    import_fails(&sb, &[&csv], 1, &["twice.csv", "row 4", "`alice`"]);
    // Not even with rename: which of the two would be `alice`?
    import_fails(
        &sb,
        &[&csv, "--on-conflict", "rename"],
        1,
        &["twice.csv", "row 4", "`alice`"],
    );

    // The same user in two files.
    let first = put(&sb, "create-user.csv");
    let second = put(&sb, "alice_accessKeys.csv");
    import_fails(
        &sb,
        &[&first, &second],
        1,
        &["alice_accessKeys.csv", "row 2", "`alice`"],
    );
}

// ---------------------------------------------------------------------------------------------
// Names: the console's file name, --profile, --prefix

#[test]
fn the_console_access_key_download_is_named_from_its_file_name() {
    let sb = Sandbox::new();
    let csv = put(&sb, "alice_accessKeys.csv");
    let bytes = fs::read(sb.root().join(&csv)).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbfAccess key ID,Secret access key\r\n"));
    import_ok(&sb, &[&csv]);
    assert_eq!(file_keys(&sb, "alice"), pair(ID1, SK1));
    assert_eq!(
        listed(&sb).into_keys().collect::<Vec<_>>(),
        ["alice"],
        "one profile"
    );
}

#[test]
fn a_key_without_a_user_name_needs_profile() {
    let sb = Sandbox::new();
    let csv = put_as(&sb, "alice_accessKeys.csv", "downloaded.csv");
    import_fails(&sb, &[&csv], 1, &["downloaded.csv", "row 2", "name"]);
    import_ok(&sb, &[&csv, "--profile", "bob"]);
    assert_eq!(file_keys(&sb, "bob"), pair(ID1, SK1));
}

#[test]
fn profile_overrides_the_name_of_a_one_key_file() {
    let sb = Sandbox::new();
    let csv = put(&sb, "create-user.csv");
    let run = import_ok(&sb, &[&csv, "--profile", "work"]);
    assert!(run.stderr.contains("imported `work`"), "{}", run.stderr);
    assert_eq!(file_keys(&sb, "work"), pair(ID1, SK1));
    assert!(!listed(&sb).contains_key("alice"));
}

#[test]
fn profile_is_refused_for_more_than_one_key() {
    let sb = Sandbox::new();
    let csv = put(&sb, "several-rows.csv");
    import_fails(
        &sb,
        &[&csv, "--profile", "x"],
        1,
        &["--profile", "4 access keys"],
    );
    let one = put(&sb, "create-user.csv");
    let other = put(&sb, "hand-edited.csv");
    import_fails(
        &sb,
        &[&one, &other, "-p", "x"],
        1,
        &["--profile", "2 access keys"],
    );
}

#[test]
fn an_invalid_profile_name_is_refused() {
    let sb = Sandbox::new();
    let csv = put(&sb, "create-user.csv");
    import_fails(
        &sb,
        &[&csv, "--profile", "a]b"],
        1,
        &["create-user.csv", "row 2"],
    );
}

#[test]
fn prefix_goes_in_front_of_every_name() {
    let sb = Sandbox::new();
    let csv = put(&sb, "several-rows.csv");
    import_ok(&sb, &[&csv, "--prefix", "work-"]);
    assert_eq!(
        listed(&sb).into_keys().collect::<Vec<_>>(),
        ["work-alice", "work-bob", "work-carol", "work-dave"]
    );
    assert_eq!(file_keys(&sb, "work-carol"), pair(ID3, SK3));

    let console = put(&sb, "alice_accessKeys.csv");
    import_ok(&sb, &[&console, "--prefix", "team-"]);
    assert_eq!(file_keys(&sb, "team-alice"), pair(ID1, SK1));

    let one = put(&sb, "hand-edited.csv");
    import_ok(&sb, &[&one, "--prefix", "p-", "--profile", "x"]);
    assert_eq!(file_keys(&sb, "p-x"), pair(ID2, SK2));
}

#[test]
fn every_fixture_gives_the_profiles_its_readme_promises() {
    let cases: &[(&str, &[Row])] = &[
        ("create-user.csv", &[("alice", ID1, SK1)]),
        ("alice_accessKeys.csv", &[("alice", ID1, SK1)]),
        ("hand-edited.csv", &[("bob smith", ID2, SK2)]),
        ("quoted.csv", &[("carol", ID3, SK3)]),
        ("semicolon.csv", &[("dave", ID4, SK4)]),
        ("utf16le.csv", &[("zoë", ID1, SK1)]),
        ("utf16be-tabs.csv", &[("zoë", ID2, SK2)]),
        ("extra-columns.csv", &[("erin", ID3, SK3)]),
        (
            "several-rows.csv",
            &[
                ("alice", ID1, SK1),
                ("bob", ID2, SK2),
                ("carol", ID3, SK3),
                ("dave", ID4, SK4),
            ],
        ),
        ("blank-lines.csv", &[("alice", ID1, SK1), ("bob", ID2, SK2)]),
    ];
    for (name, profiles) in cases {
        let sb = Sandbox::new();
        let csv = put(&sb, name);
        import_ok(&sb, &[&csv]);
        let expected: BTreeMap<String, (String, String)> = profiles
            .iter()
            .map(|(p, id, sk)| ((*p).to_owned(), pair(id, sk)))
            .collect();
        assert_eq!(keys_in_files(&sb), expected, "{name}");
    }
    let refused: &[(&str, &str)] = &[
        ("missing-secret.csv", "no \"Secret access key\" column"),
        ("not-keys.csv", "no \"Access key ID\" column"),
        ("header-only.csv", "a header but no access keys"),
        ("empty.csv", "the file is empty"),
        ("headerless.csv", "row 1"),
        ("no-user-name.csv", "row 2"),
    ];
    for (name, why) in refused {
        let sb = Sandbox::rich();
        let csv = put(&sb, name);
        import_fails(&sb, &[&csv], 1, &[name, why]);
    }
}

// ---------------------------------------------------------------------------------------------
// Not a CSV

#[test]
fn a_binary_file_is_not_a_csv_and_changes_nothing() {
    let sb = Sandbox::rich();
    let png = put(&sb, "binary.png");
    import_fails(&sb, &[&png], 1, &["binary.png", "not a CSV file"]);
    // The extension does not matter.
    let disguised = put_as(&sb, "binary.png", "keys.csv");
    import_fails(&sb, &[&disguised], 1, &["keys.csv", "not a CSV file"]);
    // A zip (what an .xlsx is).
    let xlsx = sb.root().join("keys.xlsx");
    fs::write(
        &xlsx,
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x00\x00",
    )
    .unwrap();
    import_fails(&sb, &["keys.xlsx"], 1, &["keys.xlsx", "not a CSV file"]);
}

#[test]
fn a_file_over_one_megabyte_is_refused() {
    let sb = Sandbox::rich();
    let mut text = create_user_csv(&[("alice", ID1, SK1)]);
    text.push_str(&"\n".repeat(1024 * 1024));
    let csv = write_csv(&sb, "big.csv", &text);
    import_fails(&sb, &[&csv], 1, &["big.csv", "larger than 1 MB"]);
}

#[test]
fn a_folder_is_refused() {
    let sb = Sandbox::rich();
    fs::create_dir(sb.root().join("folder.csv")).unwrap();
    import_fails(&sb, &["folder.csv"], 1, &["folder.csv"]);
}

// ---------------------------------------------------------------------------------------------
// The keychain

/// The sandbox and keyring of one test, or `None` (after a loud message) when the keyring
/// programs are missing.
fn keyring_setup(sb: Sandbox) -> Option<(Sandbox, PrivateKeyring)> {
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
        run.stderr.contains("imported `alice` into the keychain"),
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
        eprintln!("SKIPPED: python3 with botocore is not available");
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

fn run_cmd_quietly(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|out| out.status.success())
}

// ---------------------------------------------------------------------------------------------
// The AWS tools read what we wrote

#[test]
fn botocore_reads_the_imported_keys_as_in_the_csv() {
    let sb = Sandbox::rich();
    if sb.python("import botocore").code != 0 {
        eprintln!("SKIPPED: python3 with botocore is not available");
        return;
    }
    let several = put(&sb, "several-rows.csv");
    let hand = put(&sb, "hand-edited.csv");
    let zoe = put(&sb, "utf16le.csv");
    import_ok(
        &sb,
        &[
            &several,
            &hand,
            &zoe,
            "--prefix",
            "csv-",
            "--region",
            "ap-south-1",
        ],
    );
    let expected = [
        ("csv-alice", ID1, SK1),
        ("csv-bob", ID2, SK2),
        ("csv-carol", ID3, SK3),
        ("csv-dave", ID4, SK4),
        ("csv-bob smith", ID2, SK2),
        ("csv-zoë", ID1, SK1),
    ];
    let names: Vec<&str> = expected.iter().map(|(name, _, _)| *name).collect();
    let script = format!(
        "import json, botocore.session\nout = {{}}\nfor name in {names}:\n    s = botocore.session.Session(profile=name)\n    c = s.get_credentials().get_frozen_credentials()\n    out[name] = [c.access_key, c.secret_key, c.token, s.get_config_variable('region')]\nprint(json.dumps(out))",
        names = serde_json::to_string(&names).unwrap()
    );
    let run = sb.python(&script);
    run.assert_ok();
    let read: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    for (name, id, secret) in expected {
        assert_eq!(
            read[name],
            serde_json::json!([id, secret, null, "ap-south-1"]),
            "{name}"
        );
    }
    // And the profiles that were there before still read as they did.
    let dev = sb.python(
        "import botocore.session\nc = botocore.session.Session(profile='dev').get_credentials()\nprint(c.access_key)",
    );
    assert_eq!(dev.stdout.trim(), "ASIAI44QH8DHBEXAMPLE");
}

/// Fixtures where our reading differs from the CLI's on purpose (see `src/import/mod.rs`).
const DIFFERENT_ON_PURPOSE: &[(&str, &str)] = &[(
    "quoted.csv",
    "the CLI does not read CSV quotes: its profile names keep the quote marks",
)];

#[test]
fn aws_configure_import_gives_the_same_profiles_and_keys() {
    let aws = match common::aws_cli_v2() {
        Ok(aws) => aws,
        Err(why) => {
            eprintln!("SKIPPED: `aws configure import` needs the AWS CLI v2: {why}");
            return;
        }
    };
    let mut entries: Vec<PathBuf> = fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    entries.sort();
    let mut compared = 0;
    for path in entries {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if let Some((_, why)) = DIFFERENT_ON_PURPOSE.iter().find(|(f, _)| *f == name) {
            eprintln!("{name}: not compared: {why}");
            continue;
        }
        let theirs = Sandbox::new();
        let mut cmd = Command::new(aws);
        common::scrub_aws_env(&mut cmd);
        cmd.current_dir(theirs.root())
            .env("HOME", &theirs.home)
            .env("AWS_CONFIG_FILE", &theirs.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &theirs.credentials)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_PAGER", "")
            .args([
                "configure",
                "import",
                "--csv",
                &format!("file://{}", path.display()),
            ]);
        let aws = run_cmd(&mut cmd);
        if aws.code != 0 {
            eprintln!("{name}: the AWS CLI refuses it: {}", aws.stderr.trim());
            continue;
        }
        let ours = Sandbox::new();
        let csv = put(&ours, &name);
        let run = ours.run(&["import", &csv]);
        assert_eq!(
            run.code, 0,
            "{name}: the AWS CLI imports it, we refuse: {}",
            run.stderr
        );
        assert_eq!(
            keys_in_files(&ours),
            keys_in_files(&theirs),
            "{name}: ours (left) and the AWS CLI's (right)"
        );
        eprintln!("{name}: the same profiles and keys as the AWS CLI");
        compared += 1;
    }
    assert!(compared > 0, "the AWS CLI accepted no fixture at all");
}
