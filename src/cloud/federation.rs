//! The AWS console in one click: a sign-in address made from temporary credentials with the
//! console's federation endpoint (`getSigninToken`, then `login`), as AWS documents for custom
//! identity brokers. Long-term keys first become a federation token (STS GetFederationToken);
//! a session from GetSessionToken is not accepted by the endpoint.

use std::time::Duration;

use aws_smithy_runtime_api::client::http::HttpConnector;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;

use super::{CloudError, Target};
use crate::aws::StaticKeys;
use crate::secret::Secret;

/// `KEYSHELF_FEDERATION_URL`: the federation endpoint to use instead of the partition's (tests).
pub const FEDERATION_URL_VARIABLE: &str = "KEYSHELF_FEDERATION_URL";

/// What a federation token may do: everything the user may. The token's permissions are the
/// intersection of this and the user's own policies, so it grants nothing more.
const PASS_THROUGH_POLICY: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// The federation endpoint and the console of `region`'s partition.
pub fn partition_hosts(region: &str) -> (&'static str, &'static str) {
    if region.starts_with("cn-") {
        (
            "https://signin.amazonaws.cn/federation",
            "https://console.amazonaws.cn/",
        )
    } else if region.starts_with("us-gov-") {
        (
            "https://signin.amazonaws-us-gov.com/federation",
            "https://console.amazonaws-us-gov.com/",
        )
    } else {
        (
            "https://signin.aws.amazon.com/federation",
            "https://console.aws.amazon.com/",
        )
    }
}

/// The credentials the AWS tools would use for `profile`, as the SDK resolves them (keys,
/// keyshelf's own `credential_process`, a role, SSO).
pub fn profile_credentials(profile: &str, target: &Target) -> Result<StaticKeys, CloudError> {
    super::run(async {
        let config = super::load(profile, target).await?;
        let credentials = super::resolve(&config).await?;
        Ok(StaticKeys {
            access_key_id: credentials.access_key_id().to_owned(),
            secret_access_key: Secret::new(credentials.secret_access_key()),
            session_token: credentials.session_token().map(Secret::new),
        })
    })
}

/// A federation token for long-term `keys` (STS GetFederationToken), lasting `seconds`.
pub fn federation_token(
    keys: &StaticKeys,
    region: &str,
    profile: &str,
    target: &Target,
    seconds: u32,
) -> Result<StaticKeys, CloudError> {
    let account = super::account::Account::with_keys(keys, Some(region), profile, target)?;
    account.federation_token("keyshelf", PASS_THROUGH_POLICY, seconds)
}

/// The console sign-in address for temporary `keys`: `duration` (seconds) only where the
/// credentials allow one (a role that is not chained, an SSO role); the partition follows
/// `region`. The address holds a sign-in token: whoever has it is signed in, for 15 minutes.
pub fn sign_in_url(
    keys: &StaticKeys,
    region: &str,
    duration: Option<u32>,
    profile: &str,
    target: &Target,
) -> Result<Secret, CloudError> {
    let ca_bundle = super::http::ca_bundle(target, Some(profile));
    let ca_bundle = ca_bundle.as_deref();
    let (partition_endpoint, console) = partition_hosts(region);
    // A test's stand-in for all of AWS stands in for the console's sign-in too.
    let endpoint = std::env::var(FEDERATION_URL_VARIABLE)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| target.endpoint.as_ref().map(|e| format!("{e}/federation")))
        .unwrap_or_else(|| partition_endpoint.to_owned());
    let session = Secret::new(
        serde_json::json!({
            "sessionId": keys.access_key_id,
            "sessionKey": keys.secret_access_key.expose(),
            "sessionToken": keys.session_token.as_ref().map(Secret::expose).unwrap_or_default(),
        })
        .to_string(),
    );
    let duration = duration
        .map(|d| format!("&SessionDuration={d}"))
        .unwrap_or_default();
    let request = Secret::new(format!(
        "{endpoint}?Action=getSigninToken{duration}&Session={}",
        super::percent_encode(session.expose())
    ));
    let (status, body) = get(request.expose(), ca_bundle)?;
    let token = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["SigninToken"].as_str().map(Secret::new))
        .filter(|_| status == 200);
    let Some(token) = token else {
        return Err(CloudError::AccessDenied {
            message: format!(
                "the console sign-in refused these credentials (HTTP {status}); credentials from GetSessionToken, or a role session longer than the role allows, are not accepted"
            ),
        });
    };
    Ok(Secret::new(format!(
        "{endpoint}?Action=login&Issuer=keyshelf&Destination={}&SigninToken={}",
        super::percent_encode(console),
        super::percent_encode(token.expose())
    )))
}

/// One GET outside the SDK, with the SDK's proxy and certificate rules, within 30 seconds.
fn get(url: &str, ca_bundle: Option<&std::path::Path>) -> Result<(u16, Vec<u8>), CloudError> {
    let connector = super::http::connector(ca_bundle)?;
    let mut request = aws_smithy_runtime_api::http::Request::new(SdkBody::empty());
    request.set_uri(url).map_err(|e| CloudError::Other {
        code: "Request".into(),
        message: e.to_string(),
    })?;
    let no_network = |detail: String| CloudError::NoNetwork { detail };
    super::run(async move {
        let call = async {
            let response = connector
                .call(request)
                .await
                .map_err(|e| no_network(e.to_string()))?;
            let status = response.status().as_u16();
            let body = ByteStream::new(response.into_body())
                .collect()
                .await
                .map_err(|e| no_network(e.to_string()))?;
            Ok((status, body.into_bytes().to_vec()))
        };
        tokio::time::timeout(Duration::from_secs(30), call)
            .await
            .map_err(|_| {
                no_network("the console sign-in did not answer within 30 seconds".into())
            })?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_partition_signs_in_at_its_own_host() {
        assert_eq!(
            partition_hosts("eu-west-1").0,
            "https://signin.aws.amazon.com/federation"
        );
        assert_eq!(
            partition_hosts("cn-north-1"),
            (
                "https://signin.amazonaws.cn/federation",
                "https://console.amazonaws.cn/"
            )
        );
        assert_eq!(
            partition_hosts("us-gov-west-1").0,
            "https://signin.amazonaws-us-gov.com/federation"
        );
        assert_eq!(
            crate::cloud::percent_encode("a b/{\"c\"}"),
            "a%20b%2F%7B%22c%22%7D"
        );
    }
}
