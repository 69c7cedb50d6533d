#!/usr/bin/env python3
"""bench/screen.py: the screen against its peers, in a pseudo-terminal.

relcheck's screen, tig (on the same repository) and less (on a file of
as many lines, the terminal's floor) each run in a pty (pty.fork) of a
fixed size with the same environment (TERM=xterm-256color, C.UTF-8), the
peers interleaved round by round; the figures are medians (and p90) with
the ratio relcheck / peer.

    python3 bench/screen.py [-n ROUNDS] [-k KEYS] [--size 120x40,80x24]
                            [--big] [--before BIN] [REPO...]

With no REPO, a small repository is made (bench/make-big-repo.sh 300
commits, 30 tags); --big adds the 50,000-commit, 20,000-tag one, loose
and packed (`git pack-refs --all`).  Any index is 127.0.0.1:9 (nothing
listens there) and RELCHECK_DATADIR is the source tree, as
bench/startup.py has them.

What is measured, the same way for every program:

(a) first frame: from just before exec to the read() that completes the
    first full frame: the program's bottom line has come (relcheck: the
    status line's "q quit"; tig: its status line once a commit is
    selected, " - commit 1 of "; less: its prompt, the file's name) and
    the screen, as a small terminal emulator (Screen) keeps it, holds
    text on as many rows as the program's settled screen (quiet for
    400 ms, measured first), less one.  tig first draws an empty view
    with its status line, then the commits: its full frame is the
    second.  relcheck reopens one run (a start that creates the run
    pays for its first journal entry, made durable with fsync):
    "relcheck-new-run" is the same with the run made anew at every
    start.  A time-out counts as missing, not as a figure.
(b) key -> screen: once the program has been quiet for 400 ms, a key is
    written and the time taken from then to the last byte of the answer,
    the answer being over when the output has been quiet for 25 ms (the
    25 ms are not counted).  Keys: down (j), page down (PgDn), and the
    detail: relcheck t (the run's timeline, a pager) then q, tig Enter
    (the commit's diff) then q; less G then g (a whole page redrawn, the
    nearest it has).  A program that ends during its keys is reported,
    and its figures from then on are not taken.
    Every key is sent KEYS times per round.
(c) writes: the same start under `strace -f -e trace=write`, counting the
    program's own write() calls to the terminal (fd 1; its children's
    are not counted) and their bytes, up to the one that completes the
    first frame (as in (a)); and for one key (down), strace attached
    once the program is quiet, the writes of its answer.  Skipped when
    strace is not installed.
(d) CPU per key: the CPU time (user and system, /proc/PID/schedstat)
    the program spends on 200 cursor moves (j and k by fives), divided:
    a figure beside (b), whose latency is mostly the wake-up every
    program pays alike.

--before BIN measures another relcheck binary (an older build) alongside,
interleaved like the peers, for before/after ratios from one run.
"""
import argparse
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import fcntl
import time

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)
relcheck = os.environ.get("RELCHECK", os.path.join(top, "relcheck"))
conf = os.path.join(top, "checklists", "octavia-loxilb-driver.conf")
QUIET_KEY = 0.025
QUIET_IDLE = 0.4
DOWN, PGDN = b"j", b"\x1b[6~"


def env_for(cols, rows):
    e = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8",
             LC_ALL="C.UTF-8", RELCHECK_DATADIR=top)
    for k in ("COLUMNS", "LINES", "TMUX", "LESS", "LESSOPEN", "TIGRC_USER"):
        e.pop(k, None)
    e["TIGRC_USER"] = os.devnull
    e["LESSHISTFILE"] = "-"
    return e


