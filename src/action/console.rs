//! Open the AWS console signed in as a profile: the sign-in address made from the profile's
//! temporary credentials (see [`crate::cloud::federation`]). Where they come from:
//!
//! - a role of an SSO sign-in served by keyshelf: its role credentials (cached or new);
//! - an IAM user's long-term keys (in the keychain or the files): a federation token made with
//!   them, which does not carry MFA (permissions that need MFA are not in the console session);
//! - anything else (a role, the AWS CLI's SSO, a program): what the SDK resolves; long-term
//!   keys from there become a federation token too.
//!
//! A profile signed in with `aws login` (`login_session`) is refused in one sentence: the SDK
//! cannot read it here (see [`CloudError::LoginSession`]).

use super::StoreFactory;
use crate::aws::{Kind, Source, StaticKeys};
use crate::cloud::federation::{federation_token, profile_credentials, sign_in_url};
use crate::cloud::{CloudError, Target};
use crate::files::Workspace;
use crate::keychain::{self, MoveError};
use crate::secret::Secret;
use crate::sso::{SsoError, SsoRole};

/// The longest console session the endpoint allows (12 hours), and the federation token's.
pub const MAX_SECONDS: u32 = 43_200;

/// A sign-in address, and what the person should know about it.
#[derive(Debug)]
pub struct ConsoleSignIn {
    /// Whoever has it is signed in, for 15 minutes: opened, never logged.
    pub url: Secret,
    /// Made from long-term keys: permissions that need MFA are not in the session.
    pub without_mfa: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("there is no profile “{}”", .0.escape_debug())]
    NoProfile(String),
    #[error(
        "profile “{}” is a role reached through another role, so its console session cannot be longer than the role allows: leave out the duration",
        .0.escape_debug()
    )]
    ChainedDuration(String),
    #[error("a console session lasts from 900 to 43200 seconds, not {0}")]
    BadDuration(u32),
    #[error(transparent)]
    Sso(#[from] SsoError),
    #[error(transparent)]
    Keychain(#[from] MoveError),
    #[error(transparent)]
    Cloud(#[from] CloudError),
}

impl crate::fault::Fault for ConsoleError {
    fn is_user_error(&self) -> bool {
        match self {
            ConsoleError::Sso(err) => err.is_user_error(),
            ConsoleError::Keychain(err) => err.is_user_error(),
            ConsoleError::Cloud(err) => err.is_user_error(),
            _ => true,
        }
    }

    fn remedy(&self) -> Option<crate::fault::Remedy> {
        match self {
            ConsoleError::Sso(err) => err.remedy(),
            ConsoleError::Cloud(err) => err.remedy(),
            _ => None,
        }
    }

    fn details(&self) -> Option<String> {
        match self {
            ConsoleError::Sso(err) => err.details(),
            ConsoleError::Keychain(err) => err.details(),
            ConsoleError::Cloud(err) => err.details(),
            _ => None,
        }
    }
}

/// The console sign-in address for `profile`; `seconds` is the console session's length where
/// the credentials allow one.
pub fn console_sign_in(
    workspace: &Workspace,
    store: &StoreFactory,
    profile: &str,
    target: &Target,
    seconds: Option<u32>,
) -> Result<ConsoleSignIn, ConsoleError> {
    if let Some(seconds) = seconds.filter(|s| !(900..=MAX_SECONDS).contains(s)) {
        return Err(ConsoleError::BadDuration(seconds));
    }
    let files = &workspace.docs;
    let found = files
        .profile(profile)
        .ok_or_else(|| ConsoleError::NoProfile(profile.to_owned()))?;
    let source = files.resolve(profile).ok();
    if source
        .as_ref()
        .is_some_and(|s| matches!(s.leaf(), Source::Login))
    {
        return Err(CloudError::LoginSession {
            profile: profile.to_owned(),
            doing: "open the console from it",
        }
        .into());
    }
    let region = found
        .region
        .clone()
        .unwrap_or_else(|| "us-east-1".to_owned());
    let line = files
        .get(profile, "credential_process")
        .and_then(|(v, _)| v.as_plain().map(str::to_owned));
    // A role of keyshelf's SSO sign-in: its role credentials.
    if let Some((session, account, role)) = line.as_deref().and_then(crate::keyshelf_line::sso_role)
    {
        let store = store().map_err(SsoError::from)?;
        let role = SsoRole {
            profile: profile.to_owned(),
            session,
            account,
            role,
        };
        let deadline = std::time::Instant::now() + crate::session::GIVE_UP;
        let served = crate::sso::role_credentials(
            store.as_ref(),
            &role,
            &workspace.paths.credentials,
            target,
            deadline,
        )?;
        return signed_in(&served.keys, &region, seconds, profile, target, false);
    }
    // An IAM user's own keys, wherever they are kept: a federation token.
    if found.kind == Kind::StaticKeys || found.secret == crate::aws::SecretLocation::Keychain {
        let store = super::open_for_keys(workspace, store, profile)?;
        if let Some((keys, _)) = keychain::long_term_key(workspace, store.as_ref(), profile)? {
            return federated(&keys, &region, seconds, profile, target);
        }
    }
    if seconds.is_some() && source.as_ref().is_some_and(chained) {
        return Err(ConsoleError::ChainedDuration(profile.to_owned()));
    }
    let keys = profile_credentials(profile, target)?;
    if keys.session_token.is_none() {
        return federated(&keys, &region, seconds, profile, target);
    }
    signed_in(&keys, &region, seconds, profile, target, false)
}

/// Long-term keys (or temporary keys from the files, which are used as they are).
fn federated(
    keys: &StaticKeys,
    region: &str,
    seconds: Option<u32>,
    profile: &str,
    target: &Target,
) -> Result<ConsoleSignIn, ConsoleError> {
    if keys.session_token.is_some() {
        return signed_in(keys, region, seconds, profile, target, false);
    }
    // The federation token's length is the console session's: no SessionDuration with it.
    let token = federation_token(
        keys,
        region,
        profile,
        target,
        seconds.unwrap_or(MAX_SECONDS),
    )?;
    signed_in(&token, region, None, profile, target, true)
}

fn signed_in(
    keys: &StaticKeys,
    region: &str,
    seconds: Option<u32>,
    profile: &str,
    target: &Target,
    without_mfa: bool,
) -> Result<ConsoleSignIn, ConsoleError> {
    Ok(ConsoleSignIn {
        url: sign_in_url(keys, region, seconds, profile, target)?,
        without_mfa,
    })
}

/// Whether the profile that `source` resolves assumes a role with credentials that are
/// themselves a role's: another role's, or an SSO role's (IAM Identity Center hands out the
/// credentials of an `AWSReservedSSO_…` role session). AWS caps a chained role at an hour and
/// refuses it a SessionDuration.
fn chained(source: &Source) -> bool {
    let Source::AssumeRole { via, .. } = source else {
        return false;
    };
    match via.as_ref() {
        Source::AssumeRole { .. } | Source::Sso => true,
        Source::Process { command } => crate::keyshelf_line::serves_sso(command),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(config: &str, profile: &str) -> Source {
        let parse = crate::ini::Document::parse;
        let files = crate::aws::SharedFiles::new(parse(config), parse(""));
        files.resolve(profile).unwrap()
    }

    #[test]
    fn a_role_from_a_role_or_an_sso_role_is_chained_and_one_from_keys_is_not() {
        let config = "\
[profile keys]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = x
[profile from-keys]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = keys
[profile from-role]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = from-keys
[sso-session corp]
sso_start_url = https://corp.example/start
sso_region = eu-west-1
[profile aws-sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
[profile from-aws-sso]
role_arn = arn:aws:iam::123456789012:role/c
source_profile = aws-sso
[profile keyshelf-sso]
credential_process = /usr/bin/keyshelf credential-process --profile keyshelf-sso --sso-session corp --sso-account-id 111122223333 --sso-role-name Admin
[profile from-keyshelf-sso]
role_arn = arn:aws:iam::123456789012:role/d
source_profile = keyshelf-sso
[profile from-program]
role_arn = arn:aws:iam::123456789012:role/e
source_profile = program
[profile program]
credential_process = /usr/bin/some-tool
";
        let chain = |profile| chained(&source(config, profile));
        assert!(!chain("keys"));
        assert!(!chain("from-keys"));
        assert!(chain("from-role"));
        assert!(chain("from-aws-sso"));
        assert!(chain("from-keyshelf-sso"));
        assert!(!chain("from-program"));
    }
}
