//! Opening an address in the person's browser, for the SSO sign-in and the AWS console.

use std::process::{Command as Process, Stdio};

/// Opens `address` in the person's browser: `$BROWSER` when set (as the AWS CLI honours it),
/// else the desktop's opener; nothing where no browser can open (no display: SSH), where the
/// printed address is the way.
pub fn open_browser(address: &str) -> bool {
    let browser = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
    match browser {
        // The address as one argument, never through a shell.
        Some(browser) => Process::new(browser.trim())
            .arg(address)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .is_ok(),
        None if has_display || cfg!(not(target_os = "linux")) => open_with_desktop(address),
        None => false,
    }
}

#[cfg(feature = "gui")]
fn open_with_desktop(address: &str) -> bool {
    open::that_detached(address).is_ok()
}

#[cfg(not(feature = "gui"))]
fn open_with_desktop(_address: &str) -> bool {
    false
}
