//! A [`Document`] prints back byte for byte, reads values as botocore does, and shows no value in
//! its problems or `Debug`.

use super::document::*;
use super::line::Eol;

const SAMPLE: &str = "# top\r\n[default]\r\nregion=us-east-1\r\n\r\n[profile dev]\r\ns3 =\r\n  max_concurrent_requests = 20\r\n  addressing_style = path\r\nouTPut = json";

#[test]
fn prints_back_byte_for_byte() {
    for text in [
        SAMPLE,
        "",
        "\n",
        "\u{feff}[a]\nk=v\n",
        "x",
        "[a]\n\tk\t=\tv  \n\n\n",
    ] {
        assert_eq!(Document::parse(text).to_string(), text);
    }
}

#[test]
fn reads_values_as_botocore() {
    let doc = Document::parse(SAMPLE);
    assert_eq!(
        doc.get("default", "REGION"),
        Some(Value::Plain("us-east-1".into()))
    );
    assert_eq!(
        doc.get("profile dev", "output"),
        Some(Value::Plain("json".into()))
    );
    let nested = Value::Nested(vec![
        ("max_concurrent_requests".into(), "20".into()),
        ("addressing_style".into(), "path".into()),
    ]);
    assert_eq!(doc.get("profile dev", "s3"), Some(nested));
    assert_eq!(doc.eol(), Eol::CrLf);
}

#[test]
fn multi_line_values_join_like_configparser() {
    let doc = Document::parse("[a]\nk = one\n  two\n\n  three\n\nnext = 1\n");
    assert_eq!(
        doc.get("a", "k"),
        Some(Value::Plain("one\ntwo\n\nthree".into()))
    );
}

#[test]
fn reports_problems_without_values() {
    let doc = Document::parse("\u{feff}[a]\nk = secret1\nK = secret2\nbroken secret3\n[a]\n");
    let text: Vec<String> = doc.problems().iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 4);
    assert!(text.iter().all(|t| !t.contains("secret")), "{text:?}");
}

#[test]
fn invalid_utf8_names_its_line() {
    assert_eq!(
        Document::from_bytes(b"[a]\nk = \xff\n"),
        Err(NotUtf8 { line: 2 })
    );
}

#[test]
fn debug_hides_text() {
    let doc = Document::parse("[a]\naws_secret_access_key = hunter2\n");
    assert!(!format!("{doc:?}").contains("hunter2"));
}
