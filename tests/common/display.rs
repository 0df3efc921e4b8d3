//! A private X display for tests of keyshelf's own windows (the MFA prompt):
//! Xvfb on a free display number, killed when the test ends, and xdotool to find and answer
//! windows on it as a person would.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Display {
    child: Child,
    /// `:N`, for `DISPLAY`.
    pub name: String,
}

/// Whether Xvfb and xdotool are here; if not, says so loudly (the test then skips).
pub fn available() -> bool {
    let found = |program: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {program}")])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let ok = found("Xvfb") && found("xdotool");
    if !ok {
        super::skip::skipped(
            "the window tests need Xvfb and xdotool (apt install xvfb xdotool; .ci/run does)",
        );
    }
    ok
}

impl Display {
    /// Starts Xvfb on the first free display from :60. A display left behind by an Xvfb that
    /// is gone (its lock names a process that no longer runs) is free again.
    pub fn start() -> Display {
        for number in 60..200 {
            clear_if_stale(number);
            if Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
                || Path::new(&format!("/tmp/.X{number}-lock")).exists()
            {
                continue;
            }
            let name = format!(":{number}");
            let mut child = Command::new("Xvfb")
                .args([&name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb starts");
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(10) {
                if let Ok(Some(_)) = child.try_wait() {
                    break; // Taken by a racing test: try the next number.
                }
                // The socket alone could be a racing test's Xvfb on the same number (ours
                // then fails a moment later); the lock names the Xvfb that owns the display.
                if Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
                    && lock_owner(number) == Some(child.id())
                {
                    return Display { child, name };
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("no free X display");
    }

    /// The windows whose title contains `title`, as xdotool finds them.
    pub fn windows(&self, title: &str) -> Vec<String> {
        let out = Command::new("xdotool")
            .args(["search", "--name", title])
            .env("DISPLAY", &self.name)
            .output()
            .expect("xdotool runs");
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    }

    /// Waits up to `limit` for a window whose title contains `title`.
    pub fn wait_for(&self, title: &str, limit: Duration) -> Option<String> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(window) = self.windows(title).into_iter().next() {
                return Some(window);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }

    /// Focuses `window` and presses `key` (an xdotool key name such as `Escape`).
    pub fn press(&self, window: &str, key: &str) {
        self.act(window, &[vec!["key", key]]);
    }

    /// Focuses `window` and types `text`, then Enter, as a person would.
    pub fn type_into(&self, window: &str, text: &str) {
        self.act(
            window,
            &[vec!["type", "--delay", "50", text], vec!["key", "Return"]],
        );
    }

    /// Waits for the window's first frame, focuses it and runs each xdotool command.
    pub fn act(&self, window: &str, commands: &[Vec<&str>]) {
        // The window needs a moment to draw its first frame and focus its field.
        std::thread::sleep(Duration::from_millis(700));
        let focus = vec!["windowfocus", "--sync", window];
        for args in std::iter::once(&focus).chain(commands) {
            let status = Command::new("xdotool")
                .args(args)
                .env("DISPLAY", &self.name)
                .status()
                .expect("xdotool runs");
            assert!(status.success(), "xdotool {args:?}");
        }
    }
}

impl Drop for Display {
    /// Asks Xvfb to stop (SIGTERM), so that it removes its socket and lock; kills it if it
    /// has not stopped within two seconds.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Removes display `number`'s socket and lock when the lock names a process that is gone (an
/// Xvfb killed before it could clean up), so that killed runs do not use up the numbers.
fn clear_if_stale(number: u32) {
    let Some(pid) = lock_owner(number) else {
        return;
    };
    if Path::new(&format!("/proc/{pid}")).exists() {
        return;
    }
    let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{number}"));
    let _ = std::fs::remove_file(format!("/tmp/.X{number}-lock"));
}

/// The process id in display `number`'s lock file, once Xvfb has written it.
fn lock_owner(number: u32) -> Option<u32> {
    let text = std::fs::read_to_string(format!("/tmp/.X{number}-lock")).ok()?;
    text.trim().parse().ok()
}
