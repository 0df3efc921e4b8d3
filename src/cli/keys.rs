//! `keyshelf get|set|unset KEY`. A dotted key such as `s3.addressing_style` names an entry of a
//! nested block.

use keyshelf::action::StoreFactory;
use keyshelf::aws::is_secret_key;
use keyshelf::files::Workspace;
use keyshelf::ini::Value;
use keyshelf::secret::Secret;

use super::list::print_stdout;
use super::{save, user_error};

/// A key name as given on the command line, refused without echoing it when it cannot be one:
/// `aws_secret_access_key=VALUE` (or `:VALUE`, or with spaces) holds a value, maybe a secret, and
/// is never printed back past its delimiter.
fn key_name(key: &str) -> anyhow::Result<&str> {
    match key.find(['=', ':']) {
        Some(at) => Err(user_error(format!(
            "“{}…” is not a key name: give the key and its value apart, and a secret's value never on the command line (“keyshelf set {} -” reads it from stdin)",
            key[..at + 1].escape_debug(),
            key[..at].trim().escape_debug()
        ))),
        None => match key.find(|c: char| c.is_whitespace() || c.is_control()) {
            Some(at) => {
                let why = if key[at..].starts_with(['\n', '\r']) {
                    "it holds a line break"
                } else {
                    "it holds a space or a control character"
                };
                Err(user_error(format!(
                    "“{}…” is not a key name: {why}",
                    key[..at].escape_debug()
                )))
            }
            None => Ok(key),
        },
    }
}

fn split_nested(key: &str) -> Option<(&str, &str)> {
    key.split_once('.')
        .filter(|(k, s)| !k.is_empty() && !s.is_empty())
}

pub fn get(workspace: &Workspace, profile: &str, key: &str, reveal: bool) -> anyhow::Result<()> {
    let key = key_name(key)?;
    // The AWS tools would read no value at all from such files.
    super::warn_unreadable(workspace);
    let files = &workspace.docs;
    if !files.exists(profile) {
        return Err(keyshelf::aws::AwsError::ProfileNotFound {
            name: profile.into(),
        }
        .into());
    }
    // A block nested under a secret key is that secret's value to botocore.
    let secret = is_secret_key(key) || split_nested(key).is_some_and(|(p, _)| is_secret_key(p));
    if secret && !reveal {
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
    store: &StoreFactory,
    profile: &str,
    key: &str,
    value: Option<&str>,
) -> anyhow::Result<()> {
    let key = key_name(key)?;
    if let Some((parent, _)) = split_nested(key).filter(|(p, _)| is_secret_key(p)) {
        return Err(user_error(format!(
            "“{}” is a secret, which holds one value, not a nested block; nothing changed",
            parent.escape_debug()
        )));
    }
    let value = value_of(key, value)?;
    if is_secret_key(key) && workspace.docs.runs_keyshelf(profile) {
        // A key written to the file would silently win over the keychain's (botocore reads
        // static keys in the credentials file before credential_process): the item changes.
        return set_in_keychain(workspace, store, profile, key, value);
    }
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
/// user can read it with `ps`.
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
                read_stdin_value(&shown.to_string())?
            });
            let value = Secret::new(line.trim_end_matches(['\r', '\n']));
            if value.expose().contains(['\r', '\n']) {
                return Err(user_error(format!(
                    "the value for “{shown}” on stdin has more than one line; nothing changed"
                )));
            }
            if value.expose().is_empty() {
                return Err(user_error(format!(
                    "no value for “{shown}” was given; nothing changed"
                )));
            }
            Ok(value)
        }
    }
}

/// Everything on stdin, up to a limit no key comes near: a second line is refused rather
/// than dropped, so what is stored is all that was sent.
fn read_stdin_value(shown: &str) -> anyhow::Result<String> {
    use std::io::Read;
    const LIMIT: u64 = 64 * 1024;
    // Sized once: a vector that grows leaves copies of what it held behind.
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(LIMIT as usize + 1));
    std::io::stdin().take(LIMIT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > LIMIT {
        return Err(user_error(format!(
            "the value for “{shown}” on stdin is longer than {LIMIT} bytes; nothing changed"
        )));
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => Err(user_error(format!(
            "the value for “{shown}” on stdin is not UTF-8 text; nothing changed"
        ))),
    }
}

/// `set` of a secret key on a profile whose keys are in the keychain: the item gets the new
/// value (written, read back, the files recording the date), as "Replace keys…" in the app.
fn set_in_keychain(
    workspace: &mut Workspace,
    store: &StoreFactory,
    profile: &str,
    key: &str,
    value: Secret,
) -> anyhow::Result<()> {
    let store = store()?;
    let item = keyshelf::keychain::item_of(workspace, profile);
    let mut keys = store.get(&item)?;
    let same = |name: &str| keyshelf::ini::same_key(key, name);
    if same("aws_access_key_id") {
        keys.access_key_id = value.expose().to_owned();
    } else if same("aws_secret_access_key") {
        keys.secret_access_key = value;
    } else {
        keys.session_token = Some(value);
    }
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    keyshelf::keychain::replace_keys(workspace, store.as_ref(), profile, &keys, &today)?;
    eprintln!(
        "changed {key} of “{}” in the keychain, where its keys are",
        profile.escape_debug()
    );
    // A duplicate reads its source's item: the change reaches every profile that reads it.
    let sharing: Vec<String> = keyshelf::keychain::users_of_item(workspace, &item)
        .into_iter()
        .filter(|user| user != profile)
        .map(|user| format!("“{}”", user.escape_debug()))
        .collect();
    if !sharing.is_empty() {
        eprintln!(
            "note: the same keychain item serves {} too, so their {key} changed with it",
            sharing.join(", ")
        );
    }
    Ok(())
}

pub fn unset(workspace: &mut Workspace, profile: &str, key: &str) -> anyhow::Result<()> {
    let key = key_name(key)?;
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
        // A file the AWS tools refuse is said as a save of it would say it.
        workspace.check_both_writable()?;
        // configparser gives every section of a file its `[DEFAULT]` keys: `get` shows such a
        // key, and unsetting it here would change every profile of that file.
        if let Some((file, line)) = workspace.docs.default_source(profile, key) {
            return Err(user_error(format!(
                "profile “{}” has no “{}” of its own: it inherits it from the [DEFAULT] section of {} ({}, line {}), as every profile of that file does; nothing changed (to remove it from them all, delete that line)",
                profile.escape_debug(),
                key.escape_debug(),
                file.label(),
                workspace.paths.path(file).display(),
                line
            )));
        }
        return Err(user_error(format!(
            "profile “{}” has no “{}”; nothing changed",
            profile.escape_debug(),
            key.escape_debug()
        )));
    }
    save(workspace)
}
