#!/bin/sh
# bench/provenance.sh: the provenance check (PEP 740) of a release of 20
# files (an sdist and 19 wheels of 256 KiB, each with provenance made by
# the test Sigstore, tests/sigstore-forge.py), fetched from the test index
# on 127.0.0.1 and verified against the test trusted root; against
# tests/sigstore-verify.py (Python, pyca/cryptography) verifying the same
# 20 provenance files offline, interleaved round by round
# (bench/compare.py).  Prints relcheck, peer, ratio and peak memory; adds
# a goals row for bench/run.
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
PY=/usr/bin/python3
rel=$work/index/demo-pkg/1.0.0
mkdir -p "$rel" "$work/p/dist" "$work/prov"

# The release: 20 files, and their provenance beside them on the index.
head -c 262144 /dev/urandom >"$work/p/dist/demo_pkg-1.0.0.tar.gz"
n=1
for py in 38 39 310 311 312; do
	for plat in manylinux_2_17_x86_64 manylinux_2_17_aarch64 musllinux_1_1_x86_64 win_amd64; do
		[ "$n" -lt 20 ] || break
		head -c 262144 /dev/urandom \
			>"$work/p/dist/demo_pkg-1.0.0-cp$py-cp$py-$plat.whl"
		n=$((n + 1))
	done
done
cp "$work/p/dist/"* "$rel/"
$PY "$top/tests/sigstore-forge.py" init "$work/ca"
(cd "$rel" && $PY "$top/tests/sigstore-forge.py" attest "$work/ca" * \
	--out "$work/prov" --repository owner/repo --workflow publish.yml \
	--environment pypi --ref refs/tags/v1.0.0)
cp "$work/prov/"*.provenance "$rel/"

python3 "$top/tests/pypi-server.py" --root "$work/index" --port 0 \
	--port-file "$work/port" --log "$work/log" --max-seconds 900 >/dev/null 2>&1 &
pid=$!
while [ ! -s "$work/port" ]; do sleep 0.05; done
index=http://127.0.0.1:$(cat "$work/port")

cat >"$work/prov.conf" <<CONF
name = "bench";
phases = ( { id = "i"; title = "Index"; items = (
  { id = "prov"; title = "provenance";
    check = { type = "provenance"; index = "$index"; project = "demo-pkg";
              files = "dist/*"; publisher = "GitHub";
              repository = "owner/repo"; workflow = "publish.yml";
              environment = "pypi"; trusted_root = "$work/ca/trusted_root.json";
              required = "yes"; wait = 0; }; }
); } );
CONF

# Both must pass once by hand: a refusal would be quick.
set -- "$RELCHECK" --trust -c "$work/prov.conf" --release 1.0.0 check --item i.prov
if ! (cd "$work/p" && "$@") >"$work/out" 2>&1; then
	echo "provenance: the check does not pass:"
	cat "$work/out"
	exit 1
fi
set -- $PY "$top/tests/sigstore-verify.py" --quiet --root "$work/ca/trusted_root.json" \
	--dist "$work/p/dist" --publisher GitHub --repository owner/repo \
	--workflow publish.yml --environment pypi
if ! "$@" "$work/prov/"*.provenance >"$work/out" 2>&1; then
	echo "provenance: the peer does not pass:"
	cat "$work/out"
	exit 1
fi

set -- $(compare -C "$work/p" -n "${RUNS:-7}" -- "$RELCHECK" --trust -c "$work/prov.conf" \
	--release 1.0.0 check --item i.prov ::: "$@" "$work/prov/"*.provenance)
printf 'provenance    20 files: relcheck %7.1f ms  peak %6d KiB   sigstore-verify.py %7.1f ms  peak %6d KiB   x%.2f\n' \
	"$1" "$4" "$2" "$5" "$3"
goal "\`provenance\` check of 20 files (fetched from 127.0.0.1, verified)" \
	"$(fmt_ms "$1"), $(fmt_mb "$4")" \
	"sigstore-verify.py offline $(fmt_ms "$2"), $(fmt_mb "$5")" \
	"$(fmt_x "$3")" "<= x1.0" "$(verdict "$3" 1.0)"
