//! Opening an address in the person's browser (the SSO sign-in, the AWS console) and a file or
//! folder with the desktop's program for it.
//!
//! `$BROWSER` comes first everywhere, as the AWS CLI honours it: the address is its one
//! argument, never through a shell. Otherwise the `open` crate asks the desktop:
//! - Linux and the BSDs: `xdg-open` (then `gio open`, `gnome-open`, `kde-open`, `wslview`),
//!   only with a display: over SSH, a browser that opens on a screen nobody sees would leave
//!   the sign-in waiting, so the caller prints the address instead;
//! - macOS: `/usr/bin/open`, which always has the person's session;
//! - Windows: `ShellExecuteW` with the "open" verb, which needs no console and no quoting.

use std::path::Path;
use std::process::{Command, Stdio};

/// Opens `address` in the person's browser, without waiting for it; false when none could be
/// started (then the caller shows the address).
pub fn open_browser(address: &str) -> bool {
    if let Some(browser) = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
    {
        return Command::new(browser.trim())
            .arg(address)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .is_ok();
    }
    desktop_can_open() && open::that_detached(address).is_ok()
}

/// Opens a file or folder with the desktop's program for it, without waiting for it.
pub fn open_path(path: &Path) -> std::io::Result<()> {
    open::that_detached(path)
}

/// Whether the desktop's opener can show anything: a display on Linux and the BSDs.
#[cfg(all(unix, not(target_os = "macos")))]
fn desktop_can_open() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()))
}

/// macOS and Windows: the opener reaches the person's session.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn desktop_can_open() -> bool {
    true
}
