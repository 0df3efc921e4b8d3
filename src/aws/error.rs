//! The AWS layer's errors: about profiles and edits to the two documents. Each names the
//! profile or file it is about, and none holds a value from a file (values may be secrets).

use crate::ini::IniError;

/// Which of the two shared files something is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Config,
    Credentials,
}

impl FileKind {
    /// `config` or `credentials`, as the command line names the files.
    pub fn short_name(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FileKind::Config => "the config file",
            FileKind::Credentials => "the credentials file",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    #[error("cannot find your home folder; set AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE")]
    NoHome,
    #[error("there is no profile named “{}”", name.escape_debug())]
    ProfileNotFound { name: String },
    #[error("a profile named “{}” already exists", name.escape_debug())]
    ProfileExists { name: String },
    #[error("“{name}” cannot be a profile name: {why}")]
    InvalidProfileName { name: String, why: &'static str },
    #[error("in {}: {source}", file.label())]
    Edit { file: FileKind, source: IniError },
    #[error(
        "profile “{}” is also named by the config file's header on line{} {}, which the AWS tools ignore; merge or remove {} first",
        profile.escape_debug(),
        if lines.len() == 1 { "" } else { "s" },
        joined(lines),
        if lines.len() == 1 { "it" } else { "them" }
    )]
    Shadowed { profile: String, lines: Vec<usize> },
    #[error(
        "profile “{}” also holds keys the AWS tools do not use ({}); they would not go to the keychain with the keys in use, and keyshelf will not delete a key: remove {} by hand (or give {} a profile of {} own) and try again",
        profile.escape_debug(),
        places_text(places),
        if places.len() == 1 { "it" } else { "them" },
        if places.len() == 1 { "it" } else { "them" },
        if places.len() == 1 { "its" } else { "their" }
    )]
    StraySecrets {
        profile: String,
        places: Vec<(FileKind, usize, String)>,
    },
}

impl crate::fault::Fault for AwsError {
    /// Whether the user can fix this by changing what they asked or their files (exit code 1),
    /// as opposed to a failure of the system (exit code 2).
    fn is_user_error(&self) -> bool {
        !matches!(self, AwsError::NoHome)
    }

    fn remedy(&self) -> Option<crate::fault::Remedy> {
        match self {
            AwsError::Shadowed { profile, .. } => Some(crate::fault::Remedy::MergeShadowed {
                profile: profile.clone(),
            }),
            _ => None,
        }
    }
}

pub type Result<T, E = AwsError> = std::result::Result<T, E>;

/// "aws_access_key_id in the config file (line 3), aws_session_token in …".
fn places_text(places: &[(FileKind, usize, String)]) -> String {
    places
        .iter()
        .map(|(file, line, key)| {
            format!("{} in {} (line {line})", key.escape_debug(), file.label())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Line numbers as messages show them: 3, 7.
fn joined(lines: &[usize]) -> String {
    lines
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
