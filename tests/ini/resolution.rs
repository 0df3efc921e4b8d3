//! Which credentials the AWS tools use, ours against botocore's, on thousands of generated
//! files.
//!
//! Files are generated from a grammar of what real files contain: several headers naming one
//! profile (`[default]`/`[profile default]`, quoted spellings), duplicate headers and keys,
//! CRLF, comments, blank lines, indented keys, nested blocks, inline `#`, keys in any case, the
//! legacy `aws_security_token`, roles chained through `source_profile` (with loops, missing
//! sources, self-reference), `credential_source`, `credential_process`, web identity and SSO.
//! For every profile botocore reads, keyshelf's [`SharedFiles::resolve`] must give the same
//! answer as botocore's own credential chain; where botocore refuses a whole file, keyshelf
//! must report a problem that stops it writing that file (a documented, tested refusal).
//!
//! botocore is asked without talking to anyone: `credential_process` is not run (the oracle
//! reports the command), assumed roles are deferred (the oracle reads the role ARN and the
//! source credentials off the fetcher), SSO and web identity are deferred. The Python child never
//! sees the real `~/.aws`. Not generated here: `aws login` sessions; configparser's `[DEFAULT]`
//! section, the environment and keychain moves are generated in `resolution_parts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::ini_support;

use std::path::Path;
use std::process::Command;

use ini_support::Rng;
use keyshelf::aws::{SharedFiles, Source};
use keyshelf::ini::Document;
use serde_json::{Value as Json, json};

/// botocore's credential chain for one profile, without talking to anyone: `credential_process`
/// is not run (the answer is the command, and the account ID botocore pairs with it), assumed
/// roles report their ARN and source. Each oracle below adds its own loop over the jobs.
macro_rules! botocore_chain {
    () => {
        r#"
import json, os, sys
import botocore.session
import botocore.credentials as bc

def never_run(self, command):
    return {"access_key": "PROCESS", "secret_key": command, "token": None,
            "expiry_time": None, "account_id": self._get_account_id({})}
bc.ProcessProvider._retrieve_credentials_using = never_run
SKIP = {"env", "ec2-credentials-file", "boto-config", "container-role", "iam-role"}

def describe(c):
    if c is None:
        return {"nothing": True}
    m = c.method
    if m in ("shared-credentials-file", "config-file"):
        f = "credentials" if m == "shared-credentials-file" else "config"
        return {"keys": [f, c.access_key, c.secret_key, c.token], "account": c.account_id}
    if m == "custom-process":
        return {"process": c.secret_key, "account": c.account_id}
    if m == "assume-role":
        r = c._refresh_using
        f = getattr(r, "_refresh", r).__self__
        return {"role": f._role_arn, "via": describe(f._source_credentials)}
    if m == "env":
        return {"env": True}
    if m == "assume-role-with-web-identity":
        return {"web_identity": True}
    if m == "sso":
        return {"sso": True}
    return {"other": m}

def resolve(session, name):
    session.set_config_variable("profile", name)
    for p in bc.create_credential_resolver(session).providers:
        if p.METHOD in SKIP:
            continue
        try:
            c = p.load()
        except Exception as e:
            return {"error": type(e).__name__}
        if c is not None:
            return describe(c)
    return {"nothing": True}

"#
    };
}

#[path = "resolution_parts/environments.rs"]
mod environments;

const ORACLE: &str = concat!(
    botocore_chain!(),
    r#"out = []
for job in json.load(open(sys.argv[1])):
    os.environ["AWS_CONFIG_FILE"] = job["config"]
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = job["credentials"]
    s = botocore.session.Session()
    try:
        names = list(s.full_config["profiles"])
    except Exception as e:
        out.append({"file_error": type(e).__name__})
        continue
    out.append({
        "profiles": {n: resolve(s, n) for n in names},
        "values": s.full_config["profiles"],
    })
json.dump(out, sys.stdout)
"#
);

const NAMES: [&str; 6] = ["default", "dev", "prod", "base", "ops", "my dev"];

/// A key spelled as people spell it: mostly lower case, sometimes not.
fn spelled(rng: &mut Rng, key: &str) -> String {
    match rng.below(12) {
        0 => key.to_uppercase(),
        1 => key[..1].to_uppercase() + &key[1..],
        _ => key.to_owned(),
    }
}

