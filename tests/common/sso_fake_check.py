"""Proves the fake speaks IAM Identity Center's wire format: boto3's own `sso-oidc`, `sso` and
`sts` clients, pointed at it, parse every answer it gives and map every error to the right class.

Usage: sso_fake_check.py ENDPOINT. Prints "ok" and exits 0, or fails with the first mismatch.
"""
import base64
import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import boto3
import botocore.exceptions
from botocore.config import Config

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="x", aws_secret_access_key="x",
                                region_name="eu-west-1")
cfg = Config(retries={"max_attempts": 1})
oidc = session.client("sso-oidc", endpoint_url=endpoint, config=cfg)
sso = session.client("sso", endpoint_url=endpoint, config=cfg)


def control(name):
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/_fake/{name}", data=b"{}", method="POST"))


client = oidc.register_client(clientName="check", clientType="public",
                              scopes=["sso:account:access"])
assert client["clientId"] and client["clientSecret"] and client["clientSecretExpiresAt"] > 0, client
ids = dict(clientId=client["clientId"], clientSecret=client["clientSecret"])

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
START_URL = "https://example.awsapps.com/start"


def refused(call, exception, oauth_error, **kwargs):
    """`call(**kwargs)` fails with boto3's `exception` class, its `error` member `oauth_error`."""
    try:
        call(**kwargs)
    except exception as e:
        assert e.response["error"] == oauth_error, e.response
        assert e.response["Error"]["Code"] == exception.__name__, e.response
        return
    raise SystemExit(f"{call.__name__} did not fail with {exception.__name__}")


# Every answer of the device flow but the token: a wrong secret, a code not yet approved, one
# that expired, one the person denied.
wrong = dict(clientId=client["clientId"], clientSecret="not-the-secret")
refused(oidc.start_device_authorization, oidc.exceptions.InvalidClientException, "invalid_client",
        startUrl=START_URL, **wrong)
device = oidc.start_device_authorization(startUrl=START_URL, **ids)
assert device["userCode"] and device["verificationUriComplete"] and device["interval"] == 1, device
poll = dict(grantType=DEVICE_GRANT, deviceCode=device["deviceCode"])
refused(oidc.create_token, oidc.exceptions.InvalidClientException, "invalid_client", **poll, **wrong)
refused(oidc.create_token, oidc.exceptions.AuthorizationPendingException, "authorization_pending",
        **poll, **ids)
control("expire")
refused(oidc.create_token, oidc.exceptions.ExpiredTokenException, "expired_token", **poll, **ids)
device = oidc.start_device_authorization(startUrl=START_URL, **ids)
control("deny")
refused(oidc.create_token, oidc.exceptions.AccessDeniedException, "access_denied",
        grantType=DEVICE_GRANT, deviceCode=device["deviceCode"], **ids)

device = oidc.start_device_authorization(startUrl=START_URL, **ids)
control("approve")
token = oidc.create_token(grantType=DEVICE_GRANT, deviceCode=device["deviceCode"], **ids)
assert token["accessToken"] and token["refreshToken"] and token["expiresIn"] > 0, token

refreshed = oidc.create_token(grantType="refresh_token", refreshToken=token["refreshToken"], **ids)
assert refreshed["accessToken"] != token["accessToken"], refreshed
try:
    oidc.create_token(grantType="refresh_token", refreshToken=token["refreshToken"], **ids)
    raise SystemExit("a used refresh token worked again")
except oidc.exceptions.InvalidGrantException:
    pass

# The authorization code with PKCE, by a client registered for it (as the AWS CLI's `aws sso
# login` registers); the device flow's client may not use it.
browser = oidc.register_client(clientName="check", clientType="public", scopes=["sso:account:access"],
                               grantTypes=["authorization_code", "refresh_token"],
                               redirectUris=["http://127.0.0.1:9/cb"], issuerUrl=START_URL)
assert browser["authorizationEndpoint"].endswith("/authorize"), browser
browser_ids = dict(clientId=browser["clientId"], clientSecret=browser["clientSecret"])
refused(oidc.create_token, oidc.exceptions.UnauthorizedClientException, "unauthorized_client",
        grantType="authorization_code", code="any", codeVerifier="v" * 64,
        redirectUri="http://127.0.0.1:9/cb", **ids)
