//! `keyshelf sso login --export`: the sign-in also written where the AWS CLI keeps its own, for
//! tools that read only that (`~/.aws/sso/cache/SHA1(session name).json`, botocore's
//! `SSOTokenLoader` format), mode 0600 in a folder only its owner can open. A profile with
//! `sso_start_url` of its own and no `sso_session` (the AWS CLI's "legacy" SSO profile) reads
//! `SHA1(start URL).json` instead (botocore's `SSOProvider.load` gives it no session name, and
//! its `SSOCredentialFetcher` loads the token by start URL and never refreshes it): that file is
//! written too, with the access token only. Health reports the files while they exist;
//! `sso logout` removes them.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha1::Digest;

use super::SignIn;
use crate::secret::Secret;

/// The AWS CLI's cache file of SSO session `key` under `aws_folder` (`~/.aws`); for a legacy
/// profile, `key` is its start URL (botocore's `SSOTokenLoader._generate_cache_key`).
pub fn cli_cache_file(aws_folder: &Path, key: &str) -> PathBuf {
    let digest = sha1::Sha1::digest(key.as_bytes());
    let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    aws_folder
        .join("sso")
        .join("cache")
        .join(format!("{name}.json"))
}

/// Writes the sign-in as the AWS CLI would (atomically, 0600).
pub fn export_to_cli_cache(
    aws_folder: &Path,
    session: &str,
    signed_in: &SignIn,
) -> std::io::Result<PathBuf> {
    let registration_expires = chrono::DateTime::from_timestamp(signed_in.client_expires_at, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let json = Secret::new(
        serde_json::json!({
            "startUrl": signed_in.start_url,
            "region": signed_in.region,
            "accessToken": signed_in.access_token.expose(),
            "expiresAt": signed_in.expires_at,
            "clientId": signed_in.client_id,
            "clientSecret": signed_in.client_secret.expose(),
            "registrationExpiresAt": registration_expires,
            "refreshToken": signed_in.refresh_token.as_ref().map(Secret::expose),
        })
        .to_string(),
    );
    write_private(&cli_cache_file(aws_folder, session), &json)
}

/// Writes the sign-in where a legacy profile with its start URL reads it: `startUrl`,
/// `region`, `accessToken` and `expiresAt` (what botocore's legacy `SSOTokenFetcher` wrote before
/// SSO sessions), no client secret and no refresh token, which such a profile never uses.
pub fn export_for_legacy_profiles(
    aws_folder: &Path,
    signed_in: &SignIn,
) -> std::io::Result<PathBuf> {
    let json = Secret::new(
        serde_json::json!({
            "startUrl": signed_in.start_url,
            "region": signed_in.region,
            "accessToken": signed_in.access_token.expose(),
            "expiresAt": signed_in.expires_at,
        })
        .to_string(),
    );
    write_private(&cli_cache_file(aws_folder, &signed_in.start_url), &json)
}

fn write_private(path: &Path, json: &Secret) -> std::io::Result<PathBuf> {
    let dir = path.parent().unwrap_or(path);
    std::fs::create_dir_all(dir)?;
    crate::platform::file_modes::set_mode(dir, crate::platform::file_modes::PRIVATE_DIR)?;
    // tempfile makes the file 0600 before anything is written to it.
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(json.expose().as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(path.to_path_buf())
}

/// Removes the exported file of `key` (a session name or a start URL), if there is one;
/// whether there was.
pub fn remove_cli_cache(aws_folder: &Path, key: &str) -> std::io::Result<bool> {
    match std::fs::remove_file(cli_cache_file(aws_folder, key)) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_as_the_aws_cli_names_it() {
        // botocore: hashlib.sha1("corp".encode("utf-8")).hexdigest()
        assert_eq!(
            cli_cache_file(Path::new("/h/.aws"), "corp"),
            Path::new("/h/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
        );
        // A legacy profile's: hashlib.sha1("https://corp.awsapps.example/start".encode()).
        assert_eq!(
            cli_cache_file(Path::new("/h/.aws"), "https://corp.awsapps.example/start"),
            Path::new("/h/.aws/sso/cache/1667e2e8d0e47b926b6e3048caee923410901ca4.json")
        );
    }
}
