//! Every edit changes exactly the lines it means to: these tests compare whole texts.

use super::*;

const RICH: &str = "\
# My AWS config. Do not lose this comment.
[default]
region = us-east-1 # inline, part of the value for botocore
output=json

; dev account
[profile dev]
\tregion\t=\teu-west-1
s3 =
  max_concurrent_requests = 20
  addressing_style = path

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start#/
";

fn edited(text: &str, edit: impl FnOnce(&mut Document)) -> String {
    let mut doc = Document::parse(text);
    edit(&mut doc);
    doc.assert_consistent();
    doc.to_string()
}

#[test]
fn set_existing_replaces_only_the_value() {
    let out = edited(RICH, |d| {
        d.set("profile dev", "REGION", "us-west-2").unwrap()
    });
    assert_eq!(
        out,
        RICH.replace("\tregion\t=\teu-west-1", "\tregion\t=\tus-west-2")
    );
}

#[test]
fn set_keeps_spacing_style() {
    assert_eq!(
        edited("[a]\nk=v\n", |d| d.set("a", "k", "w").unwrap()),
        "[a]\nk=w\n"
    );
    assert_eq!(
        edited("[a]\nk =\n", |d| d.set("a", "k", "w").unwrap()),
        "[a]\nk = w\n"
    );
    assert_eq!(
        edited("[a]\nk=\n", |d| d.set("a", "k", "w").unwrap()),
        "[a]\nk=w\n"
    );
    assert_eq!(
        edited("[a]\nk = v   \n", |d| d.set("a", "k", "w").unwrap()),
        "[a]\nk = w   \n"
    );
}

#[test]
fn new_key_goes_after_the_last_key_in_file_style() {
    let out = edited(RICH, |d| d.set("profile dev", "output", "text").unwrap());
    let expected = RICH.replace(
        "  addressing_style = path\n",
        "  addressing_style = path\noutput = text\n",
    );
    assert_eq!(out, expected);
    let crlf = "[a]\r\n  k = 1\r\n\r\n[b]\r\n";
    assert_eq!(
        edited(crlf, |d| d.set("a", "n", "2").unwrap()),
        "[a]\r\n  k = 1\r\n  n = 2\r\n\r\n[b]\r\n"
    );
    assert_eq!(
        edited("[a]", |d| d.set("a", "k", "v").unwrap()),
        "[a]\nk = v"
    );
    assert_eq!(
        edited("[a]\nx = 1", |d| d.set("a", "k", "v").unwrap()),
        "[a]\nx = 1\nk = v"
    );
}

#[test]
fn set_over_a_nested_block_drops_its_lines() {
    let out = edited(RICH, |d| d.set("profile dev", "s3", "flat").unwrap());
    assert_eq!(
        out,
        RICH.replace(
            "s3 =\n  max_concurrent_requests = 20\n  addressing_style = path\n",
            "s3 = flat\n"
        )
    );
}

#[test]
fn remove_takes_nested_lines_too() {
    let out = edited(RICH, |d| assert!(d.remove("profile dev", "s3").unwrap()));
    assert_eq!(
        out,
        RICH.replace(
            "s3 =\n  max_concurrent_requests = 20\n  addressing_style = path\n",
            ""
        )
    );
    let out = edited("[a]\nk = 1\nK = 2\nx = 3", |d| {
        assert!(d.remove("a", "k").unwrap())
    });
    assert_eq!(out, "[a]\nx = 3");
    let out = edited("[a]\nx = 3\nk = 1", |d| {
        assert!(d.remove("a", "k").unwrap())
    });
    assert_eq!(out, "[a]\nx = 3");
}

#[test]
fn nested_edits() {
    let out = edited(RICH, |d| {
        d.set_nested("profile dev", "s3", "addressing_style", "virtual")
            .unwrap()
    });
    assert_eq!(
        out,
        RICH.replace("addressing_style = path", "addressing_style = virtual")
    );
    let out = edited(RICH, |d| {
        d.set_nested("profile dev", "s3", "use_accelerate_endpoint", "true")
            .unwrap()
    });
    assert_eq!(
        out,
        RICH.replace("path\n", "path\n  use_accelerate_endpoint = true\n")
    );
    let out = edited(RICH, |d| d.set_nested("default", "s3", "a", "b").unwrap());
    assert_eq!(
        out,
        RICH.replace("output=json\n", "output=json\ns3 =\n  a = b\n")
    );
    let out = edited(RICH, |d| {
        assert!(
            d.remove_nested("profile dev", "s3", "addressing_style")
                .unwrap()
        )
    });
    assert_eq!(out, RICH.replace("  addressing_style = path\n", ""));
    let out = edited(RICH, |d| {
        d.remove_nested("profile dev", "s3", "addressing_style")
            .unwrap();
        d.remove_nested("profile dev", "s3", "max_concurrent_requests")
            .unwrap();
    });
    assert_eq!(
        out,
        RICH.replace(
            "s3 =\n  max_concurrent_requests = 20\n  addressing_style = path\n",
            ""
        )
    );
    let mut doc = Document::parse(RICH);
    assert!(matches!(
        doc.set_nested("default", "region", "a", "b"),
        Err(IniError::NotNested { .. })
    ));
}

