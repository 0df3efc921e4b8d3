//! Property tests over documents generated from a small grammar of AWS-style INI files: sections
//! (plain, quoted, indented keys), `key = value` with every delimiter style, comments of both
//! kinds, blank and whitespace-only lines, nested blocks with blank and comment lines inside,
//! multi-line values, LF/CRLF/mixed line endings, with or without a final newline.
//!
//! 1. Every generated document (and any string or byte sequence at all) prints back byte for byte.
//! 2. Random edit sequences (set / remove / set_nested / add_section / rename_section /
//!    remove_section, on existing and missing names) leave every section they did not name
//!    byte-identical, mean what they say (`get` returns the value set, removed keys and sections
//!    are gone, a failed edit changes nothing), never create a problem, and leave a document that
//!    reads the same as its own printed text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::ini_support;

use std::collections::HashSet;

use ini_support::{content_lines, is_blank_or_comment, lines_with_eol};
use keyshelf::ini::{Document, Problem, Value};
use proptest::prelude::*;
use proptest::sample::Index;

const CASES: u32 = 256;

// ------------------------------------------------------------------------------------------------
// The grammar
// ------------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Item {
    Blank(&'static str),
    Comment {
        indent: &'static str,
        text: String,
    },
    Entry {
        key: String,
        delim: &'static str,
        value: String,
        trailing: &'static str,
    },
    /// `key =` followed by indented `sub = value` lines (and blank or comment lines between).
    Nested {
        key: String,
        delim: &'static str,
        indent: &'static str,
        subs: Vec<SubLine>,
    },
    /// `key = first` followed by indented continuation lines.
    Multi {
        key: String,
        delim: &'static str,
        first: String,
        more: Vec<String>,
    },
}

#[derive(Clone, Debug)]
enum SubLine {
    Sub(String, String),
    Blank,
    Comment,
}

#[derive(Clone, Debug)]
struct Section {
    name: String,
    /// Indentation of the header: configparser reads an indented header as a header, unless
    /// it is indented deeper than the key above it (then it continues that key's value).
    header_indent: &'static str,
    /// Indentation of the section's keys (configparser allows indented keys).
    key_indent: &'static str,
    items: Vec<Item>,
}

#[derive(Clone, Debug)]
struct Doc {
    preamble: Vec<Item>,
    sections: Vec<Section>,
    /// 0: LF, 1: CRLF, 2: mixed (per line from `mix`).
    eol_style: u8,
    mix: Vec<bool>,
    final_newline: bool,
}

fn value() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 #;=:/._@'\"\\[\\]-]{0,14}".prop_map(|s| s.trim().to_owned())
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "region",
            "output",
            "Region",
            "AWS_Access_Key_ID",
            "aws_secret_access_key",
            "sso_start_url",
            "role_arn",
            "s3",
            "my key",
            "x.y",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z][a-z_]{0,7}",
    ]
}

fn comment() -> impl Strategy<Value = Item> {
    (
        prop::sample::select(vec!["", "  ", "\t"]),
        prop::sample::select(vec!["#", ";"]),
        "[ a-zA-Z0-9=\\[\\]#;]{0,12}",
    )
        .prop_map(|(indent, prefix, text)| Item::Comment {
            indent,
            text: format!("{prefix}{text}"),
        })
}

fn blank() -> impl Strategy<Value = Item> {
    prop::sample::select(vec!["", "", "  ", "\t"]).prop_map(Item::Blank)
}

const DELIMS: [&str; 6] = [" = ", "=", " : ", ":", "\t=\t", " =  "];

