//! The health check behind `keyshelf doctor` and the app's Health page: one core
//! check, two faces.
//!
//! [`check`] looks at the shared files as the AWS tools read them, at the file modes, at the
//! environment, and (bounded in time and size) for plaintext copies of keys elsewhere in the
//! home folder. Each [`Finding`] says where, why it matters and how to fix it, and carries an
//! [`Action`] when one click can fix it. Nothing is ever sent anywhere, and no secret is ever
//! put into a finding: key IDs only.

mod backups;
mod caches;
mod copies;
mod environment;
mod file_checks;
mod permissions;
mod profiles;
mod text_scan;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::files::Workspace;

pub use crate::secret::secret_shaped_words;
pub use copies::ScanLimits;
pub use environment::from_process as environment_of_process;
pub use permissions::tighten;
pub use text_scan::{KeyMention, find_key_ids, mentions_secret};

/// How much a finding matters. `keyshelf doctor` exits 1 when any is [`Severity::Serious`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A secret others can read, or a profile the AWS tools cannot use.
    Serious,
    /// A risk or a misreading worth fixing.
    Warning,
    /// Worth knowing; nothing is wrong yet.
    Advice,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Serious => "Serious",
            Severity::Warning => "Warning",
            Severity::Advice => "Advice",
        }
    }
}

/// Where a finding is: a line of a file, a whole file or folder, a profile, or a variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Place {
    /// 1-based `line`.
    Line {
        #[serde(serialize_with = "lossy")]
        path: PathBuf,
        line: usize,
    },
    Path {
        #[serde(serialize_with = "lossy")]
        path: PathBuf,
    },
    Profile {
        name: String,
    },
    Environment {
        variable: String,
    },
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Line { path, line } => write!(f, "{}:{line}", path.display()),
            Place::Path { path } => write!(f, "{}", path.display()),
            Place::Profile { name } => write!(f, "profile “{name}”"),
            Place::Environment { variable } => write!(f, "${variable}"),
        }
    }
}

/// A fix one click can make. The file ones are [`apply`]'s; the profile ones are the keychain
/// tasks and edits the app and the CLI already have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Set `path`'s mode to `mode` (0700 for a folder, 0600 for a file).
    Tighten {
        #[serde(serialize_with = "lossy")]
        path: PathBuf,
        mode: u32,
    },
    /// Delete a plaintext copy of keys (a console CSV), overwriting it first.
    DeleteFile {
        #[serde(serialize_with = "lossy")]
        path: PathBuf,
    },
    /// Move the profile's keys into the keychain.
    MoveToKeychain { profile: String },
    /// Point the profile's `credential_process` at this keyshelf.
    RepairPath { profile: String },
    /// Set the profile's region to the known one a mistyped value most likely meant.
    SetRegion { profile: String, region: String },
}

impl Action {
    /// The button's words.
    pub fn label(&self) -> &'static str {
        match self {
            Action::Tighten { .. } => "Make private",
            Action::DeleteFile { .. } => "Delete file",
            Action::MoveToKeychain { .. } => "Move to keychain",
            Action::RepairPath { .. } => "Repair path",
            Action::SetRegion { .. } => "Correct the region",
        }
    }
}

/// One thing the check found. `what`, `why` and `fix` are one plain sentence each; none holds
/// a secret value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable word for scripts, such as `plaintext_keys` or `csv_copy`.
    pub kind: &'static str,
    pub severity: Severity,
    pub place: Place,
    /// The profile it concerns, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// An access key ID it concerns (never a secret).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    pub what: String,
    pub why: String,
    pub fix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
}

/// What [`check`] found, and how far the search for copies got.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Whether the home folder was searched for plaintext copies at all.
    pub searched: bool,
    /// Files the search for plaintext copies read.
    pub files_searched: usize,
    /// The search stopped at its time limit or was cancelled: some places were not looked at.
    pub search_incomplete: bool,
    /// How long the search took, in milliseconds.
    pub search_millis: u64,
}

impl Report {
    /// Whether anything [`Severity::Serious`] was found: `keyshelf doctor` then exits 1.
    pub fn is_serious(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Serious)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// What the check looks at besides the files.
pub struct Inputs<'a> {
    /// Where the shared files are.
    pub paths: &'a crate::aws::AwsPaths,
    /// The files as read, or why they could not be read (then only the checks that need no
    /// profile run, and the reason is a finding of its own).
    pub files: Result<&'a Workspace, &'a crate::files::FilesError>,
    /// The home folder searched for plaintext copies; `None` skips that search.
    pub home: Option<PathBuf>,
    /// The environment, as `(name, value)`; values are only tested for being set.
    pub environment: Vec<(String, String)>,
    /// The keys of the profiles served from the keychain ([`keychain_keys`], read by the
    /// caller, which owns the keychain); the file profiles' keys are read here.
    pub keychain_keys: KnownKeys,
    /// The AWS CLI's folder (`~/.aws`), for its plaintext caches; `None` skips them.
    pub aws_cli_folder: Option<PathBuf>,
    /// Today, for key ages.
    pub today: chrono::NaiveDate,
    pub limits: ScanLimits,
}

/// How far the check has got, for a progress bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// 0.0 to 1.0: the share of the search's time limit used, or of the places searched.
    pub fraction: f32,
    pub files_searched: usize,
}

