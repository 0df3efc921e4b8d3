//! A private Secret Service for tests: its own D-Bus session bus and its own gnome-keyring, with
//! its data in a temporary folder, so the tests never touch the keychain of the person running
//! them. Both daemons are children of the test and are killed when it ends.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::{Run, Sandbox, run_cmd};

/// A bus config with no service activation: nothing but what the test starts runs on it.
const BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=BUS_PATH</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

pub struct PrivateKeyring {
    dir: TempDir,
    pub address: String,
    bus: Child,
    daemon: Option<Child>,
}

/// Whether the programs are installed; if not, says so loudly (the test then skips).
pub fn available() -> bool {
    let missing: Vec<&str> = ["dbus-daemon", "gnome-keyring-daemon", "secret-tool"]
        .into_iter()
        .filter(|program| {
            Command::new("sh")
                .args(["-c", &format!("command -v {program}")])
                .stdout(Stdio::null())
                .status()
                .map(|s| !s.success())
                .unwrap_or(true)
        })
        .collect();
    if !missing.is_empty() {
        super::skip::skipped(&format!(
            "the real-keychain tests need {} (apt install dbus gnome-keyring libsecret-tools; .ci/run does)",
            missing.join(", ")
        ));
    }
    missing.is_empty()
}

impl PrivateKeyring {
    /// A bus with gnome-keyring on it and an unlocked `login` collection.
    pub fn start() -> PrivateKeyring {
        let mut keyring = PrivateKeyring::bus_only();
        keyring.start_daemon(true);
        keyring
    }

    /// A bus with gnome-keyring on it but no keyring unlocked or created: no default collection.
    pub fn without_collection() -> PrivateKeyring {
        let mut keyring = PrivateKeyring::bus_only();
        keyring.start_daemon(false);
        keyring
    }

    /// A session bus with no Secret Service on it at all.
    pub fn bus_only() -> PrivateKeyring {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["run", "data", "home"] {
            fs::create_dir(dir.path().join(sub)).unwrap();
        }
        set_private(&dir.path().join("run"));
        let bus_path = dir.path().join("run/bus");
        let config = dir.path().join("bus.conf");
        fs::write(
            &config,
            BUS_CONFIG.replace("BUS_PATH", &bus_path.display().to_string()),
        )
        .unwrap();
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let mut line = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        PrivateKeyring {
            dir,
            address: line.trim().to_owned(),
            bus,
            daemon: None,
        }
    }

    fn start_daemon(&mut self, unlock: bool) {
        let mut cmd = Command::new("gnome-keyring-daemon");
        cmd.args(["--foreground", "--components=secrets"]);
        if unlock {
            cmd.arg("--unlock");
        }
        self.apply(&mut cmd);
        let mut daemon = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon");
        let mut stdin = daemon.stdin.take().unwrap();
        if unlock {
            // The password of the new `login` collection.
            stdin.write_all(b"test-password").unwrap();
        }
        drop(stdin);
        self.daemon = Some(daemon);
        self.wait_for_service(unlock);
    }

