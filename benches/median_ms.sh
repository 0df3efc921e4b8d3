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
paired_ms() {
  python3 - "$runs" "$1" "$2" <<'PY'
import shlex, subprocess, sys, time
runs, one, two = int(sys.argv[1]), shlex.split(sys.argv[2]), shlex.split(sys.argv[3])
times = ([], [])
for _ in range(runs):
    for cmd, out in ((one, times[0]), (two, times[1])):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        out.append((time.perf_counter() - start) * 1000)
for t in times:
    t.sort()
print(f"{times[0][len(times[0]) // 2]:.1f} {times[1][len(times[1]) // 2]:.1f}")
PY
}
