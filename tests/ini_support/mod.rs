//! Helpers shared by the INI/AWS-file tests (roundtrip, differential, properties): the fixture
//! set, a line diff, a line-ending check and a generator for very large files. Each test crate
//! uses only some of them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

#[allow(clippy::duplicate_mod)] // also in common, for suites that use both
#[path = "../common/skip.rs"]
pub mod skip;

use keyshelf::ini::{Document, Value};

// ------------------------------------------------------------------------------------------------
// Fixtures
// ------------------------------------------------------------------------------------------------

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every committed fixture (`*.config` and `*.credentials`), sorted by file name.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists")
        .map(|e| {
            e.expect("readable dir entry")
                .file_name()
                .into_string()
                .expect("utf-8 name")
        })
        .filter(|n| n.ends_with(".config") || n.ends_with(".credentials"))
        .collect();
    names.sort();
    names
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture_bytes(name)).unwrap_or_else(|_| panic!("{name} is not UTF-8"))
}

/// A config file and a credentials file that belong together (same stem). A missing half is an
/// empty file.
#[derive(Clone, Debug)]
pub struct Pair {
    pub stem: String,
    pub config: String,
    pub credentials: String,
}

pub fn fixture_pairs() -> Vec<Pair> {
    let mut stems: Vec<String> = fixture_names()
        .iter()
        .map(|n| n.rsplit_once('.').expect("has an extension").0.to_owned())
        .collect();
    stems.dedup();
    stems
        .into_iter()
        .map(|stem| {
            let read = |ext: &str| {
                let name = format!("{stem}.{ext}");
                if fixtures_dir().join(&name).exists() {
                    fixture_text(&name)
                } else {
                    String::new()
                }
            };
            Pair {
                config: read("config"),
                credentials: read("credentials"),
                stem,
            }
        })
        .collect()
}

// ------------------------------------------------------------------------------------------------
// Lines and diffs
// ------------------------------------------------------------------------------------------------

/// Splits text into (content, line ending) pairs. The line ending is `"\n"`, `"\r\n"` or `""` (the
/// last line of a file without a final newline). A byte order mark at the start is not part of
/// any line (see [`has_bom`]).
pub fn lines_with_eol(text: &str) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    while !rest.is_empty() {
        match rest.find('\n') {
            Some(pos) => {
                let body = &rest[..pos];
                match body.strip_suffix('\r') {
                    Some(b) => out.push((b.to_owned(), "\r\n")),
                    None => out.push((body.to_owned(), "\n")),
                }
                rest = &rest[pos + 1..];
            }
            None => {
                out.push((rest.to_owned(), ""));
                rest = "";
            }
        }
    }
    out
}

pub fn has_bom(text: &str) -> bool {
    text.starts_with('\u{feff}')
}

pub fn content_lines(text: &str) -> Vec<String> {
    lines_with_eol(text).into_iter().map(|(c, _)| c).collect()
}

/// The changed block between two texts, found from the common prefix and suffix of their line
/// lists (compared without line endings; [`check_line_endings`] looks after those).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diff {
    /// Index (in both texts) of the first changed line.
    pub at: usize,
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty()
    }
}

pub fn line_diff(before: &str, after: &str) -> Diff {
    let a = content_lines(before);
    let b = content_lines(after);
    let mut prefix = 0;
    while prefix < a.len() && prefix < b.len() && a[prefix] == b[prefix] {
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < a.len() - prefix
        && suffix < b.len() - prefix
        && a[a.len() - 1 - suffix] == b[b.len() - 1 - suffix]
    {
        suffix += 1;
    }
    Diff {
        at: prefix,
        removed: a[prefix..a.len() - suffix].to_vec(),
        added: b[prefix..b.len() - suffix].to_vec(),
    }
}

/// The line ending new lines should get: that of the file's first terminated line, else LF.
pub fn file_eol(text: &str) -> &'static str {
    lines_with_eol(text)
        .into_iter()
        .map(|(_, e)| e)
        .find(|e| !e.is_empty())
        .unwrap_or("\n")
}

