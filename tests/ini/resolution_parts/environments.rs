//! Generated environments and files, each with a keychain move, against botocore.
//!
//! Each case draws the two file variables (unset, empty, `~`, `$VAR`, `${VAR}`, an unset
//! `$VAR`, `/dev/null`, a folder), the profile variables (`AWS_DEFAULT_PROFILE`,
//! `AWS_PROFILE`: unset, empty, set), and files from [`super::generate`] with what the AWS tools
//! read and keyshelf must keep: configparser's `[DEFAULT]`, key pairs in both files, comments
//! above headers, tokens botocore ignores, `aws_account_id`, nested blocks in both files, key
//! names botocore lowercases with full Unicode, and decoy files where the tools do not look.
//!
//! For every case:
//! 1. botocore's profile, and its resolution of every profile, against keyshelf's
//!    (`AwsPaths::resolve`, `Workspace::load`, `SharedFiles::resolve`: what `which` prints);
//! 2. a keychain move of one profile (`keychain::migrate`, an in-memory keychain): either
//!    refused with the files byte for byte as they were, or botocore's resolution after it is
//!    what it was for every profile (the moved one through keyshelf's `credential_process`,
//!    with the very keys and account ID it had), every value botocore reads is unchanged but
//!    the moved ones, and the files differ only in the moved lines.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use keyshelf::aws::{AwsPaths, SECRET_KEYS};
use keyshelf::files::Workspace;
use keyshelf::keychain::{ItemKey, MemoryStore, SecretStore, parse_credential_process};

use super::*;

const PYTHON: &str = concat!(
    botocore_chain!(),
    r#"
base = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "KS_"))}
session = botocore.session.Session()
out = []
for job in json.load(open(sys.argv[1])):
    sides = {}
    for side in ("before", "after"):
        os.environ.clear()
        os.environ.update(base)
        os.environ.update(job[side])
        os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
        # For credential_source = Environment (the env provider itself is skipped below).
        os.environ["AWS_ACCESS_KEY_ID"] = "ENVKEY"
        os.environ["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET"
        # One session for every case (a new one costs 6 ms): its caches go between cases.
        session._config = None
        session._profile_map = None
        session._profile = None
        session._session_instance_vars.pop("profile", None)
        # An empty variable names the profile "": get_scoped_config and get_credentials then
        # raise ProfileNotFound, as the AWS CLI does ("The config profile () could not be
        # found"). Only an unset one means "default".
        profile = session.get_config_variable("profile")
        reading = {"profile": "default" if profile is None else profile}
        try:
            profiles = session.full_config["profiles"]
            reading["values"] = profiles
            reading["resolved"] = {n: resolve(session, n) for n in list(profiles)}
        except Exception as e:
            reading["file_error"] = type(e).__name__
        sides[side] = reading
    out.append(sides)
json.dump(out, sys.stdout)
"#
);

/// One file variable's setting, as a case draws it.
#[derive(Clone, Copy, Debug)]
enum FileVar {
    Unset,
    Empty,
    Tilde,
    Dollar,
    Braced,
    UnsetDollar,
    DevNull,
    Folder,
}

const FILE_VARS: [FileVar; 8] = [
    FileVar::Unset,
    FileVar::Empty,
    FileVar::Tilde,
    FileVar::Dollar,
    FileVar::Braced,
    FileVar::UnsetDollar,
    FileVar::DevNull,
    FileVar::Folder,
];

