//! Where the shared files are, found exactly as the AWS CLI finds them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::error::{AwsError as Error, Result};

/// The two shared files and the profile used when none is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsPaths {
    pub config: PathBuf,
    pub credentials: PathBuf,
    /// `AWS_PROFILE`, else `default`.
    pub default_profile: String,
}

impl AwsPaths {
    /// From this process's environment and home folder.
    pub fn from_env() -> Result<AwsPaths> {
        AwsPaths::resolve(|name| std::env::var_os(name), dirs::home_dir())
    }

    /// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` win (with `~` expanded, as botocore's
    /// `os.path.expanduser` does), else `~/.aws/config` and `~/.aws/credentials`.
    pub fn resolve(
        env: impl Fn(&str) -> Option<OsString>,
        home: Option<PathBuf>,
    ) -> Result<AwsPaths> {
        let set = |name: &str| env(name).filter(|v| !v.is_empty());
        let pick = |var: &str, default: &str| -> Result<PathBuf> {
            match set(var) {
                Some(value) => expand_tilde(Path::new(&value), home.as_deref()),
                None => Ok(home
                    .as_deref()
                    .ok_or(Error::NoHome)?
                    .join(".aws")
                    .join(default)),
            }
        };
        Ok(AwsPaths {
            config: pick("AWS_CONFIG_FILE", "config")?,
            credentials: pick("AWS_SHARED_CREDENTIALS_FILE", "credentials")?,
            default_profile: set("AWS_PROFILE")
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|| "default".to_owned()),
        })
    }
}

fn expand_tilde(path: &Path, home: Option<&Path>) -> Result<PathBuf> {
    match path.strip_prefix("~") {
        Ok(rest) => Ok(home.ok_or(Error::NoHome)?.join(rest)),
        Err(_) => Ok(path.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(vars: &[(&str, &str)]) -> AwsPaths {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        let env = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        AwsPaths::resolve(env, Some(PathBuf::from("/home/u"))).unwrap()
    }

    #[test]
    fn defaults_under_home() {
        let p = resolve(&[]);
        assert_eq!(p.config, PathBuf::from("/home/u/.aws/config"));
        assert_eq!(p.credentials, PathBuf::from("/home/u/.aws/credentials"));
        assert_eq!(p.default_profile, "default");
    }

    #[test]
    fn variables_win_and_tilde_expands() {
        let p = resolve(&[
            ("AWS_CONFIG_FILE", "~/cfg/aws"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/x/creds"),
            ("AWS_PROFILE", "dev"),
        ]);
        assert_eq!(p.config, PathBuf::from("/home/u/cfg/aws"));
        assert_eq!(p.credentials, PathBuf::from("/x/creds"));
        assert_eq!(p.default_profile, "dev");
    }

    #[test]
    fn empty_variables_count_as_unset() {
        assert_eq!(resolve(&[("AWS_PROFILE", "")]).default_profile, "default");
    }
}
