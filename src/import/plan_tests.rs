//! `plan` and `apply` over real files in a temporary folder, with the in-memory keychain (the
//! real binary and a real Secret Service are exercised in `tests/import.rs`).

use std::fs;
use std::path::PathBuf;

use super::*;
use crate::aws::{AwsPaths, SecretLocation};
use crate::error::Error;
use crate::files::Workspace;
use crate::keychain::{
    Failures, ItemKey, KeychainError, MemoryStore, SecretStore, StoredKeys,
    credential_process_command,
};

const CONFIG: &str = "# my config\n[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\ns3 =\n  addressing_style = path\naws_access_key_id = AKIACONFIGFILE000001\n";
const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n# dev keys\n[dev]\naws_access_key_id = ASIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN\noutput = table\n";

const ID_A: &str = "AKIA3EXAMPLE0000CCCC";
const SK_A: &str = "c3VwZXJzZWNyZXQrK0V4YW1wbGUvS2V5MDAwMDAw";
const ID_B: &str = "AKIA4EXAMPLE0000DDDD";
const SK_B: &str = "ZGV2K29wcy9zZWNyZXQvZXhhbXBsZUtleTAwMDAw";
const TODAY: &str = "2026-01-02";

struct Sandbox {
    _dir: tempfile::TempDir,
    paths: AwsPaths,
    program: PathBuf,
}

fn sandbox() -> Sandbox {
    sandbox_with(CONFIG, CREDENTIALS)
}

fn sandbox_with(config: &str, credentials: &str) -> Sandbox {
    let dir = tempfile::tempdir().unwrap();
    let paths = AwsPaths {
        config: dir.path().join("config"),
        credentials: dir.path().join("credentials"),
        default_profile: "default".into(),
    };
    fs::write(&paths.config, config).unwrap();
    fs::write(&paths.credentials, credentials).unwrap();
    let program = dir.path().join("bin/keyshelf");
    fs::create_dir_all(program.parent().unwrap()).unwrap();
    fs::write(&program, "").unwrap();
    Sandbox {
        _dir: dir,
        paths,
        program,
    }
}

impl Sandbox {
    fn load(&self) -> Workspace {
        Workspace::load(self.paths.clone()).unwrap()
    }
    fn texts(&self) -> (String, String) {
        (
            fs::read_to_string(&self.paths.config).unwrap(),
            fs::read_to_string(&self.paths.credentials).unwrap(),
        )
    }
    fn item(&self, name: &str) -> ItemKey {
        ItemKey::new(name, &self.paths.credentials)
    }
    fn backups(&self) -> usize {
        fs::read_dir(self.paths.config.parent().unwrap().join("keyshelf-backups"))
            .map(|dir| dir.count())
            .unwrap_or(0)
    }
}

fn originals() -> (String, String) {
    (CONFIG.to_owned(), CREDENTIALS.to_owned())
}

fn candidate(row: usize, name: &str, id: &str, secret: &str) -> Candidate {
    Candidate {
        source: "keys.csv".into(),
        row: ImportRow {
            row,
            user_name: Some(name.into()),
            access_key_id: id.into(),
            secret_access_key: Secret::new(secret),
            profile_name: Some(name.into()),
        },
        name: name.into(),
    }
}

fn keys(id: &str, secret: &str) -> StoredKeys {
    StoredKeys {
        access_key_id: id.into(),
        secret_access_key: Secret::new(secret),
        session_token: None,
    }
}

fn to_keychain() -> ImportOptions {
    ImportOptions {
        destination: Destination::Keychain,
        region: None,
        output: None,
    }
}

fn to_file() -> ImportOptions {
    ImportOptions {
        destination: Destination::CredentialsFile,
        region: None,
        output: None,
    }
}

