//! Our reading of the files, compared with two independent readers.
//!
//! (a) rust-ini (`ini` crate), on the fixtures it reads the way botocore does. It knows nothing of
//!     configparser's indentation rules, so the comparison is restricted honestly: see
//!     [`rust_ini_fit`] for the exact conditions, and the explicit list of fixtures they select.
//!
//! (b) botocore itself, when `python3 -c 'import botocore'` works: `raw_config_parse` for the raw
//!     sections (keys lower-cased by configparser, nested blocks as dicts) and a
//!     `botocore.session.Session`'s `full_config['profiles']` for the merged profiles. Compared on
//!     every fixture, on the results of profile edits (set, set nested, create with a space in the
//!     name, rename, duplicate, unset, delete), on awkward profile names, and on a few hundred
//!     generated files with a random edit each. The Python child never sees the real `~/.aws`:
//!     HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE always point into a temporary folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ini_support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use ini::{Ini, ParseOption};
use ini_support::*;
use keyshelf::aws::SharedFiles;
use keyshelf::ini::{Document, Value};
use serde_json::{Value as Json, json};

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
fn rust_ini_fit(text: &str) -> Result<bool, String> {
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
                return Err(format!("line {n}: text after the header's `]`"));
            };
            if name.contains(']') || name.trim() != name {
                return Err(format!(
                    "line {n}: `]` or spaces at the ends of a section name"
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
fn rust_ini_reading(text: &str, multiline: bool) -> Vec<(String, Vec<(String, String)>)> {
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
fn split_nested(raw: &str) -> Vec<(String, String)> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once('=').expect("nested lines have `=`");
            (k.trim().to_owned(), v.trim().to_owned())
        })
        .collect()
}

/// Our reading equals rust-ini's: same sections in the same order, same keys as spelled, same
/// plain values; where we read a nested block, rust-ini's (trimmed) multi-line string must split
/// into the same sub-keys the way botocore's `_parse_nested` splits it.
fn same_as_rust_ini(text: &str, multiline: bool) -> Result<(), String> {
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

fn our_reading_as_spelled(text: &str) -> Vec<(String, Vec<(String, Value)>)> {
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

// ================================================================================================
// (b) botocore
// ================================================================================================

/// Reads each job's two files with botocore and prints one JSON object per job. Dicts are printed
/// as lists of pairs so that order can be compared too.
const BOTO_SCRIPT: &str = r#"
import json, os, sys
import botocore.configloader as cl
import botocore.session

def enc(v):
    if isinstance(v, dict):
        return [[k, enc(x)] for k, x in v.items()]
    return v

def raw(path):
    try:
        return {"ok": enc(cl.raw_config_parse(path))}
    except Exception as e:
        return {"error": type(e).__name__}

jobs = json.load(open(sys.argv[1]))
out = []
for job in jobs:
    r = {"config": raw(job["config"]), "credentials": raw(job["credentials"])}
    os.environ["AWS_CONFIG_FILE"] = job["config"]
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = job["credentials"]
    try:
        full = botocore.session.Session().full_config
        r["profiles"] = {"ok": enc(full["profiles"])}
        r["sso_sessions"] = list(full.get("sso_sessions", {}))
    except Exception as e:
        r["profiles"] = {"error": type(e).__name__}
    out.append(r)
json.dump(out, sys.stdout)
"#;

/// A Python child whose environment holds no `AWS_*` variable of this machine and whose home and
/// AWS files are in `dir`.
fn python(dir: &Path) -> Command {
    let home = dir.join("home");
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    let mut cmd = Command::new("python3");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("HOME", &home)
        .env("USERPROFILE", &home)
        .env("AWS_CONFIG_FILE", dir.join("no-such-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("no-such-credentials"),
        )
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONUTF8", "1");
    cmd
}

fn botocore_available() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let ok = python(dir.path())
        .args(["-c", "import botocore"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: python3 with botocore not installed");
    }
    ok
}

/// botocore's readings of several (config, credentials) pairs, in one Python run.
fn botocore_read(jobs: &[(String, String)]) -> Vec<Json> {
    let dir = tempfile::tempdir().unwrap();
    let jobs_file = ini_support::write_jobs(dir.path(), jobs);
    let out = python(dir.path())
        .args(["-c", BOTO_SCRIPT])
        .arg(&jobs_file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the botocore script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Json> = serde_json::from_slice(&out.stdout).expect("JSON from python");
    assert_eq!(results.len(), jobs.len());
    results
}

fn json_value(v: &Value) -> Json {
    match v {
        Value::Plain(s) => json!(s),
        // A dict: the last of duplicate keys wins, in the place of the first.
        Value::Nested(subs) => Json::Array(
            dict(subs.iter().map(|(k, v)| (k.clone(), json!(v))))
                .into_iter()
                .map(|(k, v)| json!([k, v]))
                .collect(),
        ),
    }
}

/// Python dict semantics over pairs: first position, last value.
fn dict(pairs: impl IntoIterator<Item = (String, Json)>) -> Vec<(String, Json)> {
    let mut out: Vec<(String, Json)> = Vec::new();
    for (k, v) in pairs {
        match out.iter_mut().find(|(key, _)| *key == k) {
            Some(slot) => slot.1 = v,
            None => out.push((k, v)),
        }
    }
    out
}

/// Our raw reading of one file, shaped as `raw_config_parse`'s: sections (a dict: duplicates
/// merge), keys lower-cased, nested blocks as dicts.
fn our_raw(doc: &Document) -> Json {
    let mut sections: Vec<(String, Vec<(String, Json)>)> = Vec::new();
    for (name, _line, entries) in doc.all_sections() {
        let pairs = entries
            .into_iter()
            .map(|e| (e.key.to_lowercase(), json_value(&e.value)));
        match sections.iter_mut().find(|(n, _)| n == name) {
            Some((_, existing)) => {
                let merged = dict(existing.drain(..).chain(pairs));
                *existing = merged;
            }
            None => sections.push((name.to_owned(), dict(pairs))),
        }
    }
    Json::Array(
        sections
            .into_iter()
            .map(|(name, pairs)| {
                json!([
                    name,
                    pairs
                        .into_iter()
                        .map(|(k, v)| json!([k, v]))
                        .collect::<Vec<_>>()
                ])
            })
            .collect(),
    )
}

type ProfileMap = BTreeMap<String, BTreeMap<String, Json>>;

/// Our merged profiles: every setting, and the secret keys with their values.
fn our_profiles(files: &SharedFiles) -> ProfileMap {
    let mut out = ProfileMap::new();
    for p in files.profiles() {
        let mut keys = BTreeMap::new();
        for s in &p.settings {
            keys.insert(s.key.to_lowercase(), json_value(&s.value));
        }
        for (key, _) in &p.secret_keys {
            let (value, _) = files
                .get(&p.name, key)
                .expect("a listed secret key has a value");
            keys.insert(key.to_lowercase(), json_value(&value));
        }
        out.insert(p.name, keys);
    }
    out
}

fn boto_profiles(reading: &Json) -> Option<ProfileMap> {
    let list = reading["profiles"]["ok"].as_array()?;
    let mut out = ProfileMap::new();
    for item in list {
        let name = item[0].as_str().unwrap().to_owned();
        let mut keys = BTreeMap::new();
        for kv in item[1].as_array().unwrap() {
            keys.insert(kv[0].as_str().unwrap().to_owned(), kv[1].clone());
        }
        out.insert(name, keys);
    }
    Some(out)
}

fn plain(map: &ProfileMap, profile: &str, key: &str) -> Option<String> {
    map.get(profile)?.get(key)?.as_str().map(str::to_owned)
}

/// Compares everything botocore reads from the two files with what we read.
fn compare(files: &SharedFiles, boto: &Json) -> Result<(), String> {
    let mut errors = Vec::new();
    for (label, doc) in [
        ("config", &files.config),
        ("credentials", &files.credentials),
    ] {
        let fatal = !doc.problems().is_empty();
        match (&boto[label]["ok"], &boto[label]["error"]) {
            (Json::Array(_), _) => {
                if fatal {
                    errors.push(format!(
                        "{label}: botocore reads it, we report {:?}",
                        doc.problems()
                    ));
                }
                let ours = our_raw(doc);
                if ours != boto[label]["ok"] {
                    errors.push(format!(
                        "{label}: raw readings differ\n  ours:     {ours}\n  botocore: {}",
                        boto[label]["ok"]
                    ));
                }
            }
            (_, Json::String(e)) => {
                if !fatal {
                    errors.push(format!(
                        "{label}: botocore fails ({e}) but we report no fatal problem"
                    ));
                }
            }
            other => errors.push(format!("{label}: unexpected output {other:?}")),
        }
    }
    if let Some(theirs) = boto_profiles(boto) {
        let ours = our_profiles(files);
        if ours != theirs {
            let names = |m: &ProfileMap| m.keys().cloned().collect::<Vec<_>>();
            let mut detail = String::new();
            for name in names(&ours).into_iter().chain(names(&theirs)) {
                if ours.get(&name) != theirs.get(&name) && !detail.contains(&format!("[{name}]")) {
                    detail.push_str(&format!(
                        "\n  [{name}] ours: {:?}\n  [{name}] botocore: {:?}",
                        ours.get(&name),
                        theirs.get(&name)
                    ));
                }
            }
            errors.push(format!("profiles differ:{detail}"));
        }
        let sessions: Vec<String> = boto["sso_sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        if files.sso_sessions() != sessions {
            errors.push(format!(
                "sso-sessions differ: ours {:?}, botocore {sessions:?}",
                files.sso_sessions()
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

fn files_of(config: &str, credentials: &str) -> SharedFiles {
    SharedFiles::new(Document::parse(config), Document::parse(credentials))
}

fn texts(files: &SharedFiles) -> (String, String) {
    (files.config.to_string(), files.credentials.to_string())
}

#[test]
fn botocore_reads_every_fixture_as_we_do() {
    if !botocore_available() {
        return;
    }
    let pairs = fixture_pairs();
    let jobs: Vec<(String, String)> = pairs
        .iter()
        .map(|p| (p.config.clone(), p.credentials.clone()))
        .collect();
    let readings = botocore_read(&jobs);
    let mut failures = Vec::new();
    for (pair, boto) in pairs.iter().zip(&readings) {
        if let Err(e) = compare(&files_of(&pair.config, &pair.credentials), boto) {
            failures.push(format!("{}: {e}", pair.stem));
        }
    }
    // The BOM file is the only one botocore cannot read.
    for (pair, boto) in pairs.iter().zip(&readings) {
        let fails = boto["profiles"]["error"].is_string();
        assert_eq!(fails, pair.stem == "bom", "{}: {boto}", pair.stem);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn botocore_reads_the_generated_large_files_as_we_do() {
    if !botocore_available() {
        return;
    }
    let (config, credentials) = (big_config(5000), big_credentials(5000));
    let readings = botocore_read(&[(config.clone(), credentials.clone())]);
    let files = files_of(&config, &credentials);
    compare(&files, &readings[0]).unwrap();
    assert_eq!(boto_profiles(&readings[0]).unwrap().len(), 5001);
}

/// What botocore must read after an edit, given what it read before.
type Check = Box<dyn Fn(&ProfileMap, &ProfileMap) -> Result<(), String>>;

/// One edit through the AWS layer and what botocore must then read.
struct Edited {
    what: String,
    files: SharedFiles,
    check: Check,
}

/// The profiles other than `except` are read the same before and after.
fn others_unchanged(
    before: &ProfileMap,
    after: &ProfileMap,
    except: &[&str],
) -> Result<(), String> {
    let strip = |m: &ProfileMap| {
        let mut m = m.clone();
        for e in except {
            m.remove(*e);
        }
        m
    };
    if strip(before) == strip(after) {
        Ok(())
    } else {
        Err(format!(
            "other profiles changed:\n  before {:?}\n  after  {:?}",
            strip(before),
            strip(after)
        ))
    }
}

fn edits_of(pair: &Pair) -> Vec<Edited> {
    let base = files_of(&pair.config, &pair.credentials);
    let names = base.profile_names();
    let target = names
        .iter()
        .find(|n| *n != "default")
        .or(names.first())
        .cloned()
        .unwrap_or_else(|| "keyshelf-target".to_owned());
    let exists = base.exists(&target);
    let mut out = Vec::new();
    let t = target.clone();

    let mut f = base.clone();
    f.set(&t, "region", "eu-west-3").unwrap();
    let tt = t.clone();
    out.push(Edited {
        what: format!("set region of {t:?}"),
        files: f,
        check: Box::new(move |before, after| {
            if plain(after, &tt, "region").as_deref() != Some("eu-west-3") {
                return Err(format!("region is {:?}", plain(after, &tt, "region")));
            }
            others_unchanged(before, after, &[&tt])
        }),
    });

    let mut f = base.clone();
    f.set_nested(&t, "s3", "max_concurrent_requests", "42")
        .unwrap();
    let tt = t.clone();
    out.push(Edited {
        what: format!("set s3.max_concurrent_requests of {t:?}"),
        files: f,
        check: Box::new(move |before, after| {
            let s3 = after.get(&tt).and_then(|p| p.get("s3")).cloned();
            let ok = s3.as_ref().and_then(Json::as_array).is_some_and(|pairs| {
                pairs
                    .iter()
                    .any(|kv| kv[0] == "max_concurrent_requests" && kv[1] == "42")
            });
            if !ok {
                return Err(format!("s3 is {s3:?}"));
            }
            others_unchanged(before, after, &[&tt])
        }),
    });

    let new = "keyshelf new profile";
    let mut f = base.clone();
    f.create(new).unwrap();
    f.set(new, "region", "us-east-2").unwrap();
    f.set(new, "aws_access_key_id", "AKIANEWPROFILE000001")
        .unwrap();
    f.set(
        new,
        "aws_secret_access_key",
        "NewProfileSecretEXAMPLEKEY/abcdefghijklm",
    )
    .unwrap();
    // Secrets went to the credentials file, the region to the config file.
    assert!(f.credentials.has_section(new), "{}", pair.stem);
    assert!(
        f.config.has_section("profile \"keyshelf new profile\""),
        "{}",
        pair.stem
    );
    out.push(Edited {
        what: format!("create {new:?}"),
        files: f,
        check: Box::new(move |before, after| {
            let want: BTreeMap<String, Json> = [
                ("region", "us-east-2"),
                ("aws_access_key_id", "AKIANEWPROFILE000001"),
                (
                    "aws_secret_access_key",
                    "NewProfileSecretEXAMPLEKEY/abcdefghijklm",
                ),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), json!(v)))
            .collect();
            if after.get(new) != Some(&want) {
                return Err(format!("the new profile reads {:?}", after.get(new)));
            }
            others_unchanged(before, after, &[new])
        }),
    });

    // A profile with shadowed headers is not renamed until they are merged or removed.
    if exists && base.shadowed().iter().all(|s| s.profile != t) {
        let renamed = "renamed.target@example";
        let mut f = base.clone();
        f.rename(&t, renamed).unwrap();
        let tt = t.clone();
        out.push(Edited {
            what: format!("rename {t:?}"),
            files: f,
            check: Box::new(move |before, after| {
                if after.contains_key(&tt) {
                    return Err("the old name is still a profile".into());
                }
                // The profile moved, and every source_profile that named it follows.
                let mut want = before.clone();
                let moved = want.remove(&tt).unwrap();
                want.insert(renamed.to_owned(), moved);
                for keys in want.values_mut() {
                    if keys.get("source_profile") == Some(&json!(tt)) {
                        keys.insert("source_profile".into(), json!(renamed));
                    }
                }
                if *after != want {
                    return Err(format!("after the rename: {after:?}\n  expected: {want:?}"));
                }
                Ok(())
            }),
        });

        let copy = "copy of target";
        let mut f = base.clone();
        f.duplicate(&t, copy).unwrap();
        let tt = t.clone();
        out.push(Edited {
            what: format!("duplicate {t:?}"),
            files: f,
            check: Box::new(move |before, after| {
                if after.get(copy) != before.get(&tt) {
                    return Err(format!(
                        "the copy reads {:?}, the source {:?}",
                        after.get(copy),
                        before.get(&tt)
                    ));
                }
                others_unchanged(before, after, &[copy])
            }),
        });

        let mut f = base.clone();
        f.unset(&t, "region").unwrap();
        let tt = t.clone();
        out.push(Edited {
            what: format!("unset region of {t:?}"),
            files: f,
            check: Box::new(move |before, after| {
                let mut want = before[&tt].clone();
                want.remove("region");
                if after.get(&tt) != Some(&want) {
                    return Err(format!("the profile reads {:?}", after.get(&tt)));
                }
                others_unchanged(before, after, &[&tt])
            }),
        });

        let mut f = base.clone();
        f.delete(&t).unwrap();
        let tt = t.clone();
        out.push(Edited {
            what: format!("delete {t:?}"),
            files: f,
            check: Box::new(move |before, after| {
                if after.contains_key(&tt) {
                    return Err("the deleted profile is still there".into());
                }
                others_unchanged(before, after, &[&tt])
            }),
        });
    }
    out
}

#[test]
fn botocore_reads_our_edits_as_intended() {
    if !botocore_available() {
        return;
    }
    // Edits on every fixture that botocore can read and keyshelf will write (no duplicates,
    // no byte order mark; a shadowed header is fine).
    let pairs: Vec<Pair> = fixture_pairs()
        .into_iter()
        .filter(|p| p.stem != "bom")
        .collect();
    let originals: Vec<(String, String)> = pairs
        .iter()
        .map(|p| (p.config.clone(), p.credentials.clone()))
        .collect();
    let before = botocore_read(&originals);
    let edits: Vec<(usize, Edited)> = pairs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| edits_of(p).into_iter().map(move |e| (i, e)))
        .collect();
    let jobs: Vec<(String, String)> = edits.iter().map(|(_, e)| texts(&e.files)).collect();
    let after = botocore_read(&jobs);
    let mut failures = Vec::new();
    let mut checked = 0;
    for ((i, edit), boto) in edits.iter().zip(&after) {
        let label = format!("{} / {}", pairs[*i].stem, edit.what);
        if let Err(e) = compare(&edit.files, boto) {
            failures.push(format!("{label}: {e}"));
        }
        match (boto_profiles(&before[*i]), boto_profiles(boto)) {
            (Some(b), Some(a)) => {
                if let Err(e) = (edit.check)(&b, &a) {
                    failures.push(format!("{label}: {e}"));
                }
                checked += 1;
            }
            _ => failures.push(format!("{label}: botocore cannot read the result: {boto}")),
        }
    }
    assert!(checked >= 80, "only {checked} edits checked");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Names botocore accepts (shlex-quoted in `[profile …]` headers) and keyshelf can write.
const AWKWARD_NAMES: &[&str] = &[
    "my new dev",
    "qa env's",
    "say \"hi\"",
    "back\\slash",
    "both ' and \"",
    "a@b.example/x.y",
    "tab\there",
    "dollar $HOME",
    "ünïcödé 名前",
    "semi;colon",
    "hash#in-middle",
    "colon:name+plus%25",
    "default-ish",
    "#team",
    "#my team",
    ";semi",
];

#[test]
fn botocore_reads_profiles_with_awkward_names() {
    if !botocore_available() {
        return;
    }
    let pair = fixture_pairs()
        .into_iter()
        .find(|p| p.stem == "rich")
        .unwrap();
    let mut jobs = Vec::new();
    let mut all = Vec::new();
    for name in AWKWARD_NAMES {
        let mut f = files_of(&pair.config, &pair.credentials);
        f.create(name).unwrap();
        f.set(name, "region", "us-east-2").unwrap();
        f.set(name, "aws_access_key_id", "AKIAAWKWARDNAME00001")
            .unwrap();
        assert!(f.exists(name), "{name:?}");
        jobs.push(texts(&f));
        all.push(f);
    }
    let readings = botocore_read(&jobs);
    let mut failures = Vec::new();
    for ((name, f), boto) in AWKWARD_NAMES.iter().zip(&all).zip(&readings) {
        if let Err(e) = compare(f, boto) {
            failures.push(format!("{name:?}: {e}"));
        }
        let profiles = boto_profiles(boto).unwrap_or_default();
        if plain(&profiles, name, "region").as_deref() != Some("us-east-2")
            || plain(&profiles, name, "aws_access_key_id").as_deref()
                != Some("AKIAAWKWARDNAME00001")
        {
            failures.push(format!(
                "{name:?}: botocore reads {:?} (header {:?})",
                profiles.get(*name),
                f.config_header(name)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn several_headers_one_profile_the_last_wins_as_in_botocore() {
    // Issue 9: with `[profile default]` before `[default]` botocore (and so the AWS CLI) uses
    // the later `[default]`, wholesale; so does keyshelf. (The Rust SDK would take
    // `[profile default]`: keyshelf warns about the shadowed header.)
    let text = fixture_text("default-both.config");
    let files = files_of(&text, "");
    assert_eq!(
        files.profile("default").unwrap().region.as_deref(),
        Some("us-east-1")
    );
    assert_eq!(files.shadowed().len(), 1);
    if !botocore_available() {
        return;
    }
    let boto = botocore_read(&[(text.clone(), String::new())]);
    compare(&files, &boto[0]).unwrap();
    let profiles = boto_profiles(&boto[0]).unwrap();
    assert_eq!(
        plain(&profiles, "default", "region").as_deref(),
        Some("us-east-1")
    );
}

// ------------------------------------------------------------------------------------------------
// Known differences from botocore (bugs), each shown on the smallest file
// ------------------------------------------------------------------------------------------------

fn compare_texts(config: &str, credentials: &str) -> Result<(), String> {
    let boto = botocore_read(&[(config.to_owned(), credentials.to_owned())]);
    compare(&files_of(config, credentials), &boto[0])
}

#[test]
fn bug_duplicate_key_is_fatal_for_botocore() {
    if !botocore_available() {
        return;
    }
    compare_texts("[default]\nregion = us-east-1\nRegion = eu-west-1\n", "").unwrap();
}

#[test]
fn bug_nested_line_without_equals_is_fatal_for_botocore() {
    if !botocore_available() {
        return;
    }
    compare_texts("[profile a]\ns3 =\n  max_concurrent_requests\n", "").unwrap();
}

#[test]
#[ignore = "KNOWN LIMITATION (README): [DEFAULT] is configparser's defaults section: botocore hides it and gives its keys to every section"]
fn bug_uppercase_default_section_is_configparser_defaults() {
    if !botocore_available() {
        return;
    }
    compare_texts(
        "[DEFAULT]\nregion = eu-west-1\n\n[profile a]\noutput = json\n",
        "[DEFAULT]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n\n[a]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    )
    .unwrap();
}

#[test]
fn bug_lone_carriage_return_ends_a_line() {
    if !botocore_available() {
        return;
    }
    compare_texts("[default]\rregion = us-east-1\r", "").unwrap();
}

#[test]
fn bug_indentation_is_counted_in_characters() {
    if !botocore_available() {
        return;
    }
    compare_texts(
        "[profile a]\n region = us-east-1\n\u{a0}output = json\n",
        "",
    )
    .unwrap();
}

#[test]
fn same_profile_under_two_headers_is_read_and_edited_where_botocore_reads_it() {
    if !botocore_available() {
        return;
    }
    let config =
        "[profile dev]\nregion = us-east-1\noutput = json\n\n[profile 'dev']\noutput = text\n";
    let mut files = files_of(config, "");
    files.set("dev", "region", "eu-west-1").unwrap();
    let boto = botocore_read(&[(config.to_owned(), String::new()), texts(&files)]);
    let mut failures = Vec::new();
    if let Err(e) = compare(&files_of(config, ""), &boto[0]) {
        failures.push(format!("reading: {e}"));
    }
    let after = boto_profiles(&boto[1]).unwrap();
    if plain(&after, "dev", "region").as_deref() != Some("eu-west-1") {
        failures.push(format!(
            "after set region: botocore reads dev as {:?}",
            after.get("dev")
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn profile_name_starting_with_hash() {
    // A regression test: `[profile #team]` must not be read as `[profile` plus a shell comment.
    let mut files = files_of("", "");
    files.create("#team").unwrap();
    assert!(files.exists("#team"), "created, then not found");
    files.set("#team", "region", "us-east-1").unwrap();
    if !botocore_available() {
        return;
    }
    let boto = botocore_read(&[texts(&files)]);
    compare(&files, &boto[0]).unwrap();
}

#[test]
fn bug_profile_header_split_on_unicode_whitespace() {
    if !botocore_available() {
        return;
    }
    compare_texts(
        "[profile my\u{a0}dev]\nregion = us-east-1\n\n[profile\u{a0}other]\nregion = eu-west-1\n",
        "",
    )
    .unwrap();
}

#[test]
fn a_profile_named_uppercase_default_is_refused() {
    // `[DEFAULT]` is configparser's defaults section: keys written there would leak into every
    // credentials profile for botocore, so the name is refused and nothing changes.
    let pair = fixture_pairs()
        .into_iter()
        .find(|p| p.stem == "simple")
        .unwrap();
    let mut files = files_of(&pair.config, &pair.credentials);
    let before = texts(&files);
    let err = files
        .set("DEFAULT", "aws_access_key_id", "AKIALEAKEDEXAMPLE001")
        .unwrap_err();
    assert!(err.to_string().contains("DEFAULT"), "{err}");
    assert_eq!(texts(&files), before);
}

#[test]
fn bug_nested_value_with_a_unicode_line_break_breaks_the_file() {
    let mut doc = Document::parse("[profile a]\nregion = us-east-1\n");
    let accepted = doc
        .set_nested("profile a", "s3", "addressing_style", "path\u{2028}x")
        .is_ok();
    if !botocore_available() {
        return;
    }
    let boto = botocore_read(&[(doc.to_string(), String::new())]);
    assert!(
        !accepted || boto[0]["config"]["ok"].is_array(),
        "set_nested accepted the value, and botocore now fails on the file: {}",
        boto[0]
    );
}

#[test]
fn bug_values_are_stripped_like_python() {
    if !botocore_available() {
        return;
    }
    compare_texts("[profile a]\nregion = us-east-1 \u{1f}\n", "").unwrap();
}

// ------------------------------------------------------------------------------------------------
// Generated files, each with a random edit
// ------------------------------------------------------------------------------------------------

const KEYS: &[&str] = &[
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
const VALUES: &[&str] = &[
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
const SECTIONS: &[&str] = &[
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
const INDENTS: &[&str] = &["", " ", "  ", "\t", "    "];
const DELIMS: &[&str] = &[" = ", "=", " : ", ":", "\t=\t", " =  "];

/// A file from a grammar botocore reads without error: unique sections, unique keys per section
/// (ignoring case), and every indented non-comment line holds an `=` (so any of them can be a
/// nested-block line, whichever key it ends up continuing).
fn generate(rng: &mut Rng) -> String {
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
enum Expect {
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

fn random_edit(rng: &mut Rng, doc: &mut Document) -> Expect {
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
fn raw_map(raw: &Json) -> BTreeMap<String, BTreeMap<String, Json>> {
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

fn check_expect(
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
