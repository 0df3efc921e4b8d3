//! IAM Identity Center (SSO): add a session, sign in, sign out, and make profiles of the
//! sign-in's accounts and roles (the `keyshelf sso` commands, and the app's SSO panel). The
//! tokens live in the keychain ([`crate::sso`]); only `[sso-session]` and the profiles' lines
//! are written to the config file.

use std::path::Path;

use super::StoreFactory;
use crate::aws::{ACCOUNT_ACCESS_SCOPE, SsoSession};
use crate::cloud::Target;
use crate::cloud::sso::{Account, IdentityCenter};
use crate::files::{SaveReport, Workspace};
use crate::sso::{DeviceStep, SsoError, SsoProfile};

/// How a sign-in reaches the person, and where else it goes.
pub struct SignInWays<'a> {
    /// Opens the browser's sign-in address; `false` when none could (then the device code).
    /// `None`: the device code at once.
    pub browser: Option<&'a mut dyn FnMut(&str) -> bool>,
    /// Hears the device code's address and code, then each wait.
    pub tell: &'a mut dyn FnMut(DeviceStep<'_>),
    /// Asked while waiting for the person.
    pub cancelled: &'a dyn Fn() -> bool,
    /// `~/.aws`, to also write the AWS CLI's cache file there (`--export`).
    pub export_to: Option<&'a Path>,
}

/// Which roles to make profiles of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RolePick {
    All,
    One {
        account: String,
        role: String,
    },
    /// These (account, role) pairs (the app's picker).
    These(Vec<(String, String)>),
}

/// Writes `[sso-session NAME]` with `sso_registration_scopes = sso:account:access`, so that the
/// sign-in can be refreshed, and saves.
pub fn sso_add(
    workspace: &mut Workspace,
    name: &str,
    start_url: &str,
    region: &str,
) -> Result<SsoAdded, SsoError> {
    let name = name.trim();
    // `[sso-session NAME]`: botocore takes the name as one word after the prefix, and it goes
    // into every served profile's line; plain characters only.
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !plain {
        return Err(SsoError::BadValue {
            what: "the SSO session name",
            value: name.to_owned(),
            why: "use letters, digits, “-”, “_” and “.” only (e.g. my-company)".into(),
        });
    }
    let start_url = start_url.trim();
    if !(start_url.starts_with("https://") || start_url.starts_with("http://")) {
        return Err(SsoError::BadValue {
            what: "the start URL",
            value: start_url.to_owned(),
            why: "it must be an address such as https://my-company.awsapps.com/start".into(),
        });
    }
    let region = region.trim();
    if region.is_empty() || crate::aws::validate::region(region).is_some() {
        return Err(SsoError::BadValue {
            what: "the region",
            value: region.to_owned(),
            why: match crate::aws::regions::closest(region) {
                Some(meant) => format!("it is not an AWS region; did you mean {meant}?"),
                None => "it is not an AWS region (e.g. eu-west-1)".into(),
            },
        });
    }
    let session = SsoSession {
        name: name.trim().to_owned(),
        start_url: start_url.to_owned(),
        region: region.to_owned(),
        scopes: vec![ACCOUNT_ACCESS_SCOPE.to_owned()],
    };
    let before = workspace.docs.sso_session(&session.name);
    workspace.docs.set_sso_session(&session)?;
    let report = workspace.save()?;
    Ok(SsoAdded {
        existed: before.is_some(),
        changed: before.filter(|b| b.start_url != session.start_url || b.region != session.region),
        session,
        report,
    })
}

/// What [`sso_add`] wrote.
#[derive(Debug)]
pub struct SsoAdded {
    pub session: SsoSession,
    pub report: SaveReport,
    /// Whether a session of that name was there already.
    pub existed: bool,
    /// The session as it was, when one of that name had another start URL or region.
    pub changed: Option<SsoSession>,
}

fn session_of(workspace: &Workspace, name: &str) -> Result<SsoSession, SsoError> {
    workspace
        .docs
        .sso_session(name)
        .ok_or_else(|| SsoError::NoSession(name.to_owned()))
}

