//! What the unit tests share (built only for `cargo test`): a pair of real files in a temporary
//! folder, never the user's own `~/.aws`, with a stand-in keyshelf program beside them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::PathBuf;

use crate::aws::AwsPaths;
use crate::files::Workspace;
use crate::keychain::ItemKey;

pub(crate) struct Sandbox {
    _dir: tempfile::TempDir,
    pub paths: AwsPaths,
    /// A file named `keyshelf` that `credential_process` lines may point at.
    pub program: PathBuf,
}

/// The two files with these texts (`None`: the file does not exist).
pub(crate) fn sandbox_with(config: Option<&str>, credentials: Option<&str>) -> Sandbox {
    let dir = tempfile::tempdir().unwrap();
    let paths = AwsPaths {
        config: dir.path().join("config"),
        credentials: dir.path().join("credentials"),
        default_profile: "default".into(),
    };
    if let Some(text) = config {
        fs::write(&paths.config, text).unwrap();
    }
    if let Some(text) = credentials {
        fs::write(&paths.credentials, text).unwrap();
    }
    let program = dir.path().join("bin/keyshelf");
    fs::create_dir_all(program.parent().unwrap()).unwrap();
    fs::write(&program, "").unwrap();
    Sandbox {
        _dir: dir,
        paths,
        program,
    }
}

impl Sandbox {
    pub fn load(&self) -> Workspace {
        Workspace::load(self.paths.clone()).unwrap()
    }

    /// Both files' texts, as on disk now.
    pub fn texts(&self) -> (String, String) {
        (
            fs::read_to_string(&self.paths.config).unwrap(),
            fs::read_to_string(&self.paths.credentials).unwrap(),
        )
    }

    /// The keychain item of a profile of these files.
    pub fn item(&self, name: &str) -> ItemKey {
        ItemKey::new(name, &self.paths.credentials)
    }
}
