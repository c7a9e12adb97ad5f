#!/usr/bin/env bats
# Interop with an independent RFC 9180 implementation (tests/interop/
# hpke_ref.py, Python + the cryptography package): it passes the official
# vectors, reads phi-keygen's keys, opens phi-encrypt's tokens, and makes
# tokens that phi-decrypt opens and that phi-decrypt rejects when tampered.
load test_helper
bats_require_minimum_version 1.5.0

VECTORS="$REPO/tests/vectors/rfc9180-x25519-sha256.json"
TYPES="$REPO/tests/interop/types.ndjson"

ref() { "$PY" "$REPO/tests/interop/hpke_ref.py" "$@"; }
jsoneq() { "$PY" "$REPO/tests/interop/jsoneq.py" "$@"; }

# The tokens in a file, in order, one a line.
tokens_of() { grep -o 'phi:1:[A-Za-z0-9_-]*' "$1"; }

# The compact JSON of each key read from standard input (one a line) of
# the object at top-level key $2 on line 1 of file $1, one a line, as
# Python reads it (jq would round big numbers); one Python for all keys.
values_at() {
	"$PY" -c 'import json, sys
v = json.loads(open(sys.argv[1], encoding="utf-8").readline())
for k in sys.stdin.read().splitlines():
    print(json.dumps(v[sys.argv[2]][k], ensure_ascii=False))' "$@"
}

# A sealed SSN from the Python side, in $tok; the control: it opens.
ssn_token() {
	printf '{"traits":{"ssn":"123-45-6789"}}\n' |
	    ref encrypt k.pub traits.ssn >e.ndjson
	tok=$(jq -r .traits.ssn e.ndjson)
	[ "$(phi-decrypt -K k.key --token "$tok")" = '"123-45-6789"' ]
}

