//! Migration over real files in a temporary folder, with the in-memory store (the real keychain
//! is exercised through the binary in `tests/keychain/keychain.rs`).

use std::fs;

use super::MoveError as Error;
use super::*;
use crate::aws::SecretLocation;
use crate::test_support::{Sandbox, sandbox_with};

const CONFIG: &str = "# my config\n[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\n\n[profile role]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = dev\n";
const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n# dev keys\n[dev]\naws_access_key_id = ASIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN\noutput = table\n";

fn sandbox() -> Sandbox {
    sandbox_with(Some(CONFIG), Some(CREDENTIALS))
}

fn originals() -> (String, String) {
    (CONFIG.to_owned(), CREDENTIALS.to_owned())
}

#[test]
fn migrate_then_restore_gives_back_the_same_keys() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let keys = ws.docs.static_keys("dev").unwrap();
    migrate(&mut ws, &store, &sb.program, "dev").unwrap();

    let (config, credentials) = sb.texts();
    assert!(!credentials.contains("ASIA"), "{credentials}");
    // Only the secrets move: the rest of the section stays where botocore read it, and so
    // does the comment above its header.
    assert!(
        credentials.contains("# dev keys\n[dev]\noutput = table\n"),
        "{credentials}"
    );
    assert!(config.contains(&format!(
        "credential_process = \"{}\" credential-process --profile dev",
        sb.program.display()
    )));
    assert_eq!(store.get(&sb.item("dev")).unwrap(), keys);
    let profile = sb.load().docs.profile("dev").unwrap();
    assert_eq!(profile.secret, SecretLocation::Keychain);
    assert!(file_ailments(&sb.load(), "dev").is_empty());

    let mut ws = sb.load();
    let restored = restore(&mut ws, &store, "dev").unwrap();
    assert!(restored.item_left.is_none());
    assert!(!store.contains(&sb.item("dev")));
    let ws = sb.load();
    assert_eq!(ws.docs.static_keys("dev"), Some(keys));
    assert_eq!(
        ws.docs.get("dev", "credential_process"),
        None,
        "credential_process removed"
    );
}

#[test]
fn a_keychain_that_refuses_the_write_changes_nothing() {
    let sb = sandbox();
    let store = MemoryStore::new();
    store.fail(Failures {
        put: Some(KeychainError::Locked),
        ..Failures::default()
    });
    let mut ws = sb.load();
    let err = migrate(&mut ws, &store, &sb.program, "dev").unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
    assert!(err.to_string().contains("“dev”"), "{err}");
    assert_eq!(sb.texts(), originals());
    assert!(!ws.is_dirty());
    assert!(store.is_empty());
}

#[test]
fn keys_that_read_back_wrong_stay_in_the_file() {
    let sb = sandbox();
    let store = MemoryStore::new();
    store.fail(Failures {
        garble_reads: true,
        ..Failures::default()
    });
    let mut ws = sb.load();
    let err = migrate(&mut ws, &store, &sb.program, "dev").unwrap_err();
    assert!(matches!(err, Error::ReadBackMismatch { .. }), "{err}");
    assert_eq!(sb.texts(), originals());
    assert!(store.is_empty(), "the item this call created is gone");
}

#[test]
fn a_file_changed_in_between_is_a_conflict_and_the_item_is_removed() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    // Another program changes the very profile meanwhile.
    let theirs = CONFIG.replacen("[profile dev]", "[profile dev]\noutput = text", 1);
    assert_ne!(theirs, CONFIG);
    fs::write(&sb.paths.config, &theirs).unwrap();
    let err = migrate(&mut ws, &store, &sb.program, "dev").unwrap_err();
    assert!(
        matches!(err, Error::Files(crate::files::FilesError::Conflict { .. })),
        "{err}"
    );
    assert_eq!(sb.texts(), (theirs, CREDENTIALS.to_owned()));
    assert!(store.is_empty());
    assert!(!ws.is_dirty(), "the in-memory edit is undone too");
}

/// A change another program made to other profiles meanwhile is merged, not a
/// conflict: both the migration and the other change are kept.
#[test]
fn a_change_to_another_profile_meanwhile_is_merged() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let theirs = format!("{CONFIG}\n[profile new]\nregion = us-west-2\n");
    fs::write(&sb.paths.config, &theirs).unwrap();
    migrate(&mut ws, &store, &sb.program, "dev").unwrap();
    let (config, credentials) = sb.texts();
    assert!(
        config.contains("[profile new]\nregion = us-west-2"),
        "{config}"
    );
    assert!(
        config.contains("credential-process --profile dev"),
        "{config}"
    );
    assert!(!credentials.contains("ASIA"), "{credentials}");
    assert!(
        ws.docs.profile("new").is_some(),
        "the workspace reads the merged file"
    );
    assert!(!ws.is_dirty());
}

