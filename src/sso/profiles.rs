//! Profiles made from an SSO sign-in's accounts and roles: one per (account, role), named after
//! the account and the role (`development-readonly`, with an optional prefix), each served by
//! keyshelf's `credential_process` with the session, account and role in its line.

use std::path::Path;

use crate::aws::SharedFiles;
use crate::cloud::sso::Account;
use crate::keychain::{CommandError, credential_process_command, with_sso};

/// A profile to write for one role of one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoProfile {
    pub name: String,
    pub account_id: String,
    pub account_name: String,
    pub role: String,
    /// A profile of this name already serves this very role: it is rewritten, not duplicated.
    pub existing: bool,
}

/// The line that serves `role` in `account` through `session` for `profile`.
pub fn sso_line(
    program: &Path,
    profile: &str,
    session: &str,
    account: &str,
    role: &str,
) -> Result<String, CommandError> {
    Ok(with_sso(
        credential_process_command(program, profile)?,
        session,
        account,
        role,
    ))
}

/// Lower case, with every run of other characters as one dash: "Dev Account" → "dev-account".
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// One profile per chosen (account, role) of `session`, with names free in `files` (a name that
/// already serves the same role is reused; another taken name gets `-2`, `-3`, …).
pub fn plan_profiles(
    files: &SharedFiles,
    session: &str,
    roles: &[(Account, Vec<String>)],
    prefix: &str,
) -> Vec<SsoProfile> {
    let mut planned: Vec<SsoProfile> = Vec::new();
    for (account, names) in roles {
        let account_part = match slug(&account.name) {
            empty if empty.is_empty() => account.id.clone(),
            named => named,
        };
        for role in names {
            let base = format!("{prefix}{account_part}-{}", slug(role));
            let serves_this = |name: &str| {
                files
                    .get(name, "credential_process")
                    .and_then(|(v, _)| v.as_plain().and_then(crate::keyshelf_line::sso_role))
                    == Some((session.to_owned(), account.id.clone(), role.clone()))
            };
            let mut name = base.clone();
            let mut n = 1;
            loop {
                let planned_already = planned.iter().any(|p| p.name == name);
                if !planned_already && (serves_this(&name) || !files.exists(&name)) {
                    break;
                }
                n += 1;
                name = format!("{base}-{n}");
            }
            planned.push(SsoProfile {
                existing: serves_this(&name),
                name,
                account_id: account.id.clone(),
                account_name: account.name.clone(),
                role: role.clone(),
            });
        }
    }
    planned
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, name: &str) -> Account {
        Account {
            id: id.into(),
            name: name.into(),
            email: String::new(),
        }
    }

    #[test]
    fn names_follow_the_account_and_role_and_never_take_another_profile() {
        let files = SharedFiles {
            config: crate::ini::Document::parse(
                "[profile development-readonly]\nregion = eu-west-1\n\n[profile development-admin]\ncredential_process = \"/bin/keyshelf\" credential-process --profile development-admin --sso-session corp --sso-account-id 111122223333 --sso-role-name Admin\n",
            ),
            credentials: crate::ini::Document::parse(""),
        };
        let roles = vec![
            (
                account("111122223333", "Development"),
                vec!["ReadOnly".to_owned(), "Admin".to_owned()],
            ),
            (
                account("444455556666", "Prod / EU"),
                vec!["ReadOnly".to_owned()],
            ),
        ];
        let planned = plan_profiles(&files, "corp", &roles, "");
        let names: Vec<(&str, bool)> = planned
            .iter()
            .map(|p| (p.name.as_str(), p.existing))
            .collect();
        assert_eq!(
            names,
            [
                ("development-readonly-2", false),
                ("development-admin", true),
                ("prod-eu-readonly", false)
            ]
        );
        assert_eq!(
            plan_profiles(&files, "corp", &roles[1..], "work-")[0].name,
            "work-prod-eu-readonly"
        );
        let line = sso_line(
            Path::new("/usr/bin/keyshelf"),
            "prod-eu-readonly",
            "corp",
            "444455556666",
            "ReadOnly",
        )
        .unwrap();
        assert_eq!(
            crate::keyshelf_line::sso_role(&line),
            Some(("corp".into(), "444455556666".into(), "ReadOnly".into()))
        );
    }
}
