//! What went wrong talking to AWS, in plain words ("errors in plain words"). Never a
//! secret: AWS's messages name key IDs at most, and only the code and message are kept.

use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CloudError {
    #[error(
        "AWS does not know this access key: it was deleted, or never existed in this account; make a new key in the AWS console (IAM, your user, Security credentials)"
    )]
    UnknownKey,
    #[error(
        "the secret access key does not match the access key ID: it was mistyped or belongs to another key"
    )]
    WrongSecret,
    #[error("the session has expired: start a new one")]
    Expired,
    #[error("the access key is deactivated in IAM: activate it again or use another key")]
    Deactivated,
    #[error(
        "AWS did not accept the MFA code: it was mistyped, already used, or from another device than the profile's mfa_serial names; wait for the next code and try again"
    )]
    MfaRefused,
    #[error("AWS refused: {message}")]
    AccessDenied { message: String },
    #[error("AWS could not be reached ({detail}); check the network connection and any proxy")]
    NoNetwork { detail: String },
    #[error(
        "a proxy between keyshelf and AWS refused the request (HTTP {status}); check HTTPS_PROXY, HTTP_PROXY and NO_PROXY, and whether the proxy wants a user name and password (http://user:password@proxy:port)"
    )]
    ProxyRefused { status: u16 },
    #[error(
        "{variable} does not hold a proxy address keyshelf can use ({detail}); set it to http://host:port, or unset it"
    )]
    BadProxy { variable: String, detail: String },
    #[error(
        "the answer did not come from AWS (HTTP {status}, no AWS error in it); check AWS_ENDPOINT_URL, the profile's endpoint_url and any proxy in between"
    )]
    NotAws { status: u16 },
    /// What the SDK said is kept for the details, not the sentence: it is long, and repeats.
    #[error("the AWS tools find no credentials for this profile")]
    NoCredentials { detail: String },
    /// An IAM Identity Center (SSO) or console sign-in profile with no current sign-in here.
    #[error("this profile signs in through {how}, and it is not signed in on this computer")]
    SignInNeeded {
        how: &'static str,
        profile: String,
        detail: String,
    },
    /// A `login_session` profile. The AWS SDK for Rust reads one only with aws-config's
    /// `credentials-login` feature, left out: it would build the sign-in service's client and
    /// an elliptic-curve crate for it.
    #[error(
        "profile “{}” signs in with your AWS console credentials (aws login), and keyshelf cannot {doing} yet: the AWS CLI can use it (“aws login --profile {}” signs in again), and the console is open in the browser you signed in with",
        .profile.escape_debug(), .profile.escape_debug()
    )]
    LoginSession {
        profile: String,
        /// What keyshelf cannot do: "test it", "open the console from it".
        doing: &'static str,
    },
    #[error(
        "the certificate bundle {} (AWS_CA_BUNDLE or the profile's ca_bundle) cannot be used: {detail}",
        path.display()
    )]
    CaBundle {
        path: std::path::PathBuf,
        detail: String,
    },
    #[error("AWS answered {code}: {message}")]
    Other { code: String, message: String },
}

impl crate::fault::Fault for CloudError {
    /// Whether the user can fix this (exit code 1), as opposed to the network or the system
    /// failing (2).
    fn is_user_error(&self) -> bool {
        !matches!(
            self,
            CloudError::NoNetwork { .. }
                | CloudError::ProxyRefused { .. }
                | CloudError::Other { .. }
        )
    }

    fn remedy(&self) -> Option<crate::fault::Remedy> {
        match self {
            CloudError::SignInNeeded { profile, how, .. } => Some(crate::fault::Remedy::SignIn {
                profile: profile.clone(),
                sso: how.contains("SSO"),
            }),
            _ => None,
        }
    }

    fn details(&self) -> Option<String> {
        match self {
            CloudError::NoCredentials { detail } | CloudError::SignInNeeded { detail, .. } => {
                Some(detail.clone()).filter(|d| !d.is_empty())
            }
            _ => None,
        }
    }
}

type HttpResponse = aws_smithy_runtime_api::http::Response;