fn item() -> impl Strategy<Value = Item> {
    let delim = prop::sample::select(DELIMS.to_vec());
    let entry = (
        key(),
        delim.clone(),
        value(),
        prop::sample::select(vec!["", "", "", " ", "\t"]),
    )
        .prop_map(|(key, delim, value, trailing)| Item::Entry {
            key,
            delim,
            value,
            trailing,
        });
    let sub = prop_oneof![
        6 => ("[a-z_]{1,8}", value()).prop_map(|(k, v)| SubLine::Sub(k, v)),
        1 => Just(SubLine::Blank),
        1 => Just(SubLine::Comment),
    ];
    let nested = (
        key(),
        delim.clone(),
        prop::sample::select(vec!["  ", "    ", "\t"]),
        prop::collection::vec(sub, 1..4),
    )
        .prop_map(|(key, delim, indent, mut subs)| {
            // Blank or comment lines end a block only when nothing indented follows them.
            subs.push(SubLine::Sub("last".into(), "1".into()));
            Item::Nested {
                key,
                delim,
                indent,
                subs,
            }
        });
    let multi = (
        key(),
        delim,
        "[a-z0-9]{1,6}",
        prop::collection::vec("[a-z0-9 =#]{1,10}", 1..3),
    )
        .prop_map(|(key, delim, first, more)| Item::Multi {
            key,
            delim,
            first,
            more: more.into_iter().map(|m| m.trim().to_owned()).collect(),
        });
    prop_oneof![
        6 => entry,
        2 => comment(),
        2 => blank(),
        1 => nested,
        1 => multi,
    ]
}

fn section_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "default",
            "profile default",
            "profile dev",
            "profile \"my dev\"",
            "profile 'qa env'",
            "sso-session corp",
            "services local",
            "plugins",
            "profile a@b.example/x.y",
            "some unknown section",
        ])
        .prop_map(str::to_owned),
        1 => "profile [a-z0-9@./-]{1,8}",
    ]
}

fn section() -> impl Strategy<Value = Section> {
    (
        section_name(),
        prop::sample::select(vec!["", "", "", "", "", " ", "\t"]),
        prop::sample::select(vec!["", "", "", "  "]),
        prop::collection::vec(item(), 0..7),
    )
        .prop_map(|(name, header_indent, key_indent, items)| Section {
            name,
            header_indent,
            key_indent,
            items,
        })
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        prop::collection::vec(prop_oneof![comment(), blank()], 0..3),
        prop::collection::vec(section(), 0..6),
        0u8..3,
        prop::collection::vec(any::<bool>(), 64),
        any::<bool>(),
    )
        .prop_map(|(preamble, sections, eol_style, mix, final_newline)| Doc {
            preamble,
            sections,
            eol_style,
            mix,
            final_newline,
        })
}

/// A document whose sections have unique names and whose keys are unique in each section
/// (ignoring case): one botocore reads without error, so edits have one meaning.
fn clean_doc() -> impl Strategy<Value = Doc> {
    doc().prop_map(|mut d| {
        let mut names = HashSet::new();
        d.sections.retain(|s| names.insert(s.name.clone()));
        // A header indented deeper than the key above it continues that key's value: then
        // it is no header, and the file is refused. Such a header is not indented here.
        for i in 1..d.sections.len() {
            let above = &d.sections[i - 1];
            let has_keys = above.items.iter().any(|item| {
                matches!(
                    item,
                    Item::Entry { .. } | Item::Nested { .. } | Item::Multi { .. }
                )
            });
            if has_keys && d.sections[i].header_indent.len() > above.key_indent.len() {
                d.sections[i].header_indent = "";
            }
        }
        for s in &mut d.sections {
            let mut keys = HashSet::new();
            s.items.retain(|item| match item {
                Item::Entry { key, .. } | Item::Nested { key, .. } | Item::Multi { key, .. } => {
                    keys.insert(key.to_ascii_lowercase())
                }
                _ => true,
            });
        }
        d
    })
}

