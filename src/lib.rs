//! keyshelf: keep AWS credentials safe on your own computer.
//!
//! The core has three layers, none of which knows about the screen:
//! - [`ini`]: a lossless INI document that prints back byte for byte;
//! - [`aws`]: the AWS shared config and credentials files and the profiles in them;
//! - [`files`]: loading and atomically saving those files, with backups and conflict checks.

pub mod ini;