/// What a sign-in did.
#[derive(Debug)]
pub struct SignedIn {
    /// When the access token expires (RFC 3339).
    pub expires_at: String,
    /// The AWS CLI's cache files written (`export_to`): the session's, and the one legacy
    /// profiles with its start URL read, if the config file has such a profile.
    pub exported: Vec<std::path::PathBuf>,
}

/// The profiles with SSO settings of their own (`sso_start_url`, no `sso_session`) and this
/// start URL: botocore reads their token from the cache file named after the start URL.
pub fn legacy_profiles(workspace: &Workspace, start_url: &str) -> Vec<String> {
    let plain = |profile: &str, key: &str| {
        workspace
            .docs
            .get(profile, key)
            .and_then(|(v, _)| v.as_plain().map(|s| s.trim().to_owned()))
            .filter(|s| !s.is_empty())
    };
    workspace
        .docs
        .profile_names()
        .into_iter()
        .filter(|profile| {
            plain(profile, "sso_session").is_none()
                && plain(profile, "sso_start_url").as_deref() == Some(start_url.trim())
        })
        .collect()
}

/// Signs in to `name`: in the browser (the authorization code with PKCE, see
/// [`crate::sso::sign_in_with_browser`]) when `browser` is given and opens the address, else with
/// the device code (see [`crate::sso::sign_in_with_device`]), whose address and code `tell`
/// hears.
pub fn sso_login(
    workspace: &Workspace,
    store: &StoreFactory,
    name: &str,
    target: &Target,
    how: SignInWays<'_>,
) -> Result<SignedIn, SsoError> {
    let SignInWays {
        browser,
        tell,
        cancelled,
        export_to,
    } = how;
    let session = session_of(workspace, name)?;
    let store = store()?;
    let center = IdentityCenter::new(&session.region, target)
        .map_err(|e| SsoError::Call(crate::cloud::sso::SsoCallError::Cloud(e)))?;
    let credentials = &workspace.paths.credentials;
    let mut signed_in = None;
    if let Some(open) = browser {
        match crate::sso::sign_in_with_browser(
            &center,
            store.as_ref(),
            &session,
            credentials,
            open,
            cancelled,
        ) {
            Err(SsoError::NoBrowser) => {}
            done => signed_in = Some(done?),
        }
    }
    let signed_in = match signed_in {
        Some(done) => done,
        None => crate::sso::sign_in_with_device(
            &center,
            store.as_ref(),
            &session,
            credentials,
            tell,
            cancelled,
        )?,
    };
    let mut exported = Vec::new();
    if let Some(aws_folder) = export_to {
        let failed = |key: &str| {
            let path = crate::sso::cli_cache_file(aws_folder, key);
            move |err: std::io::Error| SsoError::Export {
                path,
                detail: err.to_string(),
            }
        };
        exported.push(
            crate::sso::export_to_cli_cache(aws_folder, name, &signed_in).map_err(failed(name))?,
        );
        if !legacy_profiles(workspace, &session.start_url).is_empty() {
            exported.push(
                crate::sso::export_for_legacy_profiles(aws_folder, &signed_in)
                    .map_err(failed(&session.start_url))?,
            );
        }
    }
    Ok(SignedIn {
        expires_at: signed_in.expires_at,
        exported,
    })
}

/// Signs out of `name`: AWS is told, and the tokens and every profile's cached role credentials
/// of the session leave the keychain. Returns whether it was signed in, and how many profiles'
/// credentials were forgotten.
pub fn sso_logout(
    workspace: &Workspace,
    store: &StoreFactory,
    name: &str,
    target: &Target,
    exported_in: Option<&Path>,
) -> Result<(bool, usize), SsoError> {
    if let Some(aws_folder) = exported_in {
        // The session's file, and the one its start URL names for legacy profiles.
        let start_url = workspace.docs.sso_session(name).map(|s| s.start_url);
        for key in std::iter::once(name).chain(start_url.as_deref()) {
            crate::sso::remove_cli_cache(aws_folder, key).map_err(|err| SsoError::Export {
                path: crate::sso::cli_cache_file(aws_folder, key),
                detail: err.to_string(),
            })?;
        }
    }
    let store = store()?;
    let profiles = profiles_of(workspace, name);
    let region = workspace.docs.sso_session(name).map(|s| s.region);
    let center = region.and_then(|r| IdentityCenter::new(&r, target).ok());
    let was = crate::sso::sign_out(
        center.as_ref(),
        store.as_ref(),
        name,
        &workspace.paths.credentials,
        &profiles,
    )?;
    Ok((was, profiles.len()))
}

