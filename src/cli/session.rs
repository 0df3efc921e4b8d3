//! `keyshelf credential-process`, `temporary` and `session`: keys or temporary credentials
//! served to the AWS tools, and the switch between them.

use std::io::Write;
use std::time::{Duration, Instant};

use keyshelf::action::{self, StoreFactory};
use keyshelf::aws::AwsPaths;
use keyshelf::cloud::Target;
use keyshelf::files::Workspace;
use keyshelf::keychain::{self, ItemKey, KeychainError, ProcessOutput};
use keyshelf::secret::Secret;
use keyshelf::session::{self, Need};

use super::list::print_stdout;
use super::mfa::{self, Prefer};
use super::user_error;

/// Serves a profile to an AWS tool: the credential_process JSON on stdout and nothing else.
///
/// Long-term keys, and a cached session with 15 minutes left, are one keychain read: no file
/// is read (the item is found from the profile name and the credentials file's path, both known
/// from the command line and the environment) and the AWS SDK is not started. A session that
/// must be renewed reads the profile's `mfa_serial` and region, may ask for a code, and gives
/// up within [`session::GIVE_UP`].
pub fn credential_process(profile: &str, temporary: Option<u32>) -> anyhow::Result<()> {
    let started = Instant::now();
    let paths = AwsPaths::from_env()?;
    let item = ItemKey::new(profile, &paths.credentials);
    // The AWS tools wait for this process only a few seconds: so does it, for the keychain.
    let store =
        keychain::serving_store(keychain::SERVE_WAIT).map_err(|err| not_served(profile, &err))?;
    let Some(seconds) = temporary else {
        let keys = store.get(&item).map_err(|err| match err {
            // Only now are the files read: is it the item that is gone, or the profile?
            KeychainError::NotFound => match item_of_profile(&paths, profile) {
                ItemOf::NoProfile => anyhow::anyhow!(
                    "cannot serve profile “{}”: there is no such profile in {} or {} (renamed or deleted?); the line that runs keyshelf names a profile that is not there",
                    profile.escape_debug(),
                    paths.config.display(),
                    paths.credentials.display()
                ),
                ItemOf::Other(source) => user_error(format!(
                    "profile “{}” has no keychain item of its own: its credential_process line serves the keys kept for “{}” (a duplicate shares its source's keys), and that is what the AWS tools run; to try it by hand: keyshelf credential-process --profile \"{}\"",
                    profile.escape_debug(),
                    source.escape_debug(),
                    source.escape_debug()
                )),
                ItemOf::NotServed => user_error(format!(
                    "profile “{}” does not get its keys from keyshelf (its credential_process line does not run keyshelf), so the keychain holds none for it; `keyshelf which --profile \"{}\"` says where they are",
                    profile.escape_debug(),
                    profile.escape_debug()
                )),
                ItemOf::Own => not_served(profile, &KeychainError::NotFound),
            },
            err => not_served(profile, &err),
        })?;
        return print_json(&ProcessOutput::new(&keys));
    };
    let cached = session::cached(&*store, &item, seconds, chrono::Utc::now())
        .map_err(|err| not_served(profile, &err))?;
    if let Some(session) = cached {
        return print_json(&ProcessOutput::session(&session));
    }
    let target = Target {
        paths: paths.clone(),
        endpoint: None,
    };
    let need = Need {
        item: &item,
        section: profile,
        paths: &paths,
        seconds,
        target: &target,
        deadline: started + session::GIVE_UP,
        renew: false,
    };
    let obtained = session::obtain(&*store, &need, &mut |q| mfa::ask(q, Prefer::Window))?;
    if let Some(why) = &obtained.not_cached {
        // Served all the same; the next call will ask again.
        eprintln!(
            "keyshelf: warning: the new session of profile “{}” is not kept for the next call: {why}",
            profile.escape_debug()
        );
    }
    print_json(&ProcessOutput::session(&obtained.session))
}

/// One JSON object on stdout; a secret goes nowhere else.
pub(super) fn print_json(output: &ProcessOutput<'_>) -> anyhow::Result<()> {
    let json = Secret::new(serde_json::to_string(output)?);
    print_stdout(json.expose())?;
    let _ = std::io::stdout().flush();
    Ok(())
}

/// Whether the files name `profile` (a file that cannot be read counts as naming it: the item
/// is then what is said to be missing).
/// What the files say about the keychain item of a profile whose item is missing.
enum ItemOf {
    NoProfile,
    /// Its line names another profile's item (a duplicate's does).
    Other(String),
    /// Its keys are not served by keyshelf at all.
    NotServed,
    /// Its line names its own item: the item is gone.
    Own,
}

