#!/usr/bin/env python3
"""Writes report-1.0.0.jsonl: the fixed run behind the report's golden files.

    python3 generate.py RELCHECK

(also writes report-1.0.0.logs/pre.tests-1.log, the log that the run's
pre.tests check names, so that `relcheck verify` finds it intact)

A closed, reviewed run of report.conf with every item state (pending,
pass, fail, error, skipped, waived, done, n/a), notes long and many,
non-ASCII names, and text that tries to break out of each format (HTML
tags, Markdown table pipes, a terminal escape).  Times and hosts are fixed
here; the lines are chained exactly as src/journal.c chains them (compact
JSON, keys seq, time, actor, host, type, payload, prev, then hash: the
SHA-256 of the line up to the hash, closed with "}").

RELCHECK starts a throwaway run of report.conf only to learn what the run
pins: the checklist's sha256 and each item's definition hash.  The same
checklist gives the same journal, byte for byte.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = os.path.join(HERE, "report.conf")

ZOE = "Zoë Ångström <zoe@example.org>"
BJORN = "Björn Þórsson <bjorn@example.org>"
HOST = "build-01.example.org"
NOTE_LONG = (
    "Checked the notes against every merged pull request since 0.9.2: "
    "all 37 are mentioned, grouped by area, with the two breaking changes "
    "first. The wording of the deprecation paragraph was agreed with the "
    "maintainers on the list. A very long identifier that cannot be "
    "wrapped at a blank: "
    "release-notes-draft-7f3c9a1e2b4d6f8091a3c5e7f9b1d3e5a7c9e1f3b5d7f9a1c3"
    "e5a7c9e1f3b5d7f9a1c3e5\n"
    "Second paragraph: the notes are in NEWS.md and on the wiki.")
BREAKOUT = ("<script>alert(1)</script> and a table pipe a|b, "
            "*stars*, _under_, `ticks`, [link](javascript:x) & \"quotes\" "
            "'single'")


def pinned(relcheck):
    """The run-started payload relcheck itself writes for report.conf."""
    with tempfile.TemporaryDirectory() as d:
        run = os.path.join(d, "pin.jsonl")
        subprocess.run([relcheck, "-c", CONF, "--release", "1.0.0", "--run",
                        run, "--as", ZOE, "mark", "pre.notes", "note",
                        "--note", "pin"], check=True, cwd=d,
                       stdout=subprocess.DEVNULL)
        with open(run, encoding="utf-8") as f:
            return json.loads(f.readline())["payload"]


LOG = b"make check\nPASS: 212 tests\n"


def main():
    first = pinned(sys.argv[1])
    os.makedirs(os.path.join(HERE, "report-1.0.0.logs"), exist_ok=True)
    with open(os.path.join(HERE, "report-1.0.0.logs", "pre.tests-1.log"),
              "wb") as f:
        f.write(LOG)
    events = []
    clock = [0]

    def ev(actor, typ, payload):
        clock[0] += 1
        minute = clock[0] * 7
        t = "2026-11-20T%02d:%02d:%02d.%03dZ" % (
            9 + minute // 60, minute % 60, clock[0] % 60, clock[0] * 37 % 1000)
        events.append([actor, typ, payload, t])

    def item(i, **kw):
        return dict({"item": i}, **kw)

    ev(ZOE, "run-started", {
        "release": "1.0.0", "checklist": "/srv/widget/report.conf",
        "checklist_name": "widget release",
        "checklist_sha256": first["checklist_sha256"],
        "items": first["items"]})
    ev(ZOE, "check", item("pre.tests", status="pass", reason="exit 0",
                          duration_ms=84213, evidence={
                              "command": "make check", "exit_code": "0"},
                          log={"path": "pre.tests-1.log",
                               "sha256": hashlib.sha256(LOG).hexdigest()},
                          tail="PASS: 212 tests\n"))
    ev(ZOE, "check", item("pre.lint", status="fail",
                          reason="exit 2: 3 warnings in widget/io.c",
                          duration_ms=1520, evidence={
                              "command": "make lint", "exit_code": "2"}))
    ev(ZOE, "waive", item(
        "pre.lint", reason="The three warnings are in generated code "
        "(widget/io.c comes from io.xml) and are fixed upstream in the "
        "generator; agreed with Björn that they do not block 1.0.0. "
        + BREAKOUT,
        check_status="fail", check_reason="exit 2: 3 warnings in widget/io.c"))
    ev(ZOE, "check", item("pre.changelog", status="pass",
                          reason="CHANGELOG.md exists", duration_ms=2,
                          evidence={"matches": "1",
                                    "sha256 CHANGELOG.md": "c0ffee" + "1" * 58}))
    ev(ZOE, "note", item("pre.notes", text=NOTE_LONG))
    ev(ZOE, "note", item("pre.notes", text="Re-read by Björn: " + BREAKOUT))
    ev(ZOE, "done", item("pre.notes", note="Published \x1b[31mred\x1b[0m "
                         "and \x1b]52;c;Y2xpcGJvYXJk\x07 done."))
    ev(ZOE, "na", item("pre.docs", reason="No user-visible change in the "
                       "guide: " + BREAKOUT))
    ev(ZOE, "signoff", {"phase": "pre", "journal_hash": None,
                        "waived": [{"item": "pre.lint", "reason": "(see it)",
                                    "by": ZOE}],
                        "not_applicable": [{"item": "pre.docs",
                                            "reason": "(see it)", "by": ZOE}]})
    ev(ZOE, "check", item("rel.version", status="pass",
                          reason="VERSION matches /^1\\.0\\.0$/ at line 1",
                          duration_ms=1, evidence={"line": "1"}))
    ev(ZOE, "check", item("rel.tag", status="pass", reason="tag v1.0.0 "
                          "annotated at 3f2a1c9, pushed to origin",
                          duration_ms=15, evidence={
                              "tag": "8e01b44c" + "2" * 32,
                              "commit": "3f2a1c9d" + "3" * 32,
                              "remote_tag": "8e01b44c" + "2" * 32}))
    ev(ZOE, "check", item("rel.mirror", status="fail",
                          reason="mirror/*.tar.gz: no such file",
                          duration_ms=0, evidence={"matches": "0"}))
    ev(ZOE, "check", item("rel.upload", status="skipped",
                          reason="rel.mirror did not pass", duration_ms=0,
                          evidence={}))
    ev(ZOE, "done", item("rel.announce", note="Sent to widget-announce; "
                         "archived at https://lists.example.org/a/123"))
    ev(ZOE, "signoff", {"phase": "rel", "journal_hash": None, "waived": [],
                        "not_applicable": []})
    ev(ZOE, "command", item("post.bump", command="sed -i 's/1.0.0/1.1.0.dev0/' "
                            "VERSION && git commit -am 'Bump'", exit_code=0))
    ev(ZOE, "done", item("post.bump"))
    ev(ZOE, "check", item("post.site", status="error",
                          reason="exit 127: command not found (curl)",
                          duration_ms=3, evidence={
                              "command": "curl -fsS https://docs.example.org/",
                              "exit_code": "127"}))
    ev(ZOE, "na", item("post.milestone", reason="optional: skipped"))
    ev(ZOE, "signoff", {"phase": "post", "journal_hash": None, "waived": [],
                        "not_applicable": [{"item": "post.milestone",
                                            "reason": "optional: skipped",
                                            "by": ZOE}]})
    ev(ZOE, "closed", {})
    ev(BJORN, "review", {"approve": False, "verdict": "reject",
                         "note": "The lint waiver needs the upstream issue "
                         "number.", "journal_hash": None})
    ev(BJORN, "review", {"approve": True, "verdict": "approve",
                         "note": "Issue widget#88 added to the waiver "
                         "thread; approved. " + BREAKOUT,
                         "journal_hash": None})

    prev = "0" * 64
    out = open(os.path.join(HERE, "report-1.0.0.jsonl"), "wb")
    for seq, (actor, typ, payload, t) in enumerate(events, 1):
        if payload.get("journal_hash", "") is None:
            payload["journal_hash"] = prev  # what it signed: the last hash
        e = {"seq": seq, "time": t, "actor": actor, "host": HOST,
             "type": typ, "payload": payload, "prev": prev}
        body = json.dumps(e, separators=(",", ":"),
                          ensure_ascii=False).encode("utf-8")
        h = hashlib.sha256(body).hexdigest()
        out.write(body[:-1] + b',"hash":"' + h.encode() + b'"}\n')
        prev = h
    out.close()


if __name__ == "__main__":
    main()
