//! What every layer's error tells the face that shows it: whether the person can fix it (exit
//! code 1) or the disk or the system failed (2), and the next step in the words of that face.
//! An error's own message names no command and no button; the command line adds its command
//! (“keyshelf repair bom config”), the app its button ("Remove the mark").

use std::error::Error;

/// Where the person reads the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    CommandLine,
    App,
}

pub trait Fault: Error {
    /// Whether the person can fix it by changing what they asked or their files, as opposed to
    /// a failure of the disk or the system.
    fn is_user_error(&self) -> bool;

    /// What to do next, as `face` says it; `None` when the message says all there is.
    fn next_step(&self, _face: Face) -> Option<String> {
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
        crate::files::FilesError,
        crate::aws::AwsError,
        crate::import::PlanError,
        crate::cloud::CloudError,
        crate::rotate::RotateError,
        crate::session::SessionError,
        crate::install::InstallError,
        crate::action::InstallActionError,
        crate::action::MfaDevicesError
    );
    None
}

/// The message with the next step for `face`: "…; remove the mark with “keyshelf repair bom
/// config”".
pub fn with_next_step(fault: &dyn Fault, face: Face) -> String {
    match fault.next_step(face) {
        Some(step) => format!("{fault}; {step}"),
        None => fault.to_string(),
    }
}
