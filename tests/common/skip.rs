//! What a test does when a tool it needs is missing (gnome-keyring, D-Bus, Xvfb, xdotool,
//! botocore, the AWS CLI v2, moto, openssl, strace).

/// With `CI` set, a missing tool fails the test: a green run must have run everything. Without
/// it, the test goes on as skipped and says so on the real stderr, past libtest's capture, so
/// that `cargo test` shows every skip and its reason even when all tests pass.
pub fn skipped(why: &str) {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("CI is set, so nothing may be skipped, yet {why}");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "\n*** SKIPPED: {why} ***");
}
