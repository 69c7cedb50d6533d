#!/usr/bin/env python3
"""A fake Python package index for relcheck's tests.

Standard library only (Python 3.9+).  Listens on 127.0.0.1 and nowhere
else, and never opens a connection of its own.

    python3 tests/pypi-server.py --root DIR [--port 0] [--port-file FILE]
                                 [--log FILE] [--max-seconds 600]
                                 [--tls-cert PEM --tls-key PEM]
                                 [--upload-token TOKEN] [--upload-log FILE]

With --tls-cert and --tls-key it speaks HTTPS (the handshake is made in
each connection's thread, so a client that does not speak TLS stalls
only itself).

Data, re-read on every request:

    DIR/<project>/<version>/<files>      the distribution files
    DIR/<project>/<version>/meta.json    optional, see below
    DIR/<project>/<version>/<file>.provenance
                                         optional: the file's PEP 740
                                         provenance, served as it is
    DIR/_faults.json                     optional fault rules, see below

The project folder should carry the normalised name (PEP 503); the version
folder any PEP 440 spelling (it is shown normalised: "1.1.0-dev" is served
as "1.1.0.dev0").  sha256, size and upload time (the file's mtime) are
computed here.  meta.json:

    {"yanked": true | "reason",
     "info": {...merged into the JSON API's info...},
     "files": {"<filename>": {"yanked": true | false | "reason",
                              "sha256": "<hex to serve instead of the real one>",
                              "size": N, "upload_time": "2024-01-01T00:00:00Z"}}}

Endpoints:

    GET /pypi/<name>/json, /pypi/<name>/<version>/json   warehouse JSON API
    GET /simple/, /simple/<name>/                         PEP 691 JSON / PEP 503 HTML
    GET /files/<project>/<version>/<filename>             the file itself
    GET /integrity/<project>/<version>/<filename>/provenance
                        the Integrity API (PEP 740): <filename>.provenance
                        verbatim, as application/vnd.pypi.integrity.v1+json;
                        406 unless Accept names that type; 404 {"message":
                        "No provenance available for <filename>"} when the
                        file has none; 404 "Not Found" for no such file
    POST /legacy/                   an upload, as twine makes it (below)
    GET /_control                   state, rules, request counters, uploads
    POST /_control                  {"rules": [...]} and/or {"reset": true}
                                    and/or {"upload_token": "T" | null}

Uploads (the legacy API that twine uses: POST multipart/form-data with
":action" = "file_upload", protocol_version 1, name, version, filetype
(sdist or bdist_wheel), content (the file), and sha256_digest,
md5_digest or blake2_256_digest, at least one): HTTP basic auth with user
__token__ and the token of --upload-token (or of the control API); with
no token set, every upload is refused.  Answers as PyPI does, the message
in the HTTP reason phrase (which twine prints):

    401  no credentials              403  a wrong user or token
    400  a malformed form, a name, version or filename that does not fit,
         a digest that does not match, or "File already exists" (the same
         filename uploaded twice, whatever its content: PyPI lets an
         identical file through; this index does not, so that a test
         sees every second upload)
    413  a file over 64 MiB           200  stored

An upload's "attestations" field (twine upload --attestations: a JSON
list of attestation objects) is kept only when the index plays a Trusted
Publisher (POST /_control {"upload_publisher": {"kind": "GitHub", ...}}):
the file's provenance is then {"version": 1, "attestation_bundles":
[{"publisher": that object, "attestations": the list}]}, stored beside
it.  Without a publisher, or with a field that is not a list of objects,
the upload is refused (400) as PyPI refuses it.  The attestations are not
verified here.

A stored file lands in DIR/<normalised name>/<version>/ (the version's
folder if one matches, else a new one named by its normal form), written
to a temporary name and renamed, so the JSON and simple APIs serve it at
once.  Every upload, stored or refused, is a JSON line in the upload log
(--upload-log, default DIR/_uploads.jsonl) and in GET /_control's
"uploads": time, server (127.0.0.1:PORT), status, message, user, name,
version, filetype, filename, size, sha256.

Fault rules (DIR/_faults.json, or the body of POST /_control), the first
active rule whose regex matches wins; rules POSTed are tried before those
of the file:

    {"rules": [{"path": "<regex, re.search on the path without query>",
                "method": "<regex on the method>",     (optional)
                "times": N,        first N matching requests only
                "delay": SECONDS,  sleep first (alone: then answer normally)
                "status": 503, "body": "text", "content_type": "...",
                "headers": {"Retry-After": "0"},
                "drop": true | "reset",   Content-Length larger than what is
                                          sent, half the body, then close
                                          (FIN, or RST for "reset")
                "huge": BYTES,            200 with that many bytes of JSON
                "no_length": true,        with huge/body: no Content-Length,
                                          the close ends the body
                "malformed_json": true,   200 with '{"info": '
                "wrong_types": true}]}    200, info.version a number, urls
                                          an object

A rule's "times" count restarts whenever the file is rewritten, the rules
are POSTed again, or {"reset": true} is POSTed.
"""

import argparse
import base64
import datetime
import email.parser
import email.policy
import hmac
import hashlib
import html
import json
import os
import re
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"
SIMPLE_HTML = "application/vnd.pypi.simple.v1+html"
INTEGRITY_JSON = "application/vnd.pypi.integrity.v1+json"
PROVENANCE_SUFFIX = ".provenance"

# ---------------------------------------------------------------- names


def normalise_name(name):
    """PEP 503."""
    return re.sub(r"[-_.]+", "-", name).lower()


# ---------------------------------------------------------------- PEP 440

_VERSION_RE = re.compile(
    r"""
    ^\s*v?
    (?:(?P<epoch>[0-9]+)!)?
    (?P<release>[0-9]+(?:\.[0-9]+)*)
    (?P<pre>
        [-_.]?
        (?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)
        [-_.]?
        (?P<pre_n>[0-9]+)?
    )?
    (?P<post>
        (?:-(?P<post_n1>[0-9]+))
        |
        (?:[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?)
    )?
    (?P<dev>
        [-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?
    )?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
    \s*$
    """,
    re.VERBOSE | re.IGNORECASE,
)

