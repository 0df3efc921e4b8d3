//! The keychain moves, crashes and installs against a real Secret Service (a private D-Bus session with its own gnome-keyring), the real binary, real files in a temporary home.
//! Each file below was a test binary of its own; one binary links egui and the AWS SDK once.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
#[allow(clippy::duplicate_mod)]
#[path = "../ini_support/mod.rs"]
mod ini_support;

mod agreement;
mod crash;
mod install;
mod keychain;
mod package;
mod serving;
