//! Which files and which profile: settled from the environment exactly as botocore settles them
//! (`configloader.raw_config_parse`, `configprovider`), with botocore itself as the oracle. Each
//! witness of the bug reports is a test named after its kind.

use std::process::Command;

use super::*;

const K1: &str = "AKIAK1K1K1K1K1K1K1K1";
const K2: &str = "AKIAK2K2K2K2K2K2K2K2";

/// `keyshelf ARGS` in the sandbox with these variables set (`Some`) or removed (`None`).
fn run_env(sb: &Sandbox, env: &[(&str, Option<&str>)], args: &[&str]) -> Run {
    let mut cmd = sb.cmd();
    apply(&mut cmd, env);
    run_cmd(cmd.args(args))
}

fn apply(cmd: &mut Command, env: &[(&str, Option<&str>)]) {
    for (name, value) in env {
        match value {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
}

/// What botocore gives for `expr` (Python, with `s` a botocore Session) under `env`; `None`
/// without botocore (a skip, or a failure under CI).
fn botocore(sb: &Sandbox, env: &[(&str, Option<&str>)], expr: &str) -> Option<String> {
    let script = format!(
        "import botocore.session\ns = botocore.session.Session()\ntry:\n  print({expr})\nexcept Exception as e:\n  print('error:', type(e).__name__)\n"
    );
    let mut cmd = Command::new("python3");
    scrub_aws_env(&mut cmd);
    cmd.current_dir(sb.root())
        .env("HOME", &sb.home)
        .env("AWS_CONFIG_FILE", &sb.config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &sb.credentials)
        .env("AWS_EC2_METADATA_DISABLED", "true");
    apply(&mut cmd, env);
    let run = run_cmd(cmd.args(["-c", &script]));
    if run.stderr.contains("No module named") {
        common::skip::skipped("python3 with botocore is not installed");
        return None;
    }
    assert_eq!(run.code, 0, "python: {}", run.stderr);
    Some(run.stdout.trim().to_owned())
}

fn keys(header: &str, id: &str) -> String {
    format!("[{header}]\naws_access_key_id = {id}\naws_secret_access_key = secret{id}\n")
}

/// Witness: `AWS_SHARED_CREDENTIALS_FILE=` (empty). botocore reads no credentials file at all (it
/// does not fall back to `~/.aws/credentials`), so the config file's keys K2 are the ones used,
/// not K1 in `~/.aws/credentials`.
#[test]
fn empty_file_variable_names_no_file() {
    let sb = Sandbox::new();
    sb.write_config(keys("profile dev", K2));
    sb.write_credentials(keys("dev", K1));
    let empty = [("AWS_SHARED_CREDENTIALS_FILE", Some(""))];
    if let Some(used) = botocore(
        &sb,
        &empty,
        "botocore.session.Session(profile='dev').get_credentials().access_key",
    ) {
        assert_eq!(used, K2);
    }
    let which = run_env(&sb, &empty, &["which", "--profile", "dev"]);
    which.assert_ok();
    assert_eq!(which.stdout.trim(), "plaintext keys from the config file");
    assert!(
        which
            .stderr
            .contains("AWS_SHARED_CREDENTIALS_FILE is set but empty"),
        "{}",
        which.stderr
    );
    // A write meant for the credentials file is refused, and nothing anywhere changes.
    let tree = sb.tree();
    let set = run_env(
        &sb,
        &empty,
        &["set", "aws_access_key_id", K1, "--profile", "new"],
    );
    assert_eq!(set.code, 1, "{}", set.stderr);
    assert!(set.stderr.contains("will not write one"), "{}", set.stderr);
    assert_eq!(sb.tree(), tree);
    // A setting of the config file is written as usual.
    run_env(
        &sb,
        &empty,
        &["set", "region", "eu-west-1", "--profile", "dev"],
    )
    .assert_ok();
    assert_eq!(sb.read_credentials(), keys("dev", K1), "untouched");
}

/// Witness: `AWS_CONFIG_FILE=/dev/null`, common in scripts. botocore reads no config; keyshelf
/// lists what the credentials file holds, and never puts a lock, temporary file or backup beside
/// a path that is not a regular file. The same for a folder.
#[test]
fn path_that_is_not_a_regular_file_is_no_file_and_nothing_goes_beside_it() {
    let sb = Sandbox::new();
    sb.write_credentials(keys("dev", K1));
    let folder = sb.root().join("a-folder");
    fs::create_dir(&folder).unwrap();
    for target in ["/dev/null", folder.to_str().unwrap()] {
        let env = [("AWS_CONFIG_FILE", Some(target))];
        let lock_beside = std::path::Path::new(target)
            .parent()
            .unwrap()
            .join(keyshelf::files::LOCK_FILE);
        let lock_existed = lock_beside.exists();
        let list = run_env(&sb, &env, &["list"]);
        list.assert_ok();
        assert!(list.stdout.contains("dev"), "{}", list.stdout);
        assert!(
            list.stderr.contains("is not a regular file"),
            "{}",
            list.stderr
        );
        let set = run_env(
            &sb,
            &env,
            &["set", "region", "eu-west-1", "--profile", "dev"],
        );
        assert_eq!(set.code, 1, "{}", set.stderr);
        assert!(
            set.stderr.contains("will not write there"),
            "{}",
            set.stderr
        );
        assert_eq!(
            lock_beside.exists(),
            lock_existed,
            "no lock beside {target}"
        );
        assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);
    }
    assert_eq!(sb.read_credentials(), keys("dev", K1));
}

/// `$VAR`, `${VAR}` and `~` are expanded as `os.path.expandvars` then `expanduser` do; a
/// variable that is not set stays in the path, which then names no file: keyshelf never
/// creates a file or folder named after it.
#[test]
fn variables_and_tilde_in_file_paths_expand_as_in_botocore() {
    let sb = Sandbox::new();
    let env = [
        ("AWS_CONFIG_FILE", Some("$HOME/conf/${SUB}x")),
        ("AWS_SHARED_CREDENTIALS_FILE", Some("~/creds")),
        ("SUB", Some("aws-")),
    ];
    fs::create_dir(sb.home.join("conf")).unwrap();
    fs::write(sb.home.join("creds"), keys("dev", K1)).unwrap();
    run_env(
        &sb,
        &env,
        &["set", "region", "eu-west-1", "--profile", "dev"],
    )
    .assert_ok();
    let written = fs::read_to_string(sb.home.join("conf/aws-x")).unwrap();
    assert_eq!(written, "[profile dev]\nregion = eu-west-1\n");
    if let Some(region) = botocore(
        &sb,
        &env,
        "botocore.session.Session(profile='dev').get_config_variable('region') + ' ' + botocore.session.Session(profile='dev').get_credentials().access_key",
    ) {
        assert_eq!(region, format!("eu-west-1 {K1}"));
    }

    let unset = [("AWS_CONFIG_FILE", Some("$NOT_SET_ANYWHERE/config"))];
    let list = run_env(&sb, &unset, &["list"]);
    list.assert_ok();
    assert!(list.stderr.contains("$NOT_SET_ANYWHERE"), "{}", list.stderr);
    let tree = sb.tree();
    let set = run_env(
        &sb,
        &unset,
        &["set", "region", "eu-west-1", "--profile", "dev"],
    );
    assert_eq!(set.code, 1, "{}", set.stderr);
    assert!(
        set.stderr.contains("will not create a file named after it"),
        "{}",
        set.stderr
    );
    assert_eq!(sb.tree(), tree, "no folder named $NOT_SET_ANYWHERE");
}

/// Witness: `AWS_DEFAULT_PROFILE=prod`. botocore takes it before `AWS_PROFILE`, so `which`,
/// `get` and `set` describe and edit prod, not default.
#[test]
fn aws_default_profile_comes_before_aws_profile() {
    let sb = Sandbox::new();
    sb.write_config("[default]\nregion = us-east-1\n\n[profile prod]\nregion = eu-west-3\n\n[profile dev]\nregion = ap-south-1\n");
    sb.write_credentials(format!("{}{}", keys("default", K1), keys("prod", K2)));
    let env = [
        ("AWS_DEFAULT_PROFILE", Some("prod")),
        ("AWS_PROFILE", Some("dev")),
    ];
    let get = run_env(&sb, &env, &["get", "region"]);
    get.assert_ok();
    assert_eq!(get.stdout.trim(), "eu-west-3");
    if let Some(region) = botocore(&sb, &env, "s.get_config_variable('region')") {
        assert_eq!(region, "eu-west-3");
    }
    run_env(&sb, &env, &["set", "output", "text"]).assert_ok();
    assert!(
        sb.read_config()
            .contains("[profile prod]\nregion = eu-west-3\noutput = text\n"),
        "{}",
        sb.read_config()
    );
    // AWS_PROFILE alone still picks its profile.
    let get = run_env(&sb, &[("AWS_PROFILE", Some("dev"))], &["get", "region"]);
    assert_eq!(get.stdout.trim(), "ap-south-1");
}

/// Witness: `AWS_PROFILE=` (set, but empty). botocore takes it as the profile "", which no file
/// holds ("The config profile () could not be found", from the AWS CLI too); keyshelf read
/// `default` instead, so `get` answered with default's region and `which` contradicted it.
#[test]
fn an_empty_profile_variable_names_a_profile_no_file_holds() {
    let sb = Sandbox::new();
    sb.write_config("[default]\nregion = us-east-1\n");
    sb.write_credentials(keys("default", K1));
    for var in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"] {
        let env = [(var, Some(""))];
        if let Some(said) = botocore(&sb, &env, "s.get_credentials()") {
            assert_eq!(said, "error: ProfileNotFound", "{var}");
        }
        for args in [&["get", "region"][..], &["which"][..]] {
            let run = run_env(&sb, &env, args);
            assert_eq!(run.code, 1, "{var} {args:?}: {}", run.stderr);
            assert!(run.stderr.contains("no profile named “”"), "{}", run.stderr);
            assert!(run.stdout.is_empty(), "{}", run.stdout);
        }
    }
}

