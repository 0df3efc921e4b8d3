//! The HTTP client of every AWS call: the SDK's own (hyper, rustls), built here so that it
//! honours what botocore honours and the Rust SDK's default client does not (aws-sdk-rust
//! #169): `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` (and their lower-case spellings), and a
//! custom certificate bundle from `AWS_CA_BUNDLE` or the profile's `ca_bundle`, which, as in
//! botocore, replaces the system's trusted roots.

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
    if let Some(path) = std::env::var_os("AWS_CA_BUNDLE").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let profile = profile?;
    let bytes = std::fs::read(&target.paths.config).ok()?;
    let config = Document::from_vec(bytes).ok()?;
    let files = SharedFiles::new(config, Document::parse(""));
    files
        .get(profile, "ca_bundle")
        .and_then(|(value, _)| value.as_plain().map(|v| v.trim().to_owned()))
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// An HTTP client with the environment's proxy settings and, when given, only `ca_bundle`'s
/// certificates trusted.
///
/// Errors: [`CloudError::CaBundle`] when the bundle cannot be read or holds no certificate.
pub fn client(ca_bundle: Option<&Path>) -> Result<SharedHttpClient, CloudError> {
    let mut context = TlsContext::builder();
    if let Some(path) = ca_bundle {
        let bad = |detail: String| CloudError::CaBundle {
            path: path.to_owned(),
            detail,
        };
        let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
            return Err(bad("it holds no PEM certificate".into()));
        }
        context = context.with_trust_store(TrustStore::empty().with_pem_certificate(pem));
    }
    let context = context.build().map_err(|e| CloudError::CaBundle {
        path: ca_bundle.map(Path::to_owned).unwrap_or_default(),
        detail: e.to_string(),
    })?;
    // One connector per client, made on the first request (it needs the runtime's sleep).
    let made: Arc<OnceLock<SharedHttpConnector>> = Arc::new(OnceLock::new());
    Ok(http_client_fn(move |settings, components| {
        made.get_or_init(|| {
            let mut builder = Connector::builder()
                .connector_settings(settings.clone())
                .proxy_config(ProxyConfig::from_env());
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
