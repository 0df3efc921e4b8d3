//! Temporary credentials, end to end: the real binary, the real Secret Service
//! (a private gnome-keyring), moto's server as AWS, boto3 reading through the profile's
//! `credential_process`, and keyshelf's own MFA window on a private X display, answered by
//! xdotool.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::display::{self, Display};
use common::keyring::{self, PrivateKeyring};
use common::moto::{self, Moto};
use common::{Run, Sandbox, run_cmd, without_terminal};
use serde_json::Value;

/// Where nothing listens: AWS gone.
const NOWHERE: &str = "http://127.0.0.1:9";
const DEVICE: &str = "arn:aws:iam::123456789012:mfa/alice";

/// alice's keys in the keychain, her profile on temporary credentials of an hour; with
/// `mfa`, her profile names an MFA device.
fn setup(mfa: bool) -> Option<(Sandbox, Moto, PrivateKeyring, String)> {
    if !keyring::available() {
        return None;
    }
    let (sb, moto, key) = moto::alice()?;
    if mfa {
        sb.write_config(format!(
            "[profile alice]\nregion = eu-west-1\nmfa_serial = {DEVICE}\n"
        ));
    }
    let kr = PrivateKeyring::start();
    kr.run(&sb, &["migrate", "--profile", "alice"]).assert_ok();
    let on = kr.run(
        &sb,
        &[
            "temporary",
            "on",
            "--profile",
            "alice",
            "--duration",
            "3600",
        ],
    );
    on.assert_ok();
    assert!(on.stderr.contains("temporary credentials"), "{}", on.stderr);
    Some((sb, moto, kr, key))
}

/// `keyshelf credential-process` as the profile's line runs it, pointed at moto; on `display`
/// when given.
fn serve_cmd(
    sb: &Sandbox,
    endpoint: &str,
    kr: &PrivateKeyring,
    display: Option<&Display>,
) -> Command {
    let line = common::line_value(&sb.read_config(), "profile alice", "credential_process");
    let words = shlex::split(&line).unwrap();
    let mut cmd = sb.cmd();
    kr.apply(&mut cmd);
    cmd.args(&words[1..])
        .env("AWS_ENDPOINT_URL", endpoint)
        .stdin(Stdio::null());
    if let Some(display) = display {
        cmd.env("DISPLAY", &display.name);
    }
    cmd
}

/// The accounts of the keyshelf items in the keyring.
fn accounts(kr: &PrivateKeyring) -> Vec<String> {
    kr.items()
        .into_iter()
        .filter_map(|line| {
            line.strip_prefix("attribute.username = ")
                .map(str::to_owned)
        })
        .collect()
}

fn served(run: &Run) -> Value {
    run.assert_ok();
    serde_json::from_str(&run.stdout).expect("stdout is exactly one JSON object")
}

/// What boto3 gets for the profile through its credential_process: key ID, token, expiry.
fn boto3_credentials(sb: &Sandbox, moto: &Moto, kr: &PrivateKeyring) -> Run {
    let mut cmd = Command::new("python3");
    common::scrub_aws_env(&mut cmd);
    kr.apply(&mut cmd);
    cmd.current_dir(sb.root())
        .env("HOME", &sb.home)
        .env("AWS_CONFIG_FILE", &sb.config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            "-c",
            "import boto3\n\
             s = boto3.Session(profile_name='alice')\n\
             c = s.get_credentials()\n\
             f = c.get_frozen_credentials()\n\
             print(f.access_key, bool(f.token), c._expiry_time is not None)",
        ]);
    run_cmd(&mut cmd)
}

#[test]
fn temporary_credentials_are_served_from_the_cache_until_turned_off() {
    let Some((sb, moto, kr, key)) = setup(false) else {
        return;
    };
    assert!(
        sb.read_config().contains("--temporary 3600"),
        "{}",
        sb.read_config()
    );
    // boto3 gets a session, not the long-term key.
    let run = boto3_credentials(&sb, &moto, &kr);
    run.assert_ok();
    let words: Vec<&str> = run.stdout.split_whitespace().collect();
    assert_eq!(words[1..], ["True", "True"], "{}", run.stdout);
    assert_ne!(words[0], key, "the long-term key never leaves the keychain");
    let first = served(&run_cmd(&mut serve_cmd(&sb, &moto.endpoint, &kr, None)));
    assert_eq!(
        first["AccessKeyId"], words[0],
        "the second call is served from the cache"
    );
    assert!(first["SessionToken"].is_string() && first["Expiration"].is_string());
    // With AWS gone, the cached session is still served: no second STS request is made.
    drop(moto);
    let again = served(&run_cmd(&mut serve_cmd(&sb, NOWHERE, &kr, None)));
    assert_eq!(again["AccessKeyId"], first["AccessKeyId"]);
    assert_eq!(
        accounts(&kr).len(),
        2,
        "the keys and the session: {:?}",
        kr.items()
    );
    // Off: the long-term keys again, and the session item is gone.
    let off = kr.run(&sb, &["temporary", "off", "--profile", "alice"]);
    off.assert_ok();
    assert!(!sb.read_config().contains("--temporary"));
    assert_eq!(accounts(&kr).len(), 1, "{:?}", kr.items());
    let long_term = kr.served(&sb, "alice");
    assert_eq!(long_term["AccessKeyId"], key.as_str());
    assert!(long_term.get("Expiration").is_none());
}