_PRE_CANON = {"alpha": "a", "a": "a", "beta": "b", "b": "b",
              "c": "rc", "pre": "rc", "preview": "rc", "rc": "rc"}
_PRE_RANK = {"a": 0, "b": 1, "rc": 2}


class Version:
    """A version string, its PEP 440 normal form, and keys to match and
    sort on.  A string that is not PEP 440 is kept as it is."""

    def __init__(self, raw):
        self.raw = raw
        m = _VERSION_RE.match(raw)
        self.valid = m is not None
        if not m:
            self.text = raw
            self.match_key = (0, raw)
            self.sort_key = (0, raw)
            self.prerelease = False
            return
        epoch = int(m.group("epoch") or 0)
        release = tuple(int(x) for x in m.group("release").split("."))
        pre = None
        if m.group("pre"):
            pre = (_PRE_CANON[m.group("pre_l").lower()],
                   int(m.group("pre_n") or 0))
        post = None
        if m.group("post"):
            post = int(m.group("post_n1") or m.group("post_n2") or 0)
        dev = None
        if m.group("dev"):
            dev = int(m.group("dev_n") or 0)
        local = None
        if m.group("local"):
            local = tuple(int(p) if p.isdigit() else p.lower()
                          for p in re.split(r"[-_.]", m.group("local")))

        text = ""
        if epoch:
            text += "%d!" % epoch
        text += ".".join(str(x) for x in release)
        if pre:
            text += "%s%d" % pre
        if post is not None:
            text += ".post%d" % post
        if dev is not None:
            text += ".dev%d" % dev
        if local:
            text += "+" + ".".join(str(p) for p in local)
        self.text = text
        self.prerelease = pre is not None or dev is not None

        trimmed = list(release)
        while len(trimmed) > 1 and trimmed[-1] == 0:
            trimmed.pop()
        trimmed = tuple(trimmed)
        self.match_key = (1, epoch, trimmed, pre, post, dev, local)

        # Sort as packaging.version does.
        if pre is None and post is None and dev is not None:
            k_pre = (0,)
        elif pre is None:
            k_pre = (2,)
        else:
            k_pre = (1, _PRE_RANK[pre[0]], pre[1])
        k_post = (0,) if post is None else (1, post)
        k_dev = (2,) if dev is None else (1, dev)
        if local is None:
            k_local = (0,)
        else:
            k_local = (1, tuple((1, p, "") if isinstance(p, int)
                                else (0, 0, p) for p in local))
        self.sort_key = (1, epoch, trimmed, k_pre, k_post, k_dev, k_local)


# ---------------------------------------------------------------- data


def parse_yanked(value):
    """meta.json's yanked: true / false / "reason" -> (bool, reason|None)."""
    if value is None or value is False:
        return False, None
    if value is True:
        return True, None
    if isinstance(value, str):
        return True, (value or None)
    return bool(value), None


def iso_utc(ts):
    d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_hash_cache = {}
_hash_lock = threading.Lock()


def file_digests(path, st):
    key = (path, st.st_ino, st.st_size, st.st_mtime_ns)
    with _hash_lock:
        if key in _hash_cache:
            return _hash_cache[key]
    sha256 = hashlib.sha256()
    md5 = hashlib.md5()
    blake = hashlib.blake2b(digest_size=32)
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 16)
            if not chunk:
                break
            sha256.update(chunk)
            md5.update(chunk)
            blake.update(chunk)
    d = {"sha256": sha256.hexdigest(), "md5": md5.hexdigest(),
         "blake2b_256": blake.hexdigest()}
    with _hash_lock:
        _hash_cache[key] = d
    return d


def read_json_file(path):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        log_line("warning: cannot read %s: %s" % (path, e))
        return None


class Release:
    def __init__(self, project, dirname, path):
        self.project = project
        self.dirname = dirname
        self.path = path
        self.version = Version(dirname)
        meta = read_json_file(os.path.join(path, "meta.json"))
        self.meta = meta if isinstance(meta, dict) else {}
        self.yanked, self.yanked_reason = parse_yanked(self.meta.get("yanked"))
        fmeta = self.meta.get("files")
        self.files_meta = fmeta if isinstance(fmeta, dict) else {}

    def files(self, base_url):
        out = []
        try:
            names = sorted(os.listdir(self.path))
        except OSError:
            return out
        for fn in names:
            if (fn == "meta.json" or fn.startswith(".") or fn.endswith(".tmp")
                    or fn.endswith(PROVENANCE_SUFFIX)):
                continue
            fp = os.path.join(self.path, fn)
            try:
                st = os.stat(fp)
            except OSError:
                continue
            if not os.path.isfile(fp):
                continue
            try:
                digests = dict(file_digests(fp, st))
            except OSError:
                continue
            fm = self.files_meta.get(fn)
            fm = fm if isinstance(fm, dict) else {}
            if "yanked" in fm:
                yanked, reason = parse_yanked(fm["yanked"])
            else:
                yanked, reason = self.yanked, self.yanked_reason
            if "sha256" in fm:
                digests["sha256"] = str(fm["sha256"])
            if fn.endswith(".whl"):
                ptype = "bdist_wheel"
                parts = fn[:-4].split("-")
                pyver = parts[-3] if len(parts) >= 5 else "py3"
            elif fn.endswith(".egg"):
                ptype, pyver = "bdist_egg", "py3"
            else:
                ptype, pyver = "sdist", "source"
            upload = fm.get("upload_time") or iso_utc(st.st_mtime)
            url = "%s/files/%s/%s/%s" % (
                base_url, urllib.parse.quote(self.project.name),
                urllib.parse.quote(self.dirname), urllib.parse.quote(fn))
            out.append({
                "filename": fn,
                "path": fp,
                "packagetype": ptype,
                "python_version": pyver,
                "digests": digests,
                "size": fm.get("size", st.st_size),
                "upload_time_iso_8601": upload,
                "upload_time": upload[:19],
                "yanked": yanked,
                "yanked_reason": reason,
                "url": url,
            })
        return out