fn profiles_and_actions(planned: &[Planned]) -> Vec<(usize, &str, Action)> {
    planned
        .iter()
        .map(|p| (p.row, p.profile.as_str(), p.action.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// plan

#[test]
fn plan_creates_new_profiles_and_keeps_the_keys() {
    let sb = sandbox();
    let ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "alice", ID_A, SK_A),
            candidate(3, "bob", ID_B, SK_B),
        ],
        OnConflict::Fail,
    )
    .unwrap();
    assert_eq!(
        profiles_and_actions(&planned),
        [(2, "alice", Action::Create), (3, "bob", Action::Create)]
    );
    assert_eq!(planned[0].access_key_id, ID_A);
    assert_eq!(planned[1].secret_access_key.expose(), SK_B);
}

#[test]
fn plan_fails_on_an_existing_profile_naming_file_row_and_profile() {
    let sb = sandbox();
    let ws = sb.load();
    let err = plan(
        &ws,
        &[
            candidate(2, "alice", ID_A, SK_A),
            candidate(3, "dev", ID_B, SK_B),
        ],
        OnConflict::Fail,
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::ImportRow { file, row: 3, .. } if file == "keys.csv"),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.starts_with("keys.csv, row 3: "), "{text}");
    assert!(text.contains("`dev`"), "{text}");
    assert!(!text.contains(SK_B) && !text.contains(ID_B), "{text}");
    assert!(err.is_user_error());
}

#[test]
fn plan_replace_and_skip_keep_the_name() {
    let sb = sandbox();
    let ws = sb.load();
    let rows = [
        candidate(2, "dev", ID_A, SK_A),
        candidate(3, "new", ID_B, SK_B),
    ];
    let replaced = plan(&ws, &rows, OnConflict::Replace).unwrap();
    assert_eq!(
        profiles_and_actions(&replaced),
        [(2, "dev", Action::ReplaceKeys), (3, "new", Action::Create)]
    );
    let skipped = plan(&ws, &rows, OnConflict::Skip).unwrap();
    assert_eq!(
        profiles_and_actions(&skipped),
        [(2, "dev", Action::Skip), (3, "new", Action::Create)]
    );
}

#[test]
fn plan_rename_takes_the_first_free_name_in_the_files_and_in_the_plan() {
    let sb = sandbox_with(
        "[profile dev]\nregion = eu-west-1\n\n[profile dev-2]\nregion = eu-west-2\n",
        "",
    );
    let ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "dev", ID_A, SK_A),
            candidate(3, "dev", ID_B, SK_B),
            candidate(4, "other", ID_B, SK_B),
        ],
        OnConflict::Rename,
    )
    .unwrap();
    assert_eq!(
        profiles_and_actions(&planned),
        [
            (2, "dev-3", Action::Create),
            (3, "dev-4", Action::Create),
            (4, "other", Action::Create)
        ]
    );
}

#[test]
fn plan_refuses_two_rows_with_one_name() {
    let sb = sandbox();
    let ws = sb.load();
    for mode in [OnConflict::Fail, OnConflict::Replace, OnConflict::Skip] {
        let err = plan(
            &ws,
            &[
                candidate(2, "alice", ID_A, SK_A),
                candidate(5, "alice", ID_B, SK_B),
            ],
            mode,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("keys.csv, row 5: "), "{mode:?}: {text}");
        assert!(text.contains("`alice`"), "{text}");
    }
}

#[test]
fn plan_refuses_a_missing_or_invalid_name_and_trims_the_rest() {
    let sb = sandbox();
    let ws = sb.load();
    let mut nameless = candidate(4, "", ID_A, SK_A);
    nameless.row.user_name = None;
    nameless.row.profile_name = None;
    let err = plan(&ws, &[nameless], OnConflict::Fail).unwrap_err();
    assert!(err.to_string().starts_with("keys.csv, row 4: "), "{err}");
    assert!(err.to_string().contains("choose a name"), "{err}");

    let blank = candidate(2, "   ", ID_A, SK_A);
    assert!(plan(&ws, &[blank], OnConflict::Fail).is_err());

    for bad in ["a[b", "DEFAULT", "with\nnewline"] {
        let err = plan(&ws, &[candidate(2, bad, ID_A, SK_A)], OnConflict::Fail).unwrap_err();
        assert!(
            err.to_string().starts_with("keys.csv, row 2: "),
            "{bad:?}: {err}"
        );
    }

    let planned = plan(
        &ws,
        &[candidate(2, "  carol ", ID_A, SK_A)],
        OnConflict::Fail,
    )
    .unwrap();
    assert_eq!(planned[0].profile, "carol");
}

