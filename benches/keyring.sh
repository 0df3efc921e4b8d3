# A private Secret Service (sourced after sandbox.sh): start_keyring runs a D-Bus session bus of
# its own with gnome-keyring on it, its data under $work, its login collection unlocked, and
# points DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR and XDG_DATA_HOME at them. Never the keychain
# of the person running the bench. Needs dbus-daemon, dbus-send and gnome-keyring-daemon
# (apt install dbus gnome-keyring); secret-tool (libsecret-tools) to read items back.
start_keyring() {
  local dir=$work/keyring
  mkdir -p "$dir/run" "$dir/data"
  chmod 700 "$dir/run"
  cat > "$dir/bus.conf" <<CONF
<busconfig><type>session</type><listen>unix:path=$dir/run/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>
CONF
  dbus-daemon --config-file="$dir/bus.conf" --nofork --nopidfile --print-address=1 > "$dir/address" 2>/dev/null &
  bench_pids+=($!)
  while [ ! -s "$dir/address" ]; do
    kill -0 "$!" 2>/dev/null || { echo "dbus-daemon did not start" >&2; return 1; }
    sleep 0.01
  done
  DBUS_SESSION_BUS_ADDRESS=$(head -1 "$dir/address")
  export DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR=$dir/run XDG_DATA_HOME=$dir/data
  printf 'bench' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  bench_pids+=($!)
  # The service name appears before its login collection is ready: wait for the collection.
  until dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.Secret.Service.ReadAlias string:default 2>/dev/null | grep -q /collection/; do
    sleep 0.02
  done
}
