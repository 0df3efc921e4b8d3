//! The command-line face: parses arguments, calls the core, prints. Errors become one plain
//! sentence on stderr and an exit code: 1 for something the user can fix, 2 for a failure of the
//! disk or the system.

mod args;
mod cloud;
mod doctor;
mod documents;
mod import;
mod install;
mod keychain;
mod keys;
mod list;
mod mfa;
mod profiles;
mod repair;
mod session;
mod sso;
mod sso_serve;

use std::fmt;
use std::process::ExitCode;

pub use args::{Cli, Command, OnOff};
use keyshelf::action::StoreFactory;
use keyshelf::fault::{self, Remedy};
use keyshelf::files::Workspace;

/// A mistake in what was asked, as opposed to a failure of the system.
#[derive(Debug)]
pub struct UserError(pub String);

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

pub fn user_error(message: impl Into<String>) -> anyhow::Error {
    UserError(message.into()).into()
}

/// Runs one command and turns its outcome into an exit code. `keychain` opens the keychain
/// (the OS one in the binary; an in-memory one in tests), as the app's does.
pub fn run(command: Command, keychain: &StoreFactory) -> ExitCode {
    if let Command::MfaPrompt {
        profile,
        device,
        seconds,
    } = &command
    {
        return session::mfa_prompt(profile, device, *seconds);
    }
    if let Command::SsoPrompt {
        profile,
        session,
        seconds,
    } = &command
    {
        return sso_serve::sso_prompt(profile, session, *seconds);
    }
    if let Command::PackageFiles { folder, program } = &command {
        return match documents::package_files(folder, program) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => fail(&err),
        };
    }
    if let Command::Doctor {
        json,
        no_search,
        time_limit,
    } = command
    {
        let args = doctor::DoctorArgs {
            json,
            no_search,
            time_limit,
        };
        return match doctor::run(keychain, &args) {
            Ok(serious) => doctor::exit_code(serious),
            Err(err) => fail(&err),
        };
    }
    match dispatch(command, keychain) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&err),
    }
}

/// A remedy as the command that does it.
pub fn remedy_command(remedy: &Remedy) -> String {
    let quoted = |name: &str| shell_word(name);
    match remedy {
        Remedy::MergeShadowed { profile } => format!(
            "“keyshelf repair shadowed {} --merge” or “--remove”",
            quoted(profile)
        ),
        Remedy::RemoveBom { file } => {
            format!(
                "remove the mark with “keyshelf repair bom {}”",
                file.short_name()
            )
        }
        Remedy::KeepOne {
            file,
            first,
            second,
        } => format!(
            "keep one with “keyshelf repair keep {name}:{first}” or “keyshelf repair keep {name}:{second}”",
            name = file.short_name()
        ),
        Remedy::DeleteInactiveKey => "run “keyshelf rotate --yes”".into(),
        Remedy::TurnOnTemporary { profile } => {
            format!("keyshelf temporary on --profile {}", quoted(profile))
        }
        Remedy::EndSession { profile } => format!(
            "run “keyshelf session --end --profile {}” once the keychain answers",
            quoted(profile)
        ),
        Remedy::SsoLogin { session } => {
            format!("sign in with “keyshelf sso login {}”", quoted(session))
        }
        Remedy::SignIn { profile, sso: true } => format!(
            "sign in with “aws sso login --profile {}”, then try again",
            quoted(profile)
        ),
        Remedy::SignIn {
            profile,
            sso: false,
        } => format!(
            "sign in with “aws login --profile {}”, then try again",
            quoted(profile)
        ),
        Remedy::ImportAgain { profile } => format!(
            "to import: “keyshelf import FILE --profile {} --to-keychain --on-conflict replace”",
            quoted(profile)
        ),
    }
}

/// A profile name as a shell word: plain names as they are, others in single quotes.
fn shell_word(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@+=:/,".contains(c));
    match plain {
        true => name.to_owned(),
        false => format!("'{}'", name.replace('\'', "'\\''")),
    }
}

/// Says what failed, with the remedy as a command, and gives the exit code.
fn fail(err: &anyhow::Error) -> ExitCode {
    let step = err
        .chain()
        .filter_map(fault::of)
        .find_map(|f| f.remedy())
        .map(|remedy| remedy_command(&remedy));
    // One line, as scripts read it: the sentence, the remedy, then what the system said.
    let mut line = format!("keyshelf: {err}");
    if let Some(step) = step {
        line.push_str(&format!("; {step}"));
    }
    if let Some(details) = err.chain().filter_map(fault::of).find_map(|f| f.details()) {
        line.push_str(&format!(" (details: {details})"));
    }
    eprintln!("{line}");
    exit_code(err)
}

fn dispatch(command: Command, store: &StoreFactory) -> anyhow::Result<()> {
    if let Command::Test { profile, json } = &command {
        // The SDK reads the files itself, as the AWS tools do.
        return cloud::test(&profile.name(), *json);
    }
    if let Command::CredentialProcess {
        profile,
        temporary,
        sso_session,
        sso_account_id,
        sso_role_name,
    } = &command
    {
        // Run by the AWS tools on every call: reads no file, only the keychain (until a
        // session must be renewed).
        if let (Some(session), Some(account), Some(role)) =
            (sso_session, sso_account_id, sso_role_name)
        {
            return sso_serve::sso_credential_process(profile, session, account, role);
        }
        return session::credential_process(profile, *temporary);
    }
    // A command that writes holds the save lock from its read to its last save, so that two
    // keyshelf processes never lose each other's updates; one that only reads
    // waits for nobody.
    let workspace = if command.writes() {
        Workspace::load_from_env_locked()?
    } else {
        Workspace::load_from_env()?
    };
    // Said once, after the command: a file the AWS tools do not read explains an empty list or
    // a profile that is not there; an error that is this very reason is not said twice.
    for note in workspace.recovered() {
        eprintln!("keyshelf: note: {note}");
    }
    let unread = workspace.unread().to_vec();
    let result = run_command(command, store, workspace);
    for note in unread {
        let said = result
            .as_ref()
            .err()
            .is_some_and(|e| e.to_string() == note.to_string());
        if !said {
            eprintln!("keyshelf: note: {note}");
        }
    }
    result
}

