//! `keyshelf install` with the real binary: a copy run from a download folder
//! installs itself into a temporary prefix, secures the keys, and is deleted; the AWS tools
//! still get the keys, through the installed copy and the real Secret Service.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::keyring::{self, PrivateKeyring};
use common::{CREDENTIALS, Run, Sandbox, run_cmd};

/// The built keyshelf copied to `Downloads/` in the sandbox, as a person runs a download.
fn downloaded_copy(sb: &Sandbox) -> PathBuf {
    let copy = sb.root().join("Downloads/keyshelf");
    common::copy_of_keyshelf(&copy);
    copy
}

/// A downloaded copy installed with `keyshelf install --prefix PREFIX` (it must succeed): the
/// copy and the prefix.
fn install_download(sb: &Sandbox) -> (PathBuf, PathBuf) {
    let copy = downloaded_copy(sb);
    let prefix = sb.root().join("prefix");
    run_program(
        sb,
        None,
        &copy,
        &["install", "--prefix", prefix.to_str().unwrap()],
    )
    .assert_ok();
    (copy, prefix)
}

/// `program ARGS` with the sandbox's environment (and the keyring's, when given).
pub(crate) fn run_program(
    sb: &Sandbox,
    kr: Option<&PrivateKeyring>,
    program: &Path,
    args: &[&str],
) -> Run {
    // The sandbox's environment, on another program.
    let mut copy = common::like(&sb.cmd(), program);
    copy.current_dir(sb.root());
    if let Some(kr) = kr {
        kr.apply(&mut copy);
    }
    run_cmd(copy.args(args))
}

