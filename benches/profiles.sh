# Generated AWS files for the bench scripts (sourced from the repository root).

# generate_profiles N DIR: DIR/config and DIR/credentials with N profiles team0…, each with a
# region and an output in the config (under a comment) and long-term keys in the credentials.
generate_profiles() {
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

# generate_large MB DIR: a DIR/config of about MB megabytes of role profiles p0…, each naming the
# next as its source_profile, and keys for the first 20,000 of them in DIR/credentials.
generate_large() {
  mkdir -p "$2"
  python3 - "$1" "$2" <<'PY'
import sys
mb, d = int(sys.argv[1]), sys.argv[2]
with open(f"{d}/config", "w") as config, open(f"{d}/credentials", "w") as creds:
    config.write("[default]\nregion = us-east-1\n")
    i = 0
    while config.tell() < mb * 1_000_000:
        config.write(f"\n[profile p{i}]\nregion = eu-west-1\noutput = json\n"
                     f"role_arn = arn:aws:iam::123456789012:role/r{i}\nsource_profile = p{i + 1}\n")
        if i < 20_000:
            creds.write(f"[p{i}]\naws_access_key_id = AKIA{i:016}\naws_secret_access_key = {i:040}\n\n")
        i += 1
PY
}

# generate_csv ROWS PATH: a console access-key CSV of ROWS users (user0…) in the one layout both
# keyshelf and `aws configure import` read (the AWS CLI v2 wants a "User Name" column and no
# byte order mark). 14,000 rows is about 1 MB, the largest CSV keyshelf reads.
generate_csv() {
  python3 - "$1" "$2" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", newline="") as f:
    f.write("User Name,Access key ID,Secret access key\r\n")
    for i in range(rows):
        f.write(f"user{i},AKIA{i:016},{i:040}\r\n")
PY
}