# A browser's registration is refused the device code, at the start and at the token.
refused(oidc.start_device_authorization, oidc.exceptions.UnauthorizedClientException,
        "unauthorized_client", startUrl=START_URL, **browser_ids)
refused(oidc.create_token, oidc.exceptions.UnauthorizedClientException, "unauthorized_client",
        grantType=DEVICE_GRANT, deviceCode="any", **browser_ids)

# The browser's visit, then the code for a token.
verifier = "v" * 64
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
query = (f"response_type=code&client_id={browser['clientId']}&redirect_uri=http://127.0.0.1:9/cb"
         f"&state=s1&code_challenge={challenge}&code_challenge_method=S256&scopes=sso:account:access")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


opener = urllib.request.build_opener(NoRedirect)
try:
    opener.open(f"{endpoint}/authorize?{query}")
    raise SystemExit("no redirect")
except urllib.error.HTTPError as e:
    location = e.headers["Location"]
code = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(location).query))["code"]
pkce = oidc.create_token(grantType="authorization_code", code=code, codeVerifier=verifier,
                         redirectUri="http://127.0.0.1:9/cb", **browser_ids)
assert pkce["accessToken"] and pkce["refreshToken"], pkce
assert oidc.create_token(grantType="refresh_token", refreshToken=pkce["refreshToken"],
                         **browser_ids)["accessToken"]

access = refreshed["accessToken"]
accounts = sso.list_accounts(accessToken=access)["accountList"]
assert [a["accountId"] for a in accounts] == ["111122223333", "444455556666"], accounts
roles = sso.list_account_roles(accessToken=access, accountId="111122223333")["roleList"]
assert [r["roleName"] for r in roles] == ["ReadOnly", "Admin"], roles
creds = sso.get_role_credentials(accessToken=access, accountId="111122223333",
                                 roleName="ReadOnly")["roleCredentials"]
assert creds["accessKeyId"].startswith("ASIA") and len(creds["secretAccessKey"]) == 40, creds
assert creds["secretAccessKey"].startswith("fake-secret-key-"), "recognisable if it leaks"
assert creds["expiration"] > 10**12, creds


def sts(key, secret, token):
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret,
                                 aws_session_token=token, region_name="eu-central-1",
                                 ).client("sts", endpoint_url=endpoint, config=cfg)


# GetCallerIdentity signed with the role credentials: the role's assumed-role ARN, as in AWS.
me = sts(creds["accessKeyId"], creds["secretAccessKey"], creds["sessionToken"]).get_caller_identity()
assert me["Account"] == "111122223333", me
assert me["Arn"].startswith("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_"), me
assert me["UserId"].startswith("AROA"), me
for wrong, code in [
    ((creds["accessKeyId"], "x" * 40, creds["sessionToken"]), "SignatureDoesNotMatch"),
    ((creds["accessKeyId"], creds["secretAccessKey"], "fake-session-other"), "InvalidClientTokenId"),
    (("ASIANOTISSUEDBYFAKE", creds["secretAccessKey"], creds["sessionToken"]), "InvalidClientTokenId"),
]:
    try:
        sts(*wrong).get_caller_identity()
        raise SystemExit(f"GetCallerIdentity accepted {code}")
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == code, e.response
try:
    sso.get_role_credentials(accessToken="nonsense", accountId="111122223333", roleName="ReadOnly")
    raise SystemExit("a bad token was accepted")
except sso.exceptions.UnauthorizedException:
    pass
sso.logout(accessToken=access)
try:
    sso.list_accounts(accessToken=access)
    raise SystemExit("a token worked after logout")
except sso.exceptions.UnauthorizedException:
    pass

fed = json.load(urllib.request.urlopen(
    f"{endpoint}/federation?Action=getSigninToken&Session="
    + urllib.parse.quote(json.dumps({"sessionId": "a", "sessionKey": "b", "sessionToken": "c"}))))
assert fed["SigninToken"], fed
print("ok")