class Screen:
    """Just enough of a terminal to tell which rows hold text: cursor
    addressing, erasing, the alternate screen; attributes are ignored."""
    CSI = re.compile(rb"\x1b\[([?>=]?)([0-9;]*)([ -/]*)([@-~])")

    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.cells = [bytearray(cols) for _ in range(rows)]
        self.y = self.x = 0
        self.pending = b""

    def clear(self, y0=0, y1=None):
        for y in range(y0, self.rows if y1 is None else y1):
            self.cells[y][:] = bytes(self.cols)

    def erase_line(self, x0, x1):
        row = self.cells[self.y]
        row[x0:x1] = bytes(max(0, min(x1, self.cols) - x0))

    def csi(self, priv, params, final):
        ps = [int(p) if p else 0 for p in params.split(b";")] if params \
            else []
        n = ps[0] if ps and ps[0] else 1
        if priv == b"?":
            if final in b"hl" and (1049 in ps or 47 in ps or 1047 in ps):
                self.clear()
            return
        if final in b"Hf":
            self.y = (ps[0] if ps and ps[0] else 1) - 1
            self.x = (ps[1] if len(ps) > 1 and ps[1] else 1) - 1
        elif final == ord("d"):
            self.y = n - 1
        elif final in b"G`":
            self.x = n - 1
        elif final == ord("A"):
            self.y -= n
        elif final == ord("B"):
            self.y += n
        elif final == ord("C"):
            self.x += n
        elif final == ord("D"):
            self.x -= n
        elif final == ord("J"):
            mode = ps[0] if ps else 0
            if mode == 2:
                self.clear()
            elif mode == 0:
                self.erase_line(self.x, self.cols)
                self.clear(self.y + 1)
        elif final == ord("K"):
            mode = ps[0] if ps else 0
            if mode == 0:
                self.erase_line(self.x, self.cols)
            elif mode == 1:
                self.erase_line(0, self.x + 1)
            else:
                self.erase_line(0, self.cols)
        elif final == ord("X"):
            self.erase_line(self.x, self.x + n)
        self.y = max(0, min(self.rows - 1, self.y))
        self.x = max(0, min(self.cols - 1, self.x))

    def feed(self, data):
        data = self.pending + data
        self.pending = b""
        i, n = 0, len(data)
        while i < n:
            c = data[i]
            if c == 0x1b:
                if i + 1 >= n:
                    self.pending = data[i:]
                    return
                nxt = data[i + 1]
                if nxt == ord("["):
                    m = self.CSI.match(data, i)
                    if not m:
                        self.pending = data[i:]
                        return
                    self.csi(m.group(1), m.group(2), m.group(4)[0])
                    i = m.end()
                elif nxt == ord("]"):
                    end = data.find(b"\x07", i)
                    st = data.find(b"\x1b\\", i)
                    ends = [e for e in (end, st) if e >= 0]
                    if not ends:
                        self.pending = data[i:]
                        return
                    e = min(ends)
                    i = e + (1 if e == end else 2)
                elif nxt in b"()*+":
                    i += 3
                else:
                    if nxt == ord("M"):
                        self.y = max(0, self.y - 1)
                    i += 2
                continue
            if c == 0x0d:
                self.x = 0
            elif c == 0x0a:
                self.y = min(self.rows - 1, self.y + 1)
            elif c == 0x08:
                self.x = max(0, self.x - 1)
            elif c >= 0x20 and not 0x80 <= c < 0xc0:
                if self.x < self.cols:
                    self.cells[self.y][self.x] = 0 if c == 0x20 else 1
                self.x = min(self.cols - 1, self.x + 1) \
                    if self.x < self.cols - 1 else self.cols
                if self.x >= self.cols:
                    self.x = self.cols - 1
            i += 1

    def filled(self):
        return sum(1 for r in self.cells if any(r))


class Peer:
    def __init__(self, name, argv, cwd, marker, detail):
        self.name, self.argv, self.cwd = name, argv, cwd
        self.marker, self.detail = marker, detail
        self.need = 0
        self.fresh_run = None	# a run file made anew at every start


BEFORE = None		# --before BIN: another relcheck, measured alongside


def relcheck_argv(binary, run):
    return [binary, "-c", conf, "--run", run, "--release", "1.0.0",
            "--set", "index=http://127.0.0.1:9",
            "--set", "test_index=http://127.0.0.1:9"]


def peers(repo, lessfile, work, fresh=False):
    """The programs; relcheck's run is made once (a first start pays for
    creating it: the first frame of a reopened run is measured, as the
    operator meets it every time but the first), unless fresh."""
    ps = []
    for name, binary in (("relcheck", relcheck), ("before", BEFORE)):
        if not binary:
            continue
        run = os.path.join(work, f"run-{name}.jsonl")
        if fresh and os.path.exists(run):
            os.unlink(run)
        ps.append(Peer(name, relcheck_argv(binary, run), repo, b"q quit",
                       (b"t", b"q")))
        if name == "relcheck":
            fresh_run = os.path.join(work, "run-new.jsonl")
            p = Peer("relcheck-new-run", relcheck_argv(binary, fresh_run),
                     repo, b"q quit", None)
            p.fresh_run = fresh_run
            ps.append(p)
    ps.append(Peer("tig", ["tig"], repo, b" - commit 1 of ", (b"\r", b"q")))
    ps.append(Peer("less", ["less", lessfile], work,
                   os.path.basename(lessfile).encode(), (b"G", b"g")))
    return ps


