#!/bin/sh
# bench/startup-cost.sh: what a relcheck process costs before and around
# its git work (issue 16), against git asking the same, round by round.
#
#   sh bench/startup-cost.sh [REPO...]
#
# With no REPO it makes three: a small one (200 commits, 20 tags), the big
# one of bench/make-big-repo.sh (50,000 commits, 20,000 tags) with its
# 20,001 loose refs, and the same after `git pack-refs --all` (the remote
# too).  Each figure is the median wall time of RUNS rounds (default 15);
# in each round relcheck and its peer run one after the other, and the
# ratio is the median of the rounds' ratios, so that a noisy neighbour
# slows both.  Peak RSS is the largest of the runs (GNU time).
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat >"$work/git.conf" <<'CONF'
name = "bench";
phases = ( { id = "g"; title = "git"; items = (
  { id = "clean"; title = "clean"; check = { type = "git-clean"; }; },
  { id = "branch"; title = "branch"; check = { type = "git-branch"; name = "main"; remote = "origin"; }; },
  { id = "tag"; title = "tag"; check = { type = "git-tag"; name = "v1.0.0"; annotated = true; at = "HEAD"; remote = "origin"; }; }
); } );
CONF
cat >"$work/one.conf" <<'CONF'
name = "one";
phases = ( { id = "t"; title = "t"; items = (
  { id = "f"; title = "f"; check = { type = "file"; path = "CHANGELOG.md"; }; }
); } );
CONF
if [ $# -eq 0 ]; then
	sh "$here/make-big-repo.sh" "$work/small" 200 20
	sh "$here/make-big-repo.sh" "$work/loose" "${COMMITS:-50000}" "${TAGS:-20000}"
	sh "$here/make-big-repo.sh" "$work/packed" "${COMMITS:-50000}" "${TAGS:-20000}"
	git -C "$work/packed" pack-refs --all
	git -C "$work/packed.origin.git" pack-refs --all
	set -- "$work/small" "$work/loose" "$work/packed"
fi
for repo; do
	# Trust is asked of checklists with commands only; none here.
	"$RELCHECK" -C "$repo" -c "$work/git.conf" check >/dev/null
done
python3 - "$RELCHECK" "$work" "${RUNS:-15}" "$@" <<'PY'
import os, statistics, subprocess, sys, time
relcheck, work, runs, repos = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
peak_file = os.path.join(work, "peak")

def once(cmd, cwd):
    t0 = time.monotonic()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak_file] + cmd,
                   cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    ms = (time.monotonic() - t0) * 1000
    with open(peak_file) as f:
        return ms, int(f.read().split()[-1])

def git(*args):
    return ["git"] + list(args)

conf = os.path.join(work, "git.conf")
one = os.path.join(work, "one.conf")
rows = [
    ("--version", [relcheck, "--version"], [["true"]]),
    ("check, one file check", [relcheck, "-c", one, "check"],
     [[relcheck, "--version"]]),
    ("git-clean", [relcheck, "-c", conf, "check", "--item", "g.clean"],
     [git("status", "--porcelain")]),
    ("git-branch", [relcheck, "-c", conf, "check", "--item", "g.branch"],
     [git("symbolic-ref", "HEAD"),
      git("ls-remote", "origin", "refs/heads/main")]),
    ("git-tag", [relcheck, "-c", conf, "check", "--item", "g.tag"],
     [git("cat-file", "-t", "v1.0.0"),
      git("rev-parse", "v1.0.0^{commit}", "HEAD"),
      git("ls-remote", "origin", "refs/tags/v1.0.0")]),
]
for repo in repos:
    print(f"== {repo}")
    print(f"{'':24} {'relcheck':>9} {'peer':>9} {'ratio':>6} {'peak KiB':>9}")
    for name, cmd, peer in rows:
        r_ms, p_ms, ratios, peak = [], [], [], 0
        for _ in range(runs):
            ms, kb = once(cmd, repo)
            pm = sum(once(p, repo)[0] for p in peer)
            r_ms.append(ms)
            p_ms.append(pm)
            ratios.append(ms / pm)
            peak = max(peak, kb)
        peer_name = "true" if peer[0] == ["true"] else \
            ("--version" if peer[0][0] == relcheck else "git")
        print(f"{name:24} {statistics.median(r_ms):7.1f}ms "
              f"{statistics.median(p_ms):7.1f}ms "
              f"x{statistics.median(ratios):5.2f} {peak:9d}  (peer: {peer_name})")
PY
