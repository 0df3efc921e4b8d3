//! Plaintext copies of keys elsewhere in the home folder: the console's CSV downloads in
//! Downloads, Desktop and Documents; keys in shell histories; keys in `.env` files. Bounded:
//! only regular files under a size limit are read, binary files and hidden folders (tool caches,
//! version control) are skipped, symlinks are not followed, and the search stops at a time
//! limit. Secrets are never copied out of what is read: findings hold key IDs only.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::text_scan::mentions_secret;
use super::{Action, Finding, KnownKeys, Place, Progress, Severity, display, plural, stopped};
use crate::secret::secret_shaped_words;

/// How far the search may go.
#[derive(Clone, Debug)]
pub struct ScanLimits {
    /// The whole search stops after this long (the report then says it is incomplete).
    pub time_limit: Duration,
    /// Folders below the home folder searched for `.env` files.
    pub max_depth: usize,
    /// Larger `.env` files are skipped (bytes).
    pub max_file_bytes: u64,
    /// Only the first this many bytes of a shell history are read.
    pub max_history_bytes: u64,
}

impl Default for ScanLimits {
    fn default() -> Self {
        ScanLimits {
            time_limit: super::SEARCH_TIME_LIMIT,
            max_depth: 6,
            max_file_bytes: 1024 * 1024,
            max_history_bytes: 16 * 1024 * 1024,
        }
    }
}

/// The shell and REPL histories, relative to the home folder.
const HISTORIES: [&str; 8] = [
    ".bash_history",
    ".zsh_history",
    ".zhistory",
    ".sh_history",
    ".history",
    ".local/share/fish/fish_history",
    ".python_history",
    ".psql_history",
];

/// Folders under home that hold generated or downloaded files, never a person's `.env`.
const SKIPPED_FOLDERS: [&str; 6] = [
    "node_modules",
    "target",
    "venv",
    "__pycache__",
    "site-packages",
    "snap",
];

pub(super) struct Search<'a> {
    pub home: &'a Path,
    /// The shared files themselves, checked elsewhere.
    pub skip: &'a [&'a Path],
    pub known: &'a KnownKeys,
    pub limits: &'a ScanLimits,
    pub deadline: Instant,
    pub cancel: &'a AtomicBool,
    pub progress: &'a mut dyn FnMut(Progress),
    pub files_searched: usize,
    pub incomplete: bool,
    pub findings: &'a mut Vec<Finding>,
    /// Files already read (a Downloads folder may be the home folder itself).
    pub seen: std::collections::HashSet<PathBuf>,
}

