#!/usr/bin/env bats
# valgrind memcheck over the main paths of every program, with small
# inputs: no invalid access, no use of uninitialised memory, no definite
# or indirect leak (exit 99 from valgrind), and the program's own exit
# status as documented.  Skipped for sanitizer builds (ASan and valgrind
# do not mix) and when valgrind is not installed.

load test_helper

setup_file() {
	case "${PHI_BUILD:-build}" in *san*) return 0 ;; esac
	command -v valgrind >/dev/null || return 0
	# keys and inputs made once, without valgrind; tests copy them
	D="$BATS_FILE_TMPDIR"
	export D
	(cd "$D" && phi-keygen -o a >/dev/null && phi-keygen -o b >/dev/null &&
	    phi-keygen --sign -o s >/dev/null)
	mkdir "$D/ring"
	cp "$D/a.key" "$D/b.key" "$D/ring/"
	# labelled key/value pairs as identify events (traits, properties)
	head -200 "$FIXTURES/classify-labelled.ndjson" | jq -c '{type: "identify",
	    userId: "u-\(input_line_number)", traits: {(.key): .value},
	    properties: {note: .why}}' >"$D/events.ndjson"
	phi-encrypt -k "$D/a.pub" -f 'traits.*' -f 'properties.*' \
	    "$FIXTURES/edge.ndjson" >"$D/edge.enc"
}

suite_setup() {
	case "$PHI_BUILD" in
	*san*) skip "valgrind does not run sanitizer builds ($PHI_BUILD)" ;;
	esac
	command -v valgrind >/dev/null || skip "valgrind is not installed"
}

# vg STATUS PROG ARGS...: runs PROG under memcheck with stdout in out,
# stderr in err; fails on any memcheck error or an exit status other
# than STATUS, showing valgrind's report (add --track-origins=yes to
# find where an uninitialised value came from; it doubles the time).
vg() {
	local want=$1 rc=0
	shift
	valgrind --quiet --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect \
	    --show-leak-kinds=definite,indirect \
	    --log-file=vg.log "$(command -v "$1")" "${@:2}" >out 2>err || rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "# $*: exit $rc, wanted $want"
		sed 's/^/# vg: /' vg.log
		sed 's/^/# err: /' err
		return 1
	fi
	[ ! -s vg.log ] || { sed 's/^/# vg: /' vg.log; return 1; }
}

@test "valgrind: phi-keygen -o, --sign -o, --id" {
	vg 0 phi-keygen -o k
	[ -s k.key ]
	[ -s k.pub ]
	[ "$(wc -c <out)" -eq 17 ]
	vg 0 phi-keygen --sign -o sk
	vg 0 phi-keygen --id k.pub
	[ "$(cat out)" = "$(phi-keygen --id k.key)" ]
	echo 'pass phrase' >pw
	vg 0 phi-keygen --passphrase-file pw -o enc
	grep -q 'ENCRYPTED PRIVATE KEY' enc.key
}

@test "valgrind: phi-encrypt -f to -o, and decrypted back" {
	vg 0 phi-encrypt -k "$D/a.pub" -f 'traits.*' -f 'properties.*' \
	    -o enc.ndjson "$FIXTURES/edge.ndjson"
	grep -q '"phi:1:' enc.ndjson
	phi-decrypt -K "$D/a.key" enc.ndjson | cmp - "$FIXTURES/edge.ndjson"
}

@test "valgrind: phi-encrypt --class yellow" {
	vg 0 phi-encrypt -k "$D/a.pub" --class yellow "$D/events.ndjson"
	grep -q '"phi:1:' out
	[ "$(wc -l <out)" -eq "$(wc -l <"$D/events.ndjson")" ]
}

@test "valgrind: phi-encrypt with a bad line stops (65), --reject goes on" {
	printf '{"a":"x"}\n{"a":\n{"a":"y"}\n' >in
	vg 65 phi-encrypt -k "$D/a.pub" -f a in
	grep -q 'in:2:' err
	vg 65 phi-encrypt -k "$D/a.pub" -f a --reject rej in
	[ "$(wc -l <out)" -eq 2 ] && [ "$(wc -l <rej)" -eq 1 ]
}

