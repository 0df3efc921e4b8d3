//! `keyshelf credential-process` for a role of an SSO sign-in, and `sso-prompt`: the role's
//! credentials served from the keychain, and, when the sign-in has expired for good, keyshelf's
//! small window asking to sign in again.

use std::time::{Duration, Instant};

use keyshelf::aws::AwsPaths;
use keyshelf::cloud::Target;
use keyshelf::files::Workspace;
use keyshelf::keychain::{self, ProcessOutput};
use keyshelf::session;
use keyshelf::sso::SsoError;

use super::mfa;
use super::session::{not_served, print_json};

/// Serves a role of an SSO sign-in: cached role credentials (one keychain read, no file), else
/// new ones from IAM Identity Center with the keychain's access token, refreshed when it is
/// about to expire. Never asks anything: a sign-in that cannot be renewed is one line saying
/// how to sign in again.
pub fn sso_credential_process(
    profile: &str,
    session: &str,
    account: &str,
    role: &str,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let paths = AwsPaths::from_env()?;
    let store =
        keychain::serving_store(keychain::SERVE_WAIT).map_err(|err| not_served(profile, &err))?;
    let target = Target {
        paths: paths.clone(),
        endpoint: None,
    };
    let role = keyshelf::sso::SsoRole {
        profile: profile.to_owned(),
        session: session.to_owned(),
        account: account.to_owned(),
        role: role.to_owned(),
    };
    let serve = |deadline| {
        keyshelf::sso::role_credentials(&*store, &role, &paths.credentials, &target, deadline)
    };
    let served = match serve(serve_deadline(started)) {
        Err(err @ (SsoError::NotSignedIn { .. } | SsoError::Expired { .. })) => {
            // Signed in again in the browser, if the person wants to, then served.
            if !sign_in_again(&*store, &role, &paths, &target)? {
                return Err(err.into());
            }
            serve(serve_deadline(Instant::now()))?
        }
        other => other?,
    };
    print_json(&ProcessOutput::session(&served))
}

/// Until when a try at serving that starts at `start` may wait on the session's lock. The try
/// after a sign-in is given its own: a sign-in may take minutes, and with the first try's
/// deadline long past, calls that waited for it would fail with Busy whenever another one held
/// the lock for its GetRoleCredentials, instead of taking their turn.
fn serve_deadline(start: Instant) -> Instant {
    start + session::GIVE_UP
}

/// How long a sign-in asked for by credential-process may take, the window included.
const SIGN_IN_WAIT: Duration = Duration::from_secs(300);

/// How long keyshelf's window waits for an answer.
const SIGN_IN_WINDOW_SECONDS: u64 = 120;

/// The sign-in of `role.session` has expired: where there is a display, keyshelf's small window
/// asks whether to sign in again, and the browser does it. Parallel calls wait on the session's
/// lock: one window, one sign-in; a Cancel is the answer for those that waited. `Ok(false)`
/// when no window could ask.
fn sign_in_again(
    store: &dyn keychain::SecretStore,
    role: &keyshelf::sso::SsoRole,
    paths: &AwsPaths,
    target: &Target,
) -> anyhow::Result<bool> {
    if !mfa::has_display() {
        return Ok(false);
    }
    let asked_at = std::time::SystemTime::now();
    let item = keyshelf::sso::session_item(&role.session, &paths.credentials);
    // The sign-in as it was when it failed: another call that signs in meanwhile changes it.
    let token_now = || {
        keychain::get_item::<keyshelf::sso::SsoTokens>(store, &item)
            .ok()
            .map(|s| s.expires_at)
    };
    let failed_with = token_now();
    let Ok(mut lock) = session::SessionLock::acquire(&item, Instant::now() + SIGN_IN_WAIT) else {
        return Ok(false);
    };
    if let Some(why) = lock.declined_since(asked_at) {
        return Err(super::user_error(why));
    }
    // Another call signed in while this one waited.
    let now = token_now();
    if now.is_some() && now != failed_with {
        return Ok(true);
    }
    let Ok(program) = std::env::current_exe() else {
        return Ok(false);
    };
    let status = std::process::Command::new(program)
        .args([
            "sso-prompt",
            "--profile",
            &role.profile,
            "--session",
            &role.session,
        ])
        .args(["--seconds", &SIGN_IN_WINDOW_SECONDS.to_string()])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match status.ok().and_then(|s| s.code()) {
        Some(0) => {}
        Some(code) if code == i32::from(mfa::NO_WINDOW) => return Ok(false),
        code => {
            let why = not_signed_in(&role.session, code == Some(i32::from(mfa::TIME_UP)));
            lock.note_declined(&why);
            // The person's answer (or absence), not a failure of the system: exit code 1.
            return Err(super::user_error(why));
        }
    }
    let workspace = Workspace::load(paths.clone())?;
    let sso = workspace
        .docs
        .sso_session(&role.session)
        .ok_or_else(|| SsoError::NoSession(role.session.clone()))?;
    let center = keyshelf::cloud::sso::IdentityCenter::new(&sso.region, target)?;
    keyshelf::sso::sign_in_with_browser(
        &center,
        store,
        &sso,
        &paths.credentials,
        &mut |address| keyshelf::platform::opener::open_browser(address),
        &|| false,
    )
    .map_err(|err| match err {
        SsoError::TimedOut { .. } => anyhow::anyhow!("{err}; {}", try_again(&role.session)),
        err => err.into(),
    })?;
    Ok(true)
}