fn entry(rng: &mut Rng) -> String {
    let id = rng.pick(&["A", "B", "C"]);
    let (key, value) = match rng.below(20) {
        0..=3 => ("aws_access_key_id", format!("AKIA{id}")),
        4..=6 => ("aws_secret_access_key", format!("secret{id}")),
        7 => ("aws_session_token", format!("token{id}")),
        8 => ("aws_security_token", format!("legacy{id}")),
        9 => (
            "region",
            rng.pick(&["us-east-1", "eu-west-1 # note"]).to_owned(),
        ),
        10 | 11 => ("role_arn", format!("arn:aws:iam::123456789012:role/R{id}")),
        12 | 13 => (
            "source_profile",
            rng.pick(&["default", "dev", "prod", "base", "ops", "my dev", "missing"])
                .to_owned(),
        ),
        14 => (
            "credential_source",
            rng.pick(&["Environment", "Bogus"]).to_owned(),
        ),
        15 | 16 => ("credential_process", format!("/opt/bin/proc-{id} --x")),
        17 => ("web_identity_token_file", "/tmp/token".to_owned()),
        18 => (
            rng.pick(&["sso_account_id", "sso_role_name"]),
            "123456789012".to_owned(),
        ),
        _ => (
            rng.pick(&["sso_session", "sso_start_url", "sso_region"]),
            rng.pick(&[
                "corp",
                "nosuch",
                "https://x.awsapps.com/start#/",
                "us-east-1",
            ])
            .to_owned(),
        ),
    };
    let sep = rng.pick(&[" = ", "=", " =", ": "]);
    format!("{}{sep}{value}", spelled(rng, key))
}

/// The key of a generated `key = value` line, as configparser compares keys.
fn key_of(line: &str) -> Option<String> {
    let end = line.find(['=', ':'])?;
    Some(line[..end].trim().to_lowercase())
}

fn section_body(rng: &mut Rng, lines: &mut Vec<String>) {
    let start = lines.len();
    for _ in 0..rng.below(6) {
        match rng.below(15) {
            14 => {
                // A whole SSO profile, through the `[sso-session corp]` some files have.
                lines.push("sso_session = corp".into());
                lines.push("sso_account_id = 123456789012".into());
                lines.push("sso_role_name = Admin".into());
            }
            0 => lines.push(
                rng.pick(&["# a comment", "; another", "  # indented"])
                    .into(),
            ),
            1 => lines.push(String::new()),
            2 => {
                lines.push("s3 =".into());
                lines.push("  addressing_style = path".into());
            }
            3 => {
                // Indented: configparser reads a continuation of the previous key, or (first
                // in its section) a key of its own.
                lines.push(format!(" {}", entry(rng)));
            }
            _ => {
                // Each key once (a repeat is made on purpose below, now and then).
                let line = entry(rng);
                let used = lines[start..]
                    .iter()
                    .any(|l| key_of(l).is_some() && key_of(l) == key_of(&line));
                if !used {
                    lines.push(line);
                }
            }
        }
    }
    if rng.chance(3)
        && let Some(last) = lines.iter().rev().find(|l| l.contains('=')).cloned()
    {
        lines.push(last); // a duplicate key: botocore refuses the file
    }
}

fn config_header(rng: &mut Rng, name: &str) -> String {
    if name == "default" {
        return rng
            .pick(&["[default]", "[profile default]", "[profile 'default']"])
            .into();
    }
    if name.contains(' ') {
        return format!("[profile {}]", rng.pick(&["'my dev'", "\"my dev\""]));
    }
    match rng.below(6) {
        0 => format!("[profile '{name}']"),
        1 => format!("[profile \"{name}\"]"),
        2 => format!("[profile  {name}]"),
        _ => format!("[profile {name}]"),
    }
}

/// Profile names in a random order, each once, with now and then one again (to be spelled
/// another way: a shadowing header, or the same one: a duplicate).
fn some_names(rng: &mut Rng, count: usize) -> Vec<&'static str> {
    let mut pool: Vec<&str> = NAMES.to_vec();
    let mut names = Vec::new();
    while names.len() < count && !pool.is_empty() {
        if !names.is_empty() && rng.chance(15) {
            names.push(names[rng.below(names.len())]);
        } else {
            names.push(pool.swap_remove(rng.below(pool.len())));
        }
    }
    names
}

