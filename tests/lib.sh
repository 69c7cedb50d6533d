# tests/lib.sh: a small TAP library for relcheck's shell tests.
#
# Each test script sources it, calls t_setup, makes assertions, and ends
# with t_done.  The world is fixed: a private HOME, no system or global git
# config, UTC, a UTF-8 C locale, and no proxy, so that a developer's
# settings cannot change what a test sees.

: "${RELCHECK:?run through make check, or set RELCHECK to the binary}"
: "${top_srcdir:?run through make check, or set top_srcdir}"

t_count=0
t_failed=0

t_setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/relcheck-test.XXXXXX") || exit 99
	trap 't_cleanup' EXIT
	HOME="$T/home"
	mkdir -p "$HOME"
	export HOME
	XDG_DATA_HOME="$HOME/.local/share"
	XDG_CONFIG_HOME="$HOME/.config"
	export XDG_DATA_HOME XDG_CONFIG_HOME
	GIT_CONFIG_NOSYSTEM=1
	GIT_AUTHOR_NAME="Test Author"
	GIT_AUTHOR_EMAIL="author@example.invalid"
	GIT_COMMITTER_NAME="Test Author"
	GIT_COMMITTER_EMAIL="author@example.invalid"
	export GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
		GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
	unset GIT_DIR GIT_WORK_TREE http_proxy https_proxy HTTPS_PROXY \
		all_proxy ALL_PROXY EDITOR VISUAL NO_COLOR
	NO_PROXY=127.0.0.1,localhost
	export NO_PROXY
	git config --global init.defaultBranch main
	git config --global user.name "Test Author"
	git config --global user.email "author@example.invalid"
	cd "$T" || exit 99
}

t_cleanup() {
	[ -n "${t_pypi_pid:-}" ] && kill "$t_pypi_pid" 2>/dev/null
	# RELCHECK_KEEP_T=1: leave the test's folder to look at afterwards.
	if [ -n "${RELCHECK_KEEP_T:-}" ]; then
		echo "# kept $T"
		return
	fi
	for s in "$T"/tmux.*.sock; do
		[ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null
	done
	cd / && rm -rf "$T"
}

# ok CONDITION-STATUS NAME [DIAGNOSTIC]: records one test point.
t_result() {
	t_count=$((t_count + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $t_count - $2"
	else
		t_failed=$((t_failed + 1))
		echo "not ok $t_count - $2"
		if [ -n "${3:-}" ]; then
			printf '%s\n' "$3" | sed 's/^/# /'
		fi
		# The mutation harness needs one failure, not the minutes of
		# waits that follow a broken step (tests/mutants/run sets it).
		if [ -n "${RELCHECK_TEST_BAIL:-}" ]; then
			echo "Bail out! stopping at the first failure (RELCHECK_TEST_BAIL)"
			exit 1
		fi
	fi
}

# t_timing STATUS NAME [DIAGNOSTIC]: a point about time or memory.  Under
# valgrind (make check-valgrind) neither means anything, so it is skipped.
t_timing() {
	if [ -n "${RELCHECK_VG_LOGS:-}" ]; then
		t_count=$((t_count + 1))
		echo "ok $t_count - $2 # SKIP not timed under valgrind"
	else
		t_result "$@"
	fi
}

# run CMD...: runs it; sets $rc, $out (stdout), $err (stderr).
run() {
	"$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

# is ACTUAL EXPECTED NAME
is() {
	if [ "$1" = "$2" ]; then
		t_result 0 "$3"
	else
		t_result 1 "$3" "expected: $2
     got: $1"
		return 1
	fi
}

# like ACTUAL FIXED-STRING NAME: ACTUAL contains the string.
like() {
	case "$1" in
	*"$2"*) t_result 0 "$3" ;;
	*) t_result 1 "$3" "expected to contain: $2
got: $1" ;;
	esac
}

# unlike ACTUAL FIXED-STRING NAME
unlike() {
	case "$1" in
	*"$2"*) t_result 1 "$3" "expected not to contain: $2
got: $1" ;;
	*) t_result 0 "$3" ;;
	esac
}

t_done() {
	echo "1..$t_count"
	[ "$t_failed" -eq 0 ]
}