const TITLE: &str = "MFA code for alice";

#[test]
fn an_mfa_code_is_asked_in_keyshelfs_own_window_and_not_again_for_the_session() {
    if !display::available() {
        return;
    }
    let Some((sb, moto, kr, _)) = setup(true) else {
        return;
    };
    let display = Display::start();
    let child = without_terminal(&serve_cmd(&sb, &moto.endpoint, &kr, Some(&display)))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let window = display
        .wait_for(TITLE, Duration::from_secs(30))
        .expect("keyshelf's own window asks for the code");
    display.type_into(&window, "123456");
    let first = served(&Run::from_output(child.wait_with_output().unwrap()));
    assert!(first["SessionToken"].is_string(), "{first}");
    assert!(display.windows(TITLE).is_empty(), "the window closed");
    // Not again for the session: the next call, on the same display, asks nothing.
    let again = served(&run_cmd(&mut without_terminal(&serve_cmd(
        &sb,
        &moto.endpoint,
        &kr,
        Some(&display),
    ))));
    assert_eq!(again["AccessKeyId"], first["AccessKeyId"]);
}

/// Three `credential-process` calls at once, without a terminal, on a display of their own,
/// for a profile with an MFA device, and the one window that asks for the code.
struct Waiting {
    sb: Sandbox,
    _moto: Moto,
    kr: PrivateKeyring,
    display: Display,
    children: Vec<std::process::Child>,
    window: String,
}

fn three_calls() -> Option<Waiting> {
    if !display::available() {
        return None;
    }
    let (sb, moto, kr, _) = setup(true)?;
    let display = Display::start();
    let children: Vec<std::process::Child> = (0..3)
        .map(|_| {
            without_terminal(&serve_cmd(&sb, &moto.endpoint, &kr, Some(&display)))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let Some(window) = display.wait_for(TITLE, Duration::from_secs(30)) else {
        let said: Vec<String> = children
            .into_iter()
            .map(|mut child| {
                let _ = child.kill();
                Run::from_output(child.wait_with_output().unwrap()).stderr
            })
            .collect();
        panic!("no window asks for the code; the calls said: {said:?}");
    };
    Some(Waiting {
        sb,
        _moto: moto,
        kr,
        display,
        children,
        window,
    })
}

#[test]
fn parallel_calls_ask_for_one_code_and_share_one_session() {
    let Some(Waiting {
        sb: _sb,
        kr: _kr,
        display,
        children,
        window,
        _moto,
    }) = three_calls()
    else {
        return;
    };
    // The other two wait on the profile's lock instead of opening windows of their own.
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(display.windows(TITLE).len(), 1);
    display.type_into(&window, "123456");
    let keys: Vec<Value> = children
        .into_iter()
        .map(|child| served(&Run::from_output(child.wait_with_output().unwrap())))
        .map(|json| json["AccessKeyId"].clone())
        .collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "one session: {keys:?}");
    assert!(display.windows(TITLE).is_empty(), "no second window");
}

#[test]
fn with_no_display_and_no_terminal_the_reason_is_one_line_on_stderr() {
    let Some((sb, moto, kr, _)) = setup(true) else {
        return;
    };
    let run = run_cmd(&mut without_terminal(&serve_cmd(
        &sb,
        &moto.endpoint,
        &kr,
        None,
    )));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "stdout carries only JSON");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    for needle in [
        "needs a code from MFA device arn:aws:iam::123456789012:mfa/alice",
        "no display or terminal",
        "keyshelf session --profile alice",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    assert_eq!(accounts(&kr).len(), 1, "no session was cached");
}

/// A display that cannot be reached (a stale `DISPLAY`, an X server gone) is not "no display":
/// the window is tried twice, then the reason it gave is said in the one line.
#[test]
fn a_display_that_refuses_the_window_is_said_with_its_reason_in_one_line() {
    let Some((sb, moto, kr, _)) = setup(true) else {
        return;
    };
    let mut cmd = without_terminal(&serve_cmd(&sb, &moto.endpoint, &kr, None));
    cmd.env("DISPLAY", ":4077").env_remove("WAYLAND_DISPLAY");
    let run = run_cmd(&mut cmd);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "stdout carries only JSON");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    for needle in [
        "needs a code from MFA device arn:aws:iam::123456789012:mfa/alice",
        "window could not be opened on this display (",
        "keyshelf session --profile alice",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("no reason given"), "{}", run.stderr);
    assert_eq!(accounts(&kr).len(), 1, "no session was cached");
}

