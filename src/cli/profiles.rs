//! `keyshelf rename|duplicate|delete`.

use keyshelf::files::Workspace;
use keyshelf::keychain::{self, Outcome, RenameWay};
use keyshelf::task::{self, Finished, StoreFactory, Task};

use super::save;

pub fn rename(
    workspace: &mut Workspace,
    store: &StoreFactory,
    old: &str,
    new: &str,
) -> anyhow::Result<()> {
    let references = match keychain::rename_way(workspace, old, new)? {
        RenameWay::Keychain => {
            // Its keys are in the keychain under its name: they move with it, as in the app.
            let task = Task::Rename {
                old: old.into(),
                new: new.into(),
            };
            let program = std::path::Path::new("keyshelf");
            let finished = task::run(task, store, program, workspace.clone(), &mut |_, _, _| {});
            let Finished::Renamed {
                workspace: saved,
                outcome,
                references,
                ..
            } = finished
            else {
                return Err(anyhow::anyhow!("a rename reported another task's result"));
            };
            let moved = match outcome {
                Outcome::Moved(moved) => moved,
                Outcome::Failed(err) => return Err(err.into()),
                Outcome::Skipped(why) => return Err(anyhow::anyhow!("not renamed: {why}")),
            };
            *workspace = saved;
            for path in &moved.report.written {
                eprintln!("saved {}", path.display());
            }
            if let Some(err) = moved.item_left {
                eprintln!("warning: the keychain item under the old name was kept: {err}");
            }
            references
        }
        RenameWay::Files => {
            let references = workspace.docs.rename(old, new)?;
            save(workspace)?;
            references
        }
    };
    let note = match references {
        0 => String::new(),
        1 => " and 1 source_profile that named it".to_owned(),
        n => format!(" and {n} source_profile settings that named it"),
    };
    eprintln!("renamed “{old}” to “{new}”{note}");
    Ok(())
}

pub fn duplicate(workspace: &mut Workspace, source: &str, new: &str) -> anyhow::Result<()> {
    workspace.docs.duplicate(source, new)?;
    save(workspace)?;
    eprintln!("copied “{source}” to “{new}”");
    Ok(())
}

pub fn delete(workspace: &mut Workspace, store: &StoreFactory, name: &str) -> anyhow::Result<()> {
    let deleted = keychain::delete_profile(workspace, name)?;
    let report = workspace.save()?;
    for backup in &report.backups {
        eprintln!("backup kept: {}", backup.display());
    }
    eprintln!("deleted profile “{name}”");
    // Its keys go too, now that nothing uses them; the files are saved whatever happens here.
    if let Some(item) = deleted.item {
        let task = Task::Forget(vec![item]);
        let program = std::path::Path::new("keyshelf");
        let finished = task::run(task, store, program, workspace.clone(), &mut |_, _, _| {});
        let failure = match finished {
            Finished::Forget { forgot: Ok(forgot) } => forgot
                .into_iter()
                .find_map(|(_, err)| err.map(|e| e.to_string())),
            Finished::Forget { forgot: Err(err) } => Some(err.to_string()),
            _ => Some("a clean-up reported another task's result".to_owned()),
        };
        match failure {
            None => eprintln!("removed its keys from the keychain"),
            Some(err) => eprintln!(
                "warning: its keys are still in the keychain ({err}); remove the \"keyshelf\" item in your keychain app"
            ),
        }
    }
    if !deleted.referrers.is_empty() {
        eprintln!(
            "warning: these profiles still use “{name}” as source_profile: {}",
            deleted.referrers.join(", ")
        );
    }
    Ok(())
}
