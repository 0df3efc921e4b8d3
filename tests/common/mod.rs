//! A sandbox for running the real `keyshelf` binary: a temporary home folder, the two AWS files
//! inside it, and an environment scrubbed of every `AWS_*` variable of the machine running the
//! tests, so the real `~/.aws` is never read or written.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

pub mod a11y;
pub mod display;
pub mod keyring;
pub mod moto;
pub mod proxy;
pub mod skip;
pub mod sso_fake;

/// Every secret value written by the fixtures. None of them may ever appear on stderr, nor on
/// stdout unless `--reveal` asked for it.
pub const SECRETS: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "ASIAI44QH8DHBEXAMPLE",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes==",
    "AKIACIEXAMPLE0000001",
    "ciSecretKeyEXAMPLE0000000000000000000001",
    "AKIANEWEXAMPLE000001",
    "NewSecretEXAMPLEnewSecretEXAMPLEnewSecre",
];

/// A hand-kept config file: comments of both kinds, CRLF line endings, odd spacing and trailing
/// blanks, a nested `s3` block, an `[sso-session]` and a `[services]` section, and no newline at
/// the end of the last line.
pub const RICH_CONFIG_LINES: &[&str] = &[
    "# ~/.aws/config, kept by hand: keep these comments",
    "; semicolon comments count too",
    "",
    "[default]",
    "region = us-east-1",
    "output = json",
    "",
    "# The development account.",
    "# (two comment lines above its header)",
    "[profile dev]",
    "region=us-west-2   ",
    "cli_pager =",
    "s3 =",
    "  max_concurrent_requests = 20",
    "  addressing_style = path",
    "",
    "[sso-session corp]",
    "sso_start_url = https://corp.awsapps.com/start#/",
    "sso_region = eu-central-1",
    "sso_registration_scopes = sso:account:access",
    "",
    "[profile sso-user]",
    "sso_session = corp",
    "sso_account_id = 111122223333",
    "sso_role_name = ReadOnly",
    "region = eu-central-1",
    "",
    "[services local-s3]",
    "s3 =",
    "  endpoint_url = http://localhost:9000",
    "",
    "[profile vault]",
    "credential_process = /usr/local/bin/keyshelf credential-process --profile vault",
    "",
    "[profile staging]",
    "role_arn = arn:aws:iam::444455556666:role/Deploy",
    "source_profile = dev",
    "",
    "[profile prod]",
    "role_arn = arn:aws:iam::777788889999:role/Admin",
    "source_profile = dev",
    "output = text",
];

/// The config file above as bytes: CRLF, no final newline.
pub fn rich_config() -> String {
    RICH_CONFIG_LINES.join("\r\n")
}

/// A credentials file (LF, final newline) with static keys for `default`, `dev` (temporary keys
/// with a session token) and `ci` (only in this file, with a region).
pub const CREDENTIALS: &str = "\
# Static keys. Rotate them!
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[dev]
aws_access_key_id = ASIAI44QH8DHBEXAMPLE
aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY
aws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKENvalue+with/slashes==

