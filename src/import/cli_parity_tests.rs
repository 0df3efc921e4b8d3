//! Parity with `aws configure import --csv` (aws-cli v2, `CSVCredentialParser` in
//! awscli/customizations/configure/importer.py).
//!
//! `cli` below is a model of what that parser does, written from reading it: the first line
//! (Python's `splitlines`) is the header, split on `,`, each cell with a leading BOM dropped,
//! lowercased and stripped; "User Name", "Access Key ID" and "Secret Access key" must all be
//! there (first match wins); every later line is split on `,`, the three values stripped, and a
//! line with any of them missing or empty fails the import, or with `--skip-invalid` is
//! dropped. The profile is `prefix + user name`. For every file the model accepts, we must give
//! the same names and keys; the module docs list where we differ on purpose.

use proptest::prelude::*;

use super::*;

/// (profile name, key ID, secret) as the CLI would write them.
type CliKey = (String, String, String);

/// Python's `str.strip()`: `str.isspace` is Unicode White_Space plus U+001C..U+001F.
fn py_strip(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// Python's `str.splitlines()`, without the line ends.
fn py_splitlines(text: &str) -> Vec<&str> {
    let breaks = [
        '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}',
        '\u{2029}',
    ];
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(breaks) {
            None => {
                lines.push(rest);
                break;
            }
            Some(at) => {
                lines.push(&rest[..at]);
                let skip = if rest[at..].starts_with("\r\n") {
                    2
                } else {
                    rest[at..].chars().next().map_or(1, char::len_utf8)
                };
                rest = &rest[at + skip..];
            }
        }
    }
    lines
}

fn cli(text: &str, prefix: &str, strict: bool) -> Result<Vec<CliKey>, String> {
    if py_strip(text).is_empty() {
        return Err("Provided CSV contains no contents".into());
    }
    let lines = py_splitlines(text);
    let headers: Vec<String> = lines[0]
        .split(',')
        .map(|h| py_strip(&h.strip_prefix('\u{feff}').unwrap_or(h).to_lowercase()).to_owned())
        .collect();
    let mut indices = Vec::new();
    for want in ["User Name", "Access Key ID", "Secret Access key"] {
        match headers.iter().position(|h| *h == want.to_lowercase()) {
            Some(at) => indices.push(at),
            None => return Err(format!("Expected header \"{want}\" not found")),
        }
    }
    let mut keys = Vec::new();
    for (n, line) in lines[1..].iter().enumerate() {
        let cols: Vec<&str> = line.split(',').collect();
        let values: Vec<&str> = indices
            .iter()
            .map(|&at| cols.get(at).map_or("", |c| py_strip(c)))
            .collect();
        if values.iter().any(|v| v.is_empty()) {
            if strict {
                return Err(format!("Failed to parse entry #{}", n + 1));
            }
            continue;
        }
        keys.push((
            format!("{prefix}{}", values[0]),
            values[1].to_owned(),
            values[2].to_owned(),
        ));
    }
    Ok(keys)
}

/// Ours, as (profile name, key ID, secret) for the rows the CLI would also import: those with a
/// user name. A name we refuse to suggest stands as the CLI's name if `check_profile_name`
/// refuses that name too.
fn ours(bytes: &[u8], prefix: &str) -> Result<(Vec<CliKey>, usize), CsvError> {
    let mut import = parse_csv(bytes, None)?;
    import.set_profile_prefix(prefix);
    let problems = import.problems.len();
    let keys = import
        .rows
        .into_iter()
        .filter_map(|row| {
            let user = row.user_name?;
            let name = row
                .profile_name
                .unwrap_or_else(|| format!("{prefix}{user}"));
            Some((
                name,
                row.access_key_id,
                row.secret_access_key.expose().to_owned(),
            ))
        })
        .collect();
    Ok((keys, problems))
}

