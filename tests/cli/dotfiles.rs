//! Shared files kept in a dotfiles repository (Git), linked from `~/.aws` file by file or as a
//! whole folder (GNU Stow does either): keyshelf's copies of them must never be picked up by
//! a `git add -A`.

use std::path::Path;
use std::process::Command;

use super::*;

fn git(repo: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new("git");
    cmd.current_dir(repo)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        // Never the person's own Git settings.
        .env("HOME", repo)
        .env("GIT_CONFIG_NOSYSTEM", "1");
    run_cmd(&mut cmd)
}

fn have_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        common::skip::skipped("git is not installed");
    }
    found
}

/// What `git add -A` would commit in `repo`, beyond what is committed.
fn would_commit(repo: &Path) -> Vec<String> {
    git(repo, &["add", "-A"]).assert_ok();
    let staged = git(repo, &["diff", "--cached", "--name-only"]);
    staged.assert_ok();
    staged.stdout.lines().map(str::to_owned).collect()
}

/// The witness: `~/.aws/credentials` a symlink into a dotfiles repository whose `.gitignore`
/// names `credentials`. Backups went beside the link's target, into the repository, where a
/// `git add -A` committed every copy of the keys. The backup folder now carries a
/// `.gitignore` of its own; only the empty lock file is left for Git to see.
#[test]
fn backups_stay_out_of_a_dotfiles_repository() {
    if !have_git() {
        return;
    }
    for whole_folder in [false, true] {
        let sb = Sandbox::new();
        let repo = sb.root().join("dotfiles");
        let store = repo.join("aws");
        fs::create_dir_all(&store).unwrap();
        git(&repo, &["init", "-q"]).assert_ok();
        fs::write(repo.join(".gitignore"), "aws/credentials\n").unwrap();
        fs::write(store.join("config"), "[default]\nregion = us-east-1\n").unwrap();
        fs::write(
            store.join("credentials"),
            "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n\
             aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        )
        .unwrap();
        assert_eq!(would_commit(&repo), [".gitignore", "aws/config"]);
        git(&repo, &["commit", "-qm", "dotfiles"]).assert_ok();
        if whole_folder {
            std::os::unix::fs::symlink(&store, &sb.aws).unwrap();
        } else {
            fs::create_dir_all(&sb.aws).unwrap();
            for name in ["config", "credentials"] {
                std::os::unix::fs::symlink(store.join(name), sb.aws.join(name)).unwrap();
            }
        }
        sb.run(&["set", "region", "eu-west-1"]).assert_ok();
        sb.run(&["set", "output", "json", "--profile", "dev"])
            .assert_ok();
        sb.run(&["unset", "aws_access_key_id"]).assert_ok();
        assert!(
            !keyshelf::files::list_backups(&sb.credentials)
                .unwrap()
                .is_empty()
        );
        let staged = would_commit(&repo);
        assert_eq!(
            staged,
            ["aws/.keyshelf.lock", "aws/config"],
            "whole folder linked: {whole_folder}"
        );
    }
}
