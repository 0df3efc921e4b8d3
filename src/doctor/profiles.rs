//! Checks of the profiles as the AWS tools read them: plaintext keys and their age, a key
//! in several profiles, keys that shadow a `credential_process`, a missing program, a missing
//! or looping `source_profile`, names some SDKs drop, and inline comments the tools read
//! differently. Checks of a file as a whole are in `file_checks.rs`.

use std::collections::HashMap;
use std::path::Path;

use super::{Action, Finding, Place, Severity, days_since, plural};
use crate::aws::{FileKind, Profile, ResolveError, SecretLocation, SharedFiles, names};
use crate::files::Workspace;
use crate::import::IMPORTED_KEY;

use crate::keychain::ROTATED_KEY;

/// After this many days a key is due for rotation (the AWS security best practice of 90 days).
pub const ROTATE_AFTER_DAYS: i64 = 90;

/// Adds the key of every profile with keys in the files.
pub(super) fn add_known_keys(files: &SharedFiles, known: &mut super::KnownKeys) {
    for name in files.profile_names() {
        if let Some(keys) = files.static_keys(&name) {
            known.add(&keys.access_key_id, &keys.secret_access_key, &name);
        }
    }
}

pub(super) fn check(workspace: &Workspace, today: chrono::NaiveDate, out: &mut Vec<Finding>) {
    let files = &workspace.docs;
    let profiles = files.profiles();
    // Both files whole, once: per profile it made the check quadratic in their size.
    let readable = files.readable().is_ok();
    let mut holders: HashMap<String, Vec<String>> = HashMap::new();
    for profile in &profiles {
        let at = header_place(workspace, profile);
        let age = key_age(profile, today);
        if let Some(keys) = files.static_keys(&profile.name) {
            holders
                .entry(keys.access_key_id.clone())
                .or_default()
                .push(profile.name.clone());
            plaintext(profile, &keys.access_key_id, age, at.clone(), out);
        }
        if let Some(days) = age.filter(|&d| d >= ROTATE_AFTER_DAYS) {
            out.push(Finding {
                kind: "old_key",
                severity: Severity::Advice,
                place: Place::Profile {
                    name: profile.name.clone(),
                },
                profile: Some(profile.name.clone()),
                access_key_id: None,
                what: format!(
                    "The key of profile “{}” has been in use for {}.",
                    profile.name,
                    plural(usize::try_from(days).unwrap_or(0), "day", "days")
                ),
                why: "The longer a key lives, the longer a copy of it someone took keeps working."
                    .into(),
                fix: format!("Make a new key for it in the AWS console and replace the old one (AWS advises every {ROTATE_AFTER_DAYS} days)."),
                action: None,
            });
        }
        // What the form would hint beside a field: a key ID of the wrong shape, an unknown
        // region, so the Health page shows every profile that needs a look.
        for hint in files.hints(&profile.name) {
            // Reported above in their own words: a missing or looping source, an inline comment.
            let inline = profile
                .plain(hint.field)
                .is_some_and(|v| v.contains(" #") || v.contains(" ;"));
            if hint.field == "source_profile" || inline {
                continue;
            }
            let label = crate::aws::fields::field_of(hint.field).map_or(hint.field, |f| f.label);
            let mut found = finding(
                "setting_hint",
                Severity::Warning,
                Place::Profile {
                    name: profile.name.clone(),
                },
                Some(&profile.name),
                format!("Profile “{}”, {label}: {}", profile.name, hint.message),
                "The AWS tools may refuse or misread it.",
                "Open the profile and correct it.",
            );
            // A mistyped region with one likely meaning: one click sets it.
            let meant = (hint.field == "region")
                .then(|| profile.plain("region"))
                .flatten()
                .and_then(crate::aws::regions::closest);
            if let Some(region) = meant {
                found.fix = format!("Set it to {region}, or open the profile and pick another.");
                found.action = Some(Action::SetRegion {
                    profile: profile.name.clone(),
                    region: region.to_owned(),
                });
            }
            out.push(found);
        }
        process_checks(workspace, profile, at.clone(), out);
        resolution_checks(files, readable, profile, at.clone(), out);
        if !names::sdk_compatible(&profile.name) {
            out.push(finding(
                "name_sdks_skip",
                Severity::Warning,
                at.clone(),
                Some(&profile.name),
                format!("The AWS SDKs for Rust and Go cannot read profile “{}”: its name has a space or another character they do not accept.", profile.name),
                "Programs written with those SDKs say the profile does not exist.",
                "Rename it using only letters, digits and - _ . / % @ : +.",
            ));
        }
        for setting in &profile.settings {
            let Some(value) = setting.value.as_plain() else {
                continue;
            };
            if crate::aws::has_inline_comment(value) {
                out.push(finding(
                    "inline_comment",
                    Severity::Warning,
                    Place::Line {
                        path: workspace.path(setting.file).to_path_buf(),
                        line: setting.line,
                    },
                    Some(&profile.name),
                    format!("The value of {} in profile “{}” has a # or ; after a space.", setting.key, profile.name),
                    "The AWS CLI reads it as part of the value, but the AWS SDKs take it for a comment and cut it off, so they disagree.",
                    "Remove the comment from the line, or put it on a line of its own.",
                ));
            }
        }
    }
    super::file_checks::unread_secrets(workspace, out);
    for (key_id, profiles) in holders {
        if profiles.len() > 1 {
            let mut f = finding(
                "same_key",
                Severity::Warning,
                Place::Profile {
                    name: profiles[0].clone(),
                },
                None,
                format!(
                    "The same key {key_id} is in {}: {}.",
                    plural(profiles.len(), "profile", "profiles"),
                    quote_list(&profiles)
                ),
                "Replacing or deleting it in one profile leaves the others with the old copy.",
                "Keep it in one profile, and have the others use source_profile or delete them.",
            );
            f.access_key_id = Some(key_id);
            out.push(f);
        }
    }
    super::file_checks::file_structure(workspace, out);
}