/// Whether SSO session `name` is signed in on this computer, and until when (a keychain read).
pub fn sso_status(
    workspace: &Workspace,
    store: &StoreFactory,
    name: &str,
) -> Result<Option<crate::sso::SignInState>, SsoError> {
    let store = store()?;
    Ok(crate::sso::sign_in_state(
        store.as_ref(),
        name,
        &workspace.paths.credentials,
    )?)
}

/// The profiles whose line serves a role of SSO session `name`.
pub fn profiles_of(workspace: &Workspace, name: &str) -> Vec<String> {
    workspace
        .docs
        .profile_names()
        .into_iter()
        .filter(|profile| {
            workspace
                .docs
                .get(profile, "credential_process")
                .and_then(|(v, _)| v.as_plain().and_then(crate::keyshelf_line::sso_role))
                .is_some_and(|(session, _, _)| session == name)
        })
        .collect()
}

/// Every account the sign-in reaches, with its roles (ListAccounts, ListAccountRoles).
pub fn sso_roles(
    workspace: &Workspace,
    store: &StoreFactory,
    name: &str,
    target: &Target,
) -> Result<Vec<(Account, Vec<String>)>, SsoError> {
    let store = store()?;
    let (center, signed_in) =
        crate::sso::token_for(store.as_ref(), name, &workspace.paths.credentials, target)?;
    let mut found = Vec::new();
    for account in center.accounts(&signed_in.access_token)? {
        let roles = center.roles(&signed_in.access_token, &account.id)?;
        found.push((account, roles));
    }
    Ok(found)
}

/// Makes (or rewrites) a profile per picked role of `name`, served through `program`, with
/// `region` as each new profile's default region, and saves.
#[allow(clippy::too_many_arguments)]
pub fn sso_import(
    workspace: &mut Workspace,
    store: &StoreFactory,
    program: &Path,
    name: &str,
    pick: &RolePick,
    prefix: &str,
    region: Option<&str>,
    target: &Target,
) -> Result<(Vec<SsoProfile>, SaveReport), SsoError> {
    let session = session_of(workspace, name)?;
    let mut roles = sso_roles(workspace, store, name, target)?;
    if let RolePick::One { account, role } = pick {
        roles = roles
            .into_iter()
            .filter(|(a, _)| &a.id == account)
            .map(|(a, rs)| (a, rs.into_iter().filter(|r| r == role).collect::<Vec<_>>()))
            .filter(|(_, rs)| !rs.is_empty())
            .collect();
        if roles.is_empty() {
            return Err(SsoError::NoSuchRole {
                account: account.clone(),
                role: role.clone(),
            });
        }
    }
    if let RolePick::These(pairs) = pick {
        roles = roles
            .into_iter()
            .map(|(a, rs)| {
                let kept = rs
                    .into_iter()
                    .filter(|r| pairs.iter().any(|(acc, role)| acc == &a.id && role == r))
                    .collect::<Vec<_>>();
                (a, kept)
            })
            .filter(|(_, rs)| !rs.is_empty())
            .collect();
    }
    let planned = crate::sso::plan_profiles(&workspace.docs, name, &roles, prefix);
    let region = region.unwrap_or(&session.region);
    for profile in &planned {
        let line = crate::sso::sso_line(
            program,
            &profile.name,
            name,
            &profile.account_id,
            &profile.role,
        )?;
        if !profile.existing {
            workspace.docs.create(&profile.name)?;
            workspace.docs.set(&profile.name, "region", region)?;
        }
        workspace
            .docs
            .set(&profile.name, "credential_process", &line)?;
    }
    let report = workspace.save()?;
    Ok((planned, report))
}
