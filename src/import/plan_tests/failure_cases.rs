//! `apply` failing half-way: nothing changes, or the error says what did.

use super::*;
use crate::fault::Fault;

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
    assert!(!ws.docs.exists("alice"));
    assert!(store.is_empty(), "the first row's item is removed");
    assert_eq!(backups(&sb), 0);
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
    // Another program adds a profile of the same name meanwhile: the same section on both
    // sides, which no merge can settle.
    let theirs = format!("{CONFIG}\n[profile alice]\nregion = us-west-2\n");
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
        matches!(&err, Error::Files(crate::files::FilesError::Conflict { path }) if *path == sb.paths.config),
        "{err:?}"
    );
    assert!(err.is_user_error());
    assert_eq!(sb.texts(), (theirs, CREDENTIALS.to_owned()));
    assert!(store.is_empty(), "both items are removed");
    assert!(!ws.is_dirty());
    assert_eq!(backups(&sb), 0);
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
        matches!(&result, Err(Error::Files(crate::files::FilesError::Conflict { path })) if *path == sb.paths.credentials),
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
    let theirs = format!("{CONFIG}\n[profile alice]\nregion = us-west-2\n");
    fs::write(&sb.paths.config, &theirs).unwrap();
    let err = apply(&mut ws, None, &sb.program, &planned, &to_file(), TODAY).unwrap_err();
    assert!(
        matches!(err, Error::Files(crate::files::FilesError::Conflict { .. })),
        "{err:?}"
    );
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
    assert!(
        matches!(err, Error::Files(crate::files::FilesError::Conflict { .. })),
        "{err:?}"
    );
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
    ws.docs.set("default", "output", "json").unwrap();
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
    assert!(
        matches!(err, Error::Files(crate::files::FilesError::UnsavedChanges)),
        "{err:?}"
    );
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
        restored || err.to_string().contains("“dev”"),
        "dev's item holds the CSV's keys and the error does not say so: {err}"
    );
}
