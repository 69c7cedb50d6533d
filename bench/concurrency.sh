#!/bin/sh
# bench/concurrency.sh: three checks of about a second each (a command
# sleeping 1 s, the test index answering after 1 s, another command) run
# by `relcheck check`: the wall time against the slowest check's.
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
mkdir -p "$work/index/demo/1.0.0" "$work/p"
printf x >"$work/index/demo/1.0.0/demo-1.0.0.tar.gz"
python3 "$top/tests/pypi-server.py" --root "$work/index" --port 0 \
	--port-file "$work/port" --max-seconds 120 >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
while [ ! -s "$work/port" ]; do sleep 0.05; done
port=$(cat "$work/port")
printf '{"rules": [{"path": "/pypi/", "delay": 1}]}' >"$work/index/_faults.json"
cat >"$work/c.conf" <<CONF
name = "bench";
phases = ( { id = "c"; title = "c"; items = (
  { id = "a"; title = "a"; check = { type = "command"; run = "sleep 1"; }; },
  { id = "b"; title = "b"; check = { type = "pypi"; index = "http://127.0.0.1:$port"; project = "demo"; }; },
  { id = "c"; title = "c"; check = { type = "command"; run = "sleep 1; true"; }; }
); } );
CONF
git -C "$work/p" init -q
set -- $(python3 "$here/measure.py" -n "${RUNS:-3}" -C "$work/p" -- \
	"$RELCHECK" -c "$work/c.conf" --trust --release 1.0.0 check)
python3 - "$1" "$2" <<'PY'
import sys
wall, kb = float(sys.argv[1]), int(sys.argv[2])
print(f"concurrency    3 checks of ~1 s: wall {wall:.0f} ms, sum ~3000 ms, "
      f"ratio wall/slowest {wall / 1000:.2f}, peak {kb} KiB")
PY
x=$(awk -v w="$1" 'BEGIN { printf "%.3f", w / 1000 }')
goal "\`check\`: 3 checks of about 1 s (2 commands, a slow index)" \
	"wall $(fmt_ms "$1"), $(fmt_mb "$2")" "the slowest check, 1000 ms" \
	"$(fmt_x "$x")" "<= x1.1 (not the sum, x3)" "$(verdict "$x" 1.1)"
