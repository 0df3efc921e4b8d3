//! Who else can read the files: `~/.aws` wider than 0700, the shared files or their backups
//! wider than 0600. The AWS CLI creates its files 0600 too; others on a shared computer could
//! otherwise read the keys.

use std::path::Path;

use super::{Action, Finding, Place, Severity, display};
use crate::files::{backup_dir, list_backups};

/// Sets `path`'s permission bits to `mode` (the one-click fix).
pub fn tighten(path: &Path, mode: u32) -> std::io::Result<()> {
    crate::platform::file_modes::set_mode(path, mode)
}

use crate::platform::file_modes::access_bits as mode_of;

/// Checks the folders of the shared files, the files, and every backup of them.
pub(super) fn check(files: &[&Path], findings: &mut Vec<Finding>) {
    let mut folders: Vec<&Path> = files.iter().filter_map(|f| f.parent()).collect();
    folders.dedup();
    for folder in folders {
        folder_check(folder, "the folder of your AWS files", findings);
    }
    let mut backup_folders = Vec::new();
    for &file in files {
        file_check(file, findings);
        let backups = backup_dir(file);
        // Both files usually share one backup folder: it is reported once.
        if backups.is_dir() && !backup_folders.contains(&backups) {
            folder_check(&backups, "the folder of keyshelf's backups", findings);
            backup_folders.push(backups);
        }
        for backup in list_backups(file).unwrap_or_default() {
            file_check(&backup, findings);
        }
    }
}

fn folder_check(folder: &Path, what: &str, findings: &mut Vec<Finding>) {
    let Some(mode) = mode_of(folder) else { return };
    if mode & 0o077 == 0 {
        return;
    }
    // Others who can write the folder can replace the files in it, and so make the AWS tools
    // run a program of theirs (a credential_process): serious.
    let severity = if mode & 0o022 != 0 {
        Severity::Serious
    } else {
        Severity::Warning
    };
    findings.push(Finding {
        kind: "folder_permissions",
        severity,
        place: Place::Path {
            path: folder.to_path_buf(),
        },
        profile: None,
        access_key_id: None,
        what: format!(
            "{} ({what}) can be opened by other people who use this computer.",
            display(folder)
        ),
        why: "Others could see which files are there, and read any that are not private.".into(),
        fix: "Make the folder private: only you can open it.".into(),
        action: Some(Action::Tighten {
            path: folder.to_path_buf(),
            mode: 0o700,
        }),
    });
}

/// Whether a file holds a secret key's name (read whole, at most 64 MiB; a FIFO or device is
/// never opened): a readable file with keys is serious, one with settings only a risk.
fn holds_secrets(file: &Path) -> bool {
    use std::io::Read;
    let Ok(handle) = crate::files::open_regular(file) else {
        return false;
    };
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    if handle.take(64 << 20).read_to_end(&mut bytes).is_err() {
        return false;
    }
    let text = zeroize::Zeroizing::new(String::from_utf8_lossy(&bytes).to_ascii_lowercase());
    [
        "aws_secret_access_key",
        "aws_session_token",
        "aws_security_token",
    ]
    .iter()
    .any(|key| text.contains(key))
}

fn file_check(file: &Path, findings: &mut Vec<Finding>) {
    let Some(mode) = mode_of(file) else { return };
    if mode & 0o077 == 0 {
        return;
    }
    // Keys readable by others are serious: they can copy them now. So is a file others can
    // write: they can add a credential_process that runs a program of theirs. Settings only,
    // readable by others, is a risk.
    let secrets = holds_secrets(file);
    let severity = if (secrets && mode & 0o044 != 0) || mode & 0o022 != 0 {
        Severity::Serious
    } else {
        Severity::Warning
    };
    let why = if secrets {
        "it holds secret keys"
    } else {
        "it holds your AWS settings, and keys may be added to it"
    };
    findings.push(Finding {
        kind: "file_permissions",
        severity,
        place: Place::Path {
            path: file.to_path_buf(),
        },
        profile: None,
        access_key_id: None,
        what: format!(
            "{} can be read or changed by other people who use this computer.",
            display(file)
        ),
        why: format!("Only you should have access: {why}."),
        fix: "Make the file private: only you can read and change it.".into(),
        action: Some(Action::Tighten {
            path: file.to_path_buf(),
            mode: 0o600,
        }),
    });
}
