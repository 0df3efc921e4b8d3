//! Generated files, each with a random edit.

use super::*;

// ------------------------------------------------------------------------------------------------
// Generated files, each with a random edit
// ------------------------------------------------------------------------------------------------

pub(super) const KEYS: &[&str] = &[
    "region",
    "output",
    "Region2",
    "role_arn",
    "source_profile",
    "AWS_Access_Key_ID",
    "aws_secret_access_key",
    "sso_start_url",
    "cli_pager",
    "my key",
    "x.y",
];
pub(super) const VALUES: &[&str] = &[
    "us-east-1",
    "json",
    "a # not a comment",
    "b ; nor this",
    "https://corp.awsapps.com/start#/",
    "arn:aws:iam::123456789012:role/Admin",
    "k=v:w",
    "[not a header]",
    "'quoted'",
    "\"double\"",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
];
pub(super) const SECTIONS: &[&str] = &[
    "default",
    "profile dev",
    "profile \"my dev\"",
    "profile 'qa env'",
    "sso-session corp",
    "services local",
    "plugins",
    "profile a@b.c/d",
    "unknown thing",
    "profile x] y",
];
pub(super) const INDENTS: &[&str] = &["", " ", "  ", "\t", "    "];
pub(super) const DELIMS: &[&str] = &[" = ", "=", " : ", ":", "\t=\t", " =  "];

/// A file from a grammar botocore reads without error: unique sections, unique keys per section
/// (ignoring case), and every indented non-comment line holds an `=` (so any of them can be a
/// nested-block line, whichever key it ends up continuing).
pub(super) fn generate(rng: &mut Rng) -> String {
    let mut lines: Vec<String> = Vec::new();
    for _ in 0..rng.below(3) {
        lines.push(
            rng.pick(&["# top comment", "; top", "", "   # indented top"])
                .to_owned(),
        );
    }
    let mut names: Vec<&str> = SECTIONS.to_vec();
    for n in 0..1 + rng.below(5) {
        let name = names.remove(rng.below(names.len()));
        let header = match rng.below(6) {
            0 => format!("[{name}] ; trailing text after the header"),
            // Indented headers only where no key precedes them: after a key they would be a
            // continuation line without `=` (see bug_nested_line_without_equals...).
            1 if n == 0 => format!("  [{name}]"),
            _ => format!("[{name}]"),
        };
        lines.push(header);
        let mut keys: Vec<&str> = KEYS.to_vec();
        for _ in 0..rng.below(6) {
            if keys.is_empty() {
                break;
            }
            let key = keys.remove(rng.below(keys.len()));
            let indent = if rng.chance(20) {
                rng.pick(INDENTS)
            } else {
                ""
            };
            // An indented key may end up continuing the key before it, maybe as a nested-block
            // line: give it an `=`.
            let delim = if indent.is_empty() {
                rng.pick(DELIMS)
            } else {
                rng.pick(&[" = ", "=", "\t=\t"])
            };
            match rng.below(10) {
                // A nested block.
                0 | 1 => {
                    lines.push(format!("{indent}{key}{}", delim.trim_end()));
                    let sub = format!("{indent}{}", rng.pick(&["  ", "    ", "\t"]));
                    for j in 0..1 + rng.below(3) {
                        if rng.chance(20) {
                            lines.push(String::new());
                        }
                        if rng.chance(15) {
                            lines.push(format!("{sub}# note"));
                        }
                        lines.push(format!("{sub}sub{j} = {}", rng.pick(VALUES)));
                    }
                }
                // A multi-line value.
                2 => {
                    lines.push(format!("{indent}{key}{delim}{}", rng.pick(VALUES)));
                    for j in 0..1 + rng.below(3) {
                        if rng.chance(25) {
                            lines.push(rng.pick(&["", "   ", "  ; c"]).to_owned());
                        }
                        lines.push(format!("{indent}   line{j} = {}", rng.pick(VALUES)));
                    }
                }
                // An empty value.
                3 => lines.push(format!("{indent}{key}{}", delim.trim_end())),
                _ => lines.push(format!("{indent}{key}{delim}{}", rng.pick(VALUES))),
            }
            if rng.chance(20) {
                lines.push(
                    rng.pick(&["", "# c", "; c", "  # indented", "\t"])
                        .to_owned(),
                );
            }
            if rng.chance(10) {
                // Trailing whitespace on the line.
                if let Some(last) = lines.last_mut() {
                    last.push_str(rng.pick(&[" ", "\t", "   "]));
                }
            }
        }
        if rng.chance(60) {
            lines.push(String::new());
        }
    }
    let crlf = rng.chance(25);
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate() {
        text.push_str(line);
        let mixed = rng.chance(10);
        let eol = if crlf != mixed { "\r\n" } else { "\n" };
        if i + 1 < lines.len() || rng.chance(80) {
            text.push_str(eol);
        }
    }
    text
}

