#!/usr/bin/env python3
"""bench/startup.py: time from starting relcheck to its first screen, in
a pseudo-terminal, on a repository with 20,000 tags (bench/make-big-repo.sh).
The first screen must wait on no git or network work.

    python3 bench/startup.py REPO [RUNS]
"""
import os
import pty
import select
import signal
import statistics
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)
relcheck = os.environ.get("RELCHECK", os.path.join(top, "relcheck"))
repo = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
conf = os.path.join(top, "checklists", "octavia-loxilb-driver.conf")

times = []
for i in range(runs):
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8",
               LC_ALL="C.UTF-8", RELCHECK_DATADIR=top, COLUMNS="120",
               LINES="40")
    run = os.path.join(repo, ".git", f"bench-run-{i}.jsonl")
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(repo)
        os.execve(relcheck, [relcheck, "-c", conf, "--run", run,
                             "--release", "1.0.0", "--set",
                             "index=http://127.0.0.1:9", "--set",
                             "test_index=http://127.0.0.1:9"], env)
    seen = b""
    t1 = None
    while t1 is None and time.monotonic() - t0 < 10:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if b"Pre-release checklist" in seen:
                t1 = time.monotonic()
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    os.close(fd)
    os.unlink(run) if os.path.exists(run) else None
    if t1:
        times.append((t1 - t0) * 1000)
if times:
    print(f"first screen   median {statistics.median(times):.1f} ms "
          f"(min {min(times):.1f}, max {max(times):.1f}, {len(times)} runs) "
          f"on a repository with 20,000 tags")
    rows = os.environ.get("BENCH_ROWS")
    if rows:
        with open(rows, "a") as f:
            f.write(f"first screen, a repository with 20,000 tags\t"
                    f"{statistics.median(times):.1f} ms (median of "
                    f"{len(times)}; max {max(times):.1f} ms)\tunder 30 ms\n")
else:
    print("first screen   did not appear")
