//! Hints about values that the AWS tools will reject or misread. They never refuse anything:
//! the form shows them beside the field, and the value is still saved. Hints quote no secret.

use super::names;
use super::regions::{OUTPUT_FORMATS, region_name};
use super::shared_files::SharedFiles;

/// A hint for one field (a key name such as `region`, or `name` for the profile's name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub field: &'static str,
    pub message: String,
}

fn hint(field: &'static str, message: impl Into<String>) -> Option<Hint> {
    Some(Hint {
        field,
        message: message.into(),
    })
}

/// Access key IDs are 20 upper-case letters and digits; `AKIA` for long-term keys, `ASIA` for
/// temporary ones.
pub fn access_key_id(value: &str, has_session_token: bool) -> Option<Hint> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let shaped = value.len() == 20
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !shaped || !(value.starts_with("AKIA") || value.starts_with("ASIA")) {
        return hint(
            "aws_access_key_id",
            "An access key ID has 20 characters and starts with AKIA (or ASIA for temporary keys).",
        );
    }
    if value.starts_with("ASIA") && !has_session_token {
        return hint(
            "aws_access_key_id",
            "Keys starting with ASIA are temporary and need a session token.",
        );
    }
    None
}

/// Secret access keys are 40 characters.
pub fn secret_access_key(value: &str) -> Option<Hint> {
    let len = value.trim().chars().count();
    if len == 0 || len == 40 {
        return None;
    }
    hint(
        "aws_secret_access_key",
        format!("A secret access key has 40 characters; this one has {len}."),
    )
}

pub fn region(value: &str) -> Option<Hint> {
    let value = value.trim();
    if value.is_empty() || region_name(value).is_some() {
        return None;
    }
    if value.contains(" #") || value.contains(" ;") {
        return hint(
            "region",
            "The AWS CLI reads the text after # as part of the region, while the SDKs drop it; move the comment to its own line.",
        );
    }
    match super::regions::closest(value) {
        Some(meant) => hint(
            "region",
            format!("“{value}” is not an AWS region; did you mean {meant}?"),
        ),
        None => hint(
            "region",
            format!("“{value}” is not a region keyshelf knows; check the spelling."),
        ),
    }
}

pub fn output(value: &str) -> Option<Hint> {
    let value = value.trim();
    if value.is_empty() || OUTPUT_FORMATS.contains(&value) {
        return None;
    }
    hint(
        "output",
        "The AWS CLI accepts json, yaml, yaml-stream, text or table.",
    )
}

/// `arn:PARTITION:iam::ACCOUNT:role/NAME`.
pub fn role_arn(value: &str) -> Option<Hint> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5]
            .strip_prefix("role/")
            .is_some_and(|name| !name.is_empty());
    if ok {
        None
    } else {
        hint(
            "role_arn",
            "A role ARN looks like arn:aws:iam::123456789012:role/NAME.",
        )
    }
}

pub fn duration_seconds(value: &str) -> Option<Hint> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<u32>() {
        Ok(n) if (900..=43200).contains(&n) => None,
        _ => hint(
            "duration_seconds",
            "Between 900 (15 minutes) and 43200 (12 hours) seconds.",
        ),
    }
}

/// `source_profile` must name a profile, and following the chain must not loop (a profile may
/// name itself when it has its own keys: that is how role chaining from static keys works).
pub fn source_profile(files: &SharedFiles, profile: &str, value: &str) -> Option<Hint> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if !files.exists(value) {
        return hint(
            "source_profile",
            format!("There is no profile named “{value}”."),
        );
    }
    let mut chain = vec![profile.to_owned()];
    let mut next = value.to_owned();
    loop {
        if let Some(start) = chain.iter().position(|p| *p == next) {
            let self_with_keys =
                start + 1 == chain.len() && files.get(&next, "aws_access_key_id").is_some();
            if self_with_keys {
                return None;
            }
            chain.push(next);
            return hint(
                "source_profile",
                format!(
                    "These profiles point at each other in a loop: {}.",
                    chain.join(" -> ")
                ),
            );
        }
        chain.push(next.clone());
        match files
            .get(&next, "source_profile")
            .and_then(|(v, _)| v.as_plain().map(str::to_owned))
        {
            Some(following) if files.exists(&following) => next = following,
            _ => return None,
        }
    }
}

/// Names other tools cannot read.
pub fn profile_name(name: &str) -> Option<Hint> {
    if names::check_profile_name(name).is_err() {
        return hint(
            "name",
            "A profile name cannot be empty, hold line breaks or brackets, or start or end with a space.",
        );
    }
    if !names::sdk_compatible(name) {
        return hint(
            "name",
            "The AWS SDKs for Rust and Go ignore profiles whose names use spaces or characters other than letters, digits and _-/.%@:+.",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;

    #[test]
    fn access_keys() {
        assert_eq!(access_key_id("AKIAIOSFODNN7EXAMPLE", false), None);
        assert!(access_key_id("AKIA123", false).is_some());
        assert!(
            access_key_id("ASIAIOSFODNN7EXAMPLE", false)
                .unwrap()
                .message
                .contains("session token")
        );
        assert_eq!(access_key_id("ASIAIOSFODNN7EXAMPLE", true), None);
        assert!(secret_access_key("short").is_some());
        assert!(
            !secret_access_key("short-secret")
                .unwrap()
                .message
                .contains("short-secret")
        );
    }

    #[test]
    fn settings() {
        assert_eq!(region("eu-west-1"), None);
        assert!(region("eu-west-9").is_some());
        assert!(region("us-east-1 # x").unwrap().message.contains('#'));
        assert_eq!(role_arn("arn:aws:iam::123456789012:role/Admin"), None);
        assert!(role_arn("arn:aws:iam::1234:role/Admin").is_some());
        assert!(duration_seconds("899").is_some());
        assert_eq!(duration_seconds("3600"), None);
        assert!(output("xml").is_some());
        assert!(profile_name("my dev").is_some());
        assert_eq!(profile_name("dev"), None);
    }

    #[test]
    fn source_profile_chains() {
        let config = "[profile a]\nsource_profile = b\n[profile b]\nsource_profile = a\n[profile c]\nsource_profile = c\n";
        let creds = "[d]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n";
        let files = SharedFiles::new(Document::parse(config), Document::parse(creds));
        assert!(
            source_profile(&files, "a", "b")
                .unwrap()
                .message
                .contains("a -> b -> a")
        );
        assert!(source_profile(&files, "c", "c").is_some());
        assert_eq!(source_profile(&files, "d", "d"), None);
        assert!(source_profile(&files, "a", "zzz").is_some());
    }
}
