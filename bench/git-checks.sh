#!/bin/sh
# bench/git-checks.sh: every git check against the same question asked
# with the git command line, interleaved round by round
# (bench/compare.py), on three repositories: a normal one (1,000 commits,
# 30 tags), and one of 50,000 commits and 20,000 tags with its refs loose
# (as bench/make-big-repo.sh leaves them, and as a project that never runs
# `git gc` has them) and packed (`git pack-refs --all`, on the clone and
# its origin: what `git gc` does, and where git itself is fast).
# Prints one line per check and repository; adds goals rows for bench/run.
set -eu
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat >"$work/git.conf" <<'CONF'
name = "bench";
phases = ( { id = "g"; title = "git"; items = (
  { id = "clean"; title = "clean"; check = { type = "git-clean"; }; },
  { id = "branch"; title = "branch"; check = { type = "git-branch"; name = "main"; remote = "origin"; }; },
  { id = "tag"; title = "tag"; check = { type = "git-tag"; name = "v1.0.0"; annotated = true; at = "HEAD"; remote = "origin"; }; }
); } );
CONF

bench_repo() { # LABEL DIR
	label=$1 repo=$2
	# Trust the checklist once (the branch and tag checks contact the
	# origin), and make sure every check passes: a refusal would be fast.
	if ! "$RELCHECK" -C "$repo" -c "$work/git.conf" --trust check >"$work/out" 2>&1; then
		echo "git-checks: the checks do not pass on the $label repository:"
		cat "$work/out"
		exit 1
	fi
	for item in clean branch tag; do
		case $item in
		clean) git_cmd="git status --porcelain" limit=1.5 ;;
		branch) git_cmd="git symbolic-ref HEAD && git ls-remote origin refs/heads/main" limit=1.0 ;;
		tag) git_cmd="git cat-file -t v1.0.0 && git rev-parse v1.0.0^{commit} HEAD && git ls-remote origin refs/tags/v1.0.0" limit=1.0 ;;
		esac
		set -- $(compare -C "$repo" -- "$RELCHECK" -c "$work/git.conf" \
			check --item "g.$item" ::: sh -c "$git_cmd")
		printf 'git-%-6s %-22s relcheck %7.1f ms   git %7.1f ms   x%.2f   peak %6d KiB\n' \
			"$item" "$label" "$1" "$2" "$3" "$4"
		if [ "$item" = clean ]; then
			peer="\`git status --porcelain\` $(fmt_ms "$2")"
		else
			peer="git $(fmt_ms "$2")"
		fi
		goal "\`git-$item\`, $label" "$(fmt_ms "$1"), $(fmt_mb "$4")" "$peer" \
			"$(fmt_x "$3")" "<= x$limit" "$(verdict "$3" "$limit")"
	done
}

sh "$here/make-big-repo.sh" "$work/normal" 1000 30
bench_repo "normal repository" "$work/normal"
sh "$here/make-big-repo.sh" "$work/big" "${COMMITS:-50000}" "${TAGS:-20000}"
bench_repo "big, loose refs" "$work/big"
git -C "$work/big" pack-refs --all
git -C "$work/big.origin.git" pack-refs --all
bench_repo "big, packed refs" "$work/big"
