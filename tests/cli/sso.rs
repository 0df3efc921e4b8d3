//! `keyshelf sso add`: what it writes, and what it refuses with the files unchanged. (Signing
//! in, importing and serving run against the fake IAM Identity Center in `tests/aws/sso.rs`.)

use crate::common::{Sandbox, assert_error};

#[test]
fn sso_add_writes_one_session_and_refuses_what_the_aws_tools_would_misread() {
    let sb = Sandbox::new();
    sb.write_config("# keep me\n[default]\nregion = eu-west-1\n");
    let before = sb.tree();
    for (args, needles) in [
        (
            ["my corp", "https://corp.awsapps.com/start", "eu-west-1"],
            &["“my corp”", "letters, digits"][..],
        ),
        (
            ["corp", "corp.awsapps.com/start", "eu-west-1"],
            &["start URL", "https://"][..],
        ),
        (
            ["corp", "https://corp.awsapps.com/start", "eu-wset-1"],
            &["did you mean eu-west-1?"][..],
        ),
        (
            ["corp", "https://corp.awsapps.com/start", ""],
            &["region"][..],
        ),
    ] {
        let run = sb.run(&[
            "sso",
            "add",
            args[0],
            "--start-url",
            args[1],
            "--region",
            args[2],
        ]);
        assert_error(&run, 1, needles);
        assert_eq!(sb.tree(), before, "nothing written for {args:?}");
    }
    sb.run(&[
        "sso",
        "add",
        "corp",
        "--start-url",
        "https://corp.awsapps.com/start",
        "--region",
        "eu-central-1",
    ])
    .assert_ok();
    assert_eq!(
        sb.read_config(),
        "# keep me\n[default]\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n"
    );
    // A config file that was not there is made private.
    let fresh = Sandbox::new();
    fresh
        .run(&[
            "sso",
            "add",
            "corp",
            "--start-url",
            "https://corp.awsapps.com/start",
            "--region",
            "eu-central-1",
        ])
        .assert_ok();
    assert_eq!(crate::common::mode(&fresh.config) & 0o777, 0o600);
}

/// Witness: `sso add corp` for a session that exists with another start URL replaced it and
/// said "added". It says what it changed (and that a new sign-in is needed); the same values
/// again are no change.
#[test]
fn sso_add_over_an_existing_session_says_what_it_changed() {
    let sb = Sandbox::new();
    let add = |url: &str| {
        sb.run(&[
            "sso",
            "add",
            "corp",
            "--start-url",
            url,
            "--region",
            "eu-central-1",
        ])
    };
    let first = add("https://old.awsapps.com/start");
    first.assert_ok();
    assert!(
        first.stderr.contains("added SSO session “corp”"),
        "{}",
        first.stderr
    );
    let changed = add("https://new.awsapps.com/start");
    changed.assert_ok();
    assert!(
        changed.stderr.contains(
            "changed SSO session “corp” (it was https://old.awsapps.com/start in eu-central-1)"
        ),
        "{}",
        changed.stderr
    );
    assert!(
        sb.read_config()
            .contains("sso_start_url = https://new.awsapps.com/start\n")
    );
    let again = add("https://new.awsapps.com/start");
    assert!(
        again.stderr.contains("“corp” was already there as given"),
        "{}",
        again.stderr
    );
}
