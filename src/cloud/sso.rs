//! IAM Identity Center (SSO) calls, on the official SDK: the OIDC service that signs a person in
//! (RegisterClient, StartDeviceAuthorization, CreateToken) and the portal that turns the sign-in
//! into role credentials (ListAccounts, ListAccountRoles, GetRoleCredentials, Logout). Neither is
//! signed with AWS keys: the OIDC calls carry the client's registration, the portal calls the
//! access token. `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL_SSO` and `AWS_ENDPOINT_URL` are
//! honoured by the SDK's own configuration loader.

use aws_config::BehaviorVersion;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};

use super::error::classify;
use super::{CloudError, Target};
use crate::aws::StaticKeys;
use crate::secret::Secret;

/// The grant type of the device authorization flow (RFC 8628).
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// What went wrong signing in or using a sign-in.
#[derive(Debug, thiserror::Error)]
pub enum SsoCallError {
    /// The access token, refresh token or registration is no longer accepted: sign in again.
    #[error("the sign-in is no longer accepted ({code})")]
    SignInNeeded { code: String },
    #[error("the sign-in was denied in the browser")]
    Denied,
    /// Not approved yet (device flow); `slow_down`: asked too often.
    #[error("not approved yet")]
    Pending { slow_down: bool },
    #[error("IAM Identity Center gives this sign-in no access to role {role} in account {account}")]
    NoAccess { account: String, role: String },
    #[error(transparent)]
    Cloud(#[from] CloudError),
}

/// The sign-in flow a client registration was made for. IAM Identity Center lets a client use
/// only the grant types it registered with: one made for the browser (`authorization_code`,
/// `refresh_token`) is refused the device code, and registering both at once is refused too
/// (synfinatic/aws-sso-cli#1359, sorah/mairu#18), so each flow has a registration of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientFlow {
    /// No `grantTypes`, as botocore's `SSOTokenFetcher._register_client` registers: the device
    /// code and the refresh token.
    Device,
    /// `authorization_code` and `refresh_token`, with a loopback redirect address.
    Browser,
}

/// A client registration (RegisterClient): who asks for tokens.
#[derive(Clone, Debug)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: Secret,
    /// Unix seconds.
    pub expires_at: i64,
    /// The flow it may be used for.
    pub flow: ClientFlow,
    /// Where the browser signs in (the authorization code flow); `None` from a registration
    /// for the device flow.
    pub authorization_endpoint: Option<String>,
}

/// A device authorization under way: the code the person confirms at the address.
#[derive(Clone, Debug)]
pub struct DeviceAuthorization {
    pub device_code: Secret,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    pub interval: u64,
}

/// Tokens from CreateToken.
#[derive(Clone, Debug)]
pub struct Token {
    pub access_token: Secret,
    pub expires_in: u64,
    pub refresh_token: Option<Secret>,
}

/// An account the sign-in reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// Role credentials, with their expiry (RFC 3339, UTC).
#[derive(Clone, Debug)]
pub struct RoleCredentials {
    pub keys: StaticKeys,
    pub expiration: String,
}

/// IAM Identity Center in one region.
pub struct IdentityCenter {
    runtime: tokio::runtime::Runtime,
    oidc: aws_sdk_ssooidc::Client,
    portal: aws_sdk_sso::Client,
}

impl IdentityCenter {
    /// Clients for `region` (the session's `sso_region`); no call is made yet.
    pub fn new(region: &str, target: &Target) -> Result<IdentityCenter, CloudError> {
        let runtime = super::runtime()?;
        let http = super::http::client(super::http::ca_bundle(target, None).as_deref())?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .no_credentials()
            .http_client(http)
            .region(aws_config::Region::new(region.to_owned()));
        if let Some(endpoint) = &target.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        let config = runtime.block_on(loader.load());
        Ok(IdentityCenter {
            oidc: aws_sdk_ssooidc::Client::new(&config),
            portal: aws_sdk_sso::Client::new(&config),
            runtime,
        })
    }

    /// Registers keyshelf as a public client for `scopes` and the device flow (RegisterClient).
    pub fn register(&self, scopes: &[String]) -> Result<Registration, SsoCallError> {
        let out = self
            .runtime
            .block_on(
                self.oidc
                    .register_client()
                    .client_name("keyshelf")
                    .client_type("public")
                    .set_scopes(Some(scopes.to_vec()))
                    .send(),
            )
            .map_err(call_error)?;
        Ok(Registration {
            client_id: out.client_id().unwrap_or_default().to_owned(),
            client_secret: Secret::new(out.client_secret().unwrap_or_default()),
            expires_at: out.client_secret_expires_at(),
            flow: ClientFlow::Device,
            authorization_endpoint: None,
        })
    }

