#!/bin/sh
# tests/pypi-server.test-self.sh: checks tests/pypi-server.py, the fake
# package index that relcheck's tests talk to.  Needs python3 and curl.
# Prints TAP; exits non-zero when a check fails.

here=$(cd "$(dirname "$0")" && pwd)
server="$here/pypi-server.py"
PYTHON=${PYTHON:-python3}

unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
NO_PROXY=127.0.0.1,localhost
export NO_PROXY

T=$(mktemp -d "${TMPDIR:-/tmp}/pypi-server-test.XXXXXX") || exit 99
pid=
pid2=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	[ -n "$pid2" ] && kill "$pid2" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

n=0
failed=0
result() { # STATUS NAME [DIAGNOSTIC]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
	fi
	return 0
}
is() { # ACTUAL EXPECTED NAME
	if [ "$1" = "$2" ]; then
		result 0 "$3"
	else
		result 1 "$3" "expected: $2
     got: $1"
	fi
}
like() { # ACTUAL FIXED-STRING NAME
	case "$1" in
	*"$2"*) result 0 "$3" ;;
	*) result 1 "$3" "expected to contain: $2
got: $1" ;;
	esac
}
bail() {
	echo "Bail out! $*"
	[ -f "$T/log" ] && sed 's/^/# log: /' "$T/log"
	[ -f "$T/stderr" ] && sed 's/^/# stderr: /' "$T/stderr"
	exit 1
}

# jget FILE EXPR: evaluates a Python expression over the JSON document d;
# strings print as they are, anything else as JSON.
jget() {
	"$PYTHON" -c '
import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
    v = eval(sys.argv[2])
except Exception as e:
    print("ERROR: %r" % (e,))
    sys.exit(0)
print(v if isinstance(v, str) else json.dumps(v))' "$1" "$2"
}

# fetch URL [CURL-ARGS...]: body in $T/body, headers in $T/hdr,
# status in $code, curl's exit status in $crc.
fetch() {
	url=$1
	shift
	code=$(curl -sS --noproxy '*' --max-time 20 -D "$T/hdr" -o "$T/body" \
		-w '%{http_code}' "$@" "$url" 2>"$T/curlerr")
	crc=$?
}

# header NAME: the value of a header from the last fetch.
header() {
	tr -d '\r' <"$T/hdr" | awk -v h="$1" '
		{ i = index($0, ":") }
		i && tolower(substr($0, 1, i - 1)) == tolower(h) {
			v = substr($0, i + 1); sub(/^[ \t]*/, "", v)
		}
		END { print v }'
}

# faults JSON: writes the control file atomically.
faults() {
	printf '%s\n' "$1" >"$root/_faults.json.tmp" &&
		mv "$root/_faults.json.tmp" "$root/_faults.json"
}

