//! `keyshelf rename|duplicate|delete`.

use keyshelf::files::Workspace;
use keyshelf::keychain;

use super::save;

pub fn rename(workspace: &mut Workspace, old: &str, new: &str) -> anyhow::Result<()> {
    let references = if keychain::served_item(workspace, old).is_some() && old != new {
        // Its keys are in the keychain under its name: they move with it.
        let store = keychain::native_store()?;
        let (moved, references) = keychain::rename_served(workspace, store.as_ref(), old, new)?;
        for path in &moved.report.written {
            eprintln!("saved {}", path.display());
        }
        if let Some(err) = moved.item_left {
            eprintln!("warning: the keychain item under the old name was kept: {err}");
        }
        references
    } else {
        let references = workspace.files.rename(old, new)?;
        save(workspace)?;
        references
    };
    let note = match references {
        0 => String::new(),
        1 => " and 1 source_profile that named it".to_owned(),
        n => format!(" and {n} source_profile settings that named it"),
    };
    eprintln!("renamed `{old}` to `{new}`{note}");
    Ok(())
}

pub fn duplicate(workspace: &mut Workspace, source: &str, new: &str) -> anyhow::Result<()> {
    workspace.files.duplicate(source, new)?;
    save(workspace)?;
    eprintln!("copied `{source}` to `{new}`");
    Ok(())
}

pub fn delete(workspace: &mut Workspace, name: &str) -> anyhow::Result<()> {
    let item = keychain::served_item(workspace, name);
    let referrers = workspace.files.delete(name)?;
    // A duplicate of it may read the same item: then the item stays.
    let item = item.filter(|item| keychain::users_of_item(workspace, item).is_empty());
    let report = workspace.save()?;
    for backup in &report.backups {
        eprintln!("backup kept: {}", backup.display());
    }
    eprintln!("deleted profile `{name}`");
    // Its keys go too, now that nothing uses them; the files are saved whatever happens here.
    if let Some(item) = item {
        match keychain::native_store().and_then(|store| store.delete(&item)) {
            Ok(()) => eprintln!("removed its keys from the keychain"),
            Err(err) => eprintln!(
                "warning: its keys are still in the keychain ({err}); remove the \"keyshelf\" item in your keychain app"
            ),
        }
    }
    if !referrers.is_empty() {
        eprintln!(
            "warning: these profiles still use `{name}` as source_profile: {}",
            referrers.join(", ")
        );
    }
    Ok(())
}
