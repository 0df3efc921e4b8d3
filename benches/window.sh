#!/usr/bin/env bash
# Measures the real window (issue #3), release build under Xvfb:
#   - launch to first frame with a 1,000-profile config (target: under 300 ms);
#   - resident memory with 10,000 profiles (target: under 150 MB);
#   - CPU used by an idle window over 5 seconds (target: nothing, no continuous redraw).
# Needs Xvfb (apt install xvfb). Run from the repository: bash benches/window.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/keyshelf"
work="$(mktemp -d)"
trap 'kill "${xvfb_pid:-}" "${app_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

generate() { # $1 = profiles, $2 = folder
  mkdir -p "$2"
  python3 - "$1" "$2" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
with open(f"{d}/config", "w") as c, open(f"{d}/credentials", "w") as k:
    c.write("[default]\nregion = us-east-1\n")
    for i in range(n):
        c.write(f"\n# team {i}\n[profile team{i}]\nregion = eu-west-1\noutput = json\n")
        k.write(f"[team{i}]\naws_access_key_id = AKIA{i:016d}\naws_secret_access_key = {i:040d}\n\n")
PY
}

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:87
  Xvfb "$DISPLAY" -screen 0 1280x800x24 >/dev/null 2>&1 &
  xvfb_pid=$!
  sleep 1
fi
export HOME="$work"   # eframe keeps its window state under HOME: not the user's.

generate 1000 "$work/k1"
runs=10
total=0
for _ in $(seq $runs); do
  start=$(date +%s%N)
  AWS_CONFIG_FILE="$work/k1/config" AWS_SHARED_CREDENTIALS_FILE="$work/k1/credentials" \
    KEYSHELF_EXIT_AFTER_FIRST_FRAME=1 "$bin"
  end=$(date +%s%N)
  total=$((total + (end - start) / 1000000))
done
echo "launch to first frame and exit, 1,000 profiles: $((total / runs)) ms (mean of $runs runs)"

generate 10000 "$work/k10"
AWS_CONFIG_FILE="$work/k10/config" AWS_SHARED_CREDENTIALS_FILE="$work/k10/credentials" "$bin" &
app_pid=$!
sleep 3
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status")
echo "resident memory, 10,000 profiles: $((rss_kb / 1024)) MB"
ticks() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; }
before=$(ticks)
sleep 5
after=$(ticks)
hz=$(getconf CLK_TCK)
echo "CPU used while idle for 5 s, 10,000 profiles: $(( (after - before) * 1000 / hz )) ms"
