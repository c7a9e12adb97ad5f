#!/usr/bin/env bats
# Safety nets for everyday mistakes (issue 15): a typo, a forgotten
# argument or a habit from another tool must not leak PHI or lose data,
# and messages point at the fix.

load test_helper

suite_setup() {
	phi-keygen -o a >/dev/null
	printf '%s\n' '{"traits":{"email":"dana@example.com"},"n":1}' \
	    '{"traits":{"email":"lee@example.com"},"n":2}' >in.ndjson
}

# --- options ------------------------------------------------------------

@test "a second -k is a usage error: one recipient only for now" {
	phi-keygen -o b >/dev/null
	run phi-encrypt -k a.pub -k b.pub -f traits.email in.ndjson
	assert_equal "$status" 64
	assert_output --partial "one recipient key only"
	refute_output --partial "phi:1:"
}

@test "long options are not abbreviated: --fields is not --fields-from" {
	printf 'traits.email\n' >fields.txt
	run phi-encrypt -k a.pub --fields fields.txt in.ndjson
	assert_equal "$status" 64
	assert_output --partial "'--fields'"
	assert_output --partial "not abbreviated"
	run phi-decrypt --priv a.key in.ndjson
	assert_equal "$status" 64
	run phi-classify --rep in.ndjson
	assert_equal "$status" 64
	run phi-keygen --ou x
	assert_equal "$status" 64
	[ ! -e x.key ]
	run phi-audit verify --lo x.log
	assert_equal "$status" 64
	# the whole names, and --opt=VALUE, still work
	phi-encrypt -k a.pub --fields-from=fields.txt in.ndjson >out
	grep -q '"email":"phi:1:' out
	phi-encrypt --public-key a.pub --field traits.email in.ndjson >out
	grep -q '"email":"phi:1:' out
}

# --- phi-keygen -y --------------------------------------------------------

@test "phi-keygen -y / --public prints the public key of a private key" {
	phi-keygen -y a.key >again.pub
	cmp a.pub again.pub
	phi-keygen --public a.key | cmp - a.pub
	phi-keygen -s -o s >/dev/null
	phi-keygen -s -y s.key | cmp - s.pub
	run phi-keygen -y a.pub
	assert_equal "$status" 77
	chmod 644 a.key
	run phi-keygen -y a.key
	assert_equal "$status" 77
	refute_output --partial "PRIVATE"
}

# --- messages -----------------------------------------------------------

@test "one bad line is '1 bad line', not '1 bad lines'" {
	printf '{"a":1}\n[1]\n' >bad.ndjson
	run phi-classify --reject rej.ndjson bad.ndjson
	assert_equal "$status" 65
	assert_output --partial "1 bad line, written to rej.ndjson"
}

@test "a key directory given as keys/ is not named keys//x.key" {
	mkdir keys
	printf 'not a key\n' >keys/x.key
	chmod 600 keys/x.key
	run phi-decrypt -K keys/ in.ndjson
	assert_equal "$status" 77
	refute_output --partial "//"
	assert_output --partial "keys/x.key"
}

@test "the --audit-log and -h lines of --help line up with the filter options" {
	# the column where each option line's description starts
	for p in phi-encrypt phi-decrypt phi-classify; do
		"$p" --help | awk '/^ +(-[a-zA-Z], )?--(output|reject|audit-log|help|version)[ =]/ {
			match($0, /^ +(-[a-zA-Z], )?--[a-z-]+( [A-Z]+)? +/)
			print RLENGTH }' | sort -u >cols
		echo "$p: $(tr '\n' ' ' <cols)"
		[ "$(wc -l <cols)" -eq 1 ]
	done
}

@test "phi-keygen(1) says -o team.key is refused" {
	grep -q 'is refused, as it would make' "$REPO/share/man/man1/phi-keygen.1"
	run phi-keygen -o team.key
	assert_equal "$status" 64
	[ ! -e team.key.key ]
}

@test "phi-decrypt(1)'s token example works when the first event has no email" {
	{
		printf '{"type":"track"}\n'
		cat in.ndjson
	} | phi-encrypt -k a.pub -f traits.email | gzip >safe.ndjson.gz
	sed -n '/^token=/,/--token/p' "$REPO/share/man/man1/phi-decrypt.1" |
	    sed -e "s/\\\\(aq/'/g" -e 's/team\.key/a.key/' >ex.sh
	[ "$(wc -l <ex.sh)" -eq 2 ]
	run bash -e -o pipefail ex.sh
	assert_success
	assert_output '"dana@example.com"'
}