fn render_item(item: &Item, key_indent: &str, out: &mut Vec<String>) {
    match item {
        Item::Blank(ws) => out.push((*ws).to_owned()),
        Item::Comment { indent, text } => out.push(format!("{indent}{text}")),
        Item::Entry {
            key,
            delim,
            value,
            trailing,
        } => {
            // A trailing blank after an empty value would only be trimmed: keep the line simple.
            out.push(format!("{key_indent}{key}{delim}{value}{trailing}"));
        }
        Item::Nested {
            key,
            delim,
            indent,
            subs,
        } => {
            out.push(format!("{key_indent}{key}{}", delim.trim_end()));
            for sub in subs {
                match sub {
                    SubLine::Sub(k, v) => out.push(format!("{key_indent}{indent}{k} = {v}")),
                    SubLine::Blank => out.push(String::new()),
                    SubLine::Comment => out.push(format!("{key_indent}{indent}# note")),
                }
            }
        }
        Item::Multi {
            key,
            delim,
            first,
            more,
        } => {
            out.push(format!("{key_indent}{key}{delim}{first}"));
            for m in more {
                out.push(format!("{key_indent}    {m}"));
            }
        }
    }
}

fn render(doc: &Doc) -> String {
    let mut lines = Vec::new();
    for item in &doc.preamble {
        render_item(item, "", &mut lines);
    }
    for s in &doc.sections {
        lines.push(format!("{}[{}]", s.header_indent, s.name));
        for item in &s.items {
            render_item(item, s.key_indent, &mut lines);
        }
    }
    let mut text = String::new();
    let n = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        text.push_str(&line);
        let crlf = match doc.eol_style {
            0 => false,
            1 => true,
            _ => doc.mix[i % doc.mix.len()],
        };
        if i + 1 < n || doc.final_newline {
            text.push_str(if crlf { "\r\n" } else { "\n" });
        }
    }
    text
}

// ------------------------------------------------------------------------------------------------
// 1. Printing
// ------------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn generated_documents_round_trip(d in doc()) {
        let text = render(&d);
        let parsed = Document::parse(&text);
        prop_assert_eq!(parsed.to_string(), text.clone());
        let from_bytes = Document::from_bytes(text.as_bytes()).unwrap();
        prop_assert_eq!(from_bytes.to_string(), text);
    }

    #[test]
    fn any_text_round_trips(text in "(?s)\u{feff}?[\\[\\]=:#; \t\r\na-zA-Z0-9\u{a0}\u{e9}\u{3000}]{0,120}") {
        prop_assert_eq!(Document::parse(&text).to_string(), text);
    }

    /// The shortcuts a read takes agree with the full list of problems: the first line the AWS
    /// tools refuse, and every repeated section (the index skips its lookups while no two
    /// names share a hash).
    #[test]
    fn a_reads_shortcuts_agree_with_the_full_problem_list(
        text in "(?s)[\\[\\]=:#; \t\r\nab\u{e9}]{0,160}"
    ) {
        let doc = Document::parse(&text);
        let problems = doc.problems();
        let first = problems.iter().find(|p| matches!(p, Problem::Malformed { .. })).cloned();
        prop_assert_eq!(doc.first_malformed(), first);
        let names: Vec<&str> = doc.section_names().collect();
        let repeated = (0..names.len()).filter(|&i| names[..i].contains(&names[i])).count();
        let reported = problems
            .iter()
            .filter(|p| matches!(p, Problem::DuplicateSection { .. }))
            .count();
        prop_assert_eq!(reported, repeated);
    }

    #[test]
    fn any_bytes_round_trip_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..120)) {
        match Document::from_bytes(&bytes) {
            Ok(doc) => prop_assert_eq!(doc.to_string().into_bytes(), bytes),
            Err(_) => prop_assert!(std::str::from_utf8(&bytes).is_err()),
        }
    }
}

// ------------------------------------------------------------------------------------------------
// 2. Edits
// ------------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Target {
    /// The n-th section of the document as it is when the edit runs.
    Existing(Index),
    Missing,
}

#[derive(Clone, Debug)]
enum KeyChoice {
    /// The n-th key of the section.
    Existing(Index),
    /// An existing key spelled in upper case (keys match ignoring case).
    Shouted(Index),
    New(String),
}

#[derive(Clone, Debug)]
enum Op {
    Set(Target, KeyChoice, String),
    Remove(Target, KeyChoice),
    SetNested(Target, KeyChoice, String, String),
    AddSection(String),
    Rename(Target, String),
    RemoveSection(Target),
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![9 => any::<Index>().prop_map(Target::Existing), 1 => Just(Target::Missing)]
}

