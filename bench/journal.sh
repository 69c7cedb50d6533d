#!/bin/sh
# bench/journal.sh: `relcheck status` and `relcheck verify` on runs of
# 10,000 and 100,000 events.  The journals are written by a small Python
# script that chains lines exactly as src/journal.c does (fields seq,
# time, actor, host, type, payload, prev, then hash; compact JSON; UTF-8
# kept), on a run started by relcheck itself; relcheck verify is checked
# once to accept one.  Prints, per size: wall time (median) and peak
# resident memory of each command, status and verify against a naive
# Python verifier of the same chain (bench/naive-verify.py) round by
# round, then the ratio 100k/10k (about 10 when linear).
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
SIZES=${SIZES:-"10000 100000"}

git init -q "$work/p"
cat >"$work/journal.conf" <<'CONF'
name = "journal bench";
phases = (
  { id = "pre"; title = "Before"; items = (
    { id = "notes"; title = "notes"; },
    { id = "docs"; title = "docs"; },
    { id = "file"; title = "file"; check = { type = "file"; path = "x"; }; }
  ); },
  { id = "post"; title = "After"; items = (
    { id = "bump"; title = "bump"; }
  ); }
);
CONF

# gen N OUT: a run of N events: relcheck's own run-started, then notes,
# done marks and check results, chained.
gen() {
	rm -rf "$work/p/.git/relcheck"
	"$RELCHECK" -C "$work/p" -c "$work/journal.conf" --release 1.0.0 \
		--as "Bench <bench@example.invalid>" mark pre.notes done \
		>/dev/null
	python3 - "$work/p/.git/relcheck/runs/journal-1.0.0.jsonl" "$1" <<'PY'
import hashlib, json, sys

path, n = sys.argv[1], int(sys.argv[2])
first = open(path, "rb").read().split(b"\n")[0]
prev = json.loads(first)["hash"]
out = [first + b"\n"]
items = ["pre.notes", "pre.docs", "post.bump"]
for seq in range(2, n + 1):
    k = seq % 10
    if k == 0:
        typ, payload = "check", {
            "item": "pre.file", "status": "pass", "reason": "x exists",
            "duration_ms": 0, "evidence": {"matches": "1"}}
    elif k == 5:
        typ, payload = "done", {"item": items[seq % 3]}
    else:
        typ, payload = "note", {"item": items[seq % 3],
                                "text": "note %d: checked \u00e9 \u2713" % seq}
    ms = seq % 1000
    ev = {"seq": seq,
          "time": "2026-11-25T17:%02d:%02d.%03dZ" % (seq // 60000 % 60,
                                                     seq // 1000 % 60, ms),
          "actor": "Bench <bench@example.invalid>", "host": "bench",
          "type": typ, "payload": payload, "prev": prev}
    body = json.dumps(ev, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")
    h = hashlib.sha256(body).hexdigest()
    out.append(body[:-1] + b',"hash":"' + h.encode() + b'"}\n')
    prev = h
open(path, "wb").write(b"".join(out))
PY
	mv "$work/p/.git/relcheck/runs/journal-1.0.0.jsonl" "$2"
}

R() {
	echo "$RELCHECK" -C "$work/p" -c "$work/journal.conf" --release 1.0.0 \
		--run "$1"
}

first=1
for n in $SIZES; do
	j="$work/run-$n.jsonl"
	t0=$(date +%s%N)
	gen "$n" "$j"
	t1=$(date +%s%N)
	if [ "$first" = 1 ]; then
		# relcheck must accept what the script writes.
		if ! $(R "$j") verify >"$work/verify.out" 2>&1 ||
		   ! grep -q "journal intact: $n events" "$work/verify.out"; then
			echo "journal: relcheck verify does not accept the generated journal:"
			cat "$work/verify.out"
			exit 1
		fi
		first=0
	fi
	# The peer: a naive verifier of the same chain (bench/naive-verify.py),
	# round by round with relcheck.
	set -- $(compare -n "${RUNS:-5}" -- $(R "$j") status ::: python3 "$here/naive-verify.py" "$j")
	s_ms=$1 n_ms=$2 s_x=$3 s_kb=$4
	set -- $(compare -n "${RUNS:-5}" -- $(R "$j") verify ::: python3 "$here/naive-verify.py" "$j")
	v_ms=$1 v_x=$3 v_kb=$4
	printf 'journal %6d events %6.1f MB (written in %5d ms): status %7.1f ms %7d KiB (x%.2f)   verify %7.1f ms %7d KiB (x%.2f)   naive verifier %7.1f ms\n' \
		"$n" "$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$j")" \
		$(( (t1 - t0) / 1000000 )) "$s_ms" "$s_kb" "$s_x" "$v_ms" "$v_kb" "$v_x" "$n_ms"
	for f in text markdown html json; do
		set -- $(python3 "$here/measure.py" -n "${RUNS:-3}" -- $(R "$j") report --format "$f")
		printf 'report %6d events %-8s %7.1f ms %7d KiB\n' "$n" "$f" "$1" "$2"
		echo "$n $f $1 $2" >>"$work/reports"
	done
	echo "$n $s_ms $s_kb $v_ms $v_kb $n_ms $s_x $v_x" >>"$work/figures"
done
python3 "$here/journal-goals.py" "$work/figures" "$work/reports" "${BENCH_GOALS:-}"
