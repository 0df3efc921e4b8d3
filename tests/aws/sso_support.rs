//! The sandbox of the SSO tests: `[sso-session corp]` added through keyshelf, the fake IAM
//! Identity Center, a private keyring, and the commands run against them.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::cell::Cell;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::keyring::{self, PrivateKeyring};
use common::sso_fake::SsoFake;
use common::{Run, Sandbox, run_cmd};

pub const START_URL: &str = "https://corp.awsapps.example/start";

pub fn python_with_boto3() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import boto3"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        common::skip::skipped(
            "the SSO tests need python3 with boto3 (pip install boto3; .ci/run does)",
        );
    }
    ok
}

pub struct Setup {
    pub sb: Sandbox,
    pub fake: SsoFake,
    pub kr: PrivateKeyring,
    /// keyshelf is pointed at the fake with `AWS_ENDPOINT_URL_SSO_OIDC` and
    /// `AWS_ENDPOINT_URL_SSO` instead of `AWS_ENDPOINT_URL`.
    pub per_service_endpoints: Cell<bool>,
    /// `$BROWSER` is a script that must not run ([`common::sso_fake::forbidden_browser`]).
    pub forbid_browser: Cell<bool>,
}

impl Setup {
    pub fn cmd(&self) -> Command {
        let mut cmd = self.sb.cmd();
        self.kr.apply(&mut cmd);
        if self.per_service_endpoints.get() {
            cmd.env("AWS_ENDPOINT_URL_SSO_OIDC", &self.fake.endpoint)
                .env("AWS_ENDPOINT_URL_SSO", &self.fake.endpoint);
        } else {
            cmd.env("AWS_ENDPOINT_URL", &self.fake.endpoint);
        }
        if self.forbid_browser.get() {
            cmd.env(
                "BROWSER",
                common::sso_fake::forbidden_browser(self.sb.root()),
            );
        }
        cmd.env("AWS_EC2_METADATA_DISABLED", "true");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_cmd(self.cmd().args(args))
    }

    /// `credential-process` as an imported profile's line runs it, for `role` in `account` of
    /// session corp.
    pub fn serve_cmd(&self, profile: &str, account: &str, role: &str) -> Command {
        let mut cmd = self.cmd();
        cmd.args(["credential-process", "--profile", profile])
            .args(["--sso-session", "corp", "--sso-account-id", account])
            .args(["--sso-role-name", role]);
        cmd
    }

    /// `keyshelf sso login corp --device-code --no-browser`, approved in the "browser" (the
    /// fake's control) once it waits.
    pub fn login(&self) -> Run {
        self.login_with(&["sso", "login", "corp", "--device-code", "--no-browser"])
    }

    /// [`Setup::login`] with `--export`: the AWS CLI's token file too.
    pub fn login_exported(&self) -> Run {
        self.login_with(&[
            "sso",
            "login",
            "corp",
            "--device-code",
            "--no-browser",
            "--export",
        ])
    }

    /// `keyshelf sso import corp` of `role` in development (111122223333).
    pub fn import_role(&self, role: &str) -> Run {
        self.run(&[
            "sso",
            "import",
            "corp",
            "--account",
            "111122223333",
            "--role",
            role,
        ])
    }

    pub fn login_with(&self, args: &[&str]) -> Run {
        self.login_answered(args, &|| self.fake.approve())
    }

    /// `keyshelf sso login` with `args`, and `person` (approve or deny) once it waits for the
    /// device code to be confirmed.
    pub fn login_answered(&self, args: &[&str], person: &dyn Fn()) -> Run {
        let asked = self.fake.count("StartDeviceAuthorization");
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while self.fake.count("StartDeviceAuthorization") == asked {
            if start.elapsed() > Duration::from_secs(30) || child.try_wait().unwrap().is_some() {
                let _ = child.kill();
                let out = child.wait_with_output().unwrap();
                panic!(
                    "no device code was asked for: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        person();
        Run::from_output(child.wait_with_output().unwrap())
    }

    /// `python3 -c script` in the sandbox, with its keyring and the fake as AWS.
    pub fn python(&self, script: &str) -> Run {
        let mut cmd = Command::new("python3");
        common::scrub_aws_env(&mut cmd);
        self.kr.apply(&mut cmd);
        cmd.current_dir(self.sb.root())
            .env("HOME", &self.sb.home)
            .env("AWS_CONFIG_FILE", &self.sb.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &self.sb.credentials)
            .env("AWS_ENDPOINT_URL", &self.fake.endpoint)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .args(["-c", script]);
        run_cmd(&mut cmd)
    }

    /// What boto3 gets for `profile`, through its credential_process.
    pub fn boto3(&self, profile: &str) -> Run {
        self.python(&format!(
            "import boto3\n\
             f = boto3.Session(profile_name='{profile}').get_credentials().get_frozen_credentials()\n\
             print(f.access_key, len(f.secret_key), bool(f.token))"
        ))
    }

    /// Every byte under the sandbox's home, as text.
    pub fn all_files(&self) -> String {
        self.sb
            .tree()
            .into_values()
            .flatten()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The sandbox with `[sso-session corp]` added through keyshelf, the fake, the keyring.
pub fn setup() -> Option<Setup> {
    if !keyring::available() || !python_with_boto3() {
        return None;
    }
    let setup = Setup {
        sb: Sandbox::new(),
        fake: SsoFake::start(),
        kr: PrivateKeyring::start(),
        per_service_endpoints: Cell::new(false),
        forbid_browser: Cell::new(false),
    };
    setup
        .sb
        .write_config("# mine\n[default]\nregion = eu-west-1\n");
    let add = setup.run(&[
        "sso",
        "add",
        "corp",
        "--start-url",
        START_URL,
        "--region",
        "eu-central-1",
    ]);
    add.assert_ok();
    assert_eq!(
        setup.sb.read_config(),
        format!(
            "# mine\n[default]\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = {START_URL}\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n"
        )
    );
    Some(setup)
}
