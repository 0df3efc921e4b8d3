# The set-up every bench script shares (sourced from the repository root): the release binary
# as $bin, and a temporary HOME as $work, removed on exit, with the AWS files pointed into it,
# none of the AWS_* settings of the person running it, and no instance metadata lookups.
# Processes a script starts in the background go in $bench_pids: they are stopped on exit.
cargo build --release --quiet
bin=$PWD/target/release/keyshelf
work=$(mktemp -d)
bench_pids=()
end_sandbox() {
  local pid
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap end_sandbox EXIT
# shellcheck disable=SC2046 # one word per variable name
unset $(compgen -e | grep '^AWS_' || true)
export HOME=$work AWS_CONFIG_FILE=$work/config AWS_SHARED_CREDENTIALS_FILE=$work/credentials
export AWS_EC2_METADATA_DISABLED=true