class Project:
    def __init__(self, root, dirname):
        self.dirname = dirname
        self.name = normalise_name(dirname)
        self.path = os.path.join(root, dirname)

    def releases(self):
        out = []
        try:
            names = os.listdir(self.path)
        except OSError:
            return out
        for d in names:
            p = os.path.join(self.path, d)
            if d.startswith(".") or not os.path.isdir(p):
                continue
            out.append(Release(self, d, p))
        out.sort(key=lambda r: (r.version.sort_key, r.dirname))
        return out

    def find_release(self, version):
        want = Version(version)
        rels = self.releases()
        for r in rels:
            if r.dirname == version:
                return r
        for r in rels:
            if r.version.match_key == want.match_key:
                return r
        return None

    def latest(self, rels):
        pool = [r for r in rels if not r.yanked] or rels
        final = [r for r in pool if not r.version.prerelease] or pool
        return final[-1] if final else None


def find_project(root, name):
    norm = normalise_name(name)
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return None
    exact = None
    for d in names:
        if d.startswith((".", "_")) or not os.path.isdir(os.path.join(root, d)):
            continue
        if d == norm:
            return Project(root, d)
        if exact is None and normalise_name(d) == norm:
            exact = Project(root, d)
    return exact


def all_projects(root):
    out = []
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return out
    for d in names:
        if d.startswith((".", "_")) or not os.path.isdir(os.path.join(root, d)):
            continue
        out.append(Project(root, d))
    return out


# ---------------------------------------------------------------- logging

_log_lock = threading.Lock()
_log_file = None


def log_line(text):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    line = "%s %s\n" % (stamp, text)
    with _log_lock:
        f = _log_file or sys.stderr
        try:
            f.write(line)
            f.flush()
        except (OSError, ValueError):
            pass


# ---------------------------------------------------------------- faults


