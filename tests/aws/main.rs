//! Talking to AWS: the real binary against a local fake AWS (moto's server), a real Secret Service, proxies and certificate bundles.
//! Each file below was a test binary of its own; one binary links egui and the AWS SDK once.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod cloud;
mod console;
mod network;
mod rotate;
mod session;
mod sso;
mod sso_legacy;
mod sso_rename;
mod sso_sign_in;
mod sso_support;
mod walkthrough;