def spawn(p, cols, rows, prefix=()):
    argv = list(prefix) + p.argv
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ,
                    struct.pack("HHHH", rows, cols, 0, 0))
        os.chdir(p.cwd)
        os.execvpe(argv[0], argv, env_for(cols, rows))
    return pid, fd, t0


def read_some(fd, timeout):
    r, _, _ = select.select([fd], [], [], timeout)
    if not r:
        return None
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""


def wait_frame(fd, p, t0, cols, rows, need, limit=10.0):
    """The time of the read() that completes the first full frame: the
    program's marker has come and as many rows hold text as its settled
    screen has (less one: a message may come and go)."""
    seen = b""
    scr = Screen(cols, rows)
    while time.monotonic() - t0 < limit:
        data = read_some(fd, 0.5)
        if data == b"":
            return None
        if data:
            seen += data
            scr.feed(data)
            if p.marker in seen and scr.filled() >= need - 1:
                return time.monotonic()
    return None


def settled_rows(p, cols, rows):
    """The rows that hold text once the program has been quiet 400 ms."""
    pid, fd, t0 = spawn(p, cols, rows)
    scr = Screen(cols, rows)
    last = None
    while time.monotonic() - t0 < 30 and \
            (last is None or time.monotonic() - last < QUIET_IDLE):
        data = read_some(fd, 0.05)
        if data == b"":
            break
        if data:
            scr.feed(data)
            last = time.monotonic()
    stop(pid, fd)
    return scr.filled()


class Ended(Exception):
    """The program ended (its side of the pty closed)."""


def quiet(fd, gap, limit=10.0):
    """Reads until nothing came for gap seconds; the last byte's time."""
    t0 = time.monotonic()
    last = None
    while time.monotonic() - t0 < limit:
        data = read_some(fd, gap)
        if data is None:
            return last
        if data == b"":
            raise Ended()
        last = time.monotonic()
    return last


def stop(pid, fd):
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    t0 = time.monotonic()
    while time.monotonic() - t0 < 2:
        if read_some(fd, 0.05) == b"":
            break
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    os.close(fd)


def first_frame(p, cols, rows):
    if p.fresh_run:
        shutil.rmtree(p.fresh_run[:-len(".jsonl")] + ".logs",
                      ignore_errors=True)
        if os.path.exists(p.fresh_run):
            os.unlink(p.fresh_run)
    pid, fd, t0 = spawn(p, cols, rows)
    t1 = wait_frame(fd, p, t0, cols, rows, p.need)
    stop(pid, fd)
    return (t1 - t0) * 1000 if t1 else None


def key_rounds(p, cols, rows, n):
    """{key: [ms...]} for down, page down and the detail."""
    got = {"down": [], "pgdn": [], "detail": []}
    pid, fd, t0 = spawn(p, cols, rows)
    t1 = wait_frame(fd, p, t0, cols, rows, p.need)
    if not t1:
        stop(pid, fd)
        return got

    def press(key):
        t = time.monotonic()
        os.write(fd, key)
        end = quiet(fd, QUIET_KEY, 3.0)
        return (end - t) * 1000 if end else None

    try:
        quiet(fd, QUIET_IDLE, 30.0)
        for _ in range(n):
            for name, there, back in (("down", DOWN, b"k"),
                                      ("pgdn", PGDN, b"\x1b[5~"),
                                      ("detail",) + p.detail):
                ms = press(there)
                if ms is not None:
                    got[name].append(ms)
                press(back)
                quiet(fd, 0.05, 1.0)
    except Ended:
        print(f"  ({p.name} ended during its keys)")
    stop(pid, fd)
    return got


STRACE_LINE = re.compile(r'^(\d+) +write\((\d+), "((?:[^"\\]|\\.)*)"')


def unescape(s):
    return s.encode("latin-1").decode("unicode_escape").encode("latin-1")


def writes(p, cols, rows, work):
    """(write() calls, bytes) of the first frame."""
    if not shutil.which("strace"):
        return None
    out = os.path.join(work, "strace.out")
    prefix = ["strace", "-f", "-qq", "-s", "1000000", "-xx",
              "-e", "trace=write,execve", "-e", "signal=none", "-o", out]
    pid, fd, t0 = spawn(p, cols, rows, prefix)
    wait_frame(fd, p, t0, cols, rows, p.need, 20.0)
    stop(pid, fd)
    main = None
    calls = []
    with open(out, encoding="latin-1") as f:
        for line in f:
            if main is None:	# the program: strace's first child
                main = line.split(None, 1)[0]
            m = STRACE_LINE.match(line)
            if not m:
                continue
            if m.group(1) == main and m.group(2) == "1":
                calls.append(unescape(m.group(3)))
    os.unlink(out)
    seen = b""
    scr = Screen(cols, rows)
    frame = None
    for i, c in enumerate(calls):
        seen += c
        scr.feed(c)
        if p.marker in seen and scr.filled() >= p.need - 1:
            frame = i + 1
            break
    if frame is None:
        return None
    return frame, sum(len(c) for c in calls[:frame])


