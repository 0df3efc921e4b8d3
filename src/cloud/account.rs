//! IAM and STS calls made with given keys (not a profile's resolution): what a key rotation
//! needs, one call at a time, on one runtime kept for the whole rotation.

use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_sdk_iam::types::StatusType;

use super::error::classify;
use super::{CloudError, Identity, Target};
use crate::aws::StaticKeys;
use crate::secret::Secret;

/// An access key as IAM lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyMeta {
    pub access_key_id: String,
    /// `Active` or `Inactive`.
    pub active: bool,
    /// RFC 3339.
    pub created: Option<String>,
}

/// An MFA device of an IAM user (ListMFADevices).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MfaDevice {
    /// What `mfa_serial` takes: the virtual device's ARN, or a hardware device's serial number.
    pub serial: String,
    /// RFC 3339.
    pub enabled: Option<String>,
}

/// The account of one IAM user, reached with one of its keys.
pub struct Account {
    runtime: tokio::runtime::Runtime,
    sts: aws_sdk_sts::Client,
    http: aws_smithy_runtime_api::client::http::SharedHttpClient,
    target: Target,
    region: String,
    iam: aws_sdk_iam::Client,
}

impl Account {
    /// Connects with `keys` (no call is made yet). `region`: the profile's, else `us-east-1`;
    /// `profile` names whose `ca_bundle` applies.
    pub fn with_keys(
        keys: &StaticKeys,
        region: Option<&str>,
        profile: &str,
        target: &Target,
    ) -> Result<Account, CloudError> {
        let runtime = super::runtime()?;
        let region = region.unwrap_or("us-east-1").to_owned();
        let http = super::http::client(super::http::ca_bundle(target, Some(profile)).as_deref())?;
        let config = runtime.block_on(config_for(keys, &region, &http, target));
        Ok(Account {
            iam: aws_sdk_iam::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            runtime,
            http,
            target: target.clone(),
            region,
        })
    }

    /// The keys of this user (ListAccessKeys).
    pub fn list_keys(&self) -> Result<Vec<KeyMeta>, CloudError> {
        let listed = self
            .block(self.iam.list_access_keys().send())
            .map_err(classify)?;
        Ok(listed
            .access_key_metadata()
            .iter()
            .map(|m| KeyMeta {
                access_key_id: m.access_key_id().unwrap_or_default().to_owned(),
                active: m.status() == Some(&StatusType::Active),
                created: m.create_date().map(|d| d.to_string()),
            })
            .collect())
    }

    /// The MFA devices of this user (ListMFADevices). The user is named from STS
    /// (GetCallerIdentity, the last part of its ARN's path): not every IAM-compatible endpoint
    /// takes a missing UserName as the caller, and the usual "manage your own MFA" policy
    /// allows exactly `user/${aws:username}`.
    pub fn list_mfa_devices(&self) -> Result<Vec<MfaDevice>, CloudError> {
        let identity = self
            .block(self.sts.get_caller_identity().send())
            .map_err(classify)?;
        let arn = identity.arn().unwrap_or_default();
        let user = arn.rsplit('/').next().unwrap_or(arn);
        let listed = self
            .block(self.iam.list_mfa_devices().user_name(user).send())
            .map_err(classify)?;
        Ok(listed
            .mfa_devices()
            .iter()
            .map(|d| MfaDevice {
                serial: d.serial_number().to_owned(),
                enabled: Some(d.enable_date().to_string()),
            })
            .collect())
    }

    /// A new access key for this user (CreateAccessKey). The secret is held as a [`Secret`].
    pub fn create_key(&self) -> Result<StaticKeys, CloudError> {
        let created = self
            .block(self.iam.create_access_key().send())
            .map_err(classify)?;
        let key = created.access_key().ok_or_else(|| CloudError::Other {
            code: "CreateAccessKey".into(),
            message: "the answer held no key".into(),
        })?;
        Ok(StaticKeys {
            access_key_id: key.access_key_id().to_owned(),
            secret_access_key: Secret::new(key.secret_access_key()),
            session_token: None,
        })
    }

