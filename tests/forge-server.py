#!/usr/bin/python3
"""tests/forge-server.py: a fake GitHub and GitLab REST API on 127.0.0.1.

Two servers in one process, each on an ephemeral port:

  the API     GitHub's shape at /, GitLab's at /api/v4 (the project
              g/sub/p, as g%2Fsub%2Fp); the repository o/r, the tag
              v1.0.0, the milestone 1.0.0 and the label release-blocker.
  the files   another origin (another port), where assets are downloaded
              from (GitHub's asset URL redirects there; GitLab's links
              point there): it records every request's headers, so that
              a test sees whether a token followed.

The scenario is the first word of the file --scenario (read at each
request, so that a test switches it between runs).  Every request is
logged to --log as a JSON line: server, method, path, headers.  With
--token, a request that carries another token is refused (401) with a
message that echoes what it carried, as a hostile server would.

Scenarios: ok, mismatch, missing, norelease, draft, ci-fail, ci-pending,
ci-none, blocker-label, blocker-milestone, pages, ratelimit, huge, hostile,
echo401, need-token, slow.
"""
import argparse
import hashlib
import http.server
import json
import os
import socketserver
import sys
import threading
import time

ARGS = None
FILES_URL = None
LOCK = threading.Lock()
GH = "/repos/o/r"
GL = "/api/v4/projects/g%2Fsub%2Fp"
ESC = "\x1b]52;c;cHduZWQ=\x07\x1b[31m"   # OSC 52 and a colour, in a title


def scenario():
    try:
        with open(ARGS.scenario) as f:
            words = f.read().split()
            return words[0] if words else "ok"
    except OSError:
        return "ok"


def dist_files():
    out = []
    for name in sorted(os.listdir(ARGS.dist)):
        with open(os.path.join(ARGS.dist, name), "rb") as f:
            data = f.read()
        out.append((name, data))
    return out


def log(server, handler):
    entry = {"server": server, "method": handler.command,
             "path": handler.path,
             "headers": {k: v for k, v in handler.headers.items()}}
    with LOCK, open(ARGS.log, "a") as f:
        f.write(json.dumps(entry) + "\n")


class Base(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, status, body, headers=None, ctype="application/json"):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


class Files(Base):
    """The other origin: asset bytes, by name; mismatch changes one."""

    def do_GET(self):
        log("files", self)
        name = self.path.rsplit("/", 1)[-1]
        if name == "json-redirected":
            self.send(200, {"redirected": True})
            return
        for n, data in dist_files():
            if n == name:
                if scenario() == "mismatch" and n.endswith(".tar.gz"):
                    data = b"not the sdist\n"
                self.send(200, data, ctype="application/octet-stream")
                return
        self.send(404, {"message": "Not Found"})


