#!/usr/bin/env bats
# Span tokens inside free text (issue 19): phi-encrypt --in-text and
# --in-text-class seal the identifiers inside a string as "[phi:1:...]"
# and copy the rest byte for byte; phi-decrypt restores them anywhere.
load test_helper
bats_require_minimum_version 1.5.0

REF="$REPO/tests/interop/hpke_ref.py"

suite_setup() {
	phi-keygen -o k >/dev/null
	phi-keygen -o other >/dev/null
	cat >notes.ndjson <<'EOF2'
{"properties":{"note":"Patient Jane Doe called from 415-555-0134 about her refill"}}
{"properties":{"note":"mail jane\u0040example.com, card 4111 1111 1111 1111, SSN 536-22-8726\nthanks"}}
{"properties":{"note":"nothing to hide in this one"},"n":1}
{"properties":{"note":""}}
{"properties":{"note":"\ud83d\udc1d caf\u00e9 with Dr Smith at 10 Downing Street"}}
EOF2
}

@test "--in-text seals the identifiers of a note and keeps the rest of the sentence" {
	phi-encrypt -k k.pub --in-text properties.note notes.ndjson >e.ndjson
	n1=$(sed -n 1p e.ndjson | jq -r .properties.note)
	[[ "$n1" == "Patient [phi:1:"*"] called from [phi:1:"*"] about her refill" ]]
	[ "$(grep -o '\[phi:1:' <<<"$n1" | wc -l)" -eq 2 ]
	! grep -q -e 'Jane' -e '555-0134' -e 'jane' -e '4111' -e '536-22' -e 'Smith' e.ndjson || false
	# nothing found, empty: unchanged, byte for byte
	sed -n 3,4p e.ndjson | cmp - <(sed -n 3,4p notes.ndjson)
	phi-decrypt -K k.key e.ndjson | cmp - notes.ndjson
}

@test "--stats counts span tokens and the strings that held them, not the strings left as they were" {
	run -0 --separate-stderr phi-encrypt --stats -k k.pub --in-text properties.note notes.ndjson
	[[ "$stderr" == *"5 events, 3 values encrypted, "*" span tokens in 3 strings, 0 bad lines"* ]]
	n=$(printf '%s\n' "$output" | grep -o '\[phi:1:' | wc -l)
	[[ "$stderr" == *", $n span tokens in"* ]]
}

@test "an identifier written with escapes is found; spans never split an escape" {
	phi-encrypt -k k.pub --in-text properties.note notes.ndjson >e.ndjson
	n2=$(sed -n 2p e.ndjson)
	[[ "$n2" != *'\u0040'* ]]
	[[ "$n2" == *'\nthanks'* ]]
	[ "$(jq -r .properties.note <<<"$n2" | grep -o '\[phi:1:' | wc -l)" -ge 3 ]
	n5=$(sed -n 5p e.ndjson)
	[[ "$n5" == *'"\ud83d\udc1d caf\u00e9 with '* ]]
}

@test "a literal [phi: in text is sealed; --in-text over its own output changes nothing" {
	printf '{"m":"see [phi:1:abc] and [phi:x and [[phi:2:zz]"}\n' >lit.ndjson
	phi-encrypt -k k.pub --in-text m lit.ndjson >e1.ndjson
	[ "$(jq -r .m e1.ndjson | grep -o '\[phi:' | wc -l)" -eq 3 ]
	phi-decrypt -K k.key e1.ndjson | cmp - lit.ndjson
	phi-encrypt -k k.pub --in-text properties.note notes.ndjson >e.ndjson
	phi-encrypt -k k.pub --in-text properties.note e.ndjson >e2.ndjson
	cmp e.ndjson e2.ndjson
	# a span token of another key is no token kept: sealed again
	phi-encrypt -k other.pub --in-text properties.note e.ndjson >e3.ndjson
	phi-decrypt -K other.key e3.ndjson | cmp - e.ndjson
}

@test "--in-text over its own output: a token's capitals open no scan that the first run skipped" {
	# lower-case text: the handle card26 is a name (names.c); a token's
	# capitals once let the second run find it when the first had not
	printf '{"m":"mail jane@example.com, card26\\nthanks"}\n' >lc.ndjson
	phi-encrypt -k k.pub --in-text m lc.ndjson >e1.ndjson
	phi-encrypt -k k.pub --in-text m e1.ndjson >e2.ndjson
	cmp e1.ndjson e2.ndjson
	[ "$(jq -r .m e1.ndjson | grep -o '\[phi:1:' | wc -l)" -eq 2 ]
	phi-decrypt -K k.key e2.ndjson | cmp - lc.ndjson
}

@test "a path both selected whole and in-text is sealed whole" {
	phi-encrypt -k k.pub -f properties.note --in-text properties.note notes.ndjson >e.ndjson
	[ "$(jq -r '.properties.note | startswith("phi:1:")' e.ndjson | sort -u)" = true ]
	phi-decrypt -K k.key e.ndjson | cmp - notes.ndjson
}

@test "--in-text-class: free text by spans, key-named and single identifiers whole" {
	printf '%s\n' '{"properties":{"message":"call Jane Doe on 415-555-0134 today","email":"jane@example.com","note":"flu, no fever","comment":"fine"}}' >c.ndjson
	phi-encrypt -k k.pub --class yellow --in-text-class c.ndjson >e.ndjson
	[[ "$(jq -r .properties.message e.ndjson)" == "call [phi:1:"*"] on [phi:1:"*"] today" ]]
	[[ "$(jq -r .properties.email e.ndjson)" == phi:1:* ]]
	[[ "$(jq -r .properties.note e.ndjson)" == phi:1:* ]]
	[ "$(jq -r .properties.comment e.ndjson)" = fine ]
	phi-decrypt -K k.key e.ndjson | cmp - c.ndjson
	run -64 phi-encrypt -k k.pub --in-text-class c.ndjson
	assert_output --partial -- '--class'
}

