//! botocore reads what keyshelf wrote.

use super::*;

// ---------------------------------------------------------------------------------------------
// botocore reads what keyshelf wrote
// ---------------------------------------------------------------------------------------------

fn botocore_available(sb: &Sandbox) -> bool {
    let run = sb.python("import botocore");
    if run.code != 0 {
        common::skip::skipped(&format!(
            "botocore check: “python3 -c 'import botocore'” failed: {}",
            run.stderr.trim().lines().last().unwrap_or("")
        ));
    }
    run.code == 0
}

#[test]
fn botocore_reads_what_set_wrote() {
    let sb = Sandbox::rich();
    if !botocore_available(&sb) {
        return;
    }
    sb.run(&["set", "region", "eu-west-1", "--profile", "dev"])
        .assert_ok();
    sb.run(&["set", "s3.addressing_style", "virtual", "--profile", "dev"])
        .assert_ok();
    sb.run(&["set", "region", "eu-north-1", "--profile", "my dev"])
        .assert_ok();
    sb.run(&["set", "region", "ap-south-1", "--profile", "prod"])
        .assert_ok();
    let run = sb.python(
        "import json, botocore.session\n\
         s = botocore.session.Session(profile='dev')\n\
         print(json.dumps({\n\
           'dev': s.get_config_variable('region'),\n\
           's3': s.get_scoped_config()['s3']['addressing_style'],\n\
           'my dev': botocore.session.Session(profile='my dev').get_config_variable('region'),\n\
           'prod': botocore.session.Session(profile='prod').get_config_variable('region'),\n\
           'prod_output': botocore.session.Session(profile='prod').get_scoped_config()['output'],\n\
         }))",
    );
    assert_eq!(run.code, 0, "botocore failed: {}", run.stderr);
    let got: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(
        got,
        serde_json::json!({
            "dev": "eu-west-1",
            "s3": "virtual",
            "my dev": "eu-north-1",
            "prod": "ap-south-1",
            "prod_output": "text",
        })
    );
}

#[test]
fn botocore_reads_files_keyshelf_created_from_nothing() {
    let sb = Sandbox::new();
    if !botocore_available(&sb) {
        return;
    }
    sb.run(&["set", "region", "eu-west-1", "--profile", "dev"])
        .assert_ok();
    sb.set_secret("aws_access_key_id", "AKIANEWEXAMPLE000001", "dev")
        .assert_ok();
    let run = sb.python(
        "import botocore.session\n\
         s = botocore.session.Session(profile='dev')\n\
         print(s.get_config_variable('region'))\n\
         print(s.get_scoped_config()['aws_access_key_id'] == 'AKIANEWEXAMPLE000001')",
    );
    assert_eq!(run.code, 0, "botocore failed: {}", run.stderr);
    assert_eq!(run.stdout, "eu-west-1\nTrue\n");
}
