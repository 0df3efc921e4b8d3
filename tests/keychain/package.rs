//! The packages: `.ci/package` builds the .deb, the RPM and the tarball from the test build.
//! Each holds the program and exactly the files `keyshelf install` writes under `share`; the
//! desktop entry, the metainfo and the .deb pass their validators where installed; the program
//! runs from the unpacked .deb. And the two installs agree: profiles served by one keep working
//! when the other is removed, or Health names the repair.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;
use crate::install::{python_in, run_program};

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::keyring::{self, PrivateKeyring};
use common::{CREDENTIALS, Run, Sandbox, run_cmd};

/// Whether `program` is on the PATH.
fn found(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null")])
        .status()
        .is_ok_and(|s| s.success())
}

/// Every file under `folder`, relative to it, `.gz` dropped (the .deb compresses man pages).
fn files_under(folder: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(folder).unwrap().display().to_string();
                out.insert(relative.trim_end_matches(".gz").to_owned());
            }
        }
    }
    out
}

/// The files `keyshelf install --prefix` writes under `share`, relative to it.
fn what_install_writes(sb: &Sandbox) -> BTreeSet<String> {
    let prefix = sb.root().join("install-prefix");
    let program = Path::new(env!("CARGO_BIN_EXE_keyshelf"));
    run_program(
        sb,
        None,
        program,
        &["install", "--prefix", prefix.to_str().unwrap()],
    )
    .assert_ok();
    files_under(&prefix.join("share"))
}

fn run_tool(program: &str, args: &[&str]) -> Run {
    run_cmd(Command::new(program).args(args))
}

/// The libraries the window loads at run time (winit, glutin), which neither dpkg-shlibdeps nor
/// the RPM's automatic requires can see: the Debian package and the soname each package
/// declares it needs.
const WINDOW_LIBRARIES: [(&str, &str); 9] = [
    ("libgl1", "libGL.so.1"),
    ("libegl1", "libEGL.so.1"),
    ("libx11-6", "libX11.so.6"),
    ("libx11-xcb1", "libX11-xcb.so.1"),
    ("libxcursor1", "libXcursor.so.1"),
    ("libxi6", "libXi.so.6"),
    ("libxkbcommon0", "libxkbcommon.so.0"),
    ("libxkbcommon-x11-0", "libxkbcommon-x11.so.0"),
    ("libwayland-client0", "libwayland-client.so.0"),
];

