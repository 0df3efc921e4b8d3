//! `keyshelf migrate|restore|credential-process`: keys into the OS keychain, back out, and
//! served to the AWS tools.

use std::io::Write;

use keyshelf::aws::AwsPaths;
use keyshelf::files::Workspace;
use keyshelf::keychain::{self, ItemKey, Moved, Outcome, SecretStore};

use super::{list::print_stdout, user_error};

/// Which profiles a migrate or restore is about.
pub enum Which {
    One(String),
    All,
}

fn store() -> anyhow::Result<Box<dyn SecretStore>> {
    Ok(keychain::native_store()?)
}

pub fn migrate(workspace: &mut Workspace, which: Which) -> anyhow::Result<()> {
    let program = keychain::this_program()
        .map_err(|err| anyhow::anyhow!("cannot tell where the keyshelf program is: {err}"))?;
    let store = store()?;
    match which {
        Which::One(name) => {
            let moved = keychain::migrate(workspace, store.as_ref(), &program, &name)?;
            report_backups(&moved);
            eprintln!("moved the keys of `{name}` into the keychain");
            Ok(())
        }
        Which::All => {
            let outcomes =
                keychain::migrate_all(workspace, store.as_ref(), &program, &mut |_, _, _| {});
            summarise(&outcomes, "moved into the keychain")
        }
    }
}

pub fn restore(workspace: &mut Workspace, which: Which) -> anyhow::Result<()> {
    let store = store()?;
    match which {
        Which::One(name) => {
            let moved = keychain::restore(workspace, store.as_ref(), &name)?;
            report_backups(&moved);
            eprintln!("put the keys of `{name}` back into the credentials file");
            if let Some(err) = moved.item_left {
                eprintln!("warning: the keychain item was kept: {err}");
            }
            Ok(())
        }
        Which::All => {
            let outcomes = keychain::restore_all(workspace, store.as_ref(), &mut |_, _, _| {});
            summarise(&outcomes, "restored to the credentials file")
        }
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
    let (mut moved, mut skipped, mut failed) = (0, 0, 0);
    for (name, outcome) in outcomes {
        match outcome {
            Outcome::Moved(m) => {
                moved += 1;
                match m.report.scrub.describe() {
                    Some(scrub) => eprintln!("{name}: {verb}; {scrub}"),
                    None => eprintln!("{name}: {verb}"),
                }
                if let Some(err) = &m.item_left {
                    eprintln!("{name}: warning: the keychain item was kept: {err}");
                }
            }
            Outcome::Skipped(why) => {
                skipped += 1;
                eprintln!("{name}: skipped ({why})");
            }
            Outcome::Failed(err) => {
                failed += 1;
                eprintln!("{name}: failed: {err}");
            }
        }
    }
    eprintln!("{moved} moved, {skipped} skipped, {failed} failed");
    if failed > 0 {
        return Err(user_error(format!(
            "{failed} profile(s) could not be moved; their files and keys are as they were"
        )));
    }
    Ok(())
}

/// Serves a profile's keys to an AWS tool: the credential_process JSON on stdout and nothing
/// else. Reads no file: the item is found from the profile name and the credentials file's
/// path, both known from the command line and the environment.
pub fn credential_process(profile: &str) -> anyhow::Result<()> {
    let paths = AwsPaths::from_env()?;
    let item = ItemKey::new(profile, &paths.credentials);
    // The AWS tools wait for this process only a few seconds: so does it, for the keychain.
    let store = keychain::native_store_waiting(keychain::SERVE_WAIT)
        .map_err(|err| not_served(profile, &err))?;
    let keys = store.get(&item).map_err(|err| not_served(profile, &err))?;
    let output = keychain::ProcessOutput::new(&keys);
    let json = serde_json::to_string(&output)?;
    // One JSON object on stdout; a secret goes nowhere else.
    print_stdout(&json)?;
    let _ = std::io::stdout().flush();
    Ok(())
}

fn not_served(profile: &str, err: &keychain::KeychainError) -> anyhow::Error {
    let fix = match err {
        keychain::KeychainError::NotFound => {
            "; no copy of the keys is left to restore from: import them again from the access key CSV with `keyshelf import FILE --profile NAME --to-keychain --on-conflict replace`, or make a new access key in the AWS console"
        }
        _ => "",
    };
    anyhow::anyhow!(
        "cannot serve profile `{}`: {err}{fix}",
        profile.escape_debug()
    )
}
