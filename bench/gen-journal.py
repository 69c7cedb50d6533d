#!/usr/bin/env python3
"""bench/gen-journal.py RUN N OUT: writes to OUT a run of N events: the
first line of RUN (relcheck's own run-started), then notes, done marks
and check results, chained exactly as src/journal.c does (fields seq,
time, actor, host, type, payload, prev, then hash; compact JSON; UTF-8
kept).  The same journals as bench/journal.sh writes."""
import hashlib, json, sys

path, n, dest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
first = open(path, "rb").read().split(b"\n")[0]
prev = json.loads(first)["hash"]
out = [first + b"\n"]
items = ["pre.notes", "pre.docs", "post.bump"]
for seq in range(2, n + 1):
    k = seq % 10
    if k == 0:
        typ, payload = "check", {
            "item": "pre.file", "status": "pass", "reason": "x exists",
            "duration_ms": 0, "evidence": {"matches": "1"}}
    elif k == 5:
        typ, payload = "done", {"item": items[seq % 3]}
    else:
        typ, payload = "note", {"item": items[seq % 3],
                                "text": "note %d: checked \u00e9 \u2713" % seq}
    ms = seq % 1000
    ev = {"seq": seq,
          "time": "2026-11-25T17:%02d:%02d.%03dZ" % (seq // 60000 % 60,
                                                     seq // 1000 % 60, ms),
          "actor": "Bench <bench@example.invalid>", "host": "bench",
          "type": typ, "payload": payload, "prev": prev}
    body = json.dumps(ev, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")
    h = hashlib.sha256(body).hexdigest()
    out.append(body[:-1] + b',"hash":"' + h.encode() + b'"}\n')
    prev = h
open(dest, "wb").write(b"".join(out))