impl Search<'_> {
    pub fn run(&mut self) {
        let started = Instant::now();
        self.csv_downloads();
        let mut histories: Vec<PathBuf> = HISTORIES.iter().map(|h| self.home.join(h)).collect();
        // fish keeps its history under $XDG_DATA_HOME when that is set. Only a folder inside
        // the home searched counts: the search never leaves it (tests search a sandbox).
        if let Some(data) = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute() && p.starts_with(self.home))
        {
            histories.push(data.join("fish/fish_history"));
        }
        for path in histories {
            self.text_file(&path, self.limits.max_history_bytes, "a shell history");
        }
        let home = self.home.to_path_buf();
        self.walk(&home, 0, started);
        (self.progress)(Progress {
            fraction: 1.0,
            files_searched: self.files_searched,
        });
    }

    fn out_of_time(&mut self) -> bool {
        if stopped(self.cancel, self.deadline) {
            self.incomplete = true;
        }
        self.incomplete
    }

    fn report(&mut self, started: Instant) {
        let limit = self.limits.time_limit.as_secs_f32().max(0.001);
        (self.progress)(Progress {
            fraction: (started.elapsed().as_secs_f32() / limit).min(0.99),
            files_searched: self.files_searched,
        });
    }

    /// Console CSV files in Downloads, Desktop and Documents, and one folder below them. The
    /// desktop's own names for these folders count when they are inside the home folder
    /// searched (never elsewhere: a test's sandbox home must not lead to the real one).
    fn csv_downloads(&mut self) {
        let mut folders: Vec<PathBuf> = ["Downloads", "Desktop", "Documents"]
            .iter()
            .map(|f| self.home.join(f))
            .collect();
        folders.extend(
            [
                dirs::download_dir(),
                dirs::desktop_dir(),
                dirs::document_dir(),
            ]
            .into_iter()
            .flatten()
            .filter(|d| d.starts_with(self.home)),
        );
        let mut folders: Vec<PathBuf> = folders
            .into_iter()
            .map(|f| fs::canonicalize(&f).unwrap_or(f))
            .collect();
        folders.sort();
        folders.dedup();
        for folder in folders {
            self.csv_folder(&folder, 0);
        }
    }

    fn csv_folder(&mut self, folder: &Path, depth: usize) {
        for (path, kind, name) in self.entries(folder) {
            if self.out_of_time() {
                return;
            }
            if kind.is_dir() && depth < 1 && !name.starts_with('.') {
                self.csv_folder(&path, depth + 1);
            } else if kind.is_file() && is_console_csv(&path) {
                self.csv_file(&path);
            }
        }
    }

    /// The entries of `folder` (path, type, name), none when it cannot be read or lies on
    /// another file system than the home folder (a network mount that stopped answering would
    /// hang the search). Symlinks are entries of their own kind, never followed.
    fn entries(&self, folder: &Path) -> Vec<(PathBuf, fs::FileType, String)> {
        if !same_device(self.home, folder) {
            return Vec::new();
        }
        let Ok(entries) = fs::read_dir(folder) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|entry| {
                let kind = entry.file_type().ok()?;
                let name = entry.file_name().to_string_lossy().into_owned();
                Some((entry.path(), kind, name))
            })
            .collect()
    }

    fn csv_file(&mut self, path: &Path) {
        if !self.first_time(path) {
            return;
        }
        self.files_searched += 1;
        let Ok(import) = crate::import::read_csv_file(path) else {
            return;
        };
        if import.rows.is_empty() {
            return;
        }
        let ids: Vec<String> = import
            .rows
            .iter()
            .map(|r| r.access_key_id.clone())
            .collect();
        let profiles = self.profiles_of(&ids);
        self.findings.push(Finding {
            kind: "csv_copy",
            severity: Severity::Serious,
            place: Place::Path { path: path.to_path_buf() },
            profile: profiles.first().cloned(),
            access_key_id: ids.first().cloned(),
            what: format!(
                "{} is an access-key file from the AWS console: it holds {} in plain text{}.",
                display(path),
                plural(ids.len(), "secret key", "secret keys"),
                belongs(&ids, &profiles)
            ),
            why: "Anyone or any program that reads this file can use the key; downloads are often synced or shared.".into(),
            fix: if profiles.is_empty() {
                "Import it into keyshelf, then delete it.".into()
            } else {
                "Its key is already in keyshelf: delete the file.".into()
            },
            action: Some(Action::DeleteFile { path: path.to_path_buf() }),
        });
    }

    /// Whether `path` was not read before in this search.
    fn first_time(&mut self, path: &Path) -> bool {
        let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.seen.insert(path)
    }

    /// `.env` files under `folder`, depth-first, hidden folders skipped.
    fn walk(&mut self, folder: &Path, depth: usize, started: Instant) {
        if depth > self.limits.max_depth {
            return;
        }
        for (path, kind, name) in self.entries(folder) {
            if self.out_of_time() {
                return;
            }
            if kind.is_dir() {
                if !name.starts_with('.') && !SKIPPED_FOLDERS.contains(&name.as_ref()) {
                    self.walk(&path, depth + 1, started);
                }
            } else if kind.is_file() && is_env_file(&name) {
                self.text_file(&path, self.limits.max_file_bytes, "an .env file");
                self.report(started);
            }
        }
    }

    /// Reads a text file (at most `limit` bytes) and reports the lines with a secret.
    fn text_file(&mut self, path: &Path, limit: u64, what: &str) {
        if self.skip.contains(&path) || self.out_of_time() || !self.first_time(path) {
            return;
        }
        let Ok(file) = crate::files::open_regular(path) else {
            return;
        };
        let Ok(size) = file.metadata().map(|m| m.len()) else {
            return;
        };
        if what != "a shell history" && size > limit {
            return;
        }
        // Sized once: a buffer that grows leaves unwiped copies of what it held.
        let capacity = usize::try_from(size.min(limit)).unwrap_or(0) + 1;
        let mut bytes = Zeroizing::new(Vec::with_capacity(capacity));
        if file.take(limit).read_to_end(&mut bytes).is_err() {
            return;
        }
        self.files_searched += 1;
        // Binary: a NUL in the first 8 KiB, as git and grep decide.
        if bytes.iter().take(8192).any(|&b| b == 0) {
            return;
        }
        let text = Zeroizing::new(String::from_utf8_lossy(&bytes).into_owned());
        let mut lines = Vec::new();
        let mut ids = Vec::new();
        let mut profiles = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let mention = mentions_secret(line);
            if mention.secret {
                lines.push(i + 1);
                profiles.extend(
                    secret_shaped_words(line)
                        .filter_map(|word| self.known.profile_of_secret(word))
                        .map(str::to_owned),
                );
            }
            ids.extend(mention.key_ids);
        }
        let Some(&first) = lines.first() else { return };
        ids.dedup();
        profiles.extend(self.profiles_of(&ids));
        profiles.dedup();
        let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
        let more = if lines.len() > 5 { ", …" } else { "" };
        self.findings.push(Finding {
            kind: if what == "a shell history" { "history_copy" } else { "env_file_copy" },
            severity: Severity::Serious,
            place: Place::Line { path: path.to_path_buf(), line: first },
            profile: profiles.first().cloned(),
            access_key_id: ids.first().cloned(),
            what: format!(
                "{} ({what}) has a secret access key in plain text on {} {}{more}{}.",
                display(path),
                if lines.len() == 1 { "line" } else { "lines" },
                shown.join(", "),
                belongs(&ids, &profiles)
            ),
            why: "Anyone or any program that reads this file can use the key.".into(),
            fix: "Delete those lines in a text editor; the key stays usable by whoever copied it until you replace it.".into(),
            action: None,
        });
    }

    /// The profiles that hold these key IDs.
    fn profiles_of(&self, ids: &[String]) -> Vec<String> {
        let mut found: Vec<String> = ids
            .iter()
            .filter_map(|id| self.known.profile_of_key_id(id).map(str::to_owned))
            .collect();
        found.dedup();
        found
    }
}

