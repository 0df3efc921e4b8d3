//! Signing in to an SSO session in the person's browser: the authorization code flow with PKCE
//! (RFC 7636), as `aws sso login` does. A loopback listener is bound before the browser opens
//! (so the redirect always finds it), the browser signs in at IAM Identity Center and comes back
//! to `http://127.0.0.1:PORT/oauth/callback` with a code and the `state` we sent, and the code
//! and the verifier only this process knows are exchanged for tokens.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use base64::Engine;

use sha2::Digest;

use super::{SignIn, SsoError};
use crate::aws::SsoSession;
use crate::cloud::sso::IdentityCenter;
use crate::keychain::SecretStore;
use crate::secret::Secret;

/// How long the browser has to come back.
pub const BROWSER_WAIT: Duration = Duration::from_secs(300);

/// 32 random bytes, base64url: a PKCE verifier (43 characters) or a `state`.
fn random_word() -> Result<Secret, SsoError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| SsoError::Lock {
        detail: format!("no random numbers from the system: {err}"),
    })?;
    Ok(Secret::new(
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
    ))
}

/// The S256 challenge of `verifier`.
fn challenge(verifier: &Secret) -> String {
    let digest = sha2::Sha256::digest(verifier.expose().as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Signs in to `session` in the browser. `open` is given the sign-in address and says whether a
/// browser took it (else the flow stops at once, so the caller can fall back to the device
/// code); `cancelled` is asked while waiting.
pub fn sign_in_with_browser(
    center: &IdentityCenter,
    store: &dyn SecretStore,
    session: &SsoSession,
    credentials_file: &std::path::Path,
    open: &mut dyn FnMut(&str) -> bool,
    cancelled: &dyn Fn() -> bool,
) -> Result<SignIn, SsoError> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|err| SsoError::Lock {
        detail: format!("no local port for the browser to come back to: {err}"),
    })?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let redirect_uri = format!("http://127.0.0.1:{port}/oauth/callback");
    let registration =
        center.register_for_browser(&session.scopes, &session.start_url, &redirect_uri)?;
    let verifier = random_word()?;
    let state = random_word()?;
    let endpoint = registration
        .authorization_endpoint
        .clone()
        .unwrap_or_else(|| format!("https://oidc.{}.amazonaws.com/authorize", session.region));
    let address = format!(
        "{endpoint}?response_type=code&client_id={}&redirect_uri={}&state={}&code_challenge_method=S256&scopes={}&code_challenge={}",
        crate::cloud::percent_encode(&registration.client_id),
        crate::cloud::percent_encode(&redirect_uri),
        state.expose(),
        crate::cloud::percent_encode(&session.scopes.join(" ")),
        challenge(&verifier),
    );
    if !open(&address) {
        return Err(SsoError::NoBrowser);
    }
    let code = wait_for_code(&listener, &state, cancelled)?;
    let token = center.redeem_code(&registration, &code, &verifier, &redirect_uri)?;
    SignIn::keep(store, session, credentials_file, &registration, token)
}

/// Waits for the browser's visit to the loopback address, within [`BROWSER_WAIT`]: its `code`,
/// when its `state` is ours. Other visits (a favicon, a stray request) are answered and ignored.
fn wait_for_code(
    listener: &TcpListener,
    state: &Secret,
    cancelled: &dyn Fn() -> bool,
) -> Result<Secret, SsoError> {
    listener
        .set_nonblocking(true)
        .map_err(|err| SsoError::Lock {
            detail: err.to_string(),
        })?;
    let deadline = Instant::now() + BROWSER_WAIT;
    loop {
        if Instant::now() >= deadline {
            return Err(SsoError::TimedOut {
                minutes: BROWSER_WAIT.as_secs() / 60,
                device: false,
            });
        }
        if cancelled() {
            return Err(SsoError::Cancelled);
        }
        match listener.accept() {
            Ok((stream, _)) => {
                if let Some(answer) = callback(stream, state) {
                    return answer;
                }
            }
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(err) => {
                return Err(SsoError::Lock {
                    detail: err.to_string(),
                });
            }
        }
    }
}

/// One visit to the loopback address: `Some` when it was the sign-in coming back.
fn callback(mut stream: TcpStream, state: &Secret) -> Option<Result<Secret, SsoError>> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line).ok()?;
    // "GET /oauth/callback?code=…&state=… HTTP/1.1"
    let target = line.split_whitespace().nth(1)?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != "/oauth/callback" {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return None;
    }
    let value = |name: &str| {
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| decode(value))
        })
    };
    let (answer, words) = match (value("state"), value("code"), value("error")) {
        (Some(s), Some(code), None) if s == state.expose() => (
            Ok(Secret::new(code)),
            "Signed in. You can close this window and go back to keyshelf.",
        ),
        (Some(s), _, Some(_)) if s == state.expose() => (
            Err(SsoError::Denied),
            "The sign-in was denied. You can close this window.",
        ),
        // Not our sign-in (another tab, an old address): said, and still waited for.
        _ => {
            let _ = stream.write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return None;
        }
    };
    let body = format!("<!doctype html><title>keyshelf</title><p>{words}</p>");
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_matches_rfc_7636_and_addresses_round_trip() {
        // BASE64URL(SHA256(verifier)) without padding, as Python's hashlib and base64 make it.
        let verifier = Secret::new("dBjftJeZ4CVP-mJ92IZX8kpbWwIq0MyDLbHOVY4n8jY");
        assert_eq!(
            challenge(&verifier),
            "DulffoAsA67UxX_sKK_GShH0b6URGN6VXIkJYwvGnAM"
        );
        let text = "http://127.0.0.1:9/oauth/callback sso:account:access";
        assert_eq!(decode(&crate::cloud::percent_encode(text)), text);
        assert_eq!(random_word().unwrap().expose().len(), 43);
    }
}