class FaultState:
    """Fault rules (from the control file and from POST /_control), their
    hit counts, and the request counters."""

    def __init__(self, root):
        self.faults_path = os.path.join(root, "_faults.json")
        self.lock = threading.Lock()
        self.file_gen = None
        self.file_rules = []
        self.file_seq = 0
        self.posted_rules = []
        self.posted_seq = 0
        self.hits = {}
        self.counts = {}
        self.total = 0
        self.requests = []
        self.bad_file = None
        self.upload_token = None
        self.upload_publisher = None
        self.upload_log = None
        self.uploads = []
        self.upload_lock = threading.Lock()

    def _reload_file(self):
        """Called with the lock held."""
        try:
            with open(self.faults_path, "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
        except FileNotFoundError:
            if self.file_gen is not None:
                self.file_gen = None
                self.file_rules = []
                self.file_seq += 1
            return
        except OSError as e:
            log_line("warning: cannot read %s: %s" % (self.faults_path, e))
            return
        gen = (st.st_ino, st.st_mtime_ns, hashlib.sha256(data).hexdigest())
        if gen == self.file_gen:
            return
        try:
            doc = json.loads(data.decode("utf-8")) if data.strip() else {}
            rules = compile_rules(doc)
        except (ValueError, TypeError, re.error) as e:
            # Perhaps half written: keep the rules we had.
            if self.bad_file != gen:
                log_line("warning: %s: %s (keeping the previous rules)"
                         % (self.faults_path, e))
                self.bad_file = gen
            return
        self.file_gen = gen
        self.file_rules = rules
        self.file_seq += 1

    def set_posted(self, doc):
        rules = compile_rules(doc)
        with self.lock:
            self.posted_rules = rules
            self.posted_seq += 1

    def reset(self):
        with self.lock:
            self.hits = {}
            self.counts = {}
            self.total = 0
            self.requests = []

    def count(self, path):
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1
            self.total += 1

    def record(self, entry):
        with self.lock:
            self.requests.append(entry)
            if len(self.requests) > 1000:
                del self.requests[:len(self.requests) - 1000]

    def match(self, method, path):
        """The first active rule matching; counts its hit."""
        with self.lock:
            self._reload_file()
            for source, seq, rules in (("post", self.posted_seq, self.posted_rules),
                                       ("file", self.file_seq, self.file_rules)):
                for i, (rx, mrx, rule) in enumerate(rules):
                    if rx is not None and not rx.search(path):
                        continue
                    if mrx is not None and not mrx.search(method):
                        continue
                    key = (source, seq, i)
                    n = self.hits.get(key, 0)
                    times = rule.get("times")
                    if times is not None and n >= int(times):
                        continue
                    self.hits[key] = n + 1
                    return rule
        return None

    def snapshot(self):
        with self.lock:
            self._reload_file()

            def show(source, seq, rules):
                out = []
                for i, (_, _, rule) in enumerate(rules):
                    r = dict(rule)
                    r["hits"] = self.hits.get((source, seq, i), 0)
                    out.append(r)
                return out
            return {
                "rules": show("post", self.posted_seq, self.posted_rules),
                "file_rules": show("file", self.file_seq, self.file_rules),
                "counts": dict(self.counts),
                "total": self.total,
                "requests": list(self.requests),
                "uploads": list(self.uploads),
                "upload_token_set": self.upload_token is not None,
                "upload_publisher": self.upload_publisher,
            }


def compile_rules(doc):
    if not isinstance(doc, dict):
        raise ValueError("expected a JSON object")
    rules = doc.get("rules", [])
    if not isinstance(rules, list):
        raise ValueError('"rules" must be a list')
    out = []
    for r in rules:
        if not isinstance(r, dict):
            raise ValueError("a rule must be an object")
        rx = re.compile(r["path"]) if r.get("path") is not None else None
        mrx = re.compile(r["method"]) if r.get("method") is not None else None
        out.append((rx, mrx, r))
    return out


# ---------------------------------------------------------------- HTTP


class Response:
    def __init__(self, status, body=b"", ctype="application/json",
                 headers=None, etag=True, reason=None):
        self.status = status
        self.reason = reason    # the reason phrase, when not the usual
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.ctype = ctype
        self.headers = list(headers or [])
        self.etag = etag


def json_response(status, obj, ctype="application/json", headers=None):
    body = json.dumps(obj, indent=1, sort_keys=False) + "\n"
    return Response(status, body, ctype, headers)


def not_found():
    return json_response(404, {"message": "Not Found"})


def redirect(location):
    return Response(301, "", None, [("Location", location)], etag=False)


def wants_integrity_json(accept):
    """The Integrity API is strict: its one type, named with q > 0."""
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if fields[0].lower() != INTEGRITY_JSON:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            return True
    return False


def wants_simple_json(accept):
    """PEP 691 content negotiation: JSON only when it is preferred."""
    if not accept:
        return False, None
    best = None
    for order, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mtype = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if mtype in (SIMPLE_JSON, "application/vnd.pypi.simple.latest+json"):
            kind = "json"
        elif mtype in (SIMPLE_HTML, "application/vnd.pypi.simple.latest+html"):
            kind = "html-pypi"
        elif mtype in ("text/html", "*/*", "text/*"):
            kind = "html"
        else:
            continue
        if best is None or q > best[0]:
            best = (q, kind)
    if best is None:
        return False, None
    return best[1] == "json", best[1]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-pypi/1.0"
    sys_version = ""
    timeout = 60

    # --- plumbing

    def log_message(self, fmt, *args):
        pass

    def log_error(self, fmt, *args):
        log_line("error: " + (fmt % args))

    def setup(self):
        ctx = getattr(self.server, "tls", None)
        if ctx is not None:
            self.request.settimeout(self.timeout)
            self.request = ctx.wrap_socket(self.request, server_side=True)
        super().setup()

    def do_GET(self):
        self.dispatch("GET")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    @property
    def base_url(self):
        scheme = "https" if getattr(self.server, "tls", None) else "http"
        return "%s://127.0.0.1:%d" % (scheme, self.server.server_address[1])

    def read_body(self, limit=1 << 20):
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = 0
        if n < 0 or n > limit:
            raise ValueError("request body too large")
        return self.rfile.read(n) if n else b""

    def dispatch(self, method):
        t0 = time.monotonic()
        path = urllib.parse.urlsplit(self.path).path
        state = self.server.state
        note = ""
        status = 0
        try:
            if path == "/_control":
                resp = self.control(method)
                status = self.send(method, resp)
                return
            state.count(path)
            upload = method == "POST" and is_upload_path(path)
            if upload and self.body_length() > UPLOAD_MAX + (1 << 20):
                # Not read: the connection closes after the answer.
                self.close_connection = True
                resp = self.upload_refused(413, "File too large.", {})
                status = self.send(method, resp)
                return
            body = b""
            if method in ("POST", "PUT"):
                body = self.read_body(UPLOAD_MAX + (1 << 20) if upload
                                      else 1 << 20)
            rule = state.match(method, path)
            if rule is not None and rule.get("delay"):
                time.sleep(float(rule["delay"]))
            if rule is not None and not has_action(rule):
                rule = None
            if rule is not None:
                status, note = self.fault(method, path, rule)
                note = "fault" + (" " + note if note else "")
                return
            if upload:
                resp = self.upload(body)
            else:
                resp = self.route(method, path)
            status = self.send(method, resp)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as e:
            note = "client went away: %s" % e.__class__.__name__
            self.close_connection = True
        except Exception as e:  # answer 500 rather than kill the thread
            note = "internal error: %r" % (e,)
            self.close_connection = True
            try:
                status = self.send(method, json_response(
                    500, {"message": "internal error in the fake index: %s" % e}))
            except OSError:
                pass
        finally:
            dur = time.monotonic() - t0
            log_line("%s %s %s %.3fs%s" % (method, self.path, status or "-",
                                           dur, (" (" + note + ")") if note else ""))
            if path != "/_control":
                state.record({
                    "method": method, "path": self.path, "status": status,
                    "duration": round(dur, 4), "note": note,
                    "user_agent": self.headers.get("User-Agent"),
                    "accept": self.headers.get("Accept"),
                    "if_none_match": self.headers.get("If-None-Match"),
                })

    def send(self, method, resp, no_length=False):
        """Sends resp; ETag and 304 handling.  Returns the status sent."""
        status = resp.status
        etag = None
        if resp.etag and 200 <= status < 300:
            etag = '"%s"' % hashlib.sha256(resp.body).hexdigest()[:32]
            inm = self.headers.get("If-None-Match")
            if inm and method in ("GET", "HEAD"):
                tags = [t.strip() for t in inm.split(",")]
                tags = [t[2:] if t.startswith("W/") else t for t in tags]
                if "*" in tags or etag in tags:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return 304
        self.send_response(status, resp.reason)
        if resp.ctype:
            self.send_header("Content-Type", resp.ctype)
        if etag:
            self.send_header("ETag", etag)
        for k, v in resp.headers:
            self.send_header(k, v)
        if no_length:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(resp.body)
        return status

    # --- control

    def control(self, method):
        state = self.server.state
        if method in ("GET", "HEAD"):
            return json_response(200, self.control_doc())
        if method != "POST":
            return json_response(405, {"message": "Method Not Allowed"})
        try:
            doc = json.loads(self.read_body().decode("utf-8") or "{}")
            if not isinstance(doc, dict):
                raise ValueError("expected a JSON object")
            if "rules" in doc:
                state.set_posted(doc)
            if doc.get("reset"):
                state.reset()
            if "upload_token" in doc:
                token = doc["upload_token"]
                if token is not None and (not isinstance(token, str)
                                          or not token):
                    raise ValueError('"upload_token" must be a string '
                                     "or null")
                state.upload_token = token
            if "upload_publisher" in doc:
                pub = doc["upload_publisher"]
                if pub is not None and (not isinstance(pub, dict)
                                        or not isinstance(pub.get("kind"),
                                                          str)):
                    raise ValueError('"upload_publisher" must be an object '
                                     'with a "kind", or null')
                state.upload_publisher = pub
        except (ValueError, TypeError, re.error) as e:
            return json_response(400, {"message": "bad control request: %s" % e})
        return json_response(200, self.control_doc())

    def control_doc(self):
        doc = self.server.state.snapshot()
        doc["port"] = self.server.server_address[1]
        doc["pid"] = os.getpid()
        doc["root"] = self.server.root
        return doc

    # --- uploads (the legacy API)

    def body_length(self):
        try:
            return int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return 0

    def upload_refused(self, status, message, form):
        self.log_upload(status, message, form, None)
        return Response(status, message + "\n", "text/plain; charset=utf-8",
                        etag=False, reason=reason_phrase(message))

    def log_upload(self, status, message, form, stored):
        content = form.get("content")
        entry = {
            "time": datetime.datetime.now(datetime.timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S.%fZ"),
            "server": "127.0.0.1:%d" % self.server.server_address[1],
            "status": status,
            "message": message,
            "user": form.get("_user"),
            "name": form.get("name"),
            "version": form.get("version"),
            "filetype": form.get("filetype"),
            "filename": content[0] if content else None,
            "size": len(content[1]) if content else None,
            "sha256": (hashlib.sha256(content[1]).hexdigest()
                       if content else None),
            "stored": stored,
        }
        state = self.server.state
        with state.upload_lock:
            state.uploads.append(entry)
            path = state.upload_log
            if path:
                with open(path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(entry, sort_keys=True) + "\n")
                    f.flush()
                    os.fsync(f.fileno())

    def check_auth(self):
        """None when the credentials are the upload token's, else
        (status, message); the user seen (or None) is the second value."""
        token = self.server.state.upload_token
        auth = self.headers.get("Authorization")
        if not auth:
            return (401, "Invalid or non-existent authentication "
                    "information."), None
        scheme, _, value = auth.partition(" ")
        try:
            if scheme.lower() != "basic":
                raise ValueError("not basic")
            user, sep, password = base64.b64decode(
                value.strip(), validate=True).decode("utf-8").partition(":")
            if not sep:
                raise ValueError("no colon")
        except (ValueError, UnicodeDecodeError):
            return (403, "Invalid or non-existent authentication "
                    "information."), None
        if token is None:
            return (403, "Uploads are not enabled on this index (no "
                    "--upload-token)."), user
        good_user = hmac.compare_digest(user.encode(), b"__token__")
        good_token = hmac.compare_digest(password.encode(), token.encode())
        if not (good_user and good_token):
            return (403, "Invalid or non-existent authentication "
                    "information."), user
        return None, user

    def upload(self, body):
        form = {}
        malformed = None
        try:
            # Read before the credentials are judged, for the log only.
            form.update(parse_form(self.headers.get("Content-Type"), body))
        except ValueError as e:
            malformed = (400, "Malformed upload form: %s." % e)
        refused, form["_user"] = self.check_auth()
        if refused is None:
            refused = malformed
        if refused is None:
            refused = validate_upload(form)
        provenance = None
        if refused is None and "attestations" in form:
            provenance, refused = self.upload_provenance(form)
        if refused is None:
            refused = self.store(form, provenance)
        if refused is not None:
            return self.upload_refused(refused[0], refused[1], form)
        return Response(200, "OK\n", "text/plain; charset=utf-8", etag=False)

    def upload_provenance(self, form):
        """(provenance bytes, None) or (None, (status, message)) for an
        upload's attestations."""
        pub = self.server.state.upload_publisher
        if pub is None:
            return None, (400, "Attestations are only supported when using "
                          "Trusted Publishing")
        raw = form["attestations"]
        try:
            if not isinstance(raw, str):
                raise ValueError("the field is repeated")
            atts = json.loads(raw)
            if (not isinstance(atts, list) or not atts
                    or not all(isinstance(a, dict) for a in atts)):
                raise ValueError("not a list of attestation objects")
        except ValueError as e:
            return None, (400, "Invalid attestations supplied during "
                          "upload: %s" % e)
        doc = {"version": 1, "attestation_bundles": [
            {"publisher": pub, "attestations": atts}]}
        return (json.dumps(doc, separators=(",", ":")) + "\n").encode(), None

    def store(self, form, provenance=None):
        """Stores the validated upload (and its provenance, when given):
        None, or (status, message)."""
        root = self.server.root
        name, version = form["name"], form["version"]
        filename, data = form["content"]
        with self.server.state.upload_lock:
            proj = find_project(root, name)
            pdir = proj.path if proj else os.path.join(root,
                                                       normalise_name(name))
            for p in all_projects(root):
                if p.name != normalise_name(name):
                    continue
                for r in p.releases():
                    if os.path.exists(os.path.join(r.path, filename)):
                        return (400, "File already exists (%s). See "
                                "/help/#file-name-reuse for more "
                                "information." % filename)
            rel = proj.find_release(version) if proj else None
            vdir = rel.path if rel else os.path.join(pdir,
                                                     Version(version).text)
            os.makedirs(vdir, exist_ok=True)
            if provenance is not None:
                tmp = os.path.join(vdir, ".%s%s.%d.tmp" % (
                    filename, PROVENANCE_SUFFIX, threading.get_ident()))
                with open(tmp, "wb") as f:
                    f.write(provenance)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, os.path.join(vdir, filename
                                             + PROVENANCE_SUFFIX))
            tmp = os.path.join(vdir, ".%s.%d.tmp" % (filename,
                                                      threading.get_ident()))
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, os.path.join(vdir, filename))
        self.log_upload(200, "OK", form,
                        os.path.relpath(os.path.join(vdir, filename), root))
        return None

    # --- faults

    def fault(self, method, path, rule):
        status = int(rule.get("status") or 200)
        ctype = rule.get("content_type")
        headers = list((rule.get("headers") or {}).items())
        no_length = bool(rule.get("no_length"))

        if rule.get("drop"):
            if "body" in rule:
                base = Response(status, str(rule["body"]),
                                ctype or "application/json", headers, etag=False)
            else:
                base = self.route(method, path)
                if "status" in rule:
                    base.status = status
                if ctype:
                    base.ctype = ctype
                base.headers += headers
            body = base.body
            if len(body) < 64:
                body = body + b" " * (64 - len(body))
            self.send_response(base.status)
            if base.ctype:
                self.send_header("Content-Type", base.ctype)
            for k, v in base.headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            sock = self.connection
            if rule.get("drop") == "reset":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                struct.pack("ii", 1, 0))
                sock.close()
                return base.status, "drop reset after %d of %d bytes" % (
                    len(body) // 2, len(body))
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return base.status, "drop after %d of %d bytes" % (
                len(body) // 2, len(body))

        if rule.get("huge") is not None:
            n = int(rule["huge"])
            self.send_response(status)
            self.send_header("Content-Type", ctype or "application/json")
            for k, v in headers:
                self.send_header(k, v)
            if no_length:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(n))
            self.end_headers()
            if method != "HEAD":
                head = b'{"info": {"name": "huge", "version": "1.0.0", "filler": "'
                tail = b'"}, "urls": []}\n'
                if n < len(head) + len(tail):
                    head, tail = b"", b""
                self.wfile.write(head)
                left = n - len(head) - len(tail)
                chunk = b"x" * 65536
                while left > 0:
                    k = min(left, len(chunk))
                    self.wfile.write(chunk[:k])
                    left -= k
                self.wfile.write(tail)
            return status, "huge %d bytes" % n

        if rule.get("malformed_json"):
            resp = Response(status, '{"info": ', ctype or "application/json",
                            headers, etag=False)
            return self.send(method, resp, no_length), "malformed json"

        if rule.get("wrong_types"):
            name = path.split("/")[2] if path.startswith("/pypi/") else "x"
            doc = {
                "info": {"name": name, "version": 1.0, "yanked": "no",
                         "yanked_reason": 0},
                "urls": {"filename": "x.tar.gz", "digests": ["sha256"],
                         "size": "12"},
                "releases": [],
            }
            resp = json_response(status, doc, ctype or "application/json", headers)
            resp.etag = False
            return self.send(method, resp, no_length), "wrong types"

        if "body" in rule:
            body = rule["body"]
            if not isinstance(body, str):
                body = json.dumps(body)
            resp = Response(status, body, ctype or "text/plain; charset=utf-8",
                            headers, etag=False)
        else:
            reason = self.responses.get(status, ("",))[0]
            resp = json_response(status, {"message": reason or str(status)},
                                 ctype or "application/json", headers)
            resp.etag = False
        return self.send(method, resp, no_length), "status %d" % status

    # --- routes

    def route(self, method, path):
        if method not in ("GET", "HEAD"):
            return json_response(405, {"message": "Method Not Allowed"})
        parts = [urllib.parse.unquote(p) for p in path.split("/")]
        # parts[0] is "" (the path starts with "/").
        if len(parts) < 2 or parts[0] != "":
            return not_found()
        seg = parts[1:]
        if seg and seg[-1] == "" and seg[0] != "simple":
            seg = seg[:-1]
        if seg and seg[0] == "pypi":
            return self.route_json(seg[1:])
        if seg and seg[0] == "simple":
            return self.route_simple(path, seg[1:])
        if seg and seg[0] == "files" and len(seg) == 4:
            return self.route_file(seg[1], seg[2], seg[3])
        if seg and seg[0] == "integrity":
            if len(seg) == 5 and seg[4] == "provenance":
                return self.route_provenance(seg[1], seg[2], seg[3])
            return not_found()
        if seg == [] or seg == [""]:
            return Response(200, "fake package index for relcheck's tests\n",
                            "text/plain; charset=utf-8")
        return not_found()

    def route_json(self, seg):
        root = self.server.root
        if len(seg) == 2 and seg[1] == "json":
            name, version = seg[0], None
        elif len(seg) == 3 and seg[2] == "json":
            name, version = seg[0], seg[1]
        else:
            return not_found()
        proj = find_project(root, name)
        if proj is None:
            return not_found()
        if name != proj.name:
            loc = "/pypi/%s/" % urllib.parse.quote(proj.name)
            if version is not None:
                loc += urllib.parse.quote(version) + "/"
            return redirect(loc + "json")
        base = self.base_url
        rels = proj.releases()
        if version is None:
            rel = proj.latest(rels)
            if rel is None:
                return not_found()
        else:
            rel = proj.find_release(version)
            if rel is None:
                return not_found()
        files = rel.files(base)
        doc = {
            "info": self.info(proj, rel),
            "last_serial": 1,
            "urls": [json_file(f) for f in files],
            "vulnerabilities": [],
        }
        if version is None:
            releases = {}
            for r in rels:
                releases[r.version.text] = [json_file(f) for f in r.files(base)]
            doc["releases"] = releases
        return json_response(200, doc)

    def info(self, proj, rel):
        base = self.base_url
        info = {
            "author": "", "author_email": "", "bugtrack_url": None,
            "classifiers": [], "description": "",
            "description_content_type": None, "docs_url": None,
            "download_url": "", "downloads": {"last_day": -1, "last_month": -1,
                                              "last_week": -1},
            "home_page": "", "keywords": "", "license": "",
            "maintainer": "", "maintainer_email": "",
            "name": proj.name,
            "package_url": "%s/project/%s/" % (base, proj.name),
            "platform": None,
            "project_url": "%s/project/%s/" % (base, proj.name),
            "project_urls": None, "provides_extra": None,
            "release_url": "%s/project/%s/%s/" % (base, proj.name,
                                                  rel.version.text),
            "requires_dist": None, "requires_python": None, "summary": "",
            "version": rel.version.text,
            "yanked": rel.yanked,
            "yanked_reason": rel.yanked_reason,
        }
        extra = rel.meta.get("info")
        if isinstance(extra, dict):
            info.update(extra)
        return info

    def route_simple(self, path, seg):
        root = self.server.root
        is_json, kind = wants_simple_json(self.headers.get("Accept"))
        if is_json:
            ctype = SIMPLE_JSON
        elif kind == "html-pypi":
            ctype = SIMPLE_HTML
        else:
            ctype = "text/html; charset=utf-8"
        headers = [("Vary", "Accept")]

        if seg == [""] or seg == []:
            if seg == []:
                return redirect("/simple/")
            projs = all_projects(root)
            if is_json:
                return json_response(200, {
                    "meta": {"api-version": "1.1", "_last-serial": 1},
                    "projects": [{"name": p.name, "_last-serial": 1}
                                 for p in projs]}, ctype, headers)
            links = "".join('    <a href="/simple/%s/">%s</a>\n' % (
                urllib.parse.quote(p.name), html.escape(p.name)) for p in projs)
            return Response(200, simple_html("Simple index", links), ctype,
                            headers)

        name = seg[0]
        if len(seg) > 2 or (len(seg) == 2 and seg[1] != ""):
            return self.simple_404(is_json)
        proj = find_project(root, name)
        if proj is None:
            return self.simple_404(is_json)
        if name != proj.name or len(seg) == 1:
            return redirect("/simple/%s/" % urllib.parse.quote(proj.name))

        base = self.base_url
        rels = proj.releases()
        versions = []
        files = []
        for r in rels:
            versions.append(r.version.text)
            files.extend(r.files(base))
        files.sort(key=lambda f: f["filename"])
        if is_json:
            out = []
            for f in files:
                if f["yanked"]:
                    y = f["yanked_reason"] or True
                else:
                    y = False
                out.append({
                    "filename": f["filename"],
                    "url": f["url"],
                    "hashes": {"sha256": f["digests"]["sha256"]},
                    "requires-python": None,
                    "size": f["size"],
                    "upload-time": f["upload_time_iso_8601"],
                    "yanked": y,
                })
            return json_response(200, {
                "meta": {"api-version": "1.1", "_last-serial": 1},
                "name": proj.name,
                "versions": versions,
                "files": out,
            }, ctype, headers)
        links = ""
        for f in files:
            attr = ""
            if f["yanked"]:
                attr = ' data-yanked="%s"' % html.escape(f["yanked_reason"] or "")
            links += '    <a href="%s#sha256=%s"%s>%s</a><br />\n' % (
                html.escape(f["url"]), html.escape(f["digests"]["sha256"]),
                attr, html.escape(f["filename"]))
        return Response(200, simple_html("Links for %s" % proj.name, links),
                        ctype, headers)

    def simple_404(self, is_json):
        if is_json:
            return not_found()
        return Response(404, "<html><body><h1>404 Not Found</h1></body></html>\n",
                        "text/html; charset=utf-8", etag=False)

    def route_provenance(self, project, version, filename):
        """The Integrity API, as warehouse's api/integrity.py answers."""
        headers = [("Vary", "Accept")]
        if not wants_integrity_json(self.headers.get("Accept")):
            return json_response(406, {"message": "Request not acceptable"},
                                 headers=headers)
        proj = find_project(self.server.root, project)
        if (proj is None or "/" in filename
                or filename in ("", ".", "..", "meta.json")):
            return not_found()
        rel = proj.find_release(version)
        if rel is None:
            return not_found()
        for f in rel.files(self.base_url):
            if f["filename"] != filename:
                continue
            try:
                with open(f["path"] + PROVENANCE_SUFFIX, "rb") as fh:
                    data = fh.read()
            except FileNotFoundError:
                return json_response(404, {
                    "message": "No provenance available for %s" % filename},
                    headers=headers)
            return Response(200, data, INTEGRITY_JSON, headers)
        return not_found()

    def route_file(self, project, version, filename):
        proj = find_project(self.server.root, project)
        if proj is None or "/" in filename or filename in ("", ".", "..",
                                                           "meta.json"):
            return not_found()
        rel = proj.find_release(version)
        if rel is None:
            return not_found()
        for f in rel.files(self.base_url):
            if f["filename"] == filename:
                try:
                    with open(f["path"], "rb") as fh:
                        data = fh.read()
                except OSError:
                    return not_found()
                if filename.endswith(".whl"):
                    ctype = "application/zip"
                elif filename.endswith((".tar.gz", ".tgz")):
                    ctype = "application/x-tar"
                else:
                    ctype = "application/octet-stream"
                return Response(200, data, ctype)
        return not_found()


def has_action(rule):
    """False for a rule that only delays."""
    return (bool(rule.get("drop") or rule.get("malformed_json")
                 or rule.get("wrong_types"))
            or rule.get("huge") is not None
            or "status" in rule or "body" in rule)


UPLOAD_MAX = 64 << 20
_NAME_RE = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.I)


