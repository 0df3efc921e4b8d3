//! (a) rust-ini reads what we read.

use super::*;

// ================================================================================================
// (a) rust-ini
// ================================================================================================

/// Whether rust-ini (without quote or escape handling) reads `text` the way configparser does,
/// and if so whether it needs its indented-multi-line mode. rust-ini differs from configparser in
/// these ways, so a file qualifies only when none of them can matter:
/// - it has no idea of indentation levels: an indented line is a key of its own (or, in
///   multi-line mode, always a continuation), and an indented `#`/`;` line is read as a key;
/// - in multi-line mode an unindented comment ends a value where configparser skips it, and a
///   CRLF line ending adds an extra newline to the value;
/// - it trims section names, stops a header at the first `]` and reads text after it as a key;
/// - `\` before a line break joins lines, even with escapes off;
/// - keys before the first section go to a "general" section instead of being an error;
/// - a byte order mark is read as part of the first line.
pub(super) fn rust_ini_fit(text: &str) -> Result<bool, String> {
    if has_bom(text) {
        return Err("byte order mark".into());
    }
    let mut multiline = false;
    let mut in_value = false;
    let mut in_section = false;
    for (n, (line, _)) in lines_with_eol(text).iter().enumerate() {
        let n = n + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if line.ends_with('\\') {
            return Err(format!("line {n}: ends with a backslash"));
        }
        let indented = line.starts_with([' ', '\t']);
        let comment = trimmed.starts_with(['#', ';']);
        if indented {
            if comment {
                return Err(format!("line {n}: indented comment"));
            }
            if !in_value {
                return Err(format!("line {n}: indented line that continues nothing"));
            }
            multiline = true;
        } else if comment {
            in_value = false;
        } else if let Some(rest) = line.strip_prefix('[') {
            let Some(name) = rest.strip_suffix(']') else {
                return Err(format!("line {n}: text after the header's “]”"));
            };
            if name.contains(']') || name.trim() != name {
                return Err(format!(
                    "line {n}: “]” or spaces at the ends of a section name"
                ));
            }
            in_section = true;
            in_value = false;
        } else {
            let Some(delim) = line.find(['=', ':']) else {
                return Err(format!("line {n}: no delimiter"));
            };
            if line[..delim].trim().is_empty() || !in_section {
                return Err(format!("line {n}: not a key = value in a section"));
            }
            in_value = true;
        }
    }
    if multiline && text.contains("\r\n") {
        return Err("continuation lines in a CRLF file".into());
    }
    Ok(multiline)
}

/// What rust-ini reads: sections in order with (key, value) pairs, all plain strings. rust-ini
/// trims the line breaks at both ends of a multi-line value, so it loses the leading line break by
/// which botocore recognises a nested block (`s3 =` followed by indented lines): see
/// [`same_as_rust_ini`] for how such values are compared.
pub(super) fn rust_ini_reading(
    text: &str,
    multiline: bool,
) -> Vec<(String, Vec<(String, String)>)> {
    let opt = ParseOption {
        enabled_quote: false,
        enabled_escape: false,
        enabled_indented_mutiline_value: multiline,
        enabled_preserve_key_leading_whitespace: false,
    };
    let ini = Ini::load_from_str_opt(text, opt).expect("rust-ini reads the file");
    let mut out = Vec::new();
    for (section, props) in ini.iter() {
        let Some(section) = section else {
            assert!(props.is_empty(), "keys outside any section");
            continue;
        };
        let entries = props
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        out.push((section.to_owned(), entries));
    }
    out
}

/// botocore's `_parse_nested`, keeping order and duplicates.
pub(super) fn split_nested(raw: &str) -> Vec<(String, String)> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once('=').expect("nested lines have “=”");
            (k.trim().to_owned(), v.trim().to_owned())
        })
        .collect()
}

