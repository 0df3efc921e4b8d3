//! Talking to AWS, behind a small synchronous facade over the official AWS SDK for
//! Rust (`aws-config`, `aws-sdk-sts`, `aws-sdk-iam`). Nothing here runs until a call is made:
//! each call starts a current-thread tokio runtime of its own and drops it when done, so the
//! rest of keyshelf (and `credential-process` serving from the keychain) never starts the SDK.
//!
//! The SDK resolves a profile's credentials itself, the way every program built on it does:
//! keys in the files, keyshelf's own `credential_process` for a keychain profile, roles through
//! `source_profile`, SSO. It honours `AWS_ENDPOINT_URL` and the per-service
//! `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL_IAM`, `AWS_CONFIG_FILE` and
//! `AWS_SHARED_CREDENTIALS_FILE`, the profile's region, and its standard retries. The HTTP
//! client is built in [`http`] so that proxies (`HTTPS_PROXY`, `NO_PROXY`) and a custom
//! certificate bundle (`AWS_CA_BUNDLE`, `ca_bundle`) work as in botocore.

pub mod account;
mod error;
pub mod federation;
mod http;
mod session;
pub mod sso;

use std::time::Duration;

use aws_config::BehaviorVersion;
use serde::Serialize;

pub use account::{Account, KeyMeta};
pub use error::CloudError;
pub use session::{SessionRequest, Temporary, session_token};

/// How long one call may take in all, retries included: past it, the answer is "no network".
pub const CALL_TIMEOUT: Duration = Duration::from_secs(20);

/// Who a profile's credentials belong to (STS GetCallerIdentity).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// What IAM says of the access key in use, where the caller may ask (ListAccessKeys,
/// GetAccessKeyLastUsed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KeyFacts {
    /// RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// RFC 3339, and the service it was last used with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_service: Option<String>,
}

/// What testing a profile found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TestReport {
    pub profile: String,
    #[serde(flatten)]
    pub identity: Identity,
    /// The access key ID the SDK signed with (never a secret).
    pub access_key_id: String,
    /// Whether the credentials are temporary (a session or a role).
    pub temporary: bool,
    /// Filled where IAM lets the caller look at its own keys.
    pub key: KeyFacts,
    /// Where the AWS tools read this profile differently from one another, each in a sentence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disagreements: Vec<String>,
}

/// Calls STS GetCallerIdentity with the credentials the AWS tools would use for `profile`, and
/// then, for a long-term key, asks IAM when it was made and last used (skipped when not
/// allowed). Blocks; call off the UI thread.
///
/// Errors: [`CloudError`], in plain words (a deleted or deactivated key, a secret that does not
/// match, an expired session, no network, no credentials at all).
pub fn test_profile(profile: &str, target: &Target) -> Result<TestReport, CloudError> {
    let reading = botocore_reading(profile, target)?;
    run(async {
        let mut config = load(profile, target).await?;
        if let Some(keys) = &reading.keys {
            // The keys botocore would use, not the SDK's own reading of the files (it cuts an
            // inline " # …" that botocore keeps).
            config = config
                .into_builder()
                .credentials_provider(
                    aws_credential_types::provider::SharedCredentialsProvider::new(
                        account::sdk_credentials(keys),
                    ),
                )
                .build();
        }
        let credentials = resolve(&config)
            .await
            .map_err(|err| match (err, reading.sign_in) {
                (CloudError::NoCredentials { detail }, Some(how)) => CloudError::SignInNeeded {
                    how,
                    profile: profile.to_owned(),
                    detail,
                },
                (err, _) => err,
            })?;
        let sts = aws_sdk_sts::Client::new(&config);
        let identity = sts
            .get_caller_identity()
            .send()
            .await
            .map_err(error::classify)?;
        let identity = Identity {
            account: identity.account().unwrap_or_default().to_owned(),
            arn: identity.arn().unwrap_or_default().to_owned(),
            user_id: identity.user_id().unwrap_or_default().to_owned(),
        };
        let temporary = credentials.session_token().is_some();
        let key = if temporary {
            KeyFacts::default()
        } else {
            key_facts(&config, credentials.access_key_id()).await
        };
        Ok(TestReport {
            profile: profile.to_owned(),
            identity,
            access_key_id: credentials.access_key_id().to_owned(),
            temporary,
            key,
            disagreements: reading.disagreements,
        })
    })
}

/// Where the AWS tools read profile `profile` differently from one another, each in a sentence
/// (what [`TestReport::disagreements`] holds), for a test that failed: it may fail for one tool
/// and not another. Reads the files; call off the UI thread.
pub fn sdk_disagreements(profile: &str, target: &Target) -> Vec<String> {
    botocore_reading(profile, target)
        .map(|reading| reading.disagreements)
        .unwrap_or_default()
}

/// What botocore (the AWS CLI, the Python SDK) makes of the profile, from keyshelf's own
/// reading of the files ([`crate::aws::SharedFiles::resolve`]).
struct BotocoreReading {
    /// How the profile signs in when it does (IAM Identity Center): the SDK finds
    /// no credentials for it until the person has signed in on this computer.
    sign_in: Option<&'static str>,
    /// Static keys, handed to the SDK as they are; `None` leaves the rest (a role, a program,
    /// SSO) to the SDK.
    keys: Option<crate::aws::StaticKeys>,
    disagreements: Vec<String>,
}

