#!/usr/bin/env bash
# keyshelf beside its peers, side by side in one run on one machine, printed last as one
# markdown table headed by the machine:
#   - the window: launch to first frame (1,000 and 10,000 profiles), CPU while idle for 10 s and
#     resident memory, beside an empty eframe window built the same way
#     (benches/empty_window.rs: same eframe, features, release profile and window options);
#   - `keyshelf list` beside the AWS CLI v2's `aws configure list-profiles`, 10,000 profiles;
#   - `keyshelf credential-process` serving long-term keys, a cached session (moto's STS) and a
#     cached SSO role (tests/common/sso_fake.py), beside `secret-tool lookup` of the same
#     keychain item and `aws configure export-credentials` of the same profile;
#   - importing a 1 MB console CSV: `keyshelf import` beside `aws configure import`;
#   - saving one value into a 10,000-profile file: `keyshelf set` beside `aws configure set`;
#   - peak memory reading 50 MB of files: `keyshelf list` and `keyshelf which`, beside the
#     files' size.
# Times are medians of whole process runs (start to exit), keyshelf and its peer run
# alternately so that a machine that slows down weighs on both alike (benches/median_ms.sh);
# slow peers (the AWS CLI) run fewer times, spread among keyshelf's runs. Everything happens
# under a temporary HOME, with a private X server, D-Bus bus and gnome-keyring: never the
# person's ~/.aws or keychain.
#
# A tool that is missing skips its rows ("skipped: <tool> missing"); with $CI set it fails the
# run instead. Wants python3, Xvfb, dbus, gnome-keyring, libsecret-tools, Debian's awscli (the
# AWS CLI v2, /usr/bin/aws) and moto's server (pip install 'moto[server]').
#
# Run: bash benches/report.sh   (about 3½ minutes of measuring, over 2 of them one
# `aws configure import` of the 1 MB CSV; after a change to src/, building the empty window's
# bench and the release binary first takes another 4 to 8 minutes on 2 cores)
set -Eeuo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
say() { echo "report: $*" >&2; }
trap 'say "stopped: line $LINENO failed"; tail -n 5 "${work:-/nonexistent}/setup.log" >&2 2>/dev/null || true' ERR

# The empty window first, then keyshelf: building a bench links the package's binary too (with
# the dev-dependencies' features), so keyshelf's own release build comes last and its binary is
# the one measured.
say "building the empty eframe window (cargo bench --no-run) and keyshelf (cargo build --release)"
empty=$(cargo bench --bench empty_window --no-run --quiet --message-format=json-render-diagnostics |
  python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "empty_window" and m["executable"]:
        print(m["executable"])')
rustc=$(rustc --version)        # before HOME moves: rustup finds its toolchains under HOME
commit=$(git rev-parse --short HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit (with uncommitted changes in the tree)"
. benches/sandbox.sh   # $bin, $work as HOME, $bench_pids stopped on exit
. benches/median_ms.sh
. benches/profiles.sh
. benches/keyring.sh
. benches/xvfb.sh
. benches/fakes.sh
built=$SECONDS                  # the time spent building, told apart from the measuring
unset DISPLAY WAYLAND_DISPLAY   # the windows open on the private X server only
q() { printf '%q ' "$@"; }      # a shell-quoted command line, for paired_ms
aws=/usr/bin/aws                # Debian's awscli is v2; pip's `aws`, often first on the PATH, is v1

# Rows, one a line, tab-separated: what, keyshelf, peer, unit, goal, goal kind (ratio: met when
# keyshelf / peer is at most the value; ours: when keyshelf's figure is; none), value.
rows=$work/rows
touch "$rows"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$rows"; }

# have TOOL…: whether every tool is there; if not, $missing names the first one missing.
have() {
  local tool
  for tool; do
    case $tool in
      aws-v2) "$aws" --version 2>&1 | grep -q '^aws-cli/2' || { missing="the AWS CLI v2 ($aws)"; return 1; } ;;
      moto) python3 -c 'import moto.server, boto3' 2>/dev/null || { missing="moto's server (pip install 'moto[server]')"; return 1; } ;;
      *) command -v "$tool" >/dev/null || { missing=$tool; return 1; } ;;
    esac
  done
}
# skip WHAT…: rows that cannot be measured here; under CI a failure.
skip() {
  if [ -n "${CI:-}" ]; then
    say "$missing missing, and CI is set: failing"
    exit 1
  fi
  local what
  for what; do
    say "skipped: $what ($missing missing)"
    printf '%s\tskipped: %s missing\n' "$what" "$missing" >> "$rows"
  done
}
use_files() { export AWS_CONFIG_FILE=$1/config AWS_SHARED_CREDENTIALS_FILE=$1/credentials; }
# reset_script DIR START: a script that puts DIR's files back as START's, without backups.
reset_script() {
  printf '#!/bin/sh\nset -e\ncp %q %q\ncp %q %q\nchmod 600 %q %q\nrm -rf %q\n' \
    "$2/config" "$1/config" "$2/credentials" "$1/credentials" \
    "$1/config" "$1/credentials" "$1/keyshelf-backups" > "$1.reset"
  echo "sh $1.reset"
}
# The credential_process line of profile $1 in $AWS_CONFIG_FILE: what the AWS tools run.
credential_process_of() {
  python3 - "$1" <<'PY'
import configparser, os, sys
config = configparser.RawConfigParser(strict=False)
config.read(os.environ["AWS_CONFIG_FILE"])
print(config[f"profile {sys.argv[1]}"]["credential_process"])
PY
}
run_line() { python3 -c 'import shlex, subprocess, sys; subprocess.run(shlex.split(sys.argv[1]), check=True, stdout=subprocess.DEVNULL)' "$1"; }

