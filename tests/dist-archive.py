#!/usr/bin/env python3
"""tests/dist-archive.py: writes the distribution files the dist and
rebuild tests need, with Python's tarfile and zipfile.

  dist-archive.py sdist OUT TOP METADATA-FILE [link]
      a .tar.gz holding TOP/, TOP/PKG-INFO (the file's text, or with
      "link" a symbolic link named PKG-INFO) and TOP/x.py
  dist-archive.py wheel OUT DISTINFO METADATA-FILE
      a .whl holding pkg/__init__.py and DISTINFO/METADATA
  dist-archive.py repro DIR
      rewrites every .tar.gz in DIR as a reproducible build would:
      members sorted, every mtime and the gzip header's SOURCE_DATE_EPOCH,
      owners zero
"""
import gzip
import io
import os
import sys
import tarfile
import zipfile


def add(tar, name, data=None, kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.mtime = 1700000000
    info.type = kind
    info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
    if kind == tarfile.SYMTYPE:
        info.linkname = link
        tar.addfile(info)
    elif data is None:
        tar.addfile(info)
    else:
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


def sdist(out, top, meta, link=False):
    with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        add(tar, top, kind=tarfile.DIRTYPE)
        if link:
            add(tar, top + "/PKG-INFO", kind=tarfile.SYMTYPE,
                link="/etc/passwd")
        else:
            add(tar, top + "/PKG-INFO", open(meta, "rb").read())
        add(tar, top + "/x.py", b"X = 1\n")


def wheel(out, distinfo, meta):
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("pkg/__init__.py", "X = 1\n")
        z.writestr(distinfo + "/METADATA", open(meta, "rb").read())


def repro(folder):
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".tar.gz"):
            continue
        path = os.path.join(folder, name)
        with tarfile.open(path, "r:gz") as src:
            members = [(m, src.extractfile(m).read() if m.isfile() else None)
                       for m in src.getmembers()]
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w",
                          format=tarfile.PAX_FORMAT) as dst:
            for m, data in sorted(members, key=lambda x: x[0].name):
                m.mtime = epoch
                m.uid = m.gid = 0
                m.uname = m.gname = ""
                m.pax_headers = {}
                dst.addfile(m, io.BytesIO(data) if data is not None
                            else None)
        with open(path, "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f,
                               mtime=epoch) as gz:
                gz.write(raw.getvalue())


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "sdist":
        sdist(sys.argv[2], sys.argv[3], sys.argv[4],
              len(sys.argv) > 5 and sys.argv[5] == "link")
    elif cmd == "wheel":
        wheel(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "repro":
        repro(sys.argv[2])
    else:
        sys.exit("unknown command " + cmd)
