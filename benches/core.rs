//! Speed targets of the core (issue #2), on generated files of 10,000 profiles:
//! - parse both files and build the profile model: under 20 ms;
//! - one `set` plus printing both files: under 20 ms;
//! - `keyshelf list --json` end to end (process start to exit): under 50 ms.
//!
//! Run with `cargo bench --bench core`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop on set-up failure

use std::hint::black_box;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use keyshelf::aws::SharedFiles;
use keyshelf::ini::Document;

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

    let files = SharedFiles::new(Document::parse(&config), Document::parse(&credentials));
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

    let dir = tempfile::tempdir().expect("temp dir");
    let config_path = dir.path().join("config");
    let credentials_path = dir.path().join("credentials");
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

criterion_group!(benches, core);
criterion_main!(benches);
