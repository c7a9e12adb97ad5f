#!/usr/bin/env bats
# suite2.bats - suite-2 tokens (phi:2, issue 20 sections 2-4): phi-encrypt
# --sender / --bind-path / --bind-record, phi-decrypt --sender /
# --require-sender / --bind-record / --token with --path and
# --record-value.  Round trips byte for byte for every flag combination,
# interop both ways with tests/interop/hpke_ref.py, and the attacks the
# modes stop: a forged token, a token moved to another field or record.
load test_helper
bats_require_minimum_version 1.5.0

REF="$REPO/tests/interop/hpke_ref.py"
ref() { "$PY" "$REF" "$@"; }
jsoneq() { "$PY" "$REPO/tests/interop/jsoneq.py" "$@"; }

# The seven suite-2 combinations of phi-encrypt's options (S: the sender
# key file), one a line.
COMBOS='--sender S
--bind-path
--bind-record messageId
--sender S --bind-path
--sender S --bind-record messageId
--bind-path --bind-record messageId
--sender S --bind-path --bind-record messageId'

FIELDS=(-f context.ip -f 'context.traits.*' -f 'traits.*' -f 'properties.*')
PYFIELDS=(context.ip 'context.traits.*' 'traits.*' 'properties.*')

setup_file() {
	export D="$BATS_FILE_TMPDIR"
	phi-keygen -o "$D/r" >/dev/null
	phi-keygen -o "$D/s" >/dev/null
	phi-keygen -o "$D/evil" >/dev/null
	gen-events 400 --seed 20 >"$D/gen.ndjson"
	gen-events 100 --seed 21 --text >"$D/text.ndjson"
	# the edge-case fixture with a record field after everything else
	"$PY" - "$REPO/tests/fixtures/edge.ndjson" >"$D/edge.ndjson" <<'P'
import sys
for n, line in enumerate(open(sys.argv[1], "rb").read().split(b"\n")):
    i = line.rfind(b"}")
    if i >= 0:
        line = line[:i] + b',"messageId":"e-%d"' % n + line[i:]
    sys.stdout.buffer.write(line + (b"\n" if line or n == 0 else b""))
P
	truncate -s -1 "$D/edge.ndjson" 2>/dev/null || true
}

# enc_opts COMBO: phi-encrypt's options; dec_opts COMBO: phi-decrypt's.
enc_opts() { echo "${1//S/$D/s.key}"; }
dec_opts() {
	local o="${1//--bind-path/}"
	echo "${o//S/$D/s.pub}"
}

@test "phi-encrypt with any suite-2 option makes phi:2 tokens with its flags" {
	local want=(x 07 01 02 04 03 05 06 07)
	printf '{"messageId":"m","a":{"b":"x"}}\n' >in.ndjson
	phi-encrypt -k "$D/r.pub" -f a.b in.ndjson >one.ndjson
	grep -q '"phi:1:' one.ndjson
	while read -r combo; do
		# shellcheck disable=SC2046
		phi-encrypt -k "$D/r.pub" $(enc_opts "$combo") -f a.b \
		    in.ndjson >two.ndjson
		"$PY" - two.ndjson "$combo" <<'P'
import base64, json, sys
t = json.load(open(sys.argv[1]))["a"]["b"]
assert t.startswith("phi:2:"), t[:6]
raw = base64.urlsafe_b64decode(t[6:] + "=" * (-len(t[6:]) % 4))
c = sys.argv[2]
want = ("--sender" in c) | ("--bind-path" in c) << 1 | ("--bind-record" in c) << 2
assert raw[0] == want, (raw[0], want)
P
	done <<<"$COMBOS"
}

@test "round trip byte for byte, every flag combination: generated events" {
	while read -r combo; do
		# shellcheck disable=SC2046
		phi-encrypt -k "$D/r.pub" $(enc_opts "$combo") "${FIELDS[@]}" \
		    "$D/gen.ndjson" >enc.ndjson
		grep -q '"phi:2:' enc.ndjson
		# shellcheck disable=SC2046
		phi-decrypt -K "$D/r.key" $(dec_opts "$combo") enc.ndjson \
		    >dec.ndjson
		cmp "$D/gen.ndjson" dec.ndjson
	done <<<"$COMBOS"
}

