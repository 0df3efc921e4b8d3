//! What every layer's error tells the face that shows it: whether the person can fix it (exit
//! code 1) or the disk or the system failed (2), and what fixes it as data ([`Remedy`]). An
//! error's own message names no command and no button; the command line words the remedy as
//! its command (“keyshelf repair bom config”), the app as its button.

use std::error::Error;

use crate::aws::FileKind;

/// What fixes a fault, as data: each face words it, the command line as its command
/// (“keyshelf repair bom config”), the app as its button ("Remove the mark").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remedy {
    /// Merge or remove the config headers the AWS tools ignore for this profile.
    MergeShadowed {
        profile: String,
    },
    /// Remove the byte order mark at the start of the file.
    RemoveBom {
        file: FileKind,
    },
    /// Keep one of two duplicate sections or keys (at these lines).
    KeepOne {
        file: FileKind,
        first: usize,
        second: usize,
    },
    /// Let a rotation delete the user's other, inactive key.
    DeleteInactiveKey,
    TurnOnTemporary {
        profile: String,
    },
    /// End the cached session once the keychain answers.
    EndSession {
        profile: String,
    },
    /// Import the profile's keys into the keychain again.
    ImportAgain {
        profile: String,
    },
    /// Sign in (IAM Identity Center when `sso`, else the console sign-in of `aws login`).
    SignIn {
        profile: String,
        sso: bool,
    },
    /// Sign in to this SSO session with keyshelf (the tokens go to the keychain).
    SsoLogin {
        session: String,
    },
}

pub trait Fault: Error {
    /// Whether the person can fix it by changing what they asked or their files, as opposed to
    /// a failure of the disk or the system.
    fn is_user_error(&self) -> bool;

    /// What fixes it, when one thing does.
    fn remedy(&self) -> Option<Remedy> {
        None
    }

    /// What lies under the sentence (what the SDK said), for those who want it: the app folds
    /// it away, the command line prints it on a line of its own.
    fn details(&self) -> Option<String> {
        None
    }

    /// The command line's exit code for it.
    fn exit_code(&self) -> u8 {
        if self.is_user_error() { 1 } else { 2 }
    }
}

/// The error as a [`Fault`], when it is one of keyshelf's (each layer's error type is listed
/// here once).
pub fn of<'a>(err: &'a (dyn Error + 'static)) -> Option<&'a dyn Fault> {
    macro_rules! try_as {
        ($($ty:ty),*) => {
            $(if let Some(found) = err.downcast_ref::<$ty>() {
                return Some(found);
            })*
        };
    }
    try_as!(
        crate::keychain::MoveError,
        crate::keychain::KeychainError,
        crate::files::FilesError,
        crate::aws::AwsError,
        crate::import::PlanError,
        crate::cloud::CloudError,
        crate::rotate::RotateError,
        crate::session::SessionError,
        crate::install::InstallError,
        crate::action::InstallActionError,
        crate::action::MfaDevicesError,
        crate::action::DeleteKeyError,
        crate::sso::SsoError,
        crate::action::ConsoleError
    );
    None
}

/// The message, then its remedy as `word` says it: "…; remove the mark with “keyshelf repair
/// bom config”".
pub fn with_remedy(fault: &dyn Fault, word: &dyn Fn(&Remedy) -> String) -> String {
    match fault.remedy() {
        Some(remedy) => format!("{fault}; {}", word(&remedy)),
        None => fault.to_string(),
    }
}
