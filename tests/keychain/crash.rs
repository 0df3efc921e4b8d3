//! Two writers, a crash, nothing lost. The real binary on real files: two keyshelf
//! processes writing the same files at once, and saves killed with SIGKILL at random moments
//! (aimed at the end of the run, where the files are written), each followed by the next start
//! of keyshelf. Every file must be whole and readable, the two files must agree, every secret
//! must be in the files or the keychain, and no temporary file or journal may be left.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use crate::common;
use crate::ini_support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::keyring::{self, PrivateKeyring};
use common::{Run, Sandbox, run_cmd};
use ini_support::Rng;
use keyshelf::aws::AwsPaths;
use keyshelf::files::Workspace;

/// How many kills each test makes (`KEYSHELF_KILLS` for more): about 300 in all by default,
/// 200 of them aimed inside the two-file save of a rename.
fn kills(default: usize) -> usize {
    std::env::var("KEYSHELF_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn paths(sb: &Sandbox) -> AwsPaths {
    AwsPaths {
        config: sb.config.clone(),
        credentials: sb.credentials.clone(),
        default_profile: "default".into(),
    }
}

/// A pair of files with `n` profiles, `dev` among them in both files.
fn big_pair(n: usize) -> (String, String) {
    let mut config = String::from("# team\n[profile dev]\nregion = eu-west-1\n");
    let mut credentials = String::from(
        "[dev]\naws_access_key_id = AKIADEVDEVDEVDEVDEV1\naws_secret_access_key = devSecretDEVsecretDEVsecretDEVsecret0001\n",
    );
    for i in 0..n {
        config.push_str(&format!("\n[profile p{i}]\nregion = eu-west-1\n"));
        credentials.push_str(&format!(
            "\n[p{i}]\naws_access_key_id = AKIA{i:016}\naws_secret_access_key = {i:040}\n"
        ));
    }
    (config, credentials)
}

/// Everything the next start must find: both files whole and readable by the AWS tools, no
/// temporary file, no journal.
#[track_caller]
fn assert_whole(sb: &Sandbox) -> Workspace {
    let workspace = Workspace::load(paths(sb)).expect("the next start reads both files");
    for (doc, name) in [
        (&workspace.docs.config, "config"),
        (&workspace.docs.credentials, "credentials"),
    ] {
        assert!(doc.problems().is_empty(), "{name}: {:?}", doc.problems());
    }
    let mut left = Vec::new();
    for dir in [sb.aws.clone(), sb.aws.join("keyshelf-backups")] {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") || name == ".keyshelf-journal" {
                left.push(name);
            }
        }
    }
    assert!(left.is_empty(), "left behind: {left:?}");
    workspace
}

/// Runs `keyshelf ARGS` and kills it after `after`; returns whether it finished first.
fn run_and_kill(mut cmd: Command, after: Duration) -> bool {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    finished
}

/// How long a run takes when nothing kills it (the median of three).
fn duration_of(make: impl Fn() -> Command, reset: impl Fn()) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            reset();
            let start = Instant::now();
            let out = make().output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            start.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

/// The witness: `rename dev prod` killed between its two renames left `prod` in the
/// config and `dev` in the credentials file. Now a kill at any moment leaves the pair as before
/// or as after, once the next start has run.
#[test]
fn a_kill_at_any_moment_never_leaves_the_pair_half_saved() {
    let sb = Sandbox::new();
    let (config, credentials) = big_pair(5_000);
    let reset = || {
        sb.write_config(&config);
        sb.write_credentials(&credentials);
    };
    let rename = || {
        let mut cmd = sb.cmd();
        cmd.args(["rename", "dev", "prod"]);
        cmd
    };
    let full = duration_of(rename, reset);
    let mut rng = Rng(0x5EED);
    let (mut before, mut after, mut finished) = (0, 0, 0);
    for _ in 0..kills(200) {
        reset();
        // The files are written in the last part of the run: aim there, and a little past it.
        let at = full.mul_f64(0.7 + 0.35 * rng.unit());
        finished += usize::from(run_and_kill(rename(), at));
        let workspace = assert_whole(&sb);
        let names = workspace.docs.profile_names();
        let (dev, prod) = (
            names.iter().any(|n| n == "dev"),
            names.iter().any(|n| n == "prod"),
        );
        let in_config = |name: &str| workspace.docs.config_header(name).is_some();
        let in_credentials = |name: &str| workspace.docs.credentials.has_section(name);
        match (dev, prod) {
            (true, false) => before += 1,
            (false, true) => after += 1,
            other => panic!("half-saved: dev/prod {other:?}"),
        }
        for name in ["dev", "prod"] {
            assert_eq!(
                in_config(name),
                in_credentials(name),
                "the files disagree on {name}"
            );
        }
    }
    eprintln!(
        "{} kills: {before} left it as before, {after} as after ({finished} had finished)",
        kills(200)
    );
    assert!(
        before > 0 && after > finished,
        "the kills landed inside the save"
    );
}