/// `python3 -c SCRIPT` reading the sandbox's files (and nothing of the machine's AWS set-up)
/// through the private keyring, as an AWS tool would.
pub(crate) fn python_in(sb: &Sandbox, kr: &PrivateKeyring, script: &str) -> Command {
    let mut python = Command::new("python3");
    common::scrub_aws_env(&mut python);
    python
        .current_dir(sb.root())
        .env("HOME", &sb.home)
        .env("XDG_CONFIG_HOME", sb.home.join(".config"))
        .env("AWS_CONFIG_FILE", &sb.config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(["-c", script]);
    kr.apply(&mut python);
    python
}

#[test]
fn install_puts_the_program_entry_and_icon_in_the_prefix_and_records_it() {
    let sb = Sandbox::new();
    let (copy, prefix) = install_download(&sb);
    let program = prefix.join("bin/keyshelf");
    assert_eq!(fs::read(&program).unwrap(), fs::read(&copy).unwrap());
    assert_eq!(
        fs::metadata(&program).unwrap().permissions().mode() & 0o777,
        0o755
    );
    let entry = fs::read_to_string(prefix.join("share/applications/keyshelf.desktop")).unwrap();
    assert!(
        entry.contains(&format!("Exec=\"{}\"", program.display())),
        "{entry}"
    );
    assert!(
        prefix
            .join("share/icons/hicolor/256x256/apps/keyshelf.png")
            .is_file()
    );
    let record = fs::read_to_string(sb.home.join(".config/keyshelf/program")).unwrap();
    assert_eq!(record, program.display().to_string());
    // Installing again over itself is fine.
    run_program(
        &sb,
        None,
        &program,
        &["install", "--prefix", prefix.to_str().unwrap()],
    )
    .assert_ok();
}

#[test]
fn after_install_the_aws_tools_get_the_keys_with_the_download_deleted() {
    if !keyring::available() {
        return;
    }
    let kr = PrivateKeyring::start();
    let sb = Sandbox::new();
    sb.write_config("[profile dev]\nregion = eu-west-1\n");
    sb.write_credentials(CREDENTIALS);
    let copy = downloaded_copy(&sb);
    let prefix = sb.root().join("prefix");
    // A profile secured before the install, from the download: install points it at the copy.
    // The command line says the lines run a program from a place that goes (a download).
    let secured = run_program(&sb, Some(&kr), &copy, &["migrate", "--profile", "ci"]);
    secured.assert_ok();
    assert!(sb.read_config().contains(&copy.display().to_string()));
    assert!(
        secured.stderr.contains(&format!(
            "note: the AWS tools will run keyshelf from {}, which is usually cleaned up or moved; run “keyshelf install”",
            copy.display()
        )),
        "{}",
        secured.stderr
    );
    let install = run_program(
        &sb,
        Some(&kr),
        &copy,
        &["install", "--prefix", prefix.to_str().unwrap()],
    );
    install.assert_ok();
    assert!(
        install
            .stderr
            .contains("1 profile now runs the installed keyshelf: “ci”"),
        "{}",
        install.stderr
    );
    // Secure all, still from the download: the lines run the installed copy.
    run_program(&sb, Some(&kr), &copy, &["migrate", "--all"]).assert_ok();
    let config = sb.read_config();
    let installed = prefix.join("bin/keyshelf");
    assert!(!config.contains(&copy.display().to_string()), "{config}");
    assert_eq!(
        config.matches(&installed.display().to_string()).count(),
        3,
        "{config}"
    );
    fs::remove_file(&copy).unwrap();

    // The AWS CLI v2, through the installed copy and the real Secret Service.
    if let Ok(aws) = common::aws_cli_v2() {
        let mut cli = Command::new(aws);
        common::scrub_aws_env(&mut cli);
        cli.current_dir(sb.root())
            .env("HOME", &sb.home)
            .env("AWS_CONFIG_FILE", &sb.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .args([
                "configure",
                "export-credentials",
                "--profile",
                "ci",
                "--format",
                "process",
            ]);
        kr.apply(&mut cli);
        let run = run_cmd(&mut cli);
        run.assert_ok();
        let served: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(served["AccessKeyId"], "AKIACIEXAMPLE0000001");
    } else {
        common::skip::skipped("the AWS CLI v2 check: it is not installed (.ci/run installs it)");
    }

    // boto3, through the installed copy and the real Secret Service.
    let script = "import boto3\nfor p in ['default', 'dev', 'ci']:\n    c = boto3.Session(profile_name=p).get_credentials().get_frozen_credentials()\n    print(p, c.access_key)";
    let run = run_cmd(&mut python_in(&sb, &kr, script));
    if run.stderr.contains("No module named 'boto3'") {
        common::skip::skipped("the boto3 check: python3 has no boto3 (.ci/run installs it)");
        return;
    }
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "default AKIAIOSFODNN7EXAMPLE\ndev ASIAI44QH8DHBEXAMPLE\nci AKIACIEXAMPLE0000001\n"
    );
}

/// Review witness: a relative prefix must not end up relative in credential_process lines.
#[test]
fn a_relative_prefix_is_recorded_whole() {
    let sb = Sandbox::new();
    let copy = downloaded_copy(&sb);
    run_program(&sb, None, &copy, &["install", "--prefix", "rel"]).assert_ok();
    let record = fs::read_to_string(sb.home.join(".config/keyshelf/program")).unwrap();
    assert_eq!(
        record,
        sb.root().join("rel/bin/keyshelf").display().to_string()
    );
}

/// The witness: install rewrote a `credential_process` line carrying a note after ` ;` (which
/// botocore passes to the program as two more words, so the line was broken for the AWS CLI)
/// and dropped the note. The note is kept as a comment line above the rewritten line, which
/// botocore then reads as the rewrite means.
#[test]
fn a_rewritten_line_keeps_its_inline_note_as_a_comment() {
    let sb = Sandbox::new();
    sb.write_config(
        "[profile dev]\nregion = eu-west-1\ncredential_process = \"/gone/keyshelf\" credential-process --profile dev ; laptop key, see wiki\noutput = json\n",
    );
    let (_, prefix) = install_download(&sb);
    let installed = prefix.join("bin/keyshelf");
    assert_eq!(
        sb.read_config(),
        format!(
            "[profile dev]\nregion = eu-west-1\n; laptop key, see wiki\ncredential_process = \"{}\" credential-process --profile dev\noutput = json\n",
            installed.display()
        )
    );
    let read = sb.python(
        "import botocore.session\nprint(botocore.session.Session(profile='dev').get_scoped_config()['credential_process'])",
    );
    if read.stderr.contains("No module named 'botocore'") {
        common::skip::skipped("botocore's reading: python3 has no botocore (.ci/run installs it)");
        return;
    }
    read.assert_ok();
    assert_eq!(
        read.stdout.trim(),
        format!(
            "\"{}\" credential-process --profile dev",
            installed.display()
        )
    );
}

/// A prefix whose path cannot go into a `credential_process` line whole is refused with the
/// reason, before anything is written: not UTF-8, or holding `"`, `\`, `$`, `%` or a line
/// break. An install onto a link that leads nowhere says so.
#[test]
fn prefix_that_cannot_be_written_into_a_credential_process_line_is_refused() {
    use std::os::unix::ffi::OsStrExt;
    let sb = Sandbox::new();
    let copy = downloaded_copy(&sb);
    let tree = sb.tree();
    for bad in [
        "with$dollar",
        "with\"quote",
        "back\\slash",
        "per%cent",
        "line\nbreak",
    ] {
        let prefix = sb.root().join(bad);
        let run = run_program(
            &sb,
            None,
            &copy,
            &["install", "--prefix", prefix.to_str().unwrap()],
        );
        assert_eq!(run.code, 1, "{bad:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("cannot be installed under"),
            "{}",
            run.stderr
        );
    }
    let not_utf8 = sb.root().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    let mut program = common::like(&sb.cmd(), &copy);
    let run = run_cmd(
        program
            .arg("install")
            .arg("--prefix")
            .arg(&not_utf8)
            .current_dir(sb.root()),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);
    assert_eq!(sb.tree(), tree, "nothing was written");

    let prefix = sb.root().join("linked");
    fs::create_dir_all(prefix.join("bin")).unwrap();
    std::os::unix::fs::symlink(sb.root().join("gone/keyshelf"), prefix.join("bin/keyshelf"))
        .unwrap();
    let run = run_program(
        &sb,
        None,
        &copy,
        &["install", "--prefix", prefix.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("which does not exist"),
        "{}",
        run.stderr
    );
}

/// Under umask 000 the folders keyshelf makes are still private, and a program record that
/// another user could change (its folder writable by others) is not trusted.
#[test]
fn folders_are_private_whatever_the_umask_and_an_open_record_is_not_trusted() {
    let sb = Sandbox::new();
    let copy = downloaded_copy(&sb);
    let prefix = sb.root().join("prefix");
    let mut cmd = common::like(&sb.cmd(), "sh");
    cmd.current_dir(sb.root()).args([
        "-c",
        &format!(
            "umask 000; exec '{}' install --prefix '{}'",
            copy.display(),
            prefix.display()
        ),
    ]);
    run_cmd(&mut cmd).assert_ok();
    let record_dir = sb.home.join(".config/keyshelf");
    for dir in [
        record_dir.clone(),
        sb.home.join(".config"),
        prefix.join("bin"),
    ] {
        assert_eq!(common::mode(&dir), 0o700, "{}", dir.display());
    }
    assert_eq!(common::mode(&record_dir.join("program")), 0o600);
    assert!(keyshelf::install::only_mine(&record_dir.join("program")));
    // Opened to everyone, as a umask-000 mkdir of another tool would leave it: not trusted.
    fs::set_permissions(&record_dir, fs::Permissions::from_mode(0o777)).unwrap();
    assert!(!keyshelf::install::only_mine(&record_dir.join("program")));
    // A sticky folder (as /tmp) is fine: others cannot replace what is not theirs.
    fs::set_permissions(&record_dir, fs::Permissions::from_mode(0o1777)).unwrap();
    assert!(keyshelf::install::only_mine(&record_dir.join("program")));
}

/// Witness: under umask 000 another user swapped the program record, and the AWS tools then ran
/// their program with this user's keys. A record another user wrote, or could write, is not
/// trusted: the migration names the program that made it instead.
#[test]
fn a_program_record_another_user_wrote_is_not_trusted() {
    if !keyring::available() {
        return;
    }
    let sb = Sandbox::new();
    sb.write_credentials(CREDENTIALS);
    let kr = PrivateKeyring::start();
    let record_dir = sb.home.join(".config/keyshelf");
    fs::create_dir_all(&record_dir).unwrap();
    fs::set_permissions(&record_dir, fs::Permissions::from_mode(0o777)).unwrap();
    let evil = sb.root().join("evil/keyshelf");
    fs::create_dir_all(evil.parent().unwrap()).unwrap();
    fs::write(&evil, "#!/bin/sh\necho stolen\n").unwrap();
    fs::set_permissions(&evil, fs::Permissions::from_mode(0o755)).unwrap();
    // The other user writes the record (as root would let them, into a 0777 folder).
    let record = record_dir.join("program");
    let write = run_cmd(
        Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "sh",
                "-c",
            ])
            .arg(format!(
                "printf %s '{}' > '{}'",
                evil.display(),
                record.display()
            )),
    );
    if write.code != 0 {
        common::skip::skipped("setpriv cannot write as another user (needs root)");
        return;
    }
    assert_eq!(
        fs::read_to_string(&record).unwrap(),
        evil.display().to_string(),
        "the other user's record is in place"
    );
    let copy = downloaded_copy(&sb);
    run_program(&sb, Some(&kr), &copy, &["migrate", "--profile", "dev"]).assert_ok();
    let config = sb.read_config();
    assert!(
        !config.contains("evil"),
        "the swapped record was trusted:\n{config}"
    );
    assert!(config.contains(&copy.display().to_string()), "{config}");
}
