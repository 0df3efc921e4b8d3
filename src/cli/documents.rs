//! The man pages and shell completions, made from the clap definitions (so they never drift
//! from `--help`), and `keyshelf package-files`, which writes everything a package puts under
//! `/usr/share` for the packaging script (`.ci/package`).

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;
use keyshelf::install::{ShareFile, share};

use super::args::Cli;

/// Man pages (section 1: `keyshelf`, then one per visible command, `keyshelf-sso-login`) and
/// the bash, zsh and fish completions, at their places under `share`.
pub fn documents() -> Vec<ShareFile> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut files = Vec::new();
    man_pages(&command, &mut files);
    for (shell, place) in [
        (Shell::Bash, "bash-completion/completions/keyshelf"),
        // Debian's zsh reads vendor-completions; the RPM maps this file to site-functions.
        (Shell::Zsh, "zsh/vendor-completions/_keyshelf"),
        (Shell::Fish, "fish/vendor_completions.d/keyshelf.fish"),
    ] {
        let mut bytes = Vec::new();
        clap_complete::generate(shell, &mut command.clone(), "keyshelf", &mut bytes);
        files.push(ShareFile::new(place, bytes));
    }
    files
}

/// The page of `command` and of each of its visible subcommands, as `clap_mangen::generate_to`
/// names them, but kept in memory.
fn man_pages(command: &clap::Command, files: &mut Vec<ShareFile>) {
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    // Rendering into memory cannot fail.
    if man.render(&mut page).is_ok() {
        files.push(ShareFile::new(
            format!("man/man1/{}", man.get_filename()),
            page,
        ));
    }
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, files);
    }
}

/// `keyshelf package-files FOLDER --program PATH`: the desktop entry (running `program`),
/// icons, metainfo, man pages and completions under `FOLDER/share`.
pub fn package_files(folder: &Path, program: &Path) -> anyhow::Result<()> {
    for file in share::files(program).into_iter().chain(documents()) {
        let path = folder.join("share").join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.bytes)?;
    }
    Ok(())
}
