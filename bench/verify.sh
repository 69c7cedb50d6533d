#!/bin/sh
# bench/verify.sh: `relcheck verify` and `relcheck status` of runs of
# 10,000 and 100,000 events against bench/naive-verify.py (the peer the
# issue names: a short Python check of the same chain), interleaved round
# by round (ROUNDS, default 5): each round runs the three on each size,
# and the ratios are taken within the round.  The journals are written as
# bench/journal.sh writes them (bench/gen-journal.py).  Prints, per size:
# the median time and the peak resident memory of each, the median ratio
# to the naive verifier, and memory 100k/10k.  Figures only.
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
SIZES=${SIZES:-"10000 100000"}
ROUNDS=${ROUNDS:-5}

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

R() {
	echo "$RELCHECK" -C "$work/p" -c "$work/journal.conf" --release 1.0.0 \
		--run "$1"
}

for n in $SIZES; do
	rm -rf "$work/p/.git/relcheck"
	"$RELCHECK" -C "$work/p" -c "$work/journal.conf" --release 1.0.0 \
		--as "Bench <bench@example.invalid>" mark pre.notes done >/dev/null
	python3 "$here/gen-journal.py" \
		"$work/p/.git/relcheck/runs/journal-1.0.0.jsonl" "$n" "$work/run-$n.jsonl"
	# Both must accept it.
	$(R "$work/run-$n.jsonl") verify >"$work/out" 2>&1 &&
		grep -q "journal intact: $n events" "$work/out" &&
		python3 "$here/naive-verify.py" "$work/run-$n.jsonl" >"$work/out" ||
		{ echo "verify: a verifier does not accept the journal"; cat "$work/out"; exit 1; }
done

: >"$work/figures"
for r in $(seq "$ROUNDS"); do
	for n in $SIZES; do
		j="$work/run-$n.jsonl"
		for what in verify status naive; do
			if [ "$what" = naive ]; then
				cmd="python3 $here/naive-verify.py $j"
			else
				cmd="$(R "$j") $what"
			fi
			echo "$r $n $what $(python3 "$here/measure.py" -n 1 -- $cmd)" >>"$work/figures"
		done
	done
done

python3 - "$work/figures" "${BENCH_ROWS:-}" <<'PY'
import statistics, sys
from collections import defaultdict
t, kb = defaultdict(dict), defaultdict(int)
for l in open(sys.argv[1]):
    r, n, what, ms, k = l.split()
    t[(int(n), what)][int(r)] = float(ms)
    kb[(int(n), what)] = max(kb[(int(n), what)], int(k))
sizes = sorted({n for n, _ in t})
rows = []
for n in sizes:
    nv = t[(n, "naive")]
    line = "verify %6d events: naive %7.1f ms %6d KiB" % (
        n, statistics.median(nv.values()), kb[(n, "naive")])
    for what in ("verify", "status"):
        m = t[(n, what)]
        ratio = statistics.median(m[r] / nv[r] for r in m)
        line += "   %s %7.1f ms %6d KiB x%.2f" % (
            what, statistics.median(m.values()), kb[(n, what)], ratio)
        rows.append(("`%s` of a %d-event journal, time against the naive "
                     "Python verifier (bench/naive-verify.py)" % (what, n),
                     "%.0f ms against %.0f ms: x%.2f" % (
                         statistics.median(m.values()),
                         statistics.median(nv.values()), ratio), "x0.5"))
    print(line)
if len(sizes) >= 2:
    a, b = sizes[0], sizes[-1]
    mem = "peak memory %dk/%dk: verify x%.2f, status x%.2f, naive x%.2f" % (
        b // 1000, a // 1000, kb[(b, "verify")] / kb[(a, "verify")],
        kb[(b, "status")] / kb[(a, "status")],
        kb[(b, "naive")] / kb[(a, "naive")])
    print(mem)
    rows.append(("`verify` / `status` peak memory, %dk events against %dk"
                 % (b // 1000, a // 1000), "x%.2f / x%.2f (%.1f / %.1f MB)" % (
                     kb[(b, "verify")] / kb[(a, "verify")],
                     kb[(b, "status")] / kb[(a, "status")],
                     kb[(b, "verify")] / 1024, kb[(b, "status")] / 1024),
                 "x1.5 (streamed)"))
if len(sys.argv) > 2 and sys.argv[2]:
    with open(sys.argv[2], "a") as f:
        for row in rows:
            f.write("\t".join(row) + "\n")
PY