/// " (the key of profile “x”)", " (key AKIA…)" or nothing.
fn belongs(ids: &[String], profiles: &[String]) -> String {
    match (profiles.first(), ids.first()) {
        (Some(profile), _) => format!(" (the key of profile “{profile}”)"),
        (None, Some(id)) => format!(" (key {id})"),
        (None, None) => String::new(),
    }
}

/// The console's names, `<user>_accessKeys.csv`, `credentials.csv` and
/// `new_user_credentials.csv`, also as a browser renames a second download
/// (`bob_accessKeys (1).csv`).
fn is_console_csv(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let name = name.to_string_lossy().to_ascii_lowercase();
    name.ends_with(".csv")
        && (name.contains("accesskeys")
            || name.starts_with("credentials")
            || name.starts_with("new_user_credentials"))
}

/// `.env`, `.env.local`, `production.env`, and direnv's `.envrc`.
fn is_env_file(name: &str) -> bool {
    name == ".env" || name == ".envrc" || name.starts_with(".env.") || name.ends_with(".env")
}

use crate::platform::file_modes::same_device;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_names_and_env_files() {
        for name in [
            "bob_accessKeys.csv",
            "bob_accessKeys (1).csv",
            "credentials.csv",
            "new_user_credentials (2).csv",
        ] {
            assert!(is_console_csv(Path::new(name)), "{name}");
        }
        assert!(!is_console_csv(Path::new("report.csv")));
        for name in [".env", ".envrc", ".env.local", "prod.env"] {
            assert!(is_env_file(name), "{name}");
        }
        assert!(!is_env_file("environment.txt"));
    }
}