def is_upload_path(path):
    return path in ("/legacy/", "/legacy")


def reason_phrase(message):
    """A message as an HTTP reason phrase: printable ASCII, one line."""
    return "".join(c if " " <= c <= "~" else "?" for c in message)[:300]


def parse_form(ctype, body):
    """multipart/form-data -> {field: text, or a list when repeated;
    "content": (filename, bytes)}.  ValueError when malformed."""
    if not ctype or not ctype.lower().startswith("multipart/form-data"):
        raise ValueError("not multipart/form-data")
    if "boundary=" not in ctype:
        raise ValueError("no boundary")
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + body)
    if not msg.is_multipart() or msg.defects:
        raise ValueError("the body is not a well-formed multipart message")
    form = {}
    for part in msg.iter_parts():
        if part.get_content_disposition() != "form-data":
            raise ValueError("a part is not form-data")
        name = part.get_param("name", header="content-disposition")
        if not name:
            raise ValueError("a part has no name")
        data = part.get_payload(decode=True) or b""
        if name == "content":
            fn = part.get_filename()
            if not fn or "content" in form:
                raise ValueError("content needs one file with a filename")
            form["content"] = (fn, data)
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("field %s is not UTF-8" % name)
        if name in form:
            if not isinstance(form[name], list):
                form[name] = [form[name]]
            form[name].append(text)
        else:
            form[name] = text
    return form