[ci]
aws_access_key_id = AKIACIEXAMPLE0000001
aws_secret_access_key = ciSecretKeyEXAMPLE0000000000000000000001
region = ca-central-1
";

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from_output(out: Output) -> Run {
        Run {
            code: out
                .status
                .code()
                .expect("the process was killed by a signal"),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn assert_ok(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

/// A temporary home folder with `~/.aws/config` and `~/.aws/credentials` inside it (not created
/// until written).
pub struct Sandbox {
    tmp: TempDir,
    pub home: PathBuf,
    pub aws: PathBuf,
    pub config: PathBuf,
    pub credentials: PathBuf,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        fs::create_dir(&home).unwrap();
        let aws = home.join(".aws");
        Sandbox {
            config: aws.join("config"),
            credentials: aws.join("credentials"),
            aws,
            home,
            tmp,
        }
    }

    /// A sandbox holding the rich config and the credentials fixture.
    pub fn rich() -> Sandbox {
        let sandbox = Sandbox::new();
        sandbox.write_config(rich_config());
        sandbox.write_credentials(CREDENTIALS);
        sandbox
    }

    /// The temporary folder everything lives in.
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    pub fn write_config(&self, bytes: impl AsRef<[u8]>) {
        write_file(&self.config, bytes.as_ref());
    }

    pub fn write_credentials(&self, bytes: impl AsRef<[u8]>) {
        write_file(&self.credentials, bytes.as_ref());
    }

    pub fn read_config(&self) -> String {
        fs::read_to_string(&self.config).unwrap()
    }

    pub fn read_credentials(&self) -> String {
        fs::read_to_string(&self.credentials).unwrap()
    }

    /// The binary, with HOME and the two file variables pointing into the sandbox and every other
    /// `AWS_*` variable (AWS_PROFILE included) removed.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_keyshelf"));
        scrub_aws_env(&mut cmd);
        cmd.current_dir(self.root())
            .env("HOME", &self.home)
            // Where `keyshelf install` records itself and data files go: the sandbox's, never
            // the real ones of the person running the tests.
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env_remove("XDG_BIN_HOME")
            .env("AWS_CONFIG_FILE", &self.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &self.credentials)
            // Never the keychain of the person running the tests: keychain tests point this at
            // a private bus (see keyring.rs).
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/keyshelf-test-bus",
            )
            // No display: a binary built with the desktop app must never open a window here.
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        cmd
    }

    /// Runs `keyshelf ARGS`.
    pub fn run(&self, args: &[&str]) -> Run {
        run_cmd(self.cmd().args(args))
    }

    /// `keyshelf set KEY - --profile PROFILE` with the secret value on stdin, as a person (or a
    /// script) gives one: never on the command line.
    pub fn set_secret(&self, key: &str, value: &str, profile: &str) -> Run {
        let mut cmd = self.cmd();
        cmd.args(["set", key, "-", "--profile", profile]);
        run_with_stdin(&mut cmd, &format!("{value}\n"))
    }

    /// Runs `keyshelf ARGS` with `AWS_PROFILE` set.
    pub fn run_as(&self, aws_profile: &str, args: &[&str]) -> Run {
        run_cmd(self.cmd().env("AWS_PROFILE", aws_profile).args(args))
    }

    /// Every file and folder under the sandbox, with the bytes of each file: compare two of these
    /// to show that nothing at all was written (no file changed, no backup or temporary file).
    ///
    /// The save lock (`.keyshelf.lock`, empty) is left out: every command that may write takes
    /// it, and it stays, as a lock file must (removing one races with the next taker).
    pub fn tree(&self) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        let mut out = BTreeMap::new();
        walk(self.root(), &mut out);
        out.retain(|path, _| {
            path.file_name()
                .is_none_or(|name| name != keyshelf::files::LOCK_FILE)
        });
        out
    }

    /// Every file under the sandbox (the AWS files, their backups, anything the AWS CLI or a
    /// download left in the home), each read as text and joined: search it for a secret or a
    /// token that must not be anywhere on disk.
    pub fn all_text(&self) -> String {
        self.tree()
            .into_values()
            .flatten()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The backups of `file`, oldest first.
    pub fn backups_of(&self, file: &Path) -> Vec<PathBuf> {
        let dir = file.parent().unwrap().join("keyshelf-backups");
        let prefix = format!("{}.", file.file_name().unwrap().to_string_lossy());
        let mut found: Vec<PathBuf> = match fs::read_dir(&dir) {
            Ok(entries) => entries
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with(&prefix)
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        found.sort();
        found
    }

    /// Runs `python3 -c SCRIPT` with the same scrubbed environment as the binary.
    pub fn python(&self, script: &str) -> Run {
        let mut cmd = Command::new("python3");
        scrub_aws_env(&mut cmd);
        cmd.current_dir(self.root())
            .env("HOME", &self.home)
            .env("AWS_CONFIG_FILE", &self.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &self.credentials)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .args(["-c", script]);
        match cmd.output() {
            Ok(out) => Run::from_output(out),
            // No python3 at all: report it like a failed import, so callers can skip.
            Err(err) => Run {
                code: 127,
                stdout: String::new(),
                stderr: format!("could not run python3: {err}"),
            },
        }
    }
}

/// Runs a command to completion. Another build sharing the target folder may re-link the binary
/// while the tests run, leaving it missing for a moment; and a program a test has just copied
/// may still be open for writing in a child that another test thread forked meanwhile (it
/// holds the descriptor until its exec closes it), so exec fails with "Text file busy".
/// Starting is retried briefly in both cases.
pub fn run_cmd(cmd: &mut Command) -> Run {
    let mut attempts = 0;
    loop {
        match cmd.output() {
            Ok(out) => return Run::from_output(out),
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::ExecutableFileBusy
                ) && attempts < 20 =>
            {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(err) => panic!("could not start {:?}: {err}", cmd.get_program()),
        }
    }
}

/// Runs a command with `input` on its stdin (a secret for `keyshelf set KEY -`).
pub fn run_with_stdin(cmd: &mut Command, input: &str) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    Run::from_output(child.wait_with_output().unwrap())
}

