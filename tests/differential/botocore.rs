//! (b) botocore reads what we read, and what we wrote.

use super::*;

// ================================================================================================
// (b) botocore
// ================================================================================================

/// Reads each job's two files with botocore and prints one JSON object per job. Dicts are printed
/// as lists of pairs so that order can be compared too.
pub(super) const BOTO_SCRIPT: &str = r#"
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
pub(super) fn python(dir: &Path) -> Command {
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

pub(super) fn botocore_available() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let ok = python(dir.path())
        .args(["-c", "import botocore"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        ini_support::skip::skipped(
            "python3 with botocore is not installed (pip install botocore; .ci/run does)",
        );
    }
    ok
}

/// botocore's readings of several (config, credentials) pairs, in one Python run.
pub(super) fn botocore_read(jobs: &[(String, String)]) -> Vec<Json> {
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

pub(super) fn json_value(v: &Value) -> Json {
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
pub(super) fn dict(pairs: impl IntoIterator<Item = (String, Json)>) -> Vec<(String, Json)> {
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
pub(super) fn our_raw(doc: &Document) -> Json {
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

pub(super) type ProfileMap = BTreeMap<String, BTreeMap<String, Json>>;

/// Our merged profiles: every setting, and the secret keys with their values.
pub(super) fn our_profiles(files: &SharedFiles) -> ProfileMap {
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

pub(super) fn boto_profiles(reading: &Json) -> Option<ProfileMap> {
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

pub(super) fn plain(map: &ProfileMap, profile: &str, key: &str) -> Option<String> {
    map.get(profile)?.get(key)?.as_str().map(str::to_owned)
}

/// Compares everything botocore reads from the two files with what we read.
pub(super) fn compare(files: &SharedFiles, boto: &Json) -> Result<(), String> {
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

pub(super) fn files_of(config: &str, credentials: &str) -> SharedFiles {
    SharedFiles::new(Document::parse(config), Document::parse(credentials))
}

pub(super) fn texts(files: &SharedFiles) -> (String, String) {
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
pub(super) type Check = Box<dyn Fn(&ProfileMap, &ProfileMap) -> Result<(), String>>;

/// One edit through the AWS layer and what botocore must then read.
pub(super) struct Edited {
    what: String,
    files: SharedFiles,
    check: Check,
}

/// The profiles other than `except` are read the same before and after.
pub(super) fn others_unchanged(
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

pub(super) fn edits_of(pair: &Pair) -> Vec<Edited> {
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
pub(super) const AWKWARD_NAMES: &[&str] = &[
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
    // With `[profile default]` before `[default]` botocore (and so the AWS CLI) uses
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