#[test]
fn the_deb_rpm_and_tarball_hold_what_keyshelf_install_writes_and_run_from_where_they_unpack() {
    let tools = [
        "cargo-deb",
        "cargo-generate-rpm",
        "dpkg-deb",
        "dpkg-shlibdeps",
    ];
    if let Some(missing) = tools.iter().find(|t| !found(t)) {
        common::skip::skipped(&format!(
            "the package test needs {missing} (cargo install --locked cargo-deb cargo-generate-rpm; apt install dpkg-dev; .ci/run does)"
        ));
        return;
    }
    let sb = Sandbox::new();
    let out = sb.root().join("packages");
    let build = run_cmd(
        Command::new("bash")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([".ci/package", "--profile", "dev", "--no-build", "--out"])
            .arg(&out),
    );
    build.assert_ok();
    let find = |suffix: &str| -> PathBuf {
        fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.display().to_string().ends_with(suffix))
            .unwrap_or_else(|| panic!("no *{suffix} in {}", out.display()))
    };
    let installed = what_install_writes(&sb);
    assert!(installed.contains("applications/keyshelf.desktop"));
    assert!(installed.contains("man/man1/keyshelf-sso-login.1"));
    assert!(installed.contains("bash-completion/completions/keyshelf"));

    // The .deb: its file list, then unpacked, the same files as `keyshelf install`.
    let deb = find(".deb");
    let listing = run_tool("dpkg-deb", &["-c", deb.to_str().unwrap()]);
    listing.assert_ok();
    assert!(
        listing.stdout.contains(" ./usr/bin/keyshelf\n"),
        "{}",
        listing.stdout
    );
    let depends = run_tool("dpkg-deb", &["-f", deb.to_str().unwrap(), "Depends"]);
    depends.assert_ok();
    for (package, _) in WINDOW_LIBRARIES {
        assert!(
            depends
                .stdout
                .split([',', ' ', '\n'])
                .any(|word| word == package),
            "the .deb does not depend on {package}: {}",
            depends.stdout
        );
    }
    // The Debian changelog (lintian requires one) names this version.
    let changelog = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/package/changelog.Debian"),
    )
    .unwrap();
    let version = format!("keyshelf ({}-1) ", env!("CARGO_PKG_VERSION"));
    assert!(
        changelog.starts_with(&version),
        "update assets/package/changelog.Debian"
    );
    let unpacked = sb.root().join("deb");
    run_tool(
        "dpkg-deb",
        &["-x", deb.to_str().unwrap(), unpacked.to_str().unwrap()],
    )
    .assert_ok();
    let share: BTreeSet<String> = files_under(&unpacked.join("usr/share"))
        .into_iter()
        .filter(|p| !p.starts_with("doc/"))
        .collect();
    assert_eq!(share, installed, "the .deb and keyshelf install disagree");
    let entry =
        fs::read_to_string(unpacked.join("usr/share/applications/keyshelf.desktop")).unwrap();
    assert!(entry.contains("Exec=\"/usr/bin/keyshelf\"\n"), "{entry}");

    // Validators, where installed.
    if found("desktop-file-validate") {
        let desktop = unpacked.join("usr/share/applications/keyshelf.desktop");
        run_tool("desktop-file-validate", &[desktop.to_str().unwrap()]).assert_ok();
    } else {
        common::skip::skipped(
            "desktop-file-validate is not installed (apt install desktop-file-utils)",
        );
    }
    if found("appstreamcli") {
        let metainfo = unpacked.join("usr/share/metainfo/io.github.keyshelf.keyshelf.metainfo.xml");
        run_tool(
            "appstreamcli",
            &["validate", "--no-net", metainfo.to_str().unwrap()],
        )
        .assert_ok();
    } else {
        common::skip::skipped("appstreamcli is not installed (apt install appstream)");
    }
    if found("lintian") {
        // Errors fail; warnings about a test build (its size, no changelog) are not the point.
        let lint = run_tool(
            "lintian",
            &["--no-tag-display-limit", deb.to_str().unwrap()],
        );
        let errors: Vec<&str> = lint
            .stdout
            .lines()
            .filter(|l| l.starts_with("E:"))
            .collect();
        assert!(errors.is_empty(), "lintian: {}", lint.stdout);
    } else {
        common::skip::skipped("lintian is not installed (apt install lintian)");
    }

    // The program runs from where the .deb unpacked it, on real files.
    let program = unpacked.join("usr/bin/keyshelf");
    let version = run_program(&sb, None, &program, &["--version"]);
    version.assert_ok();
    assert_eq!(
        version.stdout,
        format!("keyshelf {}\n", env!("CARGO_PKG_VERSION"))
    );
    sb.write_config("[profile dev]\nregion = eu-west-1\n");
    let list = run_program(&sb, None, &program, &["list"]);
    list.assert_ok();
    assert!(list.stdout.contains("dev"), "{}", list.stdout);

    // The RPM: the same files, zsh's completion where Fedora's zsh reads it.
    if found("rpm") {
        let rpm = find(".rpm");
        let listing = run_tool("rpm", &["-qlp", rpm.to_str().unwrap()]);
        listing.assert_ok();
        let share: BTreeSet<String> = listing
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix("/usr/share/"))
            .filter(|p| !p.starts_with("doc/"))
            .map(|p| p.replace("zsh/site-functions/", "zsh/vendor-completions/"))
            .collect();
        assert_eq!(share, installed, "the RPM and keyshelf install disagree");
        assert!(listing.stdout.contains("/usr/bin/keyshelf\n"));
        let requires = run_tool("rpm", &["-qpR", rpm.to_str().unwrap()]);
        requires.assert_ok();
        for (_, soname) in WINDOW_LIBRARIES {
            let capability = format!("{soname}()(64bit)");
            assert!(
                requires.stdout.lines().any(|l| l.trim() == capability),
                "the RPM does not require {capability}: {}",
                requires.stdout
            );
        }
    } else {
        common::skip::skipped(
            "rpm is not installed, so the RPM's file list is not read (apt install rpm)",
        );
    }

    // The tarball: install.sh is `keyshelf install`, so it writes the same files.
    let tarball = find(".tar.gz");
    let unpacked = sb.root().join("tarball");
    fs::create_dir_all(&unpacked).unwrap();
    run_tool(
        "tar",
        &[
            "-xzf",
            tarball.to_str().unwrap(),
            "-C",
            unpacked.to_str().unwrap(),
        ],
    )
    .assert_ok();
    let folder = fs::read_dir(&unpacked)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(files_under(&folder.join("share")), installed);
    let prefix = sb.root().join("from-tarball");
    let mut script = common::like(&sb.cmd(), folder.join("install.sh"));
    run_cmd(script.args(["--prefix", prefix.to_str().unwrap()])).assert_ok();
    assert_eq!(files_under(&prefix.join("share")), installed);
    assert!(prefix.join("bin/keyshelf").is_file());
}