# make_python_project DIR [VERSION]: a small package committed in a git
# repository whose origin is a bare repository DIR.origin.git.
make_python_project() {
	d=$1
	v=${2:-1.0.0}
	mkdir -p "$d/demo_pkg" "$d/tests"
	cat >"$d/pyproject.toml" <<PYPROJECT
[project]
name = "demo-pkg"
dynamic = ["version"]
classifiers = [
    "Programming Language :: Python :: 3.8",
    "Programming Language :: Python :: 3.9",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
]

[project.scripts]
demo-pkg-hello = "demo_pkg.cli:main"
PYPROJECT
	printf '__version__ = "%s"\n' "$v" >"$d/demo_pkg/version.py"
	printf 'from demo_pkg.version import __version__\n' \
		>"$d/demo_pkg/__init__.py"
	printf '# Changelog\n\n## [%s] - 2026-11-25\n\n- First.\n' "$v" \
		>"$d/CHANGELOG.md"
	: >"$d/tests/__init__.py"
	git init -q --bare "$d.origin.git"
	git -C "$d" init -q
	git -C "$d" add -A
	git -C "$d" commit -q -m "Prepare release v$v"
	git -C "$d" remote add origin "$d.origin.git"
	git -C "$d" push -q origin main 2>/dev/null
}

# ---- tmux ----

# tmux_start COLS ROWS CMD...: runs CMD in a fresh tmux server.
tmux_start() {
	t_ntmux=$(( ${t_ntmux:-0} + 1 ))
	t_tmux="$T/tmux.$t_ntmux.sock"
	cols=$1
	rows=$2
	shift 2
	# The shell ignores SIGINT, so that Ctrl-C reaches the program alone
	# and the shell lives to say how it ended: on the screen, and in
	# $t_tmux.rc, which tmux_wait "[exit N]" reads (relcheck prints
	# "[exit N]" itself after a command it runs, and a screen that ends
	# shows the terminal's text again before the process is gone).
	tmux -S "$t_tmux" -f /dev/null new-session -d -x "$cols" -y "$rows" \
		"trap '' INT; $*; rc=\$?; echo \$rc >'$t_tmux.rc'; echo \"[exit \$rc]\"; sleep 600"
}

tmux_keys() {
	tmux -S "$t_tmux" send-keys "$@"
}

tmux_screen() {
	tmux -S "$t_tmux" capture-pane -p 2>/dev/null
}

# The screen with the lines the terminal wrapped joined again (for text a
# program printed, not drew: its length depends on $TMPDIR's).
tmux_screen_joined() {
	tmux -S "$t_tmux" capture-pane -p -J 2>/dev/null
}

# The pid of the program that tmux_start started (the pane's shell's child).
tmux_child_pid() {
	pgrep -P "$(tmux -S "$t_tmux" list-panes -F '#{pane_pid}')" | head -n 1
}

# tmux_wait TEXT [SECONDS]: waits until the screen shows TEXT; 0 if it
# did.  Polls; never a fixed sleep.
tmux_wait() {
	i=0
	limit=$(( ${2:-10} * 20 ))
	case "$1" in
	"[exit"*)	# the program's end, as tmux_start's shell saw it
		want=${1#"[exit"}
		want=${want%"]"}
		want=${want# }
		while [ $i -lt $limit ]; do
			if [ -s "$t_tmux.rc" ]; then
				[ -z "$want" ] || [ "$(cat "$t_tmux.rc")" = "$want" ]
				return
			fi
			sleep 0.05
			i=$((i + 1))
		done
		return 1
		;;
	esac
	while [ $i -lt $limit ]; do
		tmux -S "$t_tmux" has-session 2>/dev/null || return 1
		case "$(tmux_screen)" in
		*"$1"*) return 0 ;;
		esac
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# ---- the test package index (tests/pypi-server.py) ----

# pypi_start ROOT: serves ROOT on 127.0.0.1; sets $INDEX to its URL.
pypi_start() {
	rm -f "$T/pypi.port"
	python3 "$top_srcdir/tests/pypi-server.py" --root "$1" --port 0 \
		--port-file "$T/pypi.port" --log "$T/pypi.log" \
		--max-seconds 1200 >/dev/null 2>&1 &
	t_pypi_pid=$!
	i=0
	while [ ! -s "$T/pypi.port" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$T/pypi.port" ] || { echo "Bail out! the test index did not start"; exit 99; }
	INDEX="http://127.0.0.1:$(cat "$T/pypi.port")"
}

# pypi_faults JSON: sets the index's fault rules.
pypi_faults() {
	curl -s -X POST --data "$1" "$INDEX/_control" >/dev/null
}

# write_pypirc PYPI TESTPYPI: a ~/.pypirc (mode 0600) like a maintainer's,
# its twine repositories pypi and testpypi uploading to the test indexes
# at PYPI and TESTPYPI (their /legacy/), with stand-in tokens.
write_pypirc() {
	cat >"$HOME/.pypirc" <<RC
[distutils]
index-servers = pypi testpypi

[pypi]
repository = $1/legacy/
username = __token__
password = pypi-AgEIcHlwaS5vcmcCJDExxxxxxxxxxxxxxxxxxxxxxxxxxxx

[testpypi]
repository = $2/legacy/
username = __token__
password = pypi-AgENdGVzdC5weXBpLm9yZwIkxxxxxxxxxxxxxxxxxxxxxxxx
RC
	chmod 600 "$HOME/.pypirc"
}
