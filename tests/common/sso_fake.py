"""A local fake of IAM Identity Center for tests: the SSO OIDC API (RegisterClient,
StartDeviceAuthorization, CreateToken with the device code, the authorization code with PKCE and
the refresh token), the SSO portal API (ListAccounts, ListAccountRoles, GetRoleCredentials,
Logout) and the console's federation endpoint (getSigninToken). moto has none of these.

It also answers STS GetCallerIdentity signed with the role credentials it handed out (moto does
not know them): the caller is the role's `AWSReservedSSO_…` assumed role, as in AWS, and a
request whose SigV4 signature or session token does not match them is refused. That lets the
AWS CLI itself show whose credentials it got through keyshelf's `credential_process`.

It speaks the real wire format (restJson1: JSON bodies, `x-amzn-ErrorType` on errors, the
portal's `x-amz-sso_bearer_token` header; STS's query protocol and XML); `sso_fake_check.py`
proves it by parsing every answer with boto3's own `sso-oidc`, `sso` and `sts` clients.

Usage: sso_fake.py PORT. Test controls, outside the AWS APIs:
  POST /_fake/approve            approve every pending device authorization
  POST /_fake/deny               deny them (the person pressed "Deny")
  POST /_fake/expire             every access token issued so far stops working, and every
                                 device code waiting expires
  POST /_fake/settings           JSON: {"access_ttl": seconds, "refresh": true|false,
                                 "deny_in_browser": true|false (the browser's sign-in is denied)}
  GET  /_fake/stats              JSON: how many times each operation was called
"""

import base64
import hashlib
import hmac
import json
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ACCOUNTS = [
    {"accountId": "111122223333", "accountName": "Development", "emailAddress": "dev@example.com"},
    {"accountId": "444455556666", "accountName": "Production", "emailAddress": "prod@example.com"},
]
ROLES = {
    "111122223333": ["ReadOnly", "Admin"],
    "444455556666": ["ReadOnly"],
}

lock = threading.Lock()
state = {
    "clients": {},  # clientId -> {"secret", "grants": the grant types it may use}
    "devices": {},  # deviceCode -> {"user_code", "status": pending|approved|denied|expired, "client"}
    "codes": {},  # authorization code -> {"client", "challenge", "redirect"}
    "access": {},  # access token -> expiry (epoch seconds)
    "refresh": set(),
    "roles": {},  # role access key ID -> {"account", "role", "secret", "token"}
    "stats": {},
    "access_ttl": 3600,
    "give_refresh": True,
    "deny_in_browser": False,
}


DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
# A client registered without grantTypes (as botocore's device flow registers) may use the device
# code and the refresh token; one registered with grantTypes only those (IAM Identity Center
# refuses a browser's registration the device code).
DEFAULT_GRANTS = [DEVICE_GRANT, "refresh_token"]


def count(operation):
    state["stats"][operation] = state["stats"].get(operation, 0) + 1


