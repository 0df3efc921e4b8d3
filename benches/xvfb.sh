# A private X server for the window benches (sourced after sandbox.sh): start_xvfb runs Xvfb on
# a display number it picks itself (never one in use) and sets $xvfb_display to its name.
# Needs Xvfb (apt install xvfb).
start_xvfb() {
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3> "$work/xvfb.display" >/dev/null 2>&1 &
  bench_pids+=($!)
  # Xvfb writes the number once it accepts clients.
  while [ ! -s "$work/xvfb.display" ]; do
    kill -0 "$!" 2>/dev/null || { echo "Xvfb did not start" >&2; return 1; }
    sleep 0.01
  done
  xvfb_display=:$(head -1 "$work/xvfb.display")
}
