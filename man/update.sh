#!/bin/sh
# man/update.sh: the man pages' generated sections, from the tables.
#
#   update.sh GEN PAGE...		rewrites each PAGE in place
#   update.sh --check GEN PAGE...	says how each PAGE differs, changes
#					nothing; exit 1 when one differs
#
# GEN is the built man/gen-man.  Between
#   .\" BEGIN GENERATED NAME [ARG]
#   .\" END GENERATED NAME [ARG]
# a page holds what `GEN NAME [ARG]` prints; every line outside the markers
# is written by hand and kept as it is.  Every section `GEN --list` names
# must be in its page.  See doc/ARCHITECTURE.md, "Docs from the tables".
set -eu
set -f

me=man/update.sh
die() {
	printf '%s: %s\n' "$me" "$*" >&2
	exit 2
}

check=
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
[ $# -ge 2 ] || die "usage: update.sh [--check] GEN PAGE..."
gen=$1
shift
[ -x "$gen" ] || die "$gen: not a program (make man/gen-man first)"

begin='.\" BEGIN GENERATED '
end='.\" END GENERATED '

# regenerate PAGE: the page with its sections rewritten, on stdout.
regenerate() {
	name=
	lineno=0
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		case $line in
		"$begin"*)
			[ -z "$name" ] ||
				die "$1:$lineno: a section begins inside '$name'"
			name=${line#"$begin"}
			case $name in
			*[!A-Za-z0-9_.\ -]*|'')
				die "$1:$lineno: bad section name '$name'" ;;
			esac
			printf '%s\n' "$line"
			# shellcheck disable=SC2086 # NAME [ARG]: split
			"$gen" $name || die "$1:$lineno: $gen $name failed"
			;;
		"$end"*)
			[ "${line#"$end"}" = "$name" ] ||
				die "$1:$lineno: '$line' does not end '$name'"
			name=
			printf '%s\n' "$line"
			;;
		*)
			[ -n "$name" ] || printf '%s\n' "$line"
			;;
		esac
	done <"$1"
	[ -z "$name" ] || die "$1: section '$name' has no end"
}

tmp=$(mktemp "${TMPDIR:-/tmp}/relcheck-man.XXXXXX") || exit 2
trap 'rm -f "$tmp"' EXIT
status=0

# Every section the tables have must be in its page.
list=$("$gen" --list) || die "$gen --list failed"
for page in "$@"; do
	base=${page##*/}
	printf '%s\n' "$list" | while read -r p section; do
		[ "$p" = "$base" ] || continue
		grep -Fqx "$begin$section" "$page" ||
			die "$page: no section '$section' (add the markers" \
				"'$begin$section' and '$end$section')"
	done || exit 2
done

for page in "$@"; do
	regenerate "$page" >"$tmp" || exit 2
	if cmp -s "$page" "$tmp"; then
		continue
	fi
	if [ -n "$check" ]; then
		printf '%s differs from what the tables say ' "$page"
		printf '(make man-update rewrites it):\n'
		diff -u "$page" "$tmp" || :
		status=1
	else
		cat "$tmp" >"$page"
		printf '%s: updated\n' "$page"
	fi
done
exit $status