fn key_choice() -> impl Strategy<Value = KeyChoice> {
    prop_oneof![
        4 => any::<Index>().prop_map(KeyChoice::Existing),
        1 => any::<Index>().prop_map(KeyChoice::Shouted),
        3 => key().prop_map(KeyChoice::New),
    ]
}

fn non_empty_value() -> impl Strategy<Value = String> {
    value().prop_map(|v| if v.is_empty() { "x".to_owned() } else { v })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (target(), key_choice(), non_empty_value()).prop_map(|(t, k, v)| Op::Set(t, k, v)),
        3 => (target(), key_choice()).prop_map(|(t, k)| Op::Remove(t, k)),
        2 => (target(), key_choice(), "[a-z_]{1,6}", non_empty_value())
            .prop_map(|(t, k, s, v)| Op::SetNested(t, k, s, v)),
        1 => section_name().prop_map(Op::AddSection),
        1 => (target(), section_name()).prop_map(|(t, n)| Op::Rename(t, n)),
        1 => target().prop_map(Op::RemoveSection),
    ]
}

fn resolve_section(doc: &Document, t: &Target) -> String {
    let names: Vec<&str> = doc.section_names().collect();
    match t {
        Target::Existing(i) if !names.is_empty() => names[i.index(names.len())].to_owned(),
        _ => "no such section".to_owned(),
    }
}

fn resolve_key(doc: &Document, section: &str, k: &KeyChoice) -> String {
    let entries = doc.entries(section);
    match k {
        KeyChoice::Existing(i) if !entries.is_empty() => {
            entries[i.index(entries.len())].key.clone()
        }
        KeyChoice::Shouted(i) if !entries.is_empty() => {
            entries[i.index(entries.len())].key.to_ascii_uppercase()
        }
        KeyChoice::New(k) => k.clone(),
        _ => "fresh_key".to_owned(),
    }
}

/// The entries of a section other than `key`, as (key, value).
fn others(doc: &Document, section: &str, key: &str) -> Vec<(String, Value)> {
    doc.entries(section)
        .into_iter()
        .filter(|e| !e.key.eq_ignore_ascii_case(key))
        .map(|e| (e.key, e.value))
        .collect()
}

