//! What the app says about an SSO sign-in: a cancel, a failure (with what to do when time ran
//! out), and the news after signing in, which depends on whether the profile reads the AWS
//! CLI's token file.

use crate::sso::SsoError;

/// What the page says once a sign-in to `session` was cancelled; `added`: the session was new
/// and was saved to the config file before the sign-in began.
pub(super) fn cancelled_words(session: &str, added: bool) -> String {
    match added {
        false => "Sign-in cancelled. Nothing was changed.".into(),
        true => format!(
            "Sign-in cancelled. Nothing was signed in; [sso-session {session}] stays in your config file for next time."
        ),
    }
}

/// What the dialog says when a sign-in failed; when time ran out, what to do next as well.
pub(super) fn failed_words(err: &SsoError) -> String {
    let text = super::widgets::say(err);
    match err {
        SsoError::TimedOut { device: false, .. } => {
            format!("{text} Press Sign in to try again, and approve it in the browser that opens.")
        }
        SsoError::TimedOut { device: true, .. } => {
            format!("{text} Press Sign in for a new code, and confirm it before it expires.")
        }
        _ => text,
    }
}

/// What the app says after signing in to `session`, and whether it is good news: a profile
/// that reads the AWS CLI's token file (`for_profile`) works only once its file was written.
pub(super) fn after_sign_in(
    workspace: &crate::files::Workspace,
    session: &str,
    for_profile: Option<&str>,
    exported: &[std::path::PathBuf],
) -> (String, bool) {
    let Some(profile) = for_profile else {
        return (
            format!("Signed in to SSO session {session}: its profiles work again."),
            true,
        );
    };
    let plain = |key: &str| {
        workspace
            .docs
            .get(profile, key)
            .and_then(|(v, _)| v.as_plain().map(|s| s.trim().to_owned()))
            .filter(|s| !s.is_empty())
    };
    // botocore's SSOTokenLoader: the session's name, else (a legacy profile) the start URL.
    let reads = plain("sso_session").or_else(|| plain("sso_start_url"));
    let written = reads.is_some_and(|key| {
        exported.iter().any(|f| {
            f.file_name() == crate::sso::cli_cache_file(std::path::Path::new(""), &key).file_name()
        })
    });
    match written {
        true => (
            format!(
                "Signed in to SSO session {session}, and wrote the AWS CLI's token file that {profile} reads: Test it again."
            ),
            true,
        ),
        false => (
            format!(
                "Signed in to SSO session {session}, in the keychain only: {profile} reads the AWS CLI's token file, which was not written, so its Test still fails. Sign in again with “Also write the AWS CLI's token file” ticked."
            ),
            false,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{SsoError, after_sign_in, cancelled_words, failed_words};

    /// Running out of time is not a cancel: each says what ran out and what to do, with no clock
    /// needed (the wait's end is the error's, not the test's).
    #[test]
    fn a_time_out_says_what_ran_out_and_what_to_do() {
        let browser = failed_words(&SsoError::TimedOut {
            minutes: 5,
            device: false,
        });
        assert_eq!(
            browser,
            "Time ran out: the browser did not come back with the sign-in within 5 minutes; nothing was kept. Press Sign in to try again, and approve it in the browser that opens."
        );
        let device = failed_words(&SsoError::TimedOut {
            minutes: 10,
            device: true,
        });
        assert!(device.starts_with("Time ran out: the code was not confirmed within 10 minutes"));
        assert!(
            device.ends_with("Press Sign in for a new code, and confirm it before it expires.")
        );
        for words in [browser, device] {
            assert!(!words.contains("cancel"), "{words}");
        }
        assert_eq!(
            cancelled_words("corp", false),
            "Sign-in cancelled. Nothing was changed."
        );
        // A new session was saved before the sign-in began: not "nothing was changed".
        assert!(
            cancelled_words("corp", true).contains("[sso-session corp] stays in your config file")
        );
    }
    use std::path::{Path, PathBuf};

    /// "Test it again" only once the file the profile reads was written: the session's for a
    /// profile with sso_session, the start URL's for a legacy one.
    #[test]
    fn test_again_is_said_only_once_the_profiles_file_exists() {
        let sandbox = crate::test_support::sandbox_with(
            Some(
                "[profile legacy]\nsso_start_url = https://corp.example/start\nsso_region = eu-central-1\n\n[profile modern]\nsso_session = corp\n",
            ),
            None,
        );
        let workspace = sandbox.load();
        let file = |key: &str| crate::sso::cli_cache_file(Path::new("/h/.aws"), key);
        let session_only: Vec<PathBuf> = vec![file("corp")];
        let both = vec![file("corp"), file("https://corp.example/start")];
        let said =
            |profile, exported: &[PathBuf]| after_sign_in(&workspace, "corp", profile, exported);

        let (words, good) = said(Some("legacy"), &both);
        assert!(good);
        assert!(
            words.ends_with("that legacy reads: Test it again."),
            "{words}"
        );
        let (words, good) = said(Some("legacy"), &session_only);
        assert!(!good);
        assert!(!words.contains("Test it again"), "{words}");
        assert!(words.contains("its Test still fails"), "{words}");
        assert!(said(Some("modern"), &session_only).1);
        assert!(!said(Some("modern"), &[]).1);
        // Profiles keyshelf serves read no file.
        assert_eq!(
            said(None, &[]),
            (
                "Signed in to SSO session corp: its profiles work again.".to_owned(),
                true
            )
        );
    }
}