/// What botocore gets for `profile` through the files, the `credential_process` line and the
/// real Secret Service: the access key ID, or what it said.
fn botocore_key(sb: &Sandbox, kr: &PrivateKeyring, profile: &str) -> Result<String, String> {
    let script = format!(
        "import botocore.session\nc = botocore.session.Session(profile='{profile}').get_credentials()\nprint(c.get_frozen_credentials().access_key)"
    );
    let run = run_cmd(&mut python_in(sb, kr, &script));
    match run.code {
        0 => Ok(run.stdout.trim().to_owned()),
        _ => Err(run.stderr),
    }
}

/// The package's program, as the .deb puts it: `usr/bin/keyshelf` under the sandbox.
fn packaged_program(sb: &Sandbox) -> PathBuf {
    let program = sb.root().join("usr/bin/keyshelf");
    common::copy_of_keyshelf(&program);
    program
}

#[test]
fn profiles_served_by_either_install_keep_working_when_the_other_is_removed() {
    if !keyring::available() {
        return;
    }
    if run_cmd(Command::new("python3").args(["-c", "import botocore"])).code != 0 {
        common::skip::skipped("python3 has no botocore (.ci/run installs it)");
        return;
    }
    let kr = PrivateKeyring::start();
    let sb = Sandbox::new();
    sb.write_config("[profile dev]\nregion = eu-west-1\n");
    sb.write_credentials(CREDENTIALS);
    let package = packaged_program(&sb);
    let user = sb.root().join("user-prefix");
    let user_program = user.join("bin/keyshelf");

    // Secured from the package: the line runs the package's program.
    run_program(&sb, Some(&kr), &package, &["migrate", "--profile", "ci"]).assert_ok();
    assert!(sb.read_config().contains(&package.display().to_string()));
    assert_eq!(
        botocore_key(&sb, &kr, "ci").unwrap(),
        "AKIACIEXAMPLE0000001"
    );

    // `keyshelf install` beside the package points the line at the user's copy; the package
    // removed, botocore still gets the keys.
    let prefix = user.to_str().unwrap();
    run_program(&sb, Some(&kr), &package, &["install", "--prefix", prefix]).assert_ok();
    fs::remove_file(&package).unwrap();
    assert_eq!(
        botocore_key(&sb, &kr, "ci").unwrap(),
        "AKIACIEXAMPLE0000001"
    );

    // The package back and the user's copy removed: the line runs nothing, and Health (here
    // `keyshelf doctor`, run from the package) names the profile and the one-click repair.
    let package = packaged_program(&sb);
    fs::remove_file(&user_program).unwrap();
    assert!(botocore_key(&sb, &kr, "ci").is_err());
    let doctor = run_program(
        &sb,
        Some(&kr),
        &package,
        &["doctor", "--json", "--no-search"],
    );
    let report: serde_json::Value = serde_json::from_str(&doctor.stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "process_missing")
        .unwrap_or_else(|| panic!("no process_missing in {}", doctor.stdout));
    assert_eq!(finding["profile"], "ci");
    assert_eq!(finding["action"]["type"], "repair_path", "{finding}");
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("keyshelf repair program")
    );
    // The repair, from the package: the line runs it, and botocore gets the keys again.
    let repair = run_program(&sb, Some(&kr), &package, &["repair", "program"]);
    repair.assert_ok();
    assert!(
        repair.stderr.contains("1 profile now runs"),
        "{}",
        repair.stderr
    );
    assert!(sb.read_config().contains(&package.display().to_string()));
    assert_eq!(
        botocore_key(&sb, &kr, "ci").unwrap(),
        "AKIACIEXAMPLE0000001"
    );
}
