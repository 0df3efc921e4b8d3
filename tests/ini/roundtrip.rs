//! Byte-exact printing and minimal edits, on every committed fixture and on a generated file with
//! 5,000 profiles.
//!
//! Printing: `Document::from_bytes(b).to_string()` must give back `b` exactly.
//!
//! Edits: for every fixture and every section in it, each kind of edit is made on a fresh copy and
//! the result is compared line by line with the original. The expected text is built here from
//! the original lines (not from the document's own edit code), so a test fails when an edit
//! touches any line it had no business touching, or misses one it had to change. Line endings are
//! checked separately: unchanged lines keep theirs, new lines take the file's, and a file without a
//! final newline keeps having none.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::ini_support;

use ini_support::*;
use keyshelf::aws::SharedFiles;
use keyshelf::ini::{Document, Value};

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

/// One section of a fixture, located with the document's own reading: header line index, the
/// index one past its last line (the next header or the end of the file), and its entries with the
/// line range each one covers.
#[derive(Debug)]
struct SectionAt {
    name: String,
    header: usize,
    end: usize,
    entries: Vec<EntryAt>,
}

#[derive(Debug)]
struct EntryAt {
    key: String,
    value: Value,
    /// Index of the key line.
    line: usize,
    /// One past the entry's last key or continuation line (trailing blank and comment lines
    /// excluded).
    end: usize,
}

fn sections_of(doc: &Document, lines: &[String]) -> Vec<SectionAt> {
    let names: Vec<String> = doc.section_names().map(str::to_owned).collect();
    let mut out: Vec<SectionAt> = Vec::new();
    let mut headers = Vec::new();
    // Headers in file order: every line the document reads as a header, found by walking the
    // names in order (names are unique in the fixtures, checked below).
    for name in &names {
        assert_eq!(
            names.iter().filter(|n| *n == name).count(),
            1,
            "fixtures have no duplicate sections"
        );
        headers.push(doc.section_line(name).expect("a section has a line") - 1);
    }
    for (i, name) in names.iter().enumerate() {
        let header = headers[i];
        let end = headers.get(i + 1).copied().unwrap_or(lines.len());
        let raw = doc.entries(name);
        let mut entries = Vec::new();
        for (j, e) in raw.iter().enumerate() {
            let line = e.line - 1;
            let limit = raw.get(j + 1).map(|n| n.line - 1).unwrap_or(end);
            let mut stop = limit;
            while stop > line + 1 && is_blank_or_comment(&lines[stop - 1]) {
                stop -= 1;
            }
            entries.push(EntryAt {
                key: e.key.clone(),
                value: e.value.clone(),
                line,
                end: stop,
            });
        }
        out.push(SectionAt {
            name: name.clone(),
            header,
            end,
            entries,
        });
    }
    out
}

