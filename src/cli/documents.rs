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
    // The hidden commands (the prompt windows credential-process opens, this one) are not
    // offered to people: clap_complete would complete them.
    let command = clap::Command::new("keyshelf")
        .version(env!("CARGO_PKG_VERSION"))
        .disable_help_subcommand(true)
        .subcommands(
            command
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
                .cloned(),
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_offer_every_command_but_the_hidden_ones() {
        let files = documents();
        for shell in ["bash-completion/", "zsh/", "fish/"] {
            let file = files
                .iter()
                .find(|f| f.path.starts_with(shell))
                .unwrap_or_else(|| panic!("no {shell} completion"));
            let text = String::from_utf8_lossy(&file.bytes);
            for shown in ["credential-process", "sso", "doctor", "install"] {
                assert!(text.contains(shown), "{shell} lacks {shown}");
            }
            for hidden in ["mfa-prompt", "sso-prompt", "package-files"] {
                assert!(!text.contains(hidden), "{shell} offers {hidden}");
            }
        }
        let pages: Vec<String> = files
            .iter()
            .filter(|f| f.path.starts_with("man/"))
            .map(|f| f.path.display().to_string())
            .collect();
        assert!(pages.contains(&"man/man1/keyshelf.1".to_owned()));
        assert!(pages.contains(&"man/man1/keyshelf-sso-login.1".to_owned()));
        assert!(!pages.iter().any(|p| p.contains("prompt")), "{pages:?}");
    }
}