/// Removes every `AWS_*` variable inherited from the machine running the tests (AWS_PROFILE,
/// AWS_REGION, AWS_DEFAULT_REGION, AWS_CONFIG_FILE, ...).
pub fn scrub_aws_env(cmd: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(&name);
        }
    }
    cmd.env_remove("AWS_PROFILE");
}

fn write_file(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let meta = fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            out.insert(path.clone(), None);
            walk(&path, out);
        } else if meta.is_file() {
            out.insert(path.clone(), Some(fs::read(&path).unwrap()));
        } else {
            out.insert(path.clone(), Some(Vec::new()));
        }
    }
}

/// The permission bits of a file or folder.
pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

pub fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Fails if any fixture secret appears in `text`.
#[track_caller]
pub fn assert_no_secrets(text: &str) {
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "a secret value leaked into the output: {text:?}"
        );
    }
}

/// Checks a failed run: the exit code, nothing on stdout, exactly one line on stderr that starts
/// `keyshelf: ` and contains every one of `needles`, and no secret anywhere.
#[track_caller]
pub fn assert_error(run: &Run, code: i32, needles: &[&str]) {
    assert_eq!(
        run.code, code,
        "exit code\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "nothing on stdout on failure: {:?}",
        run.stdout
    );
    assert!(
        run.stderr.ends_with('\n'),
        "stderr ends its line: {:?}",
        run.stderr
    );
    let lines: Vec<&str> = run.stderr.split('\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines.len(),
        1,
        "exactly one line on stderr: {:?}",
        run.stderr
    );
    assert!(
        lines[0].starts_with("keyshelf: "),
        "stderr starts with “keyshelf: ”: {:?}",
        run.stderr
    );
    for needle in needles {
        assert!(
            lines[0].contains(needle),
            "stderr names {needle:?}: {:?}",
            run.stderr
        );
    }
    assert_no_secrets(&run.stderr);
}

/// The lines that differ between two texts (after removing the common first and last lines):
/// what was removed and what was added. Line endings are not compared (appending a line to a
/// file without a final newline must end its last line); compare the bytes for those.
pub fn line_diff(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let removed = a[prefix..a.len() - suffix]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let added = b[prefix..b.len() - suffix]
        .iter()
        .map(|s| s.to_string())
        .collect();
    (removed, added)
}

/// Makes a folder read-only for the test's duration and restores it on drop (even on panic), so
/// the temporary folder can be cleaned up.
pub struct ReadOnly<'a> {
    path: &'a Path,
    old: u32,
}

impl<'a> ReadOnly<'a> {
    pub fn new(path: &'a Path) -> ReadOnly<'a> {
        let old = mode(path);
        set_mode(path, 0o555);
        ReadOnly { path, old }
    }

    /// Whether permission checks apply to this process: as root (or with CAP_DAC_OVERRIDE) a
    /// read-only folder is still writable.
    pub fn is_enforced(&self) -> bool {
        let probe = self.path.join(".keyshelf-test-probe");
        match fs::File::create(&probe) {
            Ok(_) => {
                let _ = fs::remove_file(&probe);
                false
            }
            Err(_) => true,
        }
    }
}

impl Drop for ReadOnly<'_> {
    fn drop(&mut self) {
        let _ = fs::set_permissions(self.path, fs::Permissions::from_mode(self.old));
    }
}

