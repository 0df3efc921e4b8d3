//! What stands between keyshelf and AWS (the AWS client): a proxy named in
//! `HTTP_PROXY` (used, bypassed with `NO_PROXY`, refusing), and a certificate bundle from
//! `AWS_CA_BUNDLE` or the profile's `ca_bundle` for a server whose certificate the system does
//! not trust, as in botocore. moto's server plays AWS, over HTTPS with a certificate made here.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::process::Command;

use common::moto::{self, Moto};
use common::proxy::Proxy;
use common::{Run, Sandbox, run_cmd};

/// `keyshelf test --profile alice` against `endpoint`, with `env` added.
fn test(sb: &Sandbox, endpoint: &str, env: &[(&str, &str)]) -> Run {
    let mut cmd = sb.cmd();
    cmd.env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .args(["test", "--profile", "alice"]);
    for (name, value) in env {
        cmd.env(name, value);
    }
    run_cmd(&mut cmd)
}

#[test]
fn a_proxy_in_the_environment_is_used_bypassed_with_no_proxy_and_its_refusal_said() {
    let Some((sb, moto, _)) = moto::alice() else {
        return;
    };
    let passing = Proxy::start(false, sb.root().join("passing.log"));
    let run = test(&sb, &moto.endpoint, &[("HTTP_PROXY", &passing.url)]);
    run.assert_ok();
    assert!(
        passing
            .seen()
            .iter()
            .any(|l| l.starts_with("POST http://127.0.0.1")),
        "the request went through the proxy: {:?}",
        passing.seen()
    );

    // NO_PROXY: straight to AWS, past a proxy that would refuse.
    let refusing = Proxy::start(true, sb.root().join("refusing.log"));
    let proxy = refusing.url.as_str();
    let bypassed = test(
        &sb,
        &moto.endpoint,
        &[("HTTP_PROXY", proxy), ("NO_PROXY", "127.0.0.1")],
    );
    bypassed.assert_ok();
    assert!(refusing.seen().is_empty());

    let refused = test(&sb, &moto.endpoint, &[("HTTP_PROXY", proxy)]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("proxy"), "{}", refused.stderr);
    assert!(refused.stderr.contains("407"), "{}", refused.stderr);
    assert_eq!(refused.stderr.lines().count(), 1, "{}", refused.stderr);
}

/// A certificate authority of its own (as a company's TLS-inspecting proxy has) and a server
/// certificate for 127.0.0.1 signed by it, in `dir`: the authority's certificate, the server's
/// certificate and the server's key.
fn certificates(dir: &std::path::Path) -> Option<[std::path::PathBuf; 3]> {
    let path = |name: &str| dir.join(name);
    let openssl = |args: &[&str]| {
        Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    std::fs::write(
        path("server.ext"),
        "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\n",
    )
    .unwrap();
    let made = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=keyshelf test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ]) && openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]) && openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    ]);
    if !made {
        common::skip::skipped("the certificate test needs the openssl command");
    }
    made.then(|| [path("ca.pem"), path("server.pem"), path("server.key")])
}

#[test]
fn a_certificate_bundle_is_trusted_from_aws_ca_bundle_or_the_profile() {
    if !moto::available() {
        return;
    }
    let sb = Sandbox::new();
    let Some([ca, cert, key]) = certificates(sb.root()) else {
        return;
    };
    let moto = Moto::start_tls(&cert, &key);
    let (id, secret) = moto.user_with_key("alice");
    sb.write_config("[profile alice]\nregion = eu-west-1\n");
    sb.write_credentials(format!(
        "[alice]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n"
    ));
    // The system does not trust it: said in words, exit code 2.
    let untrusted = test(&sb, &moto.endpoint, &[]);
    assert_eq!(untrusted.code, 2, "{}", untrusted.stderr);
    assert!(
        untrusted.stderr.contains("certificate"),
        "{}",
        untrusted.stderr
    );
    let cert_path = ca.to_string_lossy().into_owned();
    test(&sb, &moto.endpoint, &[("AWS_CA_BUNDLE", &cert_path)]).assert_ok();
    // botocore, the reference, agrees on both.
    let botocore = |bundle: Option<&str>| {
        let mut cmd = Command::new("python3");
        common::scrub_aws_env(&mut cmd);
        cmd.env("AWS_CONFIG_FILE", &sb.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
            .env("AWS_ENDPOINT_URL", &moto.endpoint)
            .args([
                "-c",
                "import boto3; boto3.Session(profile_name='alice').client('sts').get_caller_identity()",
            ]);
        if let Some(bundle) = bundle {
            cmd.env("AWS_CA_BUNDLE", bundle);
        }
        run_cmd(&mut cmd).code
    };
    assert_ne!(botocore(None), 0);
    assert_eq!(botocore(Some(&cert_path)), 0);
    sb.write_config(format!(
        "[profile alice]\nregion = eu-west-1\nca_bundle = {cert_path}\n"
    ));
    test(&sb, &moto.endpoint, &[]).assert_ok();
    // A bundle that is not one: a plain sentence naming it, exit code 1.
    let missing = test(
        &sb,
        &moto.endpoint,
        &[("AWS_CA_BUNDLE", "/nonexistent/ca.pem")],
    );
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("/nonexistent/ca.pem"),
        "{}",
        missing.stderr
    );
}

#[test]
fn a_bundle_or_proxy_keyshelf_cannot_use_is_said_at_once() {
    let Some((sb, moto, _)) = moto::alice() else {
        return;
    };
    let fifo = sb.root().join("bundle.fifo");
    common::mkfifo(&fifo);
    let fifo = fifo.to_string_lossy().into_owned();
    for bundle in [fifo.as_str(), "/dev/zero"] {
        let run = test(&sb, &moto.endpoint, &[("AWS_CA_BUNDLE", bundle)]);
        assert_eq!(run.code, 1, "{bundle}: {}", run.stderr);
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    }
    let bad = test(
        &sb,
        &moto.endpoint,
        &[("HTTPS_PROXY", "ftp://user:hunter2@proxy:21")],
    );
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("HTTPS_PROXY"), "{}", bad.stderr);
    assert!(!bad.stderr.contains("hunter2"), "{}", bad.stderr);
    // NO_PROXY=* bypasses every proxy, as curl and botocore read it.
    let bypass = test(
        &sb,
        &moto.endpoint,
        &[("HTTP_PROXY", "http://127.0.0.1:9"), ("NO_PROXY", "*")],
    );
    bypass.assert_ok();
}
