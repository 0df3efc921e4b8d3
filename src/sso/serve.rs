//! Role credentials for a profile made from an SSO sign-in, as `credential-process` serves them:
//! from the keychain while 15 minutes remain (one read, no network); else, under one lock per
//! SSO session (parallel calls renew once), GetRoleCredentials with the access token, refreshed
//! first with the refresh token when it is about to expire, and kept in the keychain.

use std::time::Instant;

use chrono::Utc;

use super::{SignIn, SsoError, SsoTokens, session_item};
use crate::cloud::Target;
use crate::cloud::sso::{IdentityCenter, SsoCallError};
use crate::keychain::{
    CachedSession, ItemKey, KeychainError, SecretStore, SessionKeys, get_item, put_item,
};
use crate::session::{LockFailure, SessionLock};

/// The role credentials SSO hands out last an hour; they are served while this many seconds of
/// them remain (as temporary credentials are: [`crate::session::min_left`]).
const ROLE_SECONDS: u32 = 3600;

/// An access token with less than this left is refreshed before it is used.
const TOKEN_MIN_LEFT: i64 = 5 * 60;

/// One profile made from an SSO sign-in: which session, account and role it takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoRole {
    pub profile: String,
    pub session: String,
    pub account: String,
    pub role: String,
}

/// Role credentials for `role`, cached or new (see the module). Blocks on the lock, the
/// keychain and the network, never past `deadline`.
pub fn role_credentials(
    store: &dyn SecretStore,
    role: &SsoRole,
    credentials_file: &std::path::Path,
    target: &Target,
    deadline: Instant,
) -> Result<CachedSession, SsoError> {
    let role_item = ItemKey::new(&role.profile, credentials_file);
    if let Some(cached) = cached(store, &role_item, role)? {
        return Ok(cached);
    }
    let session = session_item(&role.session, credentials_file);
    let _lock = SessionLock::acquire(&session, deadline).map_err(|failure| match failure {
        LockFailure::Busy => SsoError::Busy(role.session.clone()),
        LockFailure::Io(path, err) => SsoError::Lock {
            detail: format!("{}: {err}", path.display()),
        },
    })?;
    // Another process may have made them while this one waited.
    if let Some(cached) = cached(store, &role_item, role)? {
        return Ok(cached);
    }
    let (center, mut signed_in) = fresh_token(store, &role.session, credentials_file, target)?;
    let credentials =
        match center.role_credentials(&signed_in.access_token, &role.account, &role.role) {
            // Revoked early, or our clock is off: one refresh, one more try.
            Err(SsoCallError::SignInNeeded { .. }) => {
                signed_in = refresh(&center, store, &session, &role.session, &signed_in)?;
                center.role_credentials(&signed_in.access_token, &role.account, &role.role)?
            }
            other => other?,
        };
    let served = CachedSession {
        keys: credentials.keys,
        expiration: credentials.expiration,
        source_key_id: role.source(),
        mfa: false,
    };
    put_item::<SessionKeys>(store, &role_item, &served)?;
    Ok(served)
}

/// The session's sign-in with an access token good for a while, refreshed (and stored) first
/// when it is about to expire, and the Identity Center of its region.
pub fn token_for(
    store: &dyn SecretStore,
    session: &str,
    credentials_file: &std::path::Path,
    target: &Target,
) -> Result<(IdentityCenter, SignIn), SsoError> {
    fresh_token(store, session, credentials_file, target)
}

fn fresh_token(
    store: &dyn SecretStore,
    session: &str,
    credentials_file: &std::path::Path,
    target: &Target,
) -> Result<(IdentityCenter, SignIn), SsoError> {
    let item = session_item(session, credentials_file);
    let signed_in = match get_item::<SsoTokens>(store, &item) {
        Ok(signed_in) => signed_in,
        Err(KeychainError::NotFound | KeychainError::NotOurs) => {
            return Err(SsoError::NotSignedIn {
                session: session.to_owned(),
            });
        }
        Err(err) => return Err(err.into()),
    };
    let center = IdentityCenter::new(&signed_in.region, target)
        .map_err(|err| SsoError::Call(SsoCallError::Cloud(err)))?;
    if signed_in.seconds_left(Utc::now()) > TOKEN_MIN_LEFT {
        return Ok((center, signed_in));
    }
    let renewed = refresh(&center, store, &item, session, &signed_in)?;
    Ok((center, renewed))
}

