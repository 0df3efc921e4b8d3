#![allow(clippy::unwrap_used)]

use std::path::Path;

use super::*;
use crate::aws::StaticKeys;
use crate::cloud::CloudError;
use crate::keychain::MemoryStore;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn session(expiration: &str) -> CachedSession {
    CachedSession {
        keys: StaticKeys {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::new("temporary-secret"),
            session_token: Some(Secret::new("token")),
        },
        expiration: expiration.into(),
        source_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
        mfa: true,
    }
}

#[test]
fn a_session_is_served_while_fifteen_minutes_remain() {
    let store = MemoryStore::new();
    let item = ItemKey::new("dev", Path::new("/tmp/x/credentials"));
    assert_eq!(
        cached(&store, &item, 3600, at("2026-11-30T10:00:00Z")),
        Ok(None)
    );
    put_item::<SessionKeys>(&store, &item, &session("2026-11-30T12:00:00Z")).unwrap();
    let served = |now| cached(&store, &item, 3600, at(now)).unwrap().is_some();
    assert!(served("2026-11-30T11:45:00Z"));
    assert!(
        !served("2026-11-30T11:45:01Z"),
        "renewed before the AWS CLI refreshes"
    );
    assert!(!served("2026-11-30T13:00:00Z"));
    // A 15-minute session is served for its first half, not renewed on every call.
    let short = |now| cached(&store, &item, 900, at(now)).unwrap().is_some();
    assert!(short("2026-11-30T11:52:30Z"));
    assert!(!short("2026-11-30T11:52:31Z"));
    assert_eq!(min_left(129_600), MIN_LEFT);
    let shown = status(&store, &item, at("2026-11-30T11:50:00Z")).unwrap();
    assert_eq!(shown.map(|s| s.seconds_left), Some(600));
    assert_eq!(status(&store, &item, at("2026-11-30T12:00:00Z")), Ok(None));
}

#[test]
fn new_long_term_keys_end_the_session() {
    let store = MemoryStore::new();
    let item = ItemKey::new("dev", Path::new("/tmp/x/credentials"));
    let keys = StaticKeys {
        access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
        secret_access_key: Secret::new("long-term"),
        session_token: None,
    };
    store.put(&item, &keys).unwrap();
    put_item::<SessionKeys>(&store, &item, &session("2099-01-01T00:00:00Z")).unwrap();
    assert_eq!(store.len(), 2);
    // The long-term item and the session never read as each other.
    assert_eq!(store.get(&item).unwrap(), keys);
    store.put(&item, &keys).unwrap();
    assert_eq!(store.len(), 1, "rotation or new keys end the session");
    put_item::<SessionKeys>(&store, &item, &session("2099-01-01T00:00:00Z")).unwrap();
    end(&store, &item).unwrap();
    assert_eq!(store.len(), 1);
    put_item::<SessionKeys>(&store, &item, &session("2099-01-01T00:00:00Z")).unwrap();
    store.delete(&item).unwrap();
    assert!(
        store.is_empty(),
        "deleting the profile's item takes its session too"
    );
}

#[test]
fn keys_are_not_written_when_the_session_cannot_be_ended() {
    let store = MemoryStore::new();
    let item = ItemKey::new("dev", Path::new("/tmp/x/credentials"));
    let old = StaticKeys {
        access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
        secret_access_key: Secret::new("old"),
        session_token: None,
    };
    store.put(&item, &old).unwrap();
    store.fail(crate::keychain::Failures {
        delete: Some(KeychainError::Locked),
        ..Default::default()
    });
    let new = StaticKeys {
        access_key_id: "AKIAI44QH8DHBEXAMPLE".into(),
        ..old.clone()
    };
    assert_eq!(store.put(&item, &new), Err(KeychainError::Locked));
    store.fail(crate::keychain::Failures::default());
    assert_eq!(
        store.get(&item).unwrap(),
        old,
        "the old keys are still there"
    );
}

#[test]
fn a_garbled_expiry_counts_as_expired() {
    let store = MemoryStore::new();
    let item = ItemKey::new("dev", Path::new("/tmp/x/credentials"));
    put_item::<SessionKeys>(&store, &item, &session("next tuesday")).unwrap();
    assert_eq!(
        cached(&store, &item, 3600, at("2026-11-30T10:00:00Z")),
        Ok(None)
    );
}

