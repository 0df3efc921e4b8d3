//! The AWS tools read what we wrote.

use super::*;

// ---------------------------------------------------------------------------------------------
// The AWS tools read what we wrote

#[test]
fn botocore_reads_the_imported_keys_as_in_the_csv() {
    let sb = Sandbox::rich();
    if sb.python("import botocore").code != 0 {
        common::skip::skipped("python3 with botocore is not available");
        return;
    }
    let several = put(&sb, "several-rows.csv");
    let hand = put(&sb, "hand-edited.csv");
    let zoe = put(&sb, "utf16le.csv");
    import_ok(
        &sb,
        &[
            &several,
            &hand,
            &zoe,
            "--prefix",
            "csv-",
            "--region",
            "ap-south-1",
        ],
    );
    let expected = [
        ("csv-alice", ID1, SK1),
        ("csv-bob", ID2, SK2),
        ("csv-carol", ID3, SK3),
        ("csv-dave", ID4, SK4),
        ("csv-bob smith", ID2, SK2),
        ("csv-zoë", ID1, SK1),
    ];
    let names: Vec<&str> = expected.iter().map(|(name, _, _)| *name).collect();
    let script = format!(
        "import json, botocore.session\nout = {{}}\nfor name in {names}:\n    s = botocore.session.Session(profile=name)\n    c = s.get_credentials().get_frozen_credentials()\n    out[name] = [c.access_key, c.secret_key, c.token, s.get_config_variable('region')]\nprint(json.dumps(out))",
        names = serde_json::to_string(&names).unwrap()
    );
    let run = sb.python(&script);
    run.assert_ok();
    let read: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    for (name, id, secret) in expected {
        assert_eq!(
            read[name],
            serde_json::json!([id, secret, null, "ap-south-1"]),
            "{name}"
        );
    }
    // And the profiles that were there before still read as they did.
    let dev = sb.python(
        "import botocore.session\nc = botocore.session.Session(profile='dev').get_credentials()\nprint(c.access_key)",
    );
    assert_eq!(dev.stdout.trim(), "ASIAI44QH8DHBEXAMPLE");
}

/// Fixtures where our reading differs from the CLI's on purpose (see `src/import/mod.rs`).
pub(super) const DIFFERENT_ON_PURPOSE: &[(&str, &str)] = &[(
    "quoted.csv",
    "the CLI does not read CSV quotes: its profile names keep the quote marks",
)];

#[test]
fn aws_configure_import_gives_the_same_profiles_and_keys() {
    let aws = match common::aws_cli_v2() {
        Ok(aws) => aws,
        Err(why) => {
            common::skip::skipped(&format!(
                "“aws configure import” needs the AWS CLI v2: {why}"
            ));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    entries.sort();
    let mut compared = 0;
    for path in entries {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if let Some((_, why)) = DIFFERENT_ON_PURPOSE.iter().find(|(f, _)| *f == name) {
            eprintln!("{name}: not compared: {why}");
            continue;
        }
        let theirs = Sandbox::new();
        let mut cmd = Command::new(aws);
        common::scrub_aws_env(&mut cmd);
        cmd.current_dir(theirs.root())
            .env("HOME", &theirs.home)
            .env("AWS_CONFIG_FILE", &theirs.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &theirs.credentials)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_PAGER", "")
            .args([
                "configure",
                "import",
                "--csv",
                &format!("file://{}", path.display()),
            ]);
        let aws = run_cmd(&mut cmd);
        if aws.code != 0 {
            eprintln!("{name}: the AWS CLI refuses it: {}", aws.stderr.trim());
            continue;
        }
        let ours = Sandbox::new();
        let csv = put(&ours, &name);
        let run = ours.run(&["import", &csv]);
        assert_eq!(
            run.code, 0,
            "{name}: the AWS CLI imports it, we refuse: {}",
            run.stderr
        );
        assert_eq!(
            keys_in_files(&ours),
            keys_in_files(&theirs),
            "{name}: ours (left) and the AWS CLI's (right)"
        );
        eprintln!("{name}: the same profiles and keys as the AWS CLI");
        compared += 1;
    }
    assert!(compared > 0, "the AWS CLI accepted no fixture at all");
}