# wait_port FILE: waits (at most 10 s) for the server to write its port.
wait_port() {
	i=0
	while [ $i -lt 100 ]; do
		[ -s "$1" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# ---- the data
root=$T/root
proj=$root/octavia-loxilb-driver
mkdir -p "$proj/1.0.0" "$proj/1.1.0-dev" || bail "mkdir"
sdist=$proj/1.0.0/octavia_loxilb_driver-1.0.0.tar.gz
wheel=$proj/1.0.0/octavia_loxilb_driver-1.0.0-py3-none-any.whl
printf 'not really a tarball\n' >"$sdist"
printf 'not really a wheel, but bigger\n' >"$wheel"
printf 'dev sdist\n' >"$proj/1.1.0-dev/octavia_loxilb_driver-1.1.0.dev0.tar.gz"
printf 'dev wheel\n' \
	>"$proj/1.1.0-dev/octavia_loxilb_driver-1.1.0.dev0-py3-none-any.whl"
sdist_sha=$(sha256sum "$sdist" | cut -d' ' -f1)
wheel_sha=$(sha256sum "$wheel" | cut -d' ' -f1)
sdist_size=$(wc -c <"$sdist" | tr -d ' ')

# ---- start
"$PYTHON" "$server" --root "$root" --port 0 --port-file "$T/port" \
	--log "$T/log" --max-seconds 300 >"$T/stdout" 2>"$T/stderr" &
pid=$!
wait_port "$T/port" || bail "no port file after 10 s"
port=$(cat "$T/port")
base=http://127.0.0.1:$port
case $port in
'' | *[!0-9]*) bail "bad port file: $port" ;;
esac
i=0
while [ $i -lt 50 ] && ! grep -q listening "$T/stdout"; do
	sleep 0.1
	i=$((i + 1))
done
is "$(cat "$T/stdout")" "listening on 127.0.0.1:$port" "prints where it listens"

# ---- JSON API, version endpoint
fetch "$base/pypi/octavia-loxilb-driver/1.0.0/json"
is "$code" 200 "version JSON: 200"
like "$(header Content-Type)" application/json "version JSON: Content-Type"
is "$(jget "$T/body" 'd["info"]["name"]')" octavia-loxilb-driver "info.name"
is "$(jget "$T/body" 'd["info"]["version"]')" 1.0.0 "info.version"
is "$(jget "$T/body" 'd["info"]["yanked"]')" false "info.yanked"
is "$(jget "$T/body" 'd["info"]["yanked_reason"]')" null "info.yanked_reason"
is "$(jget "$T/body" '"releases" in d')" false "no releases on the version endpoint"
is "$(jget "$T/body" 'len(d["urls"])')" 2 "two files"
is "$(jget "$T/body" '[u["digests"]["sha256"] for u in d["urls"] if u["packagetype"] == "sdist"][0]')" \
	"$sdist_sha" "sdist sha256 equals sha256sum"
is "$(jget "$T/body" '[u["digests"]["sha256"] for u in d["urls"] if u["packagetype"] == "bdist_wheel"][0]')" \
	"$wheel_sha" "wheel sha256 equals sha256sum"
is "$(jget "$T/body" '[u["size"] for u in d["urls"] if u["packagetype"] == "sdist"][0]')" \
	"$sdist_size" "sdist size"
is "$(jget "$T/body" '[u["filename"] for u in d["urls"] if u["packagetype"] == "sdist"][0]')" \
	octavia_loxilb_driver-1.0.0.tar.gz "sdist filename"
is "$(jget "$T/body" 'all(u["yanked"] is False and u["yanked_reason"] is None for u in d["urls"])')" \
	true "files not yanked"
want_time=$("$PYTHON" -c 'import os, sys, time
print(time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(os.stat(sys.argv[1]).st_mtime)))' "$sdist")
is "$(jget "$T/body" '[u["upload_time_iso_8601"][:19] for u in d["urls"] if u["packagetype"] == "sdist"][0]')" \
	"$want_time" "upload time is the mtime in UTC"
like "$(jget "$T/body" 'd["urls"][0]["upload_time_iso_8601"]')" Z "upload time ends in Z"
etag=$(header ETag)
like "$etag" '"' "ETag sent"
url=$(jget "$T/body" '[u["url"] for u in d["urls"] if u["packagetype"] == "sdist"][0]')
fetch "$url"
is "$code/$(sha256sum <"$T/body" | cut -d' ' -f1)" "200/$sdist_sha" "file URL serves the file"

fetch "$base/pypi/octavia-loxilb-driver/1.0.0/json" -H "If-None-Match: $etag"
is "$code" 304 "If-None-Match: 304"
fetch "$base/pypi/octavia-loxilb-driver/1.0.0/json" -H 'If-None-Match: "other"'
is "$code" 200 "If-None-Match another tag: 200"

# ---- JSON API, project endpoint
fetch "$base/pypi/octavia-loxilb-driver/json"
is "$code" 200 "project JSON: 200"
is "$(jget "$T/body" 'd["info"]["version"]')" 1.0.0 "latest is the final release, not the dev one"
is "$(jget "$T/body" 'sorted(d["releases"])')" '["1.0.0", "1.1.0.dev0"]' \
	"releases keyed by normalised versions"

# ---- version canonicalisation
fetch "$base/pypi/octavia-loxilb-driver/1.0/json"
is "$code $(jget "$T/body" 'd["info"]["version"]')" "200 1.0.0" "1.0 finds 1.0.0"
fetch "$base/pypi/octavia-loxilb-driver/v1.0.0/json"
is "$code $(jget "$T/body" 'd["info"]["version"]')" "200 1.0.0" "v1.0.0 finds 1.0.0"
fetch "$base/pypi/octavia-loxilb-driver/1.1.0-dev/json"
is "$code $(jget "$T/body" 'd["info"]["version"]')" "200 1.1.0.dev0" \
	"1.1.0-dev finds 1.1.0.dev0"
fetch "$base/pypi/octavia-loxilb-driver/1.1.0.dev0/json"
is "$code" 200 "1.1.0.dev0 finds the 1.1.0-dev folder"

# ---- redirects and 404
fetch "$base/pypi/Octavia_LoxiLB.Driver/json"
is "$code" 301 "non-normalised name: 301"
is "$(header Location)" /pypi/octavia-loxilb-driver/json "relative Location to the normalised name"
fetch "$base/pypi/Octavia_LoxiLB.Driver/1.0.0/json" -L
is "$code $(jget "$T/body" 'd["info"]["version"]')" "200 1.0.0" "redirect can be followed"
fetch "$base/pypi/octavia-loxilb-driver/9.9.9/json"
is "$code" 404 "unknown version: 404"
is "$(jget "$T/body" 'd["message"]')" "Not Found" "404 body"
fetch "$base/pypi/no-such-project/json"
is "$code" 404 "unknown project: 404"

# ---- simple API
fetch "$base/simple/octavia-loxilb-driver/" \
	-H 'Accept: application/vnd.pypi.simple.v1+json'
is "$code" 200 "PEP 691: 200"
is "$(header Content-Type)" application/vnd.pypi.simple.v1+json "PEP 691: Content-Type"
is "$(jget "$T/body" 'd["meta"]["api-version"]')" 1.1 "PEP 691: api-version"
is "$(jget "$T/body" 'd["name"]')" octavia-loxilb-driver "PEP 691: name"
is "$(jget "$T/body" 'd["versions"]')" '["1.0.0", "1.1.0.dev0"]' "PEP 691: versions"
is "$(jget "$T/body" '[f["hashes"]["sha256"] for f in d["files"] if f["filename"] == "octavia_loxilb_driver-1.0.0.tar.gz"][0]')" \
	"$sdist_sha" "PEP 691: sha256"
is "$(jget "$T/body" '[(f["size"], f["yanked"]) for f in d["files"] if f["filename"] == "octavia_loxilb_driver-1.0.0.tar.gz"][0]')" \
	"[$sdist_size, false]" "PEP 691: size and yanked"
like "$(jget "$T/body" 'd["files"][0]["upload-time"]')" Z "PEP 691: upload-time"
etag=$(header ETag)
fetch "$base/simple/octavia-loxilb-driver/" -H "If-None-Match: $etag" \
	-H 'Accept: application/vnd.pypi.simple.v1+json'
is "$code" 304 "PEP 691: If-None-Match: 304"

fetch "$base/simple/octavia-loxilb-driver/"
is "$code" 200 "PEP 503: 200"
like "$(header Content-Type)" text/html "PEP 503: Content-Type"
like "$(cat "$T/body")" "#sha256=$sdist_sha\">octavia_loxilb_driver-1.0.0.tar.gz</a>" \
	"PEP 503: link with the sha256"
fetch "$base/simple/octavia-loxilb-driver/" -H 'Accept: text/html'
like "$(header Content-Type)" text/html "PEP 503 for Accept: text/html"

fetch "$base/simple/Octavia_LoxiLB_Driver/"
is "$code $(header Location)" "301 /simple/octavia-loxilb-driver/" "simple: non-normalised name: 301"
fetch "$base/simple/no-such-project/" -H 'Accept: application/vnd.pypi.simple.v1+json'
is "$code" 404 "simple: unknown project: 404"

# ---- yanked, and a wrong hash, via meta.json
cat >"$proj/1.1.0-dev/meta.json" <<'EOF'
{"yanked": "broken build",
 "files": {"octavia_loxilb_driver-1.1.0.dev0-py3-none-any.whl": {"sha256": "0000000000000000000000000000000000000000000000000000000000000000"}}}
EOF
cat >"$proj/1.0.0/meta.json" <<'EOF'
{"files": {"octavia_loxilb_driver-1.0.0-py3-none-any.whl": {"yanked": true}}}
EOF
fetch "$base/pypi/octavia-loxilb-driver/1.1.0-dev/json"
is "$(jget "$T/body" '[d["info"]["yanked"], d["info"]["yanked_reason"]]')" \
	'[true, "broken build"]' "release yanked with a reason"
is "$(jget "$T/body" 'sorted((u["yanked"], u["yanked_reason"]) for u in d["urls"])')" \
	'[[true, "broken build"], [true, "broken build"]]' "its files are yanked"
is "$(jget "$T/body" '[u["digests"]["sha256"] for u in d["urls"] if u["packagetype"] == "bdist_wheel"][0]')" \
	0000000000000000000000000000000000000000000000000000000000000000 "sha256 override served"
fetch "$base/simple/octavia-loxilb-driver/" \
	-H 'Accept: application/vnd.pypi.simple.v1+json'
is "$(jget "$T/body" '{f["filename"]: f["yanked"] for f in d["files"]}["octavia_loxilb_driver-1.1.0.dev0.tar.gz"]')" \
	"broken build" "PEP 691: yanked reason string"
is "$(jget "$T/body" '{f["filename"]: f["yanked"] for f in d["files"]}["octavia_loxilb_driver-1.0.0-py3-none-any.whl"]')" \
	true "PEP 691: yanked true without a reason"
fetch "$base/simple/octavia-loxilb-driver/"
like "$(cat "$T/body")" 'data-yanked="broken build">octavia_loxilb_driver-1.1.0.dev0.tar.gz<' \
	"PEP 503: data-yanked with the reason"
like "$(cat "$T/body")" 'data-yanked="">octavia_loxilb_driver-1.0.0-py3-none-any.whl<' \
	"PEP 503: empty data-yanked without a reason"
fetch "$base/pypi/octavia-loxilb-driver/1.0.0/json"
is "$(jget "$T/body" 'd["info"]["yanked"]')" false "a yanked file does not yank the release"
rm -f "$proj/1.1.0-dev/meta.json" "$proj/1.0.0/meta.json"

# ---- the Integrity API (PEP 740 provenance beside the file)
prov_url="$base/integrity/octavia-loxilb-driver/1.0.0/octavia_loxilb_driver-1.0.0.tar.gz/provenance"
ij='Accept: application/vnd.pypi.integrity.v1+json'
fetch "$prov_url" -H "$ij"
is "$code $(jget "$T/body" 'd["message"]')" \
	"404 No provenance available for octavia_loxilb_driver-1.0.0.tar.gz" \
	"integrity: 404 with PyPI's message when the file has none"
printf '{"version":1,"attestation_bundles":[]}\n' >"$sdist.provenance"
fetch "$prov_url" -H "$ij"
is "$code $(header Content-Type) $(cat "$T/body")" \
	'200 application/vnd.pypi.integrity.v1+json {"version":1,"attestation_bundles":[]}' \
	"integrity: FILE.provenance served verbatim, with its type"
fetch "$prov_url" -H 'Accept: application/json'
is "$code" 406 "integrity: another Accept is 406"
fetch "$prov_url"
is "$code" 406 "integrity: no Accept is 406"
fetch "$prov_url" -H 'Accept: application/vnd.pypi.integrity.v1+json;q=0, */*'
is "$code" 406 "integrity: q=0 refuses the type"
fetch "$prov_url" -H 'Accept: text/html, application/vnd.pypi.integrity.v1+json;q=0.5'
is "$code" 200 "integrity: the type among others"
fetch "$base/integrity/octavia-loxilb-driver/1.0.0/nothing-1.0.0.tar.gz/provenance" -H "$ij"
is "$code $(jget "$T/body" 'd["message"]')" "404 Not Found" "integrity: no such file"
fetch "$base/integrity/octavia-loxilb-driver/9.9.9/octavia_loxilb_driver-1.0.0.tar.gz/provenance" -H "$ij"
is "$code" 404 "integrity: no such version"
fetch "$base/pypi/octavia-loxilb-driver/1.0.0/json"
is "$(jget "$T/body" 'len(d["urls"])')" 2 "a .provenance file is not a file of the release"
faults '{"rules": [{"path": "^/integrity/", "status": 403, "body": "{\"message\": \"Attestations temporarily disabled\"}", "content_type": "application/json"}]}'
fetch "$prov_url" -H "$ij"
is "$code" 403 "integrity: fault rules apply"
faults '{"rules": []}'
rm -f "$sdist.provenance"

# uploads with attestations: kept only when the index plays a Trusted Publisher
printf 'attested sdist\n' >"$T/octavia_loxilb_driver-2.0.0.tar.gz"
upload_att() { # ATTESTATIONS
	fetch "$base/legacy/" -u __token__:tok -F ':action=file_upload' \
		-F protocol_version=1 -F name=octavia-loxilb-driver -F version=2.0.0 \
		-F filetype=sdist \
		-F "sha256_digest=$(sha256sum "$T/octavia_loxilb_driver-2.0.0.tar.gz" | cut -d' ' -f1)" \
		--form-string "attestations=$1" \
		-F "content=@$T/octavia_loxilb_driver-2.0.0.tar.gz"
}
fetch "$base/_control" -X POST --data '{"upload_token": "tok"}'
upload_att '[{"version": 1}]'
is "$code" 400 "upload: attestations without a Trusted Publisher are refused"
fetch "$base/_control" -X POST --data '{"upload_publisher": {"kind": "GitHub", "repository": "o/r", "workflow": "publish.yml", "environment": "pypi"}}'
is "$(jget "$T/body" 'd["upload_publisher"]["repository"]')" o/r "control: upload_publisher"
upload_att '{"version": 1}'
is "$code" 400 "upload: attestations that are not a list are refused"
upload_att '[{"version": 1}]'
is "$code" 200 "upload: with attestations"
fetch "$base/integrity/octavia-loxilb-driver/2.0.0/octavia_loxilb_driver-2.0.0.tar.gz/provenance" -H "$ij"
is "$code $(jget "$T/body" '[d["version"], d["attestation_bundles"][0]["publisher"]["repository"], d["attestation_bundles"][0]["attestations"]]')" \
	'200 [1, "o/r", [{"version": 1}]]' "upload: its provenance is served"
rm -rf "$proj/2.0.0" "$root/_uploads.jsonl"
fetch "$base/_control" -X POST --data '{"upload_token": null, "upload_publisher": null}'

# ---- faults: 503 twice, then 200; request counters
fetch "$base/_control" -X POST -H 'Content-Type: application/json' \
	--data '{"reset": true}'
is "$code" 200 "POST /_control reset"
faults '{"rules": [{"path": "^/pypi/octavia-loxilb-driver/json$", "status": 503, "times": 2, "headers": {"Retry-After": "0"}}]}'
fetch "$base/pypi/octavia-loxilb-driver/json"
c1=$code
fetch "$base/pypi/octavia-loxilb-driver/json"
c2=$code
r2=$(header Retry-After)
fetch "$base/pypi/octavia-loxilb-driver/json"
c3=$code
is "$c1 $c2 $c3" "503 503 200" "times=2: two 503 then 200"
is "$r2" 0 "rule headers sent"
fetch "$base/pypi/octavia-loxilb-driver/1.0.0/json"
is "$code" 200 "the rule's regex does not match other paths"
fetch "$base/_control"
is "$(jget "$T/body" 'd["counts"]["/pypi/octavia-loxilb-driver/json"]')" 3 \
	"GET /_control counts requests per path"
is "$(jget "$T/body" 'd["file_rules"][0]["hits"]')" 2 "rule hits counted"
is "$(jget "$T/body" 'd["total"]')" 4 "total count"
like "$(jget "$T/body" 'd["requests"][0]["user_agent"]')" curl "request log keeps the User-Agent"

# rewriting the file restarts the rule's count
faults '{"rules": [{"path": "^/pypi/octavia-loxilb-driver/json$", "status": 503, "times": 1}]}'
fetch "$base/pypi/octavia-loxilb-driver/json"
c1=$code
fetch "$base/pypi/octavia-loxilb-driver/json"
is "$c1 $code" "503 200" "a rewritten control file starts afresh"
faults '{"rules": []}'

# ---- faults through POST /_control: delay
fetch "$base/_control" -X POST \
	--data '{"rules": [{"path": "^/pypi/octavia-loxilb-driver/1.0.0/json$", "delay": 1}]}'
is "$code" 200 "POST /_control rules"
t=$(curl -sS --noproxy '*' --max-time 20 -o "$T/body" \
	-w '%{http_code} %{time_total}' "$base/pypi/octavia-loxilb-driver/1.0.0/json")
is "$(echo "$t" | awk '{ print $1, ($2 >= 0.9) }')" "200 1" "delay alone: answers normally after the delay"
t=$(curl -sS --noproxy '*' --max-time 0.3 -o /dev/null \
	"$base/pypi/octavia-loxilb-driver/1.0.0/json" 2>/dev/null)
is "$?" 28 "delay makes a short client timeout expire"

# ---- drop
fetch "$base/_control" -X POST \
	--data '{"rules": [{"path": "^/pypi/octavia-loxilb-driver/json$", "drop": true}]}'
fetch "$base/pypi/octavia-loxilb-driver/json"
is "$crc" 18 "drop: curl reports a partial file (18)"
fetch "$base/_control" -X POST \
	--data '{"rules": [{"path": "^/pypi/", "drop": "reset"}]}'
fetch "$base/pypi/octavia-loxilb-driver/json"
case $crc in
18 | 56) result 0 "drop reset: curl fails ($crc)" ;;
*) result 1 "drop reset: curl fails" "curl exit status: $crc" ;;
esac

