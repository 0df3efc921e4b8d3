//! Proving a keychain move with the AWS tools' own resolution.
//!
//! A move (migrate, restore, renaming a keychain profile, an import into the keychain) is
//! planned in memory first. Before anything is saved, both versions of the files are resolved
//! as botocore resolves them ([`SharedFiles::resolve`]), with keyshelf's own
//! `credential_process` read as the keys its keychain item holds. The move goes ahead only when
//! the moved profile ends exactly where it should (the keychain, or the credentials file for a
//! restore) with exactly the moved keys, and every other profile that worked before (a role
//! whose `source_profile` is the moved one, say) gets the very same credentials after.

use std::collections::{HashMap, HashSet};

use super::command::parse_credential_process;
use super::move_error::{MoveError as Error, Result};
use crate::aws::FileKind;
use crate::aws::{SharedFiles, Source, StaticKeys};

/// Where the moved profile's keys must be afterwards.
pub(crate) enum Expect<'a> {
    /// Served by keyshelf from the keychain: these keys.
    Keychain(&'a StaticKeys),
    /// Plaintext in the credentials file: these keys.
    CredentialsFile(&'a StaticKeys),
}

/// What the other profiles must do afterwards.
pub(crate) enum Others {
    /// Resolve to the very same credentials as before (a migrate, restore or rename).
    Same,
    /// Still resolve, whatever to: an import may replace keys on purpose, and a role that
    /// uses the replaced profile then gets the new keys.
    StillWork,
}

/// One proof: the profiles moved and what each must end as, the keychain items the files will
/// name (by the profile in keyshelf's `credential_process` line) with the keys they hold, and
/// a renaming (old → new) to follow.
pub(crate) struct Proof<'a> {
    pub targets: Vec<(&'a str, Expect<'a>)>,
    pub items: HashMap<String, &'a StaticKeys>,
    pub renamed: Option<(&'a str, &'a str)>,
    pub others: Others,
}

/// A resolution with keyshelf's own `credential_process` replaced by the keys its item holds.
#[derive(Debug, PartialEq, Eq)]
enum Used {
    Keys(StaticKeys),
    Role { arn: String, via: Box<Used> },
    Other(Source),
}

fn settle(source: Source, items: &HashMap<String, &StaticKeys>) -> Used {
    match source {
        Source::Keys { keys, .. } => Used::Keys(keys),
        Source::Process { command } => {
            match parse_credential_process(&command).and_then(|(_, item)| items.get(&item)) {
                Some(keys) => Used::Keys((*keys).clone()),
                None => Used::Other(Source::Process { command }),
            }
        }
        Source::AssumeRole { role_arn, via, .. } => Used::Role {
            arn: role_arn,
            via: Box::new(settle(*via, items)),
        },
        other => Used::Other(other),
    }
}

