//! `keyshelf import`: the real binary in a temporary home, the console's CSV files from
//! `tests/fixtures/csv/` copied beside it, and the two AWS files checked byte for byte afterwards.
//! The keychain destination runs against a private Secret Service (see `common/keyring.rs`);
//! botocore, where python3 has it, and `aws configure import` (AWS CLI v2 only), where installed,
//! check what was written.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

#[path = "../common/mod.rs"]
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

mod all_or_nothing;
mod aws_tools;
mod keychain;
mod landing;
mod names;
mod not_a_csv;
#[allow(unused_imports)]
use all_or_nothing::*;
#[allow(unused_imports)]
use aws_tools::*;
#[allow(unused_imports)]
use keychain::*;
#[allow(unused_imports)]
use landing::*;
#[allow(unused_imports)]
use names::*;
#[allow(unused_imports)]
use not_a_csv::*;
