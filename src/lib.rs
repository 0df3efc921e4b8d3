//! keyshelf: keep AWS credentials safe on your own computer.
//!
//! The core has three layers, none of which knows about the screen:
//! - [`ini`]: a lossless INI document that reads like botocore and prints back byte for byte;
//! - [`aws`]: the profiles in the AWS shared config and credentials files;
//! - [`files`]: loading and atomically saving those files, with backups and conflict checks.
//!
//! The desktop app (feature `gui`) and the command line are thin faces over these.

pub mod action;
pub mod aws;
pub mod cloud;
pub mod doctor;
pub mod fault;
pub mod files;
pub mod import;
pub mod ini;
pub mod install;
pub mod keychain;
pub mod keyshelf_line;
pub mod platform;
pub mod process_guard;
pub mod rotate;
pub mod secret;
pub mod session;
pub mod sso;
pub mod words;

#[cfg(test)]
mod test_support;

#[cfg(feature = "gui")]
pub mod gui;