/// The witness: `set region` and `set output` on one profile at once, 50 times, lost
/// 42 of 100 updates that exited 0. Now every call waits for the other and keeps its update.
#[test]
fn two_processes_at_once_never_lose_an_update() {
    let sb = Sandbox::new();
    sb.write_config("[profile dev]\nregion = eu-west-1\n");
    for i in 0..kills(200) {
        let spawn = |args: &[&str]| {
            let mut cmd = sb.cmd();
            cmd.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
            cmd.spawn().unwrap()
        };
        let region = format!("r{i}");
        let output = format!("o{i}");
        let a = spawn(&["set", "region", &region, "--profile", "dev"]);
        let b = spawn(&["set", "output", &output, "--profile", "dev"]);
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {i}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let config = sb.read_config();
        assert!(
            config.contains(&format!("region = {region}\n"))
                && config.contains(&format!("output = {output}\n")),
            "round {i}: an update was lost:\n{config}"
        );
    }
    assert_whole(&sb);
}

/// The witness: a `migrate` racing a `set` on another profile stranded the keys (in
/// neither the files nor the keychain). Now they never are, and every call succeeds.
#[test]
fn a_migration_racing_a_set_never_strands_the_keys() {
    if !keyring::available() {
        return;
    }
    let sb = Sandbox::new();
    let kr = PrivateKeyring::start();
    for i in 0..kills(40) {
        sb.write_config("[profile other]\nregion = eu-west-1\n");
        sb.write_credentials(
            "[dev]\naws_access_key_id = AKIADEVDEVDEVDEVDEV1\naws_secret_access_key = devSecretDEVsecretDEVsecretDEVsecret0001\n",
        );
        let spawn = |args: &[&str]| {
            let mut cmd = sb.cmd();
            kr.apply(&mut cmd);
            cmd.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
            cmd.spawn().unwrap()
        };
        let migrate = spawn(&["migrate", "--profile", "dev"]);
        let set = spawn(&["set", "output", &format!("o{i}"), "--profile", "other"]);
        for child in [migrate, set] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(
            kr.served(&sb, "dev")["AccessKeyId"],
            "AKIADEVDEVDEVDEVDEV1",
            "round {i}"
        );
        assert!(sb.read_config().contains(&format!("output = o{i}")));
        let _ = kr.run(&sb, &["restore", "--profile", "dev"]);
    }
}

/// Kills aimed at a migration: whatever the moment, after the next start the keys are in the
/// files or in the keychain (never in neither), and a `credential_process` line is only ever
/// there with its item.
#[test]
fn a_migration_killed_at_any_moment_keeps_the_keys_somewhere() {
    if !keyring::available() {
        return;
    }
    let sb = Sandbox::new();
    let kr = PrivateKeyring::start();
    let (config, credentials) = big_pair(2_000);
    let reset = || {
        let _ = kr.run(&sb, &["restore", "--profile", "dev"]);
        sb.write_config(&config);
        sb.write_credentials(&credentials);
    };
    let migrate = || {
        let mut cmd = sb.cmd();
        kr.apply(&mut cmd);
        cmd.args(["migrate", "--profile", "dev"]);
        cmd
    };
    let full = duration_of(migrate, reset);
    let mut rng = Rng(0xC0FFEE);
    let (mut in_files, mut in_keychain) = (0, 0);
    // The kills aim at the moment the move commits. A machine busy with other tests runs the
    // migration slower than when `full` was measured: each kill that came too early moves the
    // aim later, each that came too late moves it earlier, so the kills land on both sides.
    let mut aim = 1.0;
    for _ in 0..kills(40) {
        reset();
        run_and_kill(migrate(), full.mul_f64(aim * (0.5 + 0.6 * rng.unit())));
        let workspace = assert_whole(&sb);
        let keys = workspace.docs.static_keys("dev");
        let served = kr.run(&sb, &["credential-process", "--profile", "dev"]);
        let process = workspace.docs.get("dev", "credential_process").is_some();
        match (keys, process) {
            (Some(keys), false) => {
                assert_eq!(keys.access_key_id, "AKIADEVDEVDEVDEVDEV1");
                in_files += 1;
                aim *= 1.2;
            }
            (None, true) => {
                assert!(
                    served.stdout.contains("AKIADEVDEVDEVDEVDEV1"),
                    "{}",
                    served.stderr
                );
                // The move's clean-up is part of the move: killed during it, it was finished
                // by the next start, and no backup keeps the secret.
                for copy in keyshelf::files::list_backups(&sb.credentials).unwrap() {
                    let text = fs::read_to_string(&copy).unwrap();
                    assert!(
                        !text.contains("devSecretDEVsecretDEVsecretDEVsecret0001"),
                        "{} still holds the moved secret",
                        copy.display()
                    );
                }
                in_keychain += 1;
                aim /= 1.2;
            }
            other => panic!(
                "keys {:?}, credential_process {}",
                other.0.is_some(),
                other.1
            ),
        }
    }
    eprintln!("migrations killed: {in_files} left the keys in the files, {in_keychain} moved them");
    assert!(
        in_files > 0 && in_keychain > 0,
        "the kills landed on both sides"
    );
}

