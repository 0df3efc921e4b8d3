//! `keyshelf get|set|unset KEY`. A dotted key such as `s3.addressing_style` names an entry of a
//! nested block.

use keyshelf::aws::is_secret_key;
use keyshelf::files::Workspace;
use keyshelf::ini::Value;
use keyshelf::secret::Secret;

use super::list::print_stdout;
use super::{save, user_error};

fn split_nested(key: &str) -> Option<(&str, &str)> {
    key.split_once('.')
        .filter(|(k, s)| !k.is_empty() && !s.is_empty())
}

pub fn get(workspace: &Workspace, profile: &str, key: &str, reveal: bool) -> anyhow::Result<()> {
    let files = &workspace.docs;
    if !files.exists(profile) {
        return Err(keyshelf::aws::AwsError::ProfileNotFound {
            name: profile.into(),
        }
        .into());
    }
    if is_secret_key(key) && !reveal {
        return Err(user_error(format!(
            "“{}” is a secret; add --reveal to print it",
            key.escape_debug()
        )));
    }
    let missing = || {
        user_error(format!(
            "profile “{}” has no “{}”",
            profile.escape_debug(),
            key.escape_debug()
        ))
    };
    let text = match split_nested(key) {
        Some((parent, sub)) => match files.get(profile, parent) {
            Some((Value::Nested(entries), _)) => entries
                .into_iter()
                .rev()
                .find(|(k, _)| k == sub)
                .map(|(_, v)| v)
                .ok_or_else(missing)?,
            _ => return Err(missing()),
        },
        None => match files.get(profile, key).ok_or_else(missing)?.0 {
            Value::Plain(value) => value,
            Value::Nested(entries) => entries
                .iter()
                .map(|(k, v)| format!("{k} = {v}"))
                .collect::<Vec<_>>()
                .join("\n"),
        },
    };
    print_stdout(&format!("{text}\n"))
}

pub fn set(
    workspace: &mut Workspace,
    profile: &str,
    key: &str,
    value: Option<&str>,
) -> anyhow::Result<()> {
    let value = value_of(key, value)?;
    match split_nested(key) {
        Some((parent, sub)) => workspace
            .docs
            .set_nested(profile, parent, sub, value.expose())?,
        None => {
            workspace.docs.set(profile, key, value.expose())?;
        }
    }
    save(workspace)
}

/// The value to set: from the command line for an ordinary key; for a secret, from a hidden
/// prompt on a terminal or one line of stdin, never from the command line, where every local
/// user can read it with `ps` (issue 10).
fn value_of(key: &str, given: Option<&str>) -> anyhow::Result<Secret> {
    let shown = key.escape_debug();
    match (is_secret_key(key), given) {
        (false, Some(value)) => Ok(Secret::new(value)),
        (false, None) => Err(user_error(format!(
            "the VALUE is missing: “keyshelf set {shown} VALUE”"
        ))),
        (true, Some(value)) if value != "-" => Err(user_error(format!(
            "“{shown}” is a secret, and a value on the command line can be read by every user of this computer (“ps”); leave it out to be asked, or give - and send the value on stdin"
        ))),
        (true, _) => {
            use std::io::IsTerminal;
            // Wiped when dropped, as the Secret made from it is.
            let line = zeroize::Zeroizing::new(if std::io::stdin().is_terminal() {
                rpassword::prompt_password(format!("{key} (not shown): "))?
            } else {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                line
            });
            let value = Secret::new(line.trim_end_matches(['\r', '\n']));
            if value.expose().is_empty() {
                return Err(user_error(format!(
                    "no value for “{shown}” was given; nothing changed"
                )));
            }
            Ok(value)
        }
    }
}

pub fn unset(workspace: &mut Workspace, profile: &str, key: &str) -> anyhow::Result<()> {
    if !workspace.docs.exists(profile) {
        return Err(keyshelf::aws::AwsError::ProfileNotFound {
            name: profile.into(),
        }
        .into());
    }
    let removed = match split_nested(key) {
        Some((parent, sub)) => workspace.docs.remove_nested(profile, parent, sub)?,
        None => workspace.docs.unset(profile, key)?,
    };
    if !removed {
        return Err(user_error(format!(
            "profile “{}” has no “{}”; nothing changed",
            profile.escape_debug(),
            key.escape_debug()
        )));
    }
    save(workspace)
}
