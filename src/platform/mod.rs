//! What differs between Linux, macOS and Windows, each part in one module behind `cfg`, the
//! macOS and Windows versions written from their documentation (only Linux is built and run
//! by the tests; the README says what is tested where):
//!
//! - file modes and folders only the user can open: [`file_modes`];
//! - opening a browser, a file or a folder: [`opener`];
//! - the keychain store: `keychain::native` (the `keyring` crate picks the Secret Service, the
//!   macOS Keychain or the Windows Credential Manager; items over Windows' size limit are
//!   split);
//! - where `keyshelf install` puts things: `install::Places`;
//! - quoting the program's path in a `credential_process` line (POSIX shells and shlex, or
//!   cmd.exe): `keychain::command`.

pub mod file_modes;
pub mod opener;
