# tests/lib-index.sh: test package indexes that accept uploads, and the
# real twine to upload to them.  Sourced after tests/lib.sh and t_setup.
#
# twine never reads the user's settings: HOME is the test's (t_setup),
# the keyring is the null one, TWINE_* variables are dropped, and the
# repository, user and token are on its command line.

t_index_pids=

# index_start NAME ROOT [TOKEN]: tests/pypi-server.py serving ROOT (made
# if missing) on 127.0.0.1, taking uploads with user __token__ and TOKEN;
# sets ${NAME}_url (no trailing slash), ${NAME}_port and ${NAME}_pid.
# Its upload log is ROOT/_uploads.jsonl.
index_start() {
	_n=$1
	_root=$2
	_token=${3:-}
	mkdir -p "$_root"
	rm -f "$T/$_n.port"
	if [ -n "$_token" ]; then
		set -- --upload-token "$_token"
	else
		set --
	fi
	/usr/bin/python3 "$top_srcdir/tests/pypi-server.py" --root "$_root" \
		--port 0 --port-file "$T/$_n.port" --log "$T/$_n.log" \
		--max-seconds 1200 "$@" >/dev/null 2>&1 &
	eval "${_n}_pid=$!"
	t_index_pids="$t_index_pids $!"
	_i=0
	while [ ! -s "$T/$_n.port" ] && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	[ -s "$T/$_n.port" ] ||
		{ echo "Bail out! the test index $_n did not start"; exit 99; }
	eval "${_n}_port=$(cat "$T/$_n.port")"
	eval "${_n}_url=http://127.0.0.1:$(cat "$T/$_n.port")"
}

# index_stop_all: ends every index index_start started (the EXIT trap).
index_stop_all() {
	for _p in $t_index_pids; do
		kill "$_p" 2>/dev/null
	done
	t_index_pids=
}

# twine_env: the environment twine runs in (exported).
twine_env() {
	PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring
	export PYTHON_KEYRING_BACKEND
	unset TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY \
		TWINE_REPOSITORY_URL TWINE_CERT TWINE_NON_INTERACTIVE
}

# twine_upload URL TOKEN FILE...: Debian's twine uploads FILEs to the
# index at URL (its /legacy/ API) as __token__ with TOKEN; sets $rc,
# $out and $err as run does.
twine_upload() {
	_url=$1
	_token=$2
	shift 2
	twine_env
	run env PATH="/usr/bin:$PATH" /usr/bin/twine upload --non-interactive \
		--disable-progress-bar --repository-url "$_url/legacy/" \
		-u __token__ -p "$_token" "$@"
}

# uploads ROOT: the upload log's lines as "STATUS FILENAME SERVER", one a
# line, in order ("-" for what the form did not say).
uploads() {
	[ -f "$1/_uploads.jsonl" ] || return 0
	/usr/bin/python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    print(e["status"], e["filename"] or "-", e["server"])' "$1/_uploads.jsonl"
}

# ---- PEP 740 provenance (tests/sigstore-forge.py, a Sigstore made here)

# sigstore_init DIR: a test Sigstore in DIR (a Fulcio-like CA, a
# Rekor-like log); DIR/trusted_root.json is the root to verify against.
sigstore_init() {
	/usr/bin/python3 "$top_srcdir/tests/sigstore-forge.py" init "$1" ||
		{ echo "Bail out! sigstore-forge.py init $1 failed"; exit 99; }
}

# index_provenance CA RELEASE-DIR [FORGE-OPTION...]: forged provenance for
# every distribution file in RELEASE-DIR (ROOT/PROJECT/VERSION of a test
# index), written beside each as FILE.provenance, which the index serves
# at /integrity/PROJECT/VERSION/FILE/provenance.  The options are
# sigstore-forge.py attest's: --repository, --workflow, --ref,
# --environment, --publisher, and the hostile ones.
index_provenance() {
	_ca=$1
	_rel=$2
	shift 2
	_files=$(cd "$_rel" && ls | grep -v -e '^meta\.json$' -e '\.provenance$' -e '\.tmp$')
	[ -n "$_files" ] || { echo "Bail out! no files in $_rel"; exit 99; }
	(cd "$_rel" && /usr/bin/python3 "$top_srcdir/tests/sigstore-forge.py" \
		attest "$_ca" $_files --out . "$@") ||
		{ echo "Bail out! sigstore-forge.py attest failed"; exit 99; }
}

# index_provenance_rm RELEASE-DIR [FILE...]: the files (default all)
# have no provenance any more.
index_provenance_rm() {
	_rel=$1
	shift
	if [ $# -eq 0 ]; then
		rm -f "$_rel"/*.provenance
	else
		for _f in "$@"; do
			rm -f "$_rel/$_f.provenance"
		done
	fi
}
