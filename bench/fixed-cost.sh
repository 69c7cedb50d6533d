#!/bin/sh
# bench/fixed-cost.sh: what any `relcheck check` costs before its checks
# (a checklist of one quick check, a file that exists, in a small
# repository) over `relcheck --version`, round by round; and what
# `--version` costs over `git --version` (both load their libraries and
# print a line: the floor of each program).  Adds goals rows.
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
git init -q "$work/p"
: >"$work/p/README"
cat >"$work/one.conf" <<'CONF'
name = "one";
phases = ( { id = "p"; title = "p"; items = (
  { id = "readme"; title = "readme"; check = { type = "file"; path = "README"; }; }
); } );
CONF
if ! "$RELCHECK" -C "$work/p" -c "$work/one.conf" check >"$work/out" 2>&1; then
	echo "fixed-cost: the one check does not pass:"
	cat "$work/out"
	exit 1
fi
set -- $(compare -n "${RUNS:-15}" -C "$work/p" -- "$RELCHECK" -c "$work/one.conf" check \
	::: "$RELCHECK" --version)
c_ms=$1 v_ms=$2 c_kb=$4 v_kb=$5
extra=$(awk -v a="$c_ms" -v b="$v_ms" 'BEGIN { printf "%.1f", a - b }')
printf 'fixed cost     check of one quick check %.1f ms, --version %.1f ms: +%.1f ms; peak %d KiB (--version %d KiB)\n' \
	"$c_ms" "$v_ms" "$extra" "$c_kb" "$v_kb"
goal "fixed cost of \`check\` (one quick check) over \`--version\`" \
	"$(fmt_ms "$c_ms"), $(fmt_mb "$c_kb")" "\`relcheck --version\` $(fmt_ms "$v_ms")" \
	"+$extra ms" "<= +3 ms" "$(verdict "$extra" 3)"
set -- $(compare -n "${RUNS:-15}" -- "$RELCHECK" --version ::: git --version)
printf 'floor          relcheck --version %.1f ms %d KiB, git --version %.1f ms %d KiB: x%.2f\n' \
	"$1" "$4" "$2" "$5" "$3"
goal "\`relcheck --version\` (the program and its libraries)" \
	"$(fmt_ms "$1"), $(fmt_mb "$4")" "\`git --version\` $(fmt_ms "$2"), $(fmt_mb "$5")" \
	"$(fmt_x "$3")" "figure" "-"
goal "peak memory (RSS) of \`check\` (one quick check)" "$(fmt_mb "$c_kb")" \
	"\`relcheck --version\` $(fmt_mb "$v_kb")" \
	"$(awk -v a="$c_kb" -v b="$v_kb" 'BEGIN { printf "+%.1f MB", (a - b) / 1024 }')" \
	"<= 12 MB" "$(verdict "$(awk -v a="$c_kb" 'BEGIN { print a / 1024 }')" 12)"