def dist_name_version(filename):
    """(name, version) from an sdist's or a wheel's filename, or None."""
    if filename.endswith(".whl"):
        parts = filename[:-4].split("-")
        return (parts[0], parts[1]) if len(parts) in (5, 6) else None
    for ext in (".tar.gz", ".zip"):
        if filename.endswith(ext):
            base = filename[:-len(ext)]
            if "-" not in base:
                return None
            name, version = base.rsplit("-", 1)
            return name, version
    return None


def validate_upload(form):
    """None, or (400, message) for a form PyPI would refuse."""
    for field in (":action", "protocol_version", "name", "version",
                  "filetype"):
        if not isinstance(form.get(field), str):
            return 400, "Malformed upload form: %s is missing." % field
    if form[":action"] != "file_upload":
        return 400, "Unknown :action %s." % form[":action"]
    if form["protocol_version"] != "1":
        return 400, "Unknown protocol_version %s." % form["protocol_version"]
    if "content" not in form:
        return 400, "Malformed upload form: content is missing."
    name, version, ftype = form["name"], form["version"], form["filetype"]
    filename, data = form["content"]
    if not _NAME_RE.match(name):
        return 400, "Invalid value for name: %s." % name
    if not Version(version).valid:
        return 400, "Invalid value for version: %s." % version
    if (filename != os.path.basename(filename) or "\\" in filename
            or filename.startswith(".") or filename == "meta.json"
            or filename.endswith(".tmp")):
        return 400, "Invalid filename: %s." % filename
    nv = dist_name_version(filename)
    if nv is None:
        return 400, "Invalid distribution file: %s." % filename
    if ftype not in ("sdist", "bdist_wheel") or \
            (ftype == "bdist_wheel") != filename.endswith(".whl"):
        return 400, "Invalid value for filetype: %s." % ftype
    if normalise_name(nv[0]) != normalise_name(name):
        return 400, ("Start filename for %s with %s." %
                     (name, normalise_name(name).replace("-", "_")))
    if Version(nv[1]).match_key != Version(version).match_key:
        return 400, ("Version in filename should be %s not %s." %
                     (version, nv[1]))
    if len(data) > UPLOAD_MAX:
        return 413, "File too large."
    digests = {"md5_digest": hashlib.md5(data).hexdigest(),
               "sha256_digest": hashlib.sha256(data).hexdigest(),
               "blake2_256_digest":
               hashlib.blake2b(data, digest_size=32).hexdigest()}
    given = [k for k in digests if isinstance(form.get(k), str) and form[k]]
    if not given:
        return 400, "Include at least one message digest."
    for k in given:
        if form[k].strip().lower() != digests[k]:
            return 400, ("The digest supplied does not match a digest "
                         "calculated from the uploaded file.")
    return None


