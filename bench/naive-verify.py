#!/usr/bin/env python3
"""bench/naive-verify.py JOURNAL: the peer of `relcheck verify` (issue 16):
a short, honest check of the same chain.  Each line is parsed, its prev
must be the hash of the line before (64 zeros for the first), and its
hash the SHA-256 of its bytes up to ',"hash":' closed with '}'."""
import hashlib, json, sys

prev, n = "0" * 64, 0
with open(sys.argv[1], "rb") as f:
    for n, line in enumerate(f, 1):
        line = line.rstrip(b"\n")
        ev = json.loads(line)
        body = line[:line.rindex(b',"hash":')] + b"}"
        if ev["prev"] != prev or hashlib.sha256(body).hexdigest() != ev["hash"]:
            print("bad line %d" % n)
            sys.exit(1)
        prev = ev["hash"]
print("OK %d events, the last hash %s" % (n, prev))
