//! The AWS layer: profiles in the shared config and credentials files. It knows nothing of the
//! screen, and nothing of the disk either: [`SharedFiles`] works on two in-memory documents.

mod env_keys;
mod error;
pub mod fields;
pub mod names;
mod paths;
mod profile;
mod profile_walk;
pub mod regions;
mod repair;
mod resolve;
#[cfg(test)]
mod resolve_tests;
mod shadowed;
mod shared_files;
mod source;
mod sso_session;
mod static_keys;
mod summary;
pub mod validate;

pub use env_keys::EnvKeys;
pub use error::{AwsError, FileKind};
pub use paths::{AwsPaths, Unread, variable_of};
pub use profile::{
    Kind, Profile, SECRET_KEYS, SESSION_TOKEN_KEYS, SecretLocation, Setting, has_inline_comment,
    home_file, is_secret_key,
};
pub use shadowed::Shadowed;
pub use shared_files::SharedFiles;
pub use source::{ResolveError, Source};
pub use sso_session::{ACCOUNT_ACCESS_SCOPE, SsoSession};
pub use static_keys::{StaticKeys, remove_profile_secrets};
pub use summary::{Summaries, Summary, SummaryIter};

#[cfg(test)]
mod shared_files_tests;