fn generate(rng: &mut Rng) -> (String, String) {
    let mut config = Vec::new();
    let count = rng.below(7);
    for name in some_names(rng, count) {
        let header = match rng.below(12) {
            0 => "[sso-session corp]".to_owned(),
            1 => "[services local]".to_owned(),
            _ => config_header(rng, name),
        };
        if config.contains(&header) && header.starts_with("[s") {
            continue;
        }
        config.push(header.clone());
        if header == "[sso-session corp]" {
            config.push("sso_start_url = https://x.awsapps.com/start".into());
            config.push("sso_region = us-east-1".into());
        } else {
            section_body(rng, &mut config);
        }
    }
    let mut credentials = Vec::new();
    let count = rng.below(4);
    for name in some_names(rng, count) {
        credentials.push(if rng.chance(5) {
            "[profile dev]".to_owned()
        } else {
            format!("[{name}]")
        });
        section_body(rng, &mut credentials);
    }
    let eol = if rng.chance(15) { "\r\n" } else { "\n" };
    let mut text = |lines: Vec<String>| {
        let mut text = lines.join(eol);
        if !text.is_empty() && rng.chance(90) {
            text.push_str(eol);
        }
        text
    };
    let config = text(config);
    let credentials = text(credentials);
    (config, credentials)
}

/// Every key of a profile as botocore's merged `full_config` has it: lower-cased keys, the
/// credentials file winning, nested blocks as objects.
fn values(files: &SharedFiles, name: &str) -> Json {
    let Some(profile) = files.profile(name) else {
        return Json::Null;
    };
    let keys = profile
        .settings
        .iter()
        .map(|s| s.key.clone())
        .chain(profile.secret_keys.iter().map(|(k, _)| k.clone()));
    let mut map = serde_json::Map::new();
    for key in keys {
        let (value, _) = files.get(name, &key).unwrap();
        let value = match value {
            keyshelf::ini::Value::Plain(text) => json!(text),
            keyshelf::ini::Value::Nested(subs) => {
                Json::Object(subs.into_iter().map(|(k, v)| (k, json!(v))).collect())
            }
        };
        map.insert(key.to_lowercase(), value);
    }
    Json::Object(map)
}

/// Our answer, in the oracle's terms.
fn ours(files: &SharedFiles, name: &str) -> Json {
    match files.resolve(name) {
        Ok(source) => source_json(&source),
        Err(_) => json!({"error": true}),
    }
}

fn source_json(source: &Source) -> Json {
    match source {
        Source::Keys { file, keys } => json!({"keys": [
            file.short_name(),
            keys.access_key_id,
            keys.secret_access_key.expose(),
            keys.session_token.as_ref().map(|t| t.expose().to_owned()),
        ]}),
        Source::Process { command } => json!({ "process": command }),
        Source::AssumeRole { role_arn, via, .. } => {
            json!({"role": role_arn, "via": source_json(via)})
        }
        Source::CredentialSource { role_arn, .. } => {
            json!({"role": role_arn, "via": {"env": true}})
        }
        Source::WebIdentity { .. } => json!({"web_identity": true}),
        Source::Sso => json!({"sso": true}),
        Source::Login => json!({"login": true}),
        Source::Nothing => json!({"nothing": true}),
    }
}

