#!/usr/bin/env python3
"""tests/pep625-sdist.py DIST: each sdist in DIST as a current setuptools
(69.3 and later) writes it: named {name}-{version}.tar.gz with the name
normalised as PEP 625 says (lowercase, runs of -_. as one _), its top
folder renamed alike.  Debian 12's setuptools (66) names an sdist after
the project as written, which PyPI no longer accepts; the tests build
with it, offline.  Members, modes and times are kept."""
import io
import os
import re
import sys
import tarfile


def main(dist):
    for fn in sorted(os.listdir(dist)):
        m = re.fullmatch(r"(.+)-([^-]+)\.tar\.gz", fn)
        if not m:
            continue
        name, version = m.groups()
        norm = re.sub(r"[-_.]+", "_", name).lower()
        if norm == name:
            continue
        old, new = name + "-" + version, norm + "-" + version
        src = os.path.join(dist, fn)
        dst = os.path.join(dist, new + ".tar.gz")
        with tarfile.open(src) as tin, \
                tarfile.open(dst, "w:gz", format=tarfile.PAX_FORMAT) as tout:
            for member in tin.getmembers():
                data = tin.extractfile(member).read() if member.isfile() else None
                member.name = new + member.name[len(old):]
                tout.addfile(member, io.BytesIO(data) if data is not None else None)
        os.remove(src)


if __name__ == "__main__":
    main(sys.argv[1])