@test "round trip byte for byte, every flag combination: edge-case fixture, record field last" {
	while read -r combo; do
		# shellcheck disable=SC2046
		phi-encrypt -k "$D/r.pub" $(enc_opts "$combo") -f traits \
		    -f 'properties.*' "$D/edge.ndjson" >enc.ndjson
		# shellcheck disable=SC2046
		phi-decrypt -K "$D/r.key" $(dec_opts "$combo") enc.ndjson \
		    >dec.ndjson
		cmp "$D/edge.ndjson" dec.ndjson
	done <<<"$COMBOS"
}

@test "round trip byte for byte, every flag combination: span tokens (--in-text) are bound too" {
	while read -r combo; do
		# shellcheck disable=SC2046
		phi-encrypt -k "$D/r.pub" $(enc_opts "$combo") \
		    --in-text properties.body "$D/text.ndjson" >enc.ndjson
		grep -q '\[phi:2:' enc.ndjson
		# shellcheck disable=SC2046
		phi-decrypt -K "$D/r.key" $(dec_opts "$combo") enc.ndjson \
		    >dec.ndjson
		cmp "$D/text.ndjson" dec.ndjson
	done <<<"$COMBOS"
}

@test "interop: phi-encrypt seals, hpke_ref.py opens, every flag combination" {
	while read -r combo; do
		# shellcheck disable=SC2046
		phi-encrypt -k "$D/r.pub" $(enc_opts "$combo") "${FIELDS[@]}" \
		    "$D/gen.ndjson" >enc.ndjson
		# shellcheck disable=SC2046
		ref decrypt2 "$D/r.key" $(dec_opts "$combo") <enc.ndjson >dec.ndjson
		jsoneq "$D/gen.ndjson" dec.ndjson
	done <<<"$COMBOS"
}

@test "interop: hpke_ref.py seals, phi-decrypt opens, every flag combination" {
	while read -r combo; do
		# shellcheck disable=SC2046
		ref encrypt2 "$D/r.pub" $(enc_opts "$combo") "${PYFIELDS[@]}" \
		    <"$D/gen.ndjson" >enc.ndjson
		grep -q '"phi:2:' enc.ndjson
		# shellcheck disable=SC2046
		phi-decrypt -K "$D/r.key" $(dec_opts "$combo") enc.ndjson \
		    >dec.ndjson
		jsoneq "$D/gen.ndjson" dec.ndjson
	done <<<"$COMBOS"
}

@test "hpke_ref.py passes RFC 9180's mode_auth vector" {
	run ref selftest "$REPO/tests/vectors/rfc9180-x25519-sha256.json"
	assert_success
	assert_output --partial "auth: AuthDecap shared_secret"
	refute_output --partial "not ok"
}

@test "attack: a token forged with another sender key is refused (77 naming that sender; 65 claiming the real one)" {
	printf '{"messageId":"m","dx":{"code":"F32.9"}}\n' >in.ndjson
	ref encrypt2 "$D/r.pub" --sender "$D/evil.key" dx.code <in.ndjson >forged.ndjson
	evil=$(ref kid "$D/evil.pub")
	run --separate-stderr phi-decrypt -K "$D/r.key" --sender "$D/s.pub" forged.ndjson
	assert_equal "$status" 77
	[[ "$stderr" == *"sender key id $evil"* ]]
	[[ "$stderr" == *"forged.ndjson:1:"* ]]
	# the forger writes the real sender's key id into the header
	"$PY" - "$REF" "$D/r.pub" "$D/evil.key" "$D/s.pub" >claim.ndjson <<'P'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("ref", sys.argv[1])
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
s = ref.Sealer2(ref.load_public(sys.argv[2]), ref.load_private(sys.argv[3]), 0)
s.skid = ref.key_id(ref.pk_raw(ref.load_public(sys.argv[4])))
print('{"dx":{"code":"%s"}}' % s.seal(b'"F32.9"'))
P
	run --separate-stderr phi-decrypt -K "$D/r.key" --sender "$D/s.pub" claim.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"claim.ndjson:1: dx.code: token authentication failed"* ]]
	[[ "$output$stderr" != *F32.9* ]]
	# the control: the real sender's token opens
	phi-encrypt -k "$D/r.pub" --sender "$D/s.key" -f dx.code in.ndjson |
	    phi-decrypt -K "$D/r.key" --sender "$D/s.pub" | cmp - in.ndjson
}

