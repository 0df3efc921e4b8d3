//! Properties: random key files written every way a CSV can be written read back to the same
//! keys; files the AWS CLI accepts give the CLI's names and keys; no input makes us panic.

use proptest::prelude::*;

use super::*;

// ------------------------------------------------------------------------------------------------
// Round trip through real CSV writing
// ------------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Key {
    user: String,
    id: String,
    secret: String,
}

fn key() -> impl Strategy<Value = Key> {
    (
        // Commas, quotes, semicolons, tabs, spaces, line breaks and non-ASCII in user names.
        "[a-zA-Z0-9 ,;\"'\t\n.@é🔑-]{0,12}",
        prop_oneof!["AKIA", "ASIA"],
        "[A-Z0-9]{16}",
        "[A-Za-z0-9+/]{40}",
    )
        .prop_map(|(user, kind, rest, secret)| Key {
            user,
            id: format!("{kind}{rest}"),
            secret,
        })
}

#[derive(Clone, Copy, Debug)]
enum Shape {
    CreateUser,
    HandEdited,
    AccessKeys,
    HeaderLess,
}

#[derive(Clone, Copy, Debug)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// Writes one cell, quoted when it must be, or when `always` says so.
fn cell(value: &str, separator: char, always: bool) -> String {
    let needs = value.contains([separator, '"', '\r', '\n']);
    if needs || always {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

#[allow(clippy::too_many_arguments)]
fn write_file(
    keys: &[Key],
    shape: Shape,
    separator: char,
    quote: &[bool],
    crlf: bool,
    final_eol: bool,
    encoding: Encoding,
) -> Vec<u8> {
    let mut quotes = quote.iter().copied().cycle();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let header: &[&str] = match shape {
        Shape::CreateUser => &[
            "User name",
            "Password",
            "Access key ID",
            "Secret access key",
            "Console login link",
        ],
        Shape::HandEdited => &["User Name", "Access key ID", "Secret access key"],
        Shape::AccessKeys => &["Access key ID", "Secret access key"],
        Shape::HeaderLess => &[],
    };
    if !header.is_empty() {
        rows.push(header.iter().map(|h| (*h).to_owned()).collect());
    }
    for k in keys {
        rows.push(match shape {
            Shape::CreateUser => vec![
                k.user.clone(),
                "p\"a,s;s".to_owned(),
                k.id.clone(),
                k.secret.clone(),
                "https://x.signin.aws.amazon.com/console?a=1,b=2".to_owned(),
            ],
            Shape::HandEdited => vec![k.user.clone(), k.id.clone(), k.secret.clone()],
            Shape::AccessKeys | Shape::HeaderLess => vec![k.id.clone(), k.secret.clone()],
        });
    }
    let eol = if crlf { "\r\n" } else { "\n" };
    let lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .map(|v| cell(v, separator, quotes.next().unwrap_or(false)))
                .collect();
            cells.join(&separator.to_string())
        })
        .collect();
    let mut text = lines.join(eol);
    if final_eol {
        text.push_str(eol);
    }
    match encoding {
        Encoding::Utf8 => text.into_bytes(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    }
}

/// No regression files: a failure prints its minimal input, which belongs in a named test.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn written_keys_read_back(
        keys in prop::collection::vec(key(), 1..6),
        shape in prop_oneof![
            Just(Shape::CreateUser), Just(Shape::HandEdited),
            Just(Shape::AccessKeys), Just(Shape::HeaderLess),
        ],
        separator in prop_oneof![Just(','), Just(';'), Just('\t')],
        quote in prop::collection::vec(any::<bool>(), 1..8),
        crlf: bool,
        final_eol: bool,
        encoding in prop_oneof![
            Just(Encoding::Utf8), Just(Encoding::Utf8Bom),
            Just(Encoding::Utf16Le), Just(Encoding::Utf16Be),
        ],
    ) {
        let bytes = write_file(&keys, shape, separator, &quote, crlf, final_eol, encoding);
        let import = parse_csv(&bytes, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(import.problems.is_empty(), "{:?}", import.problems);
        prop_assert_eq!(import.separator, separator);
        prop_assert_eq!(import.has_header, !matches!(shape, Shape::HeaderLess));
        prop_assert_eq!(import.rows.len(), keys.len());
        let with_users = matches!(shape, Shape::CreateUser | Shape::HandEdited);
        for (row, k) in import.rows.iter().zip(&keys) {
            prop_assert_eq!(&row.access_key_id, &k.id);
            prop_assert_eq!(row.secret_access_key.expose(), k.secret.as_str());
            let user = Some(parse::trim(&k.user)).filter(|u| with_users && !u.is_empty());
            prop_assert_eq!(row.user_name.as_deref(), user);
        }
    }

    /// Any bytes at all: an answer, never a panic.
    #[test]
    fn any_bytes_are_safe(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_csv(&bytes, Some("x_accessKeys.csv"));
    }

    /// Text that starts like a key file and then goes anywhere.
    #[test]
    fn any_rows_under_a_header_are_safe(body in "[a-zA-Z0-9,;\"\t\r\n /+ ]{0,300}") {
        for header in ["User name,Access key ID,Secret access key\n", "Access key ID;Secret access key\r\n"] {
            if let Ok(import) = parse_csv(format!("{header}{body}").as_bytes(), None) {
                for problem in &import.problems {
                    prop_assert!(problem.row().is_some_and(|row| row >= 2));
                }
            }
        }
    }
}

#[test]
fn a_thousand_rows() {
    let mut text = String::from("User name,Access key ID,Secret access key\r\n");
    for n in 0..1000 {
        text.push_str(&format!(
            "user{n},AKIA{n:016},{}\r\n",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        ));
    }
    let import = parse_csv(text.as_bytes(), None).unwrap();
    assert_eq!(import.rows.len(), 1000);
    assert_eq!(import.rows[999].row, 1001);
    assert_eq!(import.rows[999].profile_name.as_deref(), Some("user999"));
}
