//! `keyshelf rename|duplicate|delete`.

use keyshelf::action::{self, StoreFactory};
use keyshelf::files::Workspace;
use keyshelf::keychain::{self, RenameWay};

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
            let renamed = action::rename_keychain_profile(workspace, store, old, new)?;
            let moved = renamed.moved;
            for path in &moved.report.written {
                eprintln!("saved {}", path.display());
            }
            if let Some(err) = moved.item_left {
                eprintln!("warning: the keychain item under the old name was kept: {err}");
            }
            renamed.references
        }
        RenameWay::Files => {
            let renamed = keychain::rename_in_files(workspace, old, new)?;
            save(workspace)?;
            // A role of an SSO sign-in: the role credentials cached under the old name go.
            if let Some(item) = renamed.item {
                forget_or_warn(
                    store,
                    item,
                    "the role credentials cached under the old name",
                );
            }
            renamed.references
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

/// Deletes `item` from the keychain after a save, saying so, or warning that `what` is still
/// there; the files are saved whatever happens here.
fn forget_or_warn(store: &StoreFactory, item: keychain::ItemKey, what: &str) {
    let failure = match action::forget(store, &[item]) {
        Ok(forgot) => forgot
            .failed
            .into_iter()
            .next()
            .map(|(_, err)| err.to_string()),
        Err(err) => Some(err.to_string()),
    };
    match failure {
        None => eprintln!("removed {what} from the keychain"),
        Some(err) => eprintln!(
            "warning: {what} are still in the keychain ({err}); remove the \"keyshelf\" item in your keychain app"
        ),
    }
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
        forget_or_warn(store, item, "its keys");
    }
    if !deleted.referrers.is_empty() {
        eprintln!(
            "warning: these profiles still use “{name}” as source_profile: {}",
            deleted.referrers.join(", ")
        );
    }
    Ok(())
}
