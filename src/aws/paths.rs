//! Where the shared files are and which profile is meant, settled exactly as botocore settles
//! them before it reads a line (`configloader.raw_config_parse`, `configprovider`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::error::{AwsError as Error, FileKind, Result};

/// The two shared files and the profile used when none is named.
///
/// A path may name no file the AWS tools read: it is empty when its variable is set to the empty
/// string (botocore then reads no file, it does not fall back to the default), and it may hold a
/// variable that is not set (`$NOPE/config`, which botocore leaves as it is). What the files layer
/// makes of such a path: [`AwsPaths::unread_reason`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsPaths {
    pub config: PathBuf,
    pub credentials: PathBuf,
    /// `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE` (even empty), else `default`.
    pub default_profile: String,
}

/// The variable that names a file, for messages.
pub fn variable_of(file: FileKind) -> &'static str {
    match file {
        FileKind::Config => "AWS_CONFIG_FILE",
        FileKind::Credentials => "AWS_SHARED_CREDENTIALS_FILE",
    }
}

impl AwsPaths {
    /// From this process's environment and home folder.
    pub fn from_env() -> Result<AwsPaths> {
        AwsPaths::resolve(|name| std::env::var_os(name), dirs::home_dir())
    }

    /// botocore's reading of the environment:
    /// - `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, when set (even to the empty
    ///   string), else `~/.aws/config` and `~/.aws/credentials`; `os.path.expandvars` then
    ///   `os.path.expanduser` on either (`$VAR`, `${VAR}`, then a leading `~`);
    /// - the profile: `AWS_DEFAULT_PROFILE` before `AWS_PROFILE` (botocore's `configprovider`
    ///   lists them in that order; the first one *set* wins). An empty value names the profile
    ///   "", which no file holds: botocore's `get_scoped_config` and `get_credentials` raise
    ///   ProfileNotFound ("The config profile () could not be found"), and so does the AWS CLI.
    ///   The Rust and Go SDKs read only `AWS_PROFILE`.
    pub fn resolve(
        env: impl Fn(&str) -> Option<OsString>,
        home: Option<PathBuf>,
    ) -> Result<AwsPaths> {
        let pick = |var: &str, default: &str| -> Result<PathBuf> {
            match env(var) {
                Some(value) if value.is_empty() => Ok(PathBuf::new()),
                Some(value) => {
                    let expanded = expand_vars(&value, &env);
                    expand_user(Path::new(&expanded), home.as_deref())
                }
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
            default_profile: profile_from(&env),
        })
    }

    /// The profile the AWS tools use when none is named, from this process's environment.
    pub fn profile_from_env() -> String {
        profile_from(&|name: &str| std::env::var_os(name))
    }

    pub fn path(&self, file: FileKind) -> &Path {
        match file {
            FileKind::Config => &self.config,
            FileKind::Credentials => &self.credentials,
        }
    }

    /// Why the AWS tools read no file at `file`'s path, if they read none: botocore's
    /// `raw_config_parse` reads a path only when `os.path.isfile` holds, and treats anything else
    /// as no file at all. keyshelf then reads an empty file and never writes there (no file, lock,
    /// temporary copy or backup beside a device, and none named after an unset variable). Looks
    /// at the disk.
    pub fn unread_reason(&self, file: FileKind) -> Option<Unread> {
        let path = self.path(file);
        if path.as_os_str().is_empty() {
            return Some(Unread::EmptyVariable { file });
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => None,
            Ok(_) => Some(Unread::NotAFile {
                file,
                path: path.to_path_buf(),
            }),
            // A symlink loop, a folder that may not be searched, a file where a folder should
            // be: `os.path.isfile` is false there too. Only a missing file (or a link to one)
            // is created by a save.
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Some(Unread::Unreachable {
                file,
                path: path.to_path_buf(),
                why: unreachable_why(&err),
            }),
            Err(_) => unset_variable_in(path).map(|name| Unread::UnsetVariable {
                file,
                path: path.to_path_buf(),
                name,
            }),
        }
    }
}

/// Why the AWS tools read no file where one of the two files should be.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unread {
    #[error(
        "{} is set but empty, so the AWS tools read no {} file at all; keyshelf reads none either and will not write one (unset the variable to use the usual file)",
        variable_of(*file),
        file.short_name()
    )]
    EmptyVariable { file: FileKind },
    #[error(
        "{} is not a regular file (a folder, a device or a pipe), so the AWS tools read no {} file there; keyshelf will not write there either",
        path.display(),
        file.short_name()
    )]
    NotAFile { file: FileKind, path: PathBuf },
    #[error(
        "{} names {}, which holds ${name}, a variable that is not set, so the AWS tools read no {} file; keyshelf will not create a file named after it (set {name} or change {})",
        variable_of(*file),
        path.display(),
        file.short_name(),
        variable_of(*file)
    )]
    UnsetVariable {
        file: FileKind,
        path: PathBuf,
        name: String,
    },
    #[error(
        "{} cannot be reached ({why}), so the AWS tools read no {} file there; keyshelf will not write there either",
        path.display(),
        file.short_name()
    )]
    Unreachable {
        file: FileKind,
        path: PathBuf,
        why: String,
    },
}

