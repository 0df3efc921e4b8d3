//! A program path that stays valid (issue 12 §1): `keyshelf install` copies the running program
//! to a stable per-user place on the PATH, adds the desktop entry and icon on Linux, and records
//! where it went, so every `credential_process` line written afterwards runs that copy. A
//! keyshelf run from a download folder, `/tmp` or `target/` and later moved or deleted would
//! otherwise break every AWS tool that uses a migrated profile.
//!
//! Places (the platform's usual per-user ones):
//! - Linux and the BSDs: `~/.local/bin/keyshelf` (`$XDG_BIN_HOME` when set), the desktop entry in
//!   `~/.local/share/applications/` and the icon in `~/.local/share/icons/hicolor/256x256/apps/`
//!   (`$XDG_DATA_HOME` when set), as the XDG base directory and desktop entry specs say;
//! - macOS: `~/.local/bin/keyshelf` (no app bundle yet);
//! - Windows: `%LOCALAPPDATA%\Programs\keyshelf\keyshelf.exe`, where per-user installers go.
//!
//! `--prefix DIR` puts everything under `DIR/bin` and `DIR/share` instead.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The icon the desktop entry shows.
const ICON: &[u8] = include_bytes!("../assets/icon.png");

/// The file name of the program.
pub const PROGRAM_NAME: &str = if cfg!(windows) {
    "keyshelf.exe"
} else {
    "keyshelf"
};

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("there is no home folder to install into; give --prefix DIR")]
    NoHome,
    #[error("cannot tell where the running keyshelf is: {0}")]
    NoProgram(io::Error),
    #[error("could not write {}: {}", path.display(), crate::files::plain_io(source))]
    Write { path: PathBuf, source: io::Error },
}

/// Where an install puts things.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Places {
    pub program: PathBuf,
    /// The desktop entry and icon (Linux and the BSDs only).
    pub desktop_entry: Option<PathBuf>,
    pub icon: Option<PathBuf>,
    /// Where the program's place is recorded ([`record_file`]; tests give their own).
    pub record: Option<PathBuf>,
}

impl Places {
    /// The usual per-user places, or those under `prefix`.
    pub fn new(prefix: Option<&Path>) -> Result<Places, InstallError> {
        if let Some(prefix) = prefix {
            let share = prefix.join("share");
            return Ok(Places {
                program: prefix.join("bin").join(PROGRAM_NAME),
                desktop_entry: desktop().then(|| share.join("applications/keyshelf.desktop")),
                icon: desktop().then(|| share.join("icons/hicolor/256x256/apps/keyshelf.png")),
                record: record_file(),
            });
        }
        let home = dirs::home_dir().ok_or(InstallError::NoHome)?;
        if cfg!(windows) {
            let local = dirs::data_local_dir().ok_or(InstallError::NoHome)?;
            return Ok(Places {
                program: local.join("Programs/keyshelf").join(PROGRAM_NAME),
                desktop_entry: None,
                icon: None,
                record: record_file(),
            });
        }
        let bin = std::env::var_os("XDG_BIN_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_else(|| home.join(".local/bin"));
        let share = dirs::data_dir().unwrap_or_else(|| home.join(".local/share"));
        Ok(Places {
            program: bin.join(PROGRAM_NAME),
            desktop_entry: desktop().then(|| share.join("applications/keyshelf.desktop")),
            icon: desktop().then(|| share.join("icons/hicolor/256x256/apps/keyshelf.png")),
            record: record_file(),
        })
    }
}

/// Desktop entries are an XDG (Linux, BSD) thing.
fn desktop() -> bool {
    cfg!(all(unix, not(target_os = "macos")))
}

/// What [`install`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installed {
    pub places: Places,
    /// Whether the program's folder is on `PATH` (else the person is told how to add it).
    pub on_path: bool,
}

/// Copies the running program to `places` (atomically: a copy beside it, then a rename, so a
/// running copy is never half-written), writes the desktop entry and icon, and records the
/// program's place ([`record`]). Installing over the same file is a no-op copy.
pub fn install(places: &Places) -> Result<Installed, InstallError> {
    let running = std::env::current_exe().map_err(InstallError::NoProgram)?;
    install_from(&running, places)
}

/// [`install`] of `program` rather than the running one.
pub fn install_from(program: &Path, places: &Places) -> Result<Installed, InstallError> {
    // A link at the place (to a download, say) is replaced by a copy: the download may go.
    let link = fs::symlink_metadata(&places.program).is_ok_and(|m| m.file_type().is_symlink());
    let same = !link && fs::canonicalize(program).ok() == fs::canonicalize(&places.program).ok();
    if !same {
        let bytes = fs::read(program).map_err(InstallError::NoProgram)?;
        write_file(&places.program, &bytes, 0o755)?;
    }
    if let Some(entry) = &places.desktop_entry {
        write_file(entry, desktop_entry(&places.program).as_bytes(), 0o644)?;
    }
    if let Some(icon) = &places.icon {
        write_file(icon, ICON, 0o644)?;
    }
    if let Some(file) = &places.record {
        write_file(file, places.program.display().to_string().as_bytes(), 0o600)?;
    }
    let folder = places.program.parent().map(Path::to_path_buf);
    let on_path = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| Some(d) == folder));
    Ok(Installed {
        places: places.clone(),
        on_path,
    })
}

