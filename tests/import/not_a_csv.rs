//! Files that are not access-key CSVs.

use super::*;

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
