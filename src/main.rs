//! The `keyshelf` binary: the desktop app when run without a command, else the command line.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: building profiles allocates a string per entry; with glibc's allocator a third of
/// `keyshelf list` on 10,000 profiles went to malloc, free and fresh pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Before anything can hold a secret: no core file, no other process reading this one.
    keyshelf::process_guard::keep_secrets_in();
    let parsed = match cli::Cli::try_parse() {
        Ok(parsed) => parsed,
        Err(err) if err.use_stderr() => {
            // One plain line, like every other error, and exit code 1 (clap's own is 2).
            // clap's message spans several lines (the missing argument's name sits on the
            // second); join them up to the usage text.
            let text = err.to_string();
            let message = text
                .lines()
                .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more"))
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            eprintln!("keyshelf: {message}; see “keyshelf --help”");
            return ExitCode::from(1);
        }
        Err(err) => {
            // --help and --version.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
    };
    match parsed.command {
        Some(command) => cli::run(command, &keyshelf::action::native_keychain()),
        None => open_app(),
    }
}

#[cfg(feature = "gui")]
fn open_app() -> ExitCode {
    // Linux and the BSDs draw on X11 or Wayland: with neither named, say so in words (winit's
    // own error names a source file of its crate).
    #[cfg(all(unix, not(target_os = "macos")))]
    if ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .iter()
        .all(|v| std::env::var_os(v).is_none_or(|x| x.is_empty()))
    {
        eprintln!(
            "keyshelf: there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); every action is also a command: keyshelf --help"
        );
        return ExitCode::from(1);
    }
    match keyshelf::gui::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "keyshelf: could not open the window: {}",
                without_source_location(&err.to_string())
            );
            ExitCode::from(2)
        }
    }
}

/// winit's errors end their text with where in winit's source they were made (" at
/// /home/…/.cargo/registry/…/mod.rs:765: the reason"): only the reason is for a person.
#[cfg(feature = "gui")]
fn without_source_location(text: &str) -> String {
    match text.find(" at /").or_else(|| text.find(" at ")) {
        Some(at) => match text[at..].find(".rs:") {
            Some(rs) => {
                let rest = &text[at + rs + 4..];
                let reason = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':');
                format!("{}:{}", &text[..at], reason)
            }
            None => text.to_owned(),
        },
        None => text.to_owned(),
    }
}

#[cfg(not(feature = "gui"))]
fn open_app() -> ExitCode {
    eprintln!("keyshelf was built without the desktop app; run “keyshelf --help” for the commands");
    ExitCode::from(1)
}

#[cfg(all(test, feature = "gui"))]
mod tests {
    #[test]
    fn a_window_error_loses_winits_source_location() {
        let winit = "winit EventLoopError: os error at /root/.cargo/registry/src/x/winit-0.30.13/src/platform_impl/linux/mod.rs:765: neither WAYLAND_DISPLAY nor DISPLAY is set.";
        assert_eq!(
            super::without_source_location(winit),
            "winit EventLoopError: os error: neither WAYLAND_DISPLAY nor DISPLAY is set."
        );
        assert_eq!(super::without_source_location("plain"), "plain");
    }
}
