# bench/lib.sh: what every benchmark script starts with (sourced).
# Sets here (bench/), top, RELCHECK (the binary to measure) and
# RELCHECK_DATADIR, and gives goal, verdict, compare and the fmt_ helpers.
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
RELCHECK=${RELCHECK:-$top/relcheck}
RELCHECK_DATADIR=${RELCHECK_DATADIR:-$top}
export RELCHECK_DATADIR

# goal WHAT RELCHECK PEER RATIO TARGET VERDICT: one row of bench/run's
# goals table (issue 16's goals, each against a peer run in the same
# invocation).
goal() {
	[ -n "${BENCH_GOALS:-}" ] &&
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" >>"$BENCH_GOALS"
	return 0
}

# verdict VALUE LIMIT: PASS when VALUE <= LIMIT, else MISS.
verdict() {
	awk -v v="$1" -v l="$2" 'BEGIN { print (v + 0 <= l + 0) ? "PASS" : "MISS" }'
}

# compare [-C DIR] [-n N] -- A... ::: B...: bench/compare.py's line
# (A-ms B-ms ratio A-KiB B-KiB), RUNS rounds unless -n says.
compare() {
	python3 "$here/compare.py" -n "${RUNS:-7}" "$@"
}

# fmt_ms MS, fmt_mb KIB, fmt_x RATIO: figures as the tables print them.
fmt_ms() { awk -v v="$1" 'BEGIN { printf (v < 100) ? "%.1f ms" : "%.0f ms", v }'; }
fmt_mb() { awk -v v="$1" 'BEGIN { printf "%.1f MB", v / 1024 }'; }
fmt_x() { awk -v v="$1" 'BEGIN { printf "x%.2f", v }'; }
