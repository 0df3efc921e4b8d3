#!/usr/bin/env bash
# Measures the real window (issue #3), release build under Xvfb:
#   - launch to first frame with a 1,000-profile config (target: under 300 ms);
#   - resident memory with 10,000 profiles (target: under 150 MB);
#   - CPU used by an idle window over 5 seconds (target: nothing, no continuous redraw).
# Needs Xvfb (apt install xvfb). Run from the repository: bash benches/window.sh
# (`bash benches/report.sh` puts the same figures beside an empty eframe window.)
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/sandbox.sh   # $bin, $work as HOME (eframe keeps its window state under HOME)
. benches/xvfb.sh
. benches/profiles.sh

if [ -z "${DISPLAY:-}" ]; then
  start_xvfb
  export DISPLAY=$xvfb_display
fi

generate_profiles 1000 "$work/k1"
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

generate_profiles 10000 "$work/k10"
AWS_CONFIG_FILE="$work/k10/config" AWS_SHARED_CREDENTIALS_FILE="$work/k10/credentials" "$bin" &
app_pid=$!
bench_pids+=("$app_pid")
sleep 3
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status")
echo "resident memory, 10,000 profiles: $((rss_kb / 1024)) MB"
ticks() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; }
before=$(ticks)
sleep 5
after=$(ticks)
hz=$(getconf CLK_TCK)
echo "CPU used while idle for 5 s, 10,000 profiles: $(( (after - before) * 1000 / hz )) ms"