def new_tokens(with_refresh):
    # CreateToken counts every call, a device flow's polls while the person has not approved
    # included (one a second, as many as the machine's pace allows); this counts tokens given.
    count("TokensIssued")
    access = "fake-access-" + secrets.token_hex(12)
    state["access"][access] = time.time() + state["access_ttl"]
    answer = {"accessToken": access, "tokenType": "Bearer", "expiresIn": state["access_ttl"]}
    if with_refresh and state["give_refresh"]:
        refresh = "fake-refresh-" + secrets.token_hex(12)
        state["refresh"].add(refresh)
        answer["refreshToken"] = refresh
    return answer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, kind, oauth=None, message=""):
        body = {"message": message}
        if oauth:
            body = {"error": oauth, "error_description": message}
        self.reply(status, body, {"x-amzn-ErrorType": kind})

    def xml(self, status, body):
        data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else {}

    def bearer(self):
        token = self.headers.get("x-amz-sso_bearer_token", "")
        expiry = state["access"].get(token)
        return token if expiry and expiry > time.time() else None

    def do_POST(self):
        path = urllib.parse.urlparse(self.path).path
        with lock:
            if path.startswith("/_fake/"):
                return self.control(path)
            if path == "/":
                return self.sts()
            body = self.body()
            if path == "/client/register":
                count("RegisterClient")
                client = "fake-client-" + secrets.token_hex(6)
                secret = "fake-client-secret-" + secrets.token_hex(16)
                state["clients"][client] = {"secret": secret,
                                            "grants": body.get("grantTypes") or DEFAULT_GRANTS}
                now = int(time.time())
                region = self.headers.get("Host", "")
                return self.reply(200, {
                    "clientId": client,
                    "clientSecret": secret,
                    "clientIdIssuedAt": now,
                    "clientSecretExpiresAt": now + 90 * 86400,
                    "authorizationEndpoint": f"http://{region}/authorize",
                    "tokenEndpoint": f"http://{region}/token",
                })
            if path == "/device_authorization":
                count("StartDeviceAuthorization")
                client = self.client(body)
                if client is None:
                    return self.error(401, "InvalidClientException", "invalid_client", "unknown client")
                if DEVICE_GRANT not in client["grants"]:
                    return self.error(400, "UnauthorizedClientException", "unauthorized_client",
                                      "the client is not registered for the device code")
                device = "fake-device-" + secrets.token_hex(12)
                user_code = secrets.token_hex(2).upper() + "-" + secrets.token_hex(2).upper()
                state["devices"][device] = {"user_code": user_code, "status": "pending",
                                            "client": body["clientId"]}
                host = self.headers.get("Host", "")
                return self.reply(200, {
                    "deviceCode": device,
                    "userCode": user_code,
                    "verificationUri": f"http://{host}/device",
                    "verificationUriComplete": f"http://{host}/device?user_code={user_code}",
                    "expiresIn": 600,
                    "interval": 1,
                })
            if path == "/token":
                return self.token(body)
            if path == "/logout":
                count("Logout")
                token = self.headers.get("x-amz-sso_bearer_token", "")
                state["access"].pop(token, None)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
        return self.error(404, "ResourceNotFoundException", message=f"no {path}")

    def client(self, body):
        """The registered client the body names with its secret, or None."""
        client = state["clients"].get(body.get("clientId"))
        return client if client and client["secret"] == body.get("clientSecret") else None

    def token(self, body):
        count("CreateToken")
        client = self.client(body)
        if client is None:
            return self.error(401, "InvalidClientException", "invalid_client", "unknown client")
        grant = body.get("grantType")
        if grant in (DEVICE_GRANT, "authorization_code", "refresh_token") and grant not in client["grants"]:
            count("UnauthorizedClient")
            return self.error(400, "UnauthorizedClientException", "unauthorized_client",
                              f"the client is not registered for {grant}")
        if grant == DEVICE_GRANT:
            device = state["devices"].get(body.get("deviceCode"))
            if device is None:
                return self.error(400, "InvalidGrantException", "invalid_grant", "unknown device code")
            if device["status"] == "pending":
                return self.error(400, "AuthorizationPendingException", "authorization_pending",
                                  "the person has not approved yet")
            if device["status"] == "denied":
                return self.error(400, "AccessDeniedException", "access_denied", "the person denied it")
            if device["status"] == "expired":
                return self.error(400, "ExpiredTokenException", "expired_token", "the device code expired")
            del state["devices"][body["deviceCode"]]
            return self.reply(200, new_tokens(True))
        if grant == "authorization_code":
            code = state["codes"].pop(body.get("code"), None)
            if code is None or code["client"] != body.get("clientId"):
                return self.error(400, "InvalidGrantException", "invalid_grant", "unknown code")
            verifier = body.get("codeVerifier") or ""
            digest = hashlib.sha256(verifier.encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if challenge != code["challenge"] or body.get("redirectUri") != code["redirect"]:
                return self.error(400, "InvalidGrantException", "invalid_grant", "PKCE check failed")
            return self.reply(200, new_tokens(True))
        if grant == "refresh_token":
            refresh = body.get("refreshToken")
            if refresh not in state["refresh"]:
                return self.error(400, "InvalidGrantException", "invalid_grant", "refresh token not valid")
            state["refresh"].discard(refresh)
            return self.reply(200, new_tokens(True))
        return self.error(400, "UnsupportedGrantTypeException", "unsupported_grant_type", str(grant))

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        with lock:
            if url.path == "/_fake/stats":
                return self.reply(200, state["stats"])
            if url.path == "/authorize":
                # The browser's visit: approved at once, as a person who is signed in would.
                count("Authorize")
                client = state["clients"].get(query.get("client_id"))
                if query.get("code_challenge_method") != "S256" or client is None \
                        or "authorization_code" not in client["grants"]:
                    return self.error(400, "InvalidRequestException", "invalid_request", "bad request")
                if state["deny_in_browser"]:
                    # The person pressed "Deny": OAuth's error answer at the redirect address.
                    answer = {"error": "access_denied", "state": query.get("state", "")}
                else:
                    code = "fake-code-" + secrets.token_hex(8)
                    state["codes"][code] = {"client": query["client_id"],
                                            "challenge": query.get("code_challenge"),
                                            "redirect": query.get("redirect_uri")}
                    answer = {"code": code, "state": query.get("state", "")}
                target = query["redirect_uri"] + "?" + urllib.parse.urlencode(answer)
                self.send_response(302)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if url.path == "/federation":
                count("GetSigninToken")
                state["stats"]["LastSessionDuration"] = int(query.get("SessionDuration") or 0)
                if query.get("Action") != "getSigninToken":
                    return self.reply(400, {"message": "unknown action"})
                session = json.loads(query.get("Session", "{}"))
                if not all(session.get(k) for k in ("sessionId", "sessionKey", "sessionToken")):
                    return self.reply(400, {"message": "incomplete session"})
                return self.reply(200, {"SigninToken": "fake-signin-" + secrets.token_hex(12)})
            if url.path.startswith("/assignment/") or url.path == "/federation/credentials":
                return self.portal(url.path, query)
        return self.error(404, "ResourceNotFoundException", message=f"no {url.path}")

    def portal(self, path, query):
        if self.bearer() is None:
            count("Unauthorized")
            return self.error(401, "UnauthorizedException", message="Session token not found or invalid")
        if path == "/assignment/accounts":
            count("ListAccounts")
            return self.reply(200, {"accountList": ACCOUNTS})
        if path == "/assignment/roles":
            count("ListAccountRoles")
            account = query.get("account_id")
            roles = [{"roleName": r, "accountId": account} for r in ROLES.get(account, [])]
            return self.reply(200, {"roleList": roles})
        count("GetRoleCredentials")
        account, role = query.get("account_id"), query.get("role_name")
        if role not in ROLES.get(account, []):
            return self.error(403, "ForbiddenException", message="No access")
        key = "ASIA" + secrets.token_hex(8).upper()
        # 40 characters, as AWS's are, and recognisable: `assert_no_tokens` looks for it.
        secret = "fake-secret-key-" + secrets.token_hex(12)
        token = "fake-session-" + secrets.token_hex(24)
        state["roles"][key] = {"account": account, "role": role, "secret": secret, "token": token}
        return self.reply(200, {"roleCredentials": {
            "accessKeyId": key,
            "secretAccessKey": secret,
            "sessionToken": token,
            "expiration": int((time.time() + 3600) * 1000),
        }})

    def sts(self):
        """STS's query protocol at `/`: GetCallerIdentity only, for role credentials of ours."""
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        form = dict(urllib.parse.parse_qsl(raw.decode()))
        if form.get("Action") != "GetCallerIdentity":
            return self.sts_error(400, "InvalidAction", f"no {form.get('Action')} here")
        count("GetCallerIdentity")
        auth = self.headers.get("Authorization", "")
        algorithm, _, rest = auth.partition(" ")
        fields = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
        key, _, scope = fields.get("Credential", "").partition("/")
        caller = state["roles"].get(key)
        if algorithm != "AWS4-HMAC-SHA256" or caller is None \
                or self.headers.get("X-Amz-Security-Token") != caller["token"]:
            return self.sts_error(403, "InvalidClientTokenId",
                                  "The security token included in the request is invalid.")
        if not hmac.compare_digest(self.signature(caller["secret"], scope, fields, raw),
                                   fields.get("Signature", "")):
            return self.sts_error(403, "SignatureDoesNotMatch",
                                  "The request signature we calculated does not match the signature you provided.")
        account, role = caller["account"], caller["role"]
        return self.xml(200, f"""<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::{account}:assumed-role/AWSReservedSSO_{role}_0123456789abcdef/person@example.com</Arn>
    <UserId>AROAFAKE{role.upper()}:person@example.com</UserId>
    <Account>{account}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>{secrets.token_hex(16)}</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>""")

    def signature(self, secret, scope, fields, raw):
        """The SigV4 signature of this request with `secret`, as AWS computes it."""
        url = urllib.parse.urlparse(self.path)
        query = "&".join(sorted(
            f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}"
            for k, v in urllib.parse.parse_qsl(url.query, keep_blank_values=True)))
        signed = fields.get("SignedHeaders", "")
        headers = "".join(f"{name}:{' '.join((self.headers.get(name) or '').split())}\n"
                          for name in signed.split(";"))
        canonical = "\n".join([self.command, url.path or "/", query, headers, signed,
                               hashlib.sha256(raw).hexdigest()])
        to_sign = "\n".join(["AWS4-HMAC-SHA256", self.headers.get("X-Amz-Date", ""), scope,
                             hashlib.sha256(canonical.encode()).hexdigest()])
        # The signing key: HMACs of the scope's parts (date, region, service, aws4_request).
        key = ("AWS4" + secret).encode()
        for part in scope.split("/"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()

    def sts_error(self, status, code, message):
        return self.xml(status, f"""<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>
  <RequestId>{secrets.token_hex(16)}</RequestId>
</ErrorResponse>""")

    def control(self, path):
        if path == "/_fake/approve":
            for device in state["devices"].values():
                device["status"] = "approved"
        elif path == "/_fake/deny":
            for device in state["devices"].values():
                device["status"] = "denied"
        elif path == "/_fake/expire":
            for token in state["access"]:
                state["access"][token] = 0
            for device in state["devices"].values():
                device["status"] = "expired"
        elif path == "/_fake/settings":
            settings = self.body()
            state["access_ttl"] = settings.get("access_ttl", state["access_ttl"])
            state["give_refresh"] = settings.get("refresh", state["give_refresh"])
            state["deny_in_browser"] = settings.get("deny_in_browser", state["deny_in_browser"])
        else:
            return self.reply(404, {"message": path})
        return self.reply(200, {})


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