    /// Waits until the Secret Service answers and, when it was told to unlock, until its
    /// `login` collection is the default: the service name appears on the bus before the
    /// collection is ready, and a test that starts in between fails now and then.
    fn wait_for_service(&self, with_collection: bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            let mut cmd = Command::new("dbus-send");
            cmd.args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
            ]);
            if with_collection {
                cmd.args(["org.freedesktop.Secret.Service.ReadAlias", "string:default"]);
            } else {
                cmd.arg("org.freedesktop.DBus.Peer.Ping");
            }
            self.apply(&mut cmd);
            if let Ok(out) = cmd.stderr(Stdio::null()).output() {
                let reply = String::from_utf8_lossy(&out.stdout);
                if out.status.success() && (!with_collection || reply.contains("/collection/")) {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("gnome-keyring did not get ready on the private bus");
    }

    /// Points a command at this keyring and nothing else: no display (no prompt can block).
    pub fn apply(&self, cmd: &mut Command) {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            // secret-tool prints labels through the locale: "—" must not become "?".
            .env("LANG", "C.UTF-8")
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
    }

    /// Runs `keyshelf ARGS` in the sandbox, against this keyring.
    pub fn run(&self, sb: &Sandbox, args: &[&str]) -> Run {
        let mut cmd = sb.cmd();
        self.apply(&mut cmd);
        run_cmd(cmd.args(args))
    }

    /// The keys `keyshelf credential-process --profile PROFILE` serves: it succeeds, says
    /// nothing on stderr, and prints credential_process JSON of version 1.
    pub fn served(&self, sb: &Sandbox, profile: &str) -> serde_json::Value {
        let run = self.run(sb, &["credential-process", "--profile", profile]);
        run.assert_ok();
        assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
        let value: serde_json::Value =
            serde_json::from_str(&run.stdout).expect("stdout is exactly one JSON object");
        assert_eq!(value["Version"], 1);
        value
    }

    /// Stops the Secret Service daemon (SIGSTOP) or lets it go on (SIGCONT): a service that
    /// takes calls on the bus and never answers them, as a hung keyring does.
    pub fn freeze(&self, frozen: bool) {
        let pid = self.daemon.as_ref().expect("a daemon").id().to_string();
        let signal = if frozen { "-STOP" } else { "-CONT" };
        assert!(
            Command::new("kill")
                .args([signal, &pid])
                .status()
                .unwrap()
                .success()
        );
    }

    /// Locks the `login` collection, as a screen lock or a timeout would.
    pub fn lock(&self) {
        let mut cmd = Command::new("dbus-send");
        cmd.args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ]);
        self.apply(&mut cmd);
        assert!(cmd.stdout(Stdio::null()).status().unwrap().success());
    }

    /// The secret of the item for `profile` of the credentials file `credentials`, read with
    /// libsecret's own `secret-tool`: an independent reader of what keyshelf stored.
    pub fn lookup(&self, profile: &str, credentials: &Path) -> Option<String> {
        self.lookup_account(&format!("{profile} @ {}", credentials.display()))
    }

    /// The cached session of `profile`, read with `secret-tool`.
    pub fn lookup_session(&self, profile: &str, credentials: &Path) -> Option<String> {
        self.lookup_account(&format!("{profile} @ {} #session", credentials.display()))
    }

    fn lookup_account(&self, account: &str) -> Option<String> {
        let mut cmd = Command::new("secret-tool");
        cmd.args(["lookup", "service", "keyshelf", "username", account]);
        self.apply(&mut cmd);
        let out = cmd.stderr(Stdio::null()).output().unwrap();
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Every keyshelf item's attributes and label, as `secret-tool search` prints them (without
    /// the secrets).
    pub fn items(&self) -> Vec<String> {
        let mut cmd = Command::new("secret-tool");
        cmd.args(["search", "--all", "service", "keyshelf"]);
        self.apply(&mut cmd);
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        text.lines()
            .filter(|l| l.starts_with("attribute.username") || l.starts_with("label"))
            .map(str::to_owned)
            .collect()
    }

    /// Stores an item the way another program would (for conflict and "not ours" tests).
    pub fn store_raw(&self, profile: &str, credentials: &Path, secret: &str) {
        let account = format!("{profile} @ {}", credentials.display());
        let mut cmd = Command::new("secret-tool");
        cmd.args([
            "store",
            "--label=other",
            "service",
            "keyshelf",
            "username",
            &account,
        ]);
        self.apply(&mut cmd);
        let mut child = cmd.stdin(Stdio::piped()).spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(secret.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }
}

fn set_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o700)).unwrap();
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        if let Some(daemon) = &mut self.daemon {
            let _ = daemon.kill();
            let _ = daemon.wait();
        }
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}