    /// Registers keyshelf for the authorization code flow with PKCE, with the loopback address
    /// the browser is sent back to (RegisterClient with `authorization_code`), as the AWS CLI
    /// does for `aws sso login`.
    pub fn register_for_browser(
        &self,
        scopes: &[String],
        start_url: &str,
        redirect_uri: &str,
    ) -> Result<Registration, SsoCallError> {
        let out = self
            .runtime
            .block_on(
                self.oidc
                    .register_client()
                    .client_name("keyshelf")
                    .client_type("public")
                    .set_scopes(Some(scopes.to_vec()))
                    .grant_types("authorization_code")
                    .grant_types("refresh_token")
                    .redirect_uris(redirect_uri)
                    .issuer_url(start_url)
                    .send(),
            )
            .map_err(call_error)?;
        Ok(Registration {
            client_id: out.client_id().unwrap_or_default().to_owned(),
            client_secret: Secret::new(out.client_secret().unwrap_or_default()),
            expires_at: out.client_secret_expires_at(),
            flow: ClientFlow::Browser,
            authorization_endpoint: out.authorization_endpoint().map(str::to_owned),
        })
    }

    /// Tokens for the code the browser brought back (CreateToken with `authorization_code`).
    pub fn redeem_code(
        &self,
        client: &Registration,
        code: &Secret,
        verifier: &Secret,
        redirect_uri: &str,
    ) -> Result<Token, SsoCallError> {
        self.create_token(client, "authorization_code", |b| {
            b.code(code.expose())
                .code_verifier(verifier.expose())
                .redirect_uri(redirect_uri)
        })
    }

    /// Starts the device flow for `start_url` (StartDeviceAuthorization).
    pub fn start_device(
        &self,
        client: &Registration,
        start_url: &str,
    ) -> Result<DeviceAuthorization, SsoCallError> {
        let out = self
            .runtime
            .block_on(
                self.oidc
                    .start_device_authorization()
                    .client_id(&client.client_id)
                    .client_secret(client.client_secret.expose())
                    .start_url(start_url)
                    .send(),
            )
            .map_err(call_error)?;
        Ok(DeviceAuthorization {
            device_code: Secret::new(out.device_code().unwrap_or_default()),
            user_code: out.user_code().unwrap_or_default().to_owned(),
            verification_uri: out.verification_uri().unwrap_or_default().to_owned(),
            verification_uri_complete: out.verification_uri_complete().map(str::to_owned),
            expires_in: u64::try_from(out.expires_in()).unwrap_or(0),
            interval: u64::try_from(out.interval()).unwrap_or(0).max(1),
        })
    }

    /// Asks once whether the person approved the device code (CreateToken).
    pub fn poll_device(
        &self,
        client: &Registration,
        device: &DeviceAuthorization,
    ) -> Result<Token, SsoCallError> {
        self.create_token(client, DEVICE_GRANT, |b| {
            b.device_code(device.device_code.expose())
        })
    }

    /// New tokens for a refresh token (CreateToken with `refresh_token`).
    pub fn refresh(&self, client: &Registration, refresh: &Secret) -> Result<Token, SsoCallError> {
        self.create_token(client, "refresh_token", |b| {
            b.refresh_token(refresh.expose())
        })
    }

    fn create_token(
        &self,
        client: &Registration,
        grant: &str,
        with: impl FnOnce(
            aws_sdk_ssooidc::operation::create_token::builders::CreateTokenFluentBuilder,
        )
            -> aws_sdk_ssooidc::operation::create_token::builders::CreateTokenFluentBuilder,
    ) -> Result<Token, SsoCallError> {
        let request = self
            .oidc
            .create_token()
            .client_id(&client.client_id)
            .client_secret(client.client_secret.expose())
            .grant_type(grant);
        let out = self
            .runtime
            .block_on(with(request).send())
            .map_err(call_error)?;
        Ok(Token {
            access_token: Secret::new(out.access_token().unwrap_or_default()),
            expires_in: u64::try_from(out.expires_in()).unwrap_or(0),
            refresh_token: out.refresh_token().map(Secret::new),
        })
    }