@test "a changed span token is 65 naming the line and path, never the text" {
	phi-encrypt -k k.pub --in-text properties.note notes.ndjson >e.ndjson
	# one character of the first span token's ciphertext changed
	"$PY" -c 'import sys
l = open(sys.argv[1]).read()
i = l.index("[phi:1:") + 100
sys.stdout.write(l[:i] + ("B" if l[i] == "A" else "A") + l[i + 1:])' e.ndjson >bad.ndjson
	! cmp -s bad.ndjson e.ndjson || false
	run -65 --separate-stderr phi-decrypt -K k.key bad.ndjson
	[[ "$stderr" == *bad.ndjson*1*properties.note* ]]
	[[ "$stderr" != *Patient* ]]
	[[ "$stderr" != *refill* ]]
	[ -z "$output" ]
}

@test "a span token that is not closed, or holds what no string holds, is 65" {
	printf '{"n":"x [phi:1:AAAA"}\n' >open.ndjson
	run -65 phi-decrypt -K k.key open.ndjson
	assert_output --partial "no closing"
	printf '{"n":"[phi: is text"}\n' >text.ndjson
	run -0 phi-decrypt -K k.key text.ndjson
	assert_output '{"n":"[phi: is text"}'
	for frag in 'a"b' "$(printf 'tab\there')" 'dangling\' "$(printf 'nl\nx')" \
	    'bad \q escape' "$(printf 'bad \377 utf-8')"; do
		printf '%s' "$frag" | tokentool seal1 k.pub >tok
		printf '{"n":"x [%s] y"}\n' "$(cat tok)" >forged.ndjson
		run -65 phi-decrypt -K k.key forged.ndjson
		assert_output --partial "string content"
	done
}

@test "--skip-unknown-keys keeps span tokens of other keys; --token opens one span" {
	phi-encrypt -k k.pub --in-text properties.note notes.ndjson >e.ndjson
	run -0 phi-decrypt -K other.key --skip-unknown-keys --stats e.ndjson
	assert_output --partial '[phi:1:'
	run -77 phi-decrypt -K other.key e.ndjson
	tok=$(sed -n 1p e.ndjson | grep -o '\[phi:1:[^]]*\]' | head -1)
	run -0 phi-decrypt -K k.key --token "$tok"
	assert_output 'Jane Doe'
}

@test "span tokens travel both ways with the Python reference" {
	phi-encrypt -k k.pub --in-text properties.note notes.ndjson >e.ndjson
	"$PY" "$REF" decrypt k.key <e.ndjson >ref.ndjson
	"$PY" "$REPO/tests/interop/jsoneq.py" notes.ndjson ref.ndjson
	tok=$(printf 'Jane \\u00e9' | "$PY" "$REF" seal k.pub)
	printf '{"n":"hi [%s]!"}\n' "$tok" >r.ndjson
	run -0 phi-decrypt -K k.key r.ndjson
	assert_output '{"n":"hi Jane \u00e9!"}'
}

@test "round trip on generated and text-heavy events, every string in text" {
	gen-events 300 --seed 7 >ev.ndjson
	gen-events 100 --seed 7 --text >tx.ndjson
	for f in ev.ndjson tx.ndjson; do
		phi-encrypt -k k.pub --in-text '**' "$f" >e.ndjson
		phi-decrypt -K k.key e.ndjson | cmp - "$f"
	done
	[ "$(grep -o '\[phi:1:' e.ndjson | wc -l)" -gt 100 ]
}

@test "--explain counts the span tokens --in-text would make, as the real run does, and names unused --in-text paths" {
	run -0 --separate-stderr phi-encrypt --stats -k k.pub --in-text properties.note notes.ndjson
	[[ "$stderr" =~ ([0-9]+)\ span\ tokens\ in\ ([0-9]+)\ strings ]]
	spans=${BASH_REMATCH[1]} strings=${BASH_REMATCH[2]}
	run -0 --separate-stderr phi-encrypt --explain --in-text properties.note --in-text properties.nte -f n notes.ndjson
	[[ "$output" == *"properties.note"*" $strings "*"inside the text: $spans span tokens"* ]]
	[[ "$output" == *"properties.nte"*"--in-text properties.nte: selected nothing"* ]]
	[[ "$output" == *"1 value and $spans span tokens in $strings strings, in 4 of 5 events would be encrypted"* ]]
	[[ "$stderr" == *"--in-text properties.nte selected nothing; did you mean properties.note?"* ]]
	[[ "$output" != *Jane* && "$output" != *555* ]]
}

@test "leakage on the labelled corpus's free-text rows: at most 15% of identifiers in clear, at least 95% of other words readable" {
	run -0 python3 "$REPO/tests/helpers/leakage.py" "$REPO/tests/fixtures/pii-corpus.ndjson" "$(command -v phi-encrypt)" k.pub
	[[ "$output" =~ in\ clear:\ ([0-9]+)\ of\ ([0-9]+).*readable:\ ([0-9]+)\ of\ ([0-9]+) ]]
	leaked=${BASH_REMATCH[1]} ids=${BASH_REMATCH[2]} kept=${BASH_REMATCH[3]} words=${BASH_REMATCH[4]}
	[ "$ids" -gt 2000 ]
	[ $((leaked * 100)) -le $((ids * 15)) ]
	[ $((kept * 100)) -ge $((words * 95)) ]
}
