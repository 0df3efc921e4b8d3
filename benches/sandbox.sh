# The set-up every bench script shares (sourced from the repository root): the release binary
# as $bin, and a temporary HOME as $work, removed on exit, with the AWS files pointed into it
# and no instance metadata lookups.
cargo build --release --quiet
bin=$PWD/target/release/keyshelf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work AWS_CONFIG_FILE=$work/config AWS_SHARED_CREDENTIALS_FILE=$work/credentials
export AWS_EC2_METADATA_DISABLED=true