#[derive(Clone, Debug)]
enum Line {
    Key {
        user: String,
        id: String,
        secret: String,
        pad: (&'static str, &'static str),
    },
    NoUser {
        id: String,
        secret: String,
    },
    NoSecret {
        user: String,
        id: String,
    },
    Short,
    Blank,
}

fn line() -> impl Strategy<Value = Line> {
    let pad = prop::sample::select(vec!["", " ", "\t", "\u{a0}", "\u{1f}", " \u{3000}"]);
    let user = "[a-zA-Z0-9+=.@_-]{1,10}( [a-zA-Z]{1,5})?";
    let id = "AKIA[A-Z0-9]{16}";
    let secret = "[A-Za-z0-9+/]{40}";
    prop_oneof![
        6 => (user, id, secret, pad.clone(), pad).prop_map(|(user, id, secret, a, b)| Line::Key { user, id, secret, pad: (a, b) }),
        1 => (id, secret).prop_map(|(id, secret)| Line::NoUser { id, secret }),
        1 => (user, id).prop_map(|(user, id)| Line::NoSecret { user, id }),
        1 => Just(Line::Short),
        1 => Just(Line::Blank),
    ]
}

/// Header cells as people type them: any case, stray spaces.
fn header_cell(name: &'static str) -> impl Strategy<Value = String> {
    let case = prop::sample::select(vec![0u8, 1, 2]);
    let pad = prop::sample::select(vec!["", " ", "  ", "\t"]);
    (case, pad.clone(), pad).prop_map(move |(case, a, b)| {
        let name = match case {
            0 => name.to_owned(),
            1 => name.to_uppercase(),
            _ => name.to_lowercase(),
        };
        format!("{a}{name}{b}")
    })
}

fn cli_style_file() -> impl Strategy<Value = (Vec<String>, Vec<&'static str>, Vec<Line>)> {
    let columns = Just(vec![
        "User Name",
        "Access key ID",
        "Secret access key",
        "Password",
        "Console login link",
    ])
    .prop_shuffle();
    columns.prop_flat_map(|columns| {
        let headers: Vec<_> = columns.iter().map(|c| header_cell(c)).collect();
        (headers, Just(columns), prop::collection::vec(line(), 1..6))
    })
}

fn render(headers: &[String], columns: &[&str], lines: &[Line], bom: bool, eol: &str) -> String {
    let mut text = String::from(if bom { "\u{feff}" } else { "" });
    text.push_str(&headers.join(","));
    for line in lines {
        text.push_str(eol);
        let value = |column: &str| -> String {
            match (line, column) {
                (Line::Blank, _) => String::new(),
                (Line::Short, "User Name") => "someone".into(),
                (Line::Short, _) => String::new(),
                (Line::Key { user, pad, .. }, "User Name") => format!("{}{user}{}", pad.0, pad.1),
                (Line::Key { id, pad, .. }, "Access key ID") => format!("{}{id}{}", pad.1, pad.0),
                (Line::Key { secret, pad, .. }, "Secret access key") => {
                    format!("{}{secret}", pad.0)
                }
                (Line::NoUser { id, .. }, "Access key ID") => id.clone(),
                (Line::NoUser { secret, .. }, "Secret access key") => secret.clone(),
                (Line::NoSecret { user, .. }, "User Name") => user.clone(),
                (Line::NoSecret { id, .. }, "Access key ID") => id.clone(),
                (_, "Password") => "hunter2".into(),
                _ => String::new(),
            }
        };
        match line {
            Line::Blank => {}
            Line::Short => text.push_str("someone"),
            _ => text.push_str(
                &columns
                    .iter()
                    .map(|c| value(c))
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        }
    }
    text.push_str(eol);
    text
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
    fn same_names_and_keys_as_the_cli(
        (headers, columns, lines) in cli_style_file(),
        bom: bool,
        crlf: bool,
        prefix in "([a-z]{1,3}-)?",
    ) {
        let text = render(&headers, &columns, &lines, bom, if crlf { "\r\n" } else { "\n" });
        let (keys, problems) = match ours(text.as_bytes(), &prefix) {
            Ok(found) => found,
            // Only blank lines under the header: the CLI imports nothing either.
            Err(CsvError::NoRows) => {
                prop_assert_eq!(cli(&text, &prefix, false), Ok(vec![]));
                return Ok(());
            }
            Err(err) => return Err(TestCaseError::fail(err.to_string())),
        };
        // The CLI's default: when it imports, we import the same keys and see no problem.
        if let Ok(cli_keys) = cli(&text, &prefix, true) {
            prop_assert_eq!(problems, 0);
            prop_assert_eq!(&keys, &cli_keys);
        }
        // `--skip-invalid`: the rows it keeps are the rows we import with a user name.
        let cli_keys = cli(&text, &prefix, false).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&keys, &cli_keys);
    }
}

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[test]
fn the_model_reads_the_console_file_like_the_cli() {
    let text = format!(
        "User name,Password,Access key ID,Secret access key,Console login link\n alice ,pw,{ID},{SECRET},https://x\n"
    );
    let want = vec![("dev-alice".to_owned(), ID.to_owned(), SECRET.to_owned())];
    assert_eq!(cli(&text, "dev-", true), Ok(want.clone()));
    assert_eq!(ours(text.as_bytes(), "dev-").unwrap(), (want, 0));
}

