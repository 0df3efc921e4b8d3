//! Switching a keychain profile between long-term keys and temporary credentials: one word in
//! its `credential_process` line (`--temporary SECONDS`), so that serving needs no file read.

use std::sync::Arc;

use super::{SessionError, check_seconds};
use crate::files::{SaveReport, Workspace};
use crate::keychain::{
    KeychainError, SecretStore, item_of, parse_credential_process, temporary_seconds,
    with_temporary,
};

/// Switches profile `name` ([`set_temporary`]), saves when that changed the line, and after
/// turning temporary credentials off ends the cached session, opening the keychain with `open`
/// only then. `keyshelf temporary` and the switch on the profile's page.
///
/// Errors: those of [`set_temporary`]; the save's; [`SessionError::Keychain`] when the session
/// could not be ended (the files are saved by then).
pub fn switch(
    workspace: &mut Workspace,
    open: &dyn Fn() -> Result<Arc<dyn SecretStore>, KeychainError>,
    name: &str,
    seconds: Option<u32>,
) -> Result<Option<SaveReport>, SessionError> {
    set_temporary(workspace, name, seconds)?;
    let report = match workspace.is_dirty() {
        true => Some(workspace.save()?),
        false => None,
    };
    if seconds.is_none() {
        let item = item_of(workspace, name);
        open()
            .and_then(|store| super::end(store.as_ref(), &item))
            .map_err(|source| SessionError::Keychain {
                profile: name.to_owned(),
                source,
            })?;
    }
    Ok(report)
}

/// The session length of profile `name` when it is on temporary credentials.
pub fn temporary_of(workspace: &Workspace, name: &str) -> Option<u32> {
    workspace
        .docs
        .get(name, "credential_process")
        .and_then(|(value, _)| value.as_plain().and_then(temporary_seconds))
}

/// Puts profile `name` on temporary credentials of `seconds` (`Some`) or back on its long-term
/// keys (`None`). Changes only the profile's `credential_process` line, in memory, in whichever
/// file holds it; the caller saves, and after turning them off ends the cached session
/// ([`super::end`]).
///
/// Errors: [`SessionError::NotServed`] when keyshelf does not serve the profile from the
/// keychain; [`SessionError::BadDuration`] outside 15 minutes to 36 hours.
pub fn set_temporary(
    workspace: &mut Workspace,
    name: &str,
    seconds: Option<u32>,
) -> Result<(), SessionError> {
    if let Some(seconds) = seconds {
        check_seconds(u64::from(seconds))?;
    }
    let not_served = || SessionError::NotServed {
        profile: name.to_owned(),
    };
    let line = workspace
        .docs
        .get(name, "credential_process")
        .and_then(|(value, _)| value.as_plain().map(str::to_owned))
        .ok_or_else(not_served)?;
    parse_credential_process(&line).ok_or_else(not_served)?;
    let base = without_temporary(&line);
    let new = with_temporary(base, seconds);
    if new != line {
        workspace
            .docs
            .set(name, "credential_process", &new)
            .map_err(crate::Error::from)?;
    }
    Ok(())
}

/// The line with its `--temporary N` (or `--temporary=N`) taken out, every other character as
/// it was: keyshelf wrote the flag last, and the words before it are left alone.
fn without_temporary(line: &str) -> String {
    let flag = crate::keychain::TEMPORARY_FLAG;
    let Some(at) = line.rfind(&format!(" {flag}")) else {
        return line.to_owned();
    };
    let rest = &line[at + 1 + flag.len()..];
    let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
    let number_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    format!("{}{}", &line[..at], &rest[number_end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_comes_out_and_nothing_else_moves() {
        let line = "\"/usr/bin/keyshelf\" credential-process --profile dev";
        assert_eq!(without_temporary(line), line);
        assert_eq!(without_temporary(&format!("{line} --temporary 3600")), line);
        assert_eq!(without_temporary(&format!("{line} --temporary=900")), line);
    }
}
