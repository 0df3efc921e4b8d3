#!/usr/bin/env bash
# Which credentials does a profile use? `keyshelf which` beside the AWS tools' own answer, on the
# same generated files of 10,000 profiles: botocore (boto3's `get_credentials`, the
# library the AWS CLI v1 and most Python tools use) and the AWS CLI v2's
# `aws configure export-credentials`. All three read both files and walk the credential chain
# for a profile with static keys. Median wall time of whole process runs, in one run here.
#
# Run: bash benches/resolve.sh   (builds the release binary first; `runs=N` to change the count)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${runs:-20}
. benches/sandbox.sh  # $bin, $work (the scripts run from the repository root)
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
with open(f"{work}/config", "w") as config, open(f"{work}/credentials", "w") as creds:
    config.write("[default]\nregion = us-east-1\n")
    for i in range(10_000):
        config.write(f"\n[profile p{i}]\nregion = eu-west-1\noutput = json\n")
        if i % 7 == 0:
            config.write(f"role_arn = arn:aws:iam::123456789012:role/r{i}\nsource_profile = p{i + 1}\n")
        creds.write(f"[p{i}]\naws_access_key_id = AKIA{i:016}\naws_secret_access_key = {i:040}\n\n")
PY

. benches/median_ms.sh  # the scripts run from the repository root (see the cd above)

ours=$(median_ms "$bin" which --profile p5000)
echo "keyshelf which:                      ${ours} ms (median of $runs)"
if python3 -c 'import boto3' 2>/dev/null; then
  boto=$(median_ms python3 -c "import boto3; boto3.Session(profile_name='p5000').get_credentials().get_frozen_credentials()")
  echo "boto3 get_credentials:               ${boto} ms"
  python3 -c "print(f'ratio boto3 / keyshelf: {$boto / $ours:.1f}')"
else
  echo "boto3: skipped (python3 -m pip install boto3)"
fi
if /usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2'; then
  aws_ms=$(runs=$(( runs < 10 ? runs : 10 )) median_ms /usr/bin/aws configure export-credentials --profile p5000 --format process)
  echo "aws configure export-credentials:    ${aws_ms} ms"
  python3 -c "print(f'ratio AWS CLI v2 / keyshelf: {$aws_ms / $ours:.1f}')"
else
  echo "AWS CLI v2: skipped (Debian's awscli package)"
fi