/// Read only once the item is found missing, so that serving keys reads no file.
fn item_of_profile(paths: &AwsPaths, profile: &str) -> ItemOf {
    let Ok(workspace) = Workspace::load(paths.clone()) else {
        return ItemOf::Own;
    };
    if !workspace.docs.exists(profile) {
        return ItemOf::NoProfile;
    }
    let line = workspace
        .docs
        .get(profile, "credential_process")
        .and_then(|(value, _)| value.as_plain().map(str::to_owned));
    match line.as_deref().and_then(keychain::parse_credential_process) {
        Some((_, item)) if item != profile => ItemOf::Other(item),
        Some(_) => ItemOf::Own,
        None => ItemOf::NotServed,
    }
}

pub(super) fn not_served(profile: &str, err: &KeychainError) -> anyhow::Error {
    let fix = match err {
        KeychainError::NotFound => {
            "; no copy of the keys is left to restore from: import them again from the access key CSV with “keyshelf import FILE --profile NAME --to-keychain --on-conflict replace”, or make a new access key in the AWS console"
        }
        _ => "",
    };
    anyhow::anyhow!(
        "cannot serve profile “{}”: {err}{fix}",
        profile.escape_debug()
    )
}

/// `keyshelf temporary on|off`: switches the profile's `credential_process` line, saves, and
/// after turning temporary credentials off ends the cached session.
pub fn temporary(
    workspace: &mut Workspace,
    store: &StoreFactory,
    name: &str,
    on: bool,
    duration: Option<u64>,
) -> anyhow::Result<()> {
    let seconds = match (on, duration) {
        (true, Some(seconds)) => Some(session::check_seconds(seconds)?),
        (true, None) => Some(session::DEFAULT_SECONDS),
        (false, _) => None,
    };
    let report = session::switch(workspace, store.as_ref(), name, seconds)?;
    for path in report.iter().flat_map(|r| &r.written) {
        eprintln!("saved {}", path.display());
    }
    match seconds {
        Some(seconds) => {
            let ask = if workspace.docs.get(name, "mfa_serial").is_some() {
                ", asking for an MFA code when a session starts"
            } else {
                ""
            };
            eprintln!(
                "Profile “{}” now gets temporary credentials, {} at a time{ask}.",
                name.escape_debug(),
                session::time_left_words(u64::from(seconds))
            );
        }
        None => {
            eprintln!(
                "Profile “{}” gets its long-term keys again; its session has ended.",
                name.escape_debug()
            );
        }
    }
    Ok(())
}

/// `keyshelf session`: starts a new session ahead of time (the AWS SDK for Rust waits only
/// 5 seconds for a credential process, too short to type a code), or ends it with `end`.
pub fn start_or_end(
    workspace: &Workspace,
    store: &StoreFactory,
    name: &str,
    code: Option<&str>,
    end: bool,
) -> anyhow::Result<()> {
    if end {
        action::end_session(workspace, store, name)?;
        eprintln!(
            "The session of profile “{}” has ended.",
            name.escape_debug()
        );
        return Ok(());
    }
    let given = mfa::given_code(code)?;
    let target = Target {
        paths: workspace.paths.clone(),
        endpoint: None,
    };
    // A person at a terminal: two minutes to find the device.
    let deadline = Instant::now() + Duration::from_secs(130);
    let started = action::start_session(workspace, store, name, &target, deadline, &mut |q| {
        mfa::given_or_ask(&given, q)
    })?;
    eprintln!(
        "Session of profile “{}” started: temporary key {}, until {} ({}).",
        name.escape_debug(),
        started.access_key_id,
        started.expiration,
        session::time_left_words(started.seconds_left)
    );
    Ok(())
}

/// `keyshelf mfa-prompt`: the small window that asks for a code, run by [`mfa::ask`]. Prints
/// the code on stdout; exit code 1 when closed without one, [`mfa::NO_WINDOW`] when no window
/// could be opened.
#[cfg(feature = "gui")]
pub fn mfa_prompt(profile: &str, device: &str, seconds: u64) -> std::process::ExitCode {
    let limit = Duration::from_secs(seconds);
    let started = Instant::now();
    match keyshelf::gui::mfa_window::ask(profile, device, limit) {
        Ok(Some(code)) => match print_stdout(code.expose()) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(_) => std::process::ExitCode::from(2),
        },
        Ok(None) if started.elapsed() >= limit => std::process::ExitCode::from(mfa::TIME_UP),
        Ok(None) => std::process::ExitCode::from(1),
        Err(err) => {
            eprintln!("keyshelf: could not open the window: {err}");
            std::process::ExitCode::from(mfa::NO_WINDOW)
        }
    }
}

#[cfg(not(feature = "gui"))]
pub fn mfa_prompt(_: &str, _: &str, _: u64) -> std::process::ExitCode {
    std::process::ExitCode::from(mfa::NO_WINDOW)
}
