//! The HTTP client of every AWS call: the SDK's own (hyper, rustls), built here so that it
//! honours what botocore honours and the Rust SDK's default client does not (aws-sdk-rust
//! #169): `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` (and their lower-case spellings), and a
//! custom certificate bundle from `AWS_CA_BUNDLE` or the profile's `ca_bundle`, which, as in
//! botocore, replaces the system's trusted roots.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use aws_smithy_http_client::Connector;
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, TlsContext, TrustStore};
use aws_smithy_runtime_api::client::http::{SharedHttpClient, SharedHttpConnector, http_client_fn};

use super::{CloudError, Target};
use crate::aws::SharedFiles;
use crate::ini::Document;

/// The certificate bundle for `profile`: `AWS_CA_BUNDLE`, else the profile's `ca_bundle` in
/// the config file (botocore's order), else none. A relative path is taken from the current
/// folder, as botocore does.
pub fn ca_bundle(target: &Target, profile: Option<&str>) -> Option<PathBuf> {
    bundle_of(std::env::var_os("AWS_CA_BUNDLE"), target, profile)
}

/// [`ca_bundle`] with the variable's value given.
fn bundle_of(
    variable: Option<std::ffi::OsString>,
    target: &Target,
    profile: Option<&str>,
) -> Option<PathBuf> {
    if let Some(path) = variable.filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let profile = profile?;
    // Only a regular file: a FIFO in its place must not hang a call.
    let mut bytes = Vec::new();
    crate::files::open_regular(&target.paths.config)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    let config = Document::from_vec(bytes).ok()?;
    let files = SharedFiles::new(config, Document::parse(""));
    files
        .get(profile, "ca_bundle")
        .and_then(|(value, _)| value.as_plain().map(|v| v.trim().to_owned()))
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The proxy the environment names, as botocore reads it: `HTTPS_PROXY` / `HTTP_PROXY` (either
/// case; a URL without a scheme is taken as `http://`), `NO_PROXY` with `*` meaning none.
///
/// Errors: [`CloudError::BadProxy`] for a value that is not a proxy URL, as botocore refuses
/// one (the value itself is never repeated: it may hold a password).
fn proxy_config() -> Result<ProxyConfig, CloudError> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    for name in ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] {
        if let Some(value) = var(name) {
            let value = value.trim();
            let url = match value.contains("://") {
                true => value.to_owned(),
                false => format!("http://{value}"),
            };
            ProxyConfig::all(url.as_str()).map_err(|e| CloudError::BadProxy {
                variable: name.to_owned(),
                detail: e.to_string().replace(value, "…"),
            })?;
        }
    }
    let no_proxy = var("NO_PROXY").or_else(|| var("no_proxy"));
    if no_proxy.is_some_and(|v| v.trim() == "*") {
        return Ok(ProxyConfig::disabled());
    }
    Ok(ProxyConfig::from_env())
}

/// The largest certificate bundle read: the system's own is about 200 KiB.
const BUNDLE_LIMIT: u64 = 16 * 1024 * 1024;

/// A bundle's bytes: a regular file only (a FIFO or a device is refused, not waited on or read
/// forever), at most [`BUNDLE_LIMIT`].
fn read_bundle(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = crate::files::open_regular(path)?;
    if file.metadata()?.len() > BUNDLE_LIMIT {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it is larger than {} MiB", BUNDLE_LIMIT / 1024 / 1024),
        ));
    }
    let mut bytes = Vec::new();
    file.take(BUNDLE_LIMIT).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// An HTTP client with the environment's proxy settings and, when given, only `ca_bundle`'s
/// certificates trusted.
///
/// Errors: [`CloudError::CaBundle`] when the bundle cannot be read or holds no certificate.
pub fn client(ca_bundle: Option<&Path>) -> Result<SharedHttpClient, CloudError> {
    let context = tls_context(ca_bundle)?;
    let proxy = proxy_config()?;
    // One connector per client, made on the first request (it needs the runtime's sleep).
    let made: Arc<OnceLock<SharedHttpConnector>> = Arc::new(OnceLock::new());
    Ok(http_client_fn(move |settings, components| {
        made.get_or_init(|| {
            let mut builder = Connector::builder()
                .connector_settings(settings.clone())
                .proxy_config(proxy.clone());
            if let Some(sleep) = components.sleep_impl() {
                builder = builder.sleep_impl(sleep);
            }
            let connector = builder
                .tls_provider(tls::Provider::Rustls(
                    tls::rustls_provider::CryptoMode::AwsLc,
                ))
                .tls_context(context.clone())
                .build();
            SharedHttpConnector::new(connector)
        })
        .clone()
    }))
}

/// A connector for one plain request outside the SDK (the console sign-in's getSigninToken),
/// with the same proxy and certificate rules.
pub fn connector(ca_bundle: Option<&Path>) -> Result<Connector, CloudError> {
    Ok(Connector::builder()
        .proxy_config(proxy_config()?)
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::AwsLc,
        ))
        .tls_context(tls_context(ca_bundle)?)
        .build())
}

/// The trusted roots: only `ca_bundle`'s certificates when given, else the system's.
fn tls_context(ca_bundle: Option<&Path>) -> Result<TlsContext, CloudError> {
    let mut context = TlsContext::builder();
    if let Some(path) = ca_bundle {
        let bad = |detail: String| CloudError::CaBundle {
            path: path.to_owned(),
            detail,
        };
        let pem = read_bundle(path).map_err(|e| bad(e.to_string()))?;
        if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
            return Err(bad("it holds no PEM certificate".into()));
        }
        context = context.with_trust_store(TrustStore::empty().with_pem_certificate(pem));
    }
    context.build().map_err(|e| CloudError::CaBundle {
        path: ca_bundle.map(Path::to_owned).unwrap_or_default(),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profiles_ca_bundle_is_found() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let paths = crate::aws::AwsPaths {
            config: dir.path().join("config"),
            credentials: dir.path().join("credentials"),
            default_profile: "default".into(),
        };
        std::fs::write(
            &paths.config,
            "[profile alice]\nregion = eu-west-1\nca_bundle = /etc/corp.pem\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let target = Target {
            paths,
            endpoint: None,
        };
        assert_eq!(
            bundle_of(None, &target, Some("alice")),
            Some(PathBuf::from("/etc/corp.pem"))
        );
        // The variable wins, as in botocore.
        assert_eq!(
            bundle_of(Some("/env.pem".into()), &target, Some("alice")),
            Some(PathBuf::from("/env.pem"))
        );
        assert_eq!(bundle_of(None, &target, Some("bob")), None);
        // Not a regular file: refused at once, never read.
        let refused = client(Some(Path::new("/dev/zero"))).err();
        assert!(
            matches!(&refused, Some(CloudError::CaBundle { detail, .. }) if detail.contains("not a regular file")),
            "{refused:?}"
        );
    }
}
