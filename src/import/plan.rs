//! What each read row will do (the preview). Doing it, all or nothing, is the keychain layer's
//! (`keychain::apply_import`): an import into the keychain is a move of keys.

use crate::aws::names::check_profile_name;
use crate::files::Workspace;
use crate::secret::Secret;

use super::ImportRow;

/// Where imported keys go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// The OS keychain; the profile runs `keyshelf credential-process`.
    Keychain,
    /// The plaintext credentials file, as `aws configure import` does.
    CredentialsFile,
}

/// What to do when a profile of the same name exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnConflict {
    /// Stop; import nothing.
    Fail,
    /// Replace its keys (its other settings stay).
    Replace,
    /// Import under the first free name `NAME-2`, `NAME-3`, …
    Rename,
    /// Leave it; import the other rows.
    Skip,
}

/// What one row will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    ReplaceKeys,
    Skip,
}

/// One row of the preview: the profile it becomes and what happens to it.
#[derive(Clone, Debug)]
pub struct Planned {
    /// The file the row came from, as named in [`Candidate::source`].
    pub source: String,
    pub row: usize,
    pub profile: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub action: Action,
}

/// Settings for every imported profile.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub destination: Destination,
    pub region: Option<String>,
    pub output: Option<String>,
}

/// The config key that records when keys were imported, so the app can suggest rotation. The
/// AWS tools ignore keys they do not know.
pub const IMPORTED_KEY: &str = "keyshelf_imported";

/// A row to import, where it came from, and the profile name chosen for it (the suggestion,
/// or what the user typed).
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The file's name, for messages.
    pub source: String,
    pub row: ImportRow,
    pub name: String,
}

impl Candidate {
    /// Why the file gives this row no profile name: it has no user name, or its user name (with
    /// the profile prefix) is not one a profile can have, which [`check_profile_name`] says.
    pub fn why_unnamed(&self) -> String {
        match (&self.row.profile_name, self.row.user_name.as_deref()) {
            (None, Some(user)) => match check_profile_name(user) {
                Err(err) => format!("the user name {err}"),
                Ok(()) => format!(
                    "the user name “{}” with the profile prefix cannot be a profile name",
                    user.escape_debug()
                ),
            },
            _ => "the file has no user name for this key".to_owned(),
        }
    }
}

/// The rows of one CSV file as candidates, each named by its suggested profile name (empty when
/// the file has none): what the preview lists and `keyshelf import` plans. `source` names the
/// file in messages.
pub fn candidates(source: &str, rows: Vec<crate::import::ImportRow>) -> Vec<Candidate> {
    rows.into_iter()
        .map(|row| Candidate {
            source: source.to_owned(),
            name: row.profile_name.clone().unwrap_or_default(),
            row,
        })
        .collect()
}

/// Splits the CSV files of an import into those that may be deleted once it is saved and those
/// to keep: a file with a skipped row is kept, because that key was not imported and the
/// console shows a secret key once, so the file may be its only copy. `skipped` holds the
/// `source` of each skipped row; `source_of` names a file as its candidates' `source` does.
pub fn safe_to_delete(
    files: &[std::path::PathBuf],
    skipped: &[&str],
    source_of: &dyn Fn(&std::path::Path) -> String,
) -> (Vec<std::path::PathBuf>, Vec<std::path::PathBuf>) {
    files
        .iter()
        .cloned()
        .partition(|file| !skipped.contains(&source_of(file).as_str()))
}

/// Decides what each row does. Fails, naming the row, on a missing or invalid name, on
/// two rows with the same name, and (with [`OnConflict::Fail`]) on an existing profile.
pub fn plan(
    workspace: &Workspace,
    candidates: &[Candidate],
    on_conflict: OnConflict,
) -> std::result::Result<Vec<Planned>, super::PlanError> {
    // Each name taken so far, with the file and row that took it. A map: a Vec made planning
    // 8,000 rows quadratic.
    let mut taken: std::collections::HashMap<String, (&str, usize)> =
        std::collections::HashMap::new();
    let mut planned = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let row = &candidate.row;
        let name = candidate.name.trim();
        let row_error = |why: String| super::PlanError {
            file: candidate.source.clone(),
            row: row.row,
            why,
        };
        if name.is_empty() {
            return Err(row_error(format!(
                "{}; choose a name",
                candidate.why_unnamed()
            )));
        }
        check_profile_name(name).map_err(|err| row_error(err.to_string()))?;
        let exists = workspace.docs.exists(name);
        let (profile, action) = match (exists, on_conflict) {
            (false, _) => (name.to_owned(), Action::Create),
            (true, OnConflict::Fail) => {
                return Err(row_error(format!(
                    "a profile named “{}” exists; choose replace, rename or skip",
                    name.escape_debug()
                )));
            }
            (true, OnConflict::Replace) => (name.to_owned(), Action::ReplaceKeys),
            (true, OnConflict::Skip) => (name.to_owned(), Action::Skip),
            (true, OnConflict::Rename) => {
                let free = super::free_profile_name(&workspace.docs, name, &|candidate| {
                    taken.contains_key(candidate)
                });
                (free, Action::Create)
            }
        };
        if action != Action::Skip
            && let Some(&(file, other)) = taken.get(&profile)
        {
            let place = if file == candidate.source {
                format!("row {other}")
            } else {
                format!("row {other} of {file}")
            };
            return Err(row_error(format!(
                "profile “{}” is already the name of {place}",
                profile.escape_debug()
            )));
        }
        taken.insert(profile.clone(), (&candidate.source, row.row));
        planned.push(Planned {
            source: candidate.source.clone(),
            row: row.row,
            profile,
            access_key_id: row.access_key_id.clone(),
            secret_access_key: row.secret_access_key.clone(),
            action,
        });
    }
    Ok(planned)
}
