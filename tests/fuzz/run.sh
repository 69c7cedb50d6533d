#!/bin/sh
# tests/fuzz/run.sh [SECONDS] [TARGET...]: builds each libFuzzer target
# with clang (-fsanitize=fuzzer,address,undefined, the core compiled once
# with coverage) and runs it for SECONDS (default 60) on a working corpus
# seeded from tests/fuzz/corpus-TARGET.  `make fuzz` runs it; FUZZ_TIME
# sets the seconds, FUZZ_JOBS how many targets run at once (default 1).
# Prints execs and coverage per target; exits 1 if any target found a
# problem (the input is kept as FUZZ_OUT/crash-TARGET-*).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILDDIR:-$top}
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-version sanitize journal loader pypi-json pypi-html toml provenance}
out=${FUZZ_OUT:-$build/fuzz-out}
jobs=${FUZZ_JOBS:-1}
CC=${FUZZ_CC:-clang}
rm -rf "$out/obj"	# no object of a source since removed
mkdir -p "$out/obj"
pkgs="libgit2 zlib libcurl libconfig libpcre2-8 jansson libcrypto"
if grep -q 'HAVE_GPGME 1' "$build/config.h" 2>/dev/null; then
	pkgs="$pkgs gpgme"
fi
# shellcheck disable=SC2086
cflags="-g -O1 -fsanitize=fuzzer-no-link,address,undefined \
-fno-sanitize-recover=undefined -DPKGDATADIR=\"/nonexistent\" \
-I$build -I$top/src $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lpthread"

echo "== building the core for fuzzing"
ls "$top"/src/*.c | grep -v '/main\.c$' |
	CC=$CC CFLAGS=$cflags OBJ=$out/obj xargs -P "$jobs" -n 1 sh -c \
	'o="$OBJ/$(basename "$1" .c).o"; $CC $CFLAGS -c "$1" -o "$o"' sh
for t in $targets; do
	# shellcheck disable=SC2086
	$CC $cflags -fsanitize=fuzzer "$here/fuzz-$t.c" "$out"/obj/*.o $libs \
		-o "$out/fuzz-$t"
done

# run_one TARGET: one target for $secs seconds; its summary in
# $out/fuzz-TARGET.summary; non-zero when it found a problem.
run_one() {
	t=$1
	mkdir -p "$out/corpus-$t"
	if LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0" \
	   "$out/fuzz-$t" -max_total_time="$secs" -print_final_stats=1 \
		-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$out/crash-$t-" \
		"$out/corpus-$t" "$here/corpus-$t" >"$out/fuzz-$t.log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
			"$out/fuzz-$t.log")
		cov=$(grep -o 'cov: [0-9]*' "$out/fuzz-$t.log" | tail -n 1)
		echo "fuzz-$t: ${secs} s, $execs execs, $cov, corpus" \
			"$(ls "$out/corpus-$t" | wc -l) files: no crash" \
			>"$out/fuzz-$t.summary"
	else
		{
			echo "fuzz-$t: FOUND A PROBLEM; see $out/fuzz-$t.log" \
				"and $out/crash-$t-*"
			tail -n 30 "$out/fuzz-$t.log"
		} >"$out/fuzz-$t.summary"
		return 1
	fi
}

echo "== running: $targets ($secs s each, $jobs at a time)"
status=0
pids=""
n=0
for t in $targets; do
	run_one "$t" &
	pids="$pids $!"
	n=$((n + 1))
	if [ "$n" -ge "$jobs" ]; then
		for p in $pids; do wait "$p" || status=1; done
		pids=""
		n=0
	fi
done
for p in $pids; do wait "$p" || status=1; done
for t in $targets; do
	cat "$out/fuzz-$t.summary"
done
exit "$status"