# --- phi-decrypt --stats ----------------------------------------------------

@test "phi-decrypt --stats counts tokens skipped by --skip-unknown-keys apart" {
	phi-keygen -o b >/dev/null
	phi-encrypt -k a.pub -f traits.email in.ndjson >x.ndjson
	phi-encrypt -k b.pub -f n x.ndjson >xy.ndjson
	run phi-decrypt -K a.key --skip-unknown-keys --stats xy.ndjson
	assert_success
	assert_output --partial "2 events, 2 values decrypted, 2 skipped,"
}

# --- inputs of another kind: one message that says what to do -------------

# Runs each filter on file $1 with --reject; expects exit 65, one message
# line holding $2, and no other.
sniffs() {
	for p in "phi-encrypt -k a.pub -f traits.email" "phi-decrypt -K a.key" phi-classify; do
		run $p --reject rej.ndjson "$1"
		assert_equal "$status" 65
		assert_output --partial "$1:1: not NDJSON: $2"
		[ "${#lines[@]}" -eq 1 ]
	done
}

@test "gzip and zstd input: 'decompress it first', once, exit 65" {
	for i in $(seq 2000); do cat in.ndjson; done | gzip >in.ndjson.gz
	sniffs in.ndjson.gz "looks gzip-compressed: decompress it first (zcat"
	printf '\050\265\057\375rest\n{"a":1}\n' >in.zst
	sniffs in.zst "looks zstd-compressed: decompress it first (zstdcat"
}

@test "a UTF-8 BOM, CSV, a JSON array, pretty-printed JSON: what to do, once" {
	{ printf '\357\273\277'; cat in.ndjson; } >bom.ndjson
	sniffs bom.ndjson "starts with a UTF-8 byte order mark"
	printf 'id,email\n1,dana@example.com\n2,lee@example.com\n' >in.csv
	sniffs in.csv "looks like CSV"
	refute_output --partial "dana"
	printf '[{"a":1},\n{"a":2}]\n' >arr.json
	sniffs arr.json "looks like a JSON array, not one object a line: use jq -c '.[]'"
	printf '[\n{"a":1},\n{"a":2}\n]\n' >arr2.json
	sniffs arr2.json "looks like a JSON array, not one object a line: use jq -c '.[]'"
	printf '{\n  "a": 1\n}\n{\n  "a": 2\n}\n' >pretty.json
	sniffs pretty.json "looks like pretty-printed JSON, not one object a line: use jq -c ."
	# a bad line after the first is an ordinary bad line
	printf '{"a":1}\n[1]\n{"a":2}\n' >later.ndjson
	run phi-classify --reject rej.ndjson later.ndjson
	assert_equal "$status" 65
	assert_output --partial "later.ndjson:2:"
	refute_output --partial "not NDJSON"
}

@test "an input of another kind after lines were rejected: its lines are rejected too, none lost" {
	printf '{"a":1}\n[1]\n' >one.ndjson
	printf 'id,email\n1,x\n' >two.csv
	run phi-classify --reject rej.ndjson one.ndjson two.csv
	assert_equal "$status" 65
	assert_line --index 0 --partial "one.ndjson:2:"
	[ "$(sed -n 1p rej.ndjson)" = "[1]" ]
	[ "$(sed -n 2p rej.ndjson)" = "id,email" ]
	[ "$(wc -l <rej.ndjson)" -eq 3 ]
	# with nothing rejected or written before it, the first line still
	# says what the input is, once
	run phi-classify --reject rej2.ndjson two.csv
	assert_output --partial "two.csv:1: not NDJSON: looks like CSV"
}

# --- one scope for phi-encrypt --class and phi-classify --------------------

@test "phi-encrypt --class yellow output passes phi-classify --fail-on yellow (Segment's spec examples)" {
	seg="$FIXTURES/segment-spec-examples.ndjson"
	[ "$(wc -l <"$seg")" -eq 75 ]
	phi-encrypt -k a.pub --class yellow "$seg" >safe.ndjson
	run phi-classify --fail-on yellow -k a.pub safe.ndjson
	assert_success
	# previousId of the alias example held an email: sealed now
	grep '"type":"alias"' safe.ndjson | grep -q '"previousId":"phi:1:'
	phi-decrypt -K a.key safe.ndjson | cmp - "$seg"
}

