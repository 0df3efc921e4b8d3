//! Speed targets of the core (issue #2), on generated files of 10,000 profiles:
//! - parse both files and build the profile model: under 20 ms;
//! - one `set` plus printing both files: under 20 ms;
//! - `keyshelf list --json` end to end (process start to exit): under 50 ms.
//!
//! Of agreeing with the AWS tools (issue #9), on the same files: resolving one role profile as
//! botocore does (the app does it on every selection); the write gate every save passes; a whole
//! proved migration into an in-memory keychain (plan, prove, save). `benches/resolve.sh` times
//! `keyshelf which` beside botocore and the AWS CLI v2 on the same files.
//!
//! And of the CSV import (issue #5): parsing and planning (the preview) of a 1,000-row access-key
//! CSV: under 20 ms.
//!
//! Run with `cargo bench --bench core`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop on set-up failure

use std::hint::black_box;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use keyshelf::aws::{AwsPaths, SharedFiles};
use keyshelf::files::Workspace;
use keyshelf::ini::Document;
use keyshelf::keychain::{self, MemoryStore};

/// The allocator of the `keyshelf` binary, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PROFILES: usize = 10_000;

fn generated_config() -> String {
    let mut text =
        String::from("# generated for benchmarks\n[default]\nregion = us-east-1\noutput = json\n");
    for i in 0..PROFILES {
        text.push_str(&format!(
            "\n# team {i}\n[profile p{i}]\nregion = eu-west-1\noutput = json\n"
        ));
        if i % 10 == 0 {
            text.push_str("s3 =\n  max_concurrent_requests = 20\n  addressing_style = path\n");
        }
        if i % 7 == 0 {
            text.push_str(&format!(
                "role_arn = arn:aws:iam::123456789012:role/r{i}\nsource_profile = p{}\n",
                i + 1
            ));
        }
    }
    text
}

fn generated_credentials() -> String {
    let mut text = String::new();
    for i in 0..PROFILES {
        text.push_str(&format!(
            "[p{i}]\naws_access_key_id = AKIA{i:016}\naws_secret_access_key = {i:040}\n\n"
        ));
    }
    text
}

fn core(c: &mut Criterion) {
    let config = generated_config();
    let credentials = generated_credentials();

    c.bench_function("parse both files and build 10k profiles", |b| {
        b.iter(|| {
            let files = SharedFiles::new(Document::parse(&config), Document::parse(&credentials));
            black_box(files.profiles().len())
        })
    });

    // The two halves of the above, to see where the time goes.
    c.bench_function("  of which: parse both files", |b| {
        b.iter(|| black_box((Document::parse(&config), Document::parse(&credentials))))
    });
    let files = SharedFiles::new(Document::parse(&config), Document::parse(&credentials));
    c.bench_function("  of which: build 10k profiles", |b| {
        b.iter(|| black_box(files.profiles().len()))
    });

    c.bench_function("one set and print both files (10k profiles)", |b| {
        b.iter_batched(
            || files.clone(),
            |mut files| {
                files.set("p5000", "region", "ap-south-1").expect("set");
                black_box((
                    files.config.to_string().len(),
                    files.credentials.to_string().len(),
                ))
            },
            criterion::BatchSize::LargeInput,
        )
    });

    // p7 is a role whose source_profile (p8) has keys in the credentials file.
    c.bench_function(
        "resolve one role profile as botocore does (10k profiles)",
        |b| b.iter(|| black_box(files.resolve("p7").is_ok())),
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let config_path = dir.path().join("config");
    let credentials_path = dir.path().join("credentials");
    std::fs::write(&config_path, &config).expect("write config");
    std::fs::write(&credentials_path, &credentials).expect("write credentials");
    let paths = AwsPaths {
        config: config_path.clone(),
        credentials: credentials_path.clone(),
        default_profile: "default".into(),
    };
    let workspace = Workspace::load(paths.clone()).expect("load");
    c.bench_function(
        "write gate: both files readable by the AWS tools (10k profiles)",
        |b| b.iter(|| black_box(workspace.check_both_writable().is_ok())),
    );
    let program = std::path::Path::new("/usr/local/bin/keyshelf");
    let mut group = c.benchmark_group("keychain");
    group.sample_size(20);
    group.bench_function(
        "migrate one profile: plan, prove, keychain, save (10k profiles)",
        |b| {
            b.iter_batched(
                || {
                    std::fs::write(&config_path, &config).expect("write config");
                    std::fs::write(&credentials_path, &credentials).expect("write credentials");
                    (
                        Workspace::load(paths.clone()).expect("load"),
                        MemoryStore::new(),
                    )
                },
                |(mut workspace, store)| {
                    keychain::migrate(&mut workspace, &store, program, "p8").expect("migrate");
                    black_box(store.len())
                },
                criterion::BatchSize::PerIteration,
            )
        },
    );
    group.finish();
    std::fs::write(&config_path, &config).expect("write config");
    std::fs::write(&credentials_path, &credentials).expect("write credentials");
    let mut group = c.benchmark_group("end to end");
    group.sample_size(20);
    group.bench_function("keyshelf list --json (10k profiles)", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_keyshelf"))
                .args(["list", "--json"])
                .env("HOME", dir.path())
                .env("AWS_CONFIG_FILE", &config_path)
                .env("AWS_SHARED_CREDENTIALS_FILE", &credentials_path)
                .output()
                .expect("run keyshelf");
            assert!(out.status.success());
            black_box(out.stdout.len())
        })
    });
    group.finish();
}

/// A "create user" CSV of `rows` users, as the console writes it (BOM, CRLF).
fn generated_csv(rows: usize) -> Vec<u8> {
    let mut text = String::from(
        "\u{feff}User name,Password,Access key ID,Secret access key,Console login link\r\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "user{i},pw{i},AKIA{i:016},{i:040},https://123456789012.signin.aws.amazon.com/console\r\n"
        ));
    }
    text.into_bytes()
}

fn csv_import(c: &mut Criterion) {
    use keyshelf::aws::AwsPaths;
    use keyshelf::files::Workspace;
    use keyshelf::import::{Candidate, OnConflict, parse_csv, plan};

    let bytes = generated_csv(1_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let workspace = Workspace::load(AwsPaths {
        config: dir.path().join("config"),
        credentials: dir.path().join("credentials"),
        default_profile: "default".into(),
    })
    .expect("empty workspace");
    c.bench_function("parse and preview a 1,000-row CSV", |b| {
        b.iter(|| {
            let parsed = parse_csv(&bytes, Some("users.csv")).expect("parses");
            let candidates: Vec<Candidate> = parsed
                .rows
                .into_iter()
                .map(|row| Candidate {
                    source: "users.csv".into(),
                    name: row.profile_name.clone().unwrap_or_default(),
                    row,
                })
                .collect();
            black_box(
                plan(&workspace, &candidates, OnConflict::Fail)
                    .expect("plans")
                    .len(),
            )
        })
    });
}

criterion_group!(benches, core, csv_import);
criterion_main!(benches);
