#!/usr/bin/env bash
# Importing a console CSV of many users (import was quadratic): `keyshelf import`
# beside the AWS CLI v2's own `aws configure import --csv`, on the same generated CSV, into
# files that already hold 1,000 profiles. Each run starts from the same files. Median wall time
# of whole process runs, in one run here; the row counts double so the growth shows (a linear
# import about doubles its time from one line to the next). 14,000 rows is about 1 MB, the
# largest CSV keyshelf reads. The AWS CLI runs once per size above 4,000 rows (it takes minutes).
#
# Run: bash benches/import.sh   (builds the release binary first; `runs=N`, `rows="1000 2000"`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${runs:-5}
rows=${rows:-"1000 2000 4000 8000 14000"}
. benches/sandbox.sh  # $bin, $work (the scripts run from the repository root)
have_aws=false
/usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2' && have_aws=true
. benches/profiles.sh
for n in $rows; do generate_csv "$n" "$work/users-$n.csv"; done

python3 - "$work" "$runs" "$bin" "$have_aws" $rows <<'PY'
import os, shutil, subprocess, sys, time
work, runs, bin, have_aws, counts = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "true", [int(n) for n in sys.argv[5:]]

# The files every run starts from: 1,000 profiles with keys.
with open(f"{work}/config.start", "w") as config, open(f"{work}/credentials.start", "w") as creds:
    config.write("[default]\nregion = us-east-1\n")
    for i in range(1000):
        config.write(f"\n[profile p{i}]\nregion = eu-west-1\n")
        creds.write(f"[p{i}]\naws_access_key_id = AKIA{i:016}\naws_secret_access_key = {i:040}\n\n")

def median_ms(cmd, runs=runs):
    times = []
    for _ in range(runs):
        for name in ("config", "credentials"):
            shutil.copyfile(f"{work}/{name}.start", f"{work}/{name}")
            os.chmod(f"{work}/{name}", 0o600)
        shutil.rmtree(f"{work}/keyshelf-backups", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2]

print(f"median of {runs} runs, into files of 1,000 profiles")
print(f"{'rows':>6}  {'keyshelf import':>16}  {'aws configure import':>21}")
for rows in counts:
    path = f"{work}/users-{rows}.csv"  # generate_csv's
    ours = median_ms([bin, "import", path])
    aws_runs = runs if rows <= 4000 else 1
    theirs = f"{median_ms(['/usr/bin/aws', 'configure', 'import', '--csv', f'file://{path}'], aws_runs):.0f} ms" if have_aws else "skipped"
    print(f"{rows:>6}  {ours:>13.0f} ms  {theirs:>21}")
PY
