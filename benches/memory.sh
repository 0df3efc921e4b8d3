#!/usr/bin/env bash
# Peak resident memory on a large config file (memory was ~14× the file): keyshelf
# beside botocore (boto3's `get_credentials`) and the AWS CLI v2 (`configure export-credentials`),
# which read the same two files to answer the same question, and keyshelf's commands that build
# every profile (`list`) or write (`set`). The file is ~50 MB: 400,000 role profiles, 20,000 of
# them with keys in the credentials file. Peak RSS from GNU time, one run each.
#
# Run: bash benches/memory.sh   (builds the release binary first; `mb=N` for another size)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${mb:-50}
. benches/sandbox.sh  # $bin, $work (the scripts run from the repository root)
. benches/profiles.sh
generate_large "$mb" "$work"
size=$(( $(stat -c %s "$work/config") + $(stat -c %s "$work/credentials") ))
echo "files: $(( size / 1000000 )) MB"

peak() {  # peak() LABEL COMMAND...: prints the label, the peak RSS and its ratio to the files
  local kb
  /usr/bin/time -f '%M' -o "$work/rss" "${@:2}" >/dev/null 2>&1 || true
  kb=$(tail -1 "$work/rss")
  python3 -c "print(f'{\"$1\":<44} {$kb / 1000:>7.0f} MB  {$kb * 1000 / $size:>5.1f}x the files')"
}

peak "keyshelf which --profile p5" "$bin" which --profile p5
if python3 -c 'import boto3' 2>/dev/null; then
  peak "boto3 get_credentials" python3 -c "import boto3; boto3.Session(profile_name='p5').get_credentials().get_frozen_credentials()"
else
  echo "boto3: skipped (python3 -m pip install boto3)"
fi
if /usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2'; then
  peak "aws configure export-credentials (CLI v2)" /usr/bin/aws configure export-credentials --profile p5 --format process
else
  echo "AWS CLI v2: skipped (Debian's awscli package)"
fi
peak "keyshelf list (builds every profile)" "$bin" list
peak "keyshelf set (edits and saves)" "$bin" set region us-west-2 --profile p7
