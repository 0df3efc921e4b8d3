//! Checks of a file as a whole rather than of one profile: what makes the AWS CLI refuse the
//! whole file (a BOM, a malformed line, a repeated section or key), config headers that another
//! header shadows, secrets in sections no AWS tool reads, and a file that cannot be read at all.

use super::profiles::{capitalise, finding};
use super::{Finding, Place, Severity};
use crate::aws::FileKind;
use crate::files::Workspace;
use crate::ini::Problem;

pub(super) fn file_structure(workspace: &Workspace, out: &mut Vec<Finding>) {
    for warning in workspace.warnings() {
        let (kind, line, fix) = match &warning.problem {
            Problem::Bom => (
                "bom",
                1,
                "Remove the mark (Repair in keyshelf, or save the file as UTF-8 without BOM).",
            ),
            Problem::Malformed { line, .. } => {
                ("malformed_line", *line, "Correct or comment out the line.")
            }
            Problem::DuplicateSection { line, .. } => (
                "duplicate_section",
                *line,
                "Keep one of the two sections (Repair in keyshelf).",
            ),
            Problem::DuplicateKey { line, .. } => (
                "duplicate_key",
                *line,
                "Keep one of the two lines (Repair in keyshelf).",
            ),
        };
        out.push(finding(
            kind,
            Severity::Serious,
            Place::Line {
                path: warning.path.clone(),
                line,
            },
            None,
            format!("{}.", capitalise(&warning.problem.to_string())),
            "The AWS CLI refuses to read the whole file, so every profile in it fails.",
            fix,
        ));
    }
    for s in workspace.docs.shadowed() {
        out.push(finding(
            "shadowed_header",
            Severity::Warning,
            Place::Line {
                path: workspace.path(FileKind::Config).to_path_buf(),
                line: s.line,
            },
            Some(&s.profile),
            format!(
                "Header [{}] names profile “{}”, as header [{}] on line {} does.",
                s.header, s.profile, s.effective_header, s.effective_line
            ),
            "The AWS tools read only the later section; settings in this one are ignored.",
            "Merge the two sections (Repair in keyshelf).",
        ));
    }
}

/// Secrets where no AWS tool looks ([`SharedFiles::unread_secrets`]): still a plaintext key on
/// disk, which a keychain move never reaches.
pub(super) fn unread_secrets(workspace: &Workspace, out: &mut Vec<Finding>) {
    for (line, header, key) in workspace.docs.unread_secrets() {
        out.push(finding(
            "secret_not_read",
            Severity::Warning,
            Place::Line {
                path: workspace.path(FileKind::Config).to_path_buf(),
                line,
            },
            None,
            format!(
                "Line {line} of the config file holds {key} in the section [{}], which no AWS tool reads as a profile.",
                header.escape_debug()
            ),
            "The key is kept in plain text where nothing uses it, and moving profiles to the keychain never reaches it.",
            "If it is still needed, give it a profile of its own (“[profile NAME]” in the config file, or the credentials file); otherwise delete it.",
        ));
    }
}

/// A file keyshelf (and so the AWS CLI) cannot read: nothing else in it can be checked.
pub(super) fn unreadable(err: &crate::files::FilesError) -> Finding {
    use crate::files::FilesError;
    let place = match err {
        FilesError::Malformed { path, line, .. } | FilesError::NotUtf8 { path, line } => {
            Place::Line {
                path: path.clone(),
                line: *line,
            }
        }
        FilesError::Unreadable { path, problem, .. } => Place::Line {
            path: path.clone(),
            line: problem.line(),
        },
        FilesError::Read { path, .. } => Place::Path { path: path.clone() },
        _ => Place::Path {
            path: std::path::PathBuf::new(),
        },
    };
    finding(
        "unreadable_file",
        Severity::Serious,
        place,
        None,
        format!("{}.", capitalise(err.to_string().trim_end_matches('.'))),
        "The AWS CLI cannot read the file either, so every profile in it fails; nothing else in it could be checked.",
        "Correct the line in a text editor (or open keyshelf, which offers fixes), then run the check again.",
    )
}
