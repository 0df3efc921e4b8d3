//! What the app knows of each profile beyond its lines in the files: its keychain item, the last
//! Test, its session and the problems the list marks. Each is asked off the UI
//! thread, so each is an [`Asked`]: being checked, known, or failed with its own typed error.
//! A profile never asked has no entry.

use std::collections::HashMap;
use std::time::Instant;

use crate::action::MfaDevicesError;
use crate::cloud::account::MfaDevice;
use crate::cloud::{CloudError, TestReport};
use crate::keychain::{Ailment, KeychainError};
use crate::session::SessionStatus;

/// The answer to a question asked off the UI thread.
#[derive(Clone, Debug)]
pub enum Asked<T, E> {
    Checking,
    Known(T),
    Failed(E),
}

impl<T, E> Asked<T, E> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Asked::Known(value) => Some(value),
            _ => None,
        }
    }

    pub fn is_checking(&self) -> bool {
        matches!(self, Asked::Checking)
    }
}

impl<T, E> From<Result<T, E>> for Asked<T, E> {
    fn from(result: Result<T, E>) -> Self {
        match result {
            Ok(value) => Asked::Known(value),
            Err(err) => Asked::Failed(err),
        }
    }
}

/// What a look over the files found for one profile: what the list marks, and what is wrong
/// with the line that serves it (a program that is gone).
#[derive(Clone, Debug, Default)]
pub struct Survey {
    pub problems: Vec<String>,
    pub ailments: Vec<Ailment>,
}

#[derive(Default)]
pub struct ProfileStatus {
    /// Its keychain item: the access key ID it holds (never a secret), or what is wrong.
    pub item: Option<Asked<String, Ailment>>,
    /// What the last Test found.
    pub test: Option<Asked<Box<TestReport>, CloudError>>,
    /// Its session as last asked (the last answer stays shown while it is asked again).
    pub session: Option<Asked<Option<SessionStatus>, KeychainError>>,
    /// When the session was last asked for.
    pub session_asked: Option<Instant>,
    /// The sign-in of the SSO session an SSO role of keyshelf's signs in with.
    pub sso: Option<Asked<Option<crate::sso::SignInState>, crate::sso::SsoError>>,
    /// The MFA devices of the profile's IAM user, for the picker beside temporary credentials.
    pub mfa_devices: Option<Asked<Vec<MfaDevice>, MfaDevicesError>>,
    /// What the last action started from its page did, shown on that page until another
    /// profile is opened.
    pub result: Option<PageResult>,
    /// From the last look over the files (`None`: not looked at since they changed).
    pub survey: Option<Asked<Survey, std::convert::Infallible>>,
}

/// An action's result on the page it was started from.
#[derive(Clone, Debug)]
pub struct PageResult {
    pub text: String,
    /// Done (`true`), or it failed and nothing changed.
    pub done: bool,
    /// What to do next, offered as a button beside the result.
    pub next: Option<NextStep>,
    /// What the system said, folded under Details.
    pub details: Option<String>,
}

/// A step an action's result offers next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// After a rotation: delete the old key, now inactive, once nothing needs it.
    DeleteOldKey(String),
}

/// Every profile's status, by name.
#[derive(Default)]
pub struct Statuses {
    map: HashMap<String, ProfileStatus>,
    /// Rotations that stopped before they finished, found at the start: the banner offers
    /// to finish each.
    pub stopped_rotations: Vec<crate::rotate::StoppedRotation>,
    /// Counts changes of the files: a look over them that started before the last change is
    /// dropped when it ends.
    files_generation: u64,
}

impl Statuses {
    pub fn get(&self, name: &str) -> Option<&ProfileStatus> {
        self.map.get(name)
    }

    pub fn entry(&mut self, name: &str) -> &mut ProfileStatus {
        self.map.entry(name.to_owned()).or_default()
    }

    /// Every key ID known from the keychain, by profile (to tell an import's rows apart).
    pub fn key_ids(&self) -> HashMap<String, String> {
        self.map
            .iter()
            .filter_map(|(name, s)| Some((name.clone(), s.item.as_ref()?.known()?.clone())))
            .collect()
    }

    /// What is wrong with the profile's keychain item, once asked.
    pub fn item_ailment(&self, name: &str) -> Option<&Ailment> {
        match self.get(name)?.item.as_ref()? {
            Asked::Failed(ailment) => Some(ailment),
            _ => None,
        }
    }

    /// What the keychain holds is asked again (after a load or a change of the keychain).
    pub fn forget_items(&mut self) {
        self.map.values_mut().for_each(|s| s.item = None);
    }

    /// Every SSO sign-in is asked again (after a sign-in or a sign-out).
    pub fn forget_sso(&mut self) {
        self.map.values_mut().for_each(|s| s.sso = None);
    }

    /// Every session is asked again on its next frame, the answers shown until then: a
    /// session may have been started or ended elsewhere (the MFA window, the command line).
    pub fn ask_sessions_again(&mut self) {
        self.map.values_mut().for_each(|s| s.session_asked = None);
    }

    /// Every session is asked again (new keys end sessions).
    pub fn forget_sessions(&mut self) {
        self.map.values_mut().for_each(|s| {
            s.session = None;
            s.session_asked = None;
        });
    }

    /// The files changed: every profile is looked at again.
    pub fn forget_surveys(&mut self) {
        self.files_generation += 1;
        self.map.values_mut().for_each(|s| s.survey = None);
    }

    pub fn files_generation(&self) -> u64 {
        self.files_generation
    }

    /// What the last look over the files found for the profile, once it is in.
    pub fn surveyed(&self, name: &str) -> Option<&Survey> {
        self.get(name)?.survey.as_ref()?.known()
    }

    /// Whether the profile has been, or is being, looked at since the files last changed.
    pub fn survey_asked(&self, name: &str) -> bool {
        self.get(name).is_some_and(|s| s.survey.is_some())
    }

    /// Results go when another profile is opened: they were about the one that was shown.
    pub fn forget_results(&mut self) {
        self.map.values_mut().for_each(|s| s.result = None);
    }

    /// A profile's item, Test and session are asked again (its keys changed).
    pub fn forget_keys_of(&mut self, name: &str) {
        if let Some(status) = self.map.get_mut(name) {
            status.item = None;
            status.test = None;
            status.session = None;
            status.session_asked = None;
        }
    }
}