/// Runs every check. `progress` is called now and then during the search for copies; setting
/// `cancel` stops that search early (the report then says it is incomplete).
pub fn check(
    inputs: &Inputs<'_>,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Report {
    let mut findings = Vec::new();
    let paths = [
        inputs.paths.config.as_path(),
        inputs.paths.credentials.as_path(),
    ];
    let mut known = inputs.keychain_keys.clone();
    match inputs.files {
        Ok(workspace) => {
            profiles::check(workspace, inputs.today, &mut findings);
            profiles::add_known_keys(&workspace.docs, &mut known);
        }
        Err(err) => findings.push(file_checks::unreadable(err)),
    }
    backups::check(inputs.paths, &inputs.keychain_keys, &mut findings);
    permissions::check(&paths, &mut findings);
    environment::check(&inputs.environment, &mut findings);
    if let Some(folder) = &inputs.aws_cli_folder {
        caches::check(folder, chrono::Utc::now(), &mut findings);
    }
    let mut report = Report::default();
    if let Some(home) = &inputs.home {
        // A time limit too large to add is no limit (a year is as good as forever here).
        let deadline = Instant::now()
            .checked_add(inputs.limits.time_limit)
            .unwrap_or_else(|| Instant::now() + Duration::from_secs(365 * 24 * 3600));
        let mut search = copies::Search {
            home,
            skip: &paths,
            known: &known,
            limits: &inputs.limits,
            deadline,
            cancel,
            progress,
            files_searched: 0,
            incomplete: false,
            findings: &mut findings,
            seen: Default::default(),
        };
        let started = Instant::now();
        search.run();
        report.search_millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        report.searched = true;
        report.files_searched = search.files_searched;
        report.search_incomplete = search.incomplete;
    }
    findings.sort_by_key(|f| f.severity);
    report.findings = findings;
    report
}

/// Makes a file fix: [`Action::Tighten`] or [`Action::DeleteFile`]. The profile fixes belong
/// to the keychain tasks and edits; they are refused here.
pub fn apply(action: &Action) -> std::io::Result<()> {
    match action {
        Action::Tighten { path, mode } => tighten(path, *mode),
        Action::DeleteFile { path } => crate::files::delete_plaintext_copy(path),
        Action::MoveToKeychain { .. } | Action::RepairPath { .. } | Action::SetRegion { .. } => {
            Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "this fix is an edit of a profile, not a change of a file's mode",
            ))
        }
    }
}

/// The user's own keys, so that a copy found elsewhere is named as a profile's: by access key
/// ID, or by the secret itself when no key ID is beside it (`export AWS_SECRET_ACCESS_KEY=…`).
/// Secrets are held as [`Secret`](crate::secret::Secret)s (wiped when dropped) and only ever
/// compared.
#[derive(Clone, Default)]
pub struct KnownKeys {
    by_key_id: HashMap<String, String>,
    by_secret: Vec<(crate::secret::Secret, String)>,
}

impl std::fmt::Debug for KnownKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KnownKeys({} keys)", self.by_key_id.len())
    }
}

impl KnownKeys {
    /// Records `profile`'s key; the first profile named for a key keeps it.
    pub fn add(&mut self, key_id: &str, secret: &crate::secret::Secret, profile: &str) {
        if self.by_key_id.contains_key(key_id) {
            return;
        }
        self.by_key_id.insert(key_id.to_owned(), profile.to_owned());
        self.by_secret.push((secret.clone(), profile.to_owned()));
    }

    pub fn profile_of_key_id(&self, key_id: &str) -> Option<&str> {
        self.by_key_id.get(key_id).map(String::as_str)
    }

    pub fn profile_of_secret(&self, secret: &str) -> Option<&str> {
        self.by_secret
            .iter()
            .find(|(s, _)| s.expose() == secret)
            .map(|(_, p)| p.as_str())
    }
}

/// The keys of the profiles served from the keychain, read from their items. Reading stops at
/// the first keychain error (a locked or missing keychain): copies are then reported by key ID
/// alone.
pub fn keychain_keys(workspace: &Workspace, store: &dyn crate::keychain::SecretStore) -> KnownKeys {
    let mut found = KnownKeys::default();
    for name in workspace.docs.profile_names() {
        let Some(item) = crate::keychain::served_item(workspace, &name) else {
            continue;
        };
        match crate::keychain::get_item::<crate::keychain::LongTermKeys>(store, &item) {
            Ok(keys) => found.add(&keys.access_key_id, &keys.secret_access_key, &name),
            Err(crate::keychain::KeychainError::NotFound) => {}
            Err(_) => break,
        }
    }
    found
}

/// Days between a recorded `YYYY-MM-DD` date and `today`; `None` when it is not such a date.
pub fn days_since(date: &str, today: chrono::NaiveDate) -> Option<i64> {
    let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    Some((today - date).num_days())
}

pub use crate::words::plural;

pub(crate) fn stopped(cancel: &AtomicBool, deadline: Instant) -> bool {
    cancel.load(Ordering::Relaxed) || Instant::now() >= deadline
}

/// The default time limit for the search for copies.
pub const SEARCH_TIME_LIMIT: Duration = Duration::from_secs(10);

/// A path in the JSON report as text, with any bytes that are not UTF-8 replaced: a report
/// must never fail because of one folder's name.
fn lossy<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests;
