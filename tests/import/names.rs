//! Profile names: the console's file name, `--profile`, `--prefix`.

use super::*;

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
    assert!(run.stderr.contains("imported “work”"), "{}", run.stderr);
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

/// The witness: a prefix that no profile name may start with (`[`) was reported as a file with
/// no user name. The message names the user name and the prefix; the AWS CLI's own spelling
/// of the option, `--profile-prefix`, is accepted too.
#[test]
fn a_prefix_that_spoils_the_name_is_named_as_the_cause() {
    let sb = Sandbox::new();
    let csv = put(&sb, "several-rows.csv");
    import_fails(
        &sb,
        &[&csv, "--profile-prefix", "["],
        1,
        &[
            "row 2",
            "the user name “alice” with the profile prefix",
            "--prefix",
        ],
    );
    import_ok(&sb, &[&csv, "--profile-prefix", "work-"]);
    assert_eq!(file_keys(&sb, "work-carol"), pair(ID3, SK3));
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
