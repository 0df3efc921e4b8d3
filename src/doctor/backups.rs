//! Plaintext copies of a keychain profile's secret where keyshelf itself keeps files: the
//! backups in `keyshelf-backups` and temporary files a killed save left beside the shared files.
//! A move removes the secret from them; a process killed during that clean-up finishes it at
//! the next start, and this check says so if any copy is still there.

use std::path::{Path, PathBuf};

use super::{Action, Finding, KnownKeys, Place, Severity};
use crate::aws::{AwsPaths, FileKind, is_secret_key};
use crate::ini::Document;

/// Adds a finding for each backup or temporary copy holding a secret the keychain holds.
pub(super) fn check(paths: &AwsPaths, keychain: &KnownKeys, out: &mut Vec<Finding>) {
    for file in [FileKind::Config, FileKind::Credentials] {
        if paths.unread_reason(file).is_some() {
            continue;
        }
        let path = paths.path(file);
        let mut copies = crate::files::list_backups(path).unwrap_or_default();
        copies.extend(temporary_files(path));
        for copy in copies {
            if let Some((line, profile)) = keychain_secret_in(&copy, keychain) {
                out.push(finding(&copy, line, &profile));
            }
        }
    }
}

/// Temporary files (`.keyshelf-*.tmp`) beside `path`.
fn temporary_files(path: &Path) -> Vec<PathBuf> {
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with(crate::files::TEMP_PREFIX) && name.ends_with(crate::files::TEMP_SUFFIX)
        })
        .map(|entry| entry.path())
        .collect()
}

/// The first line of `copy` whose secret key holds a secret the keychain holds, and whose.
fn keychain_secret_in(copy: &Path, keychain: &KnownKeys) -> Option<(usize, String)> {
    let bytes = zeroize::Zeroizing::new(crate::files::open_regular(copy).ok().and_then(|f| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(f, 16 << 20), &mut bytes).ok()?;
        Some(bytes)
    })?);
    let doc = Document::from_bytes(&bytes).ok()?;
    for (_, _, entries) in doc.all_sections() {
        for entry in entries.iter().filter(|e| is_secret_key(&e.key)) {
            if let Some(profile) = entry
                .value
                .as_plain()
                .and_then(|v| keychain.profile_of_secret(v))
            {
                return Some((entry.line, profile.to_owned()));
            }
        }
    }
    None
}

fn finding(copy: &Path, line: usize, profile: &str) -> Finding {
    Finding {
        kind: "keychain_secret_copy",
        severity: Severity::Serious,
        place: Place::Line {
            path: copy.to_path_buf(),
            line,
        },
        profile: Some(profile.to_owned()),
        access_key_id: None,
        what: format!(
            "{} still holds the secret of profile “{}”, which is in the keychain, in plain text (line {line}).",
            copy.display(),
            profile.escape_debug()
        ),
        why: "A copy keyshelf keeps (an old version of a file, or what a stopped save left) was not cleaned after the keys moved to the keychain.".into(),
        fix: "Delete that copy: the files and the keychain do not need it.".into(),
        action: Some(Action::DeleteFile {
            path: copy.to_path_buf(),
        }),
    }
}
