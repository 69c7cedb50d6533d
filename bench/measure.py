#!/usr/bin/env python3
"""bench/measure.py: runs a command N times; prints the median wall time
(ms) and the peak resident memory (KiB) of the slowest-memory run.

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
        peak = max(peak, ru.ru_maxrss)
    print(f"{statistics.median(times):.1f} {peak}")


if __name__ == "__main__":
    main()
