//! The health check behind `keyshelf doctor` and the app's Health page (issue 12 §8): one core
//! check, two faces.
//!
//! [`check`] looks at the shared files as the AWS tools read them, at the file modes, at the
//! environment, and (bounded in time and size) for plaintext copies of keys elsewhere in the
//! home folder. Each [`Finding`] says where, why it matters and how to fix it, and carries an
//! [`Action`] when one click can fix it. Nothing is ever sent anywhere, and no secret is ever
//! put into a finding: key IDs only.

mod copies;
mod environment;
mod permissions;
mod profiles;
mod text_scan;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::files::Workspace;

pub use copies::ScanLimits;
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
        path: PathBuf,
        line: usize,
    },
    Path {
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
    Tighten { path: PathBuf, mode: u32 },
    /// Delete a plaintext copy of keys (a console CSV), overwriting it first.
    DeleteFile { path: PathBuf },
    /// Move the profile's keys into the keychain.
    MoveToKeychain { profile: String },
    /// Point the profile's `credential_process` at this keyshelf.
    RepairPath { profile: String },
}

impl Action {
    /// The button's words.
    pub fn label(&self) -> &'static str {
        match self {
            Action::Tighten { .. } => "Make private",
            Action::DeleteFile { .. } => "Delete file",
            Action::MoveToKeychain { .. } => "Move to keychain",
            Action::RepairPath { .. } => "Repair path",
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
    /// Files the search for plaintext copies read.
    pub files_searched: usize,
    /// The search stopped at its time limit or was cancelled: some places were not looked at.
    pub search_incomplete: bool,
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
    pub workspace: &'a Workspace,
    /// The home folder searched for plaintext copies; `None` skips that search.
    pub home: Option<PathBuf>,
    /// The environment, as `(name, value)`; values are only tested for being set.
    pub environment: Vec<(String, String)>,
    /// Access key ID → profile, for the profiles whose keys are in the keychain (read by the
    /// caller, which owns the keychain); the file profiles' keys are read here.
    pub keychain_keys: HashMap<String, String>,
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
    let files = &inputs.workspace.docs;
    let paths = [
        inputs.workspace.path(crate::aws::FileKind::Config),
        inputs.workspace.path(crate::aws::FileKind::Credentials),
    ];
    profiles::check(inputs.workspace, inputs.today, &mut findings);
    permissions::check(&paths, &mut findings);
    environment::check(&inputs.environment, &mut findings);
    let mut known = profiles::known_keys(files);
    known.extend(inputs.keychain_keys.clone());
    let mut report = Report::default();
    if let Some(home) = &inputs.home {
        let deadline = Instant::now() + inputs.limits.time_limit;
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
        };
        search.run();
        report.files_searched = search.files_searched;
        report.search_incomplete = search.incomplete;
    }
    findings.sort_by(|a, b| a.severity.cmp(&b.severity));
    report.findings = findings;
    report
}

/// Makes a file fix: [`Action::Tighten`] or [`Action::DeleteFile`]. The profile fixes belong
/// to the keychain tasks and edits; they are refused here.
pub fn apply(action: &Action) -> std::io::Result<()> {
    match action {
        Action::Tighten { path, mode } => tighten(path, *mode),
        Action::DeleteFile { path } => crate::files::delete_plaintext_copy(path),
        Action::MoveToKeychain { .. } | Action::RepairPath { .. } => Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "this fix is a keychain task, not a file change",
        )),
    }
}

/// Access key ID → profile for the profiles served from the keychain, read from their items,
/// so that a copy found elsewhere can be named as theirs. Reading stops at the first keychain
/// error (a locked or missing keychain): the copies are then reported by key ID alone.
pub fn keychain_keys(
    workspace: &Workspace,
    store: &dyn crate::keychain::SecretStore,
) -> HashMap<String, String> {
    let mut found = HashMap::new();
    for name in workspace.docs.profile_names() {
        let Some(item) = crate::keychain::served_item(workspace, &name) else {
            continue;
        };
        match crate::keychain::get_item::<crate::keychain::LongTermKeys>(store, &item) {
            Ok(keys) => {
                found.insert(keys.access_key_id.clone(), name);
            }
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

/// "1 day", "3 days": counts in messages are never "day(s)".
pub fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

pub(crate) fn stopped(cancel: &AtomicBool, deadline: Instant) -> bool {
    cancel.load(Ordering::Relaxed) || Instant::now() >= deadline
}

/// The default time limit for the search for copies.
pub const SEARCH_TIME_LIMIT: Duration = Duration::from_secs(10);

fn display(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests;