// ---------------------------------------------------------------------------------------------
// apply: success

#[test]
fn apply_to_the_keychain_writes_items_and_no_secret() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "alice", ID_A, SK_A),
            candidate(3, "bob smith", ID_B, SK_B),
        ],
        OnConflict::Fail,
    )
    .unwrap();
    let options = ImportOptions {
        destination: Destination::Keychain,
        region: Some(" eu-west-1 ".into()),
        output: Some("   ".into()),
    };
    let report = apply(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &options,
        TODAY,
    )
    .unwrap();
    assert_eq!(report.written, std::slice::from_ref(&sb.paths.config));
    assert!(!ws.is_dirty());

    let (config, credentials) = sb.texts();
    assert_eq!(
        credentials, CREDENTIALS,
        "the credentials file is untouched"
    );
    assert!(config.starts_with(CONFIG), "{config}");
    assert!(!config.contains(SK_A) && !config.contains(SK_B), "{config}");
    assert!(!config.contains(ID_A) && !config.contains(ID_B), "{config}");
    let alice_command = credential_process_command(&sb.program, "alice").unwrap();
    assert!(
        config.contains(&format!(
            "[profile alice]\ncredential_process = {alice_command}\nregion = eu-west-1\n{IMPORTED_KEY} = {TODAY}\n"
        )),
        "region trimmed, blank output ignored: {config}"
    );
    assert_eq!(store.get(&sb.item("alice")).unwrap(), keys(ID_A, SK_A));
    assert_eq!(store.get(&sb.item("bob smith")).unwrap(), keys(ID_B, SK_B));
    assert_eq!(store.len(), 2);

    let ws = sb.load();
    for name in ["alice", "bob smith"] {
        let profile = ws.files.profile(name).unwrap();
        assert_eq!(profile.secret, SecretLocation::Keychain, "{name}");
    }
}

#[test]
fn apply_to_the_credentials_file_writes_keys_there_and_settings_in_the_config() {
    let sb = sandbox_with("", "");
    let mut ws = sb.load();
    let planned = plan(&ws, &[candidate(2, "alice", ID_A, SK_A)], OnConflict::Fail).unwrap();
    let options = ImportOptions {
        destination: Destination::CredentialsFile,
        region: Some("eu-west-1".into()),
        output: Some("json".into()),
    };
    apply(&mut ws, None, &sb.program, &planned, &options, TODAY).unwrap();
    assert_eq!(
        sb.texts(),
        (
            format!(
                "[profile alice]\nregion = eu-west-1\noutput = json\n{IMPORTED_KEY} = {TODAY}\n"
            ),
            format!("[alice]\naws_access_key_id = {ID_A}\naws_secret_access_key = {SK_A}\n"),
        )
    );
}

#[test]
fn replace_removes_old_keys_from_both_files_and_keeps_the_rest() {
    let sb = sandbox();
    let mut ws = sb.load();
    let planned = plan(&ws, &[candidate(2, "dev", ID_A, SK_A)], OnConflict::Replace).unwrap();
    apply(&mut ws, None, &sb.program, &planned, &to_file(), TODAY).unwrap();
    let (config, credentials) = sb.texts();
    assert!(!config.contains("AKIACONFIGFILE000001"), "{config}");
    assert!(config.contains("region = eu-west-1"), "{config}");
    assert!(config.contains("  addressing_style = path"), "{config}");
    assert!(
        !credentials.contains("ASIAI44QH8DHBEXAMPLE"),
        "{credentials}"
    );
    assert!(!credentials.contains("aws_session_token"), "{credentials}");
    assert!(credentials.contains("output = table"), "{credentials}");
    assert!(credentials.starts_with(
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n# dev keys\n[dev]\n"
    ));
    let ws = sb.load();
    let now = ws.files.static_keys("dev").unwrap();
    assert_eq!(now, keys(ID_A, SK_A));
}

