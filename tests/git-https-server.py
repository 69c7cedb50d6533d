#!/usr/bin/env python3
"""tests/git-https-server.py: git's own smart HTTP (git http-backend, a
CGI) behind HTTPS on 127.0.0.1, for tests/team-transport.test.

Usage: git-https-server.py ROOT CERT KEY PORTFILE USER:PASSWORD

Serves every repository under ROOT (GIT_PROJECT_ROOT, GIT_HTTP_EXPORT_ALL).
Fetching is open; pushing (git-receive-pack) needs Basic authentication
as USER:PASSWORD, which then reaches the CGI as REMOTE_USER (what makes
http-backend allow receive-pack).  Listens on a free port, written to
PORTFILE once listening.  Each request is logged on stderr without its
Authorization header.
"""
import base64
import http.server
import os
import ssl
import subprocess
import sys

BACKEND = "/usr/lib/git-core/git-http-backend"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"       # one request, then close

    def log_message(self, fmt, *args):
        sys.stderr.write("git-https-server: " + (fmt % args) + "\n")

    def authorized_user(self):
        got = self.headers.get("Authorization", "")
        if not got.startswith("Basic "):
            return None
        try:
            pair = base64.b64decode(got[6:]).decode()
        except ValueError:
            return None
        return pair.split(":", 1)[0] if pair == self.server.cred else None

    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def serve(self):
        path, _, query = self.path.partition("?")
        user = None
        if "git-receive-pack" in path or "service=git-receive-pack" in query:
            user = self.authorized_user()
            if user is None:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        data = self.body() if self.command == "POST" else b""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": self.server.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": os.environ.get("HOME", "/"),
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(data)),
            "REMOTE_ADDR": self.client_address[0],
        }
        if user:
            env["REMOTE_USER"] = user
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        p = subprocess.run([BACKEND], input=data, env=env,
                           stdout=subprocess.PIPE, timeout=120, check=False)
        head, _, rest = p.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, rest = p.stdout.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(rest)))
        self.end_headers()
        self.wfile.write(rest)

    do_GET = serve
    do_POST = serve


def main():
    root, cert, key, portfile, cred = sys.argv[1:6]
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.root = root
    srv.cred = cred
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