/// Checks that an edit kept every line ending: unchanged lines keep their own, new lines take the
/// file's style, and a file without a final newline still has none (and one with keeps it).
pub fn check_line_endings(before: &str, after: &str) -> Result<(), String> {
    let a = lines_with_eol(before);
    let b = lines_with_eol(after);
    let diff = line_diff(before, after);
    let eol = file_eol(before);
    let before_open = a.last().is_some_and(|(_, e)| e.is_empty());
    let after_open = b.last().is_some_and(|(_, e)| e.is_empty());
    if !a.is_empty() && !b.is_empty() && before_open != after_open {
        return Err(format!(
            "final newline changed: it was {}, it is {}",
            if before_open { "missing" } else { "there" },
            if after_open { "missing" } else { "there" },
        ));
    }
    for i in 0..diff.at {
        let (want, got) = (a[i].1, b[i].1);
        let was_last = i + 1 == a.len();
        let is_last = i + 1 == b.len();
        let expected = if was_last && !is_last {
            // Lines were appended after the old last line.
            if want.is_empty() { eol } else { want }
        } else if is_last && !was_last && before_open {
            // The lines after it were removed: it is the new last line, without a newline.
            ""
        } else {
            want
        };
        if got != expected {
            return Err(format!(
                "line {} ends with {got:?}, expected {expected:?}",
                i + 1
            ));
        }
    }
    let suffix = b.len() - diff.at - diff.added.len();
    for k in 0..suffix {
        let (want, got) = (a[a.len() - 1 - k].1, b[b.len() - 1 - k].1);
        if want != got {
            return Err(format!(
                "line {} ends with {got:?}, expected {want:?}",
                b.len() - k
            ));
        }
    }
    // A line changed in place keeps its own ending; in a file with mixed endings that may differ
    // from the file's.
    let replaced: Vec<&str> = a[diff.at..diff.at + diff.removed.len()]
        .iter()
        .map(|(_, e)| *e)
        .filter(|e| !e.is_empty())
        .collect();
    for index in diff.at..diff.at + diff.added.len() {
        let got = b[index].1;
        let expected = if index + 1 == b.len() && before_open {
            ""
        } else {
            eol
        };
        if got != expected && !replaced.contains(&got) {
            return Err(format!(
                "new line {} ends with {got:?}, expected {expected:?}",
                index + 1
            ));
        }
    }
    Ok(())
}

/// The name inside a header line as configparser reads it: from the first `[` to the last `]` of
/// the stripped line (a byte order mark at the start of the file is not part of it).
pub fn header_name(line: &str) -> Option<&str> {
    let s = line.strip_prefix('\u{feff}').unwrap_or(line).trim();
    if !s.starts_with('[') {
        return None;
    }
    let close = s.rfind(']')?;
    (close > 1).then(|| &s[1..close])
}

/// `line` with the section name in its header replaced, everything around it kept.
pub fn rename_header_line(line: &str, new: &str) -> String {
    let open = line.find('[').expect("a header");
    let close = line.rfind(']').expect("a header");
    format!("{}{}{}", &line[..=open], new, &line[close..])
}

/// `line` (`key = value`) with its value replaced, the key, delimiter and spacing kept.
/// Only for lines with a non-empty value.
pub fn replace_value_in_line(line: &str, new: &str) -> String {
    let delim = line.find(['=', ':']).expect("a key line");
    let rest = &line[delim + 1..];
    let start = delim + 1 + (rest.len() - rest.trim_start().len());
    let end = line.trim_end().len();
    assert!(end > start, "the value is empty: {line:?}");
    format!("{}{}{}", &line[..start], new, &line[end..])
}

pub fn indent_of(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

pub fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#') || t.starts_with(';')
}

