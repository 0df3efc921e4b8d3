//! `keyshelf install [--prefix DIR]`: the program in a stable place, and the profiles it serves
//! pointed at it.

use std::path::Path;

use keyshelf::files::Workspace;
use keyshelf::install::{self, Places};

pub fn run(workspace: &mut Workspace, prefix: Option<&Path>) -> anyhow::Result<()> {
    // A relative prefix would be written into credential_process lines as it is: make it whole.
    let prefix = match prefix {
        Some(p) if p.is_relative() => Some(std::env::current_dir()?.join(p)),
        other => other.map(Path::to_path_buf),
    };
    if let Some(prefix) = &prefix {
        install::check_place(prefix)?;
    }
    let places = Places::new(prefix.as_deref())?.with_documents(super::documents::documents());
    let done = keyshelf::action::install_and_repoint(&places, Some(workspace))?;
    let installed = done.installed;
    eprintln!(
        "installed keyshelf as {}",
        installed.places.program.display()
    );
    if let Some(entry) = installed.places.desktop_entry() {
        eprintln!("added the desktop entry {}", entry.display());
    }
    if let Some(report) = &done.report {
        for path in &report.written {
            eprintln!("saved {}", path.display());
        }
        eprintln!(
            "{} now {} the installed keyshelf: {}",
            keyshelf::doctor::plural(done.repointed.len(), "profile", "profiles"),
            if done.repointed.len() == 1 {
                "runs"
            } else {
                "run"
            },
            done.repointed
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !installed.on_path {
        let folder = installed.places.program.parent().unwrap_or(Path::new("."));
        eprintln!(
            "note: {} is not on your PATH; add it to run keyshelf by name (for bash: echo 'export PATH=\"{}:$PATH\"' >> ~/.bashrc). The AWS tools do not need it: they run the full path.",
            folder.display(),
            folder.display()
        );
    }
    Ok(())
}