#[test]
fn add_section_at_the_end_after_one_blank_line() {
    assert_eq!(
        edited(RICH, |d| d.add_section("x").unwrap()),
        format!("{RICH}\n[x]\n")
    );
    assert_eq!(
        edited("[a]\nk=v", |d| d.add_section("b").unwrap()),
        "[a]\nk=v\n\n[b]"
    );
    assert_eq!(
        edited("[a]\r\n\r\n", |d| d.add_section("b").unwrap()),
        "[a]\r\n\r\n[b]\r\n"
    );
    assert_eq!(edited("", |d| d.add_section("b").unwrap()), "[b]\n");
    let mut doc = Document::parse(RICH);
    assert!(matches!(
        doc.add_section("default"),
        Err(IniError::SectionExists { .. })
    ));
}

#[test]
fn rename_changes_only_the_name() {
    let out = edited("[a] ; note\nk = v\n", |d| {
        d.rename_section("a", "b c").unwrap()
    });
    assert_eq!(out, "[b c] ; note\nk = v\n");
}

#[test]
fn remove_section_keeps_the_comments_above_it() {
    // A comment above a header may be about the file or a group of sections ("# START of
    // Generated Lines"): it is not the section's to take.
    let out = edited(RICH, |d| assert!(d.remove_section("profile dev").unwrap()));
    let expected = "\
# My AWS config. Do not lose this comment.
[default]
region = us-east-1 # inline, part of the value for botocore
output=json

; dev account

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start#/
";
    assert_eq!(out, expected);
    // The file's own top comment stays; trailing blank lines before a removed last section go.
    let out = edited(RICH, |d| assert!(d.remove_section("default").unwrap()));
    assert!(
        out.starts_with("# My AWS config. Do not lose this comment.\n\n; dev account\n"),
        "{out}"
    );
    let out = edited(RICH, |d| {
        assert!(d.remove_section("sso-session corp").unwrap())
    });
    assert!(out.ends_with("addressing_style = path\n"), "{out}");
    assert_eq!(
        edited("[a]\nk=1\n\n[b]\nk=2", |d| {
            d.remove_section("b").unwrap();
        }),
        "[a]\nk=1"
    );
    // A comment directly above the next header belongs to that section.
    let out = edited("[a]\nk=1\n# about b\n[b]\n", |d| {
        d.remove_section("a").unwrap();
    });
    assert_eq!(out, "# about b\n[b]\n");
}

#[test]
fn copy_section_appends_a_verbatim_body() {
    let out = edited(RICH, |d| {
        d.copy_section("profile dev", "profile qa").unwrap()
    });
    let body =
        "\tregion\t=\teu-west-1\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\n";
    assert_eq!(out, format!("{RICH}\n[profile qa]\n{body}"));
}

#[test]
fn newlines_and_bad_keys_are_refused() {
    let mut doc = Document::parse(RICH);
    assert!(matches!(
        doc.set("default", "k", "a\nb"),
        Err(IniError::InvalidValue { .. })
    ));
    assert!(matches!(
        doc.set("default", "a=b", "v"),
        Err(IniError::InvalidKey { .. })
    ));
    assert!(matches!(
        doc.add_section("a\r\nb"),
        Err(IniError::InvalidName { .. })
    ));
    assert!(matches!(
        doc.set("nope", "k", "v"),
        Err(IniError::SectionNotFound { .. })
    ));
    assert_eq!(doc.to_string(), RICH);
}

#[test]
fn error_messages_never_hold_values() {
    let mut doc = Document::parse("[a]\n");
    let err = doc
        .set("a", "aws_secret_access_key", "SECRET\nx")
        .unwrap_err();
    assert!(!err.to_string().contains("SECRET"));
}
