//! Is a migrated profile still served? Checks that need only the files, one that needs the
//! keychain, and the repair of a stale program path.

use std::path::Path;

use super::command::{keyshelf_line, parse_credential_process};
use super::items::LongTermKeys;
use super::migrate::item_of;
use super::move_error::{MoveError as Error, Result};
use super::store::get_item;
use super::store::{KeychainError, SecretStore};
use crate::files::Workspace;

/// Something wrong with a profile that keyshelf serves from the keychain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ailment {
    /// The program in its `credential_process` line no longer exists (keyshelf moved).
    ProgramMissing { program: String },
    /// Static keys sit beside the `credential_process`; the AWS tools use them instead.
    KeysBeside,
    /// The keychain has no item for it.
    ItemMissing,
    /// The keychain could not be asked.
    KeychainError(KeychainError),
}

impl Ailment {
    /// One plain sentence for the profile page and the CLI.
    pub fn describe(&self) -> String {
        match self {
            Ailment::ProgramMissing { program } => format!(
                "its credential_process runs {program}, which no longer exists; repair the path so the AWS tools can reach keyshelf"
            ),
            Ailment::KeysBeside => "plaintext keys are still in the files beside its credential_process, and the AWS tools use them first; migrate again to remove them".to_owned(),
            Ailment::ItemMissing => "its keys are missing from the keychain; restore them from a backup of the credentials file, or enter them again".to_owned(),
            Ailment::KeychainError(err) => format!("the keychain could not be checked: {err}"),
        }
    }
}

/// Checks that read only the files: fast enough for every frame of the app.
pub fn file_ailments(workspace: &Workspace, name: &str) -> Vec<Ailment> {
    let Some((value, _)) = workspace.docs.get(name, "credential_process") else {
        return Vec::new();
    };
    let Some((program, _)) = value.as_plain().and_then(parse_credential_process) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if !Path::new(&program).is_file() {
        found.push(Ailment::ProgramMissing { program });
    }
    if workspace.docs.get(name, "aws_access_key_id").is_some() {
        found.push(Ailment::KeysBeside);
    }
    found
}

/// Whether the keychain still holds the profile's item: its access key ID (never a secret,
/// shown on the profile's page), or what is wrong. Call off the UI thread.
pub fn check_item(
    workspace: &Workspace,
    store: &dyn SecretStore,
    name: &str,
) -> std::result::Result<String, Ailment> {
    match get_item::<LongTermKeys>(store, &item_of(workspace, name)) {
        Ok(keys) => Ok(keys.access_key_id.clone()),
        Err(KeychainError::NotFound) => Err(Ailment::ItemMissing),
        Err(err) => Err(Ailment::KeychainError(err)),
    }
}

/// Points the profile's `credential_process` at `program` (this keyshelf), keeping the profile
/// name the keychain item is stored under. Changes the files in memory; the caller saves.
pub fn repair_program_path(workspace: &mut Workspace, program: &Path, name: &str) -> Result<()> {
    let item = item_of(workspace, name);
    let command =
        keyshelf_line(&workspace.docs, name, program, &item.profile).map_err(|source| {
            Error::Command {
                profile: name.into(),
                source,
            }
        })?;
    // In place, in whichever file holds it.
    super::command::set_line(&mut workspace.docs, name, &command)?;
    Ok(())
}

/// Points the profiles keyshelf serves at `program`: with `only_missing`, those whose program no
/// longer exists ("Repair all" in the app); else every one that runs another program
/// (`keyshelf install`). Changes the files in memory; the caller saves. Returns the
/// profiles changed, in file order.
pub fn repair_all_program_paths(
    workspace: &mut Workspace,
    program: &Path,
    only_missing: bool,
) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    for name in workspace.docs.profile_names() {
        let Some((value, _)) = workspace.docs.get(&name, "credential_process") else {
            continue;
        };
        let Some((current, _)) = value.as_plain().and_then(parse_credential_process) else {
            continue;
        };
        let missing = !Path::new(&current).is_file();
        if Path::new(&current) != program && (missing || !only_missing) {
            repair_program_path(workspace, program, &name)?;
            changed.push(name);
        }
    }
    Ok(changed)
}

/// Everything wrong with profile `name` that the files show, one plain sentence each: field
/// hints (a 21-character key ID, `eu-wset-1`), a served profile's ailments, and why the AWS
/// tools would refuse it. Empty when nothing is. Reads no keychain: fast enough for the rows
/// in view.
pub fn profile_problems(workspace: &Workspace, name: &str) -> Vec<String> {
    let files = &workspace.docs;
    let mut problems: Vec<String> = files
        .hints(name)
        .into_iter()
        .map(|hint| format!("{}: {}", label_of(hint.field), hint.message))
        .collect();
    problems.extend(
        file_ailments(workspace, name)
            .iter()
            .map(|a| sentence(&a.describe())),
    );
    if let Err(err) = files.resolve(name)
        && err.profile() == Some(name)
        && !matches!(err, crate::aws::ResolveError::Unreadable { .. })
    {
        problems.push(sentence(&err.to_string()));
    }
    problems.dedup();
    problems
}

fn label_of(key: &str) -> &str {
    crate::aws::fields::field_of(key).map_or(key, |f| f.label)
}

/// "its credential_process runs…" → "Its credential_process runs….".
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}
