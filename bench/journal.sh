#!/bin/sh
# bench/journal.sh: `relcheck status` and `relcheck verify` on runs of
# 10,000 and 100,000 events.  The journals are written by a small Python
# script that chains lines exactly as src/journal.c does (fields seq,
# time, actor, host, type, payload, prev, then hash; compact JSON; UTF-8
# kept), on a run started by relcheck itself; relcheck verify is checked
# once to accept one.  Prints, per size: wall time (median) and peak
# resident memory of each command, then the ratio 100k/10k (about 10 when
# linear).  Figures only.
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
	set -- $(python3 "$here/measure.py" -n "${RUNS:-3}" -- $(R "$j") status)
	s_ms=$1 s_kb=$2
	set -- $(python3 "$here/measure.py" -n "${RUNS:-3}" -- $(R "$j") verify)
	v_ms=$1 v_kb=$2
	printf 'journal %6d events %6.1f MB (written in %5d ms): status %7.1f ms %7d KiB   verify %7.1f ms %7d KiB\n' \
		"$n" "$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$j")" \
		$(( (t1 - t0) / 1000000 )) "$s_ms" "$s_kb" "$v_ms" "$v_kb"
	row "\`status\` / \`verify\` of a $n-event journal" \
		"$(printf '%.0f ms / %.0f ms, %.1f MB peak' "$s_ms" "$v_ms" \
			"$(awk "BEGIN{print ($s_kb > $v_kb ? $s_kb : $v_kb)/1024}")")" \
		"linear in the events"
	rep=""
	for f in text markdown html json; do
		set -- $(python3 "$here/measure.py" -n "${RUNS:-3}" -- $(R "$j") report --format "$f")
		printf 'report %6d events %-8s %7.1f ms %7d KiB\n' "$n" "$f" "$1" "$2"
		rep="$rep${rep:+, }$f $(printf '%.0f' "$1") ms ($(awk "BEGIN{printf \"%.0f\", $2/1024}") MB)"
	done
	row "\`report\` of a $n-event journal" "$rep" "linear in the events"
	echo "$n $s_ms $s_kb $v_ms $v_kb" >>"$work/figures"
done
python3 - "$work/figures" "${BENCH_ROWS:-}" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
if len(rows) >= 2:
    a, b = rows[0], rows[-1]
    k = int(b[0]) / int(a[0])
    print("journal %dk/%dk (x%g events): status time x%.1f, verify time x%.1f;"
          " peak memory status x%.2f, verify x%.2f" % (
              int(b[0]) // 1000, int(a[0]) // 1000, k,
              float(b[1]) / float(a[1]), float(b[3]) / float(a[3]),
              int(b[2]) / int(a[2]), int(b[4]) / int(a[4])))
    if len(sys.argv) > 2 and sys.argv[2]:
        with open(sys.argv[2], "a") as f:
            f.write("%dk events against %dk: time of status, verify\t"
                    "x%.1f, x%.1f; peak memory x%.2f, x%.2f\t"
                    "time about x%g (linear), memory flat\n" % (
                        int(b[0]) // 1000, int(a[0]) // 1000,
                        float(b[1]) / float(a[1]), float(b[3]) / float(a[3]),
                        int(b[2]) / int(a[2]), int(b[4]) / int(a[4]), k))
PY