/// The differences the module docs promise, each pinned down.
#[test]
fn differences_on_purpose() {
    // The "create access key" download: the CLI refuses it (aws-cli #7753), we read it.
    let access_keys = format!("\u{feff}Access key ID,Secret access key\r\n{ID},{SECRET}\r\n");
    assert!(cli(&access_keys, "", true).is_err());
    assert_eq!(
        parse_csv(access_keys.as_bytes(), None).unwrap().rows.len(),
        1
    );

    // Quotes: the CLI keeps them in the profile name.
    let quoted = format!(
        "\"User name\",\"Access key ID\",\"Secret access key\"\n\"alice\",\"{ID}\",\"{SECRET}\"\n"
    );
    assert!(
        cli(&quoted, "", true).is_err(),
        "the CLI does not even find quoted headers"
    );
    let half = format!("User name,Access key ID,Secret access key\n\"alice\",{ID},{SECRET}\n");
    assert_eq!(cli(&half, "", true).unwrap()[0].0, "\"alice\"");
    assert_eq!(ours(half.as_bytes(), "").unwrap().0[0].0, "alice");

    // A blank line fails the CLI's import; we skip it.
    let blank = format!("User name,Access key ID,Secret access key\n\nalice,{ID},{SECRET}\n");
    assert!(cli(&blank, "", true).is_err());
    assert_eq!(ours(blank.as_bytes(), "").unwrap().1, 0);

    // A key ID that cannot be one: the CLI writes it, we report the row.
    let bad = format!("User name,Access key ID,Secret access key\nalice,not-a-key,{SECRET}\n");
    assert!(cli(&bad, "", true).is_ok());
    assert_eq!(ours(bad.as_bytes(), "").unwrap(), (vec![], 1));

    // A name no profile should have: the CLI writes [DEFAULT]; we suggest nothing.
    let default = format!("User name,Access key ID,Secret access key\nDEFAULT,{ID},{SECRET}\n");
    assert_eq!(cli(&default, "", true).unwrap()[0].0, "DEFAULT");
    let import = parse_csv(default.as_bytes(), None).unwrap();
    assert_eq!(import.rows[0].profile_name, None);
}

#[test]
fn splitlines_model() {
    assert_eq!(
        py_splitlines("a\r\nb\rc\nd\u{2028}e\n"),
        ["a", "b", "c", "d", "e"]
    );
    assert_eq!(py_splitlines("a\n\nb"), ["a", "", "b"]);
    assert!(py_splitlines("").is_empty());
}