/// Witness: keys in `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, with the profile from
/// `AWS_PROFILE` or the default. botocore's `EnvProvider` comes first in its chain and is left
/// out only for an explicit `--profile`; `keyshelf which` named the profile's keys instead.
#[test]
fn keys_in_the_environment_come_before_a_profile_not_given_with_profile() {
    let sb = Sandbox::new();
    sb.write_config("[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n");
    sb.write_credentials(format!("{}{}", keys("default", K1), keys("dev", K2)));
    let env_keys = [
        ("AWS_ACCESS_KEY_ID", Some("AKIAENVIRONMENTKEY01")),
        ("AWS_SECRET_ACCESS_KEY", Some("envsecret")),
    ];
    let with = |extra: &[(&'static str, Option<&'static str>)]| {
        let mut env = env_keys.to_vec();
        env.extend_from_slice(extra);
        env
    };
    for env in [with(&[]), with(&[("AWS_PROFILE", Some("dev"))])] {
        if let Some(method) = botocore(&sb, &env, "s.get_credentials().method") {
            assert_eq!(method, "env");
        }
        let which = run_env(&sb, &env, &["which"]);
        which.assert_ok();
        assert!(
            which.stdout.starts_with("keys from the environment"),
            "{}",
            which.stdout
        );
    }
    // An explicit --profile leaves them aside.
    if let Some(key) = botocore(
        &sb,
        &env_keys,
        "botocore.session.Session(profile='dev').get_credentials().access_key",
    ) {
        assert_eq!(key, K2);
    }
    let which = run_env(&sb, &env_keys, &["which", "--profile", "dev"]);
    assert_eq!(
        which.stdout.trim(),
        "plaintext keys from the credentials file"
    );
    // A profile named by a variable must exist even so.
    let missing = with(&[("AWS_PROFILE", Some("nope"))]);
    if let Some(said) = botocore(&sb, &missing, "s.get_credentials()") {
        assert_eq!(said, "error: ProfileNotFound");
    }
    let which = run_env(&sb, &missing, &["which"]);
    assert_eq!(which.code, 1, "{}", which.stderr);
    // A key ID without its secret: botocore fails.
    let partial = [("AWS_ACCESS_KEY_ID", Some("AKIAENVIRONMENTKEY01"))];
    if let Some(said) = botocore(&sb, &partial, "s.get_credentials()") {
        assert_eq!(said, "error: PartialCredentialsError");
    }
    let which = run_env(&sb, &partial, &["which"]);
    assert_eq!(which.code, 1, "{}", which.stderr);
    assert!(which.stderr.contains("without AWS_SECRET_ACCESS_KEY"));
}

