//! `plan` and `apply` over real files in a temporary folder, with the in-memory keychain (the
//! real binary and a real Secret Service are exercised in `tests/import/`).

use std::fs;

use super::*;
use crate::aws::SecretLocation;
use crate::keychain::MoveError as Error;
use crate::keychain::{
    Failures, KeychainError, MemoryStore, SecretStore, StoredKeys, credential_process_command,
};
use crate::keychain::{apply_import as apply, apply_import_with_progress as apply_with_progress};
use crate::test_support::Sandbox;

const CONFIG: &str = "# my config\n[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\ns3 =\n  addressing_style = path\n";
/// [`CONFIG`] with a second, dead access key ID for dev in the config file.
const CONFIG_WITH_DEAD_KEY: &str = "# my config\n[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\ns3 =\n  addressing_style = path\naws_access_key_id = AKIACONFIGFILE000001\n";
const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n# dev keys\n[dev]\naws_access_key_id = ASIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN\noutput = table\n";

const ID_A: &str = "AKIA3EXAMPLE0000CCCC";
const SK_A: &str = "c3VwZXJzZWNyZXQrK0V4YW1wbGUvS2V5MDAwMDAw";
const ID_B: &str = "AKIA4EXAMPLE0000DDDD";
const SK_B: &str = "ZGV2K29wcy9zZWNyZXQvZXhhbXBsZUtleTAwMDAw";
const TODAY: &str = "2026-01-02";

fn sandbox() -> Sandbox {
    sandbox_with(CONFIG, CREDENTIALS)
}

fn sandbox_with(config: &str, credentials: &str) -> Sandbox {
    crate::test_support::sandbox_with(Some(config), Some(credentials))
}

/// How many copies `keyshelf-backups` holds.
fn backups(sb: &Sandbox) -> usize {
    fs::read_dir(sb.paths.config.parent().unwrap().join("keyshelf-backups"))
        .map(|dir| {
            dir.filter(|e| e.as_ref().unwrap().file_name() != ".gitignore")
                .count()
        })
        .unwrap_or(0)
}

fn originals() -> (String, String) {
    (CONFIG.to_owned(), CREDENTIALS.to_owned())
}

fn candidate(row: usize, name: &str, id: &str, secret: &str) -> Candidate {
    Candidate {
        source: "keys.csv".into(),
        row: ImportRow {
            row,
            user_name: Some(name.into()),
            access_key_id: id.into(),
            secret_access_key: Secret::new(secret),
            profile_name: Some(name.into()),
        },
        name: name.into(),
    }
}

fn keys(id: &str, secret: &str) -> StoredKeys {
    StoredKeys {
        access_key_id: id.into(),
        secret_access_key: Secret::new(secret),
        session_token: None,
    }
}

fn to_keychain() -> ImportOptions {
    ImportOptions {
        destination: Destination::Keychain,
        region: None,
        output: None,
    }
}

fn to_file() -> ImportOptions {
    ImportOptions {
        destination: Destination::CredentialsFile,
        region: None,
        output: None,
    }
}

fn profiles_and_actions(planned: &[Planned]) -> Vec<(usize, &str, Action)> {
    planned
        .iter()
        .map(|p| (p.row, p.profile.as_str(), p.action.clone()))
        .collect()
}

mod apply_cases;
mod failure_cases;
mod plan_cases;
