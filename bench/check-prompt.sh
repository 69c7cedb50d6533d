#!/bin/sh
# bench/check-prompt.sh: `relcheck check` of the shipped checklist's two
# index items (TestPyPI and PyPI, `wait` 300 and 600 s) before the
# upload, against asking the same two questions with curl; and what
# `check --wait` costs instead (stopped after a few seconds: it would
# wait out its window).  Before issue 12 the first figure was the second.
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/index" "$work/p/dist"
printf 'sdist\n' >"$work/p/dist/octavia_loxilb_driver-1.0.0.tar.gz"
printf 'wheel\n' >"$work/p/dist/octavia_loxilb_driver-1.0.0-py3-none-any.whl"
python3 "$top/tests/pypi-server.py" --root "$work/index" --port 0 \
	--port-file "$work/port" --log "$work/log" --max-seconds 600 >/dev/null 2>&1 &
pid=$!
while [ ! -s "$work/port" ]; do sleep 0.05; done
index=http://127.0.0.1:$(cat "$work/port")
conf=$top/checklists/octavia-loxilb-driver.conf
set -- --trust -c "$conf" --set index="$index" --set test_index="$index" \
	--release 1.0.0 check --item release.testpypi-upload --item release.pypi-upload
m() { python3 "$here/measure.py" -n "${RUNS:-5}" -C "$work/p" -- "$@"; }
r=$(m "$RELCHECK" "$@" | cut -d' ' -f1)
url=$index/pypi/octavia-loxilb-driver/1.0.0/json
c=$(m sh -c "curl -s -o /dev/null '$url'; curl -s -o /dev/null '$url'" | cut -d' ' -f1)
limit=${WAIT_SECONDS:-3}
w=$(m timeout "$limit" "$RELCHECK" "$@" --wait | cut -d' ' -f1)
printf 'check-prompt  before the upload: relcheck check %.1f ms, curl x2 %.1f ms (%.1fx); with --wait: still waiting after %.0f ms (its window: 600 s)\n' \
	"$r" "$c" "$(awk "BEGIN{print $r/$c}")" "$w"
goal "\`check\` of the 2 index items before the upload (\`wait\` 300 and 600 s)" \
	"$(fmt_ms "$r")" "curl of the index twice $(fmt_ms "$c")" \
	"$(fmt_x "$(awk "BEGIN{print $r/$c}")")" "answers at once, not after the wait" \
	"$(verdict "$r" 1000)"
