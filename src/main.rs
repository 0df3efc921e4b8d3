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
    match keyshelf::gui::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("keyshelf: could not open the window: {err}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app() -> ExitCode {
    eprintln!("keyshelf was built without the desktop app; run “keyshelf --help” for the commands");
    ExitCode::from(1)
}
