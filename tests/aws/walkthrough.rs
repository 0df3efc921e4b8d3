//! The README's two walkthroughs, done as a newcomer does them and nothing more: the real
//! binary, typed commands in the order the README gives them, a real Secret Service (a private
//! gnome-keyring), real files in a temporary home, a local AWS (moto's server for STS and IAM;
//! the fake IAM Identity Center, `common/sso_fake.py`, for SSO), and the AWS CLI v2 as the
//! program that finally uses the credentials. Each step is one block, with the README step it
//! stands for in its comment: the README's walkthrough is written to match these tests.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::fs;
use std::process::Command;

use common::keyring::{self, PrivateKeyring};
use common::moto::{self, Moto};
use common::sso_fake::{self, SsoFake};
use common::{Run, Sandbox, assert_no_secrets, run_cmd};
use serde_json::Value;

/// One newcomer's computer: a home of its own, its keychain, the AWS CLI v2, and the address
/// where "AWS" answers (moto or the SSO fake).
struct Computer {
    sb: Sandbox,
    kr: PrivateKeyring,
    aws_cli: &'static str,
    endpoint: String,
}

/// The programs both walkthroughs need: the private keyring's and the AWS CLI v2, whose path
/// is returned; `None` after saying loudly what is missing.
fn tools() -> Option<&'static str> {
    if !keyring::available() {
        return None;
    }
    match common::aws_cli_v2() {
        Ok(aws) => Some(aws),
        Err(why) => {
            common::skip::skipped(&format!(
                "the walkthroughs end with the AWS CLI v2 reading the profile: {why} (apt install awscli; .ci/run does)"
            ));
            None
        }
    }
}

impl Computer {
    /// A fresh home with nothing in `~/.aws`, an empty keychain, and AWS at `endpoint`.
    fn new(aws_cli: &'static str, endpoint: &str) -> Computer {
        Computer {
            sb: Sandbox::new(),
            kr: PrivateKeyring::start(),
            aws_cli,
            endpoint: endpoint.to_owned(),
        }
    }

    /// `keyshelf` as typed in this computer's terminal. `AWS_ENDPOINT_URL` stands in for AWS
    /// itself (a newcomer has no such variable); the AWS CLI passes it on to the keyshelf it
    /// runs for `credential_process`.
    fn keyshelf_cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.sb.cmd();
        self.kr.apply(&mut cmd);
        cmd.env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .args(args);
        cmd
    }

    /// Runs `keyshelf ARGS`, which must succeed.
    #[track_caller]
    fn keyshelf(&self, args: &[&str]) -> Run {
        let run = run_cmd(&mut self.keyshelf_cmd(args));
        run.assert_ok();
        run
    }

    /// Runs `aws ARGS --endpoint-url ENDPOINT` in the same terminal, which must succeed, and
    /// returns its JSON answer. The flag, not `AWS_ENDPOINT_URL`: Debian's AWS CLI (2.9) is
    /// older than that variable.
    #[track_caller]
    fn aws(&self, args: &[&str]) -> Value {
        let mut cmd = common::like(&self.keyshelf_cmd(&[]), self.aws_cli);
        cmd.args(args).args(["--endpoint-url", &self.endpoint]);
        let run = run_cmd(&mut cmd);
        run.assert_ok();
        serde_json::from_str(&run.stdout).expect("the AWS CLI answers in JSON")
    }
}

/// Whether python3 runs (the SSO fake and the scripted browser are Python); if not, says so
/// loudly.
fn python3() -> bool {
    let ok = Command::new("python3")
        .args(["-c", ""])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        common::skip::skipped("the SSO walkthrough's fake IAM Identity Center needs python3");
    }
    ok
}

/// The "create access key" CSV the AWS console downloads, as it writes it: a byte order mark,
/// CRLF, no user name column (the name comes from the file's name).
fn console_csv(key: &str, secret: &str) -> String {
    format!("\u{feff}Access key ID,Secret access key\r\n{key},{secret}\r\n")
}

