//! `keyshelf migrate|restore`: keys into the OS keychain and back out.

use keyshelf::action::{self, StoreFactory};
use keyshelf::files::Workspace;
use keyshelf::keychain::{self, Moved, Outcome};

use super::user_error;

/// Which profiles a migrate or restore is about.
pub enum Which {
    One(String),
    All,
}

/// This keyshelf, which `credential_process` lines run.
pub fn this_program() -> anyhow::Result<std::path::PathBuf> {
    keyshelf::install::this_program()
        .map_err(|err| anyhow::anyhow!("cannot tell where the keyshelf program is: {err}"))
}

/// After lines that run `program` were written: says so when it sits in a place that is
/// usually cleaned up or moved (a download, `/tmp`, cargo's `target/`), where the lines break
/// once it goes, as the app asks before its keychain actions.
pub fn note_if_temporary(program: &std::path::Path) {
    if keyshelf::install::is_temporary_place(program) {
        eprintln!(
            "note: the AWS tools will run keyshelf from {}, which is usually cleaned up or moved; run “keyshelf install” to keep it in a place that stays",
            program.display()
        );
    }
}

/// Moves keys into the keychain through the same action as the app ([`action::secure`]);
/// `program` is the keyshelf the `credential_process` lines run ([`this_program`]).
pub fn migrate(
    workspace: &mut Workspace,
    store: &StoreFactory,
    program: &std::path::Path,
    which: Which,
) -> anyhow::Result<()> {
    if matches!(which, Which::All) {
        for (line, header, key) in workspace.docs.unread_secrets() {
            eprintln!(
                "left: line {line} of the config file holds {key} in [{}], which no AWS tool reads as a profile; give it a profile of its own to move it",
                header.escape_debug()
            );
        }
    }
    let one = |name: &str| format!("moved the keys of “{name}” into the keychain");
    match which {
        Which::One(name) => {
            let moved = action::secure(workspace, store, program, &name)?;
            report_moved(&moved, &one(&name));
            Ok(())
        }
        Which::All => summarise(
            &action::secure_all(workspace, store, program, &mut |_, _, _| {})?,
            "moved into the keychain",
        ),
    }
}

pub fn restore(
    workspace: &mut Workspace,
    store: &StoreFactory,
    which: Which,
) -> anyhow::Result<()> {
    match which {
        Which::One(name) => {
            let moved = action::restore(workspace, store, &name)?;
            report_moved(
                &moved,
                &format!("put the keys of “{name}” back into the credentials file"),
            );
            Ok(())
        }
        Which::All => summarise(
            &action::restore_all(workspace, store, &mut |_, _, _| {})?,
            "restored to the credentials file",
        ),
    }
}

fn report_moved(moved: &Moved, done: &str) {
    report_backups(moved);
    eprintln!("{done}");
    if let Some(err) = &moved.item_left {
        eprintln!("warning: the keychain item was kept: {err}");
    }
}

fn report_backups(moved: &Moved) {
    for backup in &moved.report.backups {
        eprintln!("backup kept: {}", backup.display());
    }
    if let Some(scrub) = moved.report.scrub.describe() {
        eprintln!("{scrub}");
    }
}

/// One line per profile, then a count; exit code 1 when any failed.
fn summarise(outcomes: &[(String, Outcome)], verb: &str) -> anyhow::Result<()> {
    let summary = keychain::Summary::of(outcomes, verb, &super::remedy_command);
    for line in &summary.lines {
        eprintln!("{line}");
    }
    eprintln!("{}", summary.headline());
    if summary.failed > 0 {
        return Err(user_error(format!(
            "{} could not be moved; their files and keys are as they were",
            keyshelf::words::plural(summary.failed, "profile", "profiles")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The command line's keychain paths over the in-memory keychain (the real Secret Service
    //! runs them in `tests/keychain/keychain.rs`).
    #![allow(clippy::unwrap_used)]

    use std::sync::Arc;

    use keyshelf::aws::{AwsPaths, SecretLocation};
    use keyshelf::keychain::{MemoryStore, SecretStore};

    use super::*;

    const CREDENTIALS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n[ops]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n";

    fn workspace(dir: &tempfile::TempDir) -> Workspace {
        let paths = AwsPaths {
            config: dir.path().join("config"),
            credentials: dir.path().join("credentials"),
            default_profile: "default".into(),
        };
        std::fs::write(&paths.credentials, CREDENTIALS).unwrap();
        Workspace::load(paths).unwrap()
    }

    fn factory(store: &Arc<MemoryStore>) -> StoreFactory {
        let store = store.clone();
        Arc::new(move || {
            let store: Arc<dyn SecretStore> = store.clone();
            Ok(store)
        })
    }

    #[test]
    fn migrate_all_then_restore_all_round_trips_through_the_keychain() {
        let dir = tempfile::tempdir().unwrap();
        let mut workspace = workspace(&dir);
        let store = Arc::new(MemoryStore::new());
        let program = dir.path().join("bin/keyshelf");
        migrate(&mut workspace, &factory(&store), &program, Which::All).unwrap();
        assert_eq!(store.len(), 2);
        let on_disk = std::fs::read_to_string(dir.path().join("credentials")).unwrap();
        assert!(!on_disk.contains("AKIA"), "{on_disk}");
        assert!(
            workspace
                .docs
                .profiles()
                .iter()
                .all(|p| p.secret == SecretLocation::Keychain)
        );
        restore(&mut workspace, &factory(&store), Which::One("ops".into())).unwrap();
        let on_disk = std::fs::read_to_string(dir.path().join("credentials")).unwrap();
        assert!(on_disk.contains("AKIAI44QH8DHBEXAMPLE"));
        assert!(!on_disk.contains("AKIAIOSFODNN7EXAMPLE"));
    }

    #[test]
    fn no_keychain_fails_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut workspace = workspace(&dir);
        let missing: StoreFactory = Arc::new(|| {
            Err(keychain::KeychainError::Unavailable {
                detail: "no D-Bus session".into(),
            })
        });
        let program = dir.path().join("bin/keyshelf");
        assert!(migrate(&mut workspace, &missing, &program, Which::All).is_err());
        let one = Which::One("dev".into());
        assert!(migrate(&mut workspace, &missing, &program, one).is_err());
        let on_disk = std::fs::read_to_string(dir.path().join("credentials")).unwrap();
        assert_eq!(on_disk, CREDENTIALS);
    }
}
