//! Every fixture in tests/fixtures/csv, with the rows or errors it must give. The README
//! beside the fixtures lists the same expectations in words.

use super::*;

const ID1: &str = "AKIAIOSFODNN7EXAMPLE";
const SK1: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const ID2: &str = "AKIAI44QH8DHBEXAMPLE";
const SK2: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const ID3: &str = "AKIA3EXAMPLE0000CCCC";
const SK3: &str = "c3VwZXJzZWNyZXQrK0V4YW1wbGUvS2V5MDAwMDAw";
const ID4: &str = "AKIA4EXAMPLE0000DDDD";
const SK4: &str = "ZGV2K29wcy9zZWNyZXQvZXhhbXBsZUtleTAwMDAw";

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/csv/",
            $name
        ))
        .as_slice()
    };
}

fn parse(bytes: &[u8], file_name: &str) -> CsvImport {
    match parse_csv(bytes, Some(file_name)) {
        Ok(import) => import,
        Err(err) => panic!("{file_name}: {err}"),
    }
}

fn fail(bytes: &[u8]) -> CsvError {
    match parse_csv(bytes, None) {
        Ok(import) => panic!("expected an error, got {import:?}"),
        Err(err) => err,
    }
}

/// (row, user name, key ID, secret, profile name) of a good row.
type Summary<'a> = (usize, Option<&'a str>, &'a str, &'a str, Option<&'a str>);

fn summary(import: &CsvImport) -> Vec<Summary<'_>> {
    import
        .rows
        .iter()
        .map(|r| {
            (
                r.row,
                r.user_name.as_deref(),
                r.access_key_id.as_str(),
                r.secret_access_key.expose(),
                r.profile_name.as_deref(),
            )
        })
        .collect()
}

fn messages(import: &CsvImport) -> Vec<String> {
    import.problems.iter().map(ToString::to_string).collect()
}

#[test]
fn console_formats() {
    let user = parse(fixture!("create-user.csv"), "create-user.csv");
    assert_eq!(
        summary(&user),
        [(2, Some("alice"), ID1, SK1, Some("alice"))]
    );
    assert!(user.problems.is_empty() && user.has_header && user.separator == ',');

    let keys = parse(fixture!("alice_accessKeys.csv"), "alice_accessKeys.csv");
    assert_eq!(summary(&keys), [(2, None, ID1, SK1, Some("alice"))]);
    assert!(keys.problems.is_empty());
}

#[test]
fn hand_edited_and_quoted() {
    // Header case and spaces do not matter; values are trimmed, inner spaces kept (as the CLI).
    let hand = parse(fixture!("hand-edited.csv"), "keys.csv");
    assert_eq!(
        summary(&hand),
        [(2, Some("bob smith"), ID2, SK2, Some("bob smith"))]
    );
    // The password holds a comma and a doubled quote, the link a comma: none shifts a column.
    let quoted = parse(fixture!("quoted.csv"), "quoted.csv");
    assert_eq!(
        summary(&quoted),
        [(2, Some("carol"), ID3, SK3, Some("carol"))]
    );
}

#[test]
fn separators_and_encodings() {
    let semi = parse(fixture!("semicolon.csv"), "semicolon.csv");
    assert_eq!(semi.separator, ';');
    assert_eq!(summary(&semi), [(2, Some("dave"), ID4, SK4, Some("dave"))]);

    let le = parse(fixture!("utf16le.csv"), "utf16le.csv");
    assert_eq!(summary(&le), [(2, Some("zoë"), ID1, SK1, Some("zoë"))]);

    let be = parse(fixture!("utf16be-tabs.csv"), "utf16be-tabs.csv");
    assert_eq!(be.separator, '\t');
    assert_eq!(summary(&be), [(2, Some("zoë"), ID2, SK2, Some("zoë"))]);
}

#[test]
fn extra_columns_are_ignored_and_the_first_of_two_wins() {
    let extra = parse(fixture!("extra-columns.csv"), "extra-columns.csv");
    assert_eq!(summary(&extra), [(2, Some("erin"), ID3, SK3, Some("erin"))]);
}

#[test]
fn several_rows_and_blank_lines() {
    let several = parse(fixture!("several-rows.csv"), "several-rows.csv");
    let users: Vec<_> = several
        .rows
        .iter()
        .map(|r| (r.row, r.profile_name.as_deref(), r.access_key_id.as_str()))
        .collect();
    assert_eq!(
        users,
        [
            (2, Some("alice"), ID1),
            (3, Some("bob"), ID2),
            (4, Some("carol"), ID3),
            (5, Some("dave"), ID4)
        ]
    );
    // Blank lines, a row of empty cells and a row of spaces are skipped, and still counted,
    // so row numbers match what a spreadsheet shows.
    let blank = parse(fixture!("blank-lines.csv"), "blank-lines.csv");
    assert_eq!(
        summary(&blank),
        [
            (4, Some("alice"), ID1, SK1, Some("alice")),
            (7, Some("bob"), ID2, SK2, Some("bob"))
        ]
    );
    assert!(blank.problems.is_empty());
}

#[test]
fn header_less_pairs() {
    let pairs = parse(fixture!("headerless.csv"), "headerless.csv");
    assert!(!pairs.has_header);
    assert_eq!(
        summary(&pairs),
        [(1, None, ID1, SK1, None), (3, None, ID2, SK2, None)]
    );
}