impl FileVar {
    /// The variable's value (`None`: unset) and the file botocore reads (`None`: none).
    fn value_and_file(self, home: &Path, file: &str) -> (Option<String>, Option<PathBuf>) {
        let alt = home.join("alt").join(file);
        match self {
            FileVar::Unset => (None, Some(home.join(".aws").join(file))),
            FileVar::Empty => (Some(String::new()), None),
            FileVar::Tilde => (Some(format!("~/alt/{file}")), Some(alt)),
            FileVar::Dollar => (Some(format!("$KS_DIR/{file}")), Some(alt)),
            FileVar::Braced => (Some(format!("${{KS_DIR}}/{file}")), Some(alt)),
            FileVar::UnsetDollar => (Some(format!("$KS_NOT_SET/{file}")), None),
            FileVar::DevNull => (Some("/dev/null".into()), None),
            FileVar::Folder => (Some(home.join("a-folder").display().to_string()), None),
        }
    }
}

/// One generated case: its environment (for a home folder) and its files.
struct Case {
    config_var: FileVar,
    credentials_var: FileVar,
    profile_vars: Vec<(&'static str, &'static str)>,
    config: String,
    credentials: String,
    /// Which profile to move, by its place in keyshelf's list.
    target: usize,
}

impl Case {
    fn generate(rng: &mut Rng) -> Case {
        let (config, credentials) = if rng.chance(50) {
            plain_files(rng)
        } else {
            super::generate(rng)
        };
        let (config, credentials) = (enrich(rng, config), enrich(rng, credentials));
        let mut profile_vars = Vec::new();
        for var in ["AWS_DEFAULT_PROFILE", "AWS_PROFILE"] {
            match rng.below(5) {
                0 => profile_vars.push((var, "")),
                1 | 2 => profile_vars.push((var, rng.pick(&["dev", "prod", "nosuch"]))),
                _ => {}
            }
        }
        // The usual places most of the time, so that most moves can go ahead.
        let var = |rng: &mut Rng| {
            if rng.chance(55) {
                FileVar::Unset
            } else {
                FILE_VARS[rng.below(FILE_VARS.len())]
            }
        };
        Case {
            config_var: var(rng),
            credentials_var: var(rng),
            profile_vars,
            config,
            credentials,
            target: rng.below(8),
        }
    }

    /// The variables for a case laid out under `home`.
    fn env(&self, home: &Path) -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        env.insert("HOME".to_owned(), home.display().to_string());
        env.insert("KS_DIR".to_owned(), home.join("alt").display().to_string());
        for (var, file, name) in [
            (self.config_var, "AWS_CONFIG_FILE", "config"),
            (
                self.credentials_var,
                "AWS_SHARED_CREDENTIALS_FILE",
                "credentials",
            ),
        ] {
            if let (Some(value), _) = var.value_and_file(home, name) {
                env.insert(file.to_owned(), value);
            }
        }
        for (var, value) in &self.profile_vars {
            env.insert((*var).to_owned(), (*value).to_owned());
        }
        env
    }

    /// Writes the files where the variables say, and decoys where the tools do not look.
    fn lay_out(&self, home: &Path) {
        for dir in [".aws", "alt", "a-folder"] {
            std::fs::create_dir_all(home.join(dir)).unwrap();
        }
        let decoy = "[decoy]\naws_access_key_id = AKIADECOY\naws_secret_access_key = decoy\n";
        for (var, name, text) in [
            (self.config_var, "config", &self.config),
            (self.credentials_var, "credentials", &self.credentials),
        ] {
            let (_, file) = var.value_and_file(home, name);
            let path = file.unwrap_or_else(|| home.join(".aws").join(name));
            // An empty or unread variable must not fall back to the usual place: a decoy there.
            std::fs::write(
                &path,
                if file_is_read(var) {
                    text.as_str()
                } else {
                    decoy
                },
            )
            .unwrap();
            // Files at rest, as people's are: an empty file written a moment ago would be
            // waited for as one another program is still writing (see `files::read_settled`).
            let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(past))
                .unwrap();
        }
    }
}