/// Leftovers of a save killed before its journal (a full plaintext copy of the credentials
/// file) are removed by the next start, and temporary files are private throughout.
#[test]
fn leftover_temporary_files_are_removed_by_the_next_start() {
    let sb = Sandbox::new();
    sb.write_credentials(
        "[dev]\naws_access_key_id = AKIADEVDEVDEVDEVDEV1\naws_secret_access_key = devSecretDEVsecretDEVsecretDEVsecret0001\n",
    );
    common::set_mode(&sb.credentials, 0o644);
    let leftover = sb.aws.join(".keyshelf-AbC123.tmp");
    fs::write(&leftover, sb.read_credentials()).unwrap();
    let list = run_cmd(sb.cmd().arg("list"));
    list.assert_ok();
    assert!(!leftover.exists(), "the plaintext copy is gone");
    assert_whole(&sb);
    // A save's own copy is 0600 while it exists, whatever the file's mode: watched from outside.
    let (config, credentials) = big_pair(5_000);
    sb.write_config(&config);
    sb.write_credentials(&credentials);
    common::set_mode(&sb.credentials, 0o644);
    let mut child = sb
        .cmd()
        .args(["rename", "dev", "prod"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = 0;
    while child.try_wait().unwrap().is_none() {
        for entry in fs::read_dir(&sb.aws).unwrap().flatten() {
            // The file may be renamed away between the listing and this look.
            if entry.file_name().to_string_lossy().ends_with(".tmp")
                && let Ok(meta) = entry.metadata()
            {
                assert_eq!(
                    meta.permissions().mode() & 0o077,
                    0,
                    "a copy readable by others"
                );
                seen += 1;
            }
        }
    }
    assert_eq!(
        common::mode(&sb.credentials) & 0o777,
        0o644,
        "the file keeps its mode"
    );
    eprintln!("temporary files seen while saving: {seen}");
}

/// Kills aimed at a restore: the keys end in the files or stay served from the keychain.
#[test]
fn a_restore_killed_at_any_moment_keeps_the_keys_somewhere() {
    if !keyring::available() {
        return;
    }
    let sb = Sandbox::new();
    let kr = PrivateKeyring::start();
    let (config, credentials) = big_pair(2_000);
    let reset = || {
        let _ = kr.run(&sb, &["restore", "--profile", "dev"]);
        sb.write_config(&config);
        sb.write_credentials(&credentials);
        kr.run(&sb, &["migrate", "--profile", "dev"]).assert_ok();
    };
    let restore = || {
        let mut cmd = sb.cmd();
        kr.apply(&mut cmd);
        cmd.args(["restore", "--profile", "dev"]);
        cmd
    };
    let full = duration_of(restore, reset);
    let mut rng = Rng(0xBEEF);
    for _ in 0..kills(20) {
        reset();
        run_and_kill(restore(), full.mul_f64(0.5 + 0.6 * rng.unit()));
        let workspace = assert_whole(&sb);
        let in_files = workspace
            .docs
            .static_keys("dev")
            .is_some_and(|k| k.access_key_id == "AKIADEVDEVDEVDEVDEV1");
        let served = kr.run(&sb, &["credential-process", "--profile", "dev"]);
        let in_keychain = served.stdout.contains("AKIADEVDEVDEVDEVDEV1");
        assert!(
            in_files || in_keychain,
            "the keys are nowhere: {}",
            served.stderr
        );
        if workspace.docs.get("dev", "credential_process").is_some() && !in_files {
            assert!(in_keychain, "a credential_process without its item");
        }
    }
}

/// Kills aimed at an import of many keys into the credentials file: all of them or none, and
/// the files whole.
#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing() {
    let sb = Sandbox::new();
    let (config, credentials) = big_pair(2_000);
    let csv = sb.root().join("users.csv");
    let mut rows = String::from("User name,Access key ID,Secret access key\n");
    for i in 0..50 {
        rows.push_str(&format!("new{i},AKIANEW{i:013},{i:040}\n"));
    }
    fs::write(&csv, rows).unwrap();
    let reset = || {
        sb.write_config(&config);
        sb.write_credentials(&credentials);
    };
    let import = || {
        let mut cmd = sb.cmd();
        cmd.args(["import", csv.to_str().unwrap()]);
        cmd
    };
    let full = duration_of(import, reset);
    let mut rng = Rng(0xFACE);
    let (mut none, mut all) = (0, 0);
    for _ in 0..kills(40) {
        reset();
        run_and_kill(import(), full.mul_f64(0.6 + 0.5 * rng.unit()));
        let workspace = assert_whole(&sb);
        let imported = (0..50)
            .filter(|i| workspace.docs.static_keys(&format!("new{i}")).is_some())
            .count();
        match imported {
            0 => none += 1,
            50 => all += 1,
            some => panic!("{some} of 50 keys imported"),
        }
    }
    eprintln!("imports killed: {none} imported nothing, {all} everything");
}

/// `keyshelf ARGS` in the sandbox, killed as it enters its `when`th `rename` system call.
fn killed_at_rename(sb: &Sandbox, when: usize, args: &[&str]) -> Option<Run> {
    let mut cmd = sb.cmd();
    cmd.args(args);
    common::killed_at(&cmd, "rename", when)
}

/// Witness: `keyshelf rename p1 q1` killed between the two files' renames, then the AWS CLI
/// changes the credentials file, then keyshelf starts again. Finishing the interrupted save
/// used to put its copy over the AWS CLI's edit (lost, in no backup); now only over what the
/// save saw: the two changes are merged, and so the profile is whole again.
#[test]
fn roll_forward_keeps_a_change_made_after_the_kill() {
    let sb = Sandbox::new();
    sb.write_config("[profile p1]\nregion = eu-west-1\n");
    sb.write_credentials(
        "[p1]\naws_access_key_id = AKIAP1P1P1P1P1P1P1P1\naws_secret_access_key = p1secret\n",
    );
    let Some(killed) = killed_at_rename(&sb, 2, &["rename", "p1", "q1"]) else {
        return;
    };
    assert_ne!(killed.code, 0, "killed: {}", killed.stderr);
    assert!(sb.read_config().contains("[profile q1]"));
    assert!(
        sb.read_credentials().contains("[p1]"),
        "the second file is not renamed yet"
    );
    // Another program writes in place, as `aws configure set` does.
    let foreign = "AKIAFOREIGNFOREIGN01";
    match common::aws_cli_v2() {
        Ok(aws) => {
            let mut cmd = Command::new(aws);
            common::scrub_aws_env(&mut cmd);
            cmd.env("HOME", &sb.home)
                .env("AWS_CONFIG_FILE", &sb.config)
                .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
                .args([
                    "configure",
                    "set",
                    "aws_access_key_id",
                    foreign,
                    "--profile",
                    "foreign",
                ]);
            run_cmd(&mut cmd).assert_ok();
        }
        Err(why) => {
            common::skip::skipped(&format!("the AWS CLI v2 writes the foreign change: {why}"));
            let text = sb.read_credentials();
            fs::write(
                &sb.credentials,
                format!("{text}[foreign]\naws_access_key_id = {foreign}\n"),
            )
            .unwrap();
        }
    }
    let list = sb.run(&["list"]);
    list.assert_ok();
    let credentials = sb.read_credentials();
    assert!(
        credentials.contains(foreign),
        "the AWS CLI's edit is kept:\n{credentials}"
    );
    assert!(
        credentials.contains("[q1]") && !credentials.contains("[p1]"),
        "{credentials}"
    );
    assert!(list.stderr.contains("was kept as well"), "{}", list.stderr);
    let workspace = assert_whole(&sb);
    assert_eq!(
        workspace.docs.static_keys("q1").map(|k| k.access_key_id),
        Some("AKIAP1P1P1P1P1P1P1P1".to_owned())
    );
}

/// A sibling: the other program changed the very profile the save renamed. Its version stays,
/// the interrupted save's is kept as a copy, and both are said.
#[test]
fn roll_forward_over_a_change_to_the_same_profile_keeps_both() {
    let sb = Sandbox::new();
    sb.write_config("[profile p1]\nregion = eu-west-1\n");
    sb.write_credentials(
        "[p1]\naws_access_key_id = AKIAP1P1P1P1P1P1P1P1\naws_secret_access_key = p1secret\n",
    );
    let Some(_) = killed_at_rename(&sb, 2, &["rename", "p1", "q1"]) else {
        return;
    };
    let theirs =
        "[p1]\naws_access_key_id = AKIAP1P1P1P1P1P1P1P1\naws_secret_access_key = rotatedsecret\n";
    fs::write(&sb.credentials, theirs).unwrap();
    let list = sb.run(&["list"]);
    list.assert_ok();
    assert_eq!(
        sb.read_credentials(),
        theirs,
        "the other program's version stays"
    );
    assert!(list.stderr.contains("is kept as"), "{}", list.stderr);
    let copies = sb.backups_of(&sb.credentials);
    let last = fs::read_to_string(copies.last().unwrap()).unwrap();
    assert!(
        last.contains("[q1]"),
        "the interrupted save's version is kept: {last}"
    );
}

/// The interrupted save's own copy deleted before the next start (someone cleaned the folder):
/// it cannot be finished, so it is undone in the file it had reached, and the profile is whole
/// again as it was, with the reason said.
#[test]
fn a_save_whose_copy_was_deleted_is_undone_not_left_split() {
    let sb = Sandbox::new();
    let config = "[profile p1]\nregion = eu-west-1\n";
    let credentials =
        "[p1]\naws_access_key_id = AKIAP1P1P1P1P1P1P1P1\naws_secret_access_key = p1secret\n";
    sb.write_config(config);
    sb.write_credentials(credentials);
    let Some(_) = killed_at_rename(&sb, 2, &["rename", "p1", "q1"]) else {
        return;
    };
    assert!(
        sb.read_config().contains("[profile q1]"),
        "split: config renamed"
    );
    for entry in fs::read_dir(&sb.aws).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with(".keyshelf-") && name.ends_with(".tmp") {
            fs::remove_file(path).unwrap();
        }
    }
    let list = sb.run(&["list"]);
    list.assert_ok();
    assert_eq!(sb.read_config(), config, "undone");
    assert_eq!(sb.read_credentials(), credentials);
    assert!(
        list.stderr.contains("could not be finished"),
        "{}",
        list.stderr
    );
    assert!(list.stderr.contains("it was undone in"), "{}", list.stderr);
}

