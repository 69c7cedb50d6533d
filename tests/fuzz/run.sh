#!/bin/sh
# tests/fuzz/run.sh [SECONDS] [TARGET...]: builds each libFuzzer target
# with clang (-fsanitize=fuzzer,address,undefined, the core compiled in
# with coverage) and runs it for SECONDS (default 60) on a working corpus
# seeded from tests/fuzz/corpus-TARGET.  `make fuzz` runs it; FUZZ_TIME
# sets the seconds.  Prints execs and coverage per target.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILDDIR:-$top}
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-version sanitize journal loader pypi-json pypi-html}
out=${FUZZ_OUT:-$build/fuzz-out}
CC=${FUZZ_CC:-clang}
mkdir -p "$out"
pkgs="libgit2 libcurl libconfig libpcre2-8 jansson libcrypto"
gpgme_libs=""
if grep -q 'HAVE_GPGME 1' "$build/config.h" 2>/dev/null; then
	pkgs="$pkgs gpgme"
fi
srcs=$(ls "$top"/src/*.c | grep -v '/main\.c$')
for t in $targets; do
	echo "== fuzz-$t: building"
	# shellcheck disable=SC2046,SC2086
	$CC -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -DPKGDATADIR='"/nonexistent"' \
		-I"$build" -I"$top/src" $(pkg-config --cflags $pkgs) \
		"$here/fuzz-$t.c" $srcs $(pkg-config --libs $pkgs) -lpthread \
		-o "$out/fuzz-$t"
	mkdir -p "$out/corpus-$t"
	LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0" \
	"$out/fuzz-$t" -max_total_time="$secs" -print_final_stats=1 \
		-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$out/crash-$t-" \
		"$out/corpus-$t" "$here/corpus-$t" >"$out/fuzz-$t.log" 2>&1 || {
		echo "fuzz-$t: FOUND A PROBLEM; see $out/fuzz-$t.log and $out/crash-$t-*"
		tail -n 30 "$out/fuzz-$t.log"
		exit 1
	}
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz-$t.log")
	cov=$(grep -o 'cov: [0-9]*' "$out/fuzz-$t.log" | tail -n 1)
	echo "fuzz-$t: ${secs} s, $execs execs, $cov, corpus $(ls "$out/corpus-$t" | wc -l) files: no crash"
done
