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

device = oidc.start_device_authorization(startUrl="https://example.awsapps.com/start", **ids)
assert device["userCode"] and device["verificationUriComplete"] and device["interval"] == 1, device
try:
    oidc.create_token(grantType="urn:ietf:params:oauth:grant-type:device_code",
                      deviceCode=device["deviceCode"], **ids)
    raise SystemExit("a pending authorization gave a token")
except oidc.exceptions.AuthorizationPendingException as e:
    assert e.response["error"] == "authorization_pending", e.response
control("approve")
token = oidc.create_token(grantType="urn:ietf:params:oauth:grant-type:device_code",
                          deviceCode=device["deviceCode"], **ids)
assert token["accessToken"] and token["refreshToken"] and token["expiresIn"] > 0, token

refreshed = oidc.create_token(grantType="refresh_token", refreshToken=token["refreshToken"], **ids)
assert refreshed["accessToken"] != token["accessToken"], refreshed
try:
    oidc.create_token(grantType="refresh_token", refreshToken=token["refreshToken"], **ids)
    raise SystemExit("a used refresh token worked again")
except oidc.exceptions.InvalidGrantException:
    pass

# The authorization code with PKCE: the browser's visit, then the code for a token.
verifier = "v" * 64
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
query = (f"response_type=code&client_id={client['clientId']}&redirect_uri=http://127.0.0.1:9/cb"
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
                         redirectUri="http://127.0.0.1:9/cb", **ids)
assert pkce["accessToken"], pkce

access = refreshed["accessToken"]
accounts = sso.list_accounts(accessToken=access)["accountList"]
assert [a["accountId"] for a in accounts] == ["111122223333", "444455556666"], accounts
roles = sso.list_account_roles(accessToken=access, accountId="111122223333")["roleList"]
assert [r["roleName"] for r in roles] == ["ReadOnly", "Admin"], roles
creds = sso.get_role_credentials(accessToken=access, accountId="111122223333",
                                 roleName="ReadOnly")["roleCredentials"]
assert creds["accessKeyId"].startswith("ASIA") and len(creds["secretAccessKey"]) == 40, creds
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
