//! All or nothing: a bad row or a failed step leaves every file as it was.

use super::*;

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
    import_fails(&sb, &[&csv], 1, &["twice.csv", "row 4", "“alice”"]);
    // Not even with rename: which of the two would be `alice`?
    import_fails(
        &sb,
        &[&csv, "--on-conflict", "rename"],
        1,
        &["twice.csv", "row 4", "“alice”"],
    );

    // The same user in two files.
    let first = put(&sb, "create-user.csv");
    let second = put(&sb, "alice_accessKeys.csv");
    import_fails(
        &sb,
        &[&first, &second],
        1,
        &["alice_accessKeys.csv", "row 2", "“alice”"],
    );
}
