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

/// Whether `dbus-monitor` is there to watch the bus; if not, says so loudly (the test then
/// skips, or fails under `CI`).
fn monitor_available() -> bool {
    let found = Command::new("sh")
        .args(["-c", "command -v dbus-monitor"])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        common::skip::skipped("this test needs dbus-monitor (apt install dbus-bin)");
    }
    found
}

/// Every method call made on the private bus while `work` runs, as (sender, member) in order,
/// seen by `dbus-monitor`: from before `work` starts until a marker call sent once it is done
/// (so a process that connects again after its first connection is gone is seen too). The
/// marker's own calls are left out.
fn calls_during(kr: &PrivateKeyring, work: impl FnOnce()) -> Vec<(String, String)> {
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
    // The monitor is in place once the bus has given it its name.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !next(deadline).contains("NameAcquired") {}
    work();

    let mut marker = Command::new("dbus-send");
    kr.apply(&mut marker);
    let sent = marker
        .args(["--session", "--print-reply", "--dest=org.freedesktop.DBus"])
        .args(["/org/freedesktop/DBus", "org.freedesktop.DBus.GetId"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut calls = Vec::new();
    loop {
        let line = next(deadline);
        if let ["mc", _, _, sender, _, _, _, member, ..] =
            line.split('\t').collect::<Vec<_>>().as_slice()
        {
            if *member == "GetId" {
                let marker = (*sender).to_owned();
                calls.retain(|(from, _): &(String, String)| *from != marker);
                break;
            }
            calls.push(((*sender).to_owned(), (*member).to_owned()));
        }
    }
    let _ = monitor.kill();
    let _ = monitor.wait();
    calls
}

/// How many of `calls` are `member`.
fn count(calls: &[(String, String)], member: &str) -> usize {
    calls.iter().filter(|(_, m)| m == member).count()
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

    let serve_all = || {
        for (i, length) in lengths.iter().enumerate() {
            let keys = kr.served(&sb, &format!("p{i}"));
            assert_eq!(keys["AccessKeyId"], format!("AKIAEXAMPLE{i:09}"));
            assert_eq!(keys["SecretAccessKey"], format!("secret/{i}/wJalrXUtnFEMI"));
            assert_eq!(keys["SessionToken"], token(*length, i), "length {length}");
        }
    };
    if !monitor_available() {
        return serve_all();
    }
    // Served by the direct read, not by keyring after it: one connection and one session per
    // run (keyring's fallback would connect a second time and open a second session).
    let calls = calls_during(&kr, serve_all);
    assert_eq!(count(&calls, "Hello"), lengths.len(), "{calls:?}");
    assert_eq!(count(&calls, "OpenSession"), lengths.len(), "{calls:?}");
    assert_eq!(count(&calls, "GetSecret"), lengths.len(), "{calls:?}");
}

#[test]
fn the_direct_read_makes_the_plain_calls_and_no_others() {
    let Some((sb, kr)) = setup() else { return };
    if !monitor_available() {
        return;
    }
    sb.write_credentials(
        "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n",
    );
    kr.run(&sb, &["migrate", "--profile", "dev"]).assert_ok();
    let calls = calls_during(&kr, || {
        kr.served(&sb, "dev");
    });
    // One connection, one encrypted session (keyring's would have been a second connection
    // with a second), one search, one secret; the search and the session go out together, so
    // only their set is checked, not their order.
    let members: Vec<&str> = calls.iter().map(|(_, m)| m.as_str()).collect();
    assert!(
        calls.iter().all(|(sender, _)| *sender == calls[0].0),
        "{calls:?}"
    );
    assert_eq!(members.first(), Some(&"Hello"), "{calls:?}");
    assert_eq!(members.last(), Some(&"GetSecret"), "{calls:?}");
    let mut sorted = members.clone();
    sorted.sort_unstable();
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