#[test]
fn secure_your_keys_import_secure_test_then_the_aws_cli_reads_them_from_the_keychain() {
    let Some(aws_cli) = tools() else { return };
    if !moto::available() {
        return;
    }
    let moto = Moto::start();
    let pc = Computer::new(aws_cli, &moto.endpoint);
    let exe = env!("CARGO_BIN_EXE_keyshelf");
    // Before: `aws configure` once put bob's key in plain text, and the console has just
    // downloaded a new key of alice's.
    let (bob_key, bob_secret) = moto.user_with_key("bob");
    let (alice_key, alice_secret) = moto.user_with_key("alice");
    pc.sb.write_config("[default]\nregion = eu-west-1\n");
    pc.sb.write_credentials(format!(
        "[default]\naws_access_key_id = {bob_key}\naws_secret_access_key = {bob_secret}\n"
    ));
    let downloads = pc.sb.home.join("Downloads");
    fs::create_dir(&downloads).unwrap();
    let csv = downloads.join("alice_accessKeys.csv");
    fs::write(&csv, console_csv(&alice_key, &alice_secret)).unwrap();
    let secrets = [alice_secret.as_str(), bob_secret.as_str()];
    let quiet = |run: &Run| {
        assert_no_secrets(&run.stdout);
        assert_no_secrets(&run.stderr);
        for secret in secrets {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "a secret in the output: {run:?}"
            );
        }
    };

    // Step 1: import the CSV.
    // `keyshelf import ~/Downloads/alice_accessKeys.csv --to-keychain --delete-source`
    // (with `--region`, which the AWS CLI needs for the new profile). The key goes straight
    // into the keychain and the CSV, a plaintext copy of the secret, is deleted.
    let import = pc.keyshelf(&[
        "import",
        csv.to_str().unwrap(),
        "--to-keychain",
        "--delete-source",
        "--region",
        "eu-west-1",
    ]);
    quiet(&import);
    assert!(
        import.stderr.contains("imported “alice” into the keychain"),
        "{}",
        import.stderr
    );
    assert!(!csv.exists(), "--delete-source deleted the CSV");

    // Step 2: secure every key still in plain text.
    // `keyshelf migrate --all` (the app's "Secure all"): bob's key under `default` moves into
    // the keychain too.
    let migrate = pc.keyshelf(&["migrate", "--all"]);
    quiet(&migrate);
    assert!(
        migrate.stderr.contains("default: moved into the keychain")
            && migrate.stderr.contains("1 moved, 1 skipped, 0 failed"),
        "{}",
        migrate.stderr
    );

    // Step 3: ask AWS whose keys these are.
    // `keyshelf test --profile alice`: STS GetCallerIdentity with the keys from the keychain.
    let test = pc.keyshelf(&["test", "--profile", "alice"]);
    quiet(&test);
    assert!(
        test.stdout.starts_with("Profile “alice” works."),
        "{}",
        test.stdout
    );
    assert!(
        test.stdout.contains("arn:aws:iam::123456789012:user/alice"),
        "{}",
        test.stdout
    );

    // Step 4: use the profiles with the AWS CLI, as before.
    // `aws sts get-caller-identity --profile alice` (and `--profile default`): the AWS CLI
    // runs keyshelf's `credential_process`, which hands it the keys from the keychain, and
    // moto (which checks every signature) names the user each key belongs to.
    let alice = pc.aws(&["sts", "get-caller-identity", "--profile", "alice"]);
    assert_eq!(alice["Account"], "123456789012", "{alice}");
    assert_eq!(
        alice["Arn"], "arn:aws:iam::123456789012:user/alice",
        "{alice}"
    );
    let default = pc.aws(&["sts", "get-caller-identity", "--profile", "default"]);
    assert_eq!(
        default["Arn"], "arn:aws:iam::123456789012:user/bob",
        "{default}"
    );

    // After: no secret and no key in either file, nor anywhere else on disk (backups, the
    // deleted CSV); each profile runs keyshelf instead, and that line is in the config file
    // (the credentials file is left empty: `default` had nothing but its keys there); the
    // keychain holds both keys.
    let config = pc.sb.read_config();
    assert_eq!(pc.sb.read_credentials(), "");
    for key in [
        "aws_access_key_id",
        "aws_secret_access_key",
        &alice_key,
        &bob_key,
    ] {
        assert!(!config.contains(key), "{key} in\n{config}");
    }
    let everything = pc.sb.all_text();
    for secret in secrets {
        assert!(!everything.contains(secret), "a secret is still on disk");
    }
    for (profile, secret) in [("alice", &alice_secret), ("default", &bob_secret)] {
        let line = format!("credential_process = \"{exe}\" credential-process --profile {profile}");
        assert!(config.contains(&line), "{line} in\n{config}");
        let item = pc.kr.lookup(profile, &pc.sb.credentials).expect("an item");
        assert!(
            item.contains(secret.as_str()),
            "{profile}'s item holds its key"
        );
    }
}

