#!/bin/sh
# bench/team.sh: `relcheck push` and `relcheck fetch` of a run of 10,000
# events (N=...), first whole, then after 100 more events; each against
# its peer, `git push` and `git fetch` of the same bytes as a plain
# branch, on the same machine (remotes are paths: no network).  Prints
# the wall time of each and the bytes on the wire: what the client sent
# to git-receive-pack (push) and what git-upload-pack sent to the client
# (fetch), counted by wrappers set as remote.NAME.receivepack and
# uploadpack, beside the journal's size.  Under bench/run, each figure
# is also a row of its goals table (relcheck / git / ratio): the time
# within x3 of git's (relcheck push is a git fetch of the relcheck refs,
# then a git push; fetch is one git fetch, then the chain compared and
# the files written), the bytes on the wire within x1.5 of git's (the
# tree holds the journal and its logs; the push's fetch of the remote's
# refs counts).  One round each: the ratios, not the milliseconds.
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
N=${N:-10000}
MORE=${MORE:-100}
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home"
mkdir -p "$HOME"
git config --global user.name "Bench"
git config --global user.email "bench@example.invalid"
git config --global init.defaultBranch main

# The wire: what goes into receive-pack, what comes out of upload-pack.
cat >"$work/rp" <<W
#!/bin/sh
tee -a "$work/wire.push" | git-receive-pack "\$@"
W
cat >"$work/up" <<W
#!/bin/sh
git-upload-pack "\$@" | tee -a "$work/wire.fetch"
W
chmod +x "$work/rp" "$work/up"
PATH="$(git --exec-path):$PATH"
export PATH

# wired REPO REMOTE: the remote's traffic counted.
wired() {
	git -C "$1" config "remote.$2.receivepack" "$work/rp"
	git -C "$1" config "remote.$2.uploadpack" "$work/up"
}
# measure KIND CMD...: runs it; prints "MS BYTES": the bytes on the
# wire both ways (relcheck push fetches the remote's relcheck refs
# first: that counts too).  KIND says what is measured, for the reader.
measure() {
	shift
	: >"$work/wire.push"
	: >"$work/wire.fetch"
	t0=$(date +%s%N)
	"$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
	t1=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000000 )) $(cat "$work/wire.push" "$work/wire.fetch" | wc -c | tr -d ' ')"
}

