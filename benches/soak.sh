#!/usr/bin/env bash
# Soak trial of keyshelf's saves against crashes and other writers. For ROUNDS rounds (default
# 100) it runs, with the real binary on real files in a temporary HOME:
#   1. a command (set, rename, duplicate, delete) killed with SIGKILL as it enters the Nth
#      rename, renameat, unlink or fsync (strace's syscall injection, N at random), then the
#      next start (keyshelf list): botocore must read both files, and every profile must be
#      whole: as before the command or as after it, never split between the files or wiped;
#   2. a rename killed between its two files, then a foreign in-place edit (what
#      `aws configure set` does), then the next start: the foreign edit must be kept;
#   3. a writer that truncates then writes (the AWS CLI's way) racing `keyshelf set`: no
#      profile may be lost.
# It prints the counts. Usage: benches/soak.sh [ROUNDS]   (KEYSHELF_BIN picks the binary;
# needs strace and python3 with botocore, as .ci/run installs them)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-100}
bin=${KEYSHELF_BIN:-$PWD/target/release/keyshelf}
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work AWS_CONFIG_FILE=$work/.aws/config AWS_SHARED_CREDENTIALS_FILE=$work/.aws/credentials
export AWS_EC2_METADATA_DISABLED=true DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent
unset AWS_PROFILE AWS_DEFAULT_PROFILE DISPLAY WAYLAND_DISPLAY

python3 - "$bin" "$work" "$rounds" <<'PY'
import json, os, random, subprocess, sys, threading, time
import botocore.session

bin_, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
aws = os.path.join(work, ".aws")
config, credentials = os.path.join(aws, "config"), os.path.join(aws, "credentials")
N = 30

def reset():
    subprocess.run(["rm", "-rf", aws], check=True)
    os.makedirs(aws)
    with open(config, "w") as f:
        f.write("# kept by hand\n" + "".join(f"[profile p{i}]\nregion = eu-west-1\n\n" for i in range(N)))
    with open(credentials, "w") as f:
        f.write("".join(f"[p{i}]\naws_access_key_id = AKIA{i:016d}\naws_secret_access_key = s{i}\n\n" for i in range(N)))

def keyshelf(*args, check=False):
    return subprocess.run([bin_, *args], capture_output=True, text=True, check=check)

def killed(when, syscall, *args):
    return subprocess.run(["strace", "-f", "-o", "/dev/null", "-e", f"inject={syscall}:signal=KILL:when={when}", bin_, *args],
                          capture_output=True, text=True)

def read():
    """Profiles per file as botocore reads them; None when botocore refuses a file."""
    s = botocore.session.Session()
    try:
        cfg = s.full_config  # reads both files
    except Exception:
        return None
    import botocore.configloader as cl
    try:
        c = set(cl.load_config(config)["profiles"]) if os.path.exists(config) else set()
        k = set(cl.raw_config_parse(credentials)) if os.path.exists(credentials) else set()
    except Exception:
        return None
    return c, k

counts = {"kills": 0, "finished before the aim": 0, "corrupt": 0, "split": 0, "wiped": 0, "foreign edits lost": 0, "race rounds": 0, "race profiles lost": 0}
rng = random.Random(0x50A4)
for r in range(rounds):
    # 1. An aimed kill and the next start.
    reset()
    op = rng.choice(["set", "rename", "duplicate", "delete"])
    i = rng.randrange(N)
    args = {"set": ["set", "output", "json", "--profile", f"p{i}"],
            "rename": ["rename", f"p{i}", f"q{i}"],
            "duplicate": ["duplicate", f"p{i}", f"d{i}"],
            "delete": ["delete", f"p{i}"]}[op]
    run = killed(rng.randint(1, 6), rng.choice(["rename", "renameat", "unlink", "fsync"]), *args)
    # strace ends itself with its child's signal; a command done before the Nth call is no kill.
    counts["kills" if run.returncode < 0 else "finished before the aim"] += 1
    keyshelf("list")
    got = read()
    if got is None:
        counts["corrupt"] += 1
        continue
    c, k = got
    if len(c) < N - 1 or len(k) < N - 1:
        counts["wiped"] += 1
    names = {"rename": (f"p{i}", f"q{i}"), "delete": (f"p{i}", None), "duplicate": (f"d{i}", None)}.get(op)
    if names:
        a, b = names
        in_c, in_k = (a in c, a in k)
        if op == "rename" and ((a in c) != (a in k) or (b in c) != (b in k)):
            counts["split"] += 1
        if op in ("delete", "duplicate") and in_c != in_k:
            counts["split"] += 1

    # 2. A rename killed between its two files, a foreign in-place edit, the next start.
    reset()
    killed(2, "rename", "rename", f"p{i}", f"q{i}")
    with open(credentials, "a") as f:  # in place, as open(..., 'w') then write would leave it
        f.write("[foreign]\naws_access_key_id = AKIAFOREIGN000000000\n")
    keyshelf("list")
    if "AKIAFOREIGN000000000" not in open(credentials).read():
        counts["foreign edits lost"] += 1

    # 3. A writer that truncates then writes, racing keyshelf set.
    reset()
    text = open(config).read()
    def writer():
        time.sleep(rng.random() * 0.01)
        with open(config, "w") as f:
            f.flush()
            time.sleep(0.005 + rng.random() * 0.03)
            f.write(text)
    t = threading.Thread(target=writer)
    t.start()
    keyshelf("set", "output", "json", "--profile", f"p{i}")
    t.join()
    counts["race rounds"] += 1
    got = read()
    if got is None or len(got[0]) < N:
        counts["race profiles lost"] += 1 if got is None else N - len(got[0])

width = max(map(len, counts))
print(f"soak: {rounds} rounds with {os.path.basename(bin_)}")
for name, n in counts.items():
    print(f"  {name:<{width}}  {n}")
PY
