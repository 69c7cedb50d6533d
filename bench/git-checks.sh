#!/bin/sh
# bench/git-checks.sh: every git check on a repository with 50,000
# commits and 20,000 tags, against the same question asked with git.
# Prints one line per check: name, relcheck ms, git ms, peak KiB.
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
repo=$work/big
sh "$here/make-big-repo.sh" "$repo" "${COMMITS:-50000}" "${TAGS:-20000}"
cat >"$work/git.conf" <<'CONF'
name = "bench";
phases = ( { id = "g"; title = "git"; items = (
  { id = "clean"; title = "clean"; check = { type = "git-clean"; }; },
  { id = "branch"; title = "branch"; check = { type = "git-branch"; name = "main"; remote = "origin"; }; },
  { id = "tag"; title = "tag"; check = { type = "git-tag"; name = "v1.0.0"; annotated = true; at = "HEAD"; remote = "origin"; }; }
); } );
CONF
m() { python3 "$here/measure.py" -n "${RUNS:-5}" -C "$repo" -- "$@"; }
for item in clean branch tag; do
	case $item in
	clean) git_cmd="git status --porcelain" ;;
	branch) git_cmd="git symbolic-ref HEAD && git ls-remote origin refs/heads/main" ;;
	tag) git_cmd="git cat-file -t v1.0.0 && git rev-parse v1.0.0^{commit} HEAD && git ls-remote origin refs/tags/v1.0.0" ;;
	esac
	set -- $(m "$RELCHECK" -c "$work/git.conf" check --item "g.$item")
	r_ms=$1 r_kb=$2
	set -- $(m sh -c "$git_cmd")
	printf 'git-%-8s relcheck %7.1f ms   git %7.1f ms   peak %6d KiB\n' \
		"$item" "$r_ms" "$1" "$r_kb"
	row "\`git-$item\` on ${COMMITS:-50000} commits, ${TAGS:-20000} tags" \
		"$(printf '%.0f ms (git: %.0f ms), %.1f MB' "$r_ms" "$1" \
			"$(awk "BEGIN{print $r_kb/1024}")")" \
		"no worse than asking git"
done