    /// Every account the sign-in reaches (ListAccounts, all pages).
    pub fn accounts(&self, access: &Secret) -> Result<Vec<Account>, SsoCallError> {
        all_pages(|next| {
            let out = self
                .runtime
                .block_on(
                    self.portal
                        .list_accounts()
                        .access_token(access.expose())
                        .set_next_token(next)
                        .send(),
                )
                .map_err(call_error)?;
            let page = out.account_list().iter().map(|a| Account {
                id: a.account_id().unwrap_or_default().to_owned(),
                name: a.account_name().unwrap_or_default().to_owned(),
                email: a.email_address().unwrap_or_default().to_owned(),
            });
            Ok((page.collect(), out.next_token().map(str::to_owned)))
        })
    }

    /// The roles the sign-in may take in `account` (ListAccountRoles, all pages).
    pub fn roles(&self, access: &Secret, account: &str) -> Result<Vec<String>, SsoCallError> {
        all_pages(|next| {
            let out = self
                .runtime
                .block_on(
                    self.portal
                        .list_account_roles()
                        .access_token(access.expose())
                        .account_id(account)
                        .set_next_token(next)
                        .send(),
                )
                .map_err(call_error)?;
            let page = out
                .role_list()
                .iter()
                .filter_map(|r| r.role_name().map(str::to_owned));
            Ok((page.collect(), out.next_token().map(str::to_owned)))
        })
    }

    /// Credentials of `role` in `account` (GetRoleCredentials).
    pub fn role_credentials(
        &self,
        access: &Secret,
        account: &str,
        role: &str,
    ) -> Result<RoleCredentials, SsoCallError> {
        let out = self
            .runtime
            .block_on(
                self.portal
                    .get_role_credentials()
                    .access_token(access.expose())
                    .account_id(account)
                    .role_name(role)
                    .send(),
            )
            .map_err(|err| match err.code() {
                Some("ForbiddenException") => SsoCallError::NoAccess {
                    account: account.to_owned(),
                    role: role.to_owned(),
                },
                _ => call_error(err),
            })?;
        let creds = out.role_credentials().ok_or_else(|| {
            SsoCallError::Cloud(CloudError::Other {
                code: "GetRoleCredentials".into(),
                message: "the answer held no credentials".into(),
            })
        })?;
        let expiration = chrono::DateTime::from_timestamp_millis(creds.expiration())
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Ok(RoleCredentials {
            keys: StaticKeys {
                access_key_id: creds.access_key_id().unwrap_or_default().to_owned(),
                secret_access_key: Secret::new(creds.secret_access_key().unwrap_or_default()),
                session_token: creds.session_token().map(Secret::new),
            },
            expiration,
        })
    }

    /// Ends the sign-in at AWS (Logout).
    pub fn logout(&self, access: &Secret) -> Result<(), SsoCallError> {
        self.runtime
            .block_on(self.portal.logout().access_token(access.expose()).send())
            .map_err(call_error)?;
        Ok(())
    }
}

/// Every item of a paged listing: `page` is given the last page's token (none at first) and
/// returns its items and the next token, until there is none.
fn all_pages<T>(
    mut page: impl FnMut(Option<String>) -> Result<(Vec<T>, Option<String>), SsoCallError>,
) -> Result<Vec<T>, SsoCallError> {
    let mut found = Vec::new();
    let mut next = None;
    loop {
        let (items, token) = page(next.take())?;
        found.extend(items);
        match token.filter(|t| !t.is_empty()) {
            Some(token) => next = Some(token),
            None => return Ok(found),
        }
    }
}

/// An SDK error as one of ours, by the OAuth and portal error codes that mean something here.
fn call_error<E>(err: SdkError<E, aws_smithy_runtime_api::http::Response>) -> SsoCallError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match err.code() {
        Some("AuthorizationPendingException") => SsoCallError::Pending { slow_down: false },
        Some("SlowDownException") => SsoCallError::Pending { slow_down: true },
        Some("AccessDeniedException") => SsoCallError::Denied,
        Some(
            code @ ("UnauthorizedException"
            | "InvalidGrantException"
            | "ExpiredTokenException"
            | "InvalidClientException"),
        ) => SsoCallError::SignInNeeded {
            code: code.to_owned(),
        },
        _ => SsoCallError::Cloud(classify(err)),
    }
}