def json_file(f):
    return {
        "comment_text": "",
        "digests": f["digests"],
        "downloads": -1,
        "filename": f["filename"],
        "has_sig": False,
        "md5_digest": f["digests"]["md5"],
        "packagetype": f["packagetype"],
        "python_version": f["python_version"],
        "requires_python": None,
        "size": f["size"],
        "upload_time": f["upload_time"],
        "upload_time_iso_8601": f["upload_time_iso_8601"],
        "url": f["url"],
        "yanked": f["yanked"],
        "yanked_reason": f["yanked_reason"],
    }


def simple_html(title, links):
    t = html.escape(title)
    return ("<!DOCTYPE html>\n<html>\n  <head>\n"
            '    <meta name="pypi:repository-version" content="1.1">\n'
            "    <title>%s</title>\n  </head>\n  <body>\n    <h1>%s</h1>\n"
            "%s  </body>\n</html>\n" % (t, t, links))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # socketserver's default backlog is 5: a burst of clients (a test that
    # runs many checks at once) would see SYNs dropped and a 1 s stall.
    request_queue_size = 128

    def server_bind(self):
        # HTTPServer.server_bind calls socket.getfqdn(), which may ask a
        # name server: bind without it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host
        self.server_port = port

    def handle_error(self, request, client_address):
        log_line("error: unhandled exception from %s: %r"
                 % (client_address, sys.exc_info()[1]))