/// Collects failures over all fixtures so one run reports every broken case.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn check(&mut self, what: String, ok: Result<(), String>) {
        if let Err(e) = ok {
            self.0.push(format!("{what}: {e}"));
        }
    }

    fn finish(self) {
        assert!(
            self.0.is_empty(),
            "{} failure(s):\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

/// Compares the edited text with the expected lines, and checks the line endings.
fn expect_lines(before: &str, after: &str, expected: &[String]) -> Result<(), String> {
    let got = content_lines(after);
    if got != expected {
        let want_text = expected.join("\n");
        let want_diff = line_diff(&before.replace("\r\n", "\n"), &want_text);
        let got_diff = line_diff(before, after);
        return Err(format!(
            "wrong lines changed\n  expected diff: {want_diff:?}\n  actual diff:   {got_diff:?}"
        ));
    }
    check_line_endings(before, after)?;
    if has_bom(before) != has_bom(after) {
        return Err("the byte order mark was added or lost".into());
    }
    // What was printed reads back as the edited document.
    let reparsed = Document::parse(after);
    if reparsed.to_string() != after {
        return Err("the edited text does not print back byte for byte".into());
    }
    Ok(())
}

fn same_reading(edited: &Document) -> Result<(), String> {
    let reparsed = Document::parse(&edited.to_string());
    if reading(&reparsed) != reading(edited) {
        return Err(
            "the edited document reads differently from its own printed text (stale index)".into(),
        );
    }
    Ok(())
}

/// Every fixture, parsed, with its lines.
fn fixtures() -> Vec<(String, String, Document, Vec<String>)> {
    fixture_names()
        .into_iter()
        .map(|name| {
            let text = fixture_text(&name);
            let doc = Document::parse(&text);
            let lines = content_lines(&text);
            (name, text, doc, lines)
        })
        .collect()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The text `set` puts after a delimiter with nothing after it: `k =` becomes `k = v`, `k=`
/// becomes `k=v`.
fn fill_empty_value(line: &str, value: &str) -> String {
    let t = line;
    let before_delim = t.trim_end_matches(['=', ':']);
    if t.ends_with(['=', ':']) && before_delim.ends_with(char::is_whitespace) {
        format!("{t} {value}")
    } else {
        format!("{t}{value}")
    }
}

// ------------------------------------------------------------------------------------------------
// The fixture set itself
// ------------------------------------------------------------------------------------------------

#[test]
fn fixtures_hold_the_promised_bytes() {
    let names = fixture_names();
    assert!(names.len() >= 20, "{names:?}");
    let bytes = |n: &str| fixture_bytes(n);
    let text = |n: &str| fixture_text(n);

    for n in ["crlf.config", "crlf.credentials"] {
        let t = text(n);
        assert!(t.contains("\r\n"), "{n}");
        assert_eq!(t.matches('\n').count(), t.matches("\r\n").count(), "{n}");
        assert!(t.ends_with("\r\n"), "{n}");
    }
    for n in [
        "no-final-newline.config",
        "no-final-newline.credentials",
        "crlf-no-final-newline.credentials",
        "only-comments.credentials",
    ] {
        assert!(!bytes(n).ends_with(b"\n"), "{n}");
    }
    assert!(text("crlf-no-final-newline.credentials").contains("\r\n"));
    assert!(bytes("empty.config").is_empty());
    assert!(bytes("empty.credentials").is_empty());
    let mixed = text("mixed-eol.config");
    assert!(mixed.contains("\r\n") && mixed.replace("\r\n", "").contains('\n'));
    assert!(bytes("bom.credentials").starts_with(b"\xef\xbb\xbf"));

    let rich = text("rich.config");
    for needle in [
        "\n# ",
        "\n; ",
        "\n    # ",
        " # N. Virginia",
        "start/#/",
        "\ns3 =\n  max_concurrent_requests = 20",
        "\n\n  multipart_threshold",
        "[sso-session corp]",
        "[services local-dev]",
        "[plugins]",
        "[some-unknown-tool settings]",
        "output=json",
        "Output : text",
        "AWS_Default_Note",
        "\tregion\t=\teu-west-1",
        "[profile alice@example.com]",
        "[profile team.prod/eu]",
        "[profile \"my dev\"]",
        "[profile 'qa env']",
        "[default]",
        "[profile default]",
    ] {
        assert!(rich.contains(needle), "rich.config lacks {needle:?}");
    }
    let creds = text("rich.credentials");
    assert!(creds.contains("AWS_Access_Key_ID=") && creds.contains(" : ") && creds.contains('\t'));
    let only = text("only-comments.config");
    assert!(only.lines().all(is_blank_or_comment));
    assert!(text("continuation.config").contains("first line\n  second line"));
}

// ------------------------------------------------------------------------------------------------
// Printing
// ------------------------------------------------------------------------------------------------

#[test]
fn every_fixture_prints_back_byte_for_byte() {
    for name in fixture_names() {
        let bytes = fixture_bytes(&name);
        let doc = Document::from_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            doc.to_string().as_bytes() == bytes,
            "{name} did not print back"
        );
        // And the print of the print is the same.
        assert_eq!(
            Document::parse(&doc.to_string()).to_string(),
            doc.to_string()
        );
    }
}

#[test]
fn fixtures_read_without_problems_except_the_bom() {
    for name in fixture_names() {
        let doc = Document::parse(&fixture_text(&name));
        let problems = doc.problems();
        if name == "bom.credentials" {
            assert!(doc.has_bom());
            assert!(!problems.is_empty(), "{problems:?}");
        } else {
            assert!(problems.is_empty(), "{name}: {problems:?}");
        }
    }
}

#[test]
fn shared_files_print_back_byte_for_byte() {
    for pair in fixture_pairs() {
        let files = SharedFiles::new(
            Document::parse(&pair.config),
            Document::parse(&pair.credentials),
        );
        // Reading profiles must not change anything.
        let _ = files.profiles();
        assert_eq!(files.config.to_string(), pair.config, "{}", pair.stem);
        assert_eq!(
            files.credentials.to_string(),
            pair.credentials,
            "{}",
            pair.stem
        );
    }
}

#[test]
fn five_thousand_profiles_round_trip() {
    let config = big_config(5000);
    let credentials = big_credentials(5000);
    assert!(config.len() > 300_000 && credentials.len() > 300_000);
    let started = std::time::Instant::now();
    let c = Document::parse(&config);
    let k = Document::parse(&credentials);
    assert_eq!(c.to_string(), config);
    assert_eq!(k.to_string(), credentials);
    assert!(c.problems().is_empty() && k.problems().is_empty());

    let mut files = SharedFiles::new(c, k);
    let profiles = files.profiles();
    assert_eq!(profiles.len(), 5001);
    let last = big_profile_name(4999);
    assert_eq!(profiles[5000].name, last);
    assert_eq!(
        files.get(&last, "aws_access_key_id").map(|(v, _)| v),
        Some(Value::Plain(format!("AKIA{:016}", 4999)))
    );
    eprintln!(
        "5,000 profiles: parse + profiles() in {:?}",
        started.elapsed()
    );

    // An edit at the far end of a large file touches one line.
    files.set(&last, "region", "eu-south-2").unwrap();
    let diff = line_diff(&config, &files.config.to_string());
    assert_eq!(diff.removed.len(), 1, "{diff:?}");
    assert_eq!(diff.added, ["region = eu-south-2"]);
    check_line_endings(&config, &files.config.to_string()).unwrap();
    assert_eq!(files.credentials.to_string(), credentials);
}

// ------------------------------------------------------------------------------------------------
// Edits
// ------------------------------------------------------------------------------------------------

#[test]
fn set_existing_key_changes_only_its_line() {
    let mut failures = Failures::default();
    let new = "keyshelf-set-value";
    let mut edits = 0;
    for (name, text, doc, lines) in fixtures() {
        for section in sections_of(&doc, &lines) {
            for entry in &section.entries {
                let mut edited = doc.clone();
                edited.set(&section.name, &entry.key, new).unwrap();
                let after = edited.to_string();
                let key_line = &lines[entry.line];
                let new_line = match &entry.value {
                    Value::Plain(v) if !v.is_empty() => {
                        // Only the first line carries the value; continuation lines go.
                        let first = key_line.trim_end();
                        let delim = first.find(['=', ':']).unwrap();
                        if first[delim + 1..].trim().is_empty() {
                            fill_empty_value(key_line, new)
                        } else {
                            replace_value_in_line(key_line, new)
                        }
                    }
                    _ => fill_empty_value(key_line, new),
                };
                // Expected: the key line changed, its continuation lines gone, blank and comment
                // lines between them kept.
                let mut expected: Vec<String> = lines[..entry.line].to_vec();
                expected.push(new_line);
                expected.extend(
                    lines[entry.line + 1..entry.end]
                        .iter()
                        .filter(|l| is_blank_or_comment(l))
                        .cloned(),
                );
                expected.extend(lines[entry.end..].iter().cloned());
                let what = format!("{name} [{}] set {}", section.name, entry.key);
                failures.check(what.clone(), expect_lines(&text, &after, &expected));
                failures.check(
                    what.clone(),
                    match edited.get(&section.name, &entry.key) {
                        Some(Value::Plain(v)) if v == new => Ok(()),
                        other => Err(format!("get gives {other:?}")),
                    },
                );
                failures.check(what, same_reading(&edited));
                edits += 1;
            }
        }
    }
    assert!(edits > 100, "only {edits} edits tried");
    failures.finish();
}

/// Where a new key goes in a section: after its last entry (and that entry's continuation
/// lines), before any blank or comment lines; right after the header when it has none.
fn new_key_position(section: &SectionAt, lines: &[String]) -> (usize, String) {
    match section.entries.last() {
        Some(last) => (last.end, indent_of(&lines[last.line]).to_owned()),
        None => (section.header + 1, String::new()),
    }
}

#[test]
fn set_new_key_adds_one_line_after_the_last_entry() {
    let mut failures = Failures::default();
    for (name, text, doc, lines) in fixtures() {
        for section in sections_of(&doc, &lines) {
            let mut edited = doc.clone();
            edited.set(&section.name, "keyshelf_added", "on").unwrap();
            let after = edited.to_string();
            let (at, indent) = new_key_position(&section, &lines);
            let mut expected = lines.clone();
            expected.insert(at, format!("{indent}keyshelf_added = on"));
            let what = format!("{name} [{}] set new key", section.name);
            failures.check(what.clone(), expect_lines(&text, &after, &expected));
            failures.check(
                what.clone(),
                match Document::parse(&after).get(&section.name, "KEYSHELF_ADDED") {
                    Some(Value::Plain(v)) if v == "on" => Ok(()),
                    other => Err(format!("get gives {other:?}")),
                },
            );
            // Every other entry of the section reads as before.
            let reread = Document::parse(&after).entries(&section.name);
            let others: Vec<_> = reread
                .iter()
                .filter(|e| e.key != "keyshelf_added")
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect();
            let before: Vec<_> = section
                .entries
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect();
            failures.check(
                what.clone(),
                if others == before {
                    Ok(())
                } else {
                    Err(format!("other entries changed: {others:?}"))
                },
            );
            failures.check(what, same_reading(&edited));
        }
    }
    failures.finish();
}

#[test]
fn remove_key_removes_exactly_its_lines() {
    let mut failures = Failures::default();
    for (name, text, doc, lines) in fixtures() {
        for section in sections_of(&doc, &lines) {
            for entry in &section.entries {
                let mut edited = doc.clone();
                let removed = edited.remove(&section.name, &entry.key).unwrap();
                let after = edited.to_string();
                // The entry's lines go, but not the comment lines among them: configparser
                // skips those, and they are the user's.
                let mut expected: Vec<String> = lines[..entry.line].to_vec();
                expected.extend(
                    lines[entry.line..entry.end]
                        .iter()
                        .filter(|l| {
                            let t = l.trim_start();
                            t.starts_with('#') || t.starts_with(';')
                        })
                        .cloned(),
                );
                expected.extend(lines[entry.end..].iter().cloned());
                let what = format!("{name} [{}] remove {}", section.name, entry.key);
                failures.check(
                    what.clone(),
                    if removed {
                        Ok(())
                    } else {
                        Err("remove said nothing was removed".into())
                    },
                );
                failures.check(what.clone(), expect_lines(&text, &after, &expected));
                failures.check(
                    what.clone(),
                    match edited.get(&section.name, &entry.key) {
                        None => Ok(()),
                        Some(v) => Err(format!("still there: {v:?}")),
                    },
                );
                failures.check(what, same_reading(&edited));
            }
            // Removing a key that is not there changes nothing.
            let mut edited = doc.clone();
            assert!(!edited.remove(&section.name, "no_such_key").unwrap());
            assert_eq!(edited.to_string(), text);
        }
    }
    failures.finish();
}

#[test]
fn multi_line_value_is_removed_with_its_continuation_lines() {
    let text = fixture_text("continuation.config");
    let mut doc = Document::parse(&text);
    doc.remove("profile multi", "description").unwrap();
    let diff = line_diff(&text, &doc.to_string());
    assert_eq!(diff.at, 1);
    assert_eq!(
        diff.removed,
        [
            "description = first line",
            "  second line",
            "    third line, deeper",
            "",
            "  fifth line, after a blank one",
            "  # a comment inside a value is skipped",
            "  sixth line",
        ]
    );
    // configparser skips the comment inside the value; it stays, as every comment does.
    assert_eq!(diff.added, ["  # a comment inside a value is skipped"]);
}

#[test]
fn set_nested_new_block_adds_two_lines() {
    let mut failures = Failures::default();
    for (name, text, doc, lines) in fixtures() {
        for section in sections_of(&doc, &lines) {
            let mut edited = doc.clone();
            edited
                .set_nested(&section.name, "keyshelf_block", "max_attempts", "5")
                .unwrap();
            let after = edited.to_string();
            let (at, indent) = new_key_position(&section, &lines);
            let mut expected = lines.clone();
            expected.insert(at, format!("{indent}keyshelf_block ="));
            expected.insert(at + 1, format!("{indent}  max_attempts = 5"));
            let what = format!("{name} [{}] set_nested new block", section.name);
            failures.check(what.clone(), expect_lines(&text, &after, &expected));
            failures.check(
                what.clone(),
                match Document::parse(&after).get(&section.name, "keyshelf_block") {
                    Some(Value::Nested(subs)) if subs == [("max_attempts".into(), "5".into())] => {
                        Ok(())
                    }
                    other => Err(format!("get gives {other:?}")),
                },
            );
            failures.check(what, same_reading(&edited));
        }
    }
    failures.finish();
}

#[test]
fn set_nested_in_an_existing_block_touches_one_line() {
    let mut failures = Failures::default();
    let mut blocks = 0;
    for (name, text, doc, lines) in fixtures() {
        for section in sections_of(&doc, &lines) {
            for entry in &section.entries {
                let Value::Nested(subs) = &entry.value else {
                    continue;
                };
                let Some((sub, _)) = subs.last() else {
                    continue;
                };
                blocks += 1;
                // The line holding `sub =` (the last one, as botocore keeps the last).
                let sub_line = (entry.line + 1..entry.end)
                    .rev()
                    .find(|&i| {
                        lines[i]
                            .split_once('=')
                            .is_some_and(|(k, _)| k.trim() == sub)
                    })
                    .expect("the sub-key has a line");

                // Changing an existing sub-key rewrites its value only.
                let mut edited = doc.clone();
                edited
                    .set_nested(&section.name, &entry.key, sub, "77")
                    .unwrap();
                let mut expected = lines.clone();
                expected[sub_line] = replace_value_in_line(&lines[sub_line], "77");
                let what = format!("{name} [{}] {}.{sub} = 77", section.name, entry.key);
                failures.check(what, expect_lines(&text, &edited.to_string(), &expected));

                // A new sub-key goes after the block's last line, indented like it.
                let mut edited = doc.clone();
                edited
                    .set_nested(&section.name, &entry.key, "keyshelf_sub", "x")
                    .unwrap();
                let last = entry.end - 1;
                let mut expected = lines.clone();
                expected.insert(
                    entry.end,
                    format!("{}keyshelf_sub = x", indent_of(&lines[last])),
                );
                let what = format!("{name} [{}] {}.keyshelf_sub", section.name, entry.key);
                failures.check(
                    what.clone(),
                    expect_lines(&text, &edited.to_string(), &expected),
                );
                let mut want = subs.clone();
                want.push(("keyshelf_sub".into(), "x".into()));
                failures.check(
                    what,
                    match edited.get(&section.name, &entry.key) {
                        Some(Value::Nested(got)) if got == want => Ok(()),
                        other => Err(format!("get gives {other:?}")),
                    },
                );
            }
        }
    }
    assert!(blocks >= 10, "only {blocks} nested blocks in the fixtures");
    failures.finish();
}

#[test]
fn set_nested_refuses_a_plain_value_and_changes_nothing() {
    let text = fixture_text("rich.config");
    let mut doc = Document::parse(&text);
    assert!(
        doc.set_nested("profile dev", "region", "x", "y").is_err(),
        "region holds a plain value"
    );
    assert_eq!(doc.to_string(), text);
}

#[test]
fn add_section_appends_at_the_end() {
    let mut failures = Failures::default();
    for (name, text, doc, lines) in fixtures() {
        let mut edited = doc.clone();
        edited.add_section("profile keyshelf-new").unwrap();
        let after = edited.to_string();
        let mut expected = lines.clone();
        if lines.last().is_some_and(|l| !is_blank(l)) {
            expected.push(String::new());
        }
        expected.push("[profile keyshelf-new]".into());
        let what = format!("{name} add_section");
        failures.check(what.clone(), expect_lines(&text, &after, &expected));
        failures.check(
            what.clone(),
            if Document::parse(&after).has_section("profile keyshelf-new") {
                Ok(())
            } else {
                Err("the new section is not read".into())
            },
        );
        failures.check(what, same_reading(&edited));
        // Adding a section that exists is refused and changes nothing.
        if let Some(existing) = doc.section_names().next() {
            let mut again = doc.clone();
            assert!(again.add_section(existing).is_err(), "{name}");
            assert_eq!(again.to_string(), text, "{name}");
        }
    }
    // An empty file gets a complete line.
    let mut doc = Document::parse("");
    doc.add_section("default").unwrap();
    assert_eq!(doc.to_string(), "[default]\n");
    failures.finish();
}

#[test]
fn rename_section_changes_only_the_header() {
    let mut failures = Failures::default();
    for (name, text, doc, lines) in fixtures() {
        for section in sections_of(&doc, &lines) {
            let new = format!("renamed {}", section.name);
            let mut edited = doc.clone();
            edited.rename_section(&section.name, &new).unwrap();
            let after = edited.to_string();
            let mut expected = lines.clone();
            expected[section.header] = rename_header_line(&lines[section.header], &new);
            let what = format!("{name} rename [{}]", section.name);
            failures.check(what.clone(), expect_lines(&text, &after, &expected));
            let reread = Document::parse(&after);
            failures.check(
                what.clone(),
                if !reread.has_section(&section.name)
                    && reread.entries(&new) == doc.entries(&section.name)
                {
                    Ok(())
                } else {
                    Err("the renamed section does not read as the old one".into())
                },
            );
            failures.check(what, same_reading(&edited));
        }
    }
    failures.finish();
}

fn longest_blank_run(lines: &[String]) -> usize {
    let (mut best, mut run) = (0, 0);
    for l in lines {
        if is_blank(l) {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

#[test]
fn remove_section_removes_its_block_and_nothing_else() {
    let mut failures = Failures::default();
    for (name, text, doc, lines) in fixtures() {
        let sections = sections_of(&doc, &lines);
        for (index, section) in sections.iter().enumerate() {
            let mut edited = doc.clone();
            assert!(edited.remove_section(&section.name).unwrap());
            let after = edited.to_string();
            let diff = line_diff(&text, &after);
            let what = format!("{name} remove [{}]", section.name);
            // The section's own lines: header to last entry line.
            let own_end = section
                .entries
                .last()
                .map(|e| e.end)
                .unwrap_or(section.header + 1);
            let check = (|| {
                if !diff.added.is_empty() {
                    return Err(format!("lines were added: {:?}", diff.added));
                }
                // The diff may slide over identical blank lines; what matters is that the
                // section's own lines are all gone and everything else that went is only blank
                // or comment lines next to them.
                let removed_own = lines[section.header..own_end].to_vec();
                let own_gone = diff
                    .removed
                    .windows(removed_own.len())
                    .any(|w| w == removed_own.as_slice());
                if !own_gone {
                    return Err(format!("its own lines were not all removed: {diff:?}"));
                }
                let extras_ok = diff
                    .removed
                    .iter()
                    .filter(|l| !removed_own.contains(l))
                    .all(|l| is_blank_or_comment(l));
                if !extras_ok {
                    return Err(format!("other non-comment lines were removed: {diff:?}"));
                }
                // Comments it took along from above are those directly above its header (no
                // blank line between), and never the file's own leading comments.
                let above = &lines[diff.at.min(section.header)..section.header];
                if let Some(first) = above.iter().position(|l| !is_blank(l)) {
                    if index == 0 {
                        return Err(format!(
                            "the file's leading comments were removed: {diff:?}"
                        ));
                    }
                    if above[first..].iter().any(|l| is_blank(l)) {
                        return Err(format!(
                            "a comment separated from the header by a blank line was removed: {diff:?}"
                        ));
                    }
                }
                let after_lines = content_lines(&after);
                if longest_blank_run(&after_lines) > longest_blank_run(&lines).max(1) {
                    return Err("blank lines piled up where the section was".into());
                }
                if after_lines.first().is_some_and(|l| is_blank(l))
                    && !lines.first().is_some_and(|l| is_blank(l))
                {
                    return Err("the file now starts with a blank line".into());
                }
                check_line_endings(&text, &after)?;
                // Every other section reads as before.
                let mut want = reading(&doc);
                want.retain(|(n, _)| *n != section.name);
                if reading(&Document::parse(&after)) != want {
                    return Err("another section reads differently".into());
                }
                Ok(())
            })();
            failures.check(what.clone(), check);
            failures.check(what, same_reading(&edited));
        }
    }
    failures.finish();
}

#[test]
fn remove_section_takes_its_lines_and_keeps_the_comment_above() {
    let text = fixture_text("rich.config");
    let mut doc = Document::parse(&text);
    doc.remove_section("profile dev").unwrap();
    let diff = line_diff(&text, &doc.to_string());
    let lines = content_lines(&text);
    let comment = lines
        .iter()
        .position(|l| l == "; the team's dev account")
        .unwrap();
    let last = lines
        .iter()
        .position(|l| l == "role_session_name=alice@example.com")
        .unwrap();
    // The section's own lines go; the comment directly above the header stays (it may be about
    // the file or what follows), and so do the blank lines around them.
    let want = lines[comment + 1..=last].to_vec();
    assert_eq!(diff.at, comment + 1);
    assert_eq!(diff.removed, want);
    assert!(diff.added.is_empty());

    // The last section of a file without a final newline: the new last line has none either.
    let text = fixture_text("no-final-newline.config");
    let mut doc = Document::parse(&text);
    doc.remove_section("profile last").unwrap();
    assert_eq!(doc.to_string(), "[default]\nregion = eu-west-2");
}

#[test]
fn copy_section_appends_a_copy_of_its_lines() {
    let mut failures = Failures::default();
    for (name, text, doc, lines) in fixtures() {
        let sections = sections_of(&doc, &lines);
        for (index, section) in sections.iter().enumerate() {
            let new = format!("{} copy", section.name);
            let mut edited = doc.clone();
            edited.copy_section(&section.name, &new).unwrap();
            let after = edited.to_string();
            // The body: the lines after the header up to the next header, without the comment
            // lines directly above that header (they describe it), without trailing blanks.
            let mut body_end = section.end;
            if index + 1 < sections.len() {
                while body_end > section.header + 1 && {
                    let t = lines[body_end - 1].trim();
                    t.starts_with('#') || t.starts_with(';')
                } {
                    body_end -= 1;
                }
            }
            while body_end > section.header + 1 && is_blank(&lines[body_end - 1]) {
                body_end -= 1;
            }
            let mut expected = lines.clone();
            if lines.last().is_some_and(|l| !is_blank(l)) {
                expected.push(String::new());
            }
            expected.push(format!("[{new}]"));
            expected.extend(lines[section.header + 1..body_end].iter().cloned());
            let what = format!("{name} copy [{}]", section.name);
            failures.check(what.clone(), expect_lines(&text, &after, &expected));
            let reread = Document::parse(&after);
            failures.check(
                what.clone(),
                if reread
                    .entries(&new)
                    .iter()
                    .map(|e| (&e.key, &e.value))
                    .eq(doc
                        .entries(&section.name)
                        .iter()
                        .map(|e| (&e.key, &e.value)))
                {
                    Ok(())
                } else {
                    Err("the copy reads differently from its source".into())
                },
            );
            failures.check(what, same_reading(&edited));
        }
    }
    failures.finish();
}

#[test]
fn edits_on_a_missing_section_fail_and_change_nothing() {
    for (name, text, doc, _) in fixtures() {
        let mut d = doc.clone();
        assert!(d.set("no such section", "k", "v").is_err(), "{name}");
        assert!(d.remove("no such section", "k").is_err(), "{name}");
        assert!(
            d.set_nested("no such section", "s3", "a", "b").is_err(),
            "{name}"
        );
        assert!(d.rename_section("no such section", "x").is_err(), "{name}");
        assert!(d.copy_section("no such section", "x").is_err(), "{name}");
        assert!(!d.remove_section("no such section").unwrap(), "{name}");
        assert_eq!(d.to_string(), text, "{name}");
    }
}

// ------------------------------------------------------------------------------------------------
// Known bugs
// ------------------------------------------------------------------------------------------------

#[test]
fn bug_remove_nested_leaves_a_duplicate_sub_key() {
    let mut doc = Document::parse("[profile a]\ns3 =\n  max_attempts = 1\n  max_attempts = 2\n");
    assert!(
        doc.remove_nested("profile a", "s3", "max_attempts")
            .unwrap()
    );
    let left = doc.get("profile a", "s3");
    assert!(
        !matches!(&left, Some(Value::Nested(subs)) if subs.iter().any(|(k, _)| k == "max_attempts")),
        "after remove_nested the block still reads {left:?}"
    );
}

#[test]
fn several_headers_one_profile_rename_waits_for_a_merge() {
    // Renaming one of two headers would hand the old name to the other one. The
    // rename is refused, naming the shadowed header; after a merge it renames the one section.
    let config = "[default]\nregion = us-east-1\n\n[profile default]\nregion = eu-west-1\n";
    let mut files = SharedFiles::new(Document::parse(config), Document::parse(""));
    let refused = files.rename("default", "main").unwrap_err().to_string();
    assert!(refused.contains("line 1"), "{refused}");
    assert_eq!(files.config.to_string(), config);
    files.merge_shadowed("default").unwrap();
    files.rename("default", "main").unwrap();
    assert_eq!(
        files.profile_names(),
        ["main"],
        "the old name is still a profile:\n{}",
        files.config
    );
}
