//! Renaming a profile made from an SSO sign-in in the app: its `credential_process` line follows
//! the new name, and the role credentials cached under the old name leave the keychain once
//! the rename is saved (in-memory keychain, real files in a temporary folder).

use std::sync::Arc;

use egui_kittest::kittest::Queryable;
use keyshelf::aws::StaticKeys;
use keyshelf::keychain::{CachedSession, ItemKey, MemoryStore, SessionKeys, get_item, put_item};
use keyshelf::secret::Secret;

use crate::gui_support::{self, Sandbox, save, settle, wait_for};

/// As keyshelf writes it: the program quoted.
const LINE: &str = "credential_process = \"/usr/bin/keyshelf\" credential-process --profile teamrole --sso-session corp --sso-account-id 111122223333 --sso-role-name ReadOnly\n";

#[test]
fn renaming_an_sso_profile_points_its_line_at_the_new_name_and_forgets_its_cached_role() {
    let config = format!(
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.example/start\nsso_region = eu-central-1\n\n[profile teamrole]\nregion = eu-central-1\n{LINE}"
    );
    let sandbox = Sandbox::new(Some(&config), None);
    let store = Arc::new(MemoryStore::new());
    let item = ItemKey::new("teamrole", &sandbox.credentials());
    let cached = CachedSession {
        keys: StaticKeys {
            access_key_id: "ASIAEXAMPLEROLE".into(),
            secret_access_key: Secret::new("s3cr3t"),
            session_token: Some(Secret::new("token")),
        },
        expiration: "2999-01-01T00:00:00Z".into(),
        source_key_id: "sso-session corp account 111122223333 role ReadOnly".into(),
        mfa: false,
    };
    put_item::<SessionKeys>(&*store, &item, &cached).unwrap();

    let mut harness = sandbox.harness_with(store.clone());
    gui_support::settle_jobs(&mut harness);
    // The only profile, selected from the start.
    gui_support::menu(&mut harness, "Rename");
    harness.get_by_label("New name").click();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("New name").type_text("teamrole-ro");
    settle(&mut harness);
    harness.get_by_label("Rename profile").click();
    settle(&mut harness);
    // Not saved yet: the cache is still there, in case the rename is undone.
    assert!(get_item::<SessionKeys>(&*store, &item).is_ok());
    save(&mut harness);

    assert_eq!(
        sandbox.read(sandbox.config()),
        config
            .replace("[profile teamrole]", "[profile teamrole-ro]")
            .replace("--profile teamrole ", "--profile teamrole-ro ")
    );
    wait_for(&mut harness, "the old name's cache to go", |_| {
        get_item::<SessionKeys>(&*store, &item).is_err()
    });
    assert_eq!(store.len(), 0);
}
