//! Profile names and the section headers that hold them.
//!
//! In the credentials file a profile is `[NAME]`. In the config file it is `[default]` or
//! `[profile NAME]`, and botocore shlex-splits that header, so a name with spaces is written
//! `[profile "my dev"]`.

use std::borrow::Cow;

use super::error::{AwsError as Error, Result};

pub const DEFAULT: &str = "default";

/// configparser's defaults section: botocore never shows it as a profile, and copies its keys
/// into every other section. keyshelf neither lists it nor writes it.
pub const CONFIGPARSER_DEFAULTS: &str = "DEFAULT";

/// The profile named by a config-file header, read as botocore reads it: `default`, or a header
/// that starts with `profile` and shlex-splits into exactly two words. Other headers
/// (`sso-session`, `services`, `plugins`, anything unknown) are not profiles.
pub fn profile_of_config_header(header: &str) -> Option<Cow<'_, str>> {
    if header == DEFAULT {
        return Some(Cow::Borrowed(DEFAULT));
    }
    if !header.starts_with("profile") {
        return None;
    }
    // Most headers need no shell-style unquoting, and this runs for every section of files with
    // thousands of profiles; without quotes or backslashes, shlex splits on whitespace alone,
    // and the name is a slice of the header (no allocation).
    if let Some(name) = plain_words(header) {
        return name.map(|range| Cow::Borrowed(&header[range]));
    }
    match shlex::split(header)?.as_mut_slice() {
        [_, name] => Some(Cow::Owned(std::mem::take(name))),
        _ => None,
    }
}

/// Where the second of exactly two words is, for a header shlex splits on whitespace alone
/// (Python's shlex splits on space, tab, CR and LF, not on a form feed or a Unicode space);
/// `None` when it holds a quote or a backslash, which need shlex itself. One pass over the
/// bytes: every byte looked for is ASCII, so each word starts and ends on a character boundary.
fn plain_words(header: &str) -> Option<Option<std::ops::Range<usize>>> {
    let bytes = header.as_bytes();
    let (mut words, mut second) = (0, 0..0);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' | b'\\' => return None,
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            _ => {
                let start = i;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t' | b'\r' | b'\n' | b'\'' | b'"' | b'\\'
                    )
                {
                    i += 1;
                }
                words += 1;
                if words == 2 {
                    second = start..i;
                }
            }
        }
    }
    Some((words == 2).then_some(second))
}

/// The name of an `[sso-session NAME]` section.
pub fn sso_session_of_header(header: &str) -> Option<String> {
    if !header.starts_with("sso-session") {
        return None;
    }
    match shlex::split(header)?.as_slice() {
        [_, name] => Some(name.clone()),
        _ => None,
    }
}

/// The config-file header for a new profile section.
pub fn config_header(name: &str) -> String {
    if name == DEFAULT {
        return DEFAULT.to_owned();
    }
    let plain = !name
        .chars()
        .any(|c| c.is_whitespace() || "'\"\\".contains(c));
    if plain {
        format!("profile {name}")
    } else if !name.contains(['"', '\\']) {
        format!("profile \"{name}\"")
    } else {
        let quoted = shlex::try_quote(name)
            .map(|q| q.into_owned())
            .unwrap_or_else(|_| format!("'{name}'"));
        format!("profile {quoted}")
    }
}

/// Checks a name before it is written as a profile.
pub fn check_profile_name(name: &str) -> Result<()> {
    let why = if name.is_empty() {
        "it is empty"
    } else if name.contains(['\n', '\r', '\0']) {
        "it contains a line break"
    } else if name.contains(['[', ']']) {
        "it contains “[” or “]”"
    } else if name.trim() != name {
        "it starts or ends with a space"
    } else if name == CONFIGPARSER_DEFAULTS {
        "the AWS CLI treats a section named DEFAULT as defaults for every profile"
    } else {
        return Ok(());
    };
    Err(Error::InvalidProfileName {
        name: name.escape_debug().to_string(),
        why,
    })
}

/// Whether the AWS SDK for Rust (and others that follow its rules) can read this profile: it
/// silently drops profiles whose names use other characters than these.
pub fn sdk_compatible(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headers_like_botocore() {
        assert_eq!(
            profile_of_config_header("default").as_deref(),
            Some("default")
        );
        assert_eq!(
            profile_of_config_header("profile dev").as_deref(),
            Some("dev")
        );
        assert_eq!(
            profile_of_config_header("profile   dev").as_deref(),
            Some("dev")
        );
        assert_eq!(
            profile_of_config_header("profile 'my dev'").as_deref(),
            Some("my dev")
        );
        assert_eq!(
            profile_of_config_header("profile \"my dev\"").as_deref(),
            Some("my dev")
        );
        assert_eq!(
            profile_of_config_header("profile default").as_deref(),
            Some("default")
        );
        assert_eq!(profile_of_config_header("profile a b"), None);
        // shlex's whitespace is space, tab, CR and LF: a form feed or a Unicode space is part
        // of the name.
        assert_eq!(
            profile_of_config_header("profile\tdev\r").as_deref(),
            Some("dev")
        );
        assert_eq!(
            profile_of_config_header("profile dev\x0c").as_deref(),
            Some("dev\x0c")
        );
        assert_eq!(
            profile_of_config_header("profile d\u{a0}év").as_deref(),
            Some("d\u{a0}év")
        );
        assert_eq!(profile_of_config_header("sso-session corp"), None);
        assert_eq!(profile_of_config_header("profile 'unclosed"), None);
        assert_eq!(
            sso_session_of_header("sso-session corp").as_deref(),
            Some("corp")
        );
    }

    #[test]
    fn headers_round_trip() {
        for name in [
            "dev",
            "default",
            "my dev",
            "a@b.c/d:e+f",
            "it's",
            "say \"hi\"",
            "back\\slash",
        ] {
            assert_eq!(
                profile_of_config_header(&config_header(name)).as_deref(),
                Some(name),
                "{name}"
            );
        }
    }

    #[test]
    fn sdk_names() {
        assert!(sdk_compatible("dev-1_a/b.c%d@e:f+g"));
        assert!(!sdk_compatible("my dev"));
        assert!(!sdk_compatible("é"));
    }
}