#[test]
fn a_session_started_ahead_of_time_is_served_without_asking_until_ended() {
    let Some((sb, moto, kr, _)) = setup(true) else {
        return;
    };
    let session = |args: &[&str]| {
        let mut cmd = sb.cmd();
        kr.apply(&mut cmd);
        cmd.env("AWS_ENDPOINT_URL", &moto.endpoint)
            .args(["session", "--profile", "alice"])
            .args(args);
        run_cmd(&mut without_terminal(&cmd))
    };
    let bad = session(&["--code", "12345"]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("six digits"), "{}", bad.stderr);
    let started = session(&["--code", "123456"]);
    started.assert_ok();
    assert!(started.stderr.contains("started"), "{}", started.stderr);
    assert!(started.stdout.is_empty());
    let first = served(&run_cmd(&mut without_terminal(&serve_cmd(
        &sb,
        &moto.endpoint,
        &kr,
        None,
    ))));
    assert!(first["SessionToken"].is_string());
    session(&["--end"]).assert_ok();
    assert_eq!(accounts(&kr).len(), 1, "{:?}", kr.items());
    // Ended: the next call needs a code again, and there is nobody to ask here.
    let run = run_cmd(&mut without_terminal(&serve_cmd(
        &sb,
        &moto.endpoint,
        &kr,
        None,
    )));
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn temporary_is_refused_for_what_it_cannot_serve() {
    let Some((sb, _moto, kr, _)) = setup(false) else {
        return;
    };
    let short = kr.run(
        &sb,
        &["temporary", "on", "--profile", "alice", "--duration", "60"],
    );
    assert_eq!(short.code, 1);
    assert!(short.stderr.contains("15 minutes"), "{}", short.stderr);
    sb.write_config(format!(
        "{}\n[profile plain]\nregion = eu-west-1\n",
        sb.read_config()
    ));
    let before = sb.tree();
    let plain = kr.run(&sb, &["temporary", "on", "--profile", "plain"]);
    assert_eq!(plain.code, 1);
    assert!(plain.stderr.contains("keychain"), "{}", plain.stderr);
    assert_eq!(sb.tree(), before, "nothing written");
    let session = kr.run(&sb, &["session", "--profile", "plain"]);
    assert_eq!(session.code, 1);
}

/// The long-term key the cached session was made with.
fn session_source(sb: &Sandbox, kr: &PrivateKeyring) -> Option<String> {
    let item = kr.lookup_session("alice", &sb.credentials)?;
    let value: Value = serde_json::from_str(&item).unwrap();
    value["SourceAccessKeyId"].as_str().map(str::to_owned)
}

#[test]
fn rotation_ends_the_session_and_the_next_one_is_made_with_the_new_key() {
    let Some((sb, moto, kr, old)) = setup(false) else {
        return;
    };
    served(&run_cmd(&mut serve_cmd(&sb, &moto.endpoint, &kr, None)));
    assert_eq!(session_source(&sb, &kr).as_deref(), Some(old.as_str()));
    let mut rotate = sb.cmd();
    kr.apply(&mut rotate);
    rotate
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
        .args(["rotate", "--profile", "alice"]);
    run_cmd(&mut rotate).assert_ok();
    assert_eq!(session_source(&sb, &kr), None, "rotation ended the session");
    assert!(
        sb.read_config().contains("--temporary 3600"),
        "still on temporary credentials"
    );
    served(&run_cmd(&mut serve_cmd(&sb, &moto.endpoint, &kr, None)));
    let new = session_source(&sb, &kr).unwrap();
    assert_ne!(new, old, "the new session is made with the new key");
}

#[test]
fn a_cancelled_window_is_not_shown_again_to_the_calls_that_waited() {
    let Some(Waiting {
        sb: _sb,
        kr,
        display,
        children,
        window,
        _moto,
    }) = three_calls()
    else {
        return;
    };
    display.press(&window, "Escape");
    let runs: Vec<Run> = children
        .into_iter()
        .map(|child| Run::from_output(child.wait_with_output().unwrap()))
        .collect();
    for run in &runs {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr.contains("closed without a code"),
            "{}",
            run.stderr
        );
    }
    assert!(display.windows(TITLE).is_empty(), "no second window");
    assert_eq!(accounts(&kr).len(), 1, "no session");
}

#[test]
fn new_keys_from_an_import_keep_temporary_credentials_on_and_end_the_session() {
    let Some((sb, moto, kr, _)) = setup(false) else {
        return;
    };
    served(&run_cmd(&mut serve_cmd(&sb, &moto.endpoint, &kr, None)));
    assert!(session_source(&sb, &kr).is_some());
    let (key, secret) = moto.user_with_key("alice2");
    let csv = sb.root().join("alice_accessKeys.csv");
    std::fs::write(
        &csv,
        format!("Access key ID,Secret access key\n{key},{secret}\n"),
    )
    .unwrap();
    let csv = csv.to_string_lossy().into_owned();
    kr.run(
        &sb,
        &[
            "import",
            &csv,
            "--profile",
            "alice",
            "--to-keychain",
            "--on-conflict",
            "replace",
        ],
    )
    .assert_ok();
    assert!(
        sb.read_config().contains("--temporary 3600"),
        "{}",
        sb.read_config()
    );
    assert_eq!(session_source(&sb, &kr), None, "new keys ended the session");
    served(&run_cmd(&mut serve_cmd(&sb, &moto.endpoint, &kr, None)));
    assert_eq!(session_source(&sb, &kr), Some(key));
}
