//! `keyshelf sso login --export`: the sign-in also written where the AWS CLI keeps its own, for
//! tools that read only that (`~/.aws/sso/cache/SHA1(session name).json`, botocore's
//! `SSOTokenLoader` format), mode 0600 in a folder only its owner can open. Health reports the
//! file while it exists; `sso logout` removes it.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha1::Digest;

use super::SignIn;
use crate::secret::Secret;

/// The AWS CLI's cache file of SSO session `session` under `aws_folder` (`~/.aws`).
pub fn cli_cache_file(aws_folder: &Path, session: &str) -> PathBuf {
    let digest = sha1::Sha1::digest(session.as_bytes());
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
    let path = cli_cache_file(aws_folder, session);
    let dir = path.parent().unwrap_or(aws_folder);
    std::fs::create_dir_all(dir)?;
    crate::platform::file_modes::set_mode(dir, crate::platform::file_modes::PRIVATE_DIR)?;
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
    // tempfile makes the file 0600 before anything is written to it.
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(json.expose().as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(&path).map_err(|e| e.error)?;
    Ok(path)
}

/// Removes the exported file, if there is one; whether there was.
pub fn remove_cli_cache(aws_folder: &Path, session: &str) -> std::io::Result<bool> {
    match std::fs::remove_file(cli_cache_file(aws_folder, session)) {
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
    }
}