/// A random edit on a document and what it must mean to botocore.
pub(super) enum Expect {
    Value {
        section: String,
        key: String,
        value: Option<Json>,
    },
    Sub {
        section: String,
        key: String,
        sub: String,
        value: String,
    },
    Gone(String),
    Renamed {
        old: String,
        new: String,
    },
    Refused,
}

pub(super) fn random_edit(rng: &mut Rng, doc: &mut Document) -> Expect {
    let sections: Vec<String> = doc.section_names().map(str::to_owned).collect();
    let Some(section) = sections.get(rng.below(sections.len().max(1))).cloned() else {
        doc.add_section("profile fresh").unwrap();
        doc.set("profile fresh", "region", "eu-west-2").unwrap();
        return Expect::Value {
            section: "profile fresh".into(),
            key: "region".into(),
            value: Some(json!("eu-west-2")),
        };
    };
    let entries = doc.entries(&section);
    let existing = entries.get(rng.below(entries.len().max(1)));
    match rng.below(7) {
        0 => {
            let key = existing.map_or("new_key", |e| e.key.as_str()).to_owned();
            let value = rng.pick(VALUES).to_owned();
            doc.set(&section, &key, &value).unwrap();
            Expect::Value {
                section,
                key,
                value: Some(json!(value)),
            }
        }
        1 => {
            doc.set(&section, "Brand_New", "v#1").unwrap();
            Expect::Value {
                section,
                key: "Brand_New".into(),
                value: Some(json!("v#1")),
            }
        }
        2 => match existing {
            Some(e) => {
                let key = e.key.clone();
                doc.remove(&section, &key).unwrap();
                Expect::Value {
                    section,
                    key,
                    value: None,
                }
            }
            None => Expect::Refused,
        },
        3 => {
            // Into an existing block (or a new one); refused on a plain value.
            let key = match existing {
                Some(e) if matches!(e.value, Value::Nested(_)) => e.key.clone(),
                Some(e) if rng.chance(50) => e.key.clone(),
                _ => "s3".to_owned(),
            };
            let sub = rng.pick(&["sub0", "sub1", "addressing_style"]).to_owned();
            match doc.set_nested(&section, &key, &sub, "virtual") {
                Ok(()) => Expect::Sub {
                    section,
                    key,
                    sub,
                    value: "virtual".into(),
                },
                Err(_) => Expect::Refused,
            }
        }
        4 => {
            let new = format!("{section} renamed");
            doc.rename_section(&section, &new).unwrap();
            Expect::Renamed { old: section, new }
        }
        5 => {
            doc.remove_section(&section).unwrap();
            Expect::Gone(section)
        }
        _ => {
            doc.add_section("profile added").unwrap();
            doc.set("profile added", "output", "text").unwrap();
            Expect::Value {
                section: "profile added".into(),
                key: "output".into(),
                value: Some(json!("text")),
            }
        }
    }
}