# The keychain: a private one, or none at all (a bus address that leads nowhere).
if have dbus-daemon dbus-send gnome-keyring-daemon secret-tool; then
  start_keyring
  keyring=true
else
  export DBUS_SESSION_BUS_ADDRESS=unix:path=$work/no-bus
  keyring=false
  keyring_missing=$missing
fi

generate_profiles 1000 "$work/k1"
generate_profiles 10000 "$work/k10"

# --- The window, beside an empty eframe window -------------------------------------------------
if have Xvfb; then
  start_xvfb
  # "OURS PEER": launch to first frame and exit, keyshelf on DIR's files beside the empty window.
  first_frame() {
    (
      use_files "$1"
      export DISPLAY=$xvfb_display KEYSHELF_EXIT_AFTER_FIRST_FRAME=1
      # Once each, untimed: the window state both save on exit is there from the first timed run.
      "$bin" >/dev/null 2>&1
      "$empty" >/dev/null 2>&1
      runs=10 paired_ms "$(q "$bin")" "$(q "$empty")"
    )
  }
  say "first frame, 1,000 profiles"
  pair=$(first_frame "$work/k1")
  read -r ours peer <<< "$pair"
  row "first window: launch to first frame and exit, 1,000 profiles, vs an empty eframe window (median of 10 paired runs)" \
    "$ours" "$peer" ms "≤ 1.1×" ratio 1.1
  say "first frame, 10,000 profiles"
  pair=$(first_frame "$work/k10")
  read -r ours peer <<< "$pair"
  row "first window: launch to first frame and exit, 10,000 profiles, vs an empty eframe window (median of 10 paired runs)" \
    "$ours" "$peer" ms "—" none 0

  # The three windows open together; after 5 s to settle, CPU over 10 s, then resident memory.
  say "idle CPU and resident memory (15 s)"
  open_window() {  # open_window DIR PROGRAM: sets $pid
    AWS_CONFIG_FILE=$1/config AWS_SHARED_CREDENTIALS_FILE=$1/credentials DISPLAY=$xvfb_display "$2" >/dev/null 2>&1 &
    pid=$!
    bench_pids+=("$pid")
  }
  open_window "$work/k1" "$bin"; app1=$pid
  open_window "$work/k10" "$bin"; app10=$pid
  open_window "$work/k1" "$empty"; bare=$pid
  cpu_ns() {  # time on a CPU of each thread of process $1 so far (schedstat: ns), "tid ns" a line
    for task in /proc/"$1"/task/*; do
      echo "${task##*/} $(cut -d' ' -f1 "$task/schedstat")"
    done
  }
  cpu_ms() {  # cpu_ms BEFORE AFTER: ms on a CPU between two cpu_ns (a thread born since counts whole, one ended not at all)
    python3 -c "
import sys
before, after = (dict(l.split() for l in open(p)) for p in sys.argv[1:])
print(f'{sum(int(ns) - int(before.get(tid, 0)) for tid, ns in after.items()) / 1e6:.1f}')" "$1" "$2"
  }
  rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 * 1024 / 1e6}' "/proc/$1/status"; }
  sleep 5
  for p in $app1 $app10 $bare; do
    kill -0 "$p" 2>/dev/null || { say "a window (pid $p) closed by itself"; exit 1; }
  done
  cpu_ns "$app10" > "$work/app.cpu0"; cpu_ns "$bare" > "$work/bare.cpu0"
  sleep 10
  cpu_ns "$app10" > "$work/app.cpu1"; cpu_ns "$bare" > "$work/bare.cpu1"
  # A window that repaints continuously spends hundreds of ms a second; one that waits, almost
  # nothing.
  row "window idle for 10 s, 10,000 profiles: CPU used, vs an empty eframe window" \
    "$(cpu_ms "$work/app.cpu0" "$work/app.cpu1")" "$(cpu_ms "$work/bare.cpu0" "$work/bare.cpu1")" \
    "ms CPU" "no repaint (< 20 ms)" ours 20
  row "window: resident memory, 1,000 profiles, vs an empty eframe window" \
    "$(rss_mb "$app1")" "$(rss_mb "$bare")" MB "—" none 0
  row "window: resident memory, 10,000 profiles, vs an empty eframe window" \
    "$(rss_mb "$app10")" "$(rss_mb "$bare")" MB "< 150 MB" ours 150
  kill "$app1" "$app10" "$bare"
  wait "$app1" "$app10" "$bare" 2>/dev/null || true
