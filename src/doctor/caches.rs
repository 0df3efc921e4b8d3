//! What the AWS CLI keeps in plain text under `~/.aws`: SSO sign-ins and client registrations
//! (`sso/cache`), console sign-ins of `aws login` (`login/cache`) and assumed roles' credentials
//! (`cli/cache`). Each file is named with what it holds and whether it still works; none of its
//! values is ever put in a finding. keyshelf keeps its own sign-ins in the keychain; a file here
//! from `keyshelf sso login --export` is reported too, for as long as it exists.

use std::path::Path;

use serde_json::Value;

use super::{Action, Finding, Place, Severity};

/// The folders under `~/.aws`, and what the AWS CLI keeps in each.
const FOLDERS: &[(&str, &str)] = &[
    ("sso/cache", "an IAM Identity Center (SSO) sign-in"),
    (
        "login/cache",
        "a sign-in with your AWS console credentials (aws login)",
    ),
    ("cli/cache", "a role's temporary credentials"),
];

/// Adds a finding per cache file of `aws_folder` that holds a token, a secret or a key.
pub(super) fn check(aws_folder: &Path, now: chrono::DateTime<chrono::Utc>, out: &mut Vec<Finding>) {
    for (sub, holds) in FOLDERS {
        let Ok(entries) = std::fs::read_dir(aws_folder.join(sub)) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for path in files {
            if let Some(finding) = finding(&path, holds, now) {
                out.push(finding);
            }
        }
    }
}

/// What one cache file holds, in words, and whether it still works at `now`.
fn finding(path: &Path, holds: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Finding> {
    // Only a regular file, and only the first MiB: a FIFO or a huge file must not stop Health.
    let file = crate::files::open_regular(path).ok()?;
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    std::io::Read::read_to_end(&mut std::io::Read::take(file, 1 << 20), &mut bytes).ok()?;
    let json: Value = serde_json::from_slice(&bytes).ok()?;
    let has = |key: &str| json.get(key).is_some_and(|v| !v.is_null());
    // `aws login` keeps its credentials in an `accessToken` object (accessKeyId,
    // secretAccessKey, sessionToken, accountId, expiresAt: botocore's
    // LoginCredentialFetcher._token_to_credentials); SSO's accessToken is a string.
    let login_keys = json.pointer("/accessToken/secretAccessKey").is_some();
    let mut parts = Vec::new();
    if json.get("accessToken").is_some_and(Value::is_string) {
        parts.push("an access token");
    }
    if has("refreshToken") {
        parts.push("a refresh token");
    }
    if has("clientSecret") {
        parts.push("a client secret");
    }
    if json.pointer("/Credentials/SecretAccessKey").is_some()
        || has("secretAccessKey")
        || login_keys
    {
        parts.push("a secret access key");
    }
    if has("privateKey") || has("dpopKey") {
        parts.push("a private key");
    }
    if parts.is_empty() {
        return None;
    }
    let expiry = ["expiresAt", "expiration"]
        .iter()
        .find_map(|k| json.get(*k))
        .or_else(|| json.pointer("/accessToken/expiresAt"))
        .or_else(|| json.pointer("/Credentials/Expiration"))
        .and_then(Value::as_str)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t.replace("UTC", "+00:00")).ok());
    let refreshable = has("refreshToken");
    let state = match expiry {
        Some(t) if t < now && !refreshable => format!(
            "It expired on {}, so it no longer works",
            t.format("%-d %b %Y %H:%M")
        ),
        Some(t) if t < now => format!(
            "Its access token expired on {}, but the refresh token can make a new one",
            t.format("%-d %b %Y %H:%M")
        ),
        Some(t) => format!("It works until {}", t.format("%-d %b %Y %H:%M")),
        None => "It has no expiry date".to_owned(),
    };
    let works = !state.starts_with("It expired");
    Some(Finding {
        kind: "aws_cli_cache",
        severity: if works {
            Severity::Warning
        } else {
            Severity::Advice
        },
        place: Place::Path {
            path: path.to_owned(),
        },
        profile: None,
        access_key_id: None,
        what: format!(
            "The AWS CLI keeps {holds} here in plain text: {}. {state}.",
            join(&parts)
        ),
        why: "Any program you run can read this file and act as you in AWS while it works."
            .into(),
        fix: "Sign out (aws sso logout, aws logout), or delete the file; keyshelf keeps its own sign-ins in the keychain.".into(),
        action: Some(Action::DeleteFile {
            path: path.to_owned(),
        }),
    })
}

fn join(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_each_cache_holds_and_whether_it_works_never_a_value() {
        let dir = tempfile::tempdir().unwrap();
        let sso = dir.path().join("sso/cache");
        let cli = dir.path().join("cli/cache");
        let login = dir.path().join("login/cache");
        for folder in [&sso, &cli, &login] {
            std::fs::create_dir_all(folder).unwrap();
        }
        std::fs::write(
            sso.join("a.json"),
            r#"{"startUrl":"https://x/start","region":"eu-west-1","accessToken":"SECRET-ACCESS","expiresAt":"2026-01-01T00:00:00Z","refreshToken":"SECRET-REFRESH","clientSecret":"SECRET-CLIENT"}"#,
        )
        .unwrap();
        std::fs::write(
            cli.join("b.json"),
            r#"{"Credentials":{"AccessKeyId":"ASIAX","SecretAccessKey":"SECRET-KEY","SessionToken":"T","Expiration":"2026-01-01T00:00:00Z"}}"#,
        )
        .unwrap();
        std::fs::write(cli.join("notes.json"), r#"{"nothing": 1}"#).unwrap();
        // `aws login`'s file, as botocore's LoginCredentialFetcher writes it.
        std::fs::write(
            login.join("c.json"),
            r#"{"accessToken":{"accessKeyId":"ASIAL","secretAccessKey":"SECRET-LOGIN-KEY","sessionToken":"SECRET-LOGIN-SESSION","accountId":"111122223333","expiresAt":"2026-06-01T00:15:00Z"},"tokenType":"aws_sigv4","refreshToken":"SECRET-LOGIN-REFRESH","idToken":"SECRET-ID","clientId":"arn:aws:signin:::devtools/same-device","dpopKey":"-----BEGIN EC PRIVATE KEY-----\nSECRET\n-----END EC PRIVATE KEY-----\n"}"#,
        )
        .unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let mut out = Vec::new();
        check(dir.path(), now, &mut out);
        assert_eq!(out.len(), 3, "{out:#?}");
        assert!(
            out[0]
                .what
                .contains("an access token, a refresh token and a client secret")
        );
        assert!(out[0].what.contains("the refresh token can make a new one"));
        assert_eq!(out[0].severity, Severity::Warning);
        assert!(out[2].what.contains("a role's temporary credentials"));
        assert!(out[2].what.contains("It expired on 1 Jan 2026"));
        assert_eq!(out[2].severity, Severity::Advice);
        assert!(out[1].what.contains("(aws login)"), "{}", out[1].what);
        assert!(
            out[1]
                .what
                .contains("a refresh token, a secret access key and a private key. It works until 1 Jun 2026 00:15"),
            "{}",
            out[1].what
        );
        assert_eq!(out[1].severity, Severity::Warning);
        let all = format!("{out:?}");
        assert!(!all.contains("SECRET"), "{all}");
    }
}