/// Our reading equals rust-ini's: same sections in the same order, same keys as spelled, same
/// plain values; where we read a nested block, rust-ini's (trimmed) multi-line string must split
/// into the same sub-keys the way botocore's `_parse_nested` splits it.
pub(super) fn same_as_rust_ini(text: &str, multiline: bool) -> Result<(), String> {
    let ours = our_reading_as_spelled(text);
    let theirs = rust_ini_reading(text, multiline);
    let shape = |r: &[(String, Vec<(String, String)>)]| -> Vec<(String, Vec<String>)> {
        r.iter()
            .map(|(s, e)| (s.clone(), e.iter().map(|(k, _)| k.clone()).collect()))
            .collect()
    };
    let our_shape: Vec<(String, Vec<String>)> = ours
        .iter()
        .map(|(s, e)| (s.clone(), e.iter().map(|(k, _)| k.clone()).collect()))
        .collect();
    if our_shape != shape(&theirs) {
        return Err(format!(
            "sections or keys differ\n  ours:     {our_shape:?}\n  rust-ini: {:?}",
            shape(&theirs)
        ));
    }
    for ((section, our_entries), (_, their_entries)) in ours.iter().zip(&theirs) {
        for ((key, ours), (_, theirs)) in our_entries.iter().zip(their_entries) {
            let same = match ours {
                Value::Plain(v) => v == theirs,
                Value::Nested(subs) => *subs == split_nested(theirs),
            };
            if !same {
                return Err(format!(
                    "[{section}] {key}: ours {ours:?}, rust-ini {theirs:?}"
                ));
            }
        }
    }
    Ok(())
}

pub(super) fn our_reading_as_spelled(text: &str) -> Vec<(String, Vec<(String, Value)>)> {
    Document::parse(text)
        .all_sections()
        .map(|(name, _line, entries)| {
            (
                name.to_owned(),
                entries.into_iter().map(|e| (e.key, e.value)).collect(),
            )
        })
        .collect()
}

#[test]
fn rust_ini_reads_the_simple_fixtures_as_we_do() {
    let mut compared = Vec::new();
    for name in fixture_names() {
        let text = fixture_text(&name);
        match rust_ini_fit(&text) {
            Ok(multiline) => {
                if let Err(e) = same_as_rust_ini(&text, multiline) {
                    panic!("{name}: {e}");
                }
                compared.push(name);
            }
            Err(why) => eprintln!("rust-ini comparison skips {name}: {why}"),
        }
    }
    // The restriction, spelled out: these are the fixtures compared.
    assert_eq!(
        compared,
        [
            "crlf-no-final-newline.credentials",
            "crlf.credentials",
            "default-both.config",
            "empty.config",
            "empty.credentials",
            "names.config",
            "names.credentials",
            "no-final-newline.config",
            "no-final-newline.credentials",
            "only-comments.credentials",
            "services.config",
            "simple.config",
            "simple.credentials",
            "sso.config",
        ]
    );
}

#[test]
fn rust_ini_reads_the_generated_large_files_as_we_do() {
    for text in [big_config(500), big_credentials(500)] {
        let multiline = rust_ini_fit(&text).expect("the generated files qualify");
        same_as_rust_ini(&text, multiline).unwrap();
    }
}

#[test]
fn rust_ini_reads_our_edits_as_we_do() {
    // Edits on qualifying fixtures keep them readable by a generic INI reader, and it agrees.
    for name in [
        "simple.config",
        "sso.config",
        "names.config",
        "services.config",
    ] {
        let text = fixture_text(name);
        let mut doc = Document::parse(&text);
        let first = doc.section_names().next().unwrap().to_owned();
        doc.set(&first, "region", "eu-west-3").unwrap();
        doc.set(&first, "keyshelf_new", "a=b:c#d;e").unwrap();
        doc.set_nested(&first, "s3", "addressing_style", "virtual")
            .unwrap();
        doc.add_section("profile added one").unwrap();
        doc.set("profile added one", "output", "json").unwrap();
        doc.copy_section(&first, "profile copied").unwrap();
        let out = doc.to_string();
        let multiline = rust_ini_fit(&out).unwrap_or_else(|why| panic!("{name}: {why}"));
        if let Err(e) = same_as_rust_ini(&out, multiline) {
            panic!("{name}: {e}");
        }
    }
}
