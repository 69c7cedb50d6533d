#!/usr/bin/env python3
"""bench/measure.py: runs a command N times; prints the median wall time
(ms) and the peak resident memory (KiB) of the largest run.

The peak comes from GNU time, not from our own wait4(): a child forked
from this Python process starts with Python's resident pages, and Linux
keeps that high-water mark across exec, so ru_maxrss would report
Python's size whenever the command is smaller.

    python3 bench/measure.py [-n N] [-C DIR] -- COMMAND...
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("-C", dest="cwd", default=None)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    times, peak = [], 0
    out = f"/tmp/relcheck-measure.{os.getpid()}"
    cmd = ["/usr/bin/time", "-f", "%M", "-o", out] + cmd
    for _ in range(a.n):
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:
            if a.cwd:
                os.chdir(a.cwd)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execvp(cmd[0], cmd)
        _, status, ru = os.wait4(pid, 0)
        times.append((time.monotonic() - t0) * 1000)
        with open(out) as f:
            peak = max(peak, int(f.read().split()[-1]))
    os.unlink(out)
    print(f"{statistics.median(times):.1f} {peak}")


if __name__ == "__main__":
    main()