# ---- malformed JSON, wrong types, huge
fetch "$base/_control" -X POST \
	--data '{"rules": [{"path": "/json$", "malformed_json": true}]}'
fetch "$base/pypi/octavia-loxilb-driver/json"
is "$code $(cat "$T/body")" '200 {"info": ' "malformed JSON: 200 with truncated JSON"
like "$(jget "$T/body" 'd')" ERROR "malformed JSON does not parse"
fetch "$base/_control" -X POST \
	--data '{"rules": [{"path": "/json$", "wrong_types": true}]}'
fetch "$base/pypi/octavia-loxilb-driver/json"
is "$code $(jget "$T/body" '[type(d["info"]["version"]).__name__, type(d["urls"]).__name__]')" \
	'200 ["float", "dict"]' "wrong types: version a number, urls an object"
fetch "$base/_control" -X POST \
	--data '{"rules": [{"path": "/json$", "huge": 3000000}]}'
fetch "$base/pypi/octavia-loxilb-driver/json"
is "$code $(wc -c <"$T/body" | tr -d ' ')" "200 3000000" "huge: that many bytes"
fetch "$base/_control" -X POST \
	--data '{"rules": [{"path": "/json$", "status": 500, "body": "oops", "content_type": "text/plain"}]}'
fetch "$base/pypi/octavia-loxilb-driver/json"
is "$code $(cat "$T/body") $(header Content-Type)" "500 oops text/plain" "status, body and content type"
fetch "$base/_control" -X POST --data '{"rules": "nope"}'
is "$code" 400 "a bad control request: 400"
fetch "$base/_control" -X POST --data '{"rules": []}'
fetch "$base/pypi/octavia-loxilb-driver/json"
is "$code" 200 "rules cleared"

