//! `[sso-session NAME]` sections of the config file: where an IAM Identity Center sign-in
//! starts (`sso_start_url`), its region (`sso_region`) and the scopes asked for
//! (`sso_registration_scopes`; `sso:account:access` is what makes a refresh token possible).
//! Read as botocore's `SSOTokenProvider` reads them; written as `aws configure sso-session` does.

use super::error::{AwsError, FileKind, Result};
use super::names;
use super::shared_files::SharedFiles;

/// The scope that gives a refresh token, so a sign-in lasts beyond its first hour.
pub const ACCOUNT_ACCESS_SCOPE: &str = "sso:account:access";

/// One `[sso-session NAME]`, as the AWS tools use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoSession {
    pub name: String,
    pub start_url: String,
    pub region: String,
    /// `sso_registration_scopes`, split on commas; empty when the line is missing.
    pub scopes: Vec<String>,
}

impl SharedFiles {
    /// The `[sso-session NAME]` section, when it has a start URL and a region.
    pub fn sso_session(&self, name: &str) -> Option<SsoSession> {
        let header = self
            .config
            .section_names()
            .find(|h| names::sso_session_of_header(h).as_deref() == Some(name))?
            .to_owned();
        let plain = |key: &str| {
            self.config
                .get(&header, key)
                .and_then(|v| v.as_plain().map(|s| s.trim().to_owned()))
                .filter(|s| !s.is_empty())
        };
        Some(SsoSession {
            name: name.to_owned(),
            start_url: plain("sso_start_url")?,
            region: plain("sso_region")?,
            scopes: plain("sso_registration_scopes")
                .map(|s| {
                    s.split(',')
                        .map(|p| p.trim().to_owned())
                        .filter(|p| !p.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// Writes (or updates) `[sso-session NAME]` with the start URL, region and scopes; the
    /// section's other lines are kept.
    pub fn set_sso_session(&mut self, session: &SsoSession) -> Result<()> {
        names::check_profile_name(&session.name)?;
        let header = format!("sso-session {}", session.name);
        let edit = |source| AwsError::Edit {
            file: FileKind::Config,
            source,
        };
        if !self.config.has_section(&header) {
            self.config.add_section(&header).map_err(edit)?;
        }
        self.config
            .set(&header, "sso_start_url", &session.start_url)
            .map_err(edit)?;
        self.config
            .set(&header, "sso_region", &session.region)
            .map_err(edit)?;
        self.config
            .set(
                &header,
                "sso_registration_scopes",
                &session.scopes.join(","),
            )
            .map_err(edit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_a_session_keeping_its_other_lines() {
        let mut files = SharedFiles {
            config: crate::ini::Document::parse(
                "# mine\n[sso-session corp]\nsso_start_url = https://old/start\nsso_region = us-east-1\nextra = 1\n",
            ),
            credentials: crate::ini::Document::parse(""),
        };
        let mut corp = files.sso_session("corp").unwrap();
        assert_eq!(corp.scopes, Vec::<String>::new());
        corp.start_url = "https://corp.awsapps.com/start".into();
        corp.scopes = vec![ACCOUNT_ACCESS_SCOPE.into()];
        files.set_sso_session(&corp).unwrap();
        assert_eq!(
            files.config.line_texts().concat(),
            "# mine\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nextra = 1\nsso_registration_scopes = sso:account:access\n"
        );
        assert_eq!(files.sso_session("corp").unwrap(), corp);
        assert_eq!(files.sso_session("other"), None);
    }
}
