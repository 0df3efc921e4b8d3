//! The app's test harness over a temporary folder (never the user's own ~/.aws) and an
//! in-memory keychain, shared by the kittest suites.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)] // each suite uses a part

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;

use crate::common;
use egui_kittest::kittest::Queryable;
use keyshelf::aws::AwsPaths;
use keyshelf::gui::{KeyshelfApp, StoreFactory};
use keyshelf::keychain::{MemoryStore, SecretStore};

/// The suites' one sandbox (`common::Sandbox`: a temporary home with `.aws` inside, never the
/// user's own), with the app's harness over it.
pub struct Sandbox {
    files: common::Sandbox,
}

impl std::ops::Deref for Sandbox {
    type Target = common::Sandbox;
    fn deref(&self) -> &common::Sandbox {
        &self.files
    }
}

impl Sandbox {
    pub fn new(config: Option<&str>, credentials: Option<&str>) -> Sandbox {
        let files = common::Sandbox::new();
        fs::create_dir_all(&files.aws).expect("mkdir");
        if let Some(text) = config {
            files.write_config(text);
        }
        if let Some(text) = credentials {
            files.write_credentials(text);
        }
        Sandbox { files }
    }

    pub fn config(&self) -> PathBuf {
        self.files.config.clone()
    }

    pub fn credentials(&self) -> PathBuf {
        self.files.credentials.clone()
    }

    /// An in-memory keychain holding AWS's documented example keys for `profile` of this
    /// sandbox's credentials file.
    pub fn store_with_example_keys(&self, profile: &str) -> Arc<MemoryStore> {
        let store = Arc::new(MemoryStore::new());
        let keys = keyshelf::keychain::StoredKeys {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: keyshelf::secret::Secret::new(
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ),
            session_token: None,
        };
        store
            .put(
                &keyshelf::keychain::ItemKey::new(profile, &self.credentials()),
                &keys,
            )
            .expect("an in-memory keychain keeps keys");
        store
    }

    /// The paths as keyshelf resolves them from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
    /// in the sandbox's home.
    pub fn paths(&self) -> AwsPaths {
        let config = self.config().into_os_string();
        let credentials = self.credentials().into_os_string();
        let env = move |name: &str| match name {
            "AWS_CONFIG_FILE" => Some(config.clone()),
            "AWS_SHARED_CREDENTIALS_FILE" => Some(credentials.clone()),
            _ => None,
        };
        AwsPaths::resolve(env, Some(self.home.clone())).expect("paths")
    }

    /// The app over the sandbox, with an in-memory keychain: never the user's own.
    pub fn harness(&self) -> Harness<'static, KeyshelfApp> {
        self.harness_with(Arc::new(MemoryStore::new()))
    }

    pub fn harness_with(&self, store: Arc<MemoryStore>) -> Harness<'static, KeyshelfApp> {
        let factory: StoreFactory = Arc::new(move || {
            let store: Arc<dyn SecretStore> = store.clone();
            Ok(store)
        });
        self.harness_with_factory(factory)
    }

    pub fn harness_with_factory(&self, factory: StoreFactory) -> Harness<'static, KeyshelfApp> {
        self.harness_sized(factory, egui::vec2(1100.0, 760.0))
    }

    /// The app in a window of `size` points.
    pub fn harness_sized(
        &self,
        factory: StoreFactory,
        size: egui::Vec2,
    ) -> Harness<'static, KeyshelfApp> {
        let program = self.root().join("keyshelf");
        fs::write(&program, "").expect("stand-in program");
        let app = KeyshelfApp::with_keychain(Ok(self.paths()), None, factory, program);
        let mut harness = Harness::builder()
            .with_size(size)
            .build_ui_state(|ui, app: &mut KeyshelfApp| app.show(ui), app);
        settle(&mut harness);
        harness
    }

    pub fn read(&self, path: PathBuf) -> String {
        fs::read_to_string(path).unwrap_or_default()
    }
}

/// Steps the app until `done` holds (background jobs report asynchronously).
pub fn wait_for(
    harness: &mut Harness<'_, KeyshelfApp>,
    what: &str,
    done: impl Fn(&Harness<'_, KeyshelfApp>) -> bool,
) {
    let start = Instant::now();
    while !done(harness) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    // A spinner or theme change may still be settling: step until calm, without failing.
    let _ = harness.try_run();
}

/// Steps the app until no job runs off the UI thread (the files are read that way, and the
/// keychain asked).
pub fn settle_jobs(harness: &mut Harness<'_, KeyshelfApp>) {
    wait_for(harness, "the app's jobs", |h| !h.state().has_running_jobs());
}

/// Steps the app until it is calm: what a click asked for has run, jobs included. (Not
/// `Harness::run`, which fails when a job's answer asks for more frames than it allows.)
pub fn settle(harness: &mut Harness<'_, KeyshelfApp>) {
    let _ = harness.try_run();
    settle_jobs(harness);
}

/// Clicks `item` in the top bar's More menu (the secondary actions: Duplicate, Rename, Delete,
/// Restore all, the theme, About).
pub fn menu(harness: &mut Harness<'_, KeyshelfApp>, item: &str) {
    harness.get_by_label("More").click();
    settle(harness);
    harness.get_by_label(item).click();
    settle(harness);
}

pub fn type_into(harness: &mut Harness<'_, KeyshelfApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    settle(harness);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

pub fn save(harness: &mut Harness<'_, KeyshelfApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.step();
    wait_for(harness, "the save", |h| {
        !h.state().is_saving() && !h.state().is_dirty()
    });
}

/// A file dropped on the window, as eframe hands it to egui.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `path` on the window and lets the app take it in.
pub fn drop_file(harness: &mut Harness<'_, KeyshelfApp>, path: PathBuf) {
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path)));
    let _ = harness.try_run();
    // The files are read off the UI thread.
    settle_jobs(harness);
}

/// What the app last put on the clipboard (the harness's own: the system's is never touched).
pub fn copied_text(harness: &Harness<'_, KeyshelfApp>) -> Option<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .rev()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
}