/// Files as most people have them, keys in the credentials file, settings in the config, with
/// now and then what makes a move interesting: a second pair or a token in the other file, an
/// `s3` block or a region in both, a role on top, comments, account IDs.
fn plain_files(rng: &mut Rng) -> (String, String) {
    let (mut config, mut credentials) = (Vec::new(), Vec::new());
    let count = 1 + rng.below(4);
    for name in some_names(rng, count)
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
    {
        let header = if name == "default" {
            "[default]".to_owned()
        } else if name.contains(' ') {
            format!("[profile \"{name}\"]")
        } else {
            format!("[profile {name}]")
        };
        let id = format!("AKIA{}", name.replace(' ', "").to_uppercase());
        if rng.chance(80) {
            credentials.push(format!("[{name}]"));
            credentials.push(format!("aws_access_key_id = {id}"));
            credentials.push(format!("aws_secret_access_key = secret{id}"));
            if rng.chance(15) {
                credentials.push(format!("aws_session_token = token{id}"));
            }
            if rng.chance(8) {
                credentials.push(format!("aws_security_token = legacy{id}"));
            }
            if rng.chance(15) {
                credentials.push(rng.pick(&["region = eu-west-1", "output = text"]).into());
            }
            if rng.chance(10) {
                credentials.push("s3 =".into());
                credentials.push("  addressing_style = virtual".into());
            }
            credentials.push(String::new());
        }
        if rng.chance(70) {
            config.push(header);
            if rng.chance(60) {
                config.push(
                    rng.pick(&[
                        "region = us-east-1",
                        "region = eu-west-1 # note",
                        "output = json",
                    ])
                    .into(),
                );
            }
            if rng.chance(10) {
                config.push(format!("aws_access_key_id = AKIASECOND{}", rng.below(9)));
                config.push("aws_secret_access_key = secondSecret".into());
            }
            if rng.chance(5) {
                config.push(format!("aws_session_token = token{id}"));
            }
            if rng.chance(10) {
                config.push("s3 =".into());
                config.push("  addressing_style = path".into());
                config.push("  max_concurrent_requests = 20".into());
            }
            if rng.chance(10) {
                config.push("role_arn = arn:aws:iam::123456789012:role/R".into());
                config.push(format!(
                    "source_profile = {}",
                    rng.pick(&["default", "dev", "prod"])
                ));
            }
            config.push(String::new());
        }
    }
    let eol = if rng.chance(15) { "\r\n" } else { "\n" };
    (config.join(eol), credentials.join(eol))
}

/// Whether a variable's setting names a file the tools read.
fn file_is_read(var: FileVar) -> bool {
    var.value_and_file(Path::new("/"), "x").1.is_some()
}

/// Adds what the AWS tools read and keyshelf must keep: `[DEFAULT]`, comments above headers,
/// account IDs, Unicode key names.
fn enrich(rng: &mut Rng, text: String) -> String {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = Vec::new();
    if rng.chance(12) {
        lines.push("[DEFAULT]".into());
        let line = match rng.below(4) {
            0 => {
                "aws_access_key_id = AKIADEFAULT\naws_secret_access_key = secretDEFAULT".to_owned()
            }
            1 => "region = sa-east-1".to_owned(),
            2 => "aws_account_id = 999999999999".to_owned(),
            _ => "s3 =\n  addressing_style = virtual".to_owned(),
        };
        lines.extend(line.split('\n').map(str::to_owned));
    }
    for line in text.split(eol) {
        let mut line = line.to_owned();
        if line.starts_with('[') && rng.chance(15) {
            lines.push(
                rng.pick(&["# START of Generated Lines", "; about what follows"])
                    .into(),
            );
        }
        if line.to_ascii_lowercase().starts_with("aws_access_key_id") && rng.chance(10) {
            line = line.replacen("key", "\u{212A}ey", 1);
        }
        let keys = line
            .to_ascii_lowercase()
            .starts_with("aws_secret_access_key");
        lines.push(line);
        if keys && rng.chance(20) {
            lines.push("aws_account_id = 111122223333".into());
        }
    }
    lines.join(eol)
}