#[test]
fn skipped_rows_write_nothing() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let planned = plan(&ws, &[candidate(2, "dev", ID_A, SK_A)], OnConflict::Skip).unwrap();
    let report = apply(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &to_keychain(),
        TODAY,
    )
    .unwrap();
    assert!(report.written.is_empty(), "{:?}", report.written);
    assert!(report.backups.is_empty());
    assert_eq!(sb.texts(), originals());
    assert!(store.is_empty());
    assert_eq!(sb.backups(), 0);
}

#[test]
fn progress_is_called_before_each_row() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "dev", ID_A, SK_A),
            candidate(3, "bob", ID_B, SK_B),
        ],
        OnConflict::Skip,
    )
    .unwrap();
    let mut calls = Vec::new();
    apply_with_progress(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &to_keychain(),
        TODAY,
        &mut |done, total, profile| calls.push((done, total, profile.to_owned())),
    )
    .unwrap();
    assert_eq!(
        calls,
        [(0, 2, "dev".to_owned()), (1, 2, "bob".to_owned())],
        "skipped rows count too"
    );
}

#[test]
fn credentials_file_import_into_a_keyshelf_profile_removes_its_credential_process() {
    let sb = sandbox();
    let store = MemoryStore::new();
    // dev into the keychain first, as `keyshelf migrate` or an import would.
    let mut ws = sb.load();
    crate::keychain::migrate(&mut ws, &store, &sb.program, "dev").unwrap();
    let (config, _) = sb.texts();
    assert!(config.contains("credential_process = "), "{config}");

    let mut ws = sb.load();
    let planned = plan(&ws, &[candidate(2, "dev", ID_A, SK_A)], OnConflict::Replace).unwrap();
    apply(&mut ws, None, &sb.program, &planned, &to_file(), TODAY).unwrap();
    let (config, credentials) = sb.texts();
    assert!(!config.contains("credential_process"), "{config}");
    assert!(config.contains("region = eu-west-1"), "{config}");
    assert!(
        config.contains("output = table"),
        "moved by migrate: {config}"
    );
    assert!(credentials.contains(&format!("aws_access_key_id = {ID_A}")));
    let ws = sb.load();
    assert_eq!(ws.files.static_keys("dev").unwrap(), keys(ID_A, SK_A));
    assert_eq!(
        ws.files.profile("dev").unwrap().secret,
        SecretLocation::File
    );
}

#[test]
fn credentials_file_import_keeps_a_credential_process_of_another_program() {
    let sb = sandbox_with(
        "[profile vault]\ncredential_process = /usr/bin/aws-vault export --format=json vault\n",
        "",
    );
    let mut ws = sb.load();
    let planned = plan(
        &ws,
        &[candidate(2, "vault", ID_A, SK_A)],
        OnConflict::Replace,
    )
    .unwrap();
    apply(&mut ws, None, &sb.program, &planned, &to_file(), TODAY).unwrap();
    let (config, _) = sb.texts();
    assert!(config.contains("/usr/bin/aws-vault export"), "{config}");
}

// ---------------------------------------------------------------------------------------------
// apply: all or nothing