impl Proof<'_> {
    /// The profiles other than the targets whose resolution can change: those whose
    /// `source_profile` chain reaches a target (or the old name of a renamed one). A profile's
    /// resolution reads only its own sections and those of its chain, so no other can change;
    /// this keeps the proof linear in the size of the files.
    fn affected(&self, before: &SharedFiles) -> Vec<String> {
        let sources: Vec<(String, String)> = before
            .profiles()
            .into_iter()
            .filter_map(|p| {
                let source = p.plain("source_profile")?.to_owned();
                Some((p.name, source))
            })
            .collect();
        let mut reached: HashSet<&str> = self.targets.iter().map(|(name, _)| *name).collect();
        reached.extend(self.renamed.map(|(old, _)| old));
        let mut affected = Vec::new();
        loop {
            let before_round = affected.len();
            for (name, source) in &sources {
                if reached.contains(source.as_str()) && reached.insert(name.as_str()) {
                    affected.push(name.clone());
                }
            }
            if affected.len() == before_round {
                break;
            }
        }
        affected
    }

    /// `Ok` when `after` does what the move means; else [`Error::NotProven`] in one sentence.
    pub(crate) fn check(&self, before: &SharedFiles, after: &SharedFiles) -> Result<()> {
        // Whether the AWS tools can read the files at all, once for every profile below.
        let before_readable = before.readable().is_ok();
        if let Err(err) = after.readable() {
            let profile = self.targets.first().map_or("", |(name, _)| *name);
            return Err(Error::NotProven {
                profile: profile.into(),
                why: format!("the AWS tools would fail on it ({err})"),
            });
        }
        for (name, expect) in &self.targets {
            let fail = |why: String| Error::NotProven {
                profile: (*name).into(),
                why,
            };
            let found = after
                .resolve_readable(name)
                .map_err(|err| fail(format!("the AWS tools would fail on it ({err})")))?;
            let ok = match (expect, &found) {
                (Expect::Keychain(keys), Source::Process { command }) => {
                    parse_credential_process(command)
                        .and_then(|(_, item)| self.items.get(&item))
                        .is_some_and(|held| held == keys)
                }
                (
                    Expect::CredentialsFile(keys),
                    Source::Keys {
                        file: FileKind::Credentials,
                        keys: found,
                    },
                ) => found == *keys,
                _ => false,
            };
            // For a move, every other value botocore gives the profile stays what it was (a
            // section made in a file with a `[DEFAULT]`, or one dropped, would change them).
            let old_name = match self.renamed {
                Some((old, new)) if new == *name => old,
                _ => name,
            };
            let unmoved = |files: &SharedFiles, profile: &str| {
                let mut values = files.values(profile);
                values.retain(|key, _| {
                    !crate::aws::is_secret_key(key) && key != "credential_process"
                });
                values
            };
            let (mut was, mut now) = (unmoved(before, old_name), unmoved(after, name));
            // And the account ID botocore pairs with the credentials, which it reads from the
            // keys' own section, or from the whole profile for a credential_process.
            let account = |files: &SharedFiles, profile: &str| {
                let source = files.resolve_readable(profile).ok()?;
                files.account_id(profile, &source)
            };
            let key = "the account ID paired with the credentials".to_owned();
            if let Some(id) = account(before, old_name) {
                was.insert(key.clone(), crate::ini::Value::Plain(id));
            }
            if let Some(id) = account(after, name) {
                now.insert(key, crate::ini::Value::Plain(id));
            }
            // An import sets values on purpose; a move (`Others::Same`) never does.
            if matches!(self.others, Others::Same) && was != now {
                let changed: Vec<&String> = was
                    .keys()
                    .chain(now.keys())
                    .filter(|k| was.get(*k) != now.get(*k))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                return Err(fail(format!(
                    "the AWS tools would read other settings for it ({} would change)",
                    changed
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            if !ok {
                let wanted = match expect {
                    Expect::Keychain(_) => "the moved keys from the keychain",
                    Expect::CredentialsFile(_) => "the restored keys in the credentials file",
                };
                return Err(fail(format!(
                    "the AWS tools would use {} instead of {wanted}",
                    found.describe()
                )));
            }
        }
        for name in self.affected(before) {
            let Ok(was) = before.resolve_readable(&name) else {
                continue;
            };
            if !before_readable {
                continue;
            }
            let now_name = match self.renamed {
                Some((old, new)) if old == name => new,
                _ => name.as_str(),
            };
            let fail = |why: String| Error::NotProven {
                profile: now_name.into(),
                why,
            };
            let now = after.resolve_readable(now_name).map_err(|err| {
                fail(format!(
                    "it works today, and the AWS tools would then fail on it ({err})"
                ))
            })?;
            if matches!(self.others, Others::Same)
                && settle(was.clone(), &self.items) != settle(now.clone(), &self.items)
            {
                return Err(fail(format!(
                    "the AWS tools would use {} instead of {}",
                    now.describe(),
                    was.describe()
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;
    use crate::secret::Secret;

    const ROLE: &str = "[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = t\n";
    const PROCESS: &str = "credential_process = \"/bin/keyshelf\" credential-process --profile t\n";

    fn files(config: &str, credentials: &str) -> SharedFiles {
        SharedFiles::new(Document::parse(config), Document::parse(credentials))
    }

    fn keys(id: &str) -> StaticKeys {
        StaticKeys {
            access_key_id: id.into(),
            secret_access_key: Secret::new("s"),
            session_token: None,
        }
    }

    fn migrate_proof<'a>(moved: &'a StaticKeys, held: &'a StaticKeys) -> Proof<'a> {
        Proof {
            targets: vec![("t", Expect::Keychain(moved))],
            items: HashMap::from([("t".to_owned(), held)]),
            renamed: None,
            others: Others::Same,
        }
    }

    #[test]
    fn a_migration_that_keeps_every_chain_is_proved() {
        let before = files(
            ROLE,
            "[t]\naws_access_key_id = K\naws_secret_access_key = s\n",
        );
        let after = files(&format!("{ROLE}[profile t]\n{PROCESS}"), "");
        let k = keys("K");
        migrate_proof(&k, &k).check(&before, &after).unwrap();
    }

    #[test]
    fn other_keys_in_the_item_are_refused_for_the_target() {
        let before = files(
            ROLE,
            "[t]\naws_access_key_id = K\naws_secret_access_key = s\n",
        );
        let after = files(&format!("{ROLE}[profile t]\n{PROCESS}"), "");
        let (k, other) = (keys("K"), keys("OTHER"));
        let err = migrate_proof(&k, &other)
            .check(&before, &after)
            .unwrap_err();
        assert!(err.to_string().contains("profile “t”"), "{err}");
    }

    #[test]
    fn keys_left_in_the_credentials_file_are_refused() {
        // botocore reads static keys in the credentials file before credential_process.
        let before = files(
            "",
            "[t]\naws_access_key_id = K\naws_secret_access_key = s\n",
        );
        let after = files(
            &format!("[profile t]\n{PROCESS}"),
            "[t]\naws_access_key_id = K\naws_secret_access_key = s\n",
        );
        let k = keys("K");
        let err = migrate_proof(&k, &k).check(&before, &after).unwrap_err();
        assert!(
            err.to_string()
                .contains("plaintext keys from the credentials file instead of the moved keys"),
            "{err}"
        );
    }

    #[test]
    fn a_role_chain_that_stops_working_is_refused() {
        let before = files(
            ROLE,
            "[t]\naws_access_key_id = K\naws_secret_access_key = s\n",
        );
        // The target is served, but the role built on it no longer resolves.
        let broken = ROLE.replace("source_profile = t", "source_profile = gone");
        let after = files(&format!("{broken}[profile t]\n{PROCESS}"), "");
        let k = keys("K");
        let err = migrate_proof(&k, &k).check(&before, &after).unwrap_err();
        assert!(err.to_string().contains("profile “r”"), "{err}");
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}