/// When the key came into use, as keyshelf recorded it: days since the later of the import and
/// the rotation dates.
fn key_age(profile: &Profile, today: chrono::NaiveDate) -> Option<i64> {
    [IMPORTED_KEY, ROTATED_KEY]
        .iter()
        .filter_map(|key| profile.plain(key).and_then(|d| days_since(d, today)))
        .min()
}

fn plaintext(profile: &Profile, key_id: &str, age: Option<i64>, at: Place, out: &mut Vec<Finding>) {
    let since = match age {
        Some(days) => format!(
            " It has been in use for {}.",
            plural(usize::try_from(days).unwrap_or(0), "day", "days")
        ),
        None => String::new(),
    };
    out.push(Finding {
        kind: "plaintext_keys",
        severity: Severity::Warning,
        place: at,
        profile: Some(profile.name.clone()),
        access_key_id: Some(key_id.to_owned()),
        what: format!(
            "Profile “{}” keeps its secret key in plain text in the files.{since}",
            profile.name
        ),
        why: "Any program you run, and any backup of your home folder, can read and copy it."
            .into(),
        fix: "Move its keys to the keychain; the AWS tools keep working.".into(),
        action: Some(Action::MoveToKeychain {
            profile: profile.name.clone(),
        }),
    });
}

fn process_checks(workspace: &Workspace, profile: &Profile, at: Place, out: &mut Vec<Finding>) {
    let Some(command) = profile.plain("credential_process") else {
        return;
    };
    if profile
        .secret_keys
        .iter()
        .any(|(k, _)| crate::ini::same_key(k, "aws_access_key_id"))
    {
        out.push(finding(
            "keys_shadow_process",
            Severity::Serious,
            at.clone(),
            Some(&profile.name),
            format!("Profile “{}” has plaintext keys beside its credential_process.", profile.name),
            "The AWS tools use the plaintext keys first and never run the credential_process.",
            "Move the keys to the keychain again (keyshelf removes them from the files), or delete them.",
        ));
    }
    let ours = crate::keychain::parse_credential_process(command);
    let program = match &ours {
        Some((program, _)) => Some(program.clone()),
        None => shlex::split(command).and_then(|words| words.into_iter().next()),
    };
    let Some(program) = program else { return };
    if program_exists(&program) {
        return;
    }
    let mut f = finding(
        "process_missing",
        Severity::Serious,
        at,
        Some(&profile.name),
        format!(
            "The credential_process of profile “{}” runs {program}, which does not exist.",
            profile.name
        ),
        "Every AWS tool fails for this profile.",
        if ours.is_some() {
            "Point it at this keyshelf: Repair path, or “keyshelf repair program”."
        } else {
            "Install that program, or correct the path in the profile."
        },
    );
    if ours.is_some() && !workspace.is_dirty() {
        f.action = Some(Action::RepairPath {
            profile: profile.name.clone(),
        });
    }
    out.push(f);
}

