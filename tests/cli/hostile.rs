//! Hostile places and slow paths. The real binary in a temporary home: a FIFO
//! where a file should be, a dangling symlink as a shared file, secrets kept off the command
//! line.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use crate::common;

use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, Sandbox, assert_error, run_cmd};

/// Runs a command that must end by itself; a hang fails the test instead of hanging it.
fn run_bounded(mut cmd: Command) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("it hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The witness: a FIFO as the config file (or the CSV) hung keyshelf forever. Anything
/// that is not a regular file is refused before it is opened.
#[test]
fn a_fifo_where_a_file_should_be_is_refused_not_waited_for() {
    let sb = Sandbox::new();
    fs::create_dir_all(&sb.aws).unwrap();
    common::mkfifo(&sb.config);
    let mut list = sb.cmd();
    list.arg("list");
    let list = run_bounded(list);
    // botocore reads no file there (`os.path.isfile` is false): neither does keyshelf, and it
    // says so instead of waiting for a writer.
    list.assert_ok();
    assert!(
        list.stderr.contains("is not a regular file"),
        "{}",
        list.stderr
    );
    let mut set = sb.cmd();
    set.args(["set", "region", "eu-west-1"]);
    assert_error(
        &run_bounded(set),
        1,
        &["not a regular file", "will not write there"],
    );

    // A sibling: the CSV given to import.
    fs::remove_file(&sb.config).unwrap();
    let csv = sb.root().join("keys.csv");
    common::mkfifo(&csv);
    let mut import = sb.cmd();
    import.args(["import", csv.to_str().unwrap(), "--profile", "x"]);
    let import = run_bounded(import);
    assert_eq!(import.code, 1, "{}", import.stderr);
    assert!(
        import.stderr.contains("not a regular file"),
        "{}",
        import.stderr
    );
}

/// The witness: a dangling symlink as the credentials file was replaced by a regular
/// file holding the secret. It is written through, the file appears where the link points
/// (0600), the link stays, and the backups go beside the file, not the link.
#[test]
fn a_dangling_symlink_is_written_through_and_backed_up_beside_its_target() {
    let sb = Sandbox::new();
    let store = sb.root().join("store");
    fs::create_dir_all(&store).unwrap();
    fs::create_dir_all(&sb.aws).unwrap();
    std::os::unix::fs::symlink(store.join("credentials"), &sb.credentials).unwrap();
    let mut set = sb.cmd();
    set.args(["set", "aws_session_token", "-", "--profile", "dev"]);
    set.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = set.spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"t0ken\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        fs::symlink_metadata(&sb.credentials)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(store.join("credentials")).unwrap(),
        "[dev]\naws_session_token = t0ken\n"
    );
    assert_eq!(common::mode(&store.join("credentials")) & 0o777, 0o600);
    run_cmd(
        sb.cmd()
            .args(["set", "region", "eu-west-1", "--profile", "dev"]),
    )
    .assert_ok();
    run_cmd(
        sb.cmd()
            .args(["unset", "aws_session_token", "--profile", "dev"]),
    )
    .assert_ok();
    let beside_target = keyshelf::files::list_backups(&store.join("credentials")).unwrap();
    assert_eq!(beside_target.len(), 1, "the backup is beside the file");
    assert!(beside_target[0].starts_with(store.join("keyshelf-backups")));
    assert!(!sb.aws.join("keyshelf-backups").join("credentials").exists());
}

