//! Keeping the secrets a keyshelf process holds inside it: no core file, and no other process
//! of the same user reading its memory (`/proc/PID/mem`, a debugger, `gcore`). Every keyshelf
//! process may hold a secret (credential-process, the app, migrate, restore, rotate, import,
//! even `set` reading one from stdin), so each one starts by calling [`keep_secrets_in`].
//!
//! - Linux: `prctl(PR_SET_DUMPABLE, 0)`: no core dump, and `ptrace` attach and `/proc/PID/mem`,
//!   `environ` and friends are refused to other processes of the user (root keeps the power it
//!   always has). Also `RLIMIT_CORE` 0, for the dump helpers that ignore the flag.
//! - Other Unix (macOS, the BSDs): `RLIMIT_CORE` 0. macOS's `PT_DENY_ATTACH` has no safe
//!   binding; the system's own rules apply to debuggers there.
//! - Windows: nothing here: a process's memory is readable only with the user's debug rights,
//!   and Windows Error Reporting's dumps are the user's setting.

/// Makes this process undumpable and sets its core file size to 0. Best effort: a system that
/// refuses says nothing the user could act on, and keyshelf works on.
pub fn keep_secrets_in() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        let _ = setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: Some(0),
            },
        );
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{DumpableBehavior, set_dumpable_behavior};
        let _ = set_dumpable_behavior(DumpableBehavior::NotDumpable);
    }
}
