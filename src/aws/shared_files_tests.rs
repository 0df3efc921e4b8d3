//! The AWS layer over in-memory documents: where keys go, and the profile operations, checked
//! against whole file texts.

use super::error::{AwsError as Error, FileKind};
use super::*;
use crate::ini::{Document, Value};

const CONFIG: &str = "\
# company config
[default]
region = us-east-1

[profile dev]
region = eu-west-1
S3 =
  addressing_style = path

[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = dev

[profile 'my dev']
output = table

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start#/
sso_region = eu-west-1

[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = ReadOnly
";

const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[dev]
aws_access_key_id = AKIAI44QH8DHBEXAMPLE
aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY
region = eu-central-1
";

fn files() -> SharedFiles {
    SharedFiles::new(Document::parse(CONFIG), Document::parse(CREDENTIALS))
}

#[test]
fn lists_profiles_merged() {
    let f = files();
    assert_eq!(
        f.profile_names(),
        ["default", "dev", "admin", "my dev", "sso"]
    );
    let profiles = f.profiles();
    let dev = &profiles[1];
    assert_eq!(dev.kind, Kind::StaticKeys);
    assert_eq!(dev.secret, SecretLocation::File);
    // The credentials file wins.
    assert_eq!(dev.region.as_deref(), Some("eu-central-1"));
    assert!(matches!(
        dev.setting("s3").map(|s| &s.value),
        Some(Value::Nested(_))
    ));
    assert_eq!(profiles[2].kind, Kind::AssumedRole);
    assert_eq!(profiles[3].output.as_deref(), Some("table"));
    assert_eq!(profiles[4].kind, Kind::Sso);
    assert_eq!(f.sso_sessions(), ["corp"]);
    assert_eq!(f.profile("dev").as_ref(), Some(dev));
    assert!(
        !format!("{profiles:?}").contains("EXAMPLEKEY"),
        "the model holds no secrets"
    );
}

#[test]
fn set_puts_keys_where_aws_configure_does() {
    let mut f = files();
    assert_eq!(f.set("admin", "output", "json").unwrap(), FileKind::Config);
    assert_eq!(
        f.set("admin", "aws_session_token", "tok").unwrap(),
        FileKind::Credentials
    );
    // An existing key changes where it is, so the value in use is the one that changes.
    assert_eq!(
        f.set("dev", "region", "us-west-2").unwrap(),
        FileKind::Credentials
    );
    assert_eq!(
        f.config.to_string(),
        CONFIG.replace(
            "source_profile = dev\n",
            "source_profile = dev\noutput = json\n"
        )
    );
    let creds =
        CREDENTIALS.replace("eu-central-1", "us-west-2") + "\n[admin]\naws_session_token = tok\n";
    assert_eq!(f.credentials.to_string(), creds);
}

#[test]
fn set_creates_a_new_profile_with_a_quoted_header() {
    let mut f = files();
    f.set("new one", "region", "eu-north-1").unwrap();
    assert!(
        f.config
            .to_string()
            .ends_with("\n[profile \"new one\"]\nregion = eu-north-1\n")
    );
    assert_eq!(
        f.profile("new one").unwrap().region.as_deref(),
        Some("eu-north-1")
    );
}

#[test]
fn unset_removes_from_both_files() {
    let mut f = files();
    f.set("dev", "output", "json").unwrap();
    assert!(f.unset("dev", "region").unwrap());
    assert_eq!(f.get("dev", "region"), None);
    assert!(matches!(
        f.unset("nobody", "region"),
        Err(Error::ProfileNotFound { .. })
    ));
}

#[test]
fn rename_updates_both_files_and_references() {
    let mut f = files();
    assert_eq!(f.rename("dev", "development").unwrap(), 1);
    assert_eq!(
        f.config.to_string(),
        CONFIG
            .replace("[profile dev]", "[profile development]")
            .replace("source_profile = dev", "source_profile = development")
    );
    assert_eq!(
        f.credentials.to_string(),
        CREDENTIALS.replace("[dev]", "[development]")
    );
    assert!(matches!(
        f.rename("development", "default"),
        Err(Error::ProfileExists { .. })
    ));
    assert!(matches!(
        f.rename("default", "a\nb"),
        Err(Error::InvalidProfileName { .. })
    ));
}

#[test]
fn duplicate_copies_both_sections() {
    let mut f = files();
    f.duplicate("dev", "dev copy").unwrap();
    assert!(f.config.to_string().ends_with(
        "[profile \"dev copy\"]\nregion = eu-west-1\nS3 =\n  addressing_style = path\n"
    ));
    assert!(f.credentials.to_string().ends_with("\n\n[dev copy]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\nregion = eu-central-1\n"));
}

#[test]
fn delete_removes_both_and_names_dangling_references() {
    let mut f = files();
    assert_eq!(f.delete("dev").unwrap(), ["admin"]);
    assert!(!f.exists("dev"));
    assert!(!f.credentials.to_string().contains("[dev]"));
    assert!(
        f.config.to_string().contains("[sso-session corp]"),
        "other sections stay"
    );
}

#[test]
fn the_last_of_default_and_profile_default_wins_as_in_botocore() {
    // botocore's build_profile_map keeps the last section naming a profile; the Rust
    // SDK would let `[profile default]` win whatever the order.
    for (text, region) in [
        (
            "[default]\nregion = a\n[profile default]\nregion = b\n",
            "b",
        ),
        (
            "[profile default]\nregion = b\n[default]\nregion = a\n",
            "a",
        ),
    ] {
        let f = SharedFiles::new(Document::parse(text), Document::new());
        assert_eq!(f.profiles().len(), 1);
        assert_eq!(
            f.profile("default").unwrap().region.as_deref(),
            Some(region)
        );
    }
}
