//! IAM Identity Center (SSO), end to end: the real binary, a private gnome-keyring, the local
//! fake of SSO OIDC and the portal (`tests/common/sso_fake.py`, checked against boto3's own
//! clients), and boto3 and the AWS CLI v2 reading role credentials through the profiles'
//! `credential_process`. No token may reach a file or any output.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::process::Stdio;
use std::time::Duration;

use common::keyring::PrivateKeyring;
use common::sso_fake::{SsoFake, assert_no_tokens};
use common::{Run, run_cmd};

use super::sso_support::{START_URL, python_with_boto3, setup};

#[test]
fn the_fake_identity_center_answers_as_boto3_expects() {
    if !python_with_boto3() {
        return;
    }
    let fake = SsoFake::start();
    let run = fake.check_with_boto3();
    run.assert_ok();
    assert_eq!(run.stdout.trim(), "ok");
}

#[test]
fn sign_in_with_a_device_code_then_import_and_serve_every_role_without_a_token_file() {
    let Some(s) = setup() else { return };
    let login = s.login();
    login.assert_ok();
    assert!(
        login.stderr.contains("confirm the code"),
        "{}",
        login.stderr
    );
    assert!(login.stderr.contains("signed in to SSO session “corp”"));
    assert_no_tokens(&login.stderr);
    assert!(
        s.kr.items().iter().any(|i| i.contains("sso-session corp")),
        "{:?}",
        s.kr.items()
    );
    assert!(
        !s.sb.home.join(".aws/sso").exists(),
        "no AWS CLI token cache"
    );

    let import = s.run(&["sso", "import", "corp", "--all"]);
    import.assert_ok();
    assert_eq!(
        import.stdout,
        "development-readonly\t111122223333\tDevelopment\tReadOnly\n\
         development-admin\t111122223333\tDevelopment\tAdmin\n\
         production-readonly\t444455556666\tProduction\tReadOnly\n"
    );
    let config = s.sb.read_config();
    assert!(
        config.starts_with("# mine\n[default]\nregion = eu-west-1\n"),
        "{config}"
    );
    assert!(
        config.contains("--profile development-readonly --sso-session corp --sso-account-id 111122223333 --sso-role-name ReadOnly"),
        "{config}"
    );
    // The AWS tools see a credential_process profile: no sso_session, so no token file wanted.
    assert!(!config.contains("sso_session ="), "{config}");

    // boto3 gets role credentials through keyshelf; a second call is served from the keychain.
    let first = s.boto3("development-readonly");
    first.assert_ok();
    assert!(first.stdout.starts_with("ASIA"), "{}", first.stdout);
    assert!(
        first.stdout.trim_end().ends_with("40 True"),
        "{}",
        first.stdout
    );
    assert_eq!(s.fake.count("GetRoleCredentials"), 1);
    let again = s.boto3("development-readonly");
    assert_eq!(again.stdout, first.stdout, "the same cached credentials");
    assert_eq!(
        s.fake.count("GetRoleCredentials"),
        1,
        "no second GetRoleCredentials"
    );

    // The AWS CLI v2 reads the same way.
    if let Ok(aws) = common::aws_cli_v2() {
        let mut cmd = common::like(&s.cmd(), aws);
        cmd.args([
            "configure",
            "export-credentials",
            "--profile",
            "production-readonly",
            "--format",
            "process",
        ]);
        let out = run_cmd(&mut cmd);
        out.assert_ok();
        let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert!(value["AccessKeyId"].as_str().unwrap().starts_with("ASIA"));
    }
    assert_no_tokens(&s.all_files());
    assert_no_tokens(&import.stderr);
    assert_no_tokens(&import.stdout);
    // Health has nothing to say of them: no key is missing from the keychain, none is exposed.
    let doctor = s.run(&["doctor", "--json", "--no-search"]);
    let report: serde_json::Value = serde_json::from_str(&doctor.stdout).unwrap();
    let about_them: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["profile"]
                .as_str()
                .is_some_and(|p| p.contains("-readonly") || p.contains("-admin"))
        })
        .collect();
    assert!(about_them.is_empty(), "{about_them:#?}");
    // `keyshelf list` calls them SSO, with no secret of their own.
    let list = s.run(&["list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    let admin = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "development-admin")
        .unwrap();
    assert_eq!(
        (admin["kind"].as_str(), admin["secret"].as_str()),
        (Some("sso"), Some("none"))
    );
}

#[test]
fn an_expired_access_token_is_refreshed_once_for_ten_parallel_calls() {
    let Some(s) = setup() else { return };
    s.login().assert_ok();
    s.import_role("Admin").assert_ok();
    // Expired at AWS, and the keychain's copy says it has expired too (a short-lived token).
    s.fake.expire();
    let line = common::line_value(
        &s.sb.read_config(),
        "profile development-admin",
        "credential_process",
    );
    assert!(line.contains("--sso-role-name Admin"), "{line}");
    let refreshes_before = s.fake.count("CreateToken");
    let children: Vec<_> = (0..10)
        .map(|_| {
            s.serve_cmd("development-admin", "111122223333", "Admin")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let runs: Vec<Run> = children
        .into_iter()
        .map(|c| Run::from_output(c.wait_with_output().unwrap()))
        .collect();
    let first: serde_json::Value = serde_json::from_str(&runs[0].stdout).unwrap();
    for run in &runs {
        run.assert_ok();
        assert!(run.stderr.is_empty(), "{}", run.stderr);
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(
            value["AccessKeyId"], first["AccessKeyId"],
            "one set of credentials"
        );
    }
    // The token was refused once, refreshed once, and the role asked for once.
    assert_eq!(s.fake.count("CreateToken") - refreshes_before, 1);
    assert_eq!(s.fake.count("GetRoleCredentials"), 1);
    // Deleting the profile forgets its cached role credentials; the sign-in stays.
    let cached = |kr: &PrivateKeyring| kr.items().iter().any(|i| i.contains("development-admin @"));
    assert!(cached(&s.kr), "{:?}", s.kr.items());
    s.run(&["delete", "development-admin"]).assert_ok();
    assert!(!cached(&s.kr), "{:?}", s.kr.items());
    assert!(s.kr.items().iter().any(|i| i.contains("sso-session corp")));
}

#[test]
fn a_refresh_token_refused_asks_for_a_new_sign_in_in_one_line_and_logout_forgets_everything() {
    let Some(s) = setup() else { return };
    // No refresh token this time: once the access token goes, a sign-in is needed.
    s.fake.settings("{\"refresh\": false}");
    s.login().assert_ok();
    s.run(&["sso", "import", "corp", "--all", "--prefix", "corp-"])
        .assert_ok();
    assert!(s.boto3("corp-production-readonly").code == 0);
    s.fake.expire();
    let serve = |profile: &str, account: &str, role: &str| {
        run_cmd(&mut s.serve_cmd(profile, account, role))
    };
    // Cached credentials still serve; a role not cached needs the token, which AWS refuses.
    serve("corp-production-readonly", "444455556666", "ReadOnly").assert_ok();
    let refused = serve("corp-development-admin", "111122223333", "Admin");
    common::assert_error(&refused, 1, &["keyshelf sso login corp"]);
    assert_no_tokens(&refused.stderr);

    let logout = s.run(&["sso", "logout", "corp"]);
    logout.assert_ok();
    assert!(logout.stderr.contains("3 profiles"), "{}", logout.stderr);
    assert_eq!(s.fake.count("Logout"), 1);
    assert!(s.kr.items().is_empty(), "{:?}", s.kr.items());
    let after = serve("corp-production-readonly", "444455556666", "ReadOnly");
    common::assert_error(&after, 1, &["not signed in", "keyshelf sso login corp"]);
    assert_no_tokens(&s.all_files());
}

#[test]
fn sign_in_in_the_browser_with_pkce_and_with_a_code_where_no_browser_can_open() {
    let Some(s) = setup() else { return };
    // $BROWSER is a script that follows the sign-in's redirect back to keyshelf's loopback
    // address, as a browser whose person is already signed in does.
    let browser = common::sso_fake::scripted_browser(s.sb.root());
    let login = run_cmd(
        s.cmd()
            .env("BROWSER", &browser)
            .args(["sso", "login", "corp"]),
    );
    login.assert_ok();
    assert!(
        login.stderr.contains("signed in to SSO session “corp”"),
        "{}",
        login.stderr
    );
    assert_eq!(s.fake.count("Authorize"), 1, "the browser came by");
    assert_eq!(
        s.fake.count("StartDeviceAuthorization"),
        0,
        "no device code"
    );
    assert_no_tokens(&login.stderr);
    s.run(&[
        "sso",
        "import",
        "corp",
        "--account",
        "444455556666",
        "--role",
        "ReadOnly",
    ])
    .assert_ok();
    assert!(s.boto3("production-readonly").stdout.starts_with("ASIA"));

    // No $BROWSER and no display (SSH): the device code, by itself.
    let login = s.login_with(&["sso", "login", "corp"]);
    login.assert_ok();
    assert!(
        login.stderr.contains("confirm the code"),
        "{}",
        login.stderr
    );
    assert_no_tokens(&login.stderr);
    assert_no_tokens(&s.all_files());
}

#[test]
fn export_writes_the_aws_cli_cache_health_reports_it_and_logout_removes_it() {
    let Some(s) = setup() else { return };
    let login = s.login_exported();
    login.assert_ok();
    let file =
        s.sb.home
            .join(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json");
    assert!(
        login.stderr.contains(&file.display().to_string()),
        "{}",
        login.stderr
    );
    assert_eq!(common::mode(&file) & 0o777, 0o600);
    assert_eq!(common::mode(file.parent().unwrap()) & 0o777, 0o700);
    assert_no_tokens(&login.stderr);

    // botocore's own loader (what the AWS CLI's SSO provider uses) reads it as a valid token.
    let check = s.sb.python(&format!(
        "import os\n\
         from botocore.utils import SSOTokenLoader, JSONFileCache\n\
         cache = JSONFileCache(os.path.expanduser('~/.aws/sso/cache'))\n\
         t = SSOTokenLoader(cache=cache)('{START_URL}', session_name='corp')\n\
         print(sorted(k for k in t if t[k]), t['accessToken'].startswith('fake-access-'))"
    ));
    check.assert_ok();
    assert_eq!(
        check.stdout.trim(),
        "['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl'] True"
    );

    // Health says it is there, in plain text, and names no token.
    let doctor = s.run(&["doctor", "--json", "--no-search"]);
    let report: serde_json::Value = serde_json::from_str(&doctor.stdout).unwrap();
    let cache = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "aws_cli_cache")
        .expect("the exported file is reported");
    let what = cache["what"].as_str().unwrap();
    assert!(
        what.contains("an access token, a refresh token and a client secret"),
        "{what}"
    );
    assert_no_tokens(&doctor.stdout);

    s.run(&["sso", "logout", "corp"]).assert_ok();
    assert!(!file.exists(), "logout removes the exported file");
    let doctor = s.run(&["doctor", "--json", "--no-search"]);
    assert!(
        !doctor.stdout.contains("aws_cli_cache"),
        "{}",
        doctor.stdout
    );
}

#[test]
fn an_expired_sign_in_is_renewed_from_keyshelfs_window_once_for_ten_parallel_calls() {
    if !common::display::available() {
        return;
    }
    let Some(s) = setup() else { return };
    s.login().assert_ok();
    s.import_role("ReadOnly").assert_ok();
    s.run(&["sso", "logout", "corp"]).assert_ok();
    let browser = common::sso_fake::scripted_browser(s.sb.root());
    let display = common::display::Display::start();
    let children: Vec<_> = (0..10)
        .map(|_| {
            common::without_terminal(
                s.serve_cmd("development-readonly", "111122223333", "ReadOnly")
                    .env("DISPLAY", &display.name)
                    .env("BROWSER", &browser),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let Some(window) = display.wait_for("sign in to corp", Duration::from_secs(30)) else {
        let outs: Vec<String> = children
            .into_iter()
            .map(|mut c| {
                let _ = c.kill();
                let out = c.wait_with_output().unwrap();
                String::from_utf8_lossy(&out.stderr).into_owned()
            })
            .collect();
        panic!("no window asked to sign in: {outs:?}");
    };
    display.press(&window, "Return");
    let runs: Vec<Run> = children
        .into_iter()
        .map(|c| Run::from_output(c.wait_with_output().unwrap()))
        .collect();
    let first: serde_json::Value = serde_json::from_str(&runs[0].stdout).unwrap();
    for run in &runs {
        run.assert_ok();
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(value["AccessKeyId"], first["AccessKeyId"]);
        assert_no_tokens(&run.stderr);
    }
    assert_eq!(
        s.fake.count("Authorize"),
        1,
        "one sign-in for the ten calls"
    );
    assert_eq!(
        s.fake.count("GetRoleCredentials"),
        1,
        "and one role credential"
    );
    assert!(
        display.windows("sign in to corp").is_empty(),
        "the window closed"
    );
}