fn run_command(
    command: Command,
    store: &StoreFactory,
    mut workspace: Workspace,
) -> anyhow::Result<()> {
    match command {
        Command::List { json } => list::run(&workspace, json),
        Command::Get {
            key,
            profile,
            reveal,
        } => keys::get(&workspace, &profile.name(), &key, reveal),
        Command::Set {
            key,
            value,
            profile,
        } => keys::set(
            &mut workspace,
            store,
            &profile.name(),
            &key,
            value.as_deref(),
        ),
        Command::Unset { key, profile } => keys::unset(&mut workspace, &profile.name(), &key),
        Command::Rename { old, new } => profiles::rename(&mut workspace, store, &old, &new),
        Command::Duplicate { source, new } => profiles::duplicate(&mut workspace, &source, &new),
        Command::Delete { name } => profiles::delete(&mut workspace, store, &name),
        Command::Migrate { which } => {
            let program = keychain::this_program()?;
            keychain::migrate(&mut workspace, store, &program, which.which())?;
            keychain::note_if_temporary(&program);
            Ok(())
        }
        Command::Restore { which } => keychain::restore(&mut workspace, store, which.which()),
        Command::CredentialProcess { .. }
        | Command::MfaPrompt { .. }
        | Command::SsoPrompt { .. }
        | Command::PackageFiles { .. }
        | Command::Doctor { .. }
        | Command::Test { .. } => Ok(()),
        Command::Temporary {
            state,
            profile,
            duration,
        } => session::temporary(
            &mut workspace,
            store,
            &profile.name(),
            matches!(state, OnOff::On),
            duration,
        ),
        Command::Session { profile, code, end } => {
            session::start_or_end(&workspace, store, &profile.name(), code.as_deref(), end)
        }
        Command::Which { profile } => {
            repair::which(&workspace, &profile.name(), profile.is_given())
        }
        Command::Repair { what } => repair::run(&mut workspace, what),
        Command::Install { prefix } => install::run(&mut workspace, prefix.as_deref()),
        Command::Rotate {
            profile,
            delete_old,
            yes,
            code,
        } => cloud::rotate(
            &mut workspace,
            store,
            &profile.name(),
            keyshelf::rotate::Options {
                delete_old,
                delete_inactive: yes,
            },
            code.as_deref(),
        ),
        Command::Sso { what } => sso::run(&mut workspace, store, what),
        Command::Console {
            profile,
            print_url,
            duration,
        } => cloud::console(&workspace, store, &profile.name(), print_url, duration),
        Command::DeleteKey { key, profile } => {
            cloud::delete_key(&workspace, store, &profile.name(), &key)
        }
        Command::Import {
            files,
            profile,
            prefix,
            to_keychain,
            on_conflict,
            delete_source,
            region,
            output,
        } => import::run(
            &mut workspace,
            store,
            import::ImportArgs {
                files,
                profile,
                prefix,
                to_keychain,
                on_conflict,
                delete_source,
                region,
                output,
            },
        ),
    }
}

pub fn exit_code(err: &anyhow::Error) -> ExitCode {
    if err.is::<UserError>() {
        return ExitCode::from(1);
    }
    // Each layer's own error says whether the user can fix it; anything else is the system's.
    let code = err.chain().find_map(fault::of).map_or(2, |f| f.exit_code());
    ExitCode::from(code)
}

/// Saves and says what was written, on stderr so stdout stays clean for scripts.
fn save(workspace: &mut Workspace) -> anyhow::Result<()> {
    let report = workspace.save()?;
    for path in &report.written {
        eprintln!("saved {}", path.display());
    }
    // A file saved is one the AWS tools can read; the other may not be, and then they read
    // neither (botocore refuses the profile map whole): the save stands, said plainly.
    warn_unreadable(workspace);
    Ok(())
}

/// Says on stderr what makes the AWS tools refuse the files (botocore refuses the profile
/// map whole), each on its own line.
fn warn_unreadable(workspace: &Workspace) {
    for warning in workspace.warnings() {
        eprintln!(
            "warning: {}; the AWS tools cannot read the profiles until it is fixed (see “keyshelf repair”)",
            keyshelf::words::terminal_safe(&warning.to_string())
        );
    }
}

#[cfg(test)]
mod remedy_tests {
    use keyshelf::fault::Remedy;

    #[test]
    fn a_remedy_is_the_command_that_does_it_with_the_name_as_one_shell_word() {
        let end = super::remedy_command(&Remedy::EndSession {
            profile: "my dev".into(),
        });
        assert_eq!(
            end,
            "run “keyshelf session --end --profile 'my dev'” once the keychain answers"
        );
        let on = super::remedy_command(&Remedy::TurnOnTemporary {
            profile: "it's".into(),
        });
        assert_eq!(on, "keyshelf temporary on --profile 'it'\\''s'");
    }
}
