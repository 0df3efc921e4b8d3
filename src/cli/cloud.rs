//! `keyshelf test --profile P [--json]`: do the profile's credentials work, and whose are they.

use keyshelf::cloud::{self, TestReport};

use super::list::print_stdout;

pub fn test(profile: &str, json: bool) -> anyhow::Result<()> {
    let target = cloud::Target {
        paths: keyshelf::aws::AwsPaths::from_env()?,
        endpoint: None,
    };
    let report = match cloud::test_profile(profile, &target) {
        Ok(report) => report,
        Err(err) => {
            // The AWS CLI's reading failed; another SDK may read the profile otherwise.
            for note in cloud::sdk_disagreements(profile, &target) {
                eprintln!("note: {note}");
            }
            return Err(err.into());
        }
    };
    if json {
        print_stdout(&serde_json::to_string_pretty(&report)?)?;
    } else {
        print_stdout(&text(&report))?;
    }
    Ok(())
}

fn text(report: &TestReport) -> String {
    let mut out = format!(
        "Profile “{}” works.\n  Account: {}\n  ARN:     {}\n  User ID: {}\n",
        report.profile, report.identity.account, report.identity.arn, report.identity.user_id
    );
    let kind = if report.temporary {
        "temporary key"
    } else {
        "access key"
    };
    out.push_str(&format!(
        "  Signed with the {kind} {}",
        report.access_key_id
    ));
    if let Some(created) = &report.key.created {
        out.push_str(&format!(", made {}", day(created)));
        if let Some(days) = age_days(created) {
            out.push_str(&format!(
                " ({} ago)",
                keyshelf::words::plural(days, "day", "days")
            ));
        }
    }
    if let Some(used) = &report.key.last_used {
        out.push_str(&format!(", last used {}", day(used)));
        if let Some(service) = &report.key.last_used_service {
            out.push_str(&format!(" with {service}"));
        }
    }
    out.push_str(".\n");
    for note in &report.disagreements {
        out.push_str(&format!("  Note: {note}.\n"));
    }
    out
}

/// `2026-11-30T04:13:06Z` → `2026-11-30`.
fn day(timestamp: &str) -> &str {
    timestamp.get(..10).unwrap_or(timestamp)
}

fn age_days(timestamp: &str) -> Option<usize> {
    let made = chrono::NaiveDate::parse_from_str(day(timestamp), "%Y-%m-%d").ok()?;
    let days = (chrono::Utc::now().date_naive() - made).num_days();
    usize::try_from(days).ok()
}

/// `keyshelf rotate --profile P [--delete-old] [--yes] [--code CODE]`: a new key stored where
/// the old one was, the old one deactivated (deleted with `--delete-old`). An MFA code is asked
/// in the terminal only when IAM refuses the key without one.
pub fn rotate(
    workspace: &mut keyshelf::files::Workspace,
    store: &keyshelf::action::StoreFactory,
    profile: &str,
    options: keyshelf::rotate::Options,
    code: Option<&str>,
) -> anyhow::Result<()> {
    let target = cloud::Target {
        paths: keyshelf::aws::AwsPaths::from_env()?,
        endpoint: None,
    };
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let given = super::mfa::given_code(code)?;
    let rotated = keyshelf::action::rotate(
        workspace,
        store,
        profile,
        &target,
        options,
        &today,
        &mut |step| eprintln!("{step}"),
        &mut |question| super::mfa::given_or_ask(&given, question),
    )?;
    if let Some(deleted) = &rotated.made_room {
        eprintln!("deleted the inactive key {deleted} to make room");
    }
    let old = &rotated.old_key;
    let after = match rotated.old_deleted {
        true => "deleted".to_owned(),
        false => format!(
            "inactive; once nothing needs it, delete it with “keyshelf delete-key {old} --profile {}”",
            super::shell_word(profile)
        ),
    };
    eprintln!(
        "profile “{profile}” now uses the new key {}; the old key {old} is {after}",
        rotated.new_key
    );
    Ok(())
}

/// `keyshelf delete-key ACCESS_KEY_ID --profile P`: deletes an old, inactive key in IAM.
pub fn delete_key(
    workspace: &keyshelf::files::Workspace,
    store: &keyshelf::action::StoreFactory,
    profile: &str,
    key: &str,
) -> anyhow::Result<()> {
    let target = cloud::Target {
        paths: keyshelf::aws::AwsPaths::from_env()?,
        endpoint: None,
    };
    let deleted = keyshelf::action::delete_old_key(workspace, store, profile, key, &target)?;
    eprintln!("deleted the old key {}", deleted.access_key_id);
    Ok(())
}

/// `keyshelf console --profile P [--print-url] [--duration SECONDS]`: the AWS console, signed in.
pub fn console(
    workspace: &keyshelf::files::Workspace,
    store: &keyshelf::action::StoreFactory,
    profile: &str,
    print_url: bool,
    duration: Option<u32>,
) -> anyhow::Result<()> {
    let target = cloud::Target {
        paths: workspace.paths.clone(),
        endpoint: None,
    };
    let signed_in =
        keyshelf::action::console_sign_in(workspace, store, profile, &target, duration)?;
    if signed_in.without_mfa {
        eprintln!(
            "keyshelf: note: made from the profile's long-term keys, so the console session has no MFA: what needs MFA is not allowed there"
        );
    }
    if print_url {
        super::list::print_stdout(&format!("{}\n", signed_in.url.expose()))?;
        return Ok(());
    }
    if !keyshelf::platform::opener::open_browser(signed_in.url.expose()) {
        anyhow::bail!(
            "no browser could be opened here; print the address with “keyshelf console --profile {} --print-url” and open it yourself",
            super::shell_word(profile)
        );
    }
    eprintln!("opened the AWS console as profile “{profile}” in your browser");
    Ok(())
}