/// The value of `key` in `[section]` of an INI text, as written (for comparing with `get`).
pub fn line_value(text: &str, section: &str, key: &str) -> String {
    let header = format!("[{section}]");
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == header;
        } else if inside
            && let Some((k, v)) = line.split_once('=')
            && k.trim() == key
        {
            return v.trim().to_owned();
        }
    }
    panic!("no {key} in [{section}]");
}

/// The AWS CLI v2, where installed: Debian's `awscli` (`/usr/bin/aws`) is v2, while the `aws`
/// that pip installs (and may put first on the PATH) is v1, which lacks `configure import` and
/// `configure export-credentials`. `Err` says what was found instead.
pub fn aws_cli_v2() -> Result<&'static str, String> {
    let mut found = Vec::new();
    for aws in ["/usr/bin/aws", "aws"] {
        let Ok(out) = Command::new(aws).arg("--version").output() else {
            continue;
        };
        // v1 printed its version on stderr before 1.18; v2 prints it on stdout.
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        if text.trim_start().starts_with("aws-cli/2") {
            return Ok(aws);
        }
        found.push(format!("{aws}: {}", text.trim()));
    }
    Err(if found.is_empty() {
        "no AWS CLI is installed".to_owned()
    } else {
        format!("no AWS CLI v2 (found {})", found.join("; "))
    })
}

/// `cmd` in a new session of its own: no controlling terminal, as when a desktop app (an IDE,
/// a backup tool) runs the AWS CLI.
pub fn without_terminal(cmd: &Command) -> Command {
    let mut detached = Command::new("setsid");
    detached
        .arg("-w")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    detached.env_clear();
    for (name, value) in cmd.get_envs() {
        if let Some(value) = value {
            detached.env(name, value);
        }
    }
    for name in ["PATH", "LANG"] {
        if let Some(value) = std::env::var_os(name) {
            detached.env(name, value);
        }
    }
    if let Some(dir) = cmd.get_current_dir() {
        detached.current_dir(dir);
    }
    detached.stdin(Stdio::null());
    detached
}

/// A copy of the keyshelf binary at `to`, mode 0755, made by `cp` rather than in this
/// process: a test binary runs tests on many threads, and a child another thread forks while
/// this process holds the copy open for writing keeps that descriptor until it execs, so
/// running the copy at once can fail with "Text file busy" (ETXTBSY).
#[cfg(unix)]
pub fn copy_of_keyshelf(to: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    let status = Command::new("cp")
        .arg(env!("CARGO_BIN_EXE_keyshelf"))
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success(), "cp of the keyshelf binary failed");
    fs::set_permissions(to, fs::Permissions::from_mode(0o755)).unwrap();
}

/// `program` with `cmd`'s environment changes (set and removed variables) and folder: the
/// sandbox's environment on another program (a copy of keyshelf, strace, setpriv, sh).
pub fn like(cmd: &Command, program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut other = Command::new(program);
    for (name, value) in cmd.get_envs() {
        match value {
            Some(value) => other.env(name, value),
            None => other.env_remove(name),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        other.current_dir(dir);
    }
    other
}

/// Makes a FIFO at `path`: a "file" whose reader waits for a writer, forever if none comes.
pub fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// Runs `cmd` under strace, killed with SIGKILL as it enters its `when`th `syscall`: a crash
/// aimed at one step (Debian's strace; `.ci/run` installs it). `None`, once said, without
/// strace. The code of a killed run is -1.
pub fn killed_at(cmd: &Command, syscall: &str, when: usize) -> Option<Run> {
    let probe = Command::new("strace").arg("-V").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        skip::skipped("the aimed kills need strace (apt install strace; .ci/run does)");
        return None;
    }
    let mut traced = like(cmd, "strace");
    traced
        .args(["-f", "-o", "/dev/null", "-e"])
        .arg(format!("inject={syscall}:signal=KILL:when={when}"))
        .arg(cmd.get_program())
        .args(cmd.get_args());
    // strace ends itself with the signal that killed its child.
    let out = traced.output().unwrap();
    Some(Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}
