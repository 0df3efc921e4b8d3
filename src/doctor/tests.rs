#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::AtomicBool;

use super::*;
use crate::test_support::sandbox_with;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn run(config: &str, credentials: &str) -> Report {
    let sandbox = sandbox_with(Some(config), Some(credentials));
    for path in [&sandbox.paths.config, &sandbox.paths.credentials] {
        tighten(path, 0o600).unwrap();
    }
    tighten(sandbox.paths.config.parent().unwrap(), 0o700).unwrap();
    let workspace = sandbox.load();
    let inputs = Inputs {
        paths: &sandbox.paths,
        files: Ok(&workspace),
        home: None,
        environment: Vec::new(),
        keychain_keys: KnownKeys::default(),
        aws_cli_folder: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        limits: ScanLimits::default(),
    };
    check(&inputs, &AtomicBool::new(false), &mut |_| {})
}

fn kinds(report: &Report) -> Vec<&'static str> {
    let mut kinds: Vec<_> = report.findings.iter().map(|f| f.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

#[test]
fn plaintext_keys_name_the_profile_and_their_age() {
    let report = run(
        "[profile dev]\nkeyshelf_imported = 2026-06-01\n",
        &format!(
            "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {SECRET}\n"
        ),
    );
    let plain = report
        .findings
        .iter()
        .find(|f| f.kind == "plaintext_keys")
        .unwrap();
    assert_eq!(plain.profile.as_deref(), Some("dev"));
    assert_eq!(plain.access_key_id.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"));
    assert!(plain.what.contains("182 days"), "{}", plain.what);
    assert!(matches!(plain.place, Place::Line { line: 1, .. }));
    assert!(kinds(&report).contains(&"old_key"));
    // No finding ever holds the secret.
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains(SECRET));
}

#[test]
fn broken_profiles_are_serious() {
    let report = run(
        "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = gone\n\
         [profile x]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = y\n\
         [profile y]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = x\n\
         [profile p]\ncredential_process = /nowhere/tool --flag\n",
        "",
    );
    assert_eq!(
        kinds(&report),
        [
            "process_missing",
            "source_profile_loop",
            "source_profile_missing"
        ]
    );
    assert!(report.is_serious());
}

#[test]
fn file_readings_that_differ_are_warned_of() {
    let report = run(
        "[profile 'my dev']\nregion = eu-west-1 # Ireland\n[profile b]\nregion = us-east-1\n[profile  b]\noutput = json\n",
        &format!(
            "[k1]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {SECRET}\n\
             [k2]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {SECRET}\n"
        ),
    );
    let found = kinds(&report);
    for kind in [
        "inline_comment",
        "name_sdks_skip",
        "same_key",
        "shadowed_header",
    ] {
        assert!(found.contains(&kind), "{kind} not in {found:?}");
    }
}

#[test]
fn a_clean_pair_of_files_finds_nothing() {
    let report = run("[default]\nregion = eu-west-1\noutput = json\n", "");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(!report.is_serious());
}

#[test]
fn plurals_are_words() {
    assert_eq!(plural(1, "day", "days"), "1 day");
    assert_eq!(plural(0, "day", "days"), "0 days");
    assert_eq!(plural(3, "profile", "profiles"), "3 profiles");
}

/// Keys in a config section no AWS tool reads as a profile (`[dev]` without `profile`, a name
/// with a space and no quotes): still plaintext on disk, named with their line.
#[test]
fn secrets_where_no_tool_looks_are_named_with_their_line() {
    let report = run(
        &format!(
            "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n[profile old laptop]\naws_secret_access_key = {SECRET}\n[profile ok]\nregion = us-east-1\n"
        ),
        "",
    );
    let found: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.kind == "secret_not_read")
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(matches!(found[0].place, Place::Line { line: 2, .. }));
    assert!(matches!(found[1].place, Place::Line { line: 4, .. }));
    assert!(
        found[1].what.contains("[profile old laptop]"),
        "{}",
        found[1].what
    );
    assert!(!serde_json::to_string(&report).unwrap().contains(SECRET));
}

/// A backup still holding the secret of a keychain profile is a serious finding, with the
/// copy's line and a fix that deletes it; the secret itself is never in the report.
#[test]
fn a_backup_holding_a_keychain_secret_is_serious() {
    let sandbox = sandbox_with(Some("[profile dev]\nregion = us-east-1\n"), Some(""));
    let dir = sandbox
        .paths
        .credentials
        .parent()
        .unwrap()
        .join("keyshelf-backups");
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("credentials.2026-11-30T10-00-00.000");
    std::fs::write(
        &copy,
        format!(
            "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {SECRET}\n"
        ),
    )
    .unwrap();
    let workspace = sandbox.load();
    let mut keychain = KnownKeys::default();
    keychain.add(
        "AKIAIOSFODNN7EXAMPLE",
        &crate::secret::Secret::new(SECRET),
        "dev",
    );
    let inputs = Inputs {
        paths: &sandbox.paths,
        files: Ok(&workspace),
        home: None,
        environment: Vec::new(),
        keychain_keys: keychain,
        aws_cli_folder: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        limits: ScanLimits::default(),
    };
    let report = check(&inputs, &AtomicBool::new(false), &mut |_| {});
    let found = report
        .findings
        .iter()
        .find(|f| f.kind == "keychain_secret_copy")
        .expect("the copy is found");
    assert_eq!(found.severity, Severity::Serious);
    assert!(matches!(found.place, Place::Line { line: 3, .. }));
    assert!(matches!(found.action, Some(Action::DeleteFile { .. })));
    assert!(!serde_json::to_string(&report).unwrap().contains(SECRET));
}