/// New tokens from the refresh token, stored before they are used.
fn refresh(
    center: &IdentityCenter,
    store: &dyn SecretStore,
    item: &ItemKey,
    session: &str,
    signed_in: &SignIn,
) -> Result<SignIn, SsoError> {
    let Some(refresh_token) = &signed_in.refresh_token else {
        return Err(SsoError::Expired {
            session: session.to_owned(),
            detail: "the sign-in has no refresh token (the session's sso_registration_scopes lacks sso:account:access)".into(),
        });
    };
    let token = match center.refresh(&signed_in.registration(), refresh_token) {
        Ok(token) => token,
        Err(SsoCallError::SignInNeeded { code }) => {
            return Err(SsoError::Expired {
                session: session.to_owned(),
                detail: format!("IAM Identity Center refused the refresh token ({code})"),
            });
        }
        Err(err) => return Err(err.into()),
    };
    let renewed = signed_in.with_token(token, Utc::now());
    put_item::<SsoTokens>(store, item, &renewed)?;
    Ok(renewed)
}

impl SsoRole {
    /// What cached role credentials record they were made for (as `SourceAccessKeyId`).
    fn source(&self) -> String {
        format!(
            "sso-session {} account {} role {}",
            self.session, self.account, self.role
        )
    }
}

/// The role credentials cached under `item`, if they were made for this very session, account
/// and role. The item is named after the profile, and a profile's line can change under it (a
/// rename, a new profile given a freed name, a hand edit of `--sso-role-name`): credentials
/// made for anything else are never served, only replaced.
fn cached(
    store: &dyn SecretStore,
    item: &ItemKey,
    role: &SsoRole,
) -> Result<Option<CachedSession>, SsoError> {
    let cached = crate::session::cached(store, item, ROLE_SECONDS, Utc::now())?;
    Ok(cached.filter(|session| session.source_key_id == role.source()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::aws::StaticKeys;
    use crate::keychain::{MemoryStore, SessionKeys};
    use crate::secret::Secret;

    fn role(profile: &str, account: &str, role: &str) -> SsoRole {
        SsoRole {
            profile: profile.into(),
            session: "corp".into(),
            account: account.into(),
            role: role.into(),
        }
    }

    /// Role credentials cached for ReadOnly in 111122223333, good for another hour.
    fn store_with_cached(item: &ItemKey) -> MemoryStore {
        let store = MemoryStore::new();
        let cached = CachedSession {
            keys: StaticKeys {
                access_key_id: "ASIAREADONLY".into(),
                secret_access_key: Secret::new("s3cr3t"),
                session_token: Some(Secret::new("token")),
            },
            expiration: (Utc::now() + chrono::Duration::hours(1)).to_rfc3339(),
            source_key_id: role("dev", "111122223333", "ReadOnly").source(),
            mfa: false,
        };
        put_item::<SessionKeys>(&store, item, &cached).unwrap();
        store
    }

    #[test]
    fn cached_role_credentials_are_served_only_to_the_role_they_were_made_for() {
        let item = ItemKey::new("dev", std::path::Path::new("/home/a/.aws/credentials"));
        let store = store_with_cached(&item);
        let same = cached(&store, &item, &role("dev", "111122223333", "ReadOnly")).unwrap();
        assert_eq!(same.unwrap().keys.access_key_id, "ASIAREADONLY");
        // The profile's line now names another role, or another account, or another sign-in
        // (a hand edit, or a new profile given the name of a renamed one).
        for other in [
            role("dev", "111122223333", "Admin"),
            role("dev", "444455556666", "ReadOnly"),
            SsoRole {
                session: "other".into(),
                ..role("dev", "111122223333", "ReadOnly")
            },
        ] {
            assert!(
                cached(&store, &item, &other).unwrap().is_none(),
                "{other:?}"
            );
        }
    }

    #[test]
    fn role_credentials_cached_before_they_recorded_their_role_are_made_again() {
        let item = ItemKey::new("dev", std::path::Path::new("/home/a/.aws/credentials"));
        let store = store_with_cached(&item);
        let mut old = get_item::<SessionKeys>(&store, &item).unwrap();
        old.source_key_id = "sso-session corp".into();
        put_item::<SessionKeys>(&store, &item, &old).unwrap();
        let role = role("dev", "111122223333", "ReadOnly");
        assert!(cached(&store, &item, &role).unwrap().is_none());
    }
}
