//! What [`SharedFiles::resolve`](super::SharedFiles::resolve) answers: where a profile's
//! credentials come from, in words a person reads, or why the AWS tools would refuse it.

use super::error::FileKind;
use super::static_keys::StaticKeys;

/// Where a profile's credentials come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Static keys in one file's section of the profile.
    Keys { file: FileKind, keys: StaticKeys },
    /// The profile's `credential_process` (keyshelf's own among them).
    Process { command: String },
    /// `role_arn`, assumed with the credentials `source_profile` resolves to.
    AssumeRole {
        role_arn: String,
        source_profile: String,
        via: Box<Source>,
    },
    /// `role_arn`, assumed with credentials from `credential_source` (the environment, a
    /// container or the instance).
    CredentialSource {
        role_arn: String,
        credential_source: String,
    },
    /// `role_arn` with `web_identity_token_file`.
    WebIdentity { role_arn: String },
    /// IAM Identity Center (`sso_account_id` / `sso_role_name`).
    Sso,
    /// `aws login` (`login_session`).
    Login,
    /// Nothing in the files: the tools look at containers and instance metadata next.
    Nothing,
}

impl Source {
    /// What the AWS tools will use, in plain words for the profile page and for messages
    /// ("keys from the keychain, through keyshelf"). Never a value but the role ARN.
    pub fn describe(&self) -> String {
        match self {
            Source::Keys { file, .. } => format!("plaintext keys from {}", file.label()),
            Source::Process { command } if crate::keyshelf_line::serves_sso(command) => {
                "role credentials from your SSO sign-in, through keyshelf (no token file)"
                    .to_owned()
            }
            Source::Process { command } if crate::keyshelf_line::serves_sessions(command) => {
                "temporary credentials made from the keys in the keychain, through keyshelf"
                    .to_owned()
            }
            Source::Process { command } if crate::keyshelf_line::runs_keyshelf(command) => {
                "keys from the keychain, through keyshelf".to_owned()
            }
            Source::Process { .. } => "the program in its credential_process".to_owned(),
            Source::AssumeRole {
                role_arn,
                source_profile,
                via,
            } => format!(
                "the role {role_arn}, assumed with the credentials of profile “{}” ({})",
                source_profile.escape_debug(),
                via.describe()
            ),
            Source::CredentialSource {
                role_arn,
                credential_source,
            } => format!("the role {role_arn}, assumed with credentials from {credential_source}"),
            Source::WebIdentity { role_arn } => {
                format!("the role {role_arn}, assumed with a web identity token")
            }
            Source::Sso => "IAM Identity Center (SSO) sign-in".to_owned(),
            Source::Login => {
                "the sign-in with your AWS console credentials (“aws login”), kept by the AWS CLI"
                    .to_owned()
            }
            Source::Nothing => {
                "nothing from these files (environment variables or the instance's role, if any)"
                    .to_owned()
            }
        }
    }

    /// The source at the end of a chain of assumed roles.
    pub fn leaf(&self) -> &Source {
        match self {
            Source::AssumeRole { via, .. } => via.leaf(),
            other => other,
        }
    }
}

/// Why the AWS tools would fail on a profile before talking to anyone. Names profiles, files
/// and keys; never a value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("there is no profile named “{}”", profile.escape_debug())]
    NoProfile { profile: String },
    #[error("they cannot read {} at all ({problem})", file.label())]
    Unreadable { file: FileKind, problem: String },
    #[error("profile “{}” names source_profile “{}”, which does not exist", profile.escape_debug(), source_profile.escape_debug())]
    SourceMissing {
        profile: String,
        source_profile: String,
    },
    #[error("profile “{}”: its source_profile chain comes back to “{}”, a loop", profile.escape_debug(), source_profile.escape_debug())]
    Loop {
        profile: String,
        source_profile: String,
    },
    #[error("profile “{}” has both source_profile and credential_source", profile.escape_debug())]
    BothSources { profile: String },
    #[error("profile “{}” has a role_arn but neither source_profile nor credential_source", profile.escape_debug())]
    NoRoleSource { profile: String },
    #[error("profile “{}”: credential_source must be Environment, Ec2InstanceMetadata or EcsContainer", profile.escape_debug())]
    UnknownCredentialSource { profile: String },
    #[error("profile “{}” has aws_access_key_id in {} but no aws_secret_access_key there", profile.escape_debug(), file.label())]
    PartialKeys { profile: String, file: FileKind },
    #[error("profile “{}” is a source_profile but has no credentials", profile.escape_debug())]
    SourceWithoutCredentials { profile: String },
    #[error("profile “{}” has web_identity_token_file but no role_arn", profile.escape_debug())]
    WebIdentityWithoutRole { profile: String },
    #[error("profile “{}” sets {key} differently from its [sso-session]", profile.escape_debug())]
    SsoInconsistent { profile: String, key: String },
    #[error("profile “{}” uses SSO but lacks {missing}", profile.escape_debug())]
    SsoIncomplete {
        profile: String,
        missing: &'static str,
    },
}

impl ResolveError {
    /// The profile the error is about: where the chain broke, which may be a source profile of
    /// the one asked for.
    pub fn profile(&self) -> Option<&str> {
        match self {
            ResolveError::Unreadable { .. } => None,
            ResolveError::NoProfile { profile }
            | ResolveError::SourceMissing { profile, .. }
            | ResolveError::Loop { profile, .. }
            | ResolveError::BothSources { profile }
            | ResolveError::NoRoleSource { profile }
            | ResolveError::UnknownCredentialSource { profile }
            | ResolveError::PartialKeys { profile, .. }
            | ResolveError::SourceWithoutCredentials { profile }
            | ResolveError::WebIdentityWithoutRole { profile }
            | ResolveError::SsoInconsistent { profile, .. }
            | ResolveError::SsoIncomplete { profile, .. } => Some(profile),
        }
    }
}