@test "attack: anyone with the public key forges suite 1; --require-sender refuses it (65)" {
	printf '{"dx":{"code":"F32.9"}}\n' >in.ndjson
	ref encrypt "$D/r.pub" dx.code <in.ndjson >forged.ndjson
	phi-decrypt -K "$D/r.key" forged.ndjson | cmp - in.ndjson
	run --separate-stderr phi-decrypt -K "$D/r.key" --require-sender forged.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"forged.ndjson:1: dx.code: token not vouched for by a sender (suite 1)"* ]]
	phi-encrypt -k "$D/r.pub" --bind-path -f dx.code in.ndjson >bound.ndjson
	run --separate-stderr phi-decrypt -K "$D/r.key" --require-sender bound.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"phi:2 without AUTH"* ]]
	phi-encrypt -k "$D/r.pub" --sender "$D/s.key" -f dx.code in.ndjson |
	    phi-decrypt -K "$D/r.key" --sender "$D/s.pub" --require-sender |
	    cmp - in.ndjson
}

# swap FILE LINE1 PATH1 LINE2 PATH2: the tokens at two places swapped.
swap() {
	"$PY" - "$@" <<'P'
import json, sys
f, l1, p1, l2, p2 = sys.argv[1:]
ev = [json.loads(l) for l in open(f)]
def at(e, p):
    for k in p.split(".")[:-1]:
        e = e[k]
    return e, p.split(".")[-1]
(a, ka), (b, kb) = at(ev[int(l1)], p1), at(ev[int(l2)], p2)
a[ka], b[kb] = b[kb], a[ka]
for e in ev:
    print(json.dumps(e, separators=(",", ":"), ensure_ascii=False))
P
}

@test "attack: a token moved to another field is refused with --bind-path" {
	printf '{"messageId":"m","dx":{"hiv":true,"flu":false}}\n' >in.ndjson
	phi-encrypt -k "$D/r.pub" -f 'dx.*' in.ndjson >s1.ndjson
	swap s1.ndjson 0 dx.hiv 0 dx.flu >moved1.ndjson
	# suite 1: the swap goes through unnoticed (the attack)
	run phi-decrypt -K "$D/r.key" moved1.ndjson
	assert_success
	assert_output '{"messageId":"m","dx":{"hiv":false,"flu":true}}'
	phi-encrypt -k "$D/r.pub" --bind-path -f 'dx.*' in.ndjson >s2.ndjson
	phi-decrypt -K "$D/r.key" s2.ndjson | cmp - in.ndjson
	swap s2.ndjson 0 dx.hiv 0 dx.flu >moved2.ndjson
	run --separate-stderr phi-decrypt -K "$D/r.key" moved2.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"moved2.ndjson:1: dx.hiv: token authentication failed"* ]]
	assert_equal "$output" ""
}

@test "attack: a token moved to another record is refused with --bind-record" {
	printf '%s\n' '{"messageId":"m-1","dx":{"code":"F32.9"}}' \
	    '{"dx":{"code":"Z79.4"},"messageId":"m-2"}' >in.ndjson
	phi-encrypt -k "$D/r.pub" --bind-path -f dx.code in.ndjson >p.ndjson
	swap p.ndjson 0 dx.code 1 dx.code >moved1.ndjson
	# path binding alone: the swap between records goes through
	run phi-decrypt -K "$D/r.key" moved1.ndjson
	assert_success
	assert_line --index 0 '{"messageId":"m-1","dx":{"code":"Z79.4"}}'
	phi-encrypt -k "$D/r.pub" --bind-record messageId -f dx.code in.ndjson >r.ndjson
	phi-decrypt -K "$D/r.key" --bind-record messageId r.ndjson | cmp - in.ndjson
	swap r.ndjson 0 dx.code 1 dx.code >moved2.ndjson
	run --separate-stderr phi-decrypt -K "$D/r.key" --bind-record messageId moved2.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"moved2.ndjson:1: dx.code: token authentication failed"* ]]
	# and with the record field's value changed in place
	sed 's/"m-2"/"m-3"/' r.ndjson >changed.ndjson
	run --separate-stderr phi-decrypt -K "$D/r.key" --bind-record messageId changed.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"changed.ndjson:2: dx.code"* ]]
}