/// Witness: `s3 =` blocks in both files. botocore's `full_config` takes the credentials file's
/// whole block, so a setting goes there, where it takes effect.
#[test]
fn nested_block_in_both_files_is_set_where_botocore_reads_it() {
    let sb = Sandbox::new();
    sb.write_config(
        "[profile dev]\ns3 =\n  addressing_style = path\n  max_concurrent_requests = 20\n",
    );
    sb.write_credentials("[dev]\ns3 =\n  addressing_style = path\n");
    run_env(
        &sb,
        &[],
        &["set", "s3.addressing_style", "virtual", "--profile", "dev"],
    )
    .assert_ok();
    assert_eq!(
        sb.read_credentials(),
        "[dev]\ns3 =\n  addressing_style = virtual\n"
    );
    if let Some(style) = botocore(
        &sb,
        &[],
        "botocore.session.Session(profile='dev').get_scoped_config()['s3']",
    ) {
        assert_eq!(style, "{'addressing_style': 'virtual'}");
    }
}

/// configparser's `[DEFAULT]` gives its keys to every section of its file, and option names are
/// lowercased with Python's full-Unicode `str.lower` (KELVIN SIGN U+212A is `k`). Both change
/// which keys the AWS tools use.
#[test]
fn configparser_defaults_and_unicode_key_names_are_read_as_botocore_reads_them() {
    let sb = Sandbox::new();
    sb.write_config("[DEFAULT]\nregion = sa-east-1\n\n[profile dev]\noutput = json\n");
    sb.write_credentials(format!(
        "[DEFAULT]\naws_access_key_id = {K1}\naws_secret_access_key = s1\n\n[dev]\nregion = eu-west-1\n\n[kelvin]\naws_access_\u{212A}ey_id = {K2}\naws_secret_access_key = s2\n"
    ));
    let which = run_env(&sb, &[], &["which", "--profile", "dev"]);
    assert_eq!(
        which.stdout.trim(),
        "plaintext keys from the credentials file"
    );
    let kelvin = run_env(&sb, &[], &["which", "--profile", "kelvin"]);
    assert_eq!(
        kelvin.stdout.trim(),
        "plaintext keys from the credentials file"
    );
    let list = run_env(&sb, &[], &["list"]);
    assert!(
        !list.stdout.contains("DEFAULT"),
        "not a profile: {}",
        list.stdout
    );
    if let Some(used) = botocore(
        &sb,
        &[],
        "[botocore.session.Session(profile=p).get_credentials().access_key for p in ('dev', 'kelvin')]",
    ) {
        assert_eq!(used, format!("['{K1}', '{K2}']"));
    }
}