@test "--scope narrows phi-encrypt --class and phi-classify alike" {
	seg="$FIXTURES/segment-spec-examples.ndjson"
	phi-encrypt -k a.pub --class yellow --scope traits "$seg" >t.ndjson
	grep '"type":"alias"' t.ndjson | grep -q '"previousId":"jen@email.com"'
	run phi-classify --fail-on yellow -k a.pub --scope traits t.ndjson
	assert_success
	run phi-classify --fail-on yellow --scope previousId t.ndjson
	assert_equal "$status" 1
	assert_output --partial "previousId: yellow (email)"
	refute_output --partial "traits."
	# --scope leaves the events as they are
	phi-classify --scope traits "$seg" | cmp - "$seg"
}

# --- a field path that selects nothing ----------------------------------

@test "a -f path that selected nothing is named, with the close path of the input" {
	printf '%s\n' '{"items":[{"sku":"A1"}],"context":{"x":1}}' >>in.ndjson
	run sh -c "phi-encrypt -k a.pub -f trait.email -f traits.emial \
	    -f 'items.*.skus' -f nowhere -f n in.ndjson >out.ndjson"
	assert_success
	grep -q '"n":"phi:1:' out.ndjson
	assert_line --partial "phi-encrypt: -f trait.email selected nothing; did you mean traits.email?"
	assert_line --partial "phi-encrypt: -f traits.emial selected nothing; did you mean traits.email?"
	assert_line --partial "phi-encrypt: -f items.*.skus selected nothing; did you mean items.*.sku?"
	assert_line --partial "phi-encrypt: -f nowhere selected nothing"
	refute_output --partial "nowhere selected nothing; did"
	refute_output --partial "-f n selected"
	refute_output --partial "dana"
	# --fields-from paths and phi-decrypt -f too
	printf 'trait.email\n' >f.txt
	run phi-encrypt -k a.pub --fields-from f.txt in.ndjson
	assert_output --partial "-f trait.email selected nothing; did you mean traits.email?"
	phi-encrypt -k a.pub -f traits.email in.ndjson >x.ndjson
	run phi-decrypt -K a.key -f trait.email x.ndjson
	assert_success
	assert_output --partial "phi-decrypt: -f trait.email selected nothing; did you mean traits.email?"
}

@test "--strict and PHI_STRICT=1: a path that selected nothing exits 65, -o not written" {
	run phi-encrypt --strict -k a.pub -f trait.email -o out.ndjson in.ndjson
	assert_equal "$status" 65
	assert_output --partial "1 field path selected nothing (--strict): output not written"
	[ ! -e out.ndjson ]
	PHI_STRICT=1 run phi-encrypt -k a.pub -f trait.email in.ndjson
	assert_equal "$status" 65
	run phi-encrypt --strict -k a.pub -f nowhere --suffix .enc in.ndjson
	assert_equal "$status" 65
	[ ! -e in.ndjson.enc ]
	phi-encrypt -k a.pub -f traits.email in.ndjson >x.ndjson
	run phi-decrypt --strict -K a.key -f trait.email x.ndjson
	assert_equal "$status" 65
	# every path used: exit 0
	phi-encrypt --strict -k a.pub -f traits.email -o out.ndjson in.ndjson
	[ -s out.ndjson ]
}

@test "JSONPath, jq and JSON Pointer spellings are explained: exit 64, the right spelling" {
	for p in '$.traits.email' '.traits.email' 'traits/email' '/traits/email' \
	    "traits['email']" 'traits.email ' ' traits.email'; do
		run phi-encrypt -k a.pub -f "$p" in.ndjson
		echo "$p: $output"
		assert_equal "$status" 64
		assert_output --partial "bad field path '$p'"
		assert_output --partial "; write traits.email"
	done
	run phi-encrypt -k a.pub -f '$.traits.email' in.ndjson
	assert_output --partial "JSONPath"
	# the bracket spellings of this syntax still work
	phi-encrypt -k a.pub -f 'traits["email"]' in.ndjson | grep -q '"email":"phi:1:'
	printf '{"a/b":"x@y.example","$set":{"k":1}}\n' >s.ndjson
	phi-encrypt -k a.pub -f '["a/b"]' -f '$set.k' s.ndjson | grep -q '"a/b":"phi:1:'
	phi-encrypt -k a.pub -f '$set.k' s.ndjson | grep -q '"k":"phi:1:'
}
