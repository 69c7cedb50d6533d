#!/usr/bin/env python3
"""bench/compare.py: relcheck against a peer, interleaved round by round.

    python3 bench/compare.py [-n N] [-C DIR] [-w W] -- COMMAND-A ::: COMMAND-B

Runs A and B alternately N times (A first in odd rounds, B first in even
ones, after W warm-up runs of each that are not counted), each under GNU
time for its peak resident set, with stdout and stderr to /dev/null.
Prints one line:

    A-MEDIAN-MS B-MEDIAN-MS RATIO A-PEAK-KIB B-PEAK-KIB

where RATIO is the median of the per-round ratios A/B, not the ratio of
the medians: the machines this runs on are shared, and a burst of load
slows both runs of a round alike.  A command that exits non-zero is timed
all the same (a refusal is quick, so check the command once by hand).
"""
import argparse
import os
import statistics
import sys
import time


def run_once(cmd, cwd, out):
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            if cwd:
                os.chdir(cwd)
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execvp("/usr/bin/time",
                      ["/usr/bin/time", "-f", "%M", "-o", out] + cmd)
        finally:
            os._exit(127)
    os.waitpid(pid, 0)
    ms = (time.monotonic() - t0) * 1000
    with open(out) as f:
        kb = int(f.read().split()[-1])
    return ms, kb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=7)
    ap.add_argument("-w", type=int, default=1)
    ap.add_argument("-C", dest="cwd", default=None)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    words = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if ":::" not in words:
        sys.exit("compare.py: COMMAND-A ::: COMMAND-B")
    k = words.index(":::")
    cmd_a, cmd_b = words[:k], words[k + 1:]
    out = f"/tmp/relcheck-compare.{os.getpid()}"
    try:
        for _ in range(a.w):
            run_once(cmd_a, a.cwd, out)
            run_once(cmd_b, a.cwd, out)
        ta, tb, ratios, ka, kb = [], [], [], 0, 0
        for i in range(a.n):
            if i % 2 == 0:
                ma, ra = run_once(cmd_a, a.cwd, out)
                mb, rb = run_once(cmd_b, a.cwd, out)
            else:
                mb, rb = run_once(cmd_b, a.cwd, out)
                ma, ra = run_once(cmd_a, a.cwd, out)
            ta.append(ma)
            tb.append(mb)
            ratios.append(ma / mb)
            ka, kb = max(ka, ra), max(kb, rb)
    finally:
        if os.path.exists(out):
            os.unlink(out)
    print(f"{statistics.median(ta):.2f} {statistics.median(tb):.2f} "
          f"{statistics.median(ratios):.3f} {ka} {kb}")


if __name__ == "__main__":
    main()
