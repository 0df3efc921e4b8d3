//! A profile made from an SSO sign-in caches its role credentials in the keychain under its
//! name. Renaming it, or pointing its line at another role, must never serve one role's cached
//! credentials for another: the real binary, a private gnome-keyring, the fake Identity Center
//! and boto3 reading through the profile's `credential_process`.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::sso_support::setup;

/// The keychain items cached for `profile`'s role credentials (`PROFILE @ PATH #session`).
fn role_cache_items(items: &[String], profile: &str) -> usize {
    let start = format!("attribute.username = {profile} @ ");
    items
        .iter()
        .filter(|i| i.starts_with(&start) && i.ends_with("#session"))
        .count()
}

#[test]
fn a_renamed_sso_profile_follows_its_line_and_leaves_no_cached_role_credentials_behind() {
    let Some(s) = setup() else { return };
    s.login().assert_ok();
    s.run(&["sso", "import", "corp", "--all"]).assert_ok();
    let first = s.boto3("development-readonly");
    first.assert_ok();
    assert_eq!(s.fake.count("GetRoleCredentials"), 1);
    assert_eq!(
        role_cache_items(&s.kr.items(), "development-readonly"),
        1,
        "{:?}",
        s.kr.items()
    );

    let rename = s.run(&["rename", "development-readonly", "dev-ro"]);
    rename.assert_ok();
    assert!(
        rename
            .stderr
            .contains("removed the role credentials cached under the old name"),
        "{}",
        rename.stderr
    );
    // The line now serves the new name; program, session, account and role are kept.
    let config = s.sb.read_config();
    let line = format!(
        "credential_process = {} credential-process --profile dev-ro --sso-session corp --sso-account-id 111122223333 --sso-role-name ReadOnly\n",
        program_word(&config)
    );
    assert!(
        config.contains(&format!("[profile dev-ro]\nregion = eu-central-1\n{line}")),
        "{config}"
    );
    assert!(!config.contains("development-readonly"), "{config}");
    assert_eq!(role_cache_items(&s.kr.items(), "development-readonly"), 0);

    // Served under its new name, from a new call (the old cache is gone), then from the cache.
    let renamed = s.boto3("dev-ro");
    renamed.assert_ok();
    assert!(renamed.stdout.starts_with("ASIA"), "{}", renamed.stdout);
    assert_eq!(s.fake.count("GetRoleCredentials"), 2);
    assert_eq!(s.boto3("dev-ro").stdout, renamed.stdout);
    assert_eq!(s.fake.count("GetRoleCredentials"), 2);
}

#[test]
fn cached_role_credentials_are_never_served_for_another_role() {
    let Some(s) = setup() else { return };
    s.login().assert_ok();
    s.import_role("ReadOnly").assert_ok();
    let read_only = s.boto3("development-readonly");
    read_only.assert_ok();
    assert_eq!(s.fake.count("GetRoleCredentials"), 1);

    // The line is edited by hand to take the Admin role, under the same profile name (so the
    // same keychain item): the ReadOnly credentials still cached there must not be served.
    let config = s.sb.read_config();
    let edited = config.replace("--sso-role-name ReadOnly", "--sso-role-name Admin");
    assert_ne!(config, edited);
    s.sb.write_config(&edited);
    let admin = s.boto3("development-readonly");
    admin.assert_ok();
    assert_eq!(
        s.fake.count("GetRoleCredentials"),
        2,
        "asked for the Admin role"
    );
    assert_ne!(admin.stdout, read_only.stdout);
}

/// The program word of the first keyshelf line in `config`, as written (quoted or not).
fn program_word(config: &str) -> String {
    let line = config
        .lines()
        .find_map(|l| l.strip_prefix("credential_process = "))
        .unwrap();
    let end = line.find(" credential-process").unwrap();
    line[..end].to_owned()
}