def key_writes(p, cols, rows, work):
    """write() calls and bytes of the answer to one down key."""
    if not shutil.which("strace"):
        return None
    out = os.path.join(work, "strace-key.out")
    pid, fd, t0 = spawn(p, cols, rows)
    if not wait_frame(fd, p, t0, cols, rows, p.need):
        stop(pid, fd)
        return None
    try:
        quiet(fd, QUIET_IDLE, 30.0)
    except Ended:
        stop(pid, fd)
        return None
    tr = subprocess.Popen(["strace", "-qq", "-s", "1000000", "-xx",
                           "-e", "trace=write", "-e", "signal=none",
                           "-o", out, "-p", str(pid)],
                          stderr=subprocess.DEVNULL)
    time.sleep(0.3)		# strace attached
    try:
        quiet(fd, 0.05, 1.0)
        os.write(fd, DOWN)
        quiet(fd, 0.2, 3.0)
    except Ended:
        pass
    tr.send_signal(signal.SIGINT)
    tr.wait()
    stop(pid, fd)
    n = nbytes = 0
    with open(out, encoding="latin-1") as f:
        for line in f:
            m = re.match(r'^write\((\d+), "((?:[^"\\]|\\.)*)"', line)
            if m and m.group(1) == "1":
                n += 1
                nbytes += len(unescape(m.group(2)))
    os.unlink(out)
    return n, nbytes