# extend JOURNAL K: K note events more, chained as journal.c chains them.
extend() {
	python3 - "$1" "$2" <<'PY'
import hashlib, json, sys
path, k = sys.argv[1], int(sys.argv[2])
lines = open(path, "rb").read().splitlines()
last = json.loads(lines[-1])
prev, seq = last["hash"], last["seq"]
out = []
for i in range(k):
    seq += 1
    ev = {"seq": seq,
          "time": "2026-11-25T17:%02d:%02d.%03dZ" % (seq // 60000 % 60,
                                                     seq // 1000 % 60, seq % 1000),
          "actor": "Bench <bench@example.invalid>", "host": "bench",
          "type": "note", "payload": {"item": "pre.notes",
                                      "text": "note %d: checked \u00e9 \u2713" % seq},
          "prev": prev}
    body = json.dumps(ev, separators=(",", ":"), ensure_ascii=False).encode()
    h = hashlib.sha256(body).hexdigest()
    out.append(body[:-1] + b',"hash":"' + h.encode() + b'"}\n')
    prev = h
open(path, "ab").write(b"".join(out))
PY
}

# The run: relcheck's own first event, then N-1 more.
git init -q --bare "$work/origin.git"
git clone -q "$work/origin.git" "$work/a" 2>/dev/null
cat >"$work/a/relcheck.conf" <<'CONF'
name = "team bench";
phases = ( { id = "pre"; title = "Before"; items = (
  { id = "notes"; title = "notes"; } ); } );
CONF
git -C "$work/a" add relcheck.conf
git -C "$work/a" commit -qm checklist
git -C "$work/a" push -q origin HEAD
"$RELCHECK" -C "$work/a" --release 1.0.0 mark pre.notes done >/dev/null
J="$work/a/.git/relcheck/runs/relcheck-1.0.0.jsonl"
extend "$J" $((N - 1))
"$RELCHECK" -C "$work/a" --release 1.0.0 verify >"$work/out" 2>&1 ||
	{ echo "team: relcheck verify does not accept the journal"; cat "$work/out"; exit 1; }
size1=$(wc -c <"$J" | tr -d ' ')
cp "$J" "$work/journal.1"
wired "$work/a" origin
git clone -q "$work/origin.git" "$work/b" 2>/dev/null
wired "$work/b" origin

# The peer: the same bytes as a file on a plain branch.
git init -q --bare "$work/peer.git"
git init -q "$work/pa"
git -C "$work/pa" remote add origin "$work/peer.git"
wired "$work/pa" origin
cp "$work/journal.1" "$work/pa/journal.jsonl"
git -C "$work/pa" add journal.jsonl
git -C "$work/pa" commit -qm journal
git init -q "$work/pb"
git -C "$work/pb" remote add origin "$work/peer.git"
wired "$work/pb" origin

set -- $(measure push "$RELCHECK" -C "$work/a" push)
rp_ms=$1 rp_b=$2
set -- $(measure push git -C "$work/pa" push -q origin HEAD:refs/heads/journal)
gp_ms=$1 gp_b=$2
set -- $(measure fetch "$RELCHECK" -C "$work/b" fetch)
rf_ms=$1 rf_b=$2
cmp -s "$work/journal.1" "$work/b/.git/relcheck/runs/relcheck-1.0.0.jsonl" ||
	{ echo "team: the fetched journal differs"; exit 1; }
set -- $(measure fetch git -C "$work/pb" fetch -q origin +refs/heads/journal:refs/heads/journal)
gf_ms=$1 gf_b=$2

# MORE events: what travels is the growth (git sends a delta).
extend "$J" "$MORE"
size2=$(wc -c <"$J" | tr -d ' ')
cp "$J" "$work/pa/journal.jsonl"
git -C "$work/pa" commit -qam "more"
set -- $(measure push "$RELCHECK" -C "$work/a" push)
rp2_ms=$1 rp2_b=$2
set -- $(measure push git -C "$work/pa" push -q origin HEAD:refs/heads/journal)
gp2_ms=$1 gp2_b=$2
set -- $(measure fetch "$RELCHECK" -C "$work/b" fetch)
rf2_ms=$1 rf2_b=$2
set -- $(measure fetch git -C "$work/pb" fetch -q origin +refs/heads/journal:refs/heads/journal)
gf2_ms=$1 gf2_b=$2
cmp -s "$J" "$work/b/.git/relcheck/runs/relcheck-1.0.0.jsonl" ||
	{ echo "team: the fetched journal differs after the growth"; exit 1; }

row() {
	printf '%-34s %7s ms %10s bytes on the wire (%5.1f%% of %s bytes)   git, same bytes as a branch: %7s ms %10s bytes\n' \
		"$1" "$2" "$3" "$(awk -v a="$3" -v b="$4" 'BEGIN { print 100 * a / b }')" "$4" "$5" "$6"
}
row "push, $N events" "$rp_ms" "$rp_b" "$size1" "$gp_ms" "$gp_b"
row "fetch, $N events (fresh clone)" "$rf_ms" "$rf_b" "$size1" "$gf_ms" "$gf_b"
row "push, +$MORE events" "$rp2_ms" "$rp2_b" "$((size2 - size1))" "$gp2_ms" "$gp2_b"
row "fetch, +$MORE events" "$rf2_ms" "$rf2_b" "$((size2 - size1))" "$gf2_ms" "$gf2_b"

# ratio A B: A / B (B 0 counts as 1).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 1; printf "%.2f", a / b }'; }
# goals NAME R-MS R-BYTES G-MS G-BYTES: the time row and the wire row.
goals() {
	x=$(ratio "$2" "$4")
	goal "team: $1, time" "$(fmt_ms "$2")" "git $(fmt_ms "$4")" \
		"$(fmt_x "$x")" "x3" "$(verdict "$x" 3)"
	x=$(ratio "$3" "$5")
	goal "team: $1, bytes on the wire" "$3 B" "git $5 B" \
		"$(fmt_x "$x")" "x1.5" "$(verdict "$x" 1.5)"
}
goals "push, $N events" "$rp_ms" "$rp_b" "$gp_ms" "$gp_b"
goals "fetch, $N events (fresh clone)" "$rf_ms" "$rf_b" "$gf_ms" "$gf_b"
goals "push, +$MORE events" "$rp2_ms" "$rp2_b" "$gp2_ms" "$gp2_b"
goals "fetch, +$MORE events" "$rf2_ms" "$rf2_b" "$gf2_ms" "$gf2_b"
