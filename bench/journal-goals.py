#!/usr/bin/env python3
"""bench/journal-goals.py FIGURES REPORTS [GOALS]: bench/journal.sh's
summary: the growth from the smallest to the largest journal, and the
goals rows (status and verify against the naive verifier; every report
format's peak memory at the largest size against the smallest).

FIGURES lines: N status-ms status-KiB verify-ms verify-KiB naive-ms
status-ratio verify-ratio.  REPORTS lines: N format ms KiB.
"""
import sys


def mb(kib):
    return "%.1f MB" % (int(kib) / 1024)


def main():
    rows = [l.split() for l in open(sys.argv[1])]
    reps = [l.split() for l in open(sys.argv[2])]
    out = open(sys.argv[3], "a") if len(sys.argv) > 3 and sys.argv[3] else None

    def goal(*cells):
        if out:
            out.write("\t".join(cells) + "\n")

    if len(rows) < 2:
        return
    a, b = rows[0], rows[-1]
    na, nb = int(a[0]), int(b[0])
    k = nb / na
    st, vt = float(b[1]) / float(a[1]), float(b[3]) / float(a[3])
    sm, vm = int(b[2]) / int(a[2]), int(b[4]) / int(a[4])
    print("journal %dk/%dk (x%g events): status time x%.1f, verify time x%.1f;"
          " peak memory status x%.2f, verify x%.2f" % (
              nb // 1000, na // 1000, k, st, vt, sm, vm))
    for name, ms, kib, x in (("status", b[1], b[2], b[6]),
                             ("verify", b[3], b[4], b[7])):
        goal("`%s` of %d events" % (name, nb),
             "%.0f ms, %s" % (float(ms), mb(kib)),
             "naive Python verifier %.0f ms" % float(b[5]),
             "x%.2f" % float(x), "<= x0.5",
             "PASS" if float(x) <= 0.5 else "MISS")
    lin = max(st, vt)
    goal("`status`, `verify`: %dk events against %dk" % (nb // 1000, na // 1000),
         "time x%.1f, x%.1f; memory x%.2f, x%.2f" % (st, vt, sm, vm),
         "the same at %dk" % (na // 1000), "x%.1f" % lin,
         "time <= x%g, memory <= x1.5" % (k * 1.2),
         "PASS" if lin <= k * 1.2 and max(sm, vm) <= 1.5 else "MISS")
    by = {}
    for n, f, ms, kib in reps:
        by.setdefault(f, {})[int(n)] = (float(ms), int(kib))
    for f, d in by.items():
        if na in d and nb in d:
            (ta, ka), (tb, kb) = d[na], d[nb]
            x = kb / ka
            ok = x <= 1.5 and kb / 1024 <= 20
            goal("`report --format %s` of %d events: peak memory" % (f, nb),
                 "%s, %.0f ms" % (mb(kb), tb),
                 "the same of %d events: %s, %.0f ms" % (na, mb(ka), ta),
                 "x%.2f" % x, "<= x1.5 and <= 20 MB",
                 "PASS" if ok else "MISS")


if __name__ == "__main__":
    main()
