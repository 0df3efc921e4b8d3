//! Integration tests of the `keyshelf` command line: each test runs the real binary in a
//! temporary home folder, with `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` pointing into
//! it and every `AWS_*` variable of the machine removed, and checks the files byte for byte.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

use std::fs;

use common::*;
use keyshelf::aws::AwsPaths;
use keyshelf::files::Workspace;

mod botocore;
mod doctor;
mod dotfiles;
mod environment;
mod errors;
mod hostile;
mod list_and_get;
mod plaintext;
mod profiles;
mod set_and_unset;
mod sso;
