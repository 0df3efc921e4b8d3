//! A small HTTP forward proxy for tests (proxies), in Python's standard library: it
//! logs each request's method and URL to a file and passes it on, or refuses everything with
//! 407 Proxy Authentication Required, as a corporate proxy without credentials does.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

const SCRIPT: &str = r#"
import http.server, socketserver, sys, urllib.request, urllib.error
port, mode, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
class Handler(http.server.BaseHTTPRequestHandler):
    def relay(self):
        with open(log, 'a') as f:
            f.write(self.command + ' ' + self.path + '\n')
        if mode == 'refuse':
            self.send_response(407)
            self.send_header('Proxy-Authenticate', 'Basic realm="corp"')
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else None
        request = urllib.request.Request(self.path, data=body, method=self.command)
        for name, value in self.headers.items():
            if name.lower() not in ('proxy-connection', 'connection', 'content-length'):
                request.add_header(name, value)
        try:
            answer = direct.open(request)
            status, headers, data = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as e:
            status, headers, data = e.code, e.headers, e.read()
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ('transfer-encoding', 'connection', 'content-length'):
                self.send_header(name, value)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    do_GET = do_POST = relay
    def log_message(self, *args):
        pass
socketserver.ThreadingTCPServer.allow_reuse_address = True
with socketserver.ThreadingTCPServer(('127.0.0.1', port), Handler) as server:
    server.serve_forever()
"#;

pub struct Proxy {
    child: Child,
    /// `http://127.0.0.1:PORT`, for `HTTP_PROXY`.
    pub url: String,
    log: PathBuf,
}

impl Proxy {
    /// A proxy that passes requests on (`refuse` false) or refuses them all; its log is `log`.
    pub fn start(refuse: bool, log: PathBuf) -> Proxy {
        let port = super::moto::free_port();
        let mode = if refuse { "refuse" } else { "pass" };
        let child = Command::new("python3")
            .args(["-c", SCRIPT, &port.to_string(), mode])
            .arg(&log)
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the proxy");
        super::moto::wait_for_port(port, "the proxy");
        Proxy {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// The requests it saw, one `METHOD URL` per line.
    pub fn seen(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