# a half-written control file keeps the previous rules
printf '{"rules": [' >"$root/_faults.json"
fetch "$base/pypi/octavia-loxilb-driver/json"
is "$code" 200 "a broken control file is ignored"
rm -f "$root/_faults.json"

# ---- the log
grep -q "GET /pypi/octavia-loxilb-driver/1.0.0/json 200 [0-9.]*s" "$T/log"
result $? "log: method, path, status, duration"

# ---- stopping
kill -TERM "$pid"
i=0
while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	result 1 "SIGTERM stops the server"
else
	wait "$pid"
	is "$?" 0 "SIGTERM stops the server with status 0"
fi
pid=
curl -sS --noproxy '*' --max-time 5 -o /dev/null "$base/" 2>/dev/null
is "$?" 7 "nothing listens afterwards"

# --max-seconds
"$PYTHON" "$server" --root "$root" --port-file "$T/port2" \
	--max-seconds 1 >/dev/null 2>"$T/stderr2" &
pid2=$!
wait_port "$T/port2"
result $? "second server started"
i=0
while [ $i -lt 50 ] && kill -0 "$pid2" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$pid2" 2>/dev/null; then
	result 1 "--max-seconds: exits by itself"
else
	wait "$pid2"
	is "$?" 0 "--max-seconds: exits by itself"
fi
pid2=
like "$(cat "$T/stderr2")" "max-seconds" "logs why it stopped (stderr without --log)"

echo "1..$n"
if [ "$failed" -ne 0 ]; then
	sed 's/^/# log: /' "$T/log"
	exit 1
fi
exit 0