@test "true/false and male/female give tokens of one length, in suite 2 too" {
	printf '%s\n' '{"messageId":"m","a":true,"b":false,"c":"male","d":"female"}' >in.ndjson
	for opts in "" "--sender $D/s.key --bind-path --bind-record messageId"; do
		# shellcheck disable=SC2086
		phi-encrypt -k "$D/r.pub" $opts -f a -f b -f c -f d in.ndjson >enc.ndjson
		run jq -r '[.a, .b, .c, .d] | map(length) | unique | length' enc.ndjson
		assert_output 1
	done
}

@test "usage: --bind-record of a field also encrypted, or of a pattern, is 64" {
	printf '{"messageId":"m","a":"x"}\n' >in.ndjson
	run --separate-stderr phi-encrypt -k "$D/r.pub" --bind-record messageId -f messageId in.ndjson
	assert_equal "$status" 64
	[[ "$stderr" == *"--bind-record messageId: that field is also selected"* ]]
	run --separate-stderr phi-encrypt -k "$D/r.pub" --bind-record messageId -f '*' in.ndjson
	assert_equal "$status" 64
	run --separate-stderr phi-encrypt -k "$D/r.pub" --bind-record 'a.*' -f a in.ndjson
	assert_equal "$status" 64
	[[ "$stderr" == *"no * or **"* ]]
	run --separate-stderr phi-decrypt -K "$D/r.key" --bind-record '**.id' in.ndjson
	assert_equal "$status" 64
	run --separate-stderr phi-encrypt -k "$D/r.pub" --bind-path --keys a -f a in.ndjson
	assert_equal "$status" 64
	[[ "$stderr" == *"--bind-path cannot go with --keys"* ]]
}

@test "a record field missing, or encrypted by --class, makes the line bad (65 naming it)" {
	printf '%s\n' '{"messageId":"m","a":"x"}' '{"a":"y"}' '{"b":"no value to seal"}' >in.ndjson
	run --separate-stderr phi-encrypt -k "$D/r.pub" --bind-record messageId -f a in.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"in.ndjson:2: no record field messageId in this event (--bind-record)"* ]]
	run phi-encrypt -k "$D/r.pub" --bind-record messageId -f a --reject rej.ndjson in.ndjson
	assert_equal "$status" 65
	assert_equal "$(cat rej.ndjson)" '{"a":"y"}'
	printf '{"email":"jane@example.com","messageId":"m"}\n' >c.ndjson
	run --separate-stderr phi-encrypt -k "$D/r.pub" --bind-record email --class yellow c.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"the record field email would be encrypted"* ]]
	[[ "$output$stderr" != *jane* ]]
}