# ---------------------------------------------------------------- main


def write_port_file(path, port):
    d = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(d, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main(argv=None):
    global _log_file
    ap = argparse.ArgumentParser(
        description="A fake Python package index on 127.0.0.1 for tests.")
    ap.add_argument("--root", required=True,
                    help="DIR/<project>/<version>/<files>")
    ap.add_argument("--port", type=int, default=0,
                    help="port on 127.0.0.1 (default 0: any free port)")
    ap.add_argument("--port-file", help="write the chosen port here")
    ap.add_argument("--log", help="request log (default: stderr)")
    ap.add_argument("--max-seconds", type=float, default=600,
                    help="exit after this long (default 600)")
    ap.add_argument("--tls-cert", help="serve HTTPS with this certificate")
    ap.add_argument("--tls-key", help="and this key")
    ap.add_argument("--upload-token",
                    help="accept uploads with user __token__ and this token")
    ap.add_argument("--upload-log",
                    help="JSON lines, one per upload (default "
                    "ROOT/_uploads.jsonl)")
    args = ap.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        ap.error("--tls-cert and --tls-key go together")

    root = os.path.abspath(args.root)
    if not os.path.isdir(root):
        ap.error("--root %s: not a directory" % args.root)
    if args.log:
        _log_file = open(args.log, "a", buffering=1, encoding="utf-8")

    stop = threading.Event()
    why = []

    def on_signal(signum, frame):
        why.append(signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, on_signal)

    server = Server(("127.0.0.1", args.port), Handler)
    server.root = root
    server.tls = None
    if args.tls_cert:
        server.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.tls.load_cert_chain(args.tls_cert, args.tls_key)
    server.state = FaultState(root)
    server.state.upload_token = args.upload_token or None
    server.state.upload_log = os.path.abspath(
        args.upload_log or os.path.join(root, "_uploads.jsonl"))
    port = server.server_address[1]

    thread = threading.Thread(target=server.serve_forever,
                              kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    if args.port_file:
        write_port_file(args.port_file, port)
    log_line("listening on 127.0.0.1:%d root %s pid %d"
             % (port, root, os.getpid()))
    try:
        print("listening on 127.0.0.1:%d" % port, flush=True)
    except OSError:
        pass

    deadline = time.monotonic() + args.max_seconds
    while not stop.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            why.append("--max-seconds %g reached" % args.max_seconds)
            break
        stop.wait(min(left, 0.5))
    server.shutdown()
    server.server_close()
    log_line("exiting: %s" % (why[0] if why else "stopped"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
