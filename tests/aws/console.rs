//! `keyshelf console`: the AWS console's sign-in address from a profile's temporary
//! credentials, against the fake federation endpoint (`KEYSHELF_FEDERATION_URL`), with an SSO
//! role from the fake IAM Identity Center and an IAM user's keys turned into a federation token
//! by moto's STS.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::keyring::{self, PrivateKeyring};
use common::moto;
use common::sso_fake::SsoFake;
use common::{Sandbox, run_cmd};

fn login_url_of(stdout: &str, fake: &SsoFake) -> String {
    let url = stdout.trim().to_owned();
    assert!(
        url.starts_with(&format!(
            "{}/federation?Action=login&Issuer=keyshelf&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=fake-signin-",
            fake.endpoint
        )),
        "{url}"
    );
    assert_eq!(stdout.lines().count(), 1);
    url
}

#[test]
fn an_sso_role_opens_the_console_with_the_session_length_asked_for() {
    if !keyring::available() || !moto::available() {
        return;
    }
    let sb = Sandbox::new();
    let fake = SsoFake::start();
    let kr = PrivateKeyring::start();
    let cmd = || {
        let mut cmd = sb.cmd();
        kr.apply(&mut cmd);
        cmd.env("AWS_ENDPOINT_URL", &fake.endpoint)
            .env(
                "KEYSHELF_FEDERATION_URL",
                format!("{}/federation", fake.endpoint),
            )
            .env("BROWSER", "/bin/true");
        cmd
    };
    run_cmd(cmd().args([
        "sso",
        "add",
        "corp",
        "--start-url",
        "https://corp.example/start",
        "--region",
        "eu-west-1",
    ]))
    .assert_ok();
    // The scripted browser: it follows the sign-in back to keyshelf.
    let browser = common::sso_fake::scripted_browser(sb.root());
    run_cmd(
        cmd()
            .env("BROWSER", &browser)
            .args(["sso", "login", "corp"]),
    )
    .assert_ok();
    run_cmd(cmd().args([
        "sso",
        "import",
        "corp",
        "--account",
        "111122223333",
        "--role",
        "Admin",
    ]))
    .assert_ok();
    let run = run_cmd(cmd().args([
        "console",
        "--profile",
        "development-admin",
        "--print-url",
        "--duration",
        "3600",
    ]));
    run.assert_ok();
    login_url_of(&run.stdout, &fake);
    assert_eq!(fake.count("GetSigninToken"), 1);
    assert_eq!(fake.count("LastSessionDuration"), 3600);
    assert!(!run.stderr.contains("fake-"), "{}", run.stderr);

    // Opened in the browser, the address is not printed anywhere.
    let opened = run_cmd(cmd().args(["console", "--profile", "development-admin"]));
    opened.assert_ok();
    assert!(opened.stdout.is_empty());
    assert!(!opened.stderr.contains("fake-signin-"), "{}", opened.stderr);
    let bad = run_cmd(cmd().args([
        "console",
        "--profile",
        "development-admin",
        "--duration",
        "60",
    ]));
    common::assert_error(&bad, 1, &["900 to 43200"]);
}

#[test]
fn long_term_keys_become_a_federation_token_and_a_chained_role_takes_no_duration() {
    let Some((sb, moto, _key)) = moto::alice() else {
        return;
    };
    let fake = SsoFake::start();
    let cmd = || {
        let mut cmd = sb.cmd();
        cmd.env("AWS_ENDPOINT_URL", &moto.endpoint)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env(
                "KEYSHELF_FEDERATION_URL",
                format!("{}/federation", fake.endpoint),
            );
        cmd
    };
    let run = run_cmd(cmd().args(["console", "--profile", "alice", "--print-url"]));
    run.assert_ok();
    login_url_of(&run.stdout, &fake);
    assert!(run.stderr.contains("no MFA"), "{}", run.stderr);
    // The token's own length is the session's: no SessionDuration was sent.
    assert_eq!(fake.count("LastSessionDuration"), 0);
    common::assert_no_secrets(&run.stderr);

    sb.write_config(
        "[profile alice]\nregion = eu-west-1\n\n[profile first]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = alice\n\n[profile second]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = first\n",
    );
    let chained = run_cmd(cmd().args([
        "console",
        "--profile",
        "second",
        "--print-url",
        "--duration",
        "3600",
    ]));
    common::assert_error(
        &chained,
        1,
        &["second", "role reached through another role"],
    );
}

// The AWS SDK for Rust reads a `login_session` profile only with aws-config's
// `credentials-login` feature, which keyshelf leaves out: it used to fail with the SDK's
// FeatureNotEnabled, or say the profile was not signed in when it was.
#[test]
fn a_console_sign_in_profile_is_refused_in_one_plain_sentence_by_console_and_test() {
    let sb = Sandbox::new();
    let config = "[profile web]\nlogin_session = arn:aws:iam::123456789012:user/alice\nregion = eu-west-1\n\n[profile web-role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = web\n";
    sb.write_config(config);
    let before = sb.tree();
    let cmd = |args: &[&str]| {
        let mut cmd = sb.cmd();
        // Nothing may be asked of the network: any call would fail at this address.
        cmd.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .env("KEYSHELF_FEDERATION_URL", "http://127.0.0.1:9/federation")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("BROWSER", "/bin/false")
            .args(args);
        run_cmd(&mut cmd)
    };
    for profile in ["web", "web-role"] {
        let console = cmd(&["console", "--profile", profile, "--print-url"]);
        common::assert_error(
            &console,
            1,
            &[
                &format!("profile “{profile}” signs in with your AWS console credentials"),
                "keyshelf cannot open the console from it yet",
                "aws login --profile",
            ],
        );
        let test = cmd(&["test", "--profile", profile]);
        common::assert_error(
            &test,
            1,
            &[
                "signs in with your AWS console credentials",
                "keyshelf cannot test it yet",
            ],
        );
        assert!(
            !test.stderr.contains("FeatureNotEnabled"),
            "{}",
            test.stderr
        );
    }
    assert_eq!(sb.tree(), before, "no file changed");
}