fn botocore_reading(profile: &str, target: &Target) -> Result<BotocoreReading, CloudError> {
    let workspace = crate::files::Workspace::load(target.paths.clone()).map_err(|e| {
        CloudError::NoCredentials {
            detail: e.to_string(),
        }
    })?;
    let files = &workspace.docs;
    let source = files
        .resolve(profile)
        .map_err(|e| CloudError::NoCredentials {
            detail: format!("the AWS CLI and the AWS SDK for Python cannot use it: {e}"),
        })?;
    let disagreements = files
        .profile(profile)
        .map(|p| {
            let keys = p.settings.iter().map(|s| s.key.as_str());
            keys.chain(p.secret_keys.iter().map(|(k, _)| k.as_str()))
                .filter(|key| {
                    files.get(profile, key).is_some_and(|(value, _)| {
                        value.as_plain().is_some_and(crate::aws::has_inline_comment)
                    })
                })
                .map(|key| format!(
                    "{key} holds “ #” or “ ;”: the AWS CLI and the Python SDK keep it as part of the value, the AWS SDKs for Rust, Go and Java cut it off as a comment, so they do not use the same {key}; the test used the AWS CLI's"
                ))
                .collect()
        })
        .unwrap_or_default();
    if matches!(source.leaf(), crate::aws::Source::Login) {
        return Err(CloudError::LoginSession {
            profile: profile.to_owned(),
            doing: "test it",
        });
    }
    let keys = match source.leaf() {
        crate::aws::Source::Keys { keys, .. }
            if matches!(source, crate::aws::Source::Keys { .. }) =>
        {
            Some(keys.clone())
        }
        _ => None,
    };
    let sign_in = match source.leaf() {
        crate::aws::Source::Sso => Some("IAM Identity Center (SSO)"),
        _ => None,
    };
    Ok(BotocoreReading {
        sign_in,
        keys,
        disagreements,
    })
}

/// Which files the SDK reads, and where it sends requests.
#[derive(Clone, Debug)]
pub struct Target {
    /// The shared files, as keyshelf found them (`AWS_CONFIG_FILE`, …).
    pub paths: crate::aws::AwsPaths,
    /// An endpoint for every service; `None` leaves it to the SDK (`AWS_ENDPOINT_URL`,
    /// `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_IAM`, else AWS itself).
    pub endpoint: Option<String>,
}

/// The SDK's configuration for `profile`, with a region even when the profile has none (STS
/// answers GetCallerIdentity in any region).
async fn load(profile: &str, target: &Target) -> Result<aws_config::SdkConfig, CloudError> {
    use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
    let client = http::client(http::ca_bundle(target, Some(profile)).as_deref())?;
    let loader = || {
        // A file that is not there is no file, as botocore reads it; the SDK refuses a named
        // file it cannot read (a profile with no credentials file failed its Test).
        let mut files = EnvConfigFiles::builder();
        if target.paths.config.is_file() {
            files = files.with_file(EnvConfigFileKind::Config, &target.paths.config);
        }
        if target.paths.credentials.is_file() {
            files = files.with_file(EnvConfigFileKind::Credentials, &target.paths.credentials);
        }
        let files = files.build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .profile_files(files)
            .profile_name(profile)
            .http_client(client.clone());
        if let Some(endpoint) = &target.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        loader
    };
    let config = loader().load().await;
    if config.region().is_some() {
        return Ok(config);
    }
    Ok(loader()
        .region(aws_config::Region::new("us-east-1"))
        .load()
        .await)
}

async fn resolve(
    config: &aws_config::SdkConfig,
) -> Result<aws_credential_types::Credentials, CloudError> {
    use aws_credential_types::provider::ProvideCredentials;
    let provider = config
        .credentials_provider()
        .ok_or_else(|| CloudError::NoCredentials {
            detail: "the AWS SDK found no way to get credentials".into(),
        })?;
    provider
        .provide_credentials()
        .await
        .map_err(|e| CloudError::NoCredentials {
            detail: error::credentials_detail(&e),
        })
}

/// When the key was made and last used; empty where IAM refuses (the caller may not be allowed
/// to look at its own keys).
async fn key_facts(config: &aws_config::SdkConfig, access_key_id: &str) -> KeyFacts {
    let iam = aws_sdk_iam::Client::new(config);
    let mut facts = KeyFacts::default();
    if let Ok(listed) = iam.list_access_keys().send().await
        && let Some(meta) = listed
            .access_key_metadata()
            .iter()
            .find(|m| m.access_key_id() == Some(access_key_id))
    {
        facts.created = meta.create_date().map(|d| d.to_string());
        facts.status = meta.status().map(|s| s.as_str().to_owned());
    }
    if let Ok(used) = iam
        .get_access_key_last_used()
        .access_key_id(access_key_id)
        .send()
        .await
        && let Some(last) = used.access_key_last_used()
    {
        facts.last_used = last.last_used_date().map(|d| d.to_string());
        facts.last_used_service = Some(last.service_name().to_owned()).filter(|s| s != "N/A");
    }
    facts
}

/// A current-thread runtime for the calls of one action, dropped when it is done.
/// `value` percent-encoded for a query string: every byte but RFC 3986's unreserved ones.
pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn runtime() -> Result<tokio::runtime::Runtime, CloudError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CloudError::Other {
            code: "Runtime".into(),
            message: e.to_string(),
        })
}

/// Runs `work` on a fresh current-thread runtime, with [`CALL_TIMEOUT`].
fn run<T>(work: impl std::future::Future<Output = Result<T, CloudError>>) -> Result<T, CloudError> {
    run_within(CALL_TIMEOUT, work)
}

/// Runs `work` on a fresh current-thread runtime; past `limit` it is "no network".
fn run_within<T>(
    limit: Duration,
    work: impl std::future::Future<Output = Result<T, CloudError>>,
) -> Result<T, CloudError> {
    runtime()?.block_on(async {
        tokio::time::timeout(limit, work)
            .await
            .unwrap_or(Err(CloudError::NoNetwork {
                detail: format!("no answer within {} seconds", limit.as_secs()),
            }))
    })
}
