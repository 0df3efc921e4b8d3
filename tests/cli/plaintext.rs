//! No plaintext copy of a secret is left behind. After Secure all the
//! secrets live in the keychain and in no file keyshelf wrote: not the files, not the earlier
//! copies in `keyshelf-backups`, not an imported CSV the user chose to delete. The real binary,
//! real files, a private Secret Service.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use crate::common;

use std::fs;
use std::path::Path;

use common::keyring::{self, PrivateKeyring};
use common::{CREDENTIALS, SECRETS, Sandbox};

/// Every file under `dir` whose bytes contain one of the fixture secrets.
fn files_holding_secrets(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_holding_secrets(&path));
        } else if let Ok(bytes) = fs::read(&path) {
            let text = String::from_utf8_lossy(&bytes);
            if SECRETS.iter().any(|s| text.contains(s)) {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

/// `keyshelf set aws_session_token -` for `default`, the token on stdin: a save of the
/// credentials file, which keeps a backup of it.
fn set_token(sb: &Sandbox, kr: &PrivateKeyring, token: &str) {
    let mut cmd = sb.cmd();
    kr.apply(&mut cmd);
    cmd.args(["set", "aws_session_token", "-", "--profile", "default"]);
    common::run_with_stdin(&mut cmd, token).assert_ok();
}

fn setup() -> Option<(Sandbox, PrivateKeyring)> {
    keyring::available().then(|| (Sandbox::rich(), PrivateKeyring::start()))
}

/// The witness: after Secure all, `keyshelf-backups/` kept up to 20 earlier copies of
/// the credentials file, every secret in plain text.
#[test]
fn secure_all_leaves_no_plaintext_copy_in_the_aws_folder() {
    let Some((sb, kr)) = setup() else { return };
    // A few ordinary saves of the credentials file first: each keeps a backup holding every
    // secret.
    for token in ["t1", "t2", "t3"] {
        set_token(&sb, &kr, token);
    }
    assert!(!files_holding_secrets(&sb.aws.join("keyshelf-backups")).is_empty());
    let secure = kr.run(&sb, &["migrate", "--all"]);
    secure.assert_ok();
    assert!(
        secure
            .stderr
            .contains("earlier copies in keyshelf-backups, so no file keeps them"),
        "the result says what happened to the old copies: {}",
        secure.stderr
    );
    common::assert_no_secrets(&secure.stderr);
    assert_eq!(files_holding_secrets(&sb.home), Vec::<String>::new());
    // The copies are still copies of everything else.
    let backups = keyshelf::files::list_backups(&sb.config).unwrap();
    assert!(!backups.is_empty());
    // And undo still works: from the keychain.
    kr.run(&sb, &["restore", "--profile", "dev"]).assert_ok();
    for key in ["aws_access_key_id", "aws_secret_access_key"] {
        let now = kr.run(&sb, &["get", key, "--profile", "dev", "--reveal"]);
        assert_eq!(
            now.stdout.trim(),
            common::line_value(CREDENTIALS, "dev", key)
        );
    }
}

/// A sibling: one migration scrubs only its own profile's keys from the copies; the other
/// profiles' keys, still plaintext in the files, stay in their copies too (they are the undo of
/// a file that still holds them).
#[test]
fn one_migration_scrubs_only_its_own_keys() {
    let Some((sb, kr)) = setup() else { return };
    set_token(&sb, &kr, "t1");
    let migrate = kr.run(&sb, &["migrate", "--profile", "dev"]);
    migrate.assert_ok();
    assert!(
        migrate.stderr.contains("removed from"),
        "{}",
        migrate.stderr
    );
    let dev_secret = common::line_value(CREDENTIALS, "dev", "aws_secret_access_key");
    let other_secret = common::line_value(CREDENTIALS, "default", "aws_secret_access_key");
    let mut copies = String::new();
    for backup in keyshelf::files::list_backups(&sb.credentials).unwrap() {
        copies.push_str(&fs::read_to_string(backup).unwrap());
    }
    assert!(!copies.contains(&dev_secret));
    assert!(copies.contains(&other_secret));
}

/// `import --to-keychain --delete-source` on a CSV reached through a symlink deleted only the
/// link, leaving the plaintext file; now the file goes (overwritten first), and no copy of the
/// key is anywhere in the AWS folder.
#[test]
fn an_imported_csv_is_deleted_through_its_symlink() {
    if !keyring::available() {
        return;
    }
    let (sb, kr) = (Sandbox::new(), PrivateKeyring::start());
    let downloads = sb.root().join("Downloads");
    fs::create_dir(&downloads).unwrap();
    let real = downloads.join("alice_accessKeys.csv");
    let secret = "aliceSecretEXAMPLEaliceSecretEXAMPLE0001";
    fs::write(
        &real,
        format!("\u{feff}Access key ID,Secret access key\r\nAKIAIOSFODNN7EXAMPLE,{secret}\r\n"),
    )
    .unwrap();
    let link = sb.root().join("alice.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let import = kr.run(
        &sb,
        &[
            "import",
            link.to_str().unwrap(),
            "--profile",
            "alice",
            "--to-keychain",
            "--delete-source",
        ],
    );
    import.assert_ok();
    assert!(!real.exists(), "the plaintext file itself is gone");
    assert!(fs::symlink_metadata(&link).is_err(), "and the link");
    assert_eq!(kr.served(&sb, "alice")["SecretAccessKey"], secret);
    let everywhere = files_holding_secrets(sb.root());
    assert!(
        everywhere
            .iter()
            .all(|f| !fs::read_to_string(f).unwrap().contains(secret)),
        "{everywhere:?}"
    );
}

/// The witness: `rename dev dev2`, then `migrate --profile dev2`. The backup the rename kept
/// still held `[dev]` with its secret, while the move said no file kept the keys: the copies
/// were cleaned by profile name only. They are now cleaned of the moved keys under any name.
#[test]
fn a_move_cleans_the_copies_that_hold_its_keys_under_an_earlier_name() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_config("");
    sb.write_credentials(
        "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    );
    kr.run(&sb, &["rename", "dev", "dev2"]).assert_ok();
    let backups = sb.aws.join("keyshelf-backups");
    assert!(!files_holding_secrets(&backups).is_empty());
    let moved = kr.run(&sb, &["migrate", "--profile", "dev2"]);
    moved.assert_ok();
    assert!(
        moved.stderr.contains("so no file keeps them"),
        "{}",
        moved.stderr
    );
    assert_eq!(files_holding_secrets(&sb.home), Vec::<String>::new());
    // The copy keeps everything but the keys.
    let copies = keyshelf::files::list_backups(&sb.credentials).unwrap();
    assert!(
        copies
            .iter()
            .any(|c| fs::read_to_string(c).unwrap() == "[dev]\n"),
        "{copies:?}"
    );
}