/// The desktop entry (freedesktop.org Desktop Entry Specification 1.5): `Exec` quotes the path
/// as the spec's quoting rules require.
fn desktop_entry(program: &Path) -> String {
    let exec = program
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('`', "\\`")
        .replace('$', "\\$");
    format!(
        "[Desktop Entry]\nType=Application\nName=keyshelf\nGenericName=AWS credentials\nComment=Keep AWS keys safe: edit your AWS profiles and move keys into the system keychain\nExec=\"{exec}\"\nIcon=keyshelf\nTerminal=false\nCategories=Utility;Security;\nKeywords=AWS;credentials;keys;profile;keychain;\nStartupWMClass=keyshelf\n"
    )
}

fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), InstallError> {
    let fail = |source| InstallError::Write {
        path: path.to_path_buf(),
        source,
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(folder).map_err(fail)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".keyshelf-install")
        .tempfile_in(folder)
        .map_err(fail)?;
    io::Write::write_all(&mut temp, bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(temp.path(), fs::Permissions::from_mode(mode)).map_err(fail)?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Where keyshelf records the installed program: `keyshelf/program` in the per-user config
/// folder (`$XDG_CONFIG_HOME`, else `~/.config` on Linux).
pub fn record_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("keyshelf").join("program"))
}

/// The installed program, when one was recorded and is still there.
pub fn installed_program() -> Option<PathBuf> {
    let text = fs::read_to_string(record_file()?).ok()?;
    let path = PathBuf::from(text.trim());
    (path.is_absolute() && path.is_file()).then_some(path)
}

/// Whether `program` sits somewhere that is usually cleaned or moved: the temporary folder, a
/// download folder, or a cargo `target/` folder. The app offers to install before securing keys
/// from such a place.
pub fn is_temporary_place(program: &Path) -> bool {
    let under = |dir: Option<PathBuf>| {
        dir.and_then(|d| fs::canonicalize(d).ok())
            .is_some_and(|d| program.starts_with(d))
    };
    under(Some(std::env::temp_dir()))
        || program.starts_with("/tmp")
        || program.starts_with("/var/tmp")
        || under(dirs::download_dir())
        || under(dirs::home_dir().map(|h| h.join("Downloads")))
        || program.components().any(|c| c.as_os_str() == "target")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_desktop_entry_quotes_its_path() {
        let entry = desktop_entry(Path::new("/home/a b/$x/keyshelf"));
        assert!(
            entry.contains("Exec=\"/home/a b/\\$x/keyshelf\"\n"),
            "{entry}"
        );
        assert!(entry.starts_with("[Desktop Entry]\n"));
    }

    #[test]
    fn installing_into_a_prefix_copies_an_executable_program() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("source-keyshelf");
        fs::write(&source, b"#!/bin/sh\necho hi\n").unwrap();
        let mut places = Places::new(Some(&dir.path().join("prefix"))).unwrap();
        // Never the real config folder.
        places.record = Some(dir.path().join("record"));
        let installed = install_from(&source, &places).unwrap();
        assert_eq!(
            fs::read(&installed.places.program).unwrap(),
            b"#!/bin/sh\necho hi\n"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("record")).unwrap(),
            places.program.display().to_string()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&places.program).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o755);
        }
        if let Some(icon) = &places.icon {
            assert_eq!(fs::read(icon).unwrap(), ICON);
        }
        // Again, over itself: nothing breaks.
        install_from(&places.program, &places).unwrap();
        // A link at the place, to the source: replaced by a copy, so the source may go.
        #[cfg(unix)]
        {
            fs::remove_file(&places.program).unwrap();
            std::os::unix::fs::symlink(&source, &places.program).unwrap();
            install_from(&source, &places).unwrap();
            fs::remove_file(&source).unwrap();
            assert_eq!(fs::read(&places.program).unwrap(), b"#!/bin/sh\necho hi\n");
        }
    }

    #[test]
    fn temporary_places_are_known() {
        assert!(is_temporary_place(Path::new("/tmp/x/keyshelf")));
        assert!(is_temporary_place(Path::new(
            "/home/a/src/keyshelf/target/release/keyshelf"
        )));
        assert!(!is_temporary_place(Path::new("/usr/local/bin/keyshelf")));
    }
}
