//! `keyshelf repair …` and `keyshelf which`: fixing what the AWS tools refuse or misread in the
//! files, and saying which credentials they will use.

use keyshelf::aws::FileKind;
use keyshelf::files::Workspace;

use super::list::print_stdout;
use super::{save, user_error};

/// What to repair.
#[derive(clap::Subcommand)]
pub enum Repair {
    /// Keep the section or key on one line and remove its duplicates, which the AWS tools
    /// refuse (`credentials:5`, `config:12`).
    Keep {
        /// `config:LINE` or `credentials:LINE`.
        place: String,
    },
    /// Remove the byte order mark at the start of a file, which the AWS tools cannot read.
    Bom {
        #[arg(value_enum)]
        file: FileArg,
    },
    /// A profile named by several config headers: the AWS tools read only the last. Merge the
    /// earlier ones into it (its own values win), or remove them.
    Shadowed {
        profile: String,
        #[arg(long, conflicts_with = "remove", required_unless_present = "remove")]
        merge: bool,
        #[arg(long)]
        remove: bool,
    },
    /// Point every profile whose credential_process runs a keyshelf that no longer exists (a
    /// package removed, a copy deleted) at this keyshelf.
    Program,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum FileArg {
    Config,
    Credentials,
}

impl From<FileArg> for FileKind {
    fn from(file: FileArg) -> FileKind {
        match file {
            FileArg::Config => FileKind::Config,
            FileArg::Credentials => FileKind::Credentials,
        }
    }
}

/// `credentials:5` → (the credentials file, 5).
fn parse_place(place: &str) -> anyhow::Result<(FileKind, usize)> {
    let bad = || {
        user_error(format!(
            "“{}” is not FILE:LINE, as in “credentials:5” or “config:12”",
            place.escape_debug()
        ))
    };
    let (file, line) = place.rsplit_once(':').ok_or_else(bad)?;
    let file = match file {
        "config" => FileKind::Config,
        "credentials" => FileKind::Credentials,
        _ => return Err(bad()),
    };
    Ok((file, line.trim().parse().map_err(|_| bad())?))
}

pub fn run(workspace: &mut Workspace, repair: Repair) -> anyhow::Result<()> {
    // Removing a duplicate or a byte order mark is a repair: it may write a file that still has
    // another such problem, one fix at a time. Merging headers is an ordinary edit.
    let repairs_unreadable = !matches!(repair, Repair::Shadowed { .. } | Repair::Program);
    let message = match repair {
        Repair::Program => {
            let program = super::keychain::this_program()?;
            let repaired = keyshelf::keychain::repair_all_program_paths(workspace, &program, true)?;
            if repaired.is_empty() {
                return Err(user_error(
                    "every profile's keyshelf is where its credential_process says; nothing changed",
                ));
            }
            format!(
                "{} now {} {}: {}",
                keyshelf::doctor::plural(repaired.len(), "profile", "profiles"),
                if repaired.len() == 1 { "runs" } else { "run" },
                program.display(),
                repaired
                    .iter()
                    .map(|n| format!("“{n}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        Repair::Keep { place } => {
            let (file, line) = parse_place(&place)?;
            let removed = workspace.docs.keep_only(file, line)?;
            if removed == 0 {
                return Err(user_error(format!(
                    "{} line {line} has no duplicate; nothing changed",
                    file.label()
                )));
            }
            format!(
                "kept {} line {line} and removed {removed} duplicate{}",
                file.label(),
                if removed == 1 { "" } else { "s" }
            )
        }
        Repair::Bom { file } => {
            let file = FileKind::from(file);
            if !workspace.docs.remove_bom(file) {
                return Err(user_error(format!(
                    "{} has no byte order mark; nothing changed",
                    file.label()
                )));
            }
            format!("removed the byte order mark from {}", file.label())
        }
        Repair::Shadowed {
            profile,
            merge,
            remove: _,
        } => {
            let count = if merge {
                workspace.docs.merge_shadowed(&profile)?
            } else {
                workspace.docs.remove_shadowed(&profile)?
            };
            if count == 0 {
                return Err(user_error(format!(
                    "profile “{}” has no shadowed header; nothing changed",
                    profile.escape_debug()
                )));
            }
            let verb = if merge { "merged" } else { "removed" };
            format!(
                "{verb} {count} shadowed header{} of “{profile}”",
                if count == 1 { "" } else { "s" }
            )
        }
    };
    if repairs_unreadable {
        for path in &workspace.save_repair()?.written {
            eprintln!("saved {}", path.display());
        }
    } else {
        save(workspace)?;
    }
    eprintln!("{message}");
    Ok(())
}

/// `keyshelf which`: one line, what the AWS tools will use for the profile.
/// `explicit`: the profile came from `--profile`, which makes botocore leave keys in the
/// environment aside; from `AWS_PROFILE` or the default, they come first.
pub fn which(workspace: &Workspace, profile: &str, explicit: bool) -> anyhow::Result<()> {
    use keyshelf::aws::EnvKeys;
    // A profile named by a variable must exist even then: botocore raises ProfileNotFound
    // before it looks at any keys (only an unnamed `default` may be missing).
    let named = ["AWS_DEFAULT_PROFILE", "AWS_PROFILE"]
        .iter()
        .any(|v| std::env::var_os(v).is_some());
    let env_first = !explicit && (!named || workspace.docs.exists(profile));
    match (env_first, EnvKeys::from_env()) {
        (true, EnvKeys::Keys { session_token }) => {
            let token = if session_token {
                " with a session token"
            } else {
                ""
            };
            return print_stdout(&format!(
                "keys from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY{token}), before any profile; with --profile, the profile's own are used\n"
            ));
        }
        (true, EnvKeys::Partial) => {
            return Err(user_error(
                "the AWS tools would fail: AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY"
                    .to_owned(),
            ));
        }
        _ => {}
    }
    match workspace.docs.resolve(profile) {
        Ok(source) => print_stdout(&format!("{}\n", source.describe())),
        Err(err) => Err(user_error(format!("the AWS tools would fail: {err}"))),
    }
}