/// The witness: `keyshelf set aws_secret_access_key VALUE` put the secret where every
/// local user can read it (`ps`). A secret is read from stdin (`-`, or no value at all); one
/// on the command line is refused, with the way that works.
#[test]
fn a_secret_is_never_taken_from_the_command_line() {
    let sb = Sandbox::new();
    let refused = sb.run(&[
        "set",
        "aws_secret_access_key",
        "s3cr3tVALUE",
        "--profile",
        "dev",
    ]);
    assert_error(&refused, 1, &["command line", "ps", "-"]);
    assert!(!refused.stderr.contains("s3cr3tVALUE"));
    assert!(!sb.credentials.exists(), "nothing was written");
    for args in [
        &["set", "aws_secret_access_key", "-", "--profile", "dev"][..],
        &["set", "aws_secret_access_key", "--profile", "dev"][..],
    ] {
        let mut cmd = sb.cmd();
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        common::assert_no_secrets(&String::from_utf8_lossy(&out.stderr));
        assert!(
            sb.read_credentials()
                .contains("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
        );
    }
    // Not a secret: the value on the command line is fine, and still required.
    sb.run(&["set", "region", "eu-west-1", "--profile", "dev"])
        .assert_ok();
    assert_error(
        &sb.run(&["set", "region", "--profile", "dev"]),
        1,
        &["region"],
    );
}

/// Witnesses: `aws_secret_access_key.x` (a block nested under a secret, which botocore takes
/// as that secret's value) was printed by `get` without `--reveal` and set from the command
/// line; and a secret sent on stdin in two lines was stored as its first line, without a word.
#[test]
fn every_way_to_a_secret_is_guarded_and_a_secret_is_stored_whole_or_not_at_all() {
    let sb = Sandbox::new();
    sb.write_credentials("[p2]\naws_secret_access_key =\n  x = LEAKD\n");
    let got = sb.run(&["get", "aws_secret_access_key.x", "--profile", "p2"]);
    assert_error(&got, 1, &["secret", "--reveal"]);
    assert!(!got.stderr.contains("LEAKD"));
    let before = sb.tree();
    let nested = sb.run(&[
        "set",
        "aws_secret_access_key.x",
        "CMDLINESECRET",
        "--profile",
        "p2",
    ]);
    assert_error(&nested, 1, &["aws_secret_access_key", "nested block"]);
    assert_eq!(sb.tree(), before);
    let mut cmd = sb.cmd();
    cmd.args(["set", "aws_secret_access_key", "-", "--profile", "p2"]);
    let two_lines = common::run_with_stdin(&mut cmd, "wJalrXUtnFEMI/K7MDENG\nbPxRfiCYEXAMPLEKEY");
    assert_error(&two_lines, 1, &["more than one line", "nothing changed"]);
    common::assert_no_secrets(&two_lines.stderr);
    assert_eq!(sb.tree(), before);
}

/// A process of the same user cannot read a keyshelf process that may hold a secret (here
/// `set`, waiting for the secret on stdin): it is not dumpable (`/proc/PID/environ`, `mem` and
/// ptrace refused) and writes no core file. Run as an unprivileged user through `setpriv`,
/// since root reads every process; a plain `sleep` of that user is the control.
#[test]
fn secret_holding_process_cannot_be_read_by_the_same_user_or_dumped() {
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let as_nobody = |program: &str| {
        let mut cmd = Command::new("setpriv");
        cmd.args(nobody).arg(program);
        cmd
    };
    if run_cmd(as_nobody("true").stdin(Stdio::null())).code != 0 {
        common::skip::skipped("setpriv cannot run a command as another user (needs root)");
        return;
    }
    let sb = Sandbox::new();
    fs::create_dir_all(&sb.aws).unwrap();
    for dir in [sb.root(), sb.home.as_path(), sb.aws.as_path()] {
        std::os::unix::fs::chown(dir, Some(65534), Some(65534)).unwrap();
    }
    let readable = |pid: u32| {
        run_cmd(
            as_nobody("cat")
                .arg(format!("/proc/{pid}/environ"))
                .stdin(Stdio::null()),
        )
        .code
            == 0
    };
    let mut control = as_nobody("sleep").arg("30").spawn().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        readable(control.id()),
        "the control: a process of the user reads another"
    );
    let _ = control.kill();
    let _ = control.wait();

    // A copy the unprivileged user can run wherever the build folder is (CI's clone may sit
    // in a folder only root can enter).
    let copy = sb.root().join("keyshelf");
    common::copy_of_keyshelf(&copy);
    std::os::unix::fs::chown(&copy, Some(65534), Some(65534)).unwrap();
    let mut cmd = common::like(&sb.cmd(), "setpriv");
    cmd.args(nobody).arg(&copy);
    cmd.current_dir(sb.root())
        .args(["set", "aws_secret_access_key", "-", "--profile", "dev"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // The copy may still be open for writing in a child another test thread forked meanwhile
    // ("Text file busy" at exec): setpriv then fails at once, and is started again.
    let mut child = cmd.spawn().unwrap();
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(100));
        match child.try_wait().unwrap() {
            Some(_) => child = cmd.spawn().unwrap(),
            None => break,
        }
    }
    // `setpriv` execs keyshelf in place: the child's PID is keyshelf's.
    std::thread::sleep(Duration::from_millis(300));
    let pid = child.id();
    let limits = fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert!(
        core.split_whitespace().filter(|w| *w == "0").count() == 2,
        "{core}"
    );
    assert!(
        !readable(pid),
        "another process of the same user read keyshelf's memory"
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"s3cr3t-value\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The AWS CLI writes the shared files in place: it opens them with truncation, then writes.
/// A keyshelf save landing in between once read the empty file and saved over it, wiping every
/// other profile (exit 0). A file that is empty, or cut short, and changed a moment ago is now
/// waited for; never is a profile nobody asked to drop dropped.
#[test]
fn writer_that_truncates_then_writes_never_loses_profiles_to_a_racing_set() {
    let sb = Sandbox::new();
    let profiles: String = (0..30)
        .map(|i| format!("[profile p{i}]\nregion = us-east-1\n\n"))
        .collect();
    sb.write_config(&profiles);
    let mut lost = Vec::new();
    for round in 0..60u64 {
        let path = sb.config.clone();
        let text = profiles.clone();
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(round % 7 * 2));
            let mut file = fs::File::create(&path).unwrap(); // truncates, as open(…, 'w') does
            std::thread::sleep(Duration::from_millis(10 + round % 5 * 10));
            file.write_all(text.as_bytes()).unwrap();
        });
        let profile = format!("p{}", round % 30);
        let run = sb.run(&["set", "output", "json", "--profile", &profile]);
        writer.join().unwrap();
        let now = sb.read_config();
        let missing = (0..30)
            .filter(|i| !now.contains(&format!("[profile p{i}]\n")))
            .count();
        if missing > 0 {
            lost.push(format!(
                "round {round}: exit {}, {missing} profiles gone",
                run.code
            ));
        }
    }
    assert!(lost.is_empty(), "{lost:?}");
}
