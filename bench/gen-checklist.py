#!/usr/bin/env python3
"""bench/gen-checklist.py KIND N DIR: writes DIR/big.conf, a checklist
whose loading exercises every look-up of the loader N times (N items or N
errors), for bench/load-big.sh and tests/security-loader.test.

KIND:
  items   one phase of N items; each depends on the one before and on one
          halfway back (by its full id), every third is placed with
          `after`, every tenth has a check.
  layers  a base of N items in two phases (DIR/base.conf) and a file that
          includes it and re-places every item with after/before, adds N/2
          items, and drops a tenth of them.
  errors  N items that each depend on an item that does not exist: N
          errors, each looked up by id.
"""
import os
import sys


def item(iid, title, extra=""):
    return '    { id = "%s"; title = "%s";%s }' % (iid, title, extra)


def phase(pid, items, title=True):
    t = ' title = "Phase %s";' % pid if title else ""
    return ' { id = "%s";%s items = (\n%s\n  ); }' % (
        pid, t, ",\n".join(items))


def items_kind(n):
    out = []
    for i in range(n):
        extra = ""
        if i > 0:
            extra += ' depends = [ "i%d", "p.i%d" ];' % (i - 1, i // 2)
        if i % 3 == 2:
            extra += ' after = "i%d";' % (i - 1)
        if i % 10 == 5:
            extra += ' check = { type = "file"; path = "f%d"; };' % i
        out.append(item("i%d" % i, "item %d" % i, extra))
    return 'name = "big";\nphases = (\n%s\n);\n' % phase("p", out)


def layers_kind(n, d):
    half = n // 2
    base = [phase("a", [item("a%d" % i, "a %d" % i) for i in range(half)]),
            phase("b", [item("b%d" % i, "b %d" % i) for i in range(n - half)])]
    with open(os.path.join(d, "base.conf"), "w") as f:
        f.write('name = "base";\nphases = (\n%s\n);\n' % ",\n".join(base))
    over = []
    for i in range(half):
        # every item replaced, moved before its neighbour or after it
        if i % 2:
            over.append(item("a%d" % i, "a %d again" % i,
                             ' before = "a%d";' % (i - 1)))
        else:
            over.append(item("a%d" % i, "a %d again" % i))
        over.append(item("x%d" % i, "new %d" % i, ' after = "a%d";' % i))
    drops = ", ".join('"b.b%d"' % i for i in range(0, n - half, 10))
    return ('@include "base.conf"\nname = "layers";\nphases = (\n%s\n);\n'
            'drop = [ %s ];\n' % (phase("a", over, title=False), drops))


def errors_kind(n):
    out = [item("i%d" % i, "item %d" % i, ' depends = [ "missing%d" ];' % i)
           for i in range(n)]
    return 'name = "errors";\nphases = (\n%s\n);\n' % phase("p", out)


def main():
    kind, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if kind == "items":
        text = items_kind(n)
    elif kind == "layers":
        text = layers_kind(n, d)
    elif kind == "errors":
        text = errors_kind(n)
    else:
        sys.exit("gen-checklist.py: unknown kind %s" % kind)
    with open(os.path.join(d, "big.conf"), "w") as f:
        f.write(text)


main()
