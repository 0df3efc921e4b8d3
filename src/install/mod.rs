//! A program path that stays valid: `keyshelf install` copies the running program
//! to a stable per-user place on the PATH, adds the desktop entry and icon on Linux, and records
//! where it went, so every `credential_process` line written afterwards runs that copy. A
//! keyshelf run from a download folder, `/tmp` or `target/` and later moved or deleted would
//! otherwise break every AWS tool that uses a migrated profile.
//!
//! Places (the platform's usual per-user ones):
//! - Linux and the BSDs: `~/.local/bin/keyshelf` (`$XDG_BIN_HOME` when set), and under
//!   `~/.local/share` (`$XDG_DATA_HOME` when set) the desktop entry, icons, AppStream metainfo,
//!   man pages and completions ([`share`]), where the packages put them under `/usr/share`, as
//!   the XDG base directory and desktop entry specs say;
//! - macOS: `~/.local/bin/keyshelf` (no app bundle yet);
//! - Windows: `%LOCALAPPDATA%\Programs\keyshelf\keyshelf.exe`, where per-user installers go.
//!
//! `--prefix DIR` puts everything under `DIR/bin` and `DIR/share` instead.

pub mod share;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use share::ShareFile;

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
    /// A place whose path cannot go into a `credential_process` line whole: not UTF-8 text
    /// (the line is text), or holding a character a shell or cmd.exe would read as its own.
    #[error("keyshelf cannot be installed under {place}: {why}; choose another --prefix")]
    Place { place: String, why: &'static str },
    /// The program's place is a link that leads nowhere.
    #[error("{} is a link to {}, which does not exist; remove the link or install elsewhere", path.display(), target.display())]
    DanglingLink { path: PathBuf, target: PathBuf },
}

impl crate::fault::Fault for InstallError {
    /// Whether the user can fix this by choosing another place (exit code 1).
    fn is_user_error(&self) -> bool {
        matches!(
            self,
            InstallError::Place { .. } | InstallError::DanglingLink { .. }
        )
    }
}

/// Refuses a place whose path could not be written into `credential_process` lines as it is:
/// not UTF-8 (the files are text, and a lossy spelling names another path), or with `"`, `\`,
/// `$`, `%`, a backtick or a line break (the line is run through `sh -c` by the Rust and Go
/// SDKs and `cmd.exe` on Windows, and split with shlex by botocore).
pub fn check_place(path: &Path) -> Result<(), InstallError> {
    let place = || path.to_string_lossy().escape_debug().to_string();
    let Some(text) = path.to_str() else {
        return Err(InstallError::Place {
            place: place(),
            why: "its name is not UTF-8 text",
        });
    };
    let why = if text.contains(['\n', '\r']) {
        Some("its name holds a line break")
    } else if cfg!(unix) && text.contains(['"', '\\', '$', '%', '`']) {
        Some(
            "its name holds \", \\, $, % or `, which the AWS tools' shells would read as their own",
        )
    } else {
        None
    };
    match why {
        Some(why) => Err(InstallError::Place {
            place: place(),
            why,
        }),
        None => Ok(()),
    }
}

/// Where an install puts things.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Places {
    pub program: PathBuf,
    /// The `share` folder for the desktop entry, icons and documents (Linux and the BSDs only).
    pub share: Option<PathBuf>,
    /// Files made by the command line for `share` (man pages, completions): see [`share`].
    pub documents: Vec<ShareFile>,
    /// Where the program's place is recorded ([`record_file`]; tests give their own).
    pub record: Option<PathBuf>,
}