#[test]
fn an_item_that_was_there_before_is_put_back_on_failure() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let old = ws_keys("AKIAOLD0000000000000");
    store.put(&sb.item("dev"), &old).unwrap();
    let mut ws = sb.load();
    let theirs = CREDENTIALS.replacen("[dev]", "[dev]\n# touched", 1);
    assert_ne!(theirs, CREDENTIALS);
    fs::write(&sb.paths.credentials, theirs).unwrap();
    assert!(migrate(&mut ws, &store, &sb.program, "dev").is_err());
    assert_eq!(store.get(&sb.item("dev")).unwrap(), old);
}

fn ws_keys(id: &str) -> StoredKeys {
    StoredKeys {
        access_key_id: id.into(),
        secret_access_key: "old-secret".into(),
        session_token: None,
    }
}

#[test]
fn migrate_all_moves_every_profile_with_keys_and_says_why_it_skipped_the_rest() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let mut seen = Vec::new();
    let outcomes = migrate_all(&mut ws, &store, &sb.program, &mut |done, total, name| {
        seen.push((done, total, name.to_owned()));
    });
    let summary: Vec<(String, &str)> = outcomes
        .iter()
        .map(|(name, outcome)| {
            let what = match outcome {
                Outcome::Moved(_) => "moved",
                Outcome::Skipped(_) => "skipped",
                Outcome::Failed(_) => "failed",
            };
            (name.clone(), what)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("default".to_owned(), "moved"),
            ("dev".to_owned(), "moved"),
            ("role".to_owned(), "skipped")
        ]
    );
    assert_eq!(seen.len(), 3);
    let (_, credentials) = sb.texts();
    assert!(!credentials.contains("aws_"), "{credentials}");
    assert_eq!(store.len(), 2);

    let mut ws = sb.load();
    let outcomes = restore_all(&mut ws, &store, &mut |_, _, _| {});
    assert_eq!(
        outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Moved(_)))
            .count(),
        2
    );
    assert!(store.is_empty());
}

#[test]
fn a_stale_program_path_is_reported_and_repaired() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    migrate(&mut ws, &store, &sb.program, "dev").unwrap();
    fs::remove_file(&sb.program).unwrap();
    let mut ws = sb.load();
    assert!(matches!(
        file_ailments(&ws, "dev").as_slice(),
        [Ailment::ProgramMissing { .. }]
    ));
    let moved = sb.program.with_file_name("keyshelf-new");
    fs::write(&moved, "").unwrap();
    repair_program_path(&mut ws, &moved, "dev").unwrap();
    ws.save().unwrap();
    assert!(file_ailments(&sb.load(), "dev").is_empty());
    assert_eq!(
        check_item(&sb.load(), &store, "dev").as_deref(),
        Ok("ASIAI44QH8DHBEXAMPLE")
    );
    store.delete(&sb.item("dev")).unwrap();
    assert_eq!(
        check_item(&sb.load(), &store, "dev"),
        Err(Ailment::ItemMissing)
    );
}

#[test]
fn a_profile_run_by_another_program_is_left_alone() {
    let sb = sandbox();
    fs::write(
        &sb.paths.config,
        "[profile dev]\ncredential_process = aws-vault export dev\n",
    )
    .unwrap();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    let err = migrate(&mut ws, &store, &sb.program, "dev").unwrap_err();
    assert!(matches!(err, Error::ForeignProcess { .. }), "{err}");
    assert!(store.is_empty());
}

#[test]
fn renaming_a_keychain_profile_moves_its_item() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    migrate(&mut ws, &store, &sb.program, "dev").unwrap();
    let keys = store.get(&sb.item("dev")).unwrap();
    let mut ws = sb.load();
    let (moved, references) = rename_served(&mut ws, &store, "dev", "development").unwrap();
    assert!(moved.item_left.is_none());
    assert_eq!(references, 1, "role's source_profile follows");
    assert!(!store.contains(&sb.item("dev")));
    assert_eq!(store.get(&sb.item("development")).unwrap(), keys);
    let ws = sb.load();
    assert_eq!(
        item_of(&ws, "development"),
        sb.item("development"),
        "its credential_process names the new item"
    );
    assert!(file_ailments(&ws, "development").is_empty());
}

