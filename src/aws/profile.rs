//! The merged view of one profile, built from its sections in both files.

use serde::Serialize;

use super::error::FileKind;
use crate::ini::Value;

/// Every key botocore reads credentials from (its `SharedCredentialProvider` and
/// `ConfigProvider`): the one definition of what is a secret, shared by `get` (masking), `set`
/// (routing, see [`home_file`]), `list`, migrate, restore, import and the form.
/// `aws_security_token` is the legacy name of the session token.
pub const SECRET_KEYS: [&str; 4] = [
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

/// The keys botocore takes the session token from, in its order: the legacy
/// `aws_security_token` first (botocore `credentials.py`, `TOKENS`).
pub const SESSION_TOKEN_KEYS: [&str; 2] = ["aws_security_token", "aws_session_token"];

/// Whether a value holds what the AWS SDKs (Rust, Go, Java) take for an inline comment, a `#`
/// or `;` after whitespace, which botocore and the AWS CLI keep as part of the value: the two
/// families then read different values.
pub fn has_inline_comment(value: &str) -> bool {
    [" #", " ;", "\t#", "\t;"]
        .iter()
        .any(|mark| value.contains(mark))
}

/// Whether `key` (any case, as configparser lower-cases keys) holds a secret.
pub fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| crate::ini::same_key(k, key))
}

/// The file a key goes to when the profile does not have it yet, as `aws configure set` does:
/// secrets to the credentials file, everything else to the config file.
pub fn home_file(key: &str) -> FileKind {
    if is_secret_key(key) {
        FileKind::Credentials
    } else {
        FileKind::Config
    }
}

/// What a profile does to get credentials, in botocore's order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `role_arn` with `web_identity_token_file`.
    WebIdentity,
    /// `role_arn` with `source_profile` or `credential_source`.
    AssumedRole,
    /// `sso_session` or `sso_start_url`.
    Sso,
    /// `aws_access_key_id` and friends.
    StaticKeys,
    /// `credential_process`.
    Process,
    /// `login_session`: signed in with console credentials (`aws login`), no keys of its own.
    ConsoleSignIn,
    /// Only settings such as region and output.
    SettingsOnly,
}

/// The one home of every way a kind is named (three tables had drifted apart).
impl Kind {
    /// The short label of `keyshelf list` and its JSON (`keys`, `role`, `sso`, …).
    pub fn label(self) -> &'static str {
        match self {
            Kind::WebIdentity => "web-identity",
            Kind::AssumedRole => "role",
            Kind::Sso => "sso",
            Kind::StaticKeys => "keys",
            Kind::Process => "process",
            Kind::ConsoleSignIn => "console",
            Kind::SettingsOnly => "settings",
        }
    }

    /// Plain words for the profile's page ("access keys", "assumed role", …).
    pub fn words(self) -> &'static str {
        match self {
            Kind::StaticKeys => "access keys",
            Kind::AssumedRole => "assumed role",
            Kind::WebIdentity => "web identity",
            Kind::Sso => "SSO",
            Kind::Process => "credential process",
            Kind::ConsoleSignIn => "signed in with your AWS console credentials",
            Kind::SettingsOnly => "settings only",
        }
    }

    /// The badge in the app's profile list: a profile whose own keys keyshelf serves from the
    /// keychain is, to the person, still a profile with keys.
    pub fn badge(self, secret: SecretLocation) -> &'static str {
        match self {
            Kind::Process if secret == SecretLocation::Keychain => "keys",
            Kind::StaticKeys => "keys",
            Kind::AssumedRole | Kind::WebIdentity => "role",
            Kind::Sso => "SSO",
            Kind::Process => "process",
            Kind::ConsoleSignIn => "console",
            Kind::SettingsOnly => "settings",
        }
    }
}

/// Where the profile's secret lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretLocation {
    /// Plaintext keys in one of the files.
    File,
    /// Its credential_process runs keyshelf, which serves the keys from the OS keychain.
    Keychain,
    None,
}

impl SecretLocation {
    pub fn label(self) -> &'static str {
        match self {
            SecretLocation::File => "file",
            SecretLocation::Keychain => "keychain",
            SecretLocation::None => "none",
        }
    }
}

/// One key of a profile that is not a secret, with the file it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: Value,
    pub file: FileKind,
    /// 1-based line in that file.
    pub line: usize,
}