def key_cpu(p, cols, rows, n=200):
    """CPU time (user and system, from /proc/PID/schedstat) the program
    spends on a cursor move, over n keys (j and k by fives): what the
    latency above cannot show, since waking up costs every program the
    same.  None where schedstat is missing."""
    pid, fd, t0 = spawn(p, cols, rows)
    stat = f"/proc/{pid}/schedstat"
    if not wait_frame(fd, p, t0, cols, rows, p.need) or \
            not os.path.exists(stat):
        stop(pid, fd)
        return None
    try:
        quiet(fd, QUIET_IDLE, 30.0)
        with open(stat) as f:
            c0 = int(f.read().split()[0])
        for i in range(n):
            os.write(fd, DOWN if (i // 5) % 2 == 0 else b"k")
            quiet(fd, 0.01, 3.0)
        with open(stat) as f:
            c1 = int(f.read().split()[0])
    except (Ended, OSError, ValueError):
        stop(pid, fd)
        return None
    stop(pid, fd)
    return (c1 - c0) / n / 1000.0


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def fmt(xs):
    if not xs:
        return "missing"
    return f"{statistics.median(xs):.2f} ms (p90 {pct(xs, 0.9):.2f})"


def ratio(a, b):
    if not a or not b:
        return "   -  "
    return f"x{statistics.median(a) / statistics.median(b):.2f}"


def ratios(vals):
    out = [f"relcheck/{n} {ratio(vals.get('relcheck'), vals.get(n))}"
           for n in ("tig", "less", "before") if n in vals]
    if vals.get("relcheck-new-run") and vals.get("tig"):
        out.append("relcheck-new-run/tig "
                   f"{ratio(vals['relcheck-new-run'], vals['tig'])}")
    return "   ".join(out)


def make_repo(path, commits, tags):
    subprocess.run(["sh", os.path.join(here, "make-big-repo.sh"), path,
                    str(commits), str(tags)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bench(label, repo, work, sizes, rounds, keys):
    lessfile = os.path.join(work, "screen-less.txt")
    with open(lessfile, "w") as f:
        for i in range(2000):
            f.write(f"{i:5d}  a line of text, as long as a checklist row "
                    f"is, to page through\n")
    for cols, rows in sizes:
        print(f"\n{label}, {cols}x{rows}")
        ff = {}
        kk = {}
        need = {p.name: settled_rows(p, cols, rows)
                for p in peers(repo, lessfile, work, fresh=True)}
        print("  rows of text once settled: " + ", ".join(
            f"{k} {v}" for k, v in need.items()))
        for r in range(rounds):
            ps = peers(repo, lessfile, work)
            ps = ps[r % len(ps):] + ps[:r % len(ps)]	# order rotated
            for p in ps:
                p.need = need[p.name]
            for p in ps:
                ms = first_frame(p, cols, rows)
                ff.setdefault(p.name, [])
                if ms is not None:
                    ff[p.name].append(ms)
            for p in ps:
                if not p.detail:
                    continue
                got = key_rounds(p, cols, rows, keys)
                d = kk.setdefault(p.name, {})
                for k, v in got.items():
                    d.setdefault(k, []).extend(v)
        names = [p.name for p in peers(repo, lessfile, work)]
        print("  first frame  " + "   ".join(
            f"{n} {fmt(ff.get(n))}" for n in names))
        print(f"               {ratios(ff)}")
        for k, what in (("down", "down (j)"), ("pgdn", "page down"),
                        ("detail", "detail")):
            vals = {n: kk.get(n, {}).get(k, []) for n in names
                    if n in kk}
            print(f"  {what:<12} " + "   ".join(
                f"{n} {fmt(vals[n])}" for n in vals))
            print(f"               {ratios(vals)}")
        ps = peers(repo, lessfile, work)
        cpu = {}
        for p in ps:
            if not p.detail:
                continue
            p.need = need[p.name]
            w = writes(p, cols, rows, work)
            kw = key_writes(p, cols, rows, work)
            if w:
                n, nb = w
                line = f"  writes       {p.name:<9} first frame {n:3d} " \
                       f"write() calls, {nb:6d} bytes"
            else:
                line = f"  writes       {p.name:<9} first frame: not seen"
            if kw:
                line += f"; a down key {kw[0]:3d} calls, {kw[1]:5d} bytes"
            print(line)
            us = key_cpu(p, cols, rows)
            if us is not None:
                cpu[p.name] = us
                print(f"  cpu          {p.name:<9} {us:.0f} us a cursor "
                      f"move (200 keys)")
        goals = os.environ.get("BENCH_GOALS")
        if goals:
            with open(goals, "a") as f:
                cells = [("first full screen", ff)]
                cells += [(what, {n: kk.get(n, {}).get(k, []) for n in kk})
                          for k, what in (("down", "key -> screen: down"),
                                          ("pgdn", "key -> screen: page down"),
                                          ("detail", "key -> screen: the detail"))]
                for what, vals in cells:
                    mine, tig = vals.get("relcheck"), vals.get("tig")
                    if not mine or not tig:
                        continue
                    x = statistics.median(mine) / statistics.median(tig)
                    f.write(f"{what}, {label}, {cols}x{rows}\t"
                            f"{statistics.median(mine):.2f} ms\t"
                            f"tig {statistics.median(tig):.2f} ms\t"
                            f"x{x:.2f}\t<= x1.0 (tig)\t"
                            f"{'PASS' if x <= 1.0 else 'MISS'}\n")
                if "relcheck" in cpu and "tig" in cpu:
                    f.write(f"CPU per cursor move (figure), {label}, "
                            f"{cols}x{rows}\t{cpu['relcheck']:.0f} us\t"
                            f"tig {cpu['tig']:.0f} us, less "
                            f"{cpu.get('less', 0):.0f} us\t"
                            f"x{cpu['relcheck'] / cpu['tig']:.2f}\tfigure\t-\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=7, help="rounds")
    ap.add_argument("-k", type=int, default=10, help="keys per round")
    ap.add_argument("--size", default="120x40,80x24")
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--before", metavar="BIN",
                    help="another relcheck binary, measured alongside")
    ap.add_argument("repos", nargs="*")
    a = ap.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in a.size.split(",")]
    global BEFORE
    BEFORE = os.path.abspath(a.before) if a.before else None
    for tool in ("tig", "less"):
        if not shutil.which(tool):
            sys.exit(f"bench/screen.py: {tool} is not installed")
    work = tempfile.mkdtemp(prefix="relcheck-screen.")
    try:
        repos = [(os.path.basename(r.rstrip("/")), os.path.abspath(r))
                 for r in a.repos]
        if not repos:
            make_repo(os.path.join(work, "small"), 300, 30)
            repos.append(("a small repository (300 commits, 30 tags)",
                          os.path.join(work, "small")))
        if a.big:
            big = os.path.join(work, "big")
            make_repo(big, 50000, 20000)
            packed = os.path.join(work, "packed")
            shutil.copytree(big, packed, symlinks=True)
            subprocess.run(["git", "-C", packed, "pack-refs", "--all"],
                           check=True)
            repos.append(("50,000 commits, 20,000 tags, loose refs", big))
            repos.append(("50,000 commits, 20,000 tags, packed refs",
                          packed))
        print(f"bench/screen.py: {a.n} rounds, {a.k} keys a round; "
              f"{relcheck}")
        for label, repo in repos:
            bench(label, repo, work, sizes, a.n, a.k)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
