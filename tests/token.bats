#!/usr/bin/env bats
# phi:1: tokens (common/token, through tests/helpers/tokentool) against an
# independent RFC 9180 implementation in Python (tests/interop/hpke_ref.py):
# tokens travel both ways; tampering, unknown keys and keyrings.
load test_helper

REF="$REPO/tests/interop/hpke_ref.py"

suite_setup() {
	phi-keygen -o k >kid
	cat >values <<'V'
"alice@example.com"
"caf\u00e9 \ud83d\ude00 ünïcödé"
-12.5e-300
123456789012345678901234567890
true
null
{"a":{"b":[1,2,{"c":null}]},"d.e":"x"}
[]
""
V
	printf '"carriage\rreturn"\n' >>values
}

# (the reference checks itself against the RFC 9180 vectors in interop.bats)

@test "tokens made by phi-tools open with the Python reference" {
	tokentool seal k.pub <values >tokens
	[ "$(wc -l <tokens)" -eq "$(wc -l <values)" ]
	grep -c '^phi:1:[A-Za-z0-9_-]*$' tokens | grep -qx "$(wc -l <values)"
	"$PY" "$REF" open k.key <tokens >back
	cmp values back
}

@test "tokens made by the Python reference open with phi-tools" {
	"$PY" "$REF" seal k.pub <values >tokens
	tokentool open k.key <tokens >back
	cmp values back
}

@test "all tokens of a stream share kid and enc and count seq up" {
	tokentool seal k.pub <values >tokens
	"$PY" - tokens "$(cat kid)" <<'P'
import base64, sys
toks = open(sys.argv[1]).read().split()
raw = [base64.urlsafe_b64decode(t[6:] + '=' * (-len(t[6:]) % 4)) for t in toks]
assert all(r[:8].hex() == sys.argv[2] for r in raw), 'kid'
assert len({r[8:40] for r in raw}) == 1, 'enc'
assert [int.from_bytes(r[40:48], 'big') for r in raw] == list(range(len(raw)))
P
}

@test "a keyring directory opens tokens of two keys, mixed" {
	mkdir ring
	phi-keygen -o ring/old >/dev/null
	phi-keygen -o ring/new >/dev/null
	"$PY" "$REF" seal ring/old.pub <values >a
	"$PY" "$REF" seal ring/new.pub <values >b
	paste -d '\n' a b >mixed
	paste -d '\n' values values >want
	tokentool open ring <mixed >back
	cmp want back
}

@test "a changed token is refused (65) with its line, not its text" {
	tokentool seal k.pub <values >tokens
	# change one character in the middle of the 3rd token
	awk 'NR == 3 { c = substr($0, 60, 1); $0 = substr($0, 1, 59) \
	    (c == "A" ? "B" : "A") substr($0, 61) } { print }' tokens >bad
	! cmp -s tokens bad || false
	run tokentool open k.key <bad
	assert_failure 65
	assert_output --partial 'line 3: token authentication failed'
	refute_output --partial "$(sed -n 3p bad | cut -c 10-30)"
}

@test "a token for a key not in the ring is 77 and names the key id" {
	phi-keygen -o other >/dev/null
	tokentool seal k.pub <values >tokens
	run tokentool open other.key <tokens
	assert_failure 77
	assert_output --partial "line 1: no private key for key id $(cat kid)"
}

@test "an encrypted private key in the ring takes PHI_PASSPHRASE" {
	mkdir ring
	PHI_PASSPHRASE=pw phi-keygen -o ring/enc >/dev/null
	tokentool seal ring/enc.pub <values >tokens
	PHI_PASSPHRASE=pw tokentool open ring <tokens >back
	cmp values back
	PHI_PASSPHRASE=nope run tokentool open ring <tokens
	assert_failure 77
	assert_output --partial 'wrong passphrase'
}

@test "phi-encrypt pads values: true and false, \"male\" and \"female\" give tokens of one length" {
	printf '{"a":true,"b":false,"c":"male","d":"female"}\n' >in.ndjson
	phi-encrypt -k k.pub -f a -f b -f c -f d in.ndjson >e.ndjson
	lens=$(jq -r '[.a, .b, .c, .d] | map(length) | unique | length' e.ndjson)
	[ "$lens" -eq 1 ]
	phi-decrypt -K k.key e.ndjson | cmp - in.ndjson
	# a value of 300 bytes pads to the PADME length 304
	v=$(printf '%0298d' 0)
	printf '{"a":"%s"}\n' "$v" >long.ndjson
	phi-encrypt -k k.pub -f a long.ndjson >e2.ndjson
	"$PY" "$REF" open k.key "$(jq -r .a e2.ndjson)" >back
	[ "$(wc -c <back)" -eq 300 ]
	phi-decrypt -K k.key e2.ndjson | cmp - long.ndjson
}

@test "--no-pad tokens (the format before padding) leak the length and still decrypt" {
	printf '{"a":true,"b":false}\n' >in.ndjson
	phi-encrypt --no-pad -k k.pub -f a -f b in.ndjson >e.ndjson
	[ "$(jq -r '.a | length' e.ndjson)" -ne "$(jq -r '.b | length' e.ndjson)" ]
	phi-decrypt -K k.key e.ndjson | cmp - in.ndjson
	"$PY" "$REF" open k.key "$(jq -r .b e.ndjson)" >back
	[ "$(cat back)" = false ]
}