/// botocore's answer without the account ID (compared on its own) and without the file the
/// keys were in (a move changes it on purpose), keyshelf's `credential_process` replaced by
/// the keys its item holds.
fn settled(answer: &Json, store: &MemoryStore, credentials: &Path) -> Json {
    let mut answer = answer.clone();
    if let Some(map) = answer.as_object_mut() {
        map.remove("account");
        if let Some(Json::Array(keys)) = map.get_mut("keys") {
            keys.remove(0);
        }
        if let Some(via) = map.get("via").cloned() {
            map.insert("via".into(), settled(&via, store, credentials));
        }
        if let Some(command) = map.get("process").and_then(Json::as_str)
            && let Some((_, item)) = parse_credential_process(command)
            && let Ok(keys) = store.get(&ItemKey::new(&item, credentials))
        {
            return json!({"keys": [
                keys.access_key_id,
                keys.secret_access_key.expose(),
                keys.session_token.as_ref().map(|t| t.expose().to_owned()),
            ]});
        }
    }
    answer
}

/// What one case found wrong, if anything.
struct Checked {
    problems: Vec<String>,
    moved: bool,
}

struct Prepared {
    case: Case,
    before: PathBuf,
    after: PathBuf,
    paths: AwsPaths,
    ours: Result<BTreeMap<String, Json>, String>,
    target: Option<String>,
    outcome: Result<(), String>,
    store: MemoryStore,
    texts_before: [Option<Vec<u8>>; 2],
}

fn read(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok().filter(|_| path.is_file())
}

fn prepare(case: Case, dir: &Path, program: &Path) -> Prepared {
    let before = dir.join("before");
    let after = dir.join("after");
    case.lay_out(&before);
    case.lay_out(&after);
    let env = case.env(&after);
    let lookup = |name: &str| env.get(name).map(OsString::from);
    let paths = AwsPaths::resolve(lookup, Some(after.clone())).unwrap();
    let texts_before = [read(&paths.config), read(&paths.credentials)];
    let mut workspace = Workspace::load(paths.clone());
    let ours = match &workspace {
        Ok(ws) => Ok(ws
            .docs
            .profile_names()
            .into_iter()
            .map(|name| {
                let answer = match ws.docs.resolve(&name) {
                    Ok(source) => super::source_json(&source),
                    Err(_) => json!({"error": true}),
                };
                (name, answer)
            })
            .collect()),
        Err(err) => Err(err.to_string()),
    };
    let store = MemoryStore::new();
    let mut target = None;
    let mut outcome = Err("nothing to move".to_owned());
    if let Ok(ws) = &mut workspace {
        let names = ws.docs.profile_names();
        if !names.is_empty() {
            // Mostly a profile with keys to move; now and then any other.
            let with_keys: Vec<&String> = names
                .iter()
                .filter(|n| matches!(ws.docs.resolve(n), Ok(Source::Keys { .. })))
                .collect();
            let name = if with_keys.is_empty() || case.target == 0 {
                names[case.target % names.len()].clone()
            } else {
                with_keys[case.target % with_keys.len()].clone()
            };
            outcome = keyshelf::keychain::migrate(ws, &store, program, &name)
                .map(|_| ())
                .map_err(|e| e.to_string());
            target = Some(name);
        }
    }
    Prepared {
        case,
        before,
        after,
        paths,
        ours,
        target,
        outcome,
        store,
        texts_before,
    }
}

