//! Variables that override the files: the AWS tools read keys from `AWS_ACCESS_KEY_ID` and
//! `AWS_SECRET_ACCESS_KEY` before any profile, and `AWS_PROFILE` picks the profile, so what
//! keyshelf shows may not be what the tools use (botocore's `EnvProvider` comes first).

use super::{Finding, Place, Severity};

/// The variables, the severity of each being set, and why it matters.
const VARIABLES: [(&str, Severity, &str); 4] = [
    (
        "AWS_ACCESS_KEY_ID",
        Severity::Warning,
        "The AWS tools use the key in this variable instead of any profile in the files.",
    ),
    (
        "AWS_SECRET_ACCESS_KEY",
        Severity::Warning,
        "A secret in the environment is inherited by every program started from here, and is often saved in a shell start-up file in plain text.",
    ),
    (
        "AWS_SESSION_TOKEN",
        Severity::Advice,
        "The AWS tools use this session instead of any profile in the files.",
    ),
    (
        "AWS_PROFILE",
        Severity::Advice,
        "The AWS tools use this profile instead of the default one.",
    ),
];

/// The variables the check looks at, read from this process's environment. Only these: a
/// variable that is not valid Unicode elsewhere must not stop the check (`std::env::vars`
/// panics on one).
pub fn from_process() -> Vec<(String, String)> {
    VARIABLES
        .iter()
        .filter_map(|(name, _, _)| {
            let value = std::env::var_os(name)?;
            // Only whether it is set matters; the value (a secret, perhaps) is not kept.
            (!value.is_empty()).then(|| ((*name).to_owned(), "set".to_owned()))
        })
        .collect()
}

pub(super) fn check(environment: &[(String, String)], out: &mut Vec<Finding>) {
    for (variable, severity, why) in VARIABLES {
        let set = environment
            .iter()
            .any(|(name, value)| name == variable && !value.is_empty());
        if !set {
            continue;
        }
        out.push(Finding {
            kind: "environment",
            severity,
            place: Place::Environment {
                variable: variable.into(),
            },
            profile: None,
            access_key_id: None,
            what: format!("{variable} is set in the environment keyshelf was started from."),
            why: why.into(),
            fix: format!(
                "Remove {variable} from your shell's start-up files (such as ~/.bashrc or ~/.profile) and open a new terminal."
            ),
            action: None,
        });
    }
}
