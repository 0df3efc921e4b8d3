#!/usr/bin/env bash
# `keyshelf doctor` on a home folder of 20,000 files (200 projects of 100 files and an .env
# each, a 10,000-file hidden cache, a Downloads folder, a 5 MB shell history), beside the
# nearest peer for finding keys on a disk: `grep -r` for an access key ID over the same home
# (hidden folders left out, as keyshelf does). keyshelf reads only the places keys are left
# (console CSVs, histories, .env files) and stops at a time limit; grep reads every file.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/sandbox.sh
source benches/median_ms.sh
runs=${RUNS:-5}

mkdir -p "$work/.aws" "$work/Downloads" "$work/.cache/tool"
chmod 700 "$work/.aws"
printf '[default]\nregion = eu-west-1\n' > "$work/.aws/config"
: > "$work/.aws/credentials"
chmod 600 "$work/.aws/config" "$work/.aws/credentials"
export AWS_CONFIG_FILE=$work/.aws/config AWS_SHARED_CREDENTIALS_FILE=$work/.aws/credentials
python3 - "$work" <<'PY'
import os, sys
home = sys.argv[1]
for p in range(200):
    d = os.path.join(home, "src", f"project{p}", "lib")
    os.makedirs(d, exist_ok=True)
    for f in range(100):
        with open(os.path.join(d, f"file{f}.py"), "w") as out:
            out.write("def f():\n    return 42\n" * 40)
    with open(os.path.join(home, "src", f"project{p}", ".env"), "w") as out:
        out.write("PORT=8080\nDEBUG=false\n")
for f in range(10000):
    with open(os.path.join(home, ".cache", "tool", f"c{f}"), "w") as out:
        out.write("cache\n")
for f in range(50):
    with open(os.path.join(home, "Downloads", f"report{f}.csv"), "w") as out:
        out.write("a,b\n1,2\n")
with open(os.path.join(home, ".bash_history"), "w") as out:
    out.write("ls -la\ncd src\ngit status\n" * 200000)
PY
for var in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_PROFILE; do unset "$var"; done

echo "home: $(find "$work" -type f | wc -l) files, $(du -sh "$work" | cut -f1)"
echo "keyshelf doctor --json:          $(median_ms "$bin" doctor --json) ms (median of $runs)"
echo "keyshelf doctor --no-search:     $(median_ms "$bin" doctor --no-search) ms"
echo "grep -r for an access key ID:    $(median_ms sh -c "grep -rIlE --exclude-dir='.*' '(AKIA|ASIA)[A-Z0-9]{16}' \"$work\" || true") ms"
"$bin" doctor --json | python3 -c 'import json,sys; r=json.load(sys.stdin); print("files searched:", r["files_searched"], "incomplete:", r["search_incomplete"], "findings:", len(r["findings"]))'