#[test]
fn file_name_suggests_only_for_a_single_key() {
    // Two keys and no user names: one name for both would make them overwrite each other.
    let two = parse(fixture!("no-user-name.csv"), "alice_accessKeys.csv");
    assert!(two.rows.iter().all(|r| r.profile_name.is_none()));
    let mut one = parse(fixture!("alice_accessKeys.csv"), "alice_accessKeys.csv");
    one.set_profile_prefix("work-");
    assert_eq!(one.rows[0].profile_name.as_deref(), Some("work-alice"));
    let unnamed = parse(fixture!("alice_accessKeys.csv"), "keys.csv");
    assert_eq!(unnamed.rows[0].profile_name, None);
}

#[test]
fn every_bad_row_is_reported() {
    let import = parse(fixture!("bad-rows.csv"), "bad-rows.csv");
    assert_eq!(
        summary(&import),
        [(2, Some("alice"), ID1, SK1, Some("alice"))]
    );
    let rows: Vec<_> = import.problems.iter().filter_map(CsvError::row).collect();
    assert_eq!(rows, [3, 4, 4, 5, 5, 6, 7]);
    let text = messages(&import);
    assert_eq!(text[0], "row 3: the secret access key is empty");
    assert_eq!(text[1], "row 4: the access key ID is empty");
    assert!(
        text[2]
            .starts_with("row 4, column \"Secret access key\": this does not look like a secret"),
        "{}",
        text[2]
    );
    assert_eq!(text[3], "row 5: the access key ID is empty");
    assert_eq!(text[4], "row 5: the secret access key is empty");
    assert!(
        text[5].starts_with("row 6, column \"Access key ID\": this does not look like an access key ID (it looks like a secret access key"),
        "{}",
        text[5]
    );
    assert!(
        text[6].contains("capital letters and digits"),
        "{}",
        text[6]
    );
    // No message may carry a value from the file.
    for message in &text {
        for value in [SK1, SK2, SK3, SK4, ID3, ID4, "abc def"] {
            assert!(!message.contains(value), "{message}");
        }
        assert!(!message.contains(&ID3.to_lowercase()), "{message}");
    }
    assert!(import.strict().is_err_and(|problems| problems.len() == 7));
}

/// The witness: a quote opened in a row and never closed took the rest of the file into one
/// cell, and the row was reported as "the access key ID is empty". A quoted line break in a
/// user name, with the row whole, is read as before.
#[test]
fn a_quote_never_closed_is_named() {
    let text = format!(
        "User name,Access key ID,Secret access key\n\"alice,{ID1},{SK1}\nbob,{ID2},{SK2}\n"
    );
    let import = match parse_csv(text.as_bytes(), None) {
        Ok(import) => import,
        Err(err) => panic!("{err}"),
    };
    assert_eq!(
        messages(&import),
        ["row 2: a quote (\") opened in this row is never closed"]
    );
    let text = format!("User name,Access key ID,Secret access key\n\"al\nice\",{ID1},{SK1}\n");
    let import = parse(text.as_bytes(), "keys.csv");
    assert!(import.problems.is_empty(), "{:?}", messages(&import));
    assert_eq!(import.rows[0].user_name.as_deref(), Some("al\nice"));
}

#[test]
fn whole_file_errors() {
    let missing = |column| CsvError::MissingColumn { column };
    let cases: [(&[u8], CsvError); 6] = [
        (fixture!("missing-secret.csv"), missing("Secret access key")),
        (fixture!("not-keys.csv"), missing("Access key ID")),
        (fixture!("header-only.csv"), CsvError::NoRows),
        (fixture!("empty.csv"), CsvError::Empty),
        (fixture!("binary.png"), CsvError::NotText),
        (
            b"one,two\nAKIAIOSFODNN7EXAMPLE,short\n",
            missing("Access key ID"),
        ),
    ];
    for (bytes, want) in cases {
        assert_eq!(fail(bytes).to_string(), want.to_string());
    }
    assert_eq!(
        fail(fixture!("header-only.csv")).to_string(),
        "the file has a header but no access keys"
    );
}

#[test]
fn too_large_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut big = b"Access key ID,Secret access key\n".to_vec();
    big.resize(usize::try_from(MAX_FILE_SIZE).unwrap() + 1, b'\n');
    std::fs::write(&path, &big).unwrap();
    assert!(matches!(read_csv_file(&path), Err(CsvError::TooLarge)));
    assert!(matches!(parse_csv(&big, None), Err(CsvError::TooLarge)));
    assert_eq!(
        CsvError::TooLarge.to_string(),
        "the file is larger than 1 MB; an access-key file is a few hundred bytes"
    );
    // Exactly 1 MB is allowed.
    big.pop();
    std::fs::write(&path, &big).unwrap();
    assert!(matches!(read_csv_file(&path), Err(CsvError::NoRows)));
}

#[test]
fn reads_a_file_and_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ci-bot_accessKeys (1).csv");
    std::fs::write(&path, fixture!("alice_accessKeys.csv")).unwrap();
    let import = read_csv_file(&path).unwrap();
    assert_eq!(import.rows[0].profile_name.as_deref(), Some("ci-bot"));
    let missing = read_csv_file(&dir.path().join("nope.csv")).unwrap_err();
    assert!(
        missing.to_string().ends_with("the file does not exist"),
        "{missing}"
    );
    assert!(matches!(
        read_csv_file(dir.path()),
        Err(CsvError::Read { .. })
    ));
}

#[test]
fn debug_output_hides_secrets() {
    let import = parse(fixture!("several-rows.csv"), "several-rows.csv");
    let debug = format!("{import:?}");
    for secret in [SK1, SK2, SK3, SK4] {
        assert!(!debug.contains(secret));
    }
    assert!(debug.contains("***"));
}