/// Each section's own text, found without the document's help (in the generated files headers are
/// exactly the lines starting with `[`): its header line through the last line of its body that
/// is not blank or a comment. Comment and blank lines after that belong to no section in
/// particular (a comment directly above a header describes the next section). The last line's
/// ending is left out: appending to a file without a final newline gives that line one.
fn section_texts(text: &str) -> Vec<(String, String)> {
    let lines = lines_with_eol(text);
    // Which lines are headers, as configparser decides (independently of the crate): a line
    // whose stripped text starts with `[`, unless it is indented deeper than the key line
    // above it in its section, which it then continues.
    let mut headers = vec![false; lines.len()];
    let mut key_indent: Option<usize> = None;
    for (i, (content, _)) in lines.iter().enumerate() {
        if is_blank_or_comment(content) {
            continue;
        }
        let indent = content.chars().take_while(|c| c.is_whitespace()).count();
        if key_indent.is_some_and(|k| indent > k) {
            continue;
        }
        if content.trim_start().starts_with('[') {
            headers[i] = true;
            key_indent = None;
        } else {
            key_indent = Some(indent);
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !headers[i] {
            i += 1;
            continue;
        }
        let name = ini_support::header_name(&lines[i].0)
            .expect("a header")
            .to_owned();
        let mut end = i + 1;
        let mut j = i + 1;
        while j < lines.len() && !headers[j] {
            if !is_blank_or_comment(&lines[j].0) {
                end = j + 1;
            }
            j += 1;
        }
        let mut body = String::new();
        for (k, (content, eol)) in lines[i..end].iter().enumerate() {
            // A header's own indentation is no part of its section: removing the section
            // above may have to take it away (see `remove_section` in `section_edit.rs`).
            body.push_str(if k == 0 {
                content.trim_start()
            } else {
                content
            });
            if i + k + 1 < end {
                body.push_str(eol);
            }
        }
        out.push((name, body));
        i = j;
    }
    out
}

/// Applies one edit, checks what it means, and returns the section names it touched.
fn apply(doc: &mut Document, op: &Op) -> Result<Vec<String>, TestCaseError> {
    let before = doc.clone();
    let before_text = doc.to_string();
    let unchanged = |doc: &Document| doc.to_string() == before_text;
    let touched = match op {
        Op::Set(t, k, value) => {
            let section = resolve_section(doc, t);
            let key = resolve_key(doc, &section, k);
            match doc.set(&section, &key, value) {
                Ok(()) => {
                    prop_assert_eq!(
                        doc.get(&section, &key),
                        Some(Value::Plain(value.clone())),
                        "set {:?} {:?}",
                        section,
                        key
                    );
                    prop_assert_eq!(others(doc, &section, &key), others(&before, &section, &key));
                }
                Err(_) => {
                    prop_assert!(
                        !before.has_section(&section),
                        "set refused on [{}]",
                        section
                    );
                    prop_assert!(unchanged(doc));
                }
            }
            vec![section]
        }
        Op::Remove(t, k) => {
            let section = resolve_section(doc, t);
            let key = resolve_key(doc, &section, k);
            match doc.remove(&section, &key) {
                Ok(removed) => {
                    prop_assert_eq!(removed, before.get(&section, &key).is_some());
                    prop_assert_eq!(doc.get(&section, &key), None);
                    prop_assert_eq!(others(doc, &section, &key), others(&before, &section, &key));
                    if !removed {
                        prop_assert!(unchanged(doc));
                    }
                }
                Err(_) => {
                    prop_assert!(!before.has_section(&section));
                    prop_assert!(unchanged(doc));
                }
            }
            vec![section]
        }
        Op::SetNested(t, k, sub, value) => {
            let section = resolve_section(doc, t);
            let key = resolve_key(doc, &section, k);
            match doc.set_nested(&section, &key, sub, value) {
                Ok(()) => {
                    match doc.get(&section, &key) {
                        Some(Value::Nested(subs)) => {
                            let last = subs.iter().rev().find(|(s, _)| s == sub);
                            prop_assert_eq!(last.map(|(_, v)| v), Some(value));
                            // The other sub-keys are kept.
                            if let Some(Value::Nested(old)) = before.get(&section, &key) {
                                for (s, v) in old.iter().filter(|(s, _)| s != sub) {
                                    prop_assert!(subs.contains(&(s.clone(), v.clone())));
                                }
                            }
                        }
                        other => prop_assert!(false, "set_nested left {:?}", other),
                    }
                    prop_assert_eq!(others(doc, &section, &key), others(&before, &section, &key));
                }
                Err(_) => {
                    // Refused: a missing section, or a key holding a plain non-empty value.
                    let plain = matches!(
                        before.get(&section, &key),
                        Some(Value::Plain(v)) if !v.is_empty()
                    );
                    prop_assert!(!before.has_section(&section) || plain);
                    prop_assert!(unchanged(doc));
                }
            }
            vec![section]
        }
        Op::AddSection(name) => {
            match doc.add_section(name) {
                Ok(()) => {
                    prop_assert!(!before.has_section(name));
                    prop_assert!(doc.has_section(name));
                    prop_assert!(doc.entries(name).is_empty());
                }
                Err(_) => {
                    prop_assert!(before.has_section(name));
                    prop_assert!(unchanged(doc));
                }
            }
            vec![name.clone()]
        }
        Op::Rename(t, new) => {
            let old = resolve_section(doc, t);
            match doc.rename_section(&old, new) {
                Ok(()) => {
                    prop_assert!(old == *new || !doc.has_section(&old));
                    prop_assert_eq!(doc.entries(new), before.entries(&old));
                }
                Err(_) => {
                    prop_assert!(
                        !before.has_section(&old) || (before.has_section(new) && old != *new)
                    );
                    prop_assert!(unchanged(doc));
                }
            }
            vec![old, new.clone()]
        }
        Op::RemoveSection(t) => {
            let section = resolve_section(doc, t);
            let removed = doc.remove_section(&section).unwrap();
            prop_assert_eq!(removed, before.has_section(&section));
            prop_assert!(!doc.has_section(&section));
            vec![section]
        }
    };
    // Whatever happened, the document reads as its own printed text, and no edit created a
    // problem in a file that had none.
    let printed = doc.to_string();
    let reparsed = Document::parse(&printed);
    prop_assert_eq!(reparsed.to_string(), printed.clone());
    prop_assert_eq!(
        ini_support::reading(&reparsed),
        ini_support::reading(doc),
        "stale reading after {:?}",
        op
    );
    if before.problems().is_empty() {
        prop_assert_eq!(doc.problems(), vec![], "after {:?}", op);
    }
    Ok(touched)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn edits_mean_what_they_say_and_touch_nothing_else(
        d in clean_doc(),
        ops in prop::collection::vec(op(), 1..8),
    ) {
        let text = render(&d);
        let mut doc = Document::parse(&text);
        prop_assert!(doc.problems().is_empty(), "the grammar makes clean files: {:?}", doc.problems());
        let mut touched: HashSet<String> = HashSet::new();
        for op in &ops {
            touched.extend(apply(&mut doc, op)?);
        }
        let after = doc.to_string();
        let after_sections = section_texts(&after);
        for (name, original) in section_texts(&text) {
            if touched.contains(&name) {
                continue;
            }
            let now = after_sections.iter().find(|(n, _)| *n == name).map(|(_, t)| t);
            prop_assert_eq!(
                now,
                Some(&original),
                "untouched section [{}] changed\n--- before\n{}\n--- after\n{}",
                name,
                text,
                after
            );
        }
        // Lines outside every section before the first header (the file's own comments) stay.
        let lead = |t: &str| -> Vec<String> {
            content_lines(t).into_iter().take_while(|l| !l.trim_start().starts_with('[')).collect()
        };
        if !touched.iter().any(|n| d.sections.first().is_some_and(|s| s.name == *n)) {
            prop_assert_eq!(lead(&after).iter().filter(|l| !l.trim().is_empty()).count(),
                lead(&text).iter().filter(|l| !l.trim().is_empty()).count());
        }
    }

    #[test]
    fn set_then_remove_restores_the_text(d in clean_doc(), s in any::<Index>(), v in non_empty_value()) {
        // Adding a new key and removing it again gives back the original bytes.
        let text = render(&d);
        let mut doc = Document::parse(&text);
        let names: Vec<String> = doc.section_names().map(str::to_owned).collect();
        prop_assume!(!names.is_empty());
        let section = &names[s.index(names.len())];
        prop_assume!(doc.get(section, "keyshelf_probe").is_none());
        doc.set(section, "keyshelf_probe", &v).unwrap();
        prop_assert_eq!(doc.get(section, "keyshelf_probe"), Some(Value::Plain(v)));
        doc.remove(section, "keyshelf_probe").unwrap();
        prop_assert_eq!(doc.to_string(), text);
    }

    #[test]
    fn add_then_remove_section_restores_the_text(d in clean_doc()) {
        let text = render(&d);
        let mut doc = Document::parse(&text);
        prop_assume!(!doc.has_section("profile keyshelf-probe"));
        doc.add_section("profile keyshelf-probe").unwrap();
        doc.set("profile keyshelf-probe", "region", "eu-west-1").unwrap();
        doc.remove_section("profile keyshelf-probe").unwrap();
        // The text comes back, but for blank lines at the very end (the separator that was added
        // goes with the section, and trailing blank lines before it may go too).
        let trim = |t: &str| {
            content_lines(t)
                .into_iter()
                .rev()
                .skip_while(|l| l.trim().is_empty())
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(trim(&doc.to_string()), trim(&text));
    }
}
