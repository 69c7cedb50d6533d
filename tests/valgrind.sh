#!/bin/sh
# tests/valgrind.sh: runs a program under valgrind's memcheck for
# `make check-valgrind`.
#
#   tests/valgrind.sh --program PROG [ARGS...]   a unit test (LOG_COMPILER)
#   tests/valgrind.sh [ARGS...]                  relcheck itself ($RELCHECK
#                                                in the shell tests), the
#                                                binary from $RELCHECK_REAL
#
# Every process writes its own log under $RELCHECK_VG_LOGS; a memory error
# or a definite or indirect leak makes the process exit 97, and
# tests/valgrind-report.sh lists every log that has one, so an error is
# seen even where a test does not look at the exit code.
: "${RELCHECK_VG_LOGS:?set RELCHECK_VG_LOGS to a folder for the logs}"
: "${top_srcdir:?set top_srcdir}"
if [ "${1:-}" = "--program" ]; then
	shift
	prog=$1
	shift
else
	prog=${RELCHECK_REAL:?set RELCHECK_REAL to the relcheck binary}
fi
exec "${VALGRIND:-valgrind}" -q --tool=memcheck --leak-check=full \
	--show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=97 \
	--track-fds=no --num-callers=30 --read-inline-info=no \
	--child-silent-after-fork=yes \
	--suppressions="$top_srcdir/tests/valgrind.supp" \
	--log-file="$RELCHECK_VG_LOGS/vg.%p.log" "$prog" "$@"
