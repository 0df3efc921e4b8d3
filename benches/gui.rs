//! Speed of the desktop app (issue #3), measured through egui_kittest's harness, which runs the
//! real app's frames without a GPU:
//! - with 10,000 profiles, one frame while typing in the search box: under 8 ms;
//! - with 10,000 profiles, an idle frame (nothing changed);
//! - the import preview of a 1,000-row CSV: opening it (reading, parsing, planning, first frame)
//!   and one frame of it afterwards (issue #5: under 20 ms).
//!
//! Run with `cargo bench --bench gui`. The first-frame time and memory of the real window are
//! measured by `benches/window.sh` under Xvfb.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop on set-up failure

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keyshelf::aws::AwsPaths;
use keyshelf::gui::{KeyshelfApp, StoreFactory};
use keyshelf::keychain::{MemoryStore, SecretStore};
use std::sync::Arc;

/// The allocator of the `keyshelf` binary, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn generated(dir: &std::path::Path, profiles: usize) -> AwsPaths {
    let mut config = String::from("[default]\nregion = us-east-1\n");
    let mut credentials = String::new();
    for i in 0..profiles {
        config.push_str(&format!(
            "\n[profile team{i}]\nregion = eu-west-1\noutput = json\n"
        ));
        credentials.push_str(&format!(
            "[team{i}]\naws_access_key_id = AKIA{i:016}\naws_secret_access_key = {i:040}\n\n"
        ));
    }
    let paths = AwsPaths {
        config: dir.join("config"),
        credentials: dir.join("credentials"),
        default_profile: "default".into(),
    };
    std::fs::write(&paths.config, config).expect("write config");
    std::fs::write(&paths.credentials, credentials).expect("write credentials");
    paths
}

fn gui(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = generated(dir.path(), 10_000);
    // An in-memory keychain: a benchmark never touches the user's.
    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let factory: StoreFactory = Arc::new(move || Ok(store.clone()));
    let app = KeyshelfApp::with_keychain(Ok(paths), None, factory, dir.path().join("keyshelf"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 760.0))
        .build_ui_state(|ui, app: &mut KeyshelfApp| app.show(ui), app);
    harness.run();
    harness.get_by_label("Search profiles").click();
    harness.run();

    let mut group = c.benchmark_group("10k profiles");
    group.bench_function("frame while typing in search", |b| {
        let mut n = 0u32;
        b.iter(|| {
            // Type a character, or delete one, so the filter alternates between narrow and wide.
            n += 1;
            if n.is_multiple_of(2) {
                harness.key_press(egui::Key::Backspace);
            } else {
                harness.event(egui::Event::Text("1".into()));
            }
            harness.step();
            black_box(harness.state().profile_count())
        })
    });
    group.bench_function("idle frame", |b| {
        b.iter(|| {
            harness.step();
            black_box(harness.state().profile_count())
        })
    });
    group.finish();
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn import_preview(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = generated(dir.path(), 10);
    let mut csv = String::from("User name,Access key ID,Secret access key\r\n");
    for i in 0..1_000 {
        csv.push_str(&format!("user{i},AKIA{i:016},{i:040}\r\n"));
    }
    let file = dir.path().join("users.csv");
    std::fs::write(&file, csv).expect("write csv");
    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let factory: StoreFactory = Arc::new(move || Ok(store.clone()));
    let app = KeyshelfApp::with_keychain(Ok(paths), None, factory, dir.path().join("keyshelf"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 760.0))
        .build_ui_state(|ui, app: &mut KeyshelfApp| app.show(ui), app);
    harness.run();
    let mut group = c.benchmark_group("1,000-row CSV");
    group.bench_function("drop it: read, parse, plan and show the preview", |b| {
        b.iter(|| {
            harness
                .input_mut()
                .dropped_files
                .push(Arc::new(Dropped(file.clone())));
            harness.step();
            harness.step();
            black_box(harness.state().profile_count())
        })
    });
    group.bench_function("a frame of the open preview", |b| {
        b.iter(|| {
            harness.step();
            black_box(harness.state().profile_count())
        })
    });
    group.finish();
}

criterion_group!(benches, gui, import_preview);
criterion_main!(benches);
