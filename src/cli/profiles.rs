//! `keyshelf rename|duplicate|delete`.

use keyshelf::files::Workspace;

use super::save;

pub fn rename(workspace: &mut Workspace, old: &str, new: &str) -> anyhow::Result<()> {
    let references = workspace.files.rename(old, new)?;
    save(workspace)?;
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
    let referrers = workspace.files.delete(name)?;
    let report = workspace.save()?;
    for backup in &report.backups {
        eprintln!("backup kept: {}", backup.display());
    }
    eprintln!("deleted profile `{name}`");
    if !referrers.is_empty() {
        eprintln!(
            "warning: these profiles still use `{name}` as source_profile: {}",
            referrers.join(", ")
        );
    }
    Ok(())
}