@test "valgrind: phi-decrypt -K restores the input byte for byte" {
	vg 0 phi-decrypt -K "$D/a.key" "$D/edge.enc"
	cmp out "$FIXTURES/edge.ndjson"
}

@test "valgrind: phi-decrypt --token" {
	tok=$(jq -r '.traits.email' "$D/edge.enc" | head -1)
	vg 0 phi-decrypt -K "$D/a.key" --token "$tok"
	[ "$(cat out)" = "$(jq -c '.traits.email' "$FIXTURES/edge.ndjson" | head -1)" ]
}

@test "valgrind: phi-decrypt with a keyring directory, and an unknown key (77)" {
	vg 0 phi-decrypt -K "$D/ring" "$D/edge.enc"
	cmp out "$FIXTURES/edge.ndjson"
	vg 77 phi-decrypt -K "$D/b.key" "$D/edge.enc"
}

@test "valgrind: phi-classify --report" {
	vg 0 phi-classify --report "$D/events.ndjson"
	jq -s -e 'any(.[]; .class == "red")' out >/dev/null
}

@test "valgrind: phi-classify --drop red" {
	vg 0 phi-classify --drop red "$D/events.ndjson"
	[ "$(wc -l <out)" -eq "$(wc -l <"$D/events.ndjson")" ]
	! cmp -s out "$D/events.ndjson" || false
}

@test "valgrind: phi-classify --fail-on yellow (1) and green data (0)" {
	vg 1 phi-classify --fail-on yellow "$D/events.ndjson"
	[ -s err ]
	printf '{"type":"track","event":"x"}\n' >green
	vg 0 phi-classify --fail-on red green
}

@test "valgrind: phi-audit record, seal, verify" {
	vg 0 phi-audit record -l a.log -e "PHI Exported" -u user-42 -d '{"rows":10}'
	vg 0 phi-audit record -l a.log -e "Login" -a ann
	vg 0 phi-audit seal -l a.log -k "$D/s.key"
	cp out cp
	vg 0 phi-audit verify -k "$D/s.pub" --checkpoint cp a.log
	[ "$(wc -l <a.log)" -eq 4 ]
	sed -i '2s/PHI Exported/PHI Imported/' a.log
	vg 65 phi-audit verify -k "$D/s.pub" a.log
}

@test "valgrind: phi-audit ingest and review" {
	cat >ev.ndjson <<'JSON'
{"e":"Login Failed","a":"bob","u":"u-1","t":"2026-03-02T09:01:00Z"}
{"e":"Login Failed","a":"bob","u":"u-1","t":"2026-03-02T09:01:30Z"}
{"e":"PHI Decrypted","a":"ann","t":"2026-03-02T23:00:00Z"}
JSON
	vg 0 phi-audit ingest -l a.log --map event_type=e --map actor=a \
	    --map end_user=u --map timestamp=t ev.ndjson
	[ "$(wc -l <a.log)" -eq 4 ]
	vg 0 phi-audit review --failed-logins 2 a.log
	jq -s -e 'any(.[]; .alert == "failed_logins")' out >/dev/null
	vg 0 phi-audit review --summary a.log
}

@test "valgrind: phi-keygen --join, --id of it, phi-encrypt --join (and its warning)" {
	vg 0 phi-keygen --join -o j
	[ "$(wc -c <out)" -eq 17 ]
	vg 0 phi-keygen --id j.join
	vg 0 phi-encrypt -k "$D/a.pub" --join-key j.join --join userId \
	    --join traits.email --join 'traits.*' "$D/events.ndjson"
	grep -q '"userId":"phi:1:' out
	grep -q 'low-entropy' err
	vg 64 phi-encrypt -k "$D/a.pub" --join userId "$D/events.ndjson"
}
