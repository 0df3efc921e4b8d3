//! Resolution as botocore does it, on small files: the order of the providers, refused
//! profiles, roles and loops, shadowed headers.

use super::*;
use crate::ini::Document;

fn files(config: &str, credentials: &str) -> SharedFiles {
    SharedFiles::new(Document::parse(config), Document::parse(credentials))
}

fn keys_of(source: &Source) -> Option<(&str, FileKind)> {
    match source.leaf() {
        Source::Keys { file, keys } => Some((keys.access_key_id.as_str(), *file)),
        _ => None,
    }
}

#[test]
fn credentials_file_then_process_then_config_file() {
    let f = files(
        "[profile a]\ncredential_process = x\naws_access_key_id = C\naws_secret_access_key = s\n[profile b]\naws_access_key_id = C\naws_secret_access_key = s\n",
        "[a]\naws_access_key_id = K\naws_secret_access_key = s\n",
    );
    assert_eq!(
        keys_of(&f.resolve("a").unwrap()),
        Some(("K", FileKind::Credentials))
    );
    assert_eq!(
        keys_of(&f.resolve("b").unwrap()),
        Some(("C", FileKind::Config))
    );
    let g = files(
        "[profile a]\ncredential_process = x\naws_access_key_id = C\naws_secret_access_key = s\n",
        "",
    );
    assert_eq!(
        g.resolve("a"),
        Ok(Source::Process {
            command: "x".into()
        })
    );
}

#[test]
fn legacy_security_token_is_read_first() {
    let f = files(
        "",
        "[t]\naws_access_key_id = ASIA\naws_secret_access_key = s\naws_session_token = new\naws_security_token = old\n",
    );
    let Ok(Source::Keys { keys, .. }) = f.resolve("t") else {
        panic!("keys expected");
    };
    assert_eq!(
        keys.session_token.map(|t| t.expose().to_owned()).as_deref(),
        Some("old")
    );
}

#[test]
fn a_key_id_without_secret_is_an_error() {
    let f = files("", "[p]\naws_access_key_id = K\n");
    assert!(matches!(
        f.resolve("p"),
        Err(ResolveError::PartialKeys { .. })
    ));
}

#[test]
fn roles_follow_source_profile_and_refuse_loops() {
    let f = files(
        "[profile r]\nrole_arn = arn:r\nsource_profile = base\n[profile rr]\nrole_arn = arn:rr\nsource_profile = r\n[profile self]\nrole_arn = arn:s\nsource_profile = self\naws_access_key_id = S\naws_secret_access_key = s\n[profile x]\nrole_arn = arn:x\nsource_profile = y\n[profile y]\nrole_arn = arn:y\nsource_profile = x\n[profile gone]\nrole_arn = arn:g\nsource_profile = nobody\n",
        "[base]\naws_access_key_id = B\naws_secret_access_key = s\n",
    );
    assert_eq!(
        keys_of(&f.resolve("rr").unwrap()),
        Some(("B", FileKind::Credentials))
    );
    assert_eq!(
        keys_of(&f.resolve("self").unwrap()),
        Some(("S", FileKind::Config))
    );
    assert!(matches!(f.resolve("x"), Err(ResolveError::Loop { .. })));
    assert!(matches!(
        f.resolve("gone"),
        Err(ResolveError::SourceMissing { .. })
    ));
}

#[test]
fn shadowed_headers_are_not_read() {
    // The witness: botocore reads `[default]`, the later header.
    let f = files(
        "[profile default]\ncredential_process = /bin/x\n[default]\noutput = text\n",
        "",
    );
    assert_eq!(f.resolve("default"), Ok(Source::Nothing));
}