    /// Temporary credentials for a federated user of this user (STS GetFederationToken):
    /// what the console sign-in accepts for long-term keys. `policy` limits them (they never
    /// exceed the user's own permissions); MFA conditions do not carry over.
    pub fn federation_token(
        &self,
        name: &str,
        policy: &str,
        seconds: u32,
    ) -> Result<StaticKeys, CloudError> {
        let out = self
            .block(
                self.sts
                    .get_federation_token()
                    .name(name)
                    .policy(policy)
                    .duration_seconds(i32::try_from(seconds).unwrap_or(43_200))
                    .send(),
            )
            .map_err(classify)?;
        let creds = out.credentials().ok_or_else(|| CloudError::Other {
            code: "GetFederationToken".into(),
            message: "the answer held no credentials".into(),
        })?;
        Ok(StaticKeys {
            access_key_id: creds.access_key_id().to_owned(),
            secret_access_key: Secret::new(creds.secret_access_key()),
            session_token: Some(Secret::new(creds.session_token())),
        })
    }

    /// Marks a key inactive (UpdateAccessKey): it stops working but can be turned back on.
    pub fn deactivate(&self, access_key_id: &str) -> Result<(), CloudError> {
        self.block(
            self.iam
                .update_access_key()
                .access_key_id(access_key_id)
                .status(StatusType::Inactive)
                .send(),
        )
        .map_err(classify)?;
        Ok(())
    }

    /// Deletes a key for good (DeleteAccessKey).
    pub fn delete(&self, access_key_id: &str) -> Result<(), CloudError> {
        self.block(
            self.iam
                .delete_access_key()
                .access_key_id(access_key_id)
                .send(),
        )
        .map_err(classify)?;
        Ok(())
    }

    /// Asks STS who `keys` belong to, every second until it answers or `limit` passes: IAM
    /// takes some seconds to accept a new key. `progress(seconds_waited)` is called before each
    /// try.
    pub fn wait_until_works(
        &self,
        keys: &StaticKeys,
        limit: Duration,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Identity, CloudError> {
        let started = Instant::now();
        let config =
            self.runtime
                .block_on(config_for(keys, &self.region, &self.http, &self.target));
        let sts = aws_sdk_sts::Client::new(&config);
        loop {
            progress(started.elapsed().as_secs());
            match self.block(sts.get_caller_identity().send()) {
                Ok(identity) => {
                    return Ok(Identity {
                        account: identity.account().unwrap_or_default().to_owned(),
                        arn: identity.arn().unwrap_or_default().to_owned(),
                        user_id: identity.user_id().unwrap_or_default().to_owned(),
                    });
                }
                Err(err) if started.elapsed() >= limit => return Err(classify(err)),
                Err(_) => std::thread::sleep(Duration::from_secs(1)),
            }
        }
    }

    fn block<F: std::future::Future>(&self, call: F) -> F::Output {
        self.runtime.block_on(call)
    }
}

/// Fixed keys as the SDK takes them.
pub(super) fn sdk_credentials(keys: &StaticKeys) -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new(
        keys.access_key_id.clone(),
        keys.secret_access_key.expose().to_owned(),
        keys.session_token.as_ref().map(|t| t.expose().to_owned()),
        None,
        "keyshelf",
    )
}

/// The SDK's configuration for fixed keys: no profile is read for credentials.
pub(super) async fn config_for(
    keys: &StaticKeys,
    region: &str,
    http: &aws_smithy_runtime_api::client::http::SharedHttpClient,
    target: &Target,
) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .credentials_provider(sdk_credentials(keys))
        .http_client(http.clone())
        .region(aws_config::Region::new(region.to_owned()));
    if let Some(endpoint) = &target.endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    loader.load().await
}