#[test]
fn a_failed_rename_of_a_keychain_profile_changes_nothing() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    migrate(&mut ws, &store, &sb.program, "dev").unwrap();
    let before = sb.texts();
    let mut ws = sb.load();
    // Another program changes the profile meanwhile: the save is a conflict.
    let theirs = before
        .0
        .replacen("[profile dev]", "[profile dev]\noutput = text", 1);
    assert_ne!(theirs, before.0);
    fs::write(&sb.paths.config, theirs).unwrap();
    let after_other = sb.texts();
    assert!(rename_served(&mut ws, &store, "dev", "development").is_err());
    assert_eq!(sb.texts(), after_other);
    assert!(store.contains(&sb.item("dev")));
    assert!(!store.contains(&sb.item("development")));
}

#[test]
fn a_duplicate_shares_the_item_and_keeps_it_alive() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    migrate(&mut ws, &store, &sb.program, "dev").unwrap();
    let mut ws = sb.load();
    ws.docs.duplicate("dev", "dev-copy").unwrap();
    ws.save().unwrap();
    let item = sb.item("dev");
    assert_eq!(users_of_item(&ws, &item), ["dev", "dev-copy"]);
    // Renaming one of the two moves it to an item of its own; the other keeps the old one.
    let (moved, _) = rename_served(&mut ws, &store, "dev", "development").unwrap();
    assert!(moved.item_left.is_none());
    assert!(store.contains(&item), "dev-copy still reads it");
    assert!(store.contains(&sb.item("development")));
}

#[test]
fn replace_keys_writes_the_item_and_only_the_date() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    migrate(&mut ws, &store, &sb.program, "default").unwrap();
    let (config, credentials) = sb.texts();
    let new = StoredKeys {
        access_key_id: "AKIANEWEXAMPLE000001".into(),
        secret_access_key: crate::secret::Secret::new("NewSecretEXAMPLEnewSecretEXAMPLEnewSecre"),
        session_token: None,
    };
    // Not a key ID: refused, nothing changed.
    let mut bad = new.clone();
    bad.access_key_id = "akia-not-a-key".into();
    let err = replace_keys(&mut ws, &store, "default", &bad, "2026-11-30").unwrap_err();
    assert!(
        err.to_string().contains("capital letters and digits"),
        "{err}"
    );
    // A keychain that garbles: the old keys stay, the files too.
    store.fail(Failures {
        garble_reads: true,
        ..Failures::default()
    });
    assert!(replace_keys(&mut ws, &store, "default", &new, "2026-11-30").is_err());
    store.fail(Failures::default());
    assert_eq!(
        store.get(&sb.item("default")).unwrap().access_key_id,
        "AKIAIOSFODNN7EXAMPLE"
    );
    assert_eq!(sb.texts(), (config.clone(), credentials.clone()));
    // Done: the item holds the new keys; the config file gains the date line only.
    replace_keys(&mut ws, &store, "default", &new, "2026-11-30").unwrap();
    assert_eq!(store.get(&sb.item("default")).unwrap(), new);
    let (after, credentials_after) = sb.texts();
    assert_eq!(credentials_after, credentials);
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !config.lines().any(|c| c == *l))
        .collect();
    assert_eq!(added, ["keyshelf_rotated = 2026-11-30"]);
    // A file profile has no item to replace.
    assert!(matches!(
        replace_keys(&mut ws, &store, "dev", &new, "2026-11-30"),
        Err(Error::NotInKeychain { .. })
    ));
}

/// A migration killed after its save, during the removal of the plaintext copies from the
/// backups: the clean-up was recorded with the save, and the next start finishes it.
#[test]
fn a_clean_up_killed_half_way_is_finished_at_the_next_start() {
    let sb = sandbox();
    let store = MemoryStore::new();
    let mut ws = sb.load();
    migrate(&mut ws, &store, &sb.program, "dev").unwrap();
    let dir = sb.paths.credentials.parent().unwrap().to_path_buf();
    let backups = crate::files::list_backups(&sb.paths.credentials).unwrap();
    assert!(!backups.is_empty());
    // As if killed before the clean-up: a backup with the secret, and the record.
    fs::write(&backups[0], CREDENTIALS).unwrap();
    fs::write(
        dir.join(crate::files::SCRUB_FILE),
        serde_json::to_vec(&["dev"]).unwrap(),
    )
    .unwrap();
    let ws = sb.load();
    let copy = fs::read_to_string(&backups[0]).unwrap();
    assert!(!copy.contains("je7MtGbClwBF"), "{copy}");
    assert!(
        copy.contains("AKIAIOSFODNN7EXAMPLE"),
        "other profiles' keys stay: {copy}"
    );
    assert!(!dir.join(crate::files::SCRUB_FILE).exists());
    drop(ws);
}
