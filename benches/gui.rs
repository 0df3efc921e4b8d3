//! Speed of the desktop app (issue #3), measured through egui_kittest's harness, which runs the
//! real app's frames without a GPU:
//! - with 10,000 profiles, one frame while typing in the search box: under 8 ms;
//! - with 10,000 profiles, an idle frame (nothing changed).
//!
//! Run with `cargo bench --bench gui`. The first-frame time and memory of the real window are
//! measured by `benches/window.sh` under Xvfb.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop on set-up failure

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keyshelf::aws::AwsPaths;
use keyshelf::gui::KeyshelfApp;

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
    let app = KeyshelfApp::new(Ok(paths), None);
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

criterion_group!(benches, gui);
criterion_main!(benches);
