#!/bin/sh
# bench/make-big-repo.sh DIR COMMITS TAGS: a repository with COMMITS
# commits and TAGS annotated tags (git fast-import), a bare origin with
# everything pushed, and the last tag at HEAD.
set -eu
dir=$1
commits=${2:-50000}
tags=${3:-20000}
rm -rf "$dir" "$dir.origin.git"
git init -q -b main "$dir"
python3 - "$commits" "$tags" <<'PY' | git -C "$dir" fast-import --quiet
import sys
commits, tags = int(sys.argv[1]), int(sys.argv[2])
every = max(1, commits // tags)
t = 1700000000
out = sys.stdout.buffer
made = 0
for i in range(1, commits + 1):
    data = f"__version__ = \"0.{i}.0\"\n".encode()
    msg = f"commit {i}\n".encode()
    out.write(b"commit refs/heads/main\n")
    out.write(f"mark :{i}\n".encode())
    out.write(f"committer Bench <bench@example.invalid> {t + i} +0000\n".encode())
    out.write(b"data %d\n%s" % (len(msg), msg))
    if i > 1:
        out.write(f"from :{i - 1}\n".encode())
    out.write(b"M 100644 inline pkg/version.py\n")
    out.write(b"data %d\n%s\n" % (len(data), data))
    if (i % every == 0 and made < tags - 1) or i == commits:
        name = "v1.0.0" if i == commits else f"v0.{i}.0"
        tmsg = f"Release version {name[1:]}\n".encode()
        out.write(f"tag {name}\nfrom :{i}\n".encode())
        out.write(f"tagger Bench <bench@example.invalid> {t + i} +0000\n".encode())
        out.write(b"data %d\n%s" % (len(tmsg), tmsg))
        made += 1
PY
git -C "$dir" checkout -q main
printf '# Changelog\n\n## [1.0.0]\n' >"$dir/CHANGELOG.md"
git -C "$dir" add CHANGELOG.md
git -C "$dir" -c user.name=Bench -c user.email=b@example.invalid \
	commit -q -m "Prepare release v1.0.0"
git -C "$dir" tag -f -a v1.0.0 -m "Release version 1.0.0" >/dev/null
git init -q --bare "$dir.origin.git"
git -C "$dir" remote add origin "$dir.origin.git"
git -C "$dir" push -q origin main --tags 2>/dev/null