class Api(Base):
    def do_GET(self):
        log("api", self)
        sc = scenario()
        auth = self.headers.get("Authorization") or \
            self.headers.get("PRIVATE-TOKEN")
        if sc == "echo401" or (ARGS.token and auth and
                               ARGS.token not in auth) or \
                (sc == "need-token" and not auth):
            self.send(401, {"message": "Bad credentials: got %s" % auth})
            return
        if sc == "ratelimit":
            self.send(403, {"message": "API rate limit exceeded"},
                      {"X-RateLimit-Remaining": "0",
                       "X-RateLimit-Reset": "1893456000"})
            return
        if sc == "slow":
            time.sleep(3)
        if sc == "huge":
            self.send(200, b"[" + b"0," * (3 * 1024 * 1024) + b"0]")
            return
        path, _, query = self.path.partition("?")
        q = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        if path.startswith("/api/v4/"):
            self.gitlab(sc, path[len(GL):] if path.startswith(GL) else None,
                        q)
        elif path.startswith(GH):
            self.github(sc, path[len(GH):], q)
        elif path.startswith("/json/"):
            self.json_cases(path[len("/json/"):])
        else:
            self.send(404, {"message": "Not Found"})

    # ---- the http check's JSON cases ----
    def json_cases(self, name):
        if name == "state":
            self.send(200, {"state": "open", "count": 3, "ok": True,
                            "list": [{"name": "a/b"}], "none": None,
                            "headers": {k: v for k, v in
                                        self.headers.items()}})
        elif name == "text":
            self.send(200, b"<html>not json</html>", ctype="text/html")
        elif name == "huge":
            self.send(200, b"[" + b"0," * (3 * 1024 * 1024) + b"0]")
        elif name == "redirect":
            self.send(302, b"", {"Location": FILES_URL + "/json-redirected"})
        else:
            self.send(404, {"message": "Not Found"})

    # ---- GitHub ----
    def github(self, sc, rest, q):
        if rest == "/releases/tags/v1.0.0":
            if sc == "norelease":
                self.send(404, {"message": "Not Found"})
                return
            if sc == "hostile":
                self.send(200, {"tag_name": "v1.0.0", "assets": "all"})
                return
            assets = []
            for i, (name, data) in enumerate(dist_files()):
                if sc == "missing" and name.endswith(".whl"):
                    continue
                a = {"id": i + 1, "name": name, "size": len(data),
                     "url": "http://127.0.0.1:%d%s/releases/assets/%d" %
                     (self.server.server_port, GH, i + 1),
                     "browser_download_url": FILES_URL + "/" + name}
                # The wheel with GitHub's digest; the sdist without one,
                # so that it is downloaded.
                if name.endswith(".whl"):
                    a["digest"] = "sha256:" + hashlib.sha256(data).hexdigest()
                assets.append(a)
            assets.append({"id": 99, "name": "notes" + ESC + ".txt",
                           "size": 1, "url": FILES_URL + "/notes.txt"})
            self.send(200, {"tag_name": "v1.0.0", "draft": sc == "draft",
                            "assets": assets})
        elif rest.startswith("/releases/assets/"):
            n = int(rest.rsplit("/", 1)[1])
            if self.headers.get("Accept") != "application/octet-stream":
                self.send(200, {"id": n})
                return
            name = dist_files()[n - 1][0]
            self.send(302, b"", {"Location": FILES_URL + "/" + name})
        elif rest.startswith("/commits/") and rest.endswith("/check-runs"):
            runs = [{"name": "tests", "status": "completed",
                     "conclusion": "success"},
                    {"name": "lint", "status": "completed",
                     "conclusion": "skipped"}]
            if sc == "ci-fail":
                runs.append({"name": "build" + ESC, "status": "completed",
                             "conclusion": "failure"})
            elif sc == "ci-pending":
                runs.append({"name": "docs", "status": "in_progress",
                             "conclusion": None})
            elif sc == "ci-none":
                runs = []
            self.send(200, {"total_count": len(runs), "check_runs": runs})
        elif rest == "/milestones":
            self.send(200, [{"number": 2, "title": "0.9.0"},
                            {"number": 3, "title": "1.0.0"}])
        elif rest == "/issues":
            self.send_github_issues(sc, q)
        else:
            self.send(404, {"message": "Not Found"})

    def send_github_issues(self, sc, q):
        base = "http://127.0.0.1:%d%s/issues" % (self.server.server_port, GH)
        items = []
        if "labels" in q:
            if sc == "blocker-label":
                items = [{"number": 12, "state": "open",
                          "title": "Crash on start" + ESC}]
            elif sc == "pages":
                if q.get("page") != "2":
                    # A closed one, as a server that ignores state=open
                    # would answer: no blocker.
                    self.send(200, [{"number": 7, "state": "closed",
                                     "title": "Old closed blocker"}],
                              {"Link": '<%s?state=open&labels=%s&'
                               'per_page=100&page=2>; rel="next", '
                               '<%s?page=2>; rel="last"' %
                               (base, q["labels"], base)})
                    return
                items = [{"number": 21, "state": "open",
                          "title": "On the second page"}]
        elif q.get("milestone") == "3" and sc == "blocker-milestone":
            items = [{"number": 14, "state": "open", "title": "Fix the docs",
                      "pull_request": {"url": "x"}}]
        self.send(200, items)

    # ---- GitLab ----
    def gitlab(self, sc, rest, q):
        if rest is None:
            self.send(404, {"message": "404 Project Not Found"})
            return
        if rest == "/releases/v1.0.0":
            if sc == "norelease":
                self.send(404, {"message": "404 Not found"})
                return
            links = []
            for i, (name, data) in enumerate(dist_files()):
                if sc == "missing" and name.endswith(".whl"):
                    continue
                links.append({"id": i + 1, "name": name,
                              "url": FILES_URL + "/" + name,
                              "direct_asset_url": FILES_URL + "/" + name,
                              "link_type": "package"})
            self.send(200, {"tag_name": "v1.0.0",
                            "assets": {"count": len(links),
                                       "sources": [], "links": links}})
        elif rest == "/pipelines":
            status = {"ci-fail": "failed", "ci-pending": "running"}.get(
                sc, "success")
            pipes = [] if sc == "ci-none" else [
                {"id": 40, "status": "failed", "sha": q.get("sha")},
                {"id": 41, "status": status, "sha": q.get("sha")}]
            self.send(200, pipes)
        elif rest in ("/issues", "/merge_requests"):
            mr = rest == "/merge_requests"
            items = []
            if "labels" in q and sc == "blocker-label" and not mr:
                items = [{"iid": 5, "state": "opened",
                          "title": "Data loss" + ESC}]
            elif "labels" in q and sc == "pages" and not mr:
                if q.get("page") != "2":
                    self.send(200, [{"iid": 8, "state": "closed",
                                     "title": "Closed"}],
                              {"X-Next-Page": "2", "X-Page": "1"})
                    return
                items = [{"iid": 9, "state": "opened",
                          "title": "Second page blocker"}]
            elif q.get("milestone") == "1.0.0" and \
                    sc == "blocker-milestone" and mr:
                items = [{"iid": 3, "state": "opened",
                          "title": "Release notes"}]
            self.send(200, items, {"X-Next-Page": ""})
        else:
            self.send(404, {"message": "404 Not found"})


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global ARGS, FILES_URL
    p = argparse.ArgumentParser()
    p.add_argument("--scenario", required=True)
    p.add_argument("--dist", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--token")
    p.add_argument("--max-seconds", type=int, default=600)
    ARGS = p.parse_args()
    files = Server(("127.0.0.1", 0), Files)
    api = Server(("127.0.0.1", 0), Api)
    FILES_URL = "http://127.0.0.1:%d/files" % files.server_port
    for s in (files, api):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d %d\n" % (api.server_port, files.server_port))
    os.rename(tmp, ARGS.port_file)
    time.sleep(ARGS.max_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