#[test]
fn a_keychain_write_failing_after_one_row_undoes_everything() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "alice", ID_A, SK_A),
            candidate(3, "bob", ID_B, SK_B),
        ],
        OnConflict::Fail,
    )
    .unwrap();
    let mut puts_seen = Vec::new();
    let err = apply_with_progress(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &to_keychain(),
        TODAY,
        &mut |done, _, _| {
            if done == 1 {
                // The first row's item is in the keychain; the second write fails.
                puts_seen.push(store.contains(&sb.item("alice")));
                store.fail(Failures {
                    put: Some(KeychainError::Locked),
                    ..Failures::default()
                });
            }
        },
    )
    .unwrap_err();
    assert_eq!(puts_seen, [true], "the first row was written before");
    assert!(
        matches!(&err, Error::Keychain { profile, source: KeychainError::Locked } if profile == "bob"),
        "{err:?}"
    );
    assert!(!err.is_user_error());
    assert_eq!(sb.texts(), originals());
    assert!(!ws.is_dirty(), "the in-memory edits are undone too");
    assert!(!ws.files.exists("alice"));
    assert!(store.is_empty(), "the first row's item is removed");
    assert_eq!(sb.backups(), 0);
}

#[test]
fn keys_that_read_back_wrong_change_nothing() {
    let sb = sandbox();
    let store = MemoryStore::new();
    store.fail(Failures {
        garble_reads: true,
        ..Failures::default()
    });
    let mut ws = sb.load();
    let planned = plan(&ws, &[candidate(2, "alice", ID_A, SK_A)], OnConflict::Fail).unwrap();
    let err = apply(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &to_keychain(),
        TODAY,
    )
    .unwrap_err();
    assert!(matches!(err, Error::ReadBackMismatch { .. }), "{err:?}");
    assert_eq!(sb.texts(), originals());
    assert!(store.is_empty());
}

#[test]
fn a_file_changed_on_disk_is_a_conflict_and_the_items_are_removed() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "alice", ID_A, SK_A),
            candidate(3, "bob", ID_B, SK_B),
        ],
        OnConflict::Fail,
    )
    .unwrap();
    let theirs = format!("{CONFIG}\n[profile other]\nregion = us-west-2\n");
    fs::write(&sb.paths.config, &theirs).unwrap();
    let err = apply(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &to_keychain(),
        TODAY,
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { path } if *path == sb.paths.config),
        "{err:?}"
    );
    assert!(err.is_user_error());
    assert_eq!(sb.texts(), (theirs, CREDENTIALS.to_owned()));
    assert!(store.is_empty(), "both items are removed");
    assert!(!ws.is_dirty());
    assert_eq!(sb.backups(), 0);
}

#[test]
fn a_credentials_file_changed_on_disk_is_a_conflict_even_when_only_the_config_is_written() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let planned = plan(&ws, &[candidate(2, "alice", ID_A, SK_A)], OnConflict::Fail).unwrap();
    // Meanwhile, `aws configure set` gives alice other plaintext keys.
    let theirs = format!(
        "{CREDENTIALS}\n[alice]\naws_access_key_id = {ID_B}\naws_secret_access_key = {SK_B}\n"
    );
    fs::write(&sb.paths.credentials, &theirs).unwrap();
    let result = apply(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &to_keychain(),
        TODAY,
    );
    assert!(
        matches!(&result, Err(Error::Conflict { path }) if *path == sb.paths.credentials),
        "{result:?}"
    );
    assert_eq!(sb.texts(), (CONFIG.to_owned(), theirs));
    assert!(store.is_empty());
}

#[test]
fn a_conflict_on_the_credentials_file_destination_changes_nothing() {
    let sb = sandbox();
    let mut ws = sb.load();
    let planned = plan(&ws, &[candidate(2, "alice", ID_A, SK_A)], OnConflict::Fail).unwrap();
    let theirs = format!("{CONFIG}\n[profile other]\nregion = us-west-2\n");
    fs::write(&sb.paths.config, &theirs).unwrap();
    let err = apply(&mut ws, None, &sb.program, &planned, &to_file(), TODAY).unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert_eq!(sb.texts(), (theirs, CREDENTIALS.to_owned()));
    assert!(!ws.is_dirty());
}

