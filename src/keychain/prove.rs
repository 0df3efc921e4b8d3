//! Proving a keychain move with the AWS tools' own resolution (issue 9).
//!
//! A move (migrate, restore, renaming a keychain profile, an import into the keychain) is
//! planned in memory first. Before anything is saved, both versions of the files are resolved
//! as botocore resolves them ([`SharedFiles::resolve`]), with keyshelf's own
//! `credential_process` read as the keys its keychain item holds. The move goes ahead only when
//! the moved profile ends exactly where it should (the keychain, or the credentials file for a
//! restore) with exactly the moved keys, and every other profile that worked before (a role
//! whose `source_profile` is the moved one, say) gets the very same credentials after.

use std::collections::HashMap;

use super::command::parse_credential_process;
use crate::aws::{SharedFiles, Source, StaticKeys};
use crate::error::{Error, FileKind, Result};

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
    /// `Ok` when `after` does what the move means; else [`Error::NotProven`] in one sentence.
    pub(crate) fn check(&self, before: &SharedFiles, after: &SharedFiles) -> Result<()> {
        for (name, expect) in &self.targets {
            let fail = |why: String| Error::NotProven {
                profile: (*name).into(),
                why,
            };
            let found = after
                .resolve(name)
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
        for name in before.profile_names() {
            // The targets were checked above, more strictly.
            if self.targets.iter().any(|(target, _)| *target == name) {
                continue;
            }
            let Ok(was) = before.resolve(&name) else {
                continue;
            };
            let now_name = match self.renamed {
                Some((old, new)) if old == name => new,
                _ => name.as_str(),
            };
            let fail = |why: String| Error::NotProven {
                profile: now_name.into(),
                why,
            };
            let now = after.resolve(now_name).map_err(|err| {
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