# tampered WHAT ARG...: BAD[i] is $tok changed by WHAT and the i-th ARG
# (hpke_ref.py tamper), all from one Python start.
tampered() {
	local what=$1
	shift
	mapfile -t BAD < <(ref tamper "$tok" "$what" "$@")
	[ "${#BAD[@]}" -eq $# ] ||
	    { echo "tamper $what: ${#BAD[@]} tokens for $# cases"; return 1; }
}

# phi-decrypt must refuse token $1 with status $2, stream and --token, and
# never show the value.  Called as `refused ... || ...`, so errexit is off
# in here: every check ends in `|| return 1`.
refused() {
	run --separate-stderr phi-decrypt -K k.key --token "$1"
	[ "$status" -eq "$2" ] || { echo "--token: status $status"; return 1; }
	[[ "$output$stderr" != *123-45-6789* ]] ||
	    { echo "--token: the value shown"; return 1; }
	printf '{"traits":{"ssn":"%s"}}\n' "$1" >bad.ndjson || return 1
	run --separate-stderr phi-decrypt -K k.key bad.ndjson
	[ "$status" -eq "$2" ] || { echo "stream: status $status"; return 1; }
	[[ "$output$stderr" != *123-45-6789* ]] ||
	    { echo "stream: the value shown"; return 1; }
	[ -n "$stderr" ] || { echo "stream: no message"; return 1; }
}

@test "hpke_ref.py passes every official RFC 9180 vector of the token suite" {
	run "$PY" "$REPO/tests/interop/hpke_ref.py" selftest "$VECTORS"
	assert_success
	refute_output --partial 'not ok'
	assert_output --regexp ', 0 failed$'
	assert_line --regexp '^ok [0-9]+ - aead 2: Decap shared_secret$'
	for v in key base_nonce exporter_secret; do
		assert_line --regexp "^ok [0-9]+ - aead 2: receiver $v\$"
	done
	n=$(jq '[.[] | select(.aead_id == 2)][0].encryptions | length' "$VECTORS")
	[ "$n" -gt 0 ]
	last=$((n - 1))
	assert_line --regexp "^ok [0-9]+ - aead 2: encryption $last: nonce, seal, open\$"
	[ "$(grep -c '^ok [0-9]* - aead 2: encryption' <<<"$output")" -eq "$n" ]
}

@test "the self-test fails on an altered vector (key, ciphertext)" {
	jq '(.[] | select(.aead_id == 2) | .key) |= ("ff" + .[2:])' \
	    "$VECTORS" >badkey.json
	run ref selftest badkey.json
	assert_failure
	assert_line --regexp '^not ok [0-9]+ - aead 2: sender key$'
	jq '(.[] | select(.aead_id == 2) | .encryptions[7].ct) |= ("00" + .[2:])' \
	    "$VECTORS" >badct.json
	run ref selftest badct.json
	assert_failure
	assert_line --regexp '^not ok [0-9]+ - aead 2: encryption 7: '
}

@test "phi-keygen keys: same key id on both sides, and they seal and open in Python" {
	kid=$(phi-keygen -o k)
	[ "$(ref kid k.pub)" = "$kid" ]
	[ "$(ref kid k.key)" = "$kid" ]
	ref encrypt k.pub 'traits.*' 'properties.*' <"$TYPES" >e.ndjson
	tokens_of e.ndjson | ref info - | cut -d' ' -f1 | sort -u >kids
	[ "$(cat kids)" = "$kid" ]
	ref decrypt k.key <e.ndjson >d.ndjson
	jsoneq "$TYPES" d.ndjson
	run jsoneq "$TYPES" e.ndjson
	assert_failure
}

# phi-keygen's own encrypted keys (scrypt N=2^18, 256 MiB) are beyond the
# 32 MiB that OpenSSL's PKCS#8 decryption (and so Python's cryptography)
# allows; the reference opens an openssl-made scrypt key (N=2^14) instead.
@test "a passphrase-protected key (openssl pkcs8 -scrypt) opens phi-encrypt tokens in Python" {
	openssl genpkey -algorithm X25519 |
	    openssl pkcs8 -topk8 -scrypt -passout 'pass:correct horse battery' -out p.key
	openssl pkey -in p.key -passin 'pass:correct horse battery' -pubout -out p.pub
	head -1 p.key | grep -qx -- '-----BEGIN ENCRYPTED PRIVATE KEY-----'
	phi-encrypt -k p.pub -f 'traits.*' "$TYPES" >e.ndjson
	PHI_PASSPHRASE='correct horse battery' ref decrypt p.key \
	    <e.ndjson >d.ndjson
	jsoneq "$TYPES" d.ndjson
	run env PHI_PASSPHRASE=wrong "$PY" "$REPO/tests/interop/hpke_ref.py" \
	    decrypt p.key <e.ndjson
	[ "$status" -eq 77 ]
}

@test "phi-encrypt tokens decrypt with hpke_ref.py: gen-events sample" {
	phi-keygen -o k >/dev/null
	gen-events 200 --seed 3 >events.ndjson
	phi-encrypt -k k.pub -f 'traits.*' -f 'properties.*' events.ndjson \
	    >enc.ndjson
	[ "$(tokens_of enc.ndjson | wc -l)" -gt 200 ]
	ref decrypt k.key <enc.ndjson >dec.ndjson
	jsoneq events.ndjson dec.ndjson
	# and jq agrees
	diff <(jq -S -c . events.ndjson) <(jq -S -c . dec.ndjson)
	run jsoneq events.ndjson enc.ndjson
	assert_failure
}

@test "phi-encrypt: one context per run, seq 0,1,2... in order, the key's kid" {
	kid=$(phi-keygen -o k)
	gen-events 50 --seed 3 >events.ndjson
	phi-encrypt -k k.pub -f 'traits.*' -f 'properties.*' events.ndjson \
	    >enc.ndjson
	tokens_of enc.ndjson | ref info - >info
	n=$(wc -l <info)
	[ "$n" -gt 50 ]
	[ "$(cut -d' ' -f1 info | sort -u)" = "$kid" ]
	[ "$(cut -d' ' -f2 info | sort -u | wc -l)" -eq 1 ]
	diff <(cut -d' ' -f3 info) <(seq 0 $((n - 1)))
	# a second run is a new context
	phi-encrypt -k k.pub -f 'traits.*' events.ndjson >enc2.ndjson
	[ "$(tokens_of enc2.ndjson | ref info - | cut -d' ' -f2 | sort -u)" != \
	    "$(cut -d' ' -f2 info | sort -u)" ]
}

@test "phi-encrypt tokens decrypt with hpke_ref.py: every JSON type" {
	phi-keygen -o k >/dev/null
	phi-encrypt -k k.pub -f 'traits.*' -f 'properties.*' "$TYPES" >enc.ndjson
	[ "$(tokens_of enc.ndjson | wc -l)" -gt 30 ]
	ref decrypt k.key <enc.ndjson >dec.ndjson
	jsoneq "$TYPES" dec.ndjson
	# whole objects and arrays selected at the top
	phi-encrypt -k k.pub -f traits -f properties "$TYPES" >whole.ndjson
	want=$(jq -c 'select(has("traits"))' "$TYPES" | wc -l)
	[ "$(jq -r '.traits | strings' whole.ndjson | grep -c '^phi:1:')" -eq "$want" ]
	ref decrypt k.key <whole.ndjson >dec2.ndjson
	jsoneq "$TYPES" dec2.ndjson
}

@test "phi-encrypt's plaintext is the value's exact bytes (hpke_ref.py open)" {
	phi-keygen -o k >/dev/null
	values=('"Émile \u00e9 \ud83d\udc1d \"q\""' '""' '1.50' '-0' '1e400'
		'-1.5E-300' '123456789012345678901234567890' 'true' 'false'
		'null' '{}' '[]' '{"a" : [1, 2, {"b":null}] }' '["x" ,"🐝"]')
	for v in "${values[@]}"; do
		printf '{"traits":{"v":%s}}\n' "$v" >in.ndjson
		phi-encrypt -k k.pub -f traits.v in.ndjson >e.ndjson
		tok=$(jq -r .traits.v e.ndjson)
		[[ "$tok" == phi:1:* ]]
		ref open k.key "$tok" >got
		printf '%s' "$v" >want
		cmp got want || { echo "value $v"; return 1; }
	done
}

@test "hpke_ref.py tokens decrypt with phi-decrypt: gen-events sample" {
	phi-keygen -o k >/dev/null
	gen-events 200 --seed 3 >events.ndjson
	ref encrypt k.pub 'traits.*' 'properties.*' context \
	    <events.ndjson >enc.ndjson
	[ "$(tokens_of enc.ndjson | wc -l)" -gt 200 ]
	phi-decrypt -K k.key enc.ndjson >dec.ndjson
	jsoneq events.ndjson dec.ndjson
	diff <(jq -S -c . events.ndjson) <(jq -S -c . dec.ndjson)
	run jsoneq events.ndjson enc.ndjson
	assert_failure
}

@test "hpke_ref.py tokens decrypt with phi-decrypt: every JSON type" {
	phi-keygen -o k >/dev/null
	ref encrypt k.pub 'traits.*' 'properties.*' <"$TYPES" >enc.ndjson
	[ "$(tokens_of enc.ndjson | wc -l)" -gt 30 ]
	phi-decrypt -K k.key enc.ndjson >dec.ndjson
	jsoneq "$TYPES" dec.ndjson
	ref encrypt k.pub traits properties <"$TYPES" >whole.ndjson
	phi-decrypt -K k.key <whole.ndjson >dec2.ndjson
	jsoneq "$TYPES" dec2.ndjson
	# -f: only some fields
	phi-decrypt -K k.key -f traits whole.ndjson >part.ndjson
	want=$(jq -c 'select(has("properties"))' "$TYPES" | wc -l)
	[ "$want" -gt 0 ]
	[ "$(jq -r '.properties | strings' part.ndjson | grep -c '^phi:1:')" -eq "$want" ]
	[ "$(jq -r '.traits | strings' part.ndjson | grep -c '^phi:1:' || true)" -eq 0 ]
}

@test "phi-decrypt --token opens single hpke_ref.py tokens to the JSON value" {
	phi-keygen -o k >/dev/null
	ref encrypt k.pub 'traits.*' <"$TYPES" >enc.ndjson
	head -1 enc.ndjson | jq -r '.traits | keys[]' >keys
	[ "$(wc -l <keys)" -gt 20 ]
	# each token opened alone, one line each, in the order of the keys;
	# then one comparison of all of them (a Python start each was most
	# of this test's time)
	head -1 enc.ndjson | jq -r '.traits | keys[] as $k | .[$k]' >toks
	: >got
	while IFS= read -r tok; do
		phi-decrypt -K k.key --token "$tok" >>got
	done <toks
	values_at "$TYPES" traits <keys >want
	[ "$(wc -l <want)" -eq "$(wc -l <keys)" ]
	run jsoneq want got
	if [ "$status" -ne 0 ]; then
		n=$(sed -n 's/^jsoneq: line \([0-9]*\):.*/\1/p' <<<"$output")
		echo "$output (key $(sed -n "${n:-0}p" keys))"
		return 1
	fi
}

@test "tampered hpke_ref.py tokens: a flipped ciphertext or tag bit is refused (65)" {
	phi-keygen -o k >/dev/null
	ssn_token
	cases=(0 5 10 11 20 -1)
	tampered ct "${cases[@]}"
	for i in "${!cases[@]}"; do
		[ "${BAD[i]}" != "$tok" ] ||
		    { echo "ct byte ${cases[i]}: unchanged"; return 1; }
		refused "${BAD[i]}" 65 ||
		    { echo "ct byte ${cases[i]}"; return 1; }
	done
}

@test "tampered hpke_ref.py tokens: a changed seq is refused (65)" {
	phi-keygen -o k >/dev/null
	ssn_token
	cases=(1 2 256 18446744073709551615)
	tampered seq "${cases[@]}"
	for i in "${!cases[@]}"; do
		refused "${BAD[i]}" 65 || { echo "seq ${cases[i]}"; return 1; }
	done
}

@test "tampered hpke_ref.py tokens: a changed or low-order enc is refused (65)" {
	phi-keygen -o k >/dev/null
	ssn_token
	tampered enc 0 31
	for i in 0 1; do
		refused "${BAD[i]}" 65 || { echo "enc case $i"; return 1; }
	done
	zero=$(printf '0%.0s' {1..64})
	one=01$(printf '0%.0s' {1..62})
	tampered encset "$zero" "$one"
	for i in 0 1; do
		refused "${BAD[i]}" 65 || { echo "encset case $i"; return 1; }
	done
}

@test "tampered hpke_ref.py tokens: a truncated token is refused (65)" {
	phi-keygen -o k >/dev/null
	ssn_token
	# 48 header bytes + 16 tag bytes is the least a token can hold
	cases=(0 1 8 40 47 48 63 64 70)
	tampered cut "${cases[@]}"
	for i in "${!cases[@]}"; do
		refused "${BAD[i]}" 65 ||
		    { echo "cut to ${cases[i]} bytes"; return 1; }
	done
}

@test "tampered hpke_ref.py tokens: an unknown kid is 77, another key's kid is 65" {
	phi-keygen -o k >/dev/null
	ssn_token
	refused "$(ref tamper "$tok" kid 0011223344556677)" 77
	run --separate-stderr phi-decrypt -K k.key --token \
	    "$(ref tamper "$tok" kid 0011223344556677)"
	[ "$status" -eq 77 ]
	[[ "$stderr" == *0011223344556677* ]]
	# the kid of a key in the keyring: that key is used and the seal fails
	okid=$(phi-keygen -o other)
	bad=$(ref tamper "$tok" kid "$okid")
	run --separate-stderr phi-decrypt -K k.key -K other.key --token "$bad"
	[ "$status" -eq 65 ]
	[[ "$output$stderr" != *123-45-6789* ]]
}

@test "hpke_ref.py rejects tampered phi-encrypt tokens too" {
	phi-keygen -o k >/dev/null
	printf '{"traits":{"ssn":"123-45-6789"}}\n' |
	    phi-encrypt -k k.pub -f traits.ssn >e.ndjson
	tok=$(jq -r .traits.ssn e.ndjson)
	[ "$(ref open k.key "$tok")" = '"123-45-6789"' ]
	for w in 'ct 0' 'ct -1' 'seq 1' 'enc 3'; do
		run ref open k.key "$(ref tamper "$tok" $w)"
		[ "$status" -eq 65 ] || { echo "$w: $status"; return 1; }
		refute_output --partial 123-45-6789
	done
	run ref open k.key "$(ref tamper "$tok" kid 0011223344556677)"
	[ "$status" -eq 77 ]
}

@test "keyring: phi-decrypt picks the right key for hpke_ref.py tokens of two keys" {
	phi-keygen -o a >/dev/null
	phi-keygen -o b >/dev/null
	gen-events 20 --seed 1 >one.ndjson
	gen-events 20 --seed 2 >two.ndjson
	ref encrypt a.pub 'traits.*' <one.ndjson >mixed.ndjson
	ref encrypt b.pub 'traits.*' <two.ndjson >>mixed.ndjson
	phi-decrypt -K a.key -K b.key mixed.ndjson >dec.ndjson
	jsoneq <(cat one.ndjson two.ndjson) dec.ndjson
	run phi-decrypt -K a.key mixed.ndjson
	[ "$status" -eq 77 ]
}

@test "streams of several contexts: each side opens the other's concatenated runs" {
	phi-keygen -o k >/dev/null
	gen-events 30 --seed 5 >events.ndjson
	phi-encrypt -k k.pub -f 'traits.*' events.ndjson >c.ndjson
	phi-encrypt -k k.pub -f 'traits.*' events.ndjson >>c.ndjson
	[ "$(tokens_of c.ndjson | ref info - | cut -d' ' -f2 | sort -u | wc -l)" -eq 2 ]
	ref decrypt k.key <c.ndjson >d.ndjson
	jsoneq <(cat events.ndjson events.ndjson) d.ndjson
	ref encrypt k.pub 'traits.*' <events.ndjson >p.ndjson
	ref encrypt k.pub 'traits.*' <events.ndjson >>p.ndjson
	phi-decrypt -K k.key p.ndjson >d2.ndjson
	jsoneq <(cat events.ndjson events.ndjson) d2.ndjson
}

@test "phi-encrypt leaves hpke_ref.py tokens as they are" {
	phi-keygen -o k >/dev/null
	ref encrypt k.pub 'traits.*' 'properties.*' <"$TYPES" >p.ndjson
	phi-encrypt -k k.pub -f 'traits.*' -f 'properties.*' p.ndjson >again.ndjson
	cmp p.ndjson again.ndjson
}

@test "join tokens: hpke_ref.py recomputes phi-encrypt's from join key, value and public key, and opens them" {
	phi-keygen -o k >/dev/null
	id=$(phi-keygen --join -o j)
	[ "$(ref joinid j.join)" = "$id" ]
	gen-events 300 --seed 3 --users 25 >plain.ndjson
	phi-encrypt -k k.pub --join-key j.join --join userId --join traits.email \
	    plain.ndjson >enc.ndjson
	phi-encrypt --no-pad -k k.pub --join-key j.join --join userId \
	    plain.ndjson >nopad.ndjson
	# each value's JSON text (ASCII here, as phi-encrypt read it)
	jq -c .userId plain.ndjson >ids
	jq -c 'select(.traits.email) | .traits.email' plain.ndjson >emails
	[ "$(sort -u ids | wc -l)" -eq 25 ]
	ref joinseal k.pub j.join <ids | cmp - <(jq -r .userId enc.ndjson)
	ref joinseal k.pub j.join <emails |
	    cmp - <(jq -r 'select(.traits.email) | .traits.email' enc.ndjson)
	ref joinseal --no-pad k.pub j.join <ids | cmp - <(jq -r .userId nopad.ndjson)
	# and the Python side opens them to the values
	jq -r .userId enc.ndjson | ref open k.key | cmp - ids
	ref decrypt k.key <enc.ndjson >back.ndjson
	jsoneq plain.ndjson back.ndjson
}
