//! Every edit re-reads only part of the document (`splice.rs`); these tests check, after each
//! edit of random edit sequences on awkward files, that the result is exactly what reading the
//! printed text from scratch gives: the same line readings, sections and index.

use std::borrow::Cow;

use proptest::prelude::*;

use super::Document;

/// A second name for sections, as the AWS layer gives `[profile a]` the name `a`.
fn alias(header: &str) -> Option<Cow<'_, str>> {
    header.strip_prefix("profile ").map(Cow::Borrowed)
}

/// Lines chosen to stress the re-read: indented headers (which read as continuations under a
/// key), nested blocks, comments and blanks inside values, duplicate names, odd line endings.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[a]".to_owned()),
        Just("[b]".to_owned()),
        Just("  [a]".to_owned()),
        Just("[profile a]".to_owned()),
        Just("k = v".to_owned()),
        Just("K=w".to_owned()),
        Just("s3 =".to_owned()),
        Just("  sub = 1".to_owned()),
        Just("    deeper".to_owned()),
        Just("  ; note".to_owned()),
        Just("# note".to_owned()),
        Just(String::new()),
        Just("   ".to_owned()),
        Just("no delimiter".to_owned()),
        Just("\u{3000}k = wide indent".to_owned()),
    ]
}

/// A file in one line-ending style. (A lone CR followed by an empty LF line prints as one CRLF,
/// which reads back as one line: mixed endings are kept byte for byte, not line for line.)
fn text() -> impl Strategy<Value = String> {
    let eol = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    (prop::collection::vec(line(), 0..14), eol, any::<bool>()).prop_map(|(lines, eol, cut)| {
        let mut text = lines.join(eol) + eol;
        if cut {
            // No final line break.
            while text.ends_with(['\n', '\r']) {
                text.pop();
            }
        }
        text
    })
}

