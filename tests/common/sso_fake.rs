//! The local fake of IAM Identity Center (`sso_fake.py`: SSO OIDC, the SSO portal and the
//! federation endpoint, which moto lacks), started by a test on a free port and killed when it
//! ends. `sso_fake_check.py` proves it answers as AWS does, with boto3's own clients.

use std::process::{Child, Command, Stdio};

use super::moto::{free_port, wait_for_port};
use super::{Run, run_cmd};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/common/sso_fake.py");
const CHECK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/common/sso_fake_check.py"
);

pub struct SsoFake {
    child: Child,
    pub endpoint: String,
}

impl SsoFake {
    pub fn start() -> SsoFake {
        let port = free_port();
        let child = Command::new("python3")
            .arg(SCRIPT)
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the fake starts");
        wait_for_port(port, "the SSO fake");
        SsoFake {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }

    /// boto3's `sso-oidc` and `sso` clients against the fake: "ok", or what did not parse.
    pub fn check_with_boto3(&self) -> Run {
        run_cmd(Command::new("python3").arg(CHECK).arg(&self.endpoint))
    }

    fn control(&self, what: &str, body: &str) -> String {
        let script = format!(
            "import urllib.request, sys\n\
             r = urllib.request.Request('{}/_fake/{what}', data={body:?}.encode() or None, method='{}')\n\
             print(urllib.request.urlopen(r).read().decode())",
            self.endpoint,
            if what == "stats" { "GET" } else { "POST" }
        );
        let run = run_cmd(Command::new("python3").args(["-c", &script]));
        assert_eq!(run.code, 0, "the fake's control: {}", run.stderr);
        run.stdout
    }

    /// Approves every device authorization waiting.
    pub fn approve(&self) {
        self.control("approve", "{}");
    }

    /// Denies every device authorization waiting (the person pressed "Deny").
    pub fn deny(&self) {
        self.control("deny", "{}");
    }

    /// Every access token issued so far stops working.
    pub fn expire(&self) {
        self.control("expire", "{}");
    }

    /// `{"access_ttl": seconds, "refresh": bool, "deny_in_browser": bool}`.
    pub fn settings(&self, json: &str) {
        self.control("settings", json);
    }

    /// How many times the operation was called.
    pub fn count(&self, operation: &str) -> u64 {
        let stats: serde_json::Value =
            serde_json::from_str(&self.control("stats", "")).expect("stats are JSON");
        stats[operation].as_u64().unwrap_or(0)
    }
}

/// Fails if `text` holds anything secret the fake hands out: every access and refresh token,
/// client secret, device code, role secret key and role session token starts with one of these
/// prefixes. Use it
/// on files and on keyshelf's messages, never on `credential-process`'s stdout (which serves
/// the role's session token by design).
#[track_caller]
pub fn assert_no_tokens(text: &str) {
    for marker in [
        "fake-access-",
        "fake-refresh-",
        "fake-client-secret-",
        "fake-device-",
        "fake-session-",
        "fake-secret-key-",
    ] {
        assert!(!text.contains(marker), "{marker}… leaked: {text}");
    }
}

/// A browser whose person is already signed in, for `$BROWSER`: a script in `dir` that follows
/// the sign-in's redirect back to keyshelf's loopback address.
pub fn scripted_browser(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("browser.sh");
    std::fs::write(
        &path,
        "#!/bin/sh\nexec python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' \"$1\"\n",
    )
    .expect("the script is written");
    super::set_mode(&path, 0o755);
    path
}

/// A `$BROWSER` that must not be run: a script in `dir` that leaves a mark (see
/// [`browser_ran`]) and fails.
pub fn forbidden_browser(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("forbidden-browser.sh");
    let mark = dir.join("browser-ran");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh
echo \"$1\" > '{}'
exit 1
",
            mark.display()
        ),
    )
    .expect("the script is written");
    super::set_mode(&path, 0o755);
    path
}

/// Whether [`forbidden_browser`] in `dir` was run.
pub fn browser_ran(dir: &std::path::Path) -> bool {
    dir.join("browser-ran").exists()
}

impl Drop for SsoFake {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