@test "phi-decrypt: a bound token without what it is bound to is 65 saying what is missing" {
	printf '{"messageId":"m-1","dx":{"code":"F32.9"}}\n' >in.ndjson
	phi-encrypt -k "$D/r.pub" --bind-path --bind-record messageId -f dx.code in.ndjson >enc.ndjson
	run --separate-stderr phi-decrypt -K "$D/r.key" enc.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"enc.ndjson:1: dx.code: token is bound to a record field: give --bind-record PATH"* ]]
	run --separate-stderr phi-decrypt -K "$D/r.key" --bind-record userId enc.ndjson
	assert_equal "$status" 65
	[[ "$stderr" == *"token is bound to record field userId, which this event does not have"* ]]
	tok=$(jq -r .dx.code enc.ndjson)
	run --separate-stderr phi-decrypt -K "$D/r.key" --token "$tok"
	assert_equal "$status" 65
	[[ "$stderr" == *"give --path PATH"* ]]
	run --separate-stderr phi-decrypt -K "$D/r.key" --token "$tok" --path dx.code
	assert_equal "$status" 65
	[[ "$stderr" == *"give --bind-record PATH and --record-value JSON"* ]]
	run phi-decrypt -K "$D/r.key" --token "$tok" --path dx.code \
	    --bind-record messageId --record-value '"m-1"'
	assert_success
	assert_output '"F32.9"'
	run --separate-stderr phi-decrypt -K "$D/r.key" --token "$tok" --path dx.code \
	    --bind-record messageId --record-value '"m-2"'
	assert_equal "$status" 65
	run --separate-stderr phi-decrypt -K "$D/r.key" --token "$tok" --path dx.other \
	    --bind-record messageId --record-value '"m-1"'
	assert_equal "$status" 65
	run --separate-stderr phi-decrypt -K "$D/r.key" --path dx.code enc.ndjson
	assert_equal "$status" 64
	run --separate-stderr phi-decrypt -K "$D/r.key" --token "$tok" --bind-record messageId --record-value 'm-1'
	assert_equal "$status" 64
}

@test "phi-decrypt --sender takes a directory; a sender not accepted is 77 even with --skip-unknown-keys" {
	printf '{"a":"x"}\n' >in.ndjson
	phi-encrypt -k "$D/r.pub" --sender "$D/s.key" -f a in.ndjson >enc.ndjson
	mkdir senders
	cp "$D/s.pub" "$D/evil.pub" senders/
	phi-decrypt -K "$D/r.key" --sender senders enc.ndjson | cmp - in.ndjson
	skid=$(ref kid "$D/s.pub")
	run --separate-stderr phi-decrypt -K "$D/r.key" --skip-unknown-keys --sender "$D/evil.pub" enc.ndjson
	assert_equal "$status" 77
	[[ "$stderr" == *"token sealed by sender key id $skid, which is not an accepted sender (--sender)"* ]]
	run --separate-stderr phi-decrypt -K "$D/r.key" enc.ndjson
	assert_equal "$status" 77
	mkdir empty
	run --separate-stderr phi-decrypt -K "$D/r.key" --sender empty enc.ndjson
	assert_equal "$status" 77
	[[ "$stderr" == *"no X25519 public key (*.pub)"* ]]
}

@test "audit records of encrypt and decrypt runs name the sender kid" {
	printf '{"a":"x"}\n' >in.ndjson
	skid=$(ref kid "$D/s.pub")
	phi-encrypt -k "$D/r.pub" --sender "$D/s.key" -f a --audit-log a.log in.ndjson >enc.ndjson
	phi-decrypt -K "$D/r.key" --sender "$D/s.pub" --audit-log a.log enc.ndjson >/dev/null
	run jq -r 'select(.event_type | startswith("PHI ")) |
	    .details.sender_key_ids | join(",")' a.log
	assert_output "$skid
$skid"
	phi-encrypt -k "$D/r.pub" -f a --audit-log b.log in.ndjson >/dev/null
	run jq -r 'select(.event_type == "PHI Encrypted") |
	    .details | has("sender_key_ids")' b.log
	assert_output false
}

@test "PHI_SENDER_KEY names the sender key; --sender wins" {
	printf '{"a":"x"}\n' >in.ndjson
	PHI_SENDER_KEY="$D/s.key" phi-encrypt -k "$D/r.pub" -f a in.ndjson >enc.ndjson
	phi-decrypt -K "$D/r.key" --sender "$D/s.pub" enc.ndjson | cmp - in.ndjson
	PHI_SENDER_KEY="$D/s.key" phi-encrypt -k "$D/r.pub" --sender "$D/evil.key" -f a in.ndjson >enc2.ndjson
	run phi-decrypt -K "$D/r.key" --sender "$D/s.pub" enc2.ndjson
	assert_equal "$status" 77
	run phi-encrypt -k "$D/r.pub" --sender "$D/s.pub" -f a in.ndjson
	assert_equal "$status" 77
}
