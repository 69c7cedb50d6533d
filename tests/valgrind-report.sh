#!/bin/sh
# tests/valgrind-report.sh DIR: after `make check-valgrind`, lists every
# process whose valgrind log holds an error (lines "==PID== ..."; valgrind's
# own notes, "--PID-- ...", are not errors) and exits 1 if there is one.
dir=${1:?usage: valgrind-report.sh DIR}
total=0
bad=0
for f in "$dir"/vg.*.log; do
	[ -e "$f" ] || continue
	total=$((total + 1))
	if grep -q '^==[0-9]*== ' "$f"; then
		bad=$((bad + 1))
		echo "== $f"
		grep '^==[0-9]*== ' "$f" | head -n 40
	fi
done
echo "valgrind: $total processes checked, $bad with a memory error or leak"
[ "$total" -gt 0 ] && [ "$bad" -eq 0 ]
