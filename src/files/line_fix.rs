//! A file keyshelf cannot read is not a dead end: the line that stops it, shown
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
#[derive(Clone)]
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
    let text = Zeroizing::new(String::from_utf8_lossy(&bytes).into_owned());
    // The lines as the reader that refused the file split them (a lone CR ends a line too).
    let range = crate::ini::line_ranges(&text)
        .into_iter()
        .nth(line.checked_sub(1)?)?;
    let raw = &text[range];
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

/// The line with anything that may be a secret replaced by dots: everything after a secret
/// key's name, and every run of 16 or more characters that could be part of a key or token
/// (letters, digits, `/`, `+`, `=`), so a token cut onto a line of its own is hidden too.
/// Settings stay readable (`region eu-west-1`).
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
    let mut shown = String::with_capacity(line.len());
    let mut word = String::new();
    let flush = |word: &mut String, shown: &mut String| {
        if word.len() >= 16 {
            shown.push_str("••••••••");
        } else {
            shown.push_str(word);
        }
        zeroize::Zeroize::zeroize(word);
    };
    for c in line.chars() {
        if c.is_ascii_alphanumeric() || "/+=".contains(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut shown);
            shown.push(c);
        }
    }
    flush(&mut word, &mut shown);
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
    if text.as_bytes() != bytes.as_slice() {
        // Not UTF-8: a lossy copy would change other bytes. (Such a file fails earlier, as
        // not UTF-8, so this is another program's change meanwhile.)
        return Err(FilesError::Conflict { path: path.clone() });
    }
    let conflict = || FilesError::Conflict { path: path.clone() };
    let range = crate::ini::line_ranges(&text)
        .into_iter()
        .nth(broken.line - 1)
        .ok_or_else(conflict)?;
    let body = &text[range.clone()];
    if body != broken.seen.expose() {
        return Err(conflict());
    }
    let fixed = Zeroizing::new(match fix {
        LineFix::AddEquals => add_equals(body).ok_or_else(conflict)?,
        LineFix::CommentOut => format!("# {body}"),
    });
    // Only the line's text changes: every other byte, its ending included, stays.
    let mut new = Zeroizing::new(String::with_capacity(text.len() + 4));
    new.push_str(&text[..range.start]);
    new.push_str(&fixed);
    new.push_str(&text[range.end..]);
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

#[cfg(test)]
mod file_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The witness: a lone CR ends a line for the reader; the fix must count lines the same way
    /// and change that line only.
    #[test]
    fn a_lone_cr_ends_a_line_here_as_for_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AwsPaths {
            config: dir.path().join("config"),
            credentials: dir.path().join("credentials"),
            default_profile: "default".into(),
        };
        let text =
            "[default]\r\nregion = eu-west-1\rbroken line\n[profile prod]\nregion = us-east-1\n";
        std::fs::write(&paths.config, text).unwrap();
        let err = crate::files::Workspace::load(paths.clone()).unwrap_err();
        let broken = unreadable_line(&err).unwrap();
        assert_eq!(broken.line, 3);
        assert_eq!(broken.shown, "broken line");
        fix_line(&paths, &broken, LineFix::CommentOut).unwrap();
        assert_eq!(
            std::fs::read_to_string(&paths.config).unwrap(),
            text.replace("\rbroken line", "\r# broken line")
        );
    }
}
