//! A file keyshelf cannot read is not a dead end (issue 12 §5): the line that stops it, shown
//! with anything that looks like a secret masked, and the fixes that apply to it, made on the
//! file's bytes (the INI layer cannot read it): only that line changes, a backup is kept, the
//! save lock is held, and nothing is written if the line is no longer what the user saw.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::atomic::{read_regular, write_atomic};
use super::backup::keep_backup;
use super::error::{FilesError, Result};
use crate::aws::AwsPaths;
use crate::ini::Malformed;
use crate::secret::Secret;

/// A fix for one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineFix {
    /// `key value` → `key = value`: the first run of spaces becomes ` = `.
    AddEquals,
    /// `# ` in front: the AWS tools then skip the line.
    CommentOut,
}

impl LineFix {
    pub fn label(self) -> &'static str {
        match self {
            LineFix::AddEquals => "Add the missing =",
            LineFix::CommentOut => "Comment the line out",
        }
    }
}

/// The line that stops a file from being read.
pub struct UnreadableLine {
    pub path: PathBuf,
    /// 1-based.
    pub line: usize,
    pub why: Malformed,
    /// The line as shown: secret-looking words replaced by dots.
    pub shown: String,
    /// The fixes that apply to it.
    pub fixes: Vec<LineFix>,
    /// The line as it was read, to refuse a fix once it changed. May hold a secret.
    seen: Secret,
}

impl std::fmt::Debug for UnreadableLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UnreadableLine({}:{})", self.path.display(), self.line)
    }
}

/// The line behind a [`FilesError::Malformed`], read again from disk; `None` for other errors
/// or when the file cannot be read.
pub fn unreadable_line(err: &FilesError) -> Option<UnreadableLine> {
    let FilesError::Malformed { path, line, why } = err else {
        return None;
    };
    if *why == Malformed::TooLarge {
        return None;
    }
    let bytes = Zeroizing::new(read_regular(path).ok()?);
    let text = String::from_utf8_lossy(&bytes);
    let raw = text
        .split('\n')
        .nth(line.checked_sub(1)?)?
        .trim_end_matches('\r');
    let mut fixes = Vec::new();
    let lacks_equals = matches!(why, Malformed::NoDelimiter | Malformed::NestedWithoutEquals);
    if lacks_equals && add_equals(raw).is_some() {
        fixes.push(LineFix::AddEquals);
    }
    fixes.push(LineFix::CommentOut);
    Some(UnreadableLine {
        path: path.clone(),
        line: *line,
        why: *why,
        shown: mask(raw),
        fixes,
        seen: Secret::new(raw),
    })
}

/// `key value` as `key = value`, keeping the indentation; `None` when the line is not a key
/// name, spaces and a value.
fn add_equals(line: &str) -> Option<String> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let key_end = rest.find(char::is_whitespace)?;
    let key = &rest[..key_end];
    let value = rest[key_end..].trim_start();
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
    (is_key && !value.is_empty()).then(|| format!("{}{key} = {value}", &line[..indent]))
}

/// The line with every word that may be a secret (40 characters of base64 with both cases) and
/// everything after a secret's key name replaced by dots.
fn mask(line: &str) -> String {
    let lower = line.to_ascii_lowercase();
    for name in ["secret_access_key", "session_token", "security_token"] {
        if let Some(at) = lower.find(name) {
            let end = at + name.len();
            return format!(
                "{}{}",
                &line[..end],
                if line.len() > end {
                    " ••••••••"
                } else {
                    ""
                }
            );
        }
    }
    let mut shown = line.to_owned();
    for word in crate::secret::secret_shaped_words(line) {
        shown = shown.replace(word, "••••••••");
    }
    shown
}

/// Makes `fix` on the line of `broken`, holding the save lock; the previous content is kept as
/// a backup. Returns the backup's path.
///
/// Errors: [`FilesError::Conflict`] when the line is no longer what was read (changed by
/// another program meanwhile); [`FilesError::Busy`] when another keyshelf is saving; read,
/// backup and write errors.
pub fn fix_line(paths: &AwsPaths, broken: &UnreadableLine, fix: LineFix) -> Result<PathBuf> {
    let path = &broken.path;
    let _lock = super::lock_and_recover(paths)?;
    let read_error = |source| FilesError::Read {
        path: path.clone(),
        source,
    };
    let bytes = Zeroizing::new(read_regular(path).map_err(read_error)?);
    let text = Zeroizing::new(String::from_utf8_lossy(&bytes).into_owned());
    let mut lines: Vec<&str> = text.split('\n').collect();
    let index = broken.line - 1;
    let conflict = || FilesError::Conflict { path: path.clone() };
    let current = lines.get(index).copied().ok_or_else(conflict)?;
    let (body, cr) = match current.strip_suffix('\r') {
        Some(body) => (body, "\r"),
        None => (current, ""),
    };
    if body != broken.seen.expose() {
        return Err(conflict());
    }
    let fixed = Zeroizing::new(match fix {
        LineFix::AddEquals => add_equals(body).ok_or_else(conflict)? + cr,
        LineFix::CommentOut => format!("# {body}{cr}"),
    });
    lines[index] = &fixed;
    let new = Zeroizing::new(lines.join("\n"));
    let backup = keep_backup(path, &bytes).map_err(|source| FilesError::Backup {
        path: path.clone(),
        dir: super::backup::backup_dir(path),
        source,
    })?;
    write_atomic(path, new.as_bytes()).map_err(|source| FilesError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(backup)
}

/// For the app: where to show the file (its folder), and the file itself.
pub fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn add_equals_only_for_a_key_and_a_value() {
        assert_eq!(
            add_equals("region eu-west-1").as_deref(),
            Some("region = eu-west-1")
        );
        assert_eq!(
            add_equals("  addressing_style   path").as_deref(),
            Some("  addressing_style = path")
        );
        assert_eq!(add_equals("region"), None);
        assert_eq!(add_equals("[profile dev"), None);
    }

    #[test]
    fn secrets_are_masked() {
        assert_eq!(
            mask("aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "aws_secret_access_key ••••••••"
        );
        assert_eq!(
            mask("junk wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "junk ••••••••"
        );
        assert_eq!(mask("region eu-west-1"), "region eu-west-1");
    }
}