/// Why no sign-in happened after keyshelf's window asked for one, with the next step, in one
/// line: the person said no (Cancel, or closed the window), or nobody answered in time
/// (`timed_out`), which is no refusal: they may have been away.
fn not_signed_in(session: &str, timed_out: bool) -> String {
    let session_words = session.escape_debug();
    match timed_out {
        false => format!(
            "the sign-in to SSO session “{session_words}” was cancelled in keyshelf's window; {}",
            try_again(session)
        ),
        true => format!(
            "nobody answered keyshelf's window asking to sign in to SSO session “{session_words}” within {SIGN_IN_WINDOW_SECONDS} seconds; {}",
            try_again(session)
        ),
    }
}

/// The next step after a sign-in that did not happen.
fn try_again(session: &str) -> String {
    format!(
        "sign in with “keyshelf sso login {}”, then run the AWS command again",
        // Escaped first: a newline in a hand-made name must not break the line.
        super::shell_word(&session.escape_debug().to_string())
    )
}

/// `keyshelf sso-prompt`: the small window that asks to sign in again, run by
/// credential-process. Exit code 0 for Sign in, 1 for Cancel, [`mfa::TIME_UP`] when time ran
/// out, [`mfa::NO_WINDOW`] when no window could be opened.
#[cfg(feature = "gui")]
pub fn sso_prompt(profile: &str, sso_session: &str, seconds: u64) -> std::process::ExitCode {
    let limit = Duration::from_secs(seconds);
    let started = Instant::now();
    match keyshelf::gui::sign_in_window::ask(profile, sso_session, limit) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) if started.elapsed() >= limit => std::process::ExitCode::from(mfa::TIME_UP),
        Ok(false) => std::process::ExitCode::from(1),
        Err(err) => {
            eprintln!("keyshelf: could not open the window: {err}");
            std::process::ExitCode::from(mfa::NO_WINDOW)
        }
    }
}

#[cfg(not(feature = "gui"))]
pub fn sso_prompt(_: &str, _: &str, _: u64) -> std::process::ExitCode {
    std::process::ExitCode::from(mfa::NO_WINDOW)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window's two ways of ending without a sign-in are told apart, each in one line with
    /// the next step.
    #[test]
    fn a_window_nobody_answered_is_not_said_to_be_cancelled() {
        let cancelled = not_signed_in("corp", false);
        let timed_out = not_signed_in("corp", true);
        assert_eq!(
            cancelled,
            "the sign-in to SSO session “corp” was cancelled in keyshelf's window; sign in with “keyshelf sso login corp”, then run the AWS command again"
        );
        assert_eq!(
            timed_out,
            "nobody answered keyshelf's window asking to sign in to SSO session “corp” within 120 seconds; sign in with “keyshelf sso login corp”, then run the AWS command again"
        );
        assert!(!timed_out.contains("cancel"));
        // A name the shell would split is quoted in the command, escaped in the sentence.
        assert!(not_signed_in("a b", false).contains("“keyshelf sso login 'a b'”"));
        assert!(!not_signed_in("x\ny", true).contains('\n'));
    }

    // Not tested end to end: it needs a sign-in slower than GIVE_UP (55 s) while another call
    // holds the lock, which only a clock could arrange.
    #[test]
    fn the_try_after_a_slow_sign_in_has_a_deadline_of_its_own() {
        let started = Instant::now();
        let signed_in = started + Duration::from_secs(240);
        assert!(
            serve_deadline(started) < signed_in,
            "the first try's is past"
        );
        assert_eq!(serve_deadline(signed_in), signed_in + session::GIVE_UP);
    }
}