/// The lines of a file that a move of `target` may change: its secret keys (with their
/// continuation lines, as configparser reads them), its `credential_process`, its headers,
/// blank lines. What is left must be the same before and after.
fn unmoved_lines(text: &[u8], target: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(text);
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let comment = |l: &str| l.trim_start().starts_with(['#', ';']);
    let blank = |l: &str| l.trim().is_empty();
    let mut kept = Vec::new();
    // configparser's rule: a line indented more than the current key's line continues it; a
    // header ends the key.
    let mut key_indent: Option<usize> = None;
    let mut skipping = false;
    for line in lines {
        if blank(line) {
            continue;
        }
        if comment(line) {
            // The user's, wherever it is: never the move's to take.
            kept.push(line.to_owned());
            continue;
        }
        if key_indent.is_some_and(|level| indent(line) > level) {
            if !skipping {
                kept.push(line.to_owned());
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            key_indent = None;
            skipping = false;
            let inner = trimmed
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("");
            let names_target = inner == target
                || keyshelf::aws::names::profile_of_config_header(inner).as_deref() == Some(target);
            if !names_target {
                kept.push(line.to_owned());
            }
            continue;
        }
        key_indent = Some(indent(line));
        let key = trimmed.split(['=', ':']).next().unwrap_or("").trim();
        skipping = SECRET_KEYS.iter().any(|k| keyshelf::ini::same_key(k, key))
            || key.eq_ignore_ascii_case("credential_process");
        if !skipping {
            kept.push(line.to_owned());
        }
    }
    kept
}

fn check(p: &Prepared, boto: &Json) -> Checked {
    let mut problems = Vec::new();
    let before = &boto["before"];
    let after = &boto["after"];
    if before["profile"] != json!(p.paths.default_profile) {
        problems.push(format!(
            "profile: ours {}, botocore {}",
            p.paths.default_profile, before["profile"]
        ));
    }
    let moved = p.outcome.is_ok();
    match (&p.ours, before.get("resolved").and_then(Json::as_object)) {
        (Ok(ours), Some(theirs)) => {
            let their_names: Vec<&String> = theirs.keys().collect();
            let our_names: Vec<&String> = ours.keys().collect();
            let mut sorted = their_names.clone();
            sorted.sort();
            if sorted != our_names {
                problems.push(format!(
                    "profiles: ours {our_names:?}, botocore {their_names:?}"
                ));
            }
            for (name, want) in theirs {
                let want = if want.get("error").is_some() {
                    json!({"error": true})
                } else {
                    super::without_account(want)
                };
                let got = ours.get(name).cloned().unwrap_or(Json::Null);
                if got != want {
                    problems.push(format!("[{name}] ours {got}, botocore {want}"));
                }
            }
        }
        (Ok(_), None) => {
            // botocore refuses the files whole: keyshelf must have refused the move too.
            if moved {
                problems.push(format!(
                    "botocore refuses the files ({}), yet the move went ahead",
                    before["file_error"]
                ));
            }
        }
        (Err(err), _) => {
            if moved {
                problems.push(format!(
                    "keyshelf could not read the files ({err}), yet moved"
                ));
            }
        }
    }
    let texts_after = [read(&p.paths.config), read(&p.paths.credentials)];
    if !moved {
        if texts_after != p.texts_before {
            problems.push(format!(
                "a refused move ({:?}) changed the files",
                p.outcome
            ));
        }
        return Checked { problems, moved };
    }
    let Some(target) = &p.target else {
        return Checked { problems, moved };
    };
    // After the move: every profile resolves to what it did, the moved one through keyshelf.
    let (Some(was), Some(now)) = (
        before["resolved"].as_object(),
        after["resolved"].as_object(),
    ) else {
        problems.push(format!(
            "botocore cannot read the files after the move ({})",
            after["file_error"]
        ));
        return Checked { problems, moved };
    };
    for (name, old) in was {
        let new = now.get(name).cloned().unwrap_or(Json::Null);
        let empty = MemoryStore::new();
        if settled(old, &empty, &p.paths.credentials)
            != settled(&new, &p.store, &p.paths.credentials)
        {
            problems.push(format!(
                "after moving [{target}]: [{name}] was {old}, is {new}"
            ));
        }
        if name == target {
            if new.get("process").is_none() {
                problems.push(format!(
                    "[{target}] is not served by keyshelf after the move: {new}"
                ));
            }
            if old.get("account") != new.get("account") {
                problems.push(format!(
                    "[{target}] account ID was {}, is {}",
                    old["account"], new["account"]
                ));
            }
        }
    }
    // Every value botocore reads is what it was, but the moved ones.
    for (name, values) in before["values"].as_object().into_iter().flatten() {
        let strip = |v: &Json| {
            let mut map = v.as_object().cloned().unwrap_or_default();
            if name == target {
                map.retain(|k, _| {
                    !SECRET_KEYS.iter().any(|s| keyshelf::ini::same_key(s, k))
                        && k != "credential_process"
                });
            }
            map
        };
        if strip(values) != strip(&after["values"][name]) {
            problems.push(format!(
                "after moving [{target}]: the values of [{name}] changed: {values} → {}",
                after["values"][name]
            ));
        }
    }
    // Only the moved lines differ.
    for (old, new) in p.texts_before.iter().zip(&texts_after) {
        let old = unmoved_lines(old.as_deref().unwrap_or_default(), target);
        let new = unmoved_lines(new.as_deref().unwrap_or_default(), target);
        if old != new {
            problems.push(format!("after moving [{target}], lines other than the moved ones changed:\n{old:?}\n{new:?}"));
        }
    }
    Checked { problems, moved }
}

#[test]
fn generated_environments_and_moves_agree_with_botocore() {
    let seed = std::env::var("KEYSHELF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_0019_u64);
    let cases: usize = std::env::var("KEYSHELF_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    // tmpfs where there is one: every move fsyncs.
    let root = match tempfile::tempdir_in("/dev/shm") {
        Ok(dir) => dir,
        Err(_) => tempfile::tempdir().unwrap(),
    };
    let program = root.path().join("bin/keyshelf");
    std::fs::create_dir_all(program.parent().unwrap()).unwrap();
    std::fs::write(&program, "").unwrap();
    let mut rng = Rng(seed);
    let prepared: Vec<Prepared> = (0..cases)
        .map(|i| {
            let dir = root.path().join(format!("c{i}"));
            prepare(Case::generate(&mut rng), &dir, &program)
        })
        .collect();
    let jobs: Vec<Json> = prepared
        .iter()
        .map(|p| json!({"before": p.case.env(&p.before), "after": p.case.env(&p.after)}))
        .collect();
    let jobs_file = root.path().join("jobs.json");
    std::fs::write(&jobs_file, serde_json::to_vec(&jobs).unwrap()).unwrap();
    let out = python(root.path())
        .args(["-c", PYTHON])
        .arg(&jobs_file)
        .output()
        .unwrap();
    if String::from_utf8_lossy(&out.stderr).contains("No module named") {
        ini_support::skip::skipped(
            "python3 with botocore is not installed (pip install botocore; .ci/run does)",
        );
        return;
    }
    assert!(
        out.status.success(),
        "the oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let readings: Vec<Json> = serde_json::from_slice(&out.stdout).unwrap();
    let (mut moved, mut failures) = (0, Vec::new());
    for (p, boto) in prepared.iter().zip(&readings) {
        let checked = check(p, boto);
        moved += usize::from(checked.moved);
        if !checked.problems.is_empty() && failures.len() < 4 {
            failures.push(format!(
                "--- env {:?}\n--- config:\n{}\n--- credentials:\n{}\n--- move: {:?} {:?}\n    {}",
                p.case
                    .env(&p.after)
                    .into_iter()
                    .filter(|(k, _)| k.starts_with("AWS"))
                    .collect::<Vec<_>>(),
                p.case.config,
                p.case.credentials,
                p.target,
                p.outcome,
                checked.problems.join("\n    ")
            ));
        }
    }
    eprintln!(
        "{cases} generated cases (seed {seed}): {moved} moves went ahead, the rest were refused"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        moved > cases / 10,
        "the generator reaches moves that go ahead ({moved})"
    );
}
