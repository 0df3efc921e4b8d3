//! `apply`: what an import writes.

use super::*;

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
        let profile = ws.docs.profile(name).unwrap();
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
    // The user asked to replace dev's keys: its old ones go from both files, dead ones too.
    let sb = sandbox_with(CONFIG_WITH_DEAD_KEY, CREDENTIALS);
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
    // The new pair takes the old pair's very lines; only the session token, which the new
    // keys do not replace, goes.
    assert_eq!(
        credentials,
        CREDENTIALS
            .replace("ASIAI44QH8DHBEXAMPLE", ID_A)
            .replace("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", SK_A)
            .replace("aws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN\n", "")
    );
    let ws = sb.load();
    let now = ws.docs.static_keys("dev").unwrap();
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
    assert_eq!(backups(&sb), 0);
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
        credentials.contains("[dev]\noutput = table"),
        "left where it was by migrate: {credentials}"
    );
    assert!(credentials.contains(&format!("aws_access_key_id = {ID_A}")));
    let ws = sb.load();
    assert_eq!(ws.docs.static_keys("dev").unwrap(), keys(ID_A, SK_A));
    assert_eq!(ws.docs.profile("dev").unwrap().secret, SecretLocation::File);
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

/// An import of 4,000 rows took 12 s and 8,000 took 40 s, because every edit re-read
/// the whole file. The work must grow with the rows, not with rows × file: counted in lines
/// re-read (and index positions moved, which new profiles at the end of the file never cause),
/// for new profiles and for replaced ones, into either place.
#[test]
fn an_import_works_in_proportion_to_its_rows_not_to_the_file() {
    const EXISTING: usize = 2_000;
    const ROWS: usize = 1_000;
    let mut config = String::new();
    let mut credentials = String::new();
    for i in 0..EXISTING {
        config.push_str(&format!("[profile p{i}]\nregion = eu-west-1\n\n"));
        credentials.push_str(&format!(
            "[p{i}]\naws_access_key_id = AKIA{i:016}\naws_secret_access_key = {i:040}\n\n"
        ));
    }
    for options in [to_keychain(), to_file()] {
        for replace in [false, true] {
            let sb = sandbox_with(&config, &credentials);
            let store = MemoryStore::new();
            let mut ws = sb.load();
            // New profiles, or the keys of existing ones spread through the file replaced.
            let candidates: Vec<Candidate> = (0..ROWS)
                .map(|i| {
                    let name = match replace {
                        false => format!("new{i}"),
                        true => format!("p{}", i * 2),
                    };
                    candidate(
                        i + 2,
                        &name,
                        &format!("AKIANEW{i:013}"),
                        &format!("{i:040}"),
                    )
                })
                .collect();
            let planned = plan(&ws, &candidates, OnConflict::Replace).unwrap();
            let (reread_before, moved_before) = crate::ini::edit_work();
            apply(
                &mut ws,
                Some(&store),
                &sb.program,
                &planned,
                &options,
                TODAY,
            )
            .unwrap();
            let (reread, moved) = crate::ini::edit_work();
            let (reread, moved) = (reread - reread_before, moved - moved_before);
            let what = format!("{:?}, replace: {replace}", options.destination);
            assert!(
                reread < 100 * ROWS,
                "{reread} lines re-read for {ROWS} rows ({what})"
            );
            if !replace {
                assert_eq!(moved, 0, "index positions moved ({what})");
            }
        }
    }
}
