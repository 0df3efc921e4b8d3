//! The INI layer and the AWS tools' reading: round trips of every fixture, property tests, and botocore as the oracle on generated files and environments.
//! Each file below was a test binary of its own; one binary links egui and the AWS SDK once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../ini_support/mod.rs"]
mod ini_support;

mod properties;
mod resolution;
mod roundtrip;
