//! The `keyshelf` binary: the desktop app when run without a command, else the command line.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let parsed = match cli::Cli::try_parse() {
        Ok(parsed) => parsed,
        Err(err) => {
            // clap's own exit code for a usage mistake is 2; ours is 1 for every user error.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match parsed.command {
        Some(command) => cli::run(command),
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
    eprintln!("keyshelf was built without the desktop app; run `keyshelf --help` for the commands");
    ExitCode::from(1)
}