/// A raw reading (`[[section, [[key, value]]]]`) as a map.
pub(super) fn raw_map(raw: &Json) -> BTreeMap<String, BTreeMap<String, Json>> {
    raw.as_array()
        .map(|sections| {
            sections
                .iter()
                .map(|s| {
                    let keys = s[1]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|kv| (kv[0].as_str().unwrap().to_owned(), kv[1].clone()))
                        .collect();
                    (s[0].as_str().unwrap().to_owned(), keys)
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn check_expect(
    expect: &Expect,
    before: &BTreeMap<String, BTreeMap<String, Json>>,
    after: &BTreeMap<String, BTreeMap<String, Json>>,
) -> Result<(), String> {
    let mut want = before.clone();
    match expect {
        Expect::Value {
            section,
            key,
            value,
        } => {
            let keys = want.entry(section.clone()).or_default();
            match value {
                Some(v) => {
                    keys.insert(key.to_lowercase(), v.clone());
                }
                None => {
                    keys.remove(&key.to_lowercase());
                }
            }
        }
        Expect::Sub {
            section,
            key,
            sub,
            value,
        } => {
            let keys = want.entry(section.clone()).or_default();
            let mut pairs: Vec<(String, Json)> = keys
                .get(&key.to_lowercase())
                .and_then(Json::as_array)
                .map(|a| {
                    a.iter()
                        .map(|kv| (kv[0].as_str().unwrap().to_owned(), kv[1].clone()))
                        .collect()
                })
                .unwrap_or_default();
            match pairs.iter_mut().find(|(k, _)| k == sub) {
                Some(slot) => slot.1 = json!(value),
                None => pairs.push((sub.clone(), json!(value))),
            }
            keys.insert(
                key.to_lowercase(),
                Json::Array(pairs.into_iter().map(|(k, v)| json!([k, v])).collect()),
            );
        }
        Expect::Gone(section) => {
            want.remove(section);
        }
        Expect::Renamed { old, new } => {
            let keys = want.remove(old).unwrap_or_default();
            want.insert(new.clone(), keys);
        }
        Expect::Refused => {}
    }
    if *after == want {
        Ok(())
    } else {
        Err(format!(
            "botocore reads the edited file as\n  {after:?}\nexpected\n  {want:?}"
        ))
    }
}

#[test]
fn botocore_reads_generated_files_and_random_edits_as_we_do() {
    if !botocore_available() {
        return;
    }
    const CASES: usize = 300;
    let mut rng = Rng(0x5eed_cafe_f00d_0001);
    let mut jobs = Vec::new();
    let mut expects = Vec::new();
    for _ in 0..CASES {
        let text = generate(&mut rng);
        let mut doc = Document::parse(&text);
        assert_eq!(doc.to_string(), text);
        let expect = random_edit(&mut rng, &mut doc);
        jobs.push((text, String::new()));
        jobs.push((doc.to_string(), String::new()));
        expects.push(expect);
    }
    let readings = botocore_read(&jobs);
    let mut failures = Vec::new();
    for (i, expect) in expects.iter().enumerate() {
        let (original, edited) = (&jobs[2 * i].0, &jobs[2 * i + 1].0);
        let (b0, b1) = (&readings[2 * i], &readings[2 * i + 1]);
        if let Err(e) = compare(&files_of(original, ""), b0) {
            failures.push(format!("case {i}, original {original:?}:\n{e}"));
            continue;
        }
        if let Err(e) = compare(&files_of(edited, ""), b1) {
            failures.push(format!("case {i}, edited {edited:?}:\n{e}"));
            continue;
        }
        if let Err(e) = check_expect(
            expect,
            &raw_map(&b0["config"]["ok"]),
            &raw_map(&b1["config"]["ok"]),
        ) {
            failures.push(format!(
                "case {i}, original {original:?}\n  edited {edited:?}\n{e}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {CASES} cases failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
