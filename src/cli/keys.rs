//! `keyshelf get|set|unset KEY`. A dotted key such as `s3.addressing_style` names an entry of a
//! nested block.

use keyshelf::aws::is_secret_key;
use keyshelf::files::Workspace;
use keyshelf::ini::Value;

use super::list::print_stdout;
use super::{save, user_error};

fn split_nested(key: &str) -> Option<(&str, &str)> {
    key.split_once('.')
        .filter(|(k, s)| !k.is_empty() && !s.is_empty())
}

pub fn get(workspace: &Workspace, profile: &str, key: &str, reveal: bool) -> anyhow::Result<()> {
    let files = &workspace.files;
    if !files.exists(profile) {
        return Err(keyshelf::Error::ProfileNotFound {
            name: profile.into(),
        }
        .into());
    }
    if is_secret_key(key) && !reveal {
        return Err(user_error(format!(
            "`{}` is a secret; add --reveal to print it",
            key.escape_debug()
        )));
    }
    let missing = || {
        user_error(format!(
            "profile `{}` has no `{}`",
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

pub fn set(workspace: &mut Workspace, profile: &str, key: &str, value: &str) -> anyhow::Result<()> {
    match split_nested(key) {
        Some((parent, sub)) => workspace.files.set_nested(profile, parent, sub, value)?,
        None => {
            workspace.files.set(profile, key, value)?;
        }
    }
    save(workspace)
}

pub fn unset(workspace: &mut Workspace, profile: &str, key: &str) -> anyhow::Result<()> {
    if !workspace.files.exists(profile) {
        return Err(keyshelf::Error::ProfileNotFound {
            name: profile.into(),
        }
        .into());
    }
    let removed = match split_nested(key) {
        Some((parent, sub)) => workspace.files.remove_nested(profile, parent, sub)?,
        None => workspace.files.unset(profile, key)?,
    };
    if !removed {
        return Err(user_error(format!(
            "profile `{}` has no `{}`; nothing changed",
            profile.escape_debug(),
            key.escape_debug()
        )));
    }
    save(workspace)
}