#[derive(Clone, Debug)]
enum Edit {
    Set(&'static str, &'static str),
    Remove(&'static str, &'static str),
    SetNested(&'static str, &'static str),
    RemoveNested(&'static str, &'static str),
    Add(&'static str),
    Rename(&'static str, &'static str),
    RemoveSection(&'static str),
    RemoveSectionAt(usize),
    RemoveKeyAt(usize),
    KeepOnly(usize),
    Copy(&'static str, &'static str),
    RemoveEverywhere(&'static str, &'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    let section = || prop::sample::select(vec!["a", "b", "profile a", "c"]);
    let key = || prop::sample::select(vec!["k", "s3", "new", "sub"]);
    prop_oneof![
        (section(), key()).prop_map(|(s, k)| Edit::Set(s, k)),
        (section(), key()).prop_map(|(s, k)| Edit::Remove(s, k)),
        (section(), key()).prop_map(|(s, k)| Edit::SetNested(s, k)),
        (section(), key()).prop_map(|(s, k)| Edit::RemoveNested(s, k)),
        section().prop_map(Edit::Add),
        (section(), section()).prop_map(|(a, b)| Edit::Rename(a, b)),
        section().prop_map(Edit::RemoveSection),
        (1..16usize).prop_map(Edit::RemoveSectionAt),
        (1..16usize).prop_map(Edit::RemoveKeyAt),
        (1..16usize).prop_map(Edit::KeepOnly),
        (section(), section()).prop_map(|(a, b)| Edit::Copy(a, b)),
        (section(), key()).prop_map(|(s, k)| Edit::RemoveEverywhere(s, k)),
    ]
}

/// Applies an edit; refusals (no such section, a name taken) are fine, as long as the document
/// stays consistent.
fn apply(doc: &mut Document, edit: &Edit) {
    let _ = match *edit {
        Edit::Set(s, k) => doc.set(s, k, "value").map(|_| ()),
        Edit::Remove(s, k) => doc.remove(s, k).map(|_| ()),
        Edit::SetNested(s, k) => doc.set_nested(s, k, "inner", "1"),
        Edit::RemoveNested(s, k) => doc.remove_nested(s, k, "sub").map(|_| ()),
        Edit::Add(s) => doc.add_section(s),
        Edit::Rename(a, b) => doc.rename_section(a, b),
        Edit::RemoveSection(s) => doc.remove_section(s).map(|_| ()),
        Edit::RemoveSectionAt(line) => doc.remove_section_at(line),
        Edit::RemoveKeyAt(line) => doc.remove_key_at(line),
        Edit::KeepOnly(line) => doc.keep_only(line).map(|_| ()),
        Edit::Copy(a, b) => doc.copy_section(a, b),
        Edit::RemoveEverywhere(s, k) => {
            doc.remove_everywhere(s, k);
            Ok(())
        }
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_edit_leaves_the_document_as_a_fresh_read_would(
        text in text(),
        edits in prop::collection::vec(edit(), 1..12),
        aliased in any::<bool>(),
    ) {
        let mut doc = Document::parse(&text);
        if aliased {
            doc.set_alias(alias);
        }
        doc.assert_consistent();
        for edit in &edits {
            apply(&mut doc, edit);
            doc.assert_consistent();
        }
    }
}

#[test]
fn a_key_added_above_an_indented_header_keeps_it_a_header() {
    // configparser reads `  [b]` as a header while [a] has no key, and would read it as a
    // continuation of a key indented less: the new key takes the header's indentation.
    let mut doc = Document::parse("[a]\n  [b]\nx = 1\n[c]\n");
    assert!(doc.has_section("b"));
    doc.set("a", "k", "v").unwrap();
    doc.assert_consistent();
    assert_eq!(doc.to_string(), "[a]\n  k = v\n  [b]\nx = 1\n[c]\n");
    assert!(doc.has_section("b"));
    assert_eq!(doc.section_line("c"), Some(5));
}

#[test]
fn a_key_removed_with_its_continuation_lines_re_reads_what_follows() {
    // `  [b]` continues k's value; with k (and so that line) gone, `x = 1` is [a]'s key.
    let mut doc = Document::parse("[a]\nk = v\n  [b]\nx = 1\n[c]\n");
    assert!(!doc.has_section("b"));
    assert!(doc.remove("a", "k").unwrap());
    doc.assert_consistent();
    assert_eq!(doc.to_string(), "[a]\nx = 1\n[c]\n");
    assert_eq!(doc.section_line("c"), Some(3));
}

#[test]
fn the_buffer_is_compacted_after_many_edits() {
    let mut doc = Document::parse("[a]\nk = v\n");
    for i in 0..10_000 {
        doc.set("a", "k", &format!("value number {i}")).unwrap();
    }
    doc.assert_consistent();
    let held = doc.base.len() + doc.added.len();
    assert!(held < 64 * 1024, "{held} bytes");
    assert_eq!(doc.to_string(), "[a]\nk = value number 9999\n");
}

#[test]
fn a_text_over_the_limit_is_refused_not_cut() {
    let text = "#".repeat(super::MAX_DOCUMENT_BYTES + 1);
    let doc = Document::parse(&text);
    assert_eq!(
        doc.problems(),
        [super::Problem::Malformed {
            line: 1,
            why: super::Malformed::TooLarge
        }]
    );
}

/// Every edit used to re-read the whole file, so an import of N profiles into a file of M
/// cost N × M. An edit now re-reads its own section only.
#[test]
fn an_edit_rereads_its_own_section_not_the_file() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!("[profile p{i}]\nregion = eu-west-1\n\n"));
    }
    let mut doc = Document::parse(&text);
    let (reread_before, moved_before) = super::edit_work();
    doc.set("profile p5000", "output", "json").unwrap();
    doc.set("profile p9999", "region", "us-east-1").unwrap();
    doc.add_section("profile new").unwrap();
    doc.set("profile new", "region", "us-east-1").unwrap();
    doc.remove("profile p20", "region").unwrap();
    let (reread, moved) = super::edit_work();
    let (reread, moved) = (reread - reread_before, moved - moved_before);
    assert!(reread < 50, "{reread} lines re-read for five edits");
    // Only the section added at the end and none removed: the index moved nothing.
    assert_eq!(moved, 0);
    doc.assert_consistent();
}