#[test]
fn sign_in_with_sso_add_login_import_then_the_aws_cli_signs_as_the_role_with_no_token_file() {
    let Some(aws_cli) = tools() else { return };
    if !python3() {
        return;
    }
    let fake = SsoFake::start();
    let pc = Computer::new(aws_cli, &fake.endpoint);
    let start_url = "https://corp.awsapps.example/start";

    // Step 1: tell keyshelf where your company's access portal is.
    // `keyshelf sso add corp --start-url https://corp.awsapps.example/start --region eu-central-1`
    let add = pc.keyshelf(&[
        "sso",
        "add",
        "corp",
        "--start-url",
        start_url,
        "--region",
        "eu-central-1",
    ]);
    assert_eq!(
        pc.sb.read_config(),
        format!(
            "[sso-session corp]\nsso_start_url = {start_url}\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n"
        ),
        "{}",
        add.stderr
    );

    // Step 2: sign in, in the browser.
    // `keyshelf sso login corp`: the browser opens the portal and, the person being signed in
    // there, comes back to keyshelf (PKCE). The browser here is `$BROWSER`, a script that
    // follows the redirect as a signed-in browser does. The tokens go to the keychain.
    let browser = sso_fake::scripted_browser(pc.sb.root());
    let login = run_cmd(
        pc.keyshelf_cmd(&["sso", "login", "corp"])
            .env("BROWSER", &browser),
    );
    login.assert_ok();
    assert!(
        login.stderr.contains("signed in to SSO session “corp”"),
        "{}",
        login.stderr
    );
    assert_eq!(fake.count("Authorize"), 1, "the browser came by");
    sso_fake::assert_no_tokens(&login.stdout);
    sso_fake::assert_no_tokens(&login.stderr);

    // Step 3: make a profile of every account and role you can reach.
    // `keyshelf sso import corp --all`: one line each (profile, account, its name, role).
    let import = pc.keyshelf(&["sso", "import", "corp", "--all"]);
    assert_eq!(
        import.stdout,
        "development-readonly\t111122223333\tDevelopment\tReadOnly\n\
         development-admin\t111122223333\tDevelopment\tAdmin\n\
         production-readonly\t444455556666\tProduction\tReadOnly\n"
    );
    sso_fake::assert_no_tokens(&import.stderr);

    // Step 4: use a profile with the AWS CLI.
    // `aws sts get-caller-identity --profile production-readonly`: the AWS CLI runs keyshelf's
    // `credential_process`, which gets the role's credentials with the token from the keychain
    // (GetRoleCredentials); the fake's STS checks their signature and names the role.
    let me = pc.aws(&[
        "sts",
        "get-caller-identity",
        "--profile",
        "production-readonly",
    ]);
    assert_eq!(me["Account"], "444455556666", "{me}");
    let arn = me["Arn"].as_str().unwrap();
    assert!(
        arn.starts_with("arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_ReadOnly_"),
        "{arn}"
    );
    assert_eq!(fake.count("GetRoleCredentials"), 1);
    assert_eq!(fake.count("GetCallerIdentity"), 1);

    // After: the AWS CLI's token cache was never written (`~/.aws/sso/cache`, where `aws sso
    // login` keeps its tokens in plain text), and no token is in any file: the profile names
    // no `sso_session`, so the AWS CLI never looked for one.
    assert!(
        !pc.sb.aws.join("sso/cache").exists(),
        "no token file under ~/.aws/sso/cache"
    );
    let config = pc.sb.read_config();
    assert!(!config.contains("sso_session ="), "{config}");
    assert!(
        common::line_value(&config, "profile production-readonly", "credential_process")
            .contains("--sso-account-id 444455556666 --sso-role-name ReadOnly"),
        "{config}"
    );
    sso_fake::assert_no_tokens(&pc.sb.all_text());
}
