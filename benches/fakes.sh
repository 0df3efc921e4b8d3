# Local fakes of AWS for the bench scripts (sourced after sandbox.sh), each on a free port of
# 127.0.0.1, stopped on exit:
#   start_moto      moto's server (STS, IAM; `pip install 'moto[server]'`), as $moto_endpoint;
#   start_sso_fake  the tests' fake of IAM Identity Center (tests/common/sso_fake.py: SSO OIDC
#                   and the portal, which moto lacks; python3 alone), as $sso_endpoint.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() {  # wait_for_port PORT PID
  until python3 -c "import socket; socket.create_connection(('127.0.0.1', $1))" 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || { echo "the fake on port $1 did not start" >&2; return 1; }
    sleep 0.1
  done
}

start_moto() {
  local port
  port=$(free_port)
  python3 -m moto.server -p "$port" >/dev/null 2>&1 &
  bench_pids+=($!)
  wait_for_port "$port" "$!"
  moto_endpoint=http://127.0.0.1:$port
}

start_sso_fake() {
  local port
  port=$(free_port)
  python3 tests/common/sso_fake.py "$port" >/dev/null 2>&1 &
  bench_pids+=($!)
  wait_for_port "$port" "$!"
  sso_endpoint=http://127.0.0.1:$port
}
