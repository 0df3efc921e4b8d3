//! botocore reads what keyshelf wrote.

use super::*;
use std::process::Command;

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

/// Witness: `[default]` with no key yet, then an indented `  [profile dev]` (configparser reads
/// an indented header as a header). A key added to `[default]` at the left margin made the
/// header, and every line of dev's under it, the new value's continuation lines: profile dev
/// was gone for botocore, and in the credentials file a secret ended up inside another value.
#[test]
fn a_key_added_to_a_section_with_no_keys_leaves_an_indented_header_after_it_a_header() {
    let sb = Sandbox::new();
    if !botocore_available(&sb) {
        return;
    }
    sb.write_config("[default]\n  [profile dev]\n  region = eu-west-1\n");
    sb.write_credentials(
        "[default]\n\t[work]\n\taws_access_key_id = AKIAWORKEXAMPLE00001\n\taws_secret_access_key = workSecret\n",
    );
    sb.run(&["set", "output", "json"]).assert_ok();
    sb.set_secret("aws_access_key_id", "AKIADEFAULTEXAMPLE01", "default")
        .assert_ok();
    // The new key takes the header's indentation: the header after it stays a header.
    assert_eq!(
        sb.read_config(),
        "[default]\n  output = json\n  [profile dev]\n  region = eu-west-1\n"
    );
    assert!(
        sb.read_credentials()
            .starts_with("[default]\n\taws_access_key_id = AKIADEFAULTEXAMPLE01\n\t[work]\n"),
        "{}",
        sb.read_credentials()
    );
    let run = sb.python(
        "import botocore.session\n\
         c = botocore.session.Session().full_config\n\
         print(c['profiles']['default']['output'], c['profiles']['dev']['region'])\n\
         k = botocore.session.Session(profile='work').get_credentials()\n\
         print(k.access_key, k.secret_key)\n\
         print(botocore.session.Session().get_scoped_config()['aws_access_key_id'])",
    );
    assert_eq!(run.code, 0, "botocore failed: {}", run.stderr);
    assert_eq!(
        run.stdout,
        "json eu-west-1\nAKIAWORKEXAMPLE00001 workSecret\nAKIADEFAULTEXAMPLE01\n"
    );
}

/// Witness: `[DEFAULT]` in the config file (region, output) and in the credentials file (a key
/// pair). configparser gives its keys to every other section of its file that lacks them, so
/// botocore's profiles have them; `keyshelf list` showed none of them, while `get` did.
#[test]
fn a_defaults_section_gives_its_keys_to_every_profile_of_its_file_in_list_as_in_botocore() {
    let sb = Sandbox::new();
    if !botocore_available(&sb) {
        return;
    }
    sb.write_config(
        "[DEFAULT]\nregion = eu-north-1\noutput = yaml\n[default]\noutput = json\n[profile a]\n",
    );
    sb.write_credentials(
        "[DEFAULT]\naws_access_key_id = AKIADEFAULTSEXAMPLE1\naws_secret_access_key = s\n[p]\nregion = eu-west-3\n",
    );
    let list = sb.run(&["list", "--json"]);
    list.assert_ok();
    let listed: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    let ours: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {} {}",
                p["name"].as_str().unwrap(),
                p["region"].as_str().unwrap_or("None"),
                p["output"].as_str().unwrap_or("None"),
                p["secret"].as_str().unwrap()
            )
        })
        .collect();
    let run = sb.python(
        "import botocore.session\n\
         s = botocore.session.Session()\n\
         for n, p in s.full_config['profiles'].items():\n\
         \x20   c = botocore.session.Session(profile=n).get_credentials()\n\
         \x20   where = {None: 'none', 'shared-credentials-file': 'file'}[c.method if c else None]\n\
         \x20   print(n, p.get('region'), p.get('output'), where)",
    );
    assert_eq!(run.code, 0, "botocore failed: {}", run.stderr);
    let theirs: Vec<String> = run.stdout.lines().map(str::to_owned).collect();
    assert_eq!(ours, theirs);
    assert_eq!(
        theirs,
        [
            "default eu-north-1 json none",
            "a eu-north-1 yaml none",
            "p eu-west-3 None file"
        ]
    );
}

/// Witness (found by the edit property test once it indented headers): `[profile b]` with no
/// key, then an indented ` [profile c]`. Deleting b left c's header right under default's key,
/// indented deeper, so configparser read it (and c's keys) as that key's continuation lines.
/// The header now takes the key's indentation, and c stays a profile.
#[test]
fn deleting_a_section_leaves_the_indented_header_after_it_a_header() {
    let sb = Sandbox::new();
    if !botocore_available(&sb) {
        return;
    }
    sb.write_config(
        "[default]\nregion = eu-west-1\n[profile b]\n [profile c]\n region = eu-west-3\n",
    );
    sb.run(&["delete", "b"]).assert_ok();
    assert_eq!(
        sb.read_config(),
        "[default]\nregion = eu-west-1\n[profile c]\n region = eu-west-3\n"
    );
    let run = sb.python(
        "import botocore.session\n\
         p = botocore.session.Session().full_config['profiles']\n\
         print(sorted(p), p['default']['region'], p['c']['region'])",
    );
    assert_eq!(run.code, 0, "botocore failed: {}", run.stderr);
    assert_eq!(run.stdout, "['c', 'default'] eu-west-1 eu-west-3\n");
}

/// The witness: a config file that is a loop of symbolic links made every command exit with
/// "Too many levels of symbolic links", where botocore (`os.path.isfile` is false) reads no
/// config file and goes on with the credentials file. Any path that cannot be looked at (a
/// loop, a file where a folder should be) is now read as botocore reads it, with a note, and
/// never written.
#[test]
fn an_unreachable_file_is_read_as_no_file_and_never_written() {
    let sb = Sandbox::new();
    if !botocore_available(&sb) {
        return;
    }
    fs::create_dir_all(&sb.aws).unwrap();
    sb.write_credentials("[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n");
    let looped = sb.aws.join("config-loop");
    std::os::unix::fs::symlink(&looped, &sb.config).unwrap();
    std::os::unix::fs::symlink(&sb.config, &looped).unwrap();
    let not_a_folder = sb.credentials.join("config");
    for (path, why) in [
        (
            &sb.config,
            "a symbolic link on the way leads back to itself",
        ),
        (&not_a_folder, "Not a directory"),
    ] {
        let env = |cmd: &mut Command| {
            cmd.env("AWS_CONFIG_FILE", path);
        };
        let mut list = sb.cmd();
        env(&mut list);
        let list = run_cmd(list.args(["list", "--json"]));
        list.assert_ok();
        assert!(
            list.stderr.contains(&format!("cannot be reached ({why})"))
                && list
                    .stderr
                    .contains("the AWS tools read no config file there"),
            "{}",
            list.stderr
        );
        let listed: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
        let names: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let mut python = common::like(&sb.cmd(), "python3");
        env(&mut python);
        let botocore = run_cmd(python.args([
            "-c",
            "import json, botocore.session\nprint(json.dumps(botocore.session.Session().available_profiles))",
        ]));
        botocore.assert_ok();
        let expected: Vec<String> = serde_json::from_str(&botocore.stdout).unwrap();
        assert_eq!(names, expected);

        let before = sb.tree();
        let mut set = sb.cmd();
        env(&mut set);
        let set = run_cmd(set.args(["set", "region", "eu-west-1", "--profile", "dev"]));
        assert_error(&set, 1, &["cannot be reached", "will not write there"]);
        assert_eq!(sb.tree(), before, "nothing written");
    }
}
