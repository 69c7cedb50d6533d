#!/bin/sh
# bench/load-big.sh: `relcheck lint` of big checklists (bench/gen-checklist.py):
# N items with dependencies and `after`, N items over an @include layer,
# and N errors.  Prints, per kind and size: the wall time of the load
# (median) and, beside it, that of `wc -l` on the same file (the floor:
# reading the text once); then the ratio of the times at the biggest and
# the smallest size, which is about the ratio of the sizes when the
# loading is linear (it was 100 and more when quadratic).  Figures only.
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
SIZES=${SIZES:-"6000 60000"}
KINDS=${KINDS:-"items layers errors"}

for kind in $KINDS; do
	first_ms="" first_n=""
	for n in $SIZES; do
		d="$work/$kind-$n"
		mkdir -p "$d"
		python3 "$here/gen-checklist.py" "$kind" "$n" "$d"
		# lint exits 2 on the errors kind: measure.py times it all the same
		set -- $(python3 "$here/measure.py" -n "${RUNS:-3}" -- \
			"$RELCHECK" lint "$d/big.conf")
		ms=$1 kb=$2
		set -- $(python3 "$here/measure.py" -n "${RUNS:-3}" -- \
			wc -l "$d/big.conf")
		printf 'load %-6s %6d: lint %8.1f ms %7d KiB   (wc -l %6.1f ms, %5d lines)\n' \
			"$kind" "$n" "$ms" "$kb" "$1" "$(wc -l <"$d/big.conf")"
		goal "\`lint\` of a checklist of $n $kind" \
			"$(fmt_ms "$ms"), $(fmt_mb "$kb")" "\`wc -l\` $(fmt_ms "$1")" \
			"$(awk -v a="$ms" -v b="$1" 'BEGIN { printf "x%.0f", a / b }')" \
			"under 1 s" "$(verdict "$ms" 1000)"
		if [ -z "$first_ms" ]; then
			first_ms=$ms first_n=$n
		fi
		last_ms=$ms last_n=$n
	done
	if [ "$last_n" != "$first_n" ]; then
		awk "BEGIN{printf \"load %s %d/%d (x%g): time x%.1f\n\", \"$kind\", $last_n, $first_n, $last_n/$first_n, $last_ms/$first_ms}"
		k=$(awk "BEGIN{print $last_n/$first_n}")
		x=$(awk "BEGIN{printf \"%.1f\", $last_ms/$first_ms}")
		goal "\`lint\` of $last_n $kind against $first_n" "time x$x" \
			"x$k the checklist" "x$x" "<= x$(awk "BEGIN{print $k*1.2}") (linear)" \
			"$(verdict "$x" "$(awk "BEGIN{print $k*1.2}")")"
	fi
done