/// A path, or a bare name looked up on `PATH` as `sh -c` would.
fn program_exists(program: &str) -> bool {
    let path = Path::new(program);
    if path.components().count() > 1 || path.is_absolute() {
        return path.is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|dirs| std::env::split_paths(&dirs).any(|d| d.join(program).is_file()))
}

/// `source_profile` missing or looping, and every other reason the AWS tools would refuse the
/// profile, as `SharedFiles::resolve` (botocore's resolution) finds them. A missing source is
/// reported where it is named; a loop for every profile that runs into it (each one fails).
/// Nothing when the files are not `readable`: botocore refuses them whole, said once elsewhere.
fn resolution_checks(
    files: &SharedFiles,
    readable: bool,
    profile: &Profile,
    at: Place,
    out: &mut Vec<Finding>,
) {
    if !readable {
        return;
    }
    let Err(err) = files.resolve_readable(&profile.name) else {
        return;
    };
    let (kind, what) = match &err {
        ResolveError::SourceMissing {
            profile: p,
            source_profile,
        } if *p == profile.name => (
            "source_profile_missing",
            format!(
                "Profile “{p}” takes its keys from profile “{source_profile}”, which does not exist."
            ),
        ),
        ResolveError::Loop { .. } => (
            "source_profile_loop",
            format!(
                "Profile “{}” takes its keys through a chain of source profiles that comes back on itself.",
                profile.name
            ),
        ),
        ResolveError::SourceMissing { .. }
        | ResolveError::NoProfile { .. }
        | ResolveError::Unreadable { .. } => return,
        other if other.profile() == Some(profile.name.as_str()) => (
            "profile_unusable",
            format!("{}.", capitalise(&other.to_string())),
        ),
        _ => return,
    };
    out.push(finding(
        kind,
        Severity::Serious,
        at,
        Some(&profile.name),
        what,
        "Every AWS tool fails for this profile.",
        "Open the profile and correct its source, or make the profile it names hold keys.",
    ));
}

fn header_place(workspace: &Workspace, profile: &Profile) -> Place {
    let (file, line) = match (
        profile.secret,
        profile.credentials_line,
        profile.config_line,
    ) {
        (SecretLocation::File, Some(line), _) | (_, Some(line), None) => {
            (FileKind::Credentials, line)
        }
        (_, _, Some(line)) => (FileKind::Config, line),
        _ => {
            return Place::Profile {
                name: profile.name.clone(),
            };
        }
    };
    Place::Line {
        path: workspace.path(file).to_path_buf(),
        line,
    }
}

pub(super) fn finding(
    kind: &'static str,
    severity: Severity,
    place: Place,
    profile: Option<&str>,
    what: String,
    why: &str,
    fix: &str,
) -> Finding {
    Finding {
        kind,
        severity,
        place,
        profile: profile.map(str::to_owned),
        access_key_id: None,
        what,
        why: why.into(),
        fix: fix.into(),
        action: None,
    }
}

fn quote_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("“{n}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