/// Turns an SDK error into one of ours by AWS's error code.
pub(super) fn classify<E>(err: SdkError<E, HttpResponse>) -> CloudError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match &err {
        SdkError::DispatchFailure(failure) => {
            return CloudError::NoNetwork {
                detail: plain_dispatch(failure, &causes(&err).to_ascii_lowercase()),
            };
        }
        SdkError::TimeoutError(_) => {
            return CloudError::NoNetwork {
                detail: "the request timed out".into(),
            };
        }
        _ => {}
    }
    // 407 comes from a proxy, never from AWS.
    if err.raw_response().map(|r| r.status().as_u16()) == Some(407) {
        return CloudError::ProxyRefused { status: 407 };
    }
    // The code as the SDK parsed it; else read from the body, for servers that nest it one
    // level deeper than STS does (`<Errors><Error>`, as moto and EC2 answer).
    let body = match &err {
        SdkError::ServiceError(service) => service.raw().body().bytes().unwrap_or_default(),
        _ => &[],
    };
    let body = String::from_utf8_lossy(body);
    let Some(code) = err.code().map(str::to_owned).or_else(|| tag(&body, "Code")) else {
        // No AWS error at all: something else answered, or the request was never sent.
        return match err.raw_response() {
            Some(response) => CloudError::NotAws {
                status: response.status().as_u16(),
            },
            None => CloudError::Other {
                code: "Request".into(),
                message: causes(&err).lines().next().unwrap_or("").to_owned(),
            },
        };
    };
    let message = err
        .message()
        .filter(|m| !m.is_empty())
        .map(str::to_owned)
        .or_else(|| tag(&body, "Message"))
        .or_else(|| oauth_description(&body))
        .unwrap_or_default();
    match code.as_str() {
        "InvalidClientTokenId" | "UnrecognizedClientException" => CloudError::UnknownKey,
        "SignatureDoesNotMatch" | "IncompleteSignature" => CloudError::WrongSecret,
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => CloudError::Expired,
        // STS: "MultiFactorAuthentication failed with invalid MFA one time pass code."
        "AccessDenied" if message.contains("MultiFactorAuthentication") => CloudError::MfaRefused,
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" => {
            CloudError::AccessDenied { message }
        }
        _ if message.contains("inactive") => CloudError::Deactivated,
        _ => CloudError::Other { code, message },
    }
}

/// OAuth's `error_description` of a JSON error body: IAM Identity Center's OIDC errors
/// (`UnauthorizedClientException`, `InvalidGrantException`…) carry their reason there (RFC 6749
/// section 5.2), where the SDK looks only for a `message`.
fn oauth_description(body: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(body).ok()?;
    let text = json.get("error_description")?.as_str()?;
    (!text.is_empty()).then(|| text.to_owned())
}

/// The text of the first `<name>…</name>` in an XML error body.
fn tag(body: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find(&format!("</{name}>"))? + start;
    Some(body[start..end].to_owned())
}

/// The error and its causes, joined: what the connector or the provider said underneath. A
/// cause the text already holds (the SDK's messages often repeat their source) is said once.
fn causes(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let said = cause.to_string();
        if !text.contains(&said) {
            text = format!("{text}: {said}");
        }
        source = cause.source();
    }
    text
}

fn plain_dispatch(
    failure: &aws_smithy_runtime_api::client::result::DispatchFailure,
    chain: &str,
) -> String {
    if chain.contains("certificate") {
        "the server's certificate is not trusted; if a proxy or your network inspects TLS, point AWS_CA_BUNDLE or the profile's ca_bundle at its certificate bundle".into()
    } else if failure.is_timeout() {
        "the connection timed out".into()
    } else if failure.is_io() {
        "the connection failed".into()
    } else {
        "the request could not be sent".into()
    }
}

/// Why the SDK found no credentials, without its debug dump (which may name files, never
/// values).
pub(super) fn credentials_detail(
    err: &aws_credential_types::provider::error::CredentialsError,
) -> String {
    causes(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fault::Fault;

    #[test]
    fn every_error_says_what_to_do_in_plain_words() {
        for err in [
            CloudError::UnknownKey,
            CloudError::WrongSecret,
            CloudError::Expired,
            CloudError::Deactivated,
            CloudError::MfaRefused,
            CloudError::AccessDenied {
                message: "not allowed".into(),
            },
            CloudError::NoNetwork {
                detail: "the connection failed".into(),
            },
            CloudError::ProxyRefused { status: 407 },
            CloudError::BadProxy {
                variable: "HTTPS_PROXY".into(),
                detail: "unsupported proxy scheme: ftp".into(),
            },
            CloudError::NotAws { status: 404 },
            CloudError::NoCredentials { detail: "x".into() },
            CloudError::CaBundle {
                path: "/etc/corp.pem".into(),
                detail: "it holds no PEM certificate".into(),
            },
            CloudError::Other {
                code: "Throttling".into(),
                message: "slow down".into(),
            },
        ] {
            let text = err.to_string();
            assert!(!text.contains('`') && text.len() > 15, "{text}");
        }
        assert!(CloudError::UnknownKey.to_string().contains("deleted"));
        assert!(
            CloudError::WrongSecret
                .to_string()
                .contains("does not match")
        );
        assert!(
            !CloudError::NoNetwork {
                detail: String::new()
            }
            .is_user_error()
        );
        let body = "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>bad</Message></Error></Errors></ErrorResponse>";
        assert_eq!(tag(body, "Code").as_deref(), Some("InvalidClientTokenId"));
        assert_eq!(tag(body, "Message").as_deref(), Some("bad"));
        assert_eq!(tag("<x/>", "Code"), None);
    }

    #[test]
    fn an_oauth_error_is_told_by_its_description() {
        // As IAM Identity Center's OIDC service (and the tests' fake of it) answers.
        let body = r#"{"error":"unauthorized_client","error_description":"the client is not registered for the device code"}"#;
        assert_eq!(
            oauth_description(body).as_deref(),
            Some("the client is not registered for the device code")
        );
        assert_eq!(
            oauth_description(r#"{"error":"x","error_description":""}"#),
            None
        );
        assert_eq!(oauth_description(r#"{"message":"m"}"#), None);
        assert_eq!(oauth_description("<Error/>"), None);
    }
}
