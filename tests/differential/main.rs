//! Our reading of the files, compared with two independent readers.
//!
//! (a) rust-ini (`ini` crate), on the fixtures it reads the way botocore does. It knows nothing of
//!     configparser's indentation rules, so the comparison is restricted honestly: see
//!     [`rust_ini_fit`] for the exact conditions, and the explicit list of fixtures they select.
//!
//! (b) botocore itself, when `python3 -c 'import botocore'` works: `raw_config_parse` for the raw
//!     sections (keys lower-cased by configparser, nested blocks as dicts) and a
//!     `botocore.session.Session`'s `full_config['profiles']` for the merged profiles. Compared on
//!     every fixture, on the results of profile edits (set, set nested, create with a space in the
//!     name, rename, duplicate, unset, delete), on awkward profile names, and on a few hundred
//!     generated files with a random edit each. The Python child never sees the real `~/.aws`:
//!     HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE always point into a temporary folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../ini_support/mod.rs"]
mod ini_support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use ini::{Ini, ParseOption};
use ini_support::*;
use keyshelf::aws::SharedFiles;
use keyshelf::ini::{Document, Value};
use serde_json::{Value as Json, json};

mod botocore;
mod generated;
mod known_differences;
mod rust_ini;
mod summaries;
#[allow(unused_imports)]
use botocore::*;
#[allow(unused_imports)]
use generated::*;
#[allow(unused_imports)]
use known_differences::*;
#[allow(unused_imports)]
use rust_ini::*;