#[test]
fn session_lengths_are_what_sts_allows() {
    assert!(check_seconds(899).is_err());
    assert_eq!(check_seconds(900).ok(), Some(900));
    assert_eq!(check_seconds(129_600).ok(), Some(129_600));
    let err = check_seconds(129_601).unwrap_err().to_string();
    assert!(
        err.contains("15 minutes") && err.contains("36 hours"),
        "{err}"
    );
    assert!(check_seconds(u64::MAX).is_err());
    assert_eq!(time_left_words(42_000), "11 h 40 min");
    assert_eq!(time_left_words(1500), "25 min");
    assert_eq!(time_left_words(7200), "2 h");
    assert_eq!(time_left_words(40), "40 s");
}

#[test]
fn every_session_error_is_one_plain_sentence() {
    let profile = || "dev".to_owned();
    for err in [
        SessionError::BadDuration { seconds: 5 },
        SessionError::NotServed { profile: profile() },
        SessionError::Off { profile: profile() },
        SessionError::Keychain {
            profile: profile(),
            source: KeychainError::NotFound,
        },
        SessionError::Cloud {
            profile: profile(),
            source: CloudError::MfaRefused,
        },
        SessionError::NoCode {
            profile: profile(),
            device: "arn:aws:iam::123456789012:mfa/alice".into(),
            why: "there is no display or terminal to ask on".into(),
        },
        SessionError::Busy { profile: profile() },
        SessionError::NoKeys { profile: profile() },
        SessionError::NotEnded {
            profile: profile(),
            source: KeychainError::Locked,
        },
    ] {
        let text = err.to_string();
        assert!(!text.contains('`') && !text.contains('\n'), "{text}");
        assert!(text.len() > 30, "{text}");
    }
}

#[test]
fn temporary_is_switched_in_the_line_alone() {
    let dir = tempfile::tempdir().unwrap();
    let paths = AwsPaths {
        config: dir.path().join("config"),
        credentials: dir.path().join("credentials"),
        default_profile: "default".into(),
    };
    let config = "# mine\n[profile dev]\nregion = eu-west-1\ncredential_process = \"/usr/bin/keyshelf\" credential-process --profile dev\n\n[profile plain]\nregion = eu-west-1\n";
    std::fs::write(&paths.config, config).unwrap();
    let mut workspace = Workspace::load(paths).unwrap();
    set_temporary(&mut workspace, "dev", Some(3600)).unwrap();
    assert_eq!(temporary_of(&workspace, "dev"), Some(3600));
    workspace.save().unwrap();
    let on = std::fs::read_to_string(dir.path().join("config")).unwrap();
    assert_eq!(
        on,
        config.replace("--profile dev\n", "--profile dev --temporary 3600\n")
    );
    set_temporary(&mut workspace, "dev", None).unwrap();
    workspace.save().unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("config")).unwrap(),
        config
    );
    assert!(matches!(
        set_temporary(&mut workspace, "plain", Some(3600)),
        Err(SessionError::NotServed { .. })
    ));
    assert!(matches!(
        set_temporary(&mut workspace, "dev", Some(60)),
        Err(SessionError::BadDuration { .. })
    ));
}

#[test]
fn repairing_the_program_path_or_renaming_keeps_temporary_credentials_on() {
    let dir = tempfile::tempdir().unwrap();
    let paths = AwsPaths {
        config: dir.path().join("config"),
        credentials: dir.path().join("credentials"),
        default_profile: "default".into(),
    };
    std::fs::write(
        &paths.config,
        "[profile dev]\ncredential_process = \"/gone/keyshelf\" credential-process --profile dev --temporary 7200\n",
    )
    .unwrap();
    let mut workspace = Workspace::load(paths).unwrap();
    crate::keychain::repair_program_path(&mut workspace, Path::new("/usr/bin/keyshelf"), "dev")
        .unwrap();
    let line = workspace
        .docs
        .get("dev", "credential_process")
        .and_then(|(v, _)| v.as_plain().map(str::to_owned))
        .unwrap();
    assert_eq!(
        line,
        "\"/usr/bin/keyshelf\" credential-process --profile dev --temporary 7200"
    );
}
