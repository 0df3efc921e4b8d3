//! The accessibility bus of a private D-Bus session, for tests that drive keyshelf's real window
//! as a screen reader does: eframe's AccessKit publishes the widget tree over AT-SPI once
//! `org.a11y.Status.IsEnabled` is true, and `atspi.py` (pyatspi's GObject bindings) finds a
//! control by its accessible name, focuses it, reads its text or presses it.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{Run, run_cmd};

/// Where Debian and Fedora put the launcher; it is not on `PATH`.
const LAUNCHERS: &[&str] = &[
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",
];

/// The Python with the Atspi bindings: the system's, since a pyenv or venv one lacks `gi`.
const PYTHONS: &[&str] = &["/usr/bin/python3", "python3"];

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/common/atspi.py");

pub struct AccessibilityBus {
    launcher: Child,
    python: &'static str,
    address: String,
    display: String,
}

fn launcher() -> Option<&'static str> {
    LAUNCHERS.iter().copied().find(|p| Path::new(p).exists())
}

fn python() -> Option<&'static str> {
    PYTHONS.iter().copied().find(|python| {
        Command::new(python)
            .args([
                "-c",
                "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Whether the launcher and the Python bindings are here; if not, says so loudly (the test
/// then skips, or fails under CI).
pub fn available() -> bool {
    let ok = launcher().is_some() && python().is_some();
    if !ok {
        super::skip::skipped(
            "the screen-reader window tests need at-spi2-core, python3-gi and gir1.2-atspi-2.0 \
             (apt install at-spi2-core python3-gi gir1.2-atspi-2.0; .ci/run does)",
        );
    }
    ok
}

impl AccessibilityBus {
    /// Starts the accessibility bus for the session bus at `address` and turns it on, as a
    /// screen reader does when it starts.
    pub fn start(address: &str, display: &str) -> AccessibilityBus {
        let launcher = Command::new(launcher().expect("checked by available()"))
            .arg("--launch-immediately")
            .env("DBUS_SESSION_BUS_ADDRESS", address)
            .env("DISPLAY", display)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("at-spi-bus-launcher starts");
        let bus = AccessibilityBus {
            launcher,
            python: python().expect("checked by available()"),
            address: address.to_owned(),
            display: display.to_owned(),
        };
        let start = Instant::now();
        loop {
            let on = Command::new("dbus-send")
                .args([
                    &format!("--bus={address}"),
                    "--dest=org.a11y.Bus",
                    "--print-reply",
                    "/org/a11y/bus",
                    "org.freedesktop.DBus.Properties.Set",
                    "string:org.a11y.Status",
                    "string:IsEnabled",
                    "variant:boolean:true",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if on {
                return bus;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the accessibility bus did not come up"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs `atspi.py ARGS` against the app on this bus (it waits up to 20 s for what it needs).
    pub fn ask(&self, args: &[&str]) -> Run {
        run_cmd(
            Command::new(self.python)
                .arg(SCRIPT)
                .args(args)
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .env("DISPLAY", &self.display)
                .env("PYTHONWARNINGS", "ignore"),
        )
    }

    /// Every node of the app's window as `(role, name)`.
    pub fn tree(&self) -> Vec<(String, String)> {
        let run = self.ask(&["tree"]);
        run.assert_ok();
        run.stdout
            .lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, '\t');
                let _depth = parts.next()?;
                Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
            })
            .collect()
    }

    /// The text of the control named `name`.
    pub fn text(&self, name: &str) -> String {
        let run = self.ask(&["text", name]);
        run.assert_ok();
        run.stdout.trim_end_matches('\n').to_owned()
    }

    /// The text of the control named `name` once it reads `expected` (or what it reads after
    /// 20 s): typed keys arrive one at a time.
    pub fn text_once(&self, name: &str, expected: &str) -> String {
        let run = self.ask(&["text-is", name, expected]);
        run.assert_ok();
        run.stdout.trim_end_matches('\n').to_owned()
    }

    /// Moves the keyboard focus to the control named `name`.
    pub fn focus(&self, name: &str) {
        self.ask(&["focus", name]).assert_ok();
    }

    /// Presses the button named `name`.
    pub fn press(&self, name: &str) {
        self.ask(&["press", name]).assert_ok();
    }
}

impl Drop for AccessibilityBus {
    fn drop(&mut self) {
        // The launcher takes its bus down with it; the registry daemon leaves with the bus.
        let _ = Command::new("kill")
            .args(["-TERM", &self.launcher.id().to_string()])
            .status();
        let _ = self.launcher.wait();
    }
}