// ------------------------------------------------------------------------------------------------
// Readings
// ------------------------------------------------------------------------------------------------

/// A document's reading as ordered (section, [(lower-cased key, value)]) pairs.
pub fn reading(doc: &Document) -> Vec<(String, Vec<(String, Value)>)> {
    doc.all_sections()
        .map(|(name, _line, entries)| {
            (
                name.to_owned(),
                entries
                    .into_iter()
                    .map(|e| (e.key.to_lowercase(), e.value))
                    .collect(),
            )
        })
        .collect()
}

// ------------------------------------------------------------------------------------------------
// Generated large files
// ------------------------------------------------------------------------------------------------

const REGIONS: [&str; 8] = [
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
    "ca-central-1",
];

/// The name of the `i`-th generated profile: mostly `user-0042`, with some `@`, `.` and `/`.
pub fn big_profile_name(i: usize) -> String {
    match i % 17 {
        3 => format!("user{i:04}@corp.example"),
        7 => format!("team.{}/user-{i:04}", i % 5),
        _ => format!("user-{i:04}"),
    }
}

/// A config file with `[default]`, an `[sso-session]` and `n` profiles of every common shape.
pub fn big_config(n: usize) -> String {
    let mut s = String::from(
        "# generated: a large organisation's config\n[default]\nregion = us-east-1\noutput = json\n\n",
    );
    s.push_str(
        "[sso-session org]\nsso_start_url = https://org.awsapps.com/start#/\nsso_region = us-east-1\n\n",
    );
    for i in 0..n {
        let name = big_profile_name(i);
        if i % 10 == 0 {
            s.push_str(&format!("# accounts {i}..{}\n", i + 9));
        }
        s.push_str(&format!("[profile {name}]\n"));
        s.push_str(&format!("region = {}\n", REGIONS[i % REGIONS.len()]));
        match i % 5 {
            0 => s.push_str(&format!(
                "role_arn = arn:aws:iam::{:012}:role/Admin\nsource_profile = default\n",
                100_000_000_000u64 + i as u64
            )),
            1 => s.push_str(&format!(
                "sso_session = org\nsso_account_id = {:012}\nsso_role_name = ReadOnly\n",
                200_000_000_000u64 + i as u64
            )),
            2 => s.push_str("s3 =\n  max_concurrent_requests = 20\n  addressing_style = path\n"),
            3 => s.push_str(&format!(
                "credential_process = /usr/local/bin/keyshelf credential-process --profile {name}\n"
            )),
            _ => s.push_str("output = table\n"),
        }
        s.push('\n');
    }
    s
}

/// A credentials file with `[default]` and `n` key pairs (20-character key ids, 40-character
/// secrets).
pub fn big_credentials(n: usize) -> String {
    let mut s = String::from(
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "\n[{}]\naws_access_key_id = AKIA{:016}\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY{:010}\n",
            big_profile_name(i),
            i,
            i
        ));
    }
    s
}

/// xorshift64*: a small deterministic generator, so that generated files and kill moments are
/// the same on every run for one seed, and a failure can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() % 10_000) as f64 / 10_000.0
    }
}

/// Writes each (config, credentials) pair to `dir` and a `jobs.json` listing them, for a
/// Python oracle that reads the list; returns that file's path.
pub fn write_jobs(dir: &Path, jobs: &[(String, String)]) -> PathBuf {
    let mut list = Vec::new();
    for (i, (config, credentials)) in jobs.iter().enumerate() {
        let c = dir.join(format!("job{i}.config"));
        let k = dir.join(format!("job{i}.credentials"));
        std::fs::write(&c, config).unwrap();
        std::fs::write(&k, credentials).unwrap();
        list.push(serde_json::json!({"config": c, "credentials": k}));
    }
    let jobs_file = dir.join("jobs.json");
    std::fs::write(&jobs_file, serde_json::to_vec(&list).unwrap()).unwrap();
    jobs_file
}
