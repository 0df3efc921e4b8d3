#!/usr/bin/env bash
# Speed of `keyshelf credential-process` (issue #4), end to end (process start to exit), against
# a private gnome-keyring, compared with:
#   - `secret-tool lookup` of the same item (target: keyshelf no slower);
#   - `aws configure export-credentials --format process` of the AWS CLI v2 (target: keyshelf
#     at least 30 times faster), when the AWS CLI v2 is installed.
# Needs dbus-daemon, gnome-keyring-daemon and secret-tool (apt install dbus gnome-keyring
# libsecret-tools). Run from the repository: bash benches/credential_process.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-50}"
. benches/sandbox.sh  # $bin, $work as HOME (the scripts run from the repository root)
. benches/keyring.sh  # a private session bus and keyring: never the keychain of the person running this
start_keyring
unset DISPLAY WAYLAND_DISPLAY

printf '[profile bench]\nregion = eu-west-1\n' > "$AWS_CONFIG_FILE"
printf '[bench]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_session_token = %s\n' \
  "$(head -c 600 /dev/zero | tr '\0' 'T')" > "$AWS_SHARED_CREDENTIALS_FILE"
"$bin" migrate --profile bench 2>/dev/null
# Items are keyed by the credentials file's real path (symlinks resolved).
account="bench @ $(realpath -m "$AWS_SHARED_CREDENTIALS_FILE")"

. benches/median_ms.sh  # the scripts run from the repository root (see the cd above)

read -r ours lookup < <(paired_ms "$(printf '%q ' "$bin" credential-process --profile bench)" \
  "$(printf '%q ' secret-tool lookup service keyshelf username "$account")")
echo "keyshelf credential-process: ${ours} ms (median of $runs, run alternately with the next)"
echo "secret-tool lookup:          ${lookup} ms"
python3 -c "print(f'ratio secret-tool / keyshelf: {$lookup / $ours:.2f} (target: at least 1)')"

# Debian's awscli (/usr/bin/aws) is v2; pip's `aws`, often first on the PATH, is v1.
aws_bin=aws
if /usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2'; then
  aws_bin=/usr/bin/aws
fi
if "$aws_bin" --version 2>&1 | grep -q '^aws-cli/2'; then
  aws_runs=$(( runs < 10 ? runs : 10 ))
  export_ms=$(runs=$aws_runs median_ms "$aws_bin" configure export-credentials --profile bench --format process)
  echo "aws configure export-credentials: ${export_ms} ms"
  python3 -c "print(f'ratio aws / keyshelf: {$export_ms / $ours:.1f} (target: at least 30)')"
elif command -v aws >/dev/null; then
  # The AWS CLI v1 has no export-credentials; its start-up alone (reading one setting) is a
  # lower bound of what export-credentials would cost.
  aws_runs=$(( runs < 10 ? runs : 10 ))
  get_ms=$(runs=$aws_runs median_ms aws configure get region --profile bench)
  echo "aws configure export-credentials: skipped (needs the AWS CLI v2; found $(aws --version 2>&1 | head -1))"
  echo "aws configure get (v1 start-up, a lower bound): ${get_ms} ms"
  python3 -c "print(f'ratio aws v1 start-up / keyshelf: {$get_ms / $ours:.1f}')"
else
  echo "aws configure export-credentials: skipped (no AWS CLI installed)"
fi

# Temporary credentials: a cached session served, beside `secret-tool lookup` of
# the same session item (target: keyshelf no slower), and a cache miss, which asks moto's STS
# (a local fake AWS; `pip install 'moto[server]'`) for a new session every time.
if python3 -c 'import moto.server, boto3' 2>/dev/null; then
  . benches/fakes.sh
  start_moto
  export AWS_ENDPOINT_URL=$moto_endpoint
  keys=$(python3 -c "
import boto3
iam = boto3.client('iam', endpoint_url='$AWS_ENDPOINT_URL', region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')
iam.create_user(UserName='bench')
k = iam.create_access_key(UserName='bench')['AccessKey']
print(k['AccessKeyId'], k['SecretAccessKey'])")
  printf '\n[session]\naws_access_key_id = %s\naws_secret_access_key = %s\n' $keys >> "$AWS_SHARED_CREDENTIALS_FILE"
  printf '\n[profile session]\nregion = eu-west-1\n' >> "$AWS_CONFIG_FILE"
  "$bin" migrate --profile session 2>/dev/null
  "$bin" temporary on --profile session --duration 43200 2>/dev/null
  session_account="session @ $(realpath -m "$AWS_SHARED_CREDENTIALS_FILE") #session"
  # A miss every time: the session item is removed (untimed) before each call.
  miss=$(python3 - "$runs" "$bin" "$session_account" <<'PY'
import subprocess, sys, time
runs, bin, account = int(sys.argv[1]), sys.argv[2], sys.argv[3]
times = []
for _ in range(runs):
    # Nothing to clear before the first call: secret-tool then says 1.
    subprocess.run(["secret-tool", "clear", "service", "keyshelf", "username", account])
    start = time.perf_counter()
    subprocess.run([bin, "credential-process", "--profile", "session", "--temporary", "43200"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"{times[len(times) // 2]:.1f}")
PY
)
  # Then the 12-hour session is served from the cache.
  "$bin" credential-process --profile session --temporary 43200 >/dev/null
  read -r cached session_lookup < <(paired_ms \
    "$(printf '%q ' "$bin" credential-process --profile session --temporary 43200)" \
    "$(printf '%q ' secret-tool lookup service keyshelf username "$session_account")")
  echo "credential-process, cached session: ${cached} ms"
  echo "secret-tool lookup of the session:  ${session_lookup} ms"
  python3 -c "print(f'ratio secret-tool / cached session: {$session_lookup / $cached:.2f} (target: at least 1)')"
  echo "credential-process, cache miss (STS on localhost): ${miss} ms"
else
  echo "temporary credentials: skipped (needs moto's server: pip install 'moto[server]')"
fi