impl Places {
    /// The usual per-user places, or those under `prefix`.
    pub fn new(prefix: Option<&Path>) -> Result<Places, InstallError> {
        if let Some(prefix) = prefix {
            check_place(prefix)?;
            let share = prefix.join("share");
            return Ok(Places {
                program: prefix.join("bin").join(PROGRAM_NAME),
                share: desktop().then_some(share),
                documents: Vec::new(),
                record: record_file(),
            });
        }
        let home = dirs::home_dir().ok_or(InstallError::NoHome)?;
        if cfg!(windows) {
            let local = dirs::data_local_dir().ok_or(InstallError::NoHome)?;
            return Ok(Places {
                program: local.join("Programs/keyshelf").join(PROGRAM_NAME),
                share: None,
                documents: Vec::new(),
                record: record_file(),
            });
        }
        let bin = std::env::var_os("XDG_BIN_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_else(|| home.join(".local/bin"));
        let share = dirs::data_dir().unwrap_or_else(|| home.join(".local/share"));
        check_place(&bin)?;
        Ok(Places {
            program: bin.join(PROGRAM_NAME),
            share: desktop().then_some(share),
            documents: Vec::new(),
            record: record_file(),
        })
    }

    /// The same places, with the command line's man pages and completions in `share`.
    pub fn with_documents(mut self, documents: Vec<ShareFile>) -> Places {
        self.documents = documents;
        self
    }

    /// Where the desktop entry goes, where there is one.
    pub fn desktop_entry(&self) -> Option<PathBuf> {
        self.share.as_ref().map(|s| s.join(share::DESKTOP_ENTRY))
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
    // A link at the place (to a download, say) is replaced by a copy: the download may go. A
    // link that leads nowhere is said: the person made it for a reason.
    let link = fs::symlink_metadata(&places.program).is_ok_and(|m| m.file_type().is_symlink());
    if link && !places.program.exists() {
        return Err(InstallError::DanglingLink {
            path: places.program.clone(),
            target: fs::read_link(&places.program).unwrap_or_default(),
        });
    }
    let same = !link && fs::canonicalize(program).ok() == fs::canonicalize(&places.program).ok();
    if !same {
        let bytes = fs::read(program).map_err(InstallError::NoProgram)?;
        write_file(&places.program, &bytes, 0o755)?;
    }
    if let Some(folder) = &places.share {
        for file in share::files(&places.program)
            .iter()
            .chain(&places.documents)
        {
            write_file(&folder.join(&file.path), &file.bytes, file.mode)?;
        }
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

fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), InstallError> {
    let fail = |source| InstallError::Write {
        path: path.to_path_buf(),
        source,
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    // Folders keyshelf makes are private (0700), whatever the umask.
    crate::files::create_private_dir(folder).map_err(fail)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".keyshelf-install")
        .tempfile_in(folder)
        .map_err(fail)?;
    io::Write::write_all(&mut temp, bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    crate::platform::file_modes::set_mode(temp.path(), mode).map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Where keyshelf records the installed program: `keyshelf/program` in the per-user config
/// folder (`$XDG_CONFIG_HOME`, else `~/.config` on Linux).
pub fn record_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("keyshelf").join("program"))
}

/// The keyshelf program for `credential_process` lines: the installed copy when `keyshelf
/// install` recorded one that is still there (a stable place), else the running
/// program's absolute path.
pub fn this_program() -> std::io::Result<PathBuf> {
    match installed_program() {
        Some(installed) => Ok(installed),
        None => std::env::current_exe(),
    }
}

/// The installed program, when one was recorded, is still there, and can be trusted: the
/// record and the program belong to this user (or root) and nobody else can change them or
/// any folder above them ([`only_mine`]). Every AWS tool runs that program with the user's
/// keys, so a record another user could swap (a folder made under umask 000) is ignored.
pub fn installed_program() -> Option<PathBuf> {
    let record = record_file()?;
    if !only_mine(&record) {
        return None;
    }
    let text = fs::read_to_string(record).ok()?;
    let path = PathBuf::from(text.trim());
    (path.is_absolute() && path.is_file() && only_mine(&path)).then_some(path)
}

/// Whether `path` (through links) and every folder above it belong to this user or root, and
/// no one else can write them: no write bit for the group or others, except on a folder with
/// the sticky bit (`/tmp`), where others cannot replace what is not theirs.
#[cfg(unix)]
pub fn only_mine(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::getuid().as_raw();
    let Ok(real) = fs::canonicalize(path) else {
        return false;
    };
    real.ancestors().all(|p| {
        fs::metadata(p).is_ok_and(|m| {
            let owner = m.uid() == me || m.uid() == 0;
            let others_write = m.mode() & 0o022 != 0;
            let sticky_dir = m.is_dir() && m.mode() & 0o1000 != 0;
            owner && (!others_write || sticky_dir)
        })
    })
}

/// Windows: the per-user places are the user's own by their access rules.
#[cfg(not(unix))]
pub fn only_mine(path: &Path) -> bool {
    path.exists()
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
        if let Some(share) = &places.share {
            let icon = share.join("icons/hicolor/256x256/apps/keyshelf.png");
            assert_eq!(fs::read(icon).unwrap(), share::WINDOW_ICON);
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
