# Median wall time in milliseconds of $runs runs of a command (sourced by the bench scripts).
median_ms() {
  python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"{times[len(times) // 2]:.1f}")
PY
}

# Medians of two commands run alternately, $runs times each, so that a machine that slows down
# or speeds up during the run weighs on both alike: prints "OURS PEER" in milliseconds.
# Usage: paired_ms "cmd one" "cmd two" (each a shell-quoted command line).
# Optional: $peer_runs runs the second command only that many times (a slow peer), spread
# evenly among the first's runs; $reset (a shell-quoted command line) runs, untimed, before
# every timed run (to put back the files a command changes).
paired_ms() {
  python3 - "$runs" "${peer_runs:-$runs}" "$1" "$2" "${reset:-}" <<'PY'
import shlex, subprocess, sys, time
runs, peer_runs = int(sys.argv[1]), int(sys.argv[2])
one, two, reset = shlex.split(sys.argv[3]), shlex.split(sys.argv[4]), shlex.split(sys.argv[5])
times = ([], [])
def timed(cmd, out):
    if reset:
        subprocess.run(reset, stdout=subprocess.DEVNULL, check=True)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    out.append((time.perf_counter() - start) * 1000)
rounds = max(runs, peer_runs)
for i in range(rounds):
    if i * runs // rounds != (i + 1) * runs // rounds:
        timed(one, times[0])
    if i * peer_runs // rounds != (i + 1) * peer_runs // rounds:
        timed(two, times[1])
for t in times:
    t.sort()
print(f"{times[0][len(times[0]) // 2]:.1f} {times[1][len(times[1]) // 2]:.1f}")
PY
}