/// A migration killed at each of its renames and unlinks in turn (strace), each followed by the
/// next start: the keys are in the files or the keychain, never in neither, and once moved no
/// backup keeps the secret (the clean-up is part of the move).
#[test]
fn a_migration_killed_at_each_step_leaves_no_plaintext_copy() {
    if !keyring::available() {
        return;
    }
    let sb = Sandbox::new();
    let kr = PrivateKeyring::start();
    let (config, credentials) = big_pair(20);
    let secret = "devSecretDEVsecretDEVsecretDEVsecret0001";
    let (mut kills, mut moved) = (0, 0);
    for syscall in ["rename", "renameat", "unlink"] {
        for when in 1..=8 {
            let _ = kr.run(&sb, &["restore", "--profile", "dev"]);
            for copy in keyshelf::files::list_backups(&sb.credentials).unwrap() {
                let _ = fs::remove_file(copy);
            }
            sb.write_config(&config);
            sb.write_credentials(&credentials);
            let mut cmd = sb.cmd();
            kr.apply(&mut cmd);
            cmd.args(["migrate", "--profile", "dev"]);
            let Some(run) = common::killed_at(&cmd, syscall, when) else {
                return;
            };
            kills += usize::from(run.code == -1);
            // The next start.
            kr.run(&sb, &["list"]).assert_ok();
            let workspace = assert_whole(&sb);
            let in_files = workspace.docs.static_keys("dev").is_some();
            let served = kr.run(&sb, &["credential-process", "--profile", "dev"]);
            assert!(
                in_files || served.stdout.contains("AKIADEVDEVDEVDEVDEV1"),
                "{syscall} #{when}: the keys are neither in the files nor served"
            );
            if !in_files {
                moved += 1;
                for copy in keyshelf::files::list_backups(&sb.credentials).unwrap() {
                    assert!(
                        !fs::read_to_string(&copy).unwrap().contains(secret),
                        "{syscall} #{when}: {} keeps the moved secret",
                        copy.display()
                    );
                }
            }
        }
    }
    eprintln!("migrations killed at a step: {kills}, of which the move stood in {moved} runs");
    assert!(kills > 5, "the aims hit steps of the migration ({kills})");
}