else
  skip "first window: launch to first frame, 1,000 profiles" "first window: launch to first frame, 10,000 profiles" \
    "window idle for 10 s: CPU used" "window: resident memory, 1,000 profiles" "window: resident memory, 10,000 profiles"
fi

# --- Listing 10,000 profiles ---------------------------------------------------------------------
if have aws-v2; then
  say "keyshelf list vs aws configure list-profiles"
  use_files "$work/k10"
  pair=$(runs=15 peer_runs=5 paired_ms "$(q "$bin" list)" "$(q "$aws" configure list-profiles)")
  read -r ours peer <<< "$pair"
  row "\`keyshelf list\` vs \`aws configure list-profiles\` (CLI v2), 10,000 profiles (median of 15 / 5)" \
    "$ours" "$peer" ms "≤ 0.01×" ratio 0.01
else
  skip "\`keyshelf list\` vs \`aws configure list-profiles\`, 10,000 profiles"
fi

# --- credential-process ----------------------------------------------------------------------------
# serve_rows KIND PROFILE ACCOUNT GOAL KIND VALUE: the profile's credential_process line beside
# `secret-tool lookup` of its keychain item (ACCOUNT), then beside the AWS CLI v2's
# export-credentials of the same profile (which runs that line itself).
serve_rows() {
  local serve ours peer pair
  serve=$(credential_process_of "$2")
  run_line "$serve"   # untimed: a cache to fill, the files in the page cache
  pair=$(runs=21 paired_ms "$serve" "$(q secret-tool lookup service keyshelf username "$3")")
  read -r ours peer <<< "$pair"
  row "\`keyshelf credential-process\`, $1, vs \`secret-tool lookup\` of the same item (median of 21 paired runs)" \
    "$ours" "$peer" ms "$4" "$5" "$6"
  if have aws-v2; then
    pair=$(runs=10 peer_runs=5 paired_ms "$serve" "$(q "$aws" configure export-credentials --profile "$2" --format process)")
    read -r ours peer <<< "$pair"
    row "\`keyshelf credential-process\`, $1, vs \`aws configure export-credentials\` (CLI v2) of the same profile (median of 10 / 5)" \
      "$ours" "$peer" ms "≤ 0.033× (30× faster)" ratio 0.033
  else
    skip "\`keyshelf credential-process\`, $1, vs \`aws configure export-credentials\`"
  fi
}
if $keyring; then
  mkdir -p "$work/cp"
  use_files "$work/cp"
  creds=$(realpath -m "$AWS_SHARED_CREDENTIALS_FILE")  # items are keyed by the file's real path
  printf '[profile bench]\nregion = eu-west-1\n' > "$AWS_CONFIG_FILE"
  printf '[bench]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_session_token = %s\n' \
    "$(head -c 600 /dev/zero | tr '\0' 'T')" > "$AWS_SHARED_CREDENTIALS_FILE"
  say "credential-process: long-term keys"
  "$bin" migrate --profile bench 2>>"$work/setup.log"
  serve_rows "long-term keys in the keychain" bench "bench @ $creds" "≤ 0.75×" ratio 0.75

  if have moto; then
    say "credential-process: a cached session (moto's STS)"
    start_moto
    export AWS_ENDPOINT_URL=$moto_endpoint
    keys=$(python3 -c "
import boto3
iam = boto3.client('iam', endpoint_url='$moto_endpoint', region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')
iam.create_user(UserName='bench')
k = iam.create_access_key(UserName='bench')['AccessKey']
print(k['AccessKeyId'], k['SecretAccessKey'])")
    # shellcheck disable=SC2086 # two words: the key and its secret
    printf '\n[session]\naws_access_key_id = %s\naws_secret_access_key = %s\n' $keys >> "$AWS_SHARED_CREDENTIALS_FILE"
    printf '\n[profile session]\nregion = eu-west-1\n' >> "$AWS_CONFIG_FILE"
    "$bin" migrate --profile session 2>>"$work/setup.log"
    "$bin" temporary on --profile session --duration 43200 2>>"$work/setup.log"
    serve_rows "a cached session" session "session @ $creds #session" "no slower (≤ 1×)" ratio 1
    unset AWS_ENDPOINT_URL
  else
    skip "\`keyshelf credential-process\`, a cached session"
  fi

  say "credential-process: an SSO role with cached role credentials (the tests' fake of IAM Identity Center)"
  start_sso_fake
  export AWS_ENDPOINT_URL=$sso_endpoint
  fake() {  # fake approve | fake stats: the fake's test controls
    python3 -c "import sys, urllib.request; print(urllib.request.urlopen(urllib.request.Request(sys.argv[1] + '/_fake/' + sys.argv[2], data=b'{}' if sys.argv[2] != 'stats' else None)).read().decode())" "$sso_endpoint" "$1"
  }
  "$bin" sso add corp --start-url https://corp.awsapps.example/start --region eu-central-1 2>>"$work/setup.log"
  # Signed in with a device code, which the fake's "browser" approves once it is asked for.
  "$bin" sso login corp --device-code --no-browser < /dev/null > /dev/null 2>>"$work/setup.log" &
  login=$!
  until fake stats | grep -q StartDeviceAuthorization; do
    kill -0 "$login" 2>/dev/null || { say "keyshelf sso login stopped before asking for a device code"; exit 1; }
    sleep 0.1
  done
  fake approve > /dev/null
  wait "$login"
  "$bin" sso import corp --account 111122223333 --role ReadOnly > /dev/null 2>>"$work/setup.log"
  serve_rows "an SSO role, cached role credentials" development-readonly "development-readonly @ $creds #session" "—" none 0
  unset AWS_ENDPOINT_URL
else
  missing=$keyring_missing
  skip "\`keyshelf credential-process\`: long-term keys, a cached session, an SSO role"
fi

# --- Importing a 1 MB console CSV into 1,000 profiles ---------------------------------------------
if have aws-v2; then
  say "import a 1 MB CSV (14,000 rows): keyshelf 5 times, the AWS CLI once (over 2 minutes)"
  generate_csv 14000 "$work/users.csv"
  generate_profiles 1000 "$work/import-start"
  mkdir -p "$work/import"
  use_files "$work/import"
  reset=$(reset_script "$work/import" "$work/import-start")
  pair=$(reset=$reset runs=5 peer_runs=1 paired_ms "$(q "$bin" import "$work/users.csv")" \
    "$(q "$aws" configure import --csv "file://$work/users.csv")")
  read -r ours peer <<< "$pair"
  row "import a 1 MB console CSV (14,000 keys) into 1,000 profiles: \`keyshelf import\` vs \`aws configure import\` (median of 5 / 1)" \
    "$ours" "$peer" ms "≈ 0.002× (keep)" ratio 0.002
else
  skip "import a 1 MB console CSV: \`keyshelf import\` vs \`aws configure import\`"
fi

# --- Saving one value into a 10,000-profile file ----------------------------------------------------
if have aws-v2; then
  say "set one value in 10,000 profiles"
  mkdir -p "$work/set"
  use_files "$work/set"
  reset=$(reset_script "$work/set" "$work/k10")
  pair=$(reset=$reset runs=11 peer_runs=5 paired_ms "$(q "$bin" set region us-west-2 --profile team5000)" \
    "$(q "$aws" configure set region us-west-2 --profile team5000)")
  read -r ours peer <<< "$pair"
  row "save one value in a 10,000-profile file: \`keyshelf set\` vs \`aws configure set\` (median of 11 / 5)" \
    "$ours" "$peer" ms "—" none 0
else
  skip "save one value in a 10,000-profile file: \`keyshelf set\` vs \`aws configure set\`"
fi

# --- Peak memory on 50 MB of files ----------------------------------------------------------------
say "peak memory on 50 MB of files"
generate_large 50 "$work/large"
use_files "$work/large"
files_mb=$(python3 -c "import os; print(f'{(os.path.getsize(\"$AWS_CONFIG_FILE\") + os.path.getsize(\"$AWS_SHARED_CREDENTIALS_FILE\")) / 1e6:.1f}')")
peak_mb() {  # median peak resident memory of 3 runs of a command, in MB (from wait4's rusage)
  python3 - "$@" <<'PY'
import os, subprocess, sys
peaks = []
for _ in range(3):
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        sys.exit(f"{sys.argv[1:]} failed ({status})")
    peaks.append(usage.ru_maxrss * 1024 / 1e6)  # ru_maxrss is in KiB
print(f"{sorted(peaks)[1]:.1f}")
PY
}
row "peak memory reading 50 MB of files (400,000 profiles): \`keyshelf list\`, vs the files' size (median of 3)" \
  "$(peak_mb "$bin" list)" "$files_mb" MB "≤ 4×" ratio 4
row "peak memory reading the same files: \`keyshelf which --profile p5\`, vs the files' size (median of 3)" \
  "$(peak_mb "$bin" which --profile p5)" "$files_mb" MB "≤ 4×" ratio 4

# --- The table ---------------------------------------------------------------------------------------
python3 - "$rows" "$built" "$SECONDS" "$commit" "$rustc" "$("$aws" --version 2>&1 | cut -d' ' -f1)" <<'PY'
import math, os, platform, re, subprocess, sys, time
rows_path, built, seconds, (commit, rustc, aws) = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:7]

def field(path, pattern):
    try:
        match = re.search(pattern, open(path).read(), re.M)
        return match.group(1).strip() if match else "?"
    except OSError:
        return "?"

cpu = field("/proc/cpuinfo", r"^model name\s*:\s*(.*)$")
ram = int(field("/proc/meminfo", r"^MemTotal:\s*(\d+)")) * 1024 / 2**30
distro = field("/etc/os-release", r'^PRETTY_NAME="?([^"\n]*)')
eframe = field("Cargo.lock", r'name = "eframe"\nversion = "([^"]+)"')

def minutes(s):
    return f"{s // 60} min {s % 60} s"

def number(value, unit):
    if unit == "MB" or value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.1f} {unit}"

def ratio_text(r):
    digits = max(2, 1 - math.floor(math.log10(r))) if r > 0 else 0
    return f"{r:.{digits}f}×"

print(f"### keyshelf beside its peers, {time.strftime('%Y-%m-%d %H:%M %Z')}\n")
print(f"Machine: {cpu}, {os.cpu_count()} cores, {ram:.1f} GiB RAM; Linux {platform.release()}; {distro}; "
      f"{rustc}; keyshelf {commit}; eframe {eframe}; {aws}. "
      f"Measuring took {minutes(seconds - built)} (building before it {minutes(built)}).\n")
print("| What | keyshelf | peer | keyshelf / peer | goal | met? |")
print("|---|---|---|---|---|---|")
for line in open(rows_path):
    cells = line.rstrip("\n").split("\t")
    if len(cells) == 2:
        print(f"| {cells[0]} | {cells[1]} | | | | — |")
        continue
    what, ours, peer, unit, goal, kind, value = cells
    ours, peer, value = float(ours), float(peer), float(value)
    ratio = ours / peer if peer else None
    if kind == "ratio":
        met = "yes" if (ratio <= value if ratio is not None else ours <= 0) else "no"
    elif kind == "ours":
        met = "yes" if ours <= value else "no"
    else:
        met = "—"
    shown = ratio_text(ratio) if ratio is not None else "—"
    print(f"| {what} | {number(ours, unit)} | {number(peer, unit)} | {shown} | {goal} | {met} |")
PY
