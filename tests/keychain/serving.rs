//! `credential-process` reads its item straight from the Secret Service (one session, one
//! search, one secret) and leaves everything else to `keyring`. Against a real gnome-keyring on
//! a private bus: the items `keyring` wrote, at every padding length and at an SSO sign-in's
//! size, are served exactly; the calls on the bus are the plain read's and nothing more; the
//! cases the direct read does not answer still get `keyring`'s answer.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common;

use common::keyring::{self, PrivateKeyring};
use common::{Sandbox, assert_error};

fn setup() -> Option<(Sandbox, PrivateKeyring)> {
    if !keyring::available() {
        return None;
    }
    Some((Sandbox::new(), PrivateKeyring::start()))
}

/// A session token of `length` characters that differs per profile.
fn token(length: usize, seed: usize) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    (0..length)
        .map(|i| char::from(alphabet[(i * 7 + seed * 13) % alphabet.len()]))
        .collect()
}

/// The method calls (`member` names) a `keyshelf ARGS` run makes on the bus, in order, seen
/// by `dbus-monitor` from before it connects until it has gone from the bus.
fn calls_on_the_bus(sb: &Sandbox, kr: &PrivateKeyring, args: &[&str]) -> Vec<String> {
    let mut monitor = Command::new("dbus-monitor");
    kr.apply(&mut monitor);
    let mut monitor = monitor
        .args(["--session", "--profile"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dbus-monitor");
    let (tx, rx) = mpsc::channel();
    let stdout = monitor.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let next = |deadline: Instant| {
        rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("dbus-monitor stopped or went quiet")
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    // The monitor is in place once the bus has given it its name.
    while !next(deadline).contains("NameAcquired") {}
    kr.run(sb, args).assert_ok();

    let mut client = None::<String>;
    let mut members = Vec::new();
    loop {
        let line = next(deadline);
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["mc", _, _, sender, _, _, _, member, ..] => {
                if *member == "Hello" && client.is_none() {
                    client = Some((*sender).to_owned());
                }
                if client.as_deref() == Some(*sender) {
                    members.push((*member).to_owned());
                }
            }
            // The bus tells the client it lost its own name as it goes away.
            ["sig", _, _, _, destination, _, _, "NameLost", ..]
                if client.as_deref() == Some(*destination) =>
            {
                break;
            }
            _ => {}
        }
    }
    let _ = monitor.kill();
    let _ = monitor.wait();
    members
}

#[test]
fn every_item_length_keyring_writes_is_served_by_the_direct_read() {
    let Some((sb, kr)) = setup() else { return };
    // Seventeen consecutive lengths cross every PKCS#7 padding length of AES's 16-byte block;
    // the last is the size of a long SSO session token.
    let lengths: Vec<usize> = (600..617).chain([9000]).collect();
    let mut credentials = String::new();
    for (i, length) in lengths.iter().enumerate() {
        credentials.push_str(&format!(
            "[p{i}]\naws_access_key_id = AKIAEXAMPLE{i:09}\naws_secret_access_key = secret/{i}/wJalrXUtnFEMI\naws_session_token = {}\n",
            token(*length, i)
        ));
    }
    sb.write_credentials(&credentials);
    kr.run(&sb, &["migrate", "--all"]).assert_ok();

    for (i, length) in lengths.iter().enumerate() {
        let keys = kr.served(&sb, &format!("p{i}"));
        assert_eq!(keys["AccessKeyId"], format!("AKIAEXAMPLE{i:09}"));
        assert_eq!(keys["SecretAccessKey"], format!("secret/{i}/wJalrXUtnFEMI"));
        assert_eq!(keys["SessionToken"], token(*length, i), "length {length}");
    }
}

#[test]
fn the_direct_read_makes_the_plain_calls_and_no_others() {
    let Some((sb, kr)) = setup() else { return };
    if Command::new("sh")
        .args(["-c", "command -v dbus-monitor"])
        .stdout(Stdio::null())
        .status()
        .map(|s| !s.success())
        .unwrap_or(true)
    {
        common::skip::skipped("this test needs dbus-monitor (apt install dbus-bin)");
        return;
    }
    sb.write_credentials(
        "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n",
    );
    kr.run(&sb, &["migrate", "--profile", "dev"]).assert_ok();
    let calls = calls_on_the_bus(&sb, &kr, &["credential-process", "--profile", "dev"]);
    // One encrypted session (keyring's would have been a second), one search, one secret; the
    // search and the session go out together, so only their set is checked, not their order.
    assert_eq!(
        calls.first().map(String::as_str),
        Some("Hello"),
        "{calls:?}"
    );
    assert_eq!(
        calls.last().map(String::as_str),
        Some("GetSecret"),
        "{calls:?}"
    );
    let mut sorted = calls.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["GetSecret", "Hello", "OpenSession", "SearchItems"],
        "{calls:?}"
    );
}

#[test]
fn several_items_for_one_profile_are_left_to_keyring_and_named() {
    let Some((sb, kr)) = setup() else { return };
    sb.write_credentials(
        "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n",
    );
    kr.run(&sb, &["migrate", "--profile", "dev"]).assert_ok();
    // Another program's item that a search on keyring's two attributes also finds.
    let account = format!("dev @ {}", sb.credentials.display());
    let mut store = Command::new("secret-tool");
    kr.apply(&mut store);
    let mut child = store
        .args(["store", "--label=copy", "service", "keyshelf", "username"])
        .args([account.as_str(), "copied-by", "another-tool"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"hunter2").unwrap();
    assert!(child.wait().unwrap().success());

    let served = kr.run(&sb, &["credential-process", "--profile", "dev"]);
    assert_error(&served, 2, &["“dev”", "several keychain items"]);
    assert!(!served.stderr.contains("hunter2"), "{}", served.stderr);
    assert!(served.stdout.is_empty());
}
