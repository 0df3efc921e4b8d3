//! The files a desktop install puts beside the program, each under a `share` folder at the
//! place the freedesktop.org specs give it: `~/.local/share` for `keyshelf install`,
//! `/usr/share` in the packages. One list for both, so the two always agree on where things
//! go (the package's file list is checked against it in `tests/package.rs`).
//!
//! The man pages and shell completions are made from the command line's own definitions, which
//! live in the binary: it hands them in as [`ShareFile`]s of its own (`Places::documents`).

use std::path::{Path, PathBuf};

/// One file under `share`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareFile {
    /// Relative to the `share` folder, as `applications/keyshelf.desktop`.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub mode: u32,
}

impl ShareFile {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> ShareFile {
        ShareFile {
            path: path.into(),
            bytes: bytes.into(),
            mode: 0o644,
        }
    }
}

/// The desktop entry's place under `share`. Its name matches the window's app id (`keyshelf`),
/// which is how Wayland desktops find the window's icon and entry.
pub const DESKTOP_ENTRY: &str = "applications/keyshelf.desktop";

/// The AppStream id: reverse-DNS, as AppStream requires of a desktop application.
pub const APPSTREAM_ID: &str = "io.github.keyshelf.keyshelf";

/// The icon at the sizes desktops ask for, rendered from the SVG beside them.
const ICONS: [(u32, &[u8]); 7] = [
    (
        16,
        include_bytes!("../../assets/icons/hicolor/16x16/apps/keyshelf.png"),
    ),
    (
        32,
        include_bytes!("../../assets/icons/hicolor/32x32/apps/keyshelf.png"),
    ),
    (
        48,
        include_bytes!("../../assets/icons/hicolor/48x48/apps/keyshelf.png"),
    ),
    (
        64,
        include_bytes!("../../assets/icons/hicolor/64x64/apps/keyshelf.png"),
    ),
    (
        128,
        include_bytes!("../../assets/icons/hicolor/128x128/apps/keyshelf.png"),
    ),
    (
        256,
        include_bytes!("../../assets/icons/hicolor/256x256/apps/keyshelf.png"),
    ),
    (
        512,
        include_bytes!("../../assets/icons/hicolor/512x512/apps/keyshelf.png"),
    ),
];

const SVG: &[u8] = include_bytes!("../../assets/icons/hicolor/scalable/apps/keyshelf.svg");

const METAINFO: &str =
    include_str!("../../assets/package/io.github.keyshelf.keyshelf.metainfo.xml");

/// The 256-pixel icon, for the window itself.
pub const WINDOW_ICON: &[u8] = ICONS[5].1;

/// The desktop entry, icons and AppStream metainfo for a program installed at `program`.
pub fn files(program: &Path) -> Vec<ShareFile> {
    let mut files = vec![ShareFile::new(DESKTOP_ENTRY, desktop_entry(program))];
    for (size, png) in ICONS {
        files.push(ShareFile::new(
            format!("icons/hicolor/{size}x{size}/apps/keyshelf.png"),
            png,
        ));
    }
    files.push(ShareFile::new(
        "icons/hicolor/scalable/apps/keyshelf.svg",
        SVG,
    ));
    files.push(ShareFile::new(
        format!("metainfo/{APPSTREAM_ID}.metainfo.xml"),
        METAINFO,
    ));
    files
}

/// The desktop entry (freedesktop.org Desktop Entry Specification 1.5): `Exec` quotes the path
/// as the spec's quoting rules require.
pub fn desktop_entry(program: &Path) -> String {
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

#[cfg(test)]
mod tests {
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
    fn the_metainfo_names_this_version_and_the_desktop_entry() {
        let release = format!("<release version=\"{}\"", env!("CARGO_PKG_VERSION"));
        assert!(METAINFO.contains(&release), "update the metainfo's release");
        assert!(METAINFO.contains(&format!("<id>{APPSTREAM_ID}</id>")));
        assert!(METAINFO.contains("<launchable type=\"desktop-id\">keyshelf.desktop</launchable>"));
    }

    #[test]
    fn every_icon_is_a_png_of_its_size() {
        for (size, png) in ICONS {
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            // The IHDR chunk: width and height, big-endian, at bytes 16..24.
            let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
            let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
            assert_eq!((width, height), (size, size));
        }
    }
}
