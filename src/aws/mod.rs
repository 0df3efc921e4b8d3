//! The AWS layer: profiles in the shared config and credentials files. It knows nothing of the
//! screen, and nothing of the disk either: [`SharedFiles`] works on two in-memory documents.

pub mod names;
mod paths;
mod profile;
pub mod regions;
mod shared_files;
mod static_keys;
pub mod validate;

pub use paths::AwsPaths;
pub use profile::{
    Kind, Profile, SECRET_KEYS, SecretLocation, Setting, is_secret_key, runs_keyshelf,
};
pub use shared_files::SharedFiles;
pub use static_keys::StaticKeys;

#[cfg(test)]
mod shared_files_tests;