/// botocore's answers for every job, in one Python run; `None` without botocore.
fn oracle(jobs: &[(String, String)]) -> Option<Vec<Json>> {
    let dir = tempfile::tempdir().unwrap();
    let jobs_file = ini_support::write_jobs(dir.path(), jobs);
    let out = python(dir.path())
        .args(["-c", ORACLE])
        .arg(&jobs_file)
        .output()
        .ok()?;
    if String::from_utf8_lossy(&out.stderr).contains("No module named") {
        ini_support::skip::skipped(
            "python3 with botocore is not installed (pip install botocore; .ci/run does)",
        );
        return None;
    }
    assert!(
        out.status.success(),
        "the oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// A Python child with no `AWS_*` variable of this machine, its home in `dir`, and keys in its
/// environment for `credential_source = Environment`.
fn python(dir: &Path) -> Command {
    let mut cmd = Command::new("python3");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("HOME", dir)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "ENVKEY")
        .env("AWS_SECRET_ACCESS_KEY", "ENVSECRET")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUTF8", "1");
    cmd
}

/// botocore's answer without the account IDs it pairs with credentials (compared on their own
/// where a test cares).
fn without_account(answer: &Json) -> Json {
    match answer {
        Json::Object(map) => Json::Object(
            map.iter()
                .filter(|(k, _)| *k != "account")
                .map(|(k, v)| (k.clone(), without_account(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// One job's disagreements, if any.
fn disagreements(config: &str, credentials: &str, boto: &Json) -> Vec<String> {
    let files = SharedFiles::new(Document::parse(config), Document::parse(credentials));
    let refused = !files.config.problems().is_empty() || !files.credentials.problems().is_empty();
    let Some(profiles) = boto["profiles"].as_object() else {
        return if refused {
            Vec::new()
        } else {
            vec![format!(
                "botocore refuses the files ({}), we see no problem",
                boto["file_error"]
            )]
        };
    };
    if refused {
        return vec!["botocore reads the files, we report a problem".into()];
    }
    let mut out = Vec::new();
    for (name, want) in boto["values"].as_object().into_iter().flatten() {
        let got = values(&files, name);
        if &got != want {
            out.push(format!("[{name}] values: ours {got}, botocore {want}"));
        }
    }
    let mut names = files.profile_names();
    names.sort();
    let mut theirs: Vec<&String> = profiles.keys().collect();
    theirs.sort();
    if names.iter().collect::<Vec<_>>() != theirs {
        out.push(format!("profiles: ours {names:?}, botocore {theirs:?}"));
    }
    for (name, want) in profiles {
        let want = if want.get("error").is_some() {
            json!({"error": true})
        } else {
            without_account(want)
        };
        let got = ours(&files, name);
        if got != want {
            out.push(format!("[{name}] ours {got}, botocore {want}"));
        }
    }
    out
}

#[test]
fn botocore_resolves_thousands_of_generated_files_as_we_do() {
    let seed = std::env::var("KEYSHELF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15_u64);
    let mut rng = Rng(seed);
    let jobs: Vec<(String, String)> = (0..3000).map(|_| generate(&mut rng)).collect();
    let Some(readings) = oracle(&jobs) else {
        return;
    };
    let (mut refused, mut profiles) = (0, 0);
    let mut failures = Vec::new();
    for ((config, credentials), boto) in jobs.iter().zip(&readings) {
        refused += usize::from(boto.get("file_error").is_some());
        profiles += boto["profiles"].as_object().map_or(0, |p| p.len());
        let found = disagreements(config, credentials, boto);
        if !found.is_empty() && failures.len() < 5 {
            failures.push(format!(
                "--- config:\n{config}\n--- credentials:\n{credentials}\n--- {}",
                found.join("\n    ")
            ));
        }
    }
    eprintln!(
        "{} file pairs (seed {seed}): {refused} refused by botocore and by us, {profiles} profiles resolved",
        jobs.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        refused > 100 && profiles > 5000,
        "the grammar makes both readable and refused files"
    );
}

/// The hand-written fixtures (comments, nested blocks, CRLF, odd names, `[default]` and
/// `[profile default]` together, a byte order mark), through the same comparison.
#[test]
fn botocore_resolves_every_fixture_as_we_do() {
    let pairs = ini_support::fixture_pairs();
    let jobs: Vec<(String, String)> = pairs
        .iter()
        .map(|p| (p.config.clone(), p.credentials.clone()))
        .collect();
    let Some(readings) = oracle(&jobs) else {
        return;
    };
    let mut failures = Vec::new();
    for ((pair, (config, credentials)), boto) in pairs.iter().zip(&jobs).zip(&readings) {
        for found in disagreements(config, credentials, boto) {
            failures.push(format!("{}: {found}", pair.stem));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every kind of answer appears in the generated files, so the comparison above covers them.
#[test]
fn the_grammar_reaches_every_kind_of_source() {
    let mut rng = Rng(7);
    let mut kinds = std::collections::BTreeSet::new();
    for _ in 0..3000 {
        let (config, credentials) = generate(&mut rng);
        let files = SharedFiles::new(Document::parse(&config), Document::parse(&credentials));
        for name in files.profile_names() {
            let json = ours(&files, &name);
            let kind = json.as_object().unwrap().keys().next().unwrap().clone();
            kinds.insert(kind);
        }
    }
    let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
    assert_eq!(
        kinds,
        [
            "error",
            "keys",
            "nothing",
            "process",
            "role",
            "sso",
            "web_identity"
        ]
    );
}