/// A profile as the AWS CLI sees it: both files merged, the credentials file winning.
/// Holds no secret values: ask [`crate::aws::SharedFiles::get`] for those.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub kind: Kind,
    pub region: Option<String>,
    pub output: Option<String>,
    pub secret: SecretLocation,
    /// Which secret keys are present, and in which file.
    pub secret_keys: Vec<(String, FileKind)>,
    /// Every other key, in file order (config file first), the winning one for each key only.
    pub settings: Vec<Setting>,
    /// Header lines of its sections, when present.
    pub config_line: Option<usize>,
    pub credentials_line: Option<usize>,
}

impl Profile {
    /// The value of a non-secret key (matched ignoring case).
    pub fn setting(&self, key: &str) -> Option<&Setting> {
        self.settings
            .iter()
            .find(|s| crate::ini::same_key(&s.key, key))
    }

    pub fn plain(&self, key: &str) -> Option<&str> {
        self.setting(key).and_then(|s| s.value.as_plain())
    }

    pub fn is_default(&self) -> bool {
        self.name == super::names::DEFAULT
    }
}

/// Works out the kind and secret location from the merged keys.
pub(crate) fn classify(
    settings: &[Setting],
    secret_keys: &[(String, FileKind)],
) -> (Kind, SecretLocation) {
    let process = settings
        .iter()
        .find(|s| crate::ini::same_key(&s.key, "credential_process"))
        .and_then(|s| s.value.as_plain());
    classify_by(
        |key| settings.iter().any(|s| crate::ini::same_key(&s.key, key)),
        process,
        |file| {
            secret_keys
                .iter()
                .any(|(k, f)| *f == file && crate::ini::same_key(k, "aws_access_key_id"))
        },
        !secret_keys.is_empty(),
    )
}

/// [`classify`] from what it looks at: whether a (non-secret) key is set, the
/// `credential_process` value, whether a file holds `aws_access_key_id`, and whether any secret
/// key is set. For readers that keep no [`Setting`]s (`SharedFiles::summaries`).
pub(crate) fn classify_by(
    has: impl Fn(&str) -> bool,
    process: Option<&str>,
    key_in: impl Fn(FileKind) -> bool,
    any_secret: bool,
) -> (Kind, SecretLocation) {
    let runs_keyshelf = process.is_some_and(crate::keyshelf_line::runs_keyshelf);
    // A role of an SSO sign-in that keyshelf serves: no key of its own, in a file or the keychain.
    let serves_sso = process.is_some_and(crate::keyshelf_line::serves_sso);
    let kind = if has("role_arn") && has("web_identity_token_file") {
        Kind::WebIdentity
    } else if has("role_arn") {
        Kind::AssumedRole
    } else if has("sso_session")
        || has("sso_start_url")
        || (serves_sso && !key_in(FileKind::Credentials))
    {
        Kind::Sso
    } else if key_in(FileKind::Credentials) {
        // botocore reads static keys in the credentials file before credential_process.
        Kind::StaticKeys
    } else if has("login_session") {
        // `aws login` comes before credential_process in botocore's chain.
        Kind::ConsoleSignIn
    } else if process.is_some() {
        Kind::Process
    } else if key_in(FileKind::Config) {
        Kind::StaticKeys
    } else {
        Kind::SettingsOnly
    };
    let secret = if key_in(FileKind::Credentials) {
        SecretLocation::File
    } else if runs_keyshelf && !serves_sso {
        SecretLocation::Keychain
    } else if key_in(FileKind::Config) || any_secret {
        SecretLocation::File
    } else {
        SecretLocation::None
    };
    (kind, secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(key: &str, value: &str, file: FileKind) -> Setting {
        Setting {
            key: key.into(),
            value: Value::Plain(value.into()),
            file,
            line: 1,
        }
    }

    #[test]
    fn kinds_follow_botocore_precedence() {
        let creds = vec![("aws_access_key_id".to_owned(), FileKind::Credentials)];
        let process = vec![setting(
            "credential_process",
            "/opt/keyshelf credential-process --profile a",
            FileKind::Config,
        )];
        assert_eq!(
            classify(&process, &creds),
            (Kind::StaticKeys, SecretLocation::File)
        );
        assert_eq!(
            classify(&process, &[]),
            (Kind::Process, SecretLocation::Keychain)
        );
        let role = vec![setting(
            "role_arn",
            "arn:aws:iam::1:role/x",
            FileKind::Config,
        )];
        assert_eq!(
            classify(&role, &[]),
            (Kind::AssumedRole, SecretLocation::None)
        );
        let sso = vec![setting("sso_session", "corp", FileKind::Config)];
        assert_eq!(classify(&sso, &[]).0, Kind::Sso);
        assert_eq!(
            classify(&[], &[]),
            (Kind::SettingsOnly, SecretLocation::None)
        );
    }
}