/// Why `path` cannot be looked at, in words: a link loop by name, else the system's message
/// without its error number.
fn unreachable_why(err: &std::io::Error) -> String {
    #[cfg(unix)]
    let looped = rustix::io::Errno::from_io_error(err) == Some(rustix::io::Errno::LOOP);
    #[cfg(not(unix))]
    let looped = false;
    if looped {
        return "a symbolic link on the way leads back to itself".to_owned();
    }
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

impl Unread {
    pub fn file(&self) -> FileKind {
        match self {
            Unread::EmptyVariable { file }
            | Unread::NotAFile { file, .. }
            | Unread::UnsetVariable { file, .. }
            | Unread::Unreachable { file, .. } => *file,
        }
    }
}

fn profile_from(env: &impl Fn(&str) -> Option<OsString>) -> String {
    env("AWS_DEFAULT_PROFILE")
        .or_else(|| env("AWS_PROFILE"))
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|| "default".to_owned())
}

/// Python's `posixpath.expandvars`: `$NAME` and `${NAME}` (NAME of ASCII letters, digits and
/// `_`) replaced by the variable's value when it is set, left as they are otherwise.
fn expand_vars(value: &OsString, env: &impl Fn(&str) -> Option<OsString>) -> OsString {
    let Some(text) = value.to_str() else {
        return value.clone();
    };
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, len) = match after.strip_prefix('{') {
            Some(braced) => match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            },
            None => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], end)
            }
        };
        match env(name).filter(|_| len > 0 && !name.is_empty()) {
            Some(found) => {
                out.push_str(&found.to_string_lossy());
                rest = &after[len..];
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    OsString::from(out)
}

/// Python's `posixpath.expanduser` for a leading `~` (the home folder) or `~user` (that user's
/// home folder from the password file); anything else, or an unknown user, is left as it is.
fn expand_user(path: &Path, home: Option<&Path>) -> Result<PathBuf> {
    let Some(text) = path.to_str().filter(|t| t.starts_with('~')) else {
        return Ok(path.to_path_buf());
    };
    let (user, rest) = text[1..].split_at(text[1..].find('/').unwrap_or(text.len() - 1));
    let rest = rest.trim_start_matches('/');
    if user.is_empty() {
        return Ok(home.ok_or(Error::NoHome)?.join(rest));
    }
    Ok(home_of_user(user).map_or_else(|| path.to_path_buf(), |home| home.join(rest)))
}

/// A user's home folder from `/etc/passwd` (name:password:uid:gid:gecos:home:shell).
fn home_of_user(user: &str) -> Option<PathBuf> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.len() >= 6 && fields[0] == user)
        .map(|fields| PathBuf::from(fields[5]))
}

/// The name of a variable `expandvars` left in a path (it was not set), if any.
fn unset_variable_in(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    let at = text.find('$')?;
    let after = &text[at + 1..];
    let name: String = match after.strip_prefix('{') {
        Some(braced) => braced.split('}').next().unwrap_or_default().to_owned(),
        None => after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect(),
    };
    Some(name).filter(|n| !n.is_empty())
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
    fn an_empty_file_variable_names_no_file_and_does_not_fall_back() {
        let p = resolve(&[("AWS_SHARED_CREDENTIALS_FILE", "")]);
        assert_eq!(p.credentials, PathBuf::new());
        assert_eq!(
            p.unread_reason(FileKind::Credentials),
            Some(Unread::EmptyVariable {
                file: FileKind::Credentials
            })
        );
    }

    #[test]
    fn variables_expand_before_the_tilde_as_in_expandvars() {
        let p = resolve(&[
            ("AWS_CONFIG_FILE", "$XDG/a/${NAME}x/$NOPE/${}/$"),
            ("AWS_SHARED_CREDENTIALS_FILE", "$T/c"),
            ("XDG", "/x"),
            ("NAME", "n"),
            ("T", "~"),
        ]);
        assert_eq!(p.config, PathBuf::from("/x/a/nx/$NOPE/${}/$"));
        assert_eq!(p.credentials, PathBuf::from("/home/u/c"));
        assert_eq!(unset_variable_in(&p.config).as_deref(), Some("NOPE"));
    }

    #[test]
    fn aws_default_profile_comes_before_aws_profile() {
        let both = [("AWS_DEFAULT_PROFILE", "prod"), ("AWS_PROFILE", "dev")];
        assert_eq!(resolve(&both).default_profile, "prod");
        // Set but empty: the profile "", which botocore (and the AWS CLI) cannot find.
        assert_eq!(resolve(&[("AWS_PROFILE", "")]).default_profile, "");
        // The first variable set wins, even when empty.
        let empty_first = [("AWS_DEFAULT_PROFILE", ""), ("AWS_PROFILE", "dev")];
        assert_eq!(resolve(&empty_first).default_profile, "");
    }

    #[test]
    fn a_device_or_folder_is_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = AwsPaths {
            config: PathBuf::from("/dev/null"),
            credentials: dir.path().to_path_buf(),
            default_profile: "default".into(),
        };
        assert!(matches!(
            p.unread_reason(FileKind::Config),
            Some(Unread::NotAFile { .. })
        ));
        assert!(matches!(
            p.unread_reason(FileKind::Credentials),
            Some(Unread::NotAFile { .. })
        ));
        let missing = AwsPaths {
            config: dir.path().join("config"),
            ..p
        };
        assert_eq!(missing.unread_reason(FileKind::Config), None);
    }
}
