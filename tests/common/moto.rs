//! A local fake AWS for tests: `moto_server` on a free port, started by the test and
//! killed when it ends, with IAM authentication on, so a deleted key or a wrong secret is
//! refused as AWS refuses it. The first three requests set up an `admin` user allowed
//! everything; the tests set up the rest with its keys, through boto3.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::Run;

pub struct Moto {
    child: Child,
    pub endpoint: String,
    admin: (String, String),
}

/// Whether moto's server can run here; if not, says so loudly (the test then skips).
pub fn available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import moto.server, boto3"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        super::skip::skipped(
            "the AWS tests need moto's server and boto3 (pip install 'moto[server]' boto3; .ci/run does)",
        );
    }
    ok
}

impl Moto {
    pub fn start() -> Moto {
        Moto::start_with(&[], "http")
    }

    /// moto over HTTPS with this certificate and key (PEM files).
    pub fn start_tls(cert: &std::path::Path, key: &std::path::Path) -> Moto {
        let (cert, key) = (cert.to_string_lossy(), key.to_string_lossy());
        Moto::start_with(&["--ssl-cert", &cert, "--ssl-key", &key], "https")
    }

    fn start_with(args: &[&str], scheme: &str) -> Moto {
        let port = free_port();
        let child = Command::new("python3")
            .args(["-m", "moto.server", "-p", &port.to_string()])
            .args(args)
            .env("INITIAL_NO_AUTH_ACTION_COUNT", "3")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        wait_for_port(port, "moto");
        let mut moto = Moto {
            child,
            endpoint: format!("{scheme}://127.0.0.1:{port}"),
            admin: (String::new(), String::new()),
        };
        let out = moto.boto3(
            "iam = c('iam', 'AKIAIOSFODNN7EXAMPLE', 'x')\n\
             iam.create_user(UserName='admin')\n\
             k = iam.create_access_key(UserName='admin')['AccessKey']\n\
             iam.put_user_policy(UserName='admin', PolicyName='all', PolicyDocument=ALL)\n\
             print(k['AccessKeyId'], k['SecretAccessKey'])",
        );
        let mut words = out.stdout.split_whitespace();
        moto.admin = (
            words.next().expect("admin key").to_owned(),
            words.next().expect("admin secret").to_owned(),
        );
        moto
    }

    /// Runs a boto3 script against the server; `c(service, key, secret)` makes a client and
    /// `ADMIN` holds the admin's keys, `ALL` a policy allowing everything.
    pub fn boto3(&self, script: &str) -> Run {
        let prelude = format!(
            "import boto3, json, urllib3\n\
             urllib3.disable_warnings()\n\
             ALL = json.dumps({{'Version': '2012-10-17', 'Statement': [{{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}}]}})\n\
             ADMIN = ('{}', '{}')\n\
             def c(service, key=None, secret=None):\n\
             \x20   key, secret = (key, secret) if key else ADMIN\n\
             \x20   return boto3.client(service, endpoint_url='{}', region_name='us-east-1', aws_access_key_id=key, aws_secret_access_key=secret, verify=False)\n",
            self.admin.0, self.admin.1, self.endpoint
        );
        let run =
            super::run_cmd(Command::new("python3").args(["-c", &format!("{prelude}{script}")]));
        assert_eq!(run.code, 0, "boto3 set-up failed: {}", run.stderr);
        run
    }

    /// A new IAM user with one access key and every permission: its key ID and secret.
    pub fn user_with_key(&self, name: &str) -> (String, String) {
        let out = self.boto3(&format!(
            "iam = c('iam')\n\
             iam.create_user(UserName='{name}')\n\
             iam.put_user_policy(UserName='{name}', PolicyName='all', PolicyDocument=ALL)\n\
             k = iam.create_access_key(UserName='{name}')['AccessKey']\n\
             print(k['AccessKeyId'], k['SecretAccessKey'])"
        ));
        let mut words = out.stdout.split_whitespace();
        (
            words.next().expect("key").to_owned(),
            words.next().expect("secret").to_owned(),
        )
    }
}

/// A sandbox whose profile `alice` (region eu-west-1) holds a key of the IAM user `alice` in
/// the credentials file, the server, and the key ID; `None` (after a loud message) without moto.
pub fn alice() -> Option<(super::Sandbox, Moto, String)> {
    if !available() {
        return None;
    }
    let moto = Moto::start();
    let (key, secret) = moto.user_with_key("alice");
    let sb = super::Sandbox::new();
    sb.write_config("[profile alice]\nregion = eu-west-1\n");
    sb.write_credentials(format!(
        "[alice]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"
    ));
    Some((sb, moto, key))
}

/// A local port nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Waits (up to 30 s) until a server started by the test listens on `port`.
pub fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
