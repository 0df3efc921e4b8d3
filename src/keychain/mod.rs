//! Keeping a profile's keys in the OS keychain instead of the plaintext credentials file.
//!
//! The keychain sits behind [`SecretStore`]: the OS keychain through the `keyring` crate in the
//! app and the CLI, an in-memory [`MemoryStore`] in unit tests. One item per profile holds its
//! access key ID, secret access key and session token (see [`ItemKey`] for how items are keyed);
//! the profile then runs `keyshelf credential-process`, which reads that item.

mod actions;
mod command;
mod health;
mod import;
mod item_key;
mod items;
mod long_term;
mod memory;
mod migrate;
mod move_error;
pub(crate) use migrate::Written;
pub(crate) use prove::{Expect, Others, Proof};
#[cfg(test)]
mod migrate_tests;
mod native;
mod prove;
mod replace;
// Where `keyring` keeps items in the Secret Service (as its own Cargo.toml selects the store).
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
mod secret_service;
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
mod serving;
// Wraps the keychain on Windows only (`native.rs`); built and tested on every platform.
#[cfg_attr(not(windows), allow(dead_code))]
mod split;
mod store;
mod summary;

pub use actions::{
    Deleted, RenameWay, RenamedInFiles, delete_profile, rename_in_files, rename_served, rename_way,
};
pub use command::{
    CommandError, TEMPORARY_FLAG, credential_process_command, keyshelf_line,
    parse_credential_process, temporary_seconds, with_sso, with_temporary,
};
pub use health::{
    Ailment, check_item, file_ailments, profile_problems, repair_all_program_paths,
    repair_program_path,
};
pub use import::{apply_import, apply_import_with_progress};
pub use items::{
    CachedSession, ItemKind, LongTermKeys, PendingRotation, RotationRecord, SessionKeys,
};
pub use long_term::{KeyHome, long_term_key};
pub use memory::{Failures, MemoryStore};
pub use migrate::{
    Moved, Outcome, item_of, migrate, migrate_all, restore, restore_all, served_item, users_of_item,
};
pub use move_error::MoveError;
pub use native::{KEYCHAIN_WAIT, SERVE_WAIT, native_store, native_store_waiting, serving_store};
pub use replace::{ROTATED_KEY, replace_keys};
pub use store::{
    ItemKey, KeychainError, ProcessOutput, SERVICE, SecretStore, StoredKeys, delete_item,
    from_item_text, get_if_any, get_item, put_item, to_item_text,
};
pub use summary::Summary;
