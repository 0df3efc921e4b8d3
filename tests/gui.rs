//! The desktop app, driven through egui_kittest by the labels a screen reader would read, over
//! real files in a temporary folder (never the user's own ~/.aws).
#![cfg(feature = "gui")]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test set-up may stop on failure

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keyshelf::aws::AwsPaths;
use keyshelf::gui::KeyshelfApp;

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new(config: Option<&str>, credentials: Option<&str>) -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join(".aws")).expect("mkdir");
        let sandbox = Sandbox { dir };
        if let Some(text) = config {
            fs::write(sandbox.config(), text).expect("write config");
        }
        if let Some(text) = credentials {
            fs::write(sandbox.credentials(), text).expect("write credentials");
        }
        sandbox
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join(".aws/config")
    }

    fn credentials(&self) -> PathBuf {
        self.dir.path().join(".aws/credentials")
    }

    /// The paths as keyshelf resolves them from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
    /// in a temporary HOME.
    fn paths(&self) -> AwsPaths {
        let config = self.config().into_os_string();
        let credentials = self.credentials().into_os_string();
        let env = move |name: &str| match name {
            "AWS_CONFIG_FILE" => Some(config.clone()),
            "AWS_SHARED_CREDENTIALS_FILE" => Some(credentials.clone()),
            _ => None,
        };
        AwsPaths::resolve(env, Some(self.dir.path().to_path_buf())).expect("paths")
    }

    fn harness(&self) -> Harness<'static, KeyshelfApp> {
        let app = KeyshelfApp::new(Ok(self.paths()), None);
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1100.0, 760.0))
            .build_ui_state(|ui, app: &mut KeyshelfApp| app.show(ui), app);
        harness.run();
        harness
    }

    fn read(&self, path: PathBuf) -> String {
        fs::read_to_string(path).unwrap_or_default()
    }
}

/// Steps the app until `done` holds (background jobs report asynchronously).
fn wait_for(
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
    harness.run();
}

fn type_into(harness: &mut Harness<'_, KeyshelfApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

fn save(harness: &mut Harness<'_, KeyshelfApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    wait_for(harness, "the save", |h| {
        !h.state().is_saving() && !h.state().is_dirty()
    });
}

const CONFIG: &str = "# my team's config\n[default]\nregion = us-east-1\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\n";
const CREDENTIALS: &str = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

#[test]
fn welcome_page_when_there_are_no_files() {
    let sandbox = Sandbox::new(None, None);
    let mut harness = sandbox.harness();
    harness.get_by_label("Welcome to keyshelf");
    harness.get_by_label("Create a profile").click();
    harness.run();
    harness.get_by_label("Profile name");
    assert_eq!(harness.state().title(), "keyshelf — 0 profiles");
}

#[test]
fn create_a_profile_fill_it_and_save() {
    let sandbox = Sandbox::new(None, None);
    let mut harness = sandbox.harness();
    harness.get_by_label("Create a profile").click();
    harness.run();
    type_into(&mut harness, "Profile name", "work");
    harness.get_by_label("Create").click();
    harness.run();
    type_into(&mut harness, "Access key ID", "AKIAIOSFODNN7EXAMPLE");
    type_into(
        &mut harness,
        "Secret access key",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    type_into(&mut harness, "Region", "eu-west-1");
    harness.get_by_label("Output").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "json").click();
    harness.run();
    assert!(harness.state().is_dirty());
    save(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        "[profile work]\nregion = eu-west-1\noutput = json\n"
    );
    assert_eq!(
        sandbox.read(sandbox.credentials()),
        "[work]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    );
    assert_eq!(harness.state().title(), "keyshelf — 1 profile");
}

#[test]
fn secrets_are_masked_until_revealed() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label_contains("dev").click();
    harness.run();
    let masked = harness
        .get_by_label("Secret access key")
        .value()
        .unwrap_or_default();
    assert!(
        !masked.contains("EXAMPLEKEY"),
        "the secret shows while masked"
    );
    harness.get_by_label("Show secret").click();
    harness.run();
    let shown = harness
        .get_by_label("Secret access key")
        .value()
        .unwrap_or_default();
    assert_eq!(shown, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
}

#[test]
fn a_bad_access_key_gets_a_hint() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label_contains("dev").click();
    harness.run();
    harness.get_by_label("Access key ID").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Access key ID").type_text("AKIA123");
    harness.run();
    harness.get_by_label_contains("20 characters");
}

#[test]
fn rename_follows_source_profile_references() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label_contains("dev").click();
    harness.run();
    harness.get_by_label("Rename").click();
    harness.run();
    harness.get_by_label_contains("use “dev” as source_profile");
    harness.get_by_label("New name").click();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("New name").type_text("development");
    harness.run();
    harness.get_by_label("Rename profile").click();
    harness.run();
    harness.get_by_label_contains("updated 1 profile");
    save(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        CONFIG.replace("source_profile = dev", "source_profile = development")
    );
    assert_eq!(
        sandbox.read(sandbox.credentials()),
        CREDENTIALS.replace("[dev]", "[development]")
    );
}

#[test]
fn delete_asks_then_removes_from_both_files() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label_contains("admin").click();
    harness.run();
    harness.get_by_label("Delete").click();
    harness.run();
    harness.get_by_label_contains("A backup of each file is kept");
    harness.get_by_label("Delete profile").click();
    harness.run();
    save(&mut harness);
    assert_eq!(
        sandbox.read(sandbox.config()),
        "# my team's config\n[default]\nregion = us-east-1\n"
    );
    assert_eq!(sandbox.read(sandbox.credentials()), CREDENTIALS);
    let backups = fs::read_dir(sandbox.dir.path().join(".aws/keyshelf-backups"))
        .expect("backups")
        .count();
    assert_eq!(backups, 1);
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    type_into(&mut harness, "Region", "x");
    assert!(harness.state().is_dirty());
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    let commands = &harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(
        commands.contains(&egui::ViewportCommand::CancelClose),
        "the close was not cancelled"
    );
    harness.run();
    harness.get_by_label("Save your changes before closing?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(
        harness
            .query_by_label("Save your changes before closing?")
            .is_none()
    );
    assert_eq!(
        sandbox.read(sandbox.config()),
        CONFIG,
        "nothing was written"
    );
}

#[test]
fn another_program_changing_a_file_shows_a_banner() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    // Let the watcher take its first look, then change the file behind the app's back.
    std::thread::sleep(Duration::from_millis(300));
    fs::write(
        sandbox.config(),
        format!("{CONFIG}\n[profile other]\nregion = eu-north-1\n"),
    )
    .expect("write");
    wait_for(&mut harness, "the banner", |h| {
        h.query_by_label_contains("Another program changed")
            .is_some()
    });
    harness.get_by_label("Reload").click();
    harness.run();
    assert!(harness.query_by_label_contains("other").is_some());
    assert_eq!(harness.state().profile_count(), 4);
}

#[test]
fn search_narrows_the_list() {
    let sandbox = Sandbox::new(Some(CONFIG), Some(CREDENTIALS));
    let mut harness = sandbox.harness();
    harness.get_by_label("3 of 3 profiles");
    type_into(&mut harness, "Search profiles", "adm");
    harness.get_by_label("1 of 3 profiles");
}