#[test]
fn replacing_a_profile_puts_its_old_item_back_on_failure() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    crate::keychain::migrate(&mut ws, &store, &sb.program, "dev").unwrap();
    let old = store.get(&sb.item("dev")).unwrap();
    assert_eq!(old.access_key_id, "ASIAI44QH8DHBEXAMPLE");
    let migrated = sb.texts();

    let mut ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "dev", ID_A, SK_A),
            candidate(3, "alice", ID_B, SK_B),
        ],
        OnConflict::Replace,
    )
    .unwrap();
    assert_eq!(planned[0].action, Action::ReplaceKeys);
    // Another program touches the config file before the save.
    let theirs = format!("{}# touched\n", migrated.0);
    fs::write(&sb.paths.config, &theirs).unwrap();
    let err = apply(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &to_keychain(),
        TODAY,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert_eq!(
        store.get(&sb.item("dev")).unwrap(),
        old,
        "the old item is back"
    );
    assert!(!store.contains(&sb.item("alice")));
    assert_eq!(store.len(), 1);
    assert_eq!(sb.texts(), (theirs, migrated.1));
}

#[test]
fn the_keychain_destination_without_a_store_changes_nothing() {
    let sb = sandbox();
    let mut ws = sb.load();
    let planned = plan(&ws, &[candidate(2, "alice", ID_A, SK_A)], OnConflict::Fail).unwrap();
    let err = apply(&mut ws, None, &sb.program, &planned, &to_keychain(), TODAY).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Keychain {
                source: KeychainError::Unavailable { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(sb.texts(), originals());
    assert!(!ws.is_dirty());
}

#[test]
fn unsaved_changes_are_refused_before_anything_happens() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    ws.files.set("default", "output", "json").unwrap();
    let planned = plan(&ws, &[candidate(2, "alice", ID_A, SK_A)], OnConflict::Fail).unwrap();
    let err = apply(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &to_keychain(),
        TODAY,
    )
    .unwrap_err();
    assert!(matches!(err, Error::UnsavedChanges), "{err:?}");
    assert!(store.is_empty());
    assert_eq!(sb.texts(), originals());
    assert!(ws.is_dirty(), "the caller's edit is left alone");
}

#[test]
fn an_unusable_program_path_undoes_the_rows_before_it() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "alice", ID_A, SK_A),
            candidate(3, "bob", ID_B, SK_B),
        ],
        OnConflict::Fail,
    )
    .unwrap();
    // A relative path cannot go into credential_process: the first row already fails, before
    // any item is written.
    let err = apply(
        &mut ws,
        Some(&store),
        std::path::Path::new("keyshelf"),
        &planned,
        &to_keychain(),
        TODAY,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Command { .. }), "{err:?}");
    assert!(store.is_empty());
    assert_eq!(sb.texts(), originals());
}

#[test]
fn an_old_item_that_cannot_be_put_back_is_reported() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    crate::keychain::migrate(&mut ws, &store, &sb.program, "dev").unwrap();
    let old = store.get(&sb.item("dev")).unwrap();

    let mut ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "dev", ID_A, SK_A),
            candidate(3, "alice", ID_B, SK_B),
        ],
        OnConflict::Replace,
    )
    .unwrap();
    // dev's item is overwritten, then the keychain locks: alice's write and the undo both fail.
    let err = apply_with_progress(
        &mut ws,
        Some(&store),
        &sb.program,
        &planned,
        &to_keychain(),
        TODAY,
        &mut |done, _, _| {
            if done == 1 {
                store.fail(Failures {
                    put: Some(KeychainError::Locked),
                    ..Failures::default()
                });
            }
        },
    )
    .unwrap_err();
    let restored = store.get(&sb.item("dev")).unwrap() == old;
    assert!(
        restored || err.to_string().contains("`dev`"),
        "dev's item holds the CSV's keys and the error does not say so: {err}"
    );
}
