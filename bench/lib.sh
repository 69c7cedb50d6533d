# bench/lib.sh: what every benchmark script starts with (sourced).
# Sets here (bench/), top, RELCHECK (the binary to measure) and
# RELCHECK_DATADIR, and gives row.
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
RELCHECK=${RELCHECK:-$top/relcheck}
RELCHECK_DATADIR=${RELCHECK_DATADIR:-$top}
export RELCHECK_DATADIR

# row WHAT FIGURE BUDGET: one row of bench/run's table (when it runs us).
row() {
	[ -n "${BENCH_ROWS:-}" ] && printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$BENCH_ROWS"
	return 0
}
