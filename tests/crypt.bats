#!/usr/bin/env bats
# phi-encrypt and phi-decrypt: byte-exact round trips, every JSON type,
# idempotence, keyrings and rotation, wrong and unknown keys, tampering,
# no plaintext left behind.

load test_helper

FIELDS=(-f context.ip -f 'context.traits.*' -f 'traits.*' -f 'properties.*')

setup_file() {
	export GEN="$BATS_FILE_TMPDIR/gen.ndjson"
	gen-events 100000 --seed 11 >"$GEN"
}

suite_setup() {
	phi-keygen -o a >a.kid
	phi-keygen -o b >/dev/null
}

@test "round trip of 100000 generated events is byte for byte" {
	phi-encrypt -k a.pub "${FIELDS[@]}" "$GEN" >enc.ndjson
	run cmp -s "$GEN" enc.ndjson
	assert_failure
	phi-decrypt -K a.key enc.ndjson >dec.ndjson
	cmp "$GEN" dec.ndjson
}

@test "round trip of the edge-case fixture is byte for byte" {
	phi-encrypt -k a.pub -f traits -f 'properties.*' -f 'properties.nested.a' \
	    "$FIXTURES/edge.ndjson" >enc.ndjson
	phi-decrypt -K a.key enc.ndjson >dec.ndjson
	cmp "$FIXTURES/edge.ndjson" dec.ndjson
}

@test "every JSON type becomes a token and comes back with its type" {
	printf '%s\n' '{"p":{"s":"x","n":-1.50e+3,"t":true,"f":false,"z":null,"o":{"a":1},"a":[1,"2"]}}' >in.ndjson
	phi-encrypt -k a.pub -f 'p.*' in.ndjson >enc.ndjson
	run jq -r '.p | [.[] | type] | unique | join(",")' enc.ndjson
	assert_output "string"
	run jq -r '.p | [.[] | startswith("phi:1:")] | all' enc.ndjson
	assert_output "true"
	phi-decrypt -K a.key enc.ndjson >dec.ndjson
	cmp in.ndjson dec.ndjson
	run jq -r '.p | [.s, .n, .t, .f, .z, .o, .a] | map(type) | join(",")' dec.ndjson
	assert_output "string,number,boolean,boolean,null,object,array"
}

@test "no plaintext of a selected field is left in the output" {
	phi-encrypt -k a.pub "${FIELDS[@]}" "$GEN" | head -2000 >enc.ndjson
	head -2000 "$GEN" | jq -r '.traits.email // empty, .context.ip // empty' |
	    sort -u | head -500 >secrets.txt
	[ "$(wc -l <secrets.txt)" -gt 100 ]
	run grep -F -c -f secrets.txt enc.ndjson
	assert_output "0"
}

@test "encrypting twice changes nothing: tokens are left as they are" {
	phi-encrypt -k a.pub "${FIELDS[@]}" "$FIXTURES/edge.ndjson" >once.ndjson
	phi-encrypt -k a.pub "${FIELDS[@]}" once.ndjson >twice.ndjson
	cmp once.ndjson twice.ndjson
	# another recipient leaves them only when told their key id
	phi-encrypt -k b.pub "${FIELDS[@]}" --keep-kid "$(cat a.kid)" \
	    once.ndjson >twice.ndjson
	cmp once.ndjson twice.ndjson
}

@test "a keyring of two keys reads data from before and after a rotation" {
	head -50 "$GEN" | phi-encrypt -k a.pub -f 'traits.*' >old.ndjson
	head -50 "$GEN" | phi-encrypt -k b.pub -f 'traits.*' >new.ndjson
	cat old.ndjson new.ndjson >mixed.ndjson
	phi-decrypt -K a.key -K b.key mixed.ndjson >dec.ndjson
	(head -50 "$GEN"; head -50 "$GEN") | cmp - dec.ndjson
	mkdir ring
	cp a.key b.key ring/
	phi-decrypt -K ring mixed.ndjson | cmp - dec.ndjson
}

@test "a token of another key: exit 77 naming the key id, or left with --skip-unknown-keys" {
	head -3 "$GEN" | phi-encrypt -k b.pub -f 'traits.*' -f context.ip >enc.ndjson
	kid=$(phi-keygen --id b.pub)
	run phi-decrypt -K a.key enc.ndjson
	assert_equal "$status" 77
	assert_output --partial "$kid"
	assert_output --partial "enc.ndjson:1"
	run phi-decrypt -K a.key --skip-unknown-keys enc.ndjson
	assert_success
	assert_output "$(cat enc.ndjson)"
}

@test "each changed character of a token is rejected (exit 65, line and path named)" {
	printf '{"traits":{"email":"x@y.example"}}\n' | phi-encrypt -k a.pub -f traits.email >enc.ndjson
	tok=$(jq -r .traits.email enc.ndjson)
	n=${#tok}
	alphabet=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_
	for ((i = 6; i < n; i++)); do
		c=${tok:i:1}
		pos=$(expr index "$alphabet" "$c")
		r=${alphabet:$((pos % 64)):1}
		bad="${tok:0:i}$r${tok:i+1}"
		printf '{"traits":{"email":"%s"}}\n' "$bad" >bad.ndjson
		run phi-decrypt -K a.key bad.ndjson
		[ "$status" -eq 65 ] || [ "$status" -eq 77 ] || {
			echo "position $i: status $status"; return 1; }
		[ -z "$(phi-decrypt -K a.key bad.ndjson 2>/dev/null)" ]
	done
	run phi-decrypt -K a.key <(printf '{"traits":{"email":"%s"}}\n' "${tok:0:n-1}")
	assert_failure 65
	run phi-decrypt -K a.key bad.ndjson
	[ "$status" -eq 65 ] || [ "$status" -eq 77 ]
	assert_output --partial "bad.ndjson:1"
	assert_output --partial "traits.email"
	refute_output --partial "x@y.example"
}

@test "decrypt -f decrypts only the fields asked for" {
	printf '{"traits":{"email":"e@x.example","phone":"555-0100"}}\n' >in.ndjson
	phi-encrypt -k a.pub -f 'traits.*' in.ndjson >enc.ndjson
	phi-decrypt -K a.key -f traits.phone enc.ndjson >dec.ndjson
	run jq -r .traits.phone dec.ndjson
	assert_output "555-0100"
	run jq -r .traits.email dec.ndjson
	assert_output --regexp '^phi:1:'
}

@test "--token decrypts one value copied out of a warehouse" {
	printf '{"p":{"n":[1,{"a":"b"}]}}\n' | phi-encrypt -k a.pub -f p.n >enc.ndjson
	tok=$(jq -r .p.n enc.ndjson)
	run phi-decrypt -K a.key --token "$tok"
	assert_success
	assert_output '[1,{"a":"b"}]'
	run phi-decrypt -K a.key --token "\"$tok\""
	assert_success
	assert_output '[1,{"a":"b"}]'
	run phi-decrypt -K b.key --token "$tok"
	assert_equal "$status" 77
}

@test "nothing selected, no key: usage errors (64)" {
	run phi-encrypt -k a.pub "$FIXTURES/edge.ndjson"
	assert_equal "$status" 64
	assert_output --partial "nothing selected"
	run phi-encrypt -f traits.email "$FIXTURES/edge.ndjson"
	assert_equal "$status" 64
	run phi-decrypt "$FIXTURES/edge.ndjson"
	assert_equal "$status" 64
	run phi-encrypt -k a.pub -f 'a..b' "$FIXTURES/edge.ndjson"
	assert_equal "$status" 64
	run phi-encrypt --bogus
	assert_equal "$status" 64
}

@test "keys from the environment: PHI_PUBLIC_KEY and PHI_PRIVATE_KEY" {
	PHI_PUBLIC_KEY=a.pub phi-encrypt -f 'traits.*' "$FIXTURES/edge.ndjson" >enc.ndjson
	PHI_PRIVATE_KEY=a.key phi-decrypt enc.ndjson | cmp - "$FIXTURES/edge.ndjson"
	PHI_PUBLIC_KEY=nonexistent.pub phi-encrypt -k a.pub -f 'traits.*' "$FIXTURES/edge.ndjson" >/dev/null
}

@test "--fields-from takes paths and phi-classify reports" {
	printf '# paths\ntraits.email\n\n  properties.*  \n' >fields.txt
	phi-encrypt -k a.pub --fields-from fields.txt "$FIXTURES/edge.ndjson" >a.ndjson
	phi-encrypt -k a.pub -f traits.email -f 'properties.*' "$FIXTURES/edge.ndjson" >b.ndjson
	diff <(jq -c 'paths(type == "string" and startswith("phi:1:"))' a.ndjson) \
	    <(jq -c 'paths(type == "string" and startswith("phi:1:"))' b.ndjson)
	printf '%s\n' '{"path":"traits.email","class":"yellow","matchers":["email"],"events":3}' \
	    '{"path":"traits.name","class":"green","matchers":[],"events":1}' >report.ndjson
	phi-encrypt -k a.pub --fields-from report.ndjson "$FIXTURES/edge.ndjson" >c.ndjson
	run jq -r 'select(.traits.name != null) | .traits.name' c.ndjson
	refute_output --partial "phi:1:"
	printf 'a..b\n' >badfields.txt
	run phi-encrypt -k a.pub --fields-from badfields.txt "$FIXTURES/edge.ndjson"
	assert_equal "$status" 64
	assert_output --partial "badfields.txt:1"
}

@test "a bad line stops the run (65): nothing of it or after it is written" {
	printf '{"traits":{"email":"one@x.example"}}\n{"traits":{"email":"SECRET@x.example"}\n{"traits":{"email":"three@x.example"}}\n' >in.ndjson
	run phi-encrypt -k a.pub -f traits.email in.ndjson
	assert_equal "$status" 65
	assert_output --partial "in.ndjson:2"
	refute_output --partial "SECRET"
	phi-encrypt -k a.pub -f traits.email in.ndjson >out.ndjson 2>/dev/null || true
	[ "$(wc -l <out.ndjson)" -eq 1 ]
	run grep -c '@x.example' out.ndjson
	assert_output "0"
}

@test "--reject keeps bad lines aside (0600) and goes on; exit 65" {
	printf '{"traits":{"email":"one@x.example"}}\n[1,2]\n{"traits":{"email":"three@x.example"}}\n' >in.ndjson
	run phi-encrypt -k a.pub -f traits.email --reject rej.ndjson -o out.ndjson in.ndjson
	assert_equal "$status" 65
	assert_output --partial "1 bad line, written to rej.ndjson"
	[ "$(cat rej.ndjson)" = "[1,2]" ]
	[ "$(stat -c %a rej.ndjson)" = 600 ]
	[ "$(wc -l <out.ndjson)" -eq 2 ]
	phi-decrypt -K a.key out.ndjson | cmp - <(sed -n '1p;3p' in.ndjson)
}

@test "-o writes atomically and decrypt of a tampered line writes nothing of it" {
	phi-encrypt -k a.pub -f 'traits.*' -o enc.ndjson "$FIXTURES/edge.ndjson"
	[ "$(stat -c %a enc.ndjson)" = 600 ]
	echo old >dec.ndjson
	jq -c '.traits.email |= (.[0:-3] + (if .[-3:-2] == "A" then "B" else "A" end) + .[-2:])' \
	    <(head -1 enc.ndjson) >bad.ndjson
	run phi-decrypt -K a.key -o dec.ndjson bad.ndjson
	assert_equal "$status" 65
	[ "$(cat dec.ndjson)" = old ]
	[ -z "$(ls -A | grep '^\.dec')" ]
}

@test "--stats prints a summary on stderr" {
	run phi-encrypt -k a.pub -f 'traits.*' --stats -o /dev/null "$FIXTURES/edge.ndjson"
	assert_success
	assert_output --regexp '9 events, [0-9]+ values encrypted, 0 bad lines'
}

@test "--help and --version" {
	run phi-encrypt --help
	assert_success
	assert_output --partial "usage: phi-encrypt"
	run phi-decrypt --help
	assert_success
	assert_output --partial "--skip-unknown-keys"
	run phi-decrypt --version
	assert_success
	assert_output --partial "OpenSSL"
}

@test "a look-alike of a token is encrypted, not left in clear" {
	printf '{"traits":{"a":"phi:1:123-45-6789","b":"phi:1:QUJD","c":"phi:2:x"}}\n' >in.ndjson
	phi-encrypt -k a.pub -f 'traits.*' in.ndjson >enc.ndjson
	run grep -c -e 123-45-6789 -e QUJD -e 'phi:2:x' enc.ndjson
	assert_output "0"
	phi-decrypt -K a.key enc.ndjson | cmp - in.ndjson
}

@test "a token too short to hold anything: exit 65, not a crash" {
	run phi-decrypt -K a.key --token 'phi:1:'
	assert_equal "$status" 65
	run phi-decrypt -K a.key --token 'phi:1:AAAA'
	assert_equal "$status" 65
}

@test "--class encrypts what the classifier finds, within the scope" {
	printf '%s\n' '{"properties":{"diagnosis":{"code":"C50.911"},"medications":["a"],"note":"x","ok":1},"traits":{"ssn":"123-45-6789","plan":"gold"},"other":{"email":"a@b.example"}}' >in.ndjson
	run sh -c "phi-encrypt -k a.pub --class yellow in.ndjson | jq -c '[paths(type == \"string\" and startswith(\"phi:1:\")) | map(tostring) | join(\".\")]'"
	assert_success
	assert_output --partial '"properties.diagnosis"'
	assert_output --partial '"properties.medications"'
	assert_output --partial '"traits.ssn"'
	refute_output --partial 'properties.ok'
	refute_output --partial 'traits.plan'
	# the default scope is the whole event; --scope narrows it
	assert_output --partial '"other.email"'
	run sh -c "phi-encrypt -k a.pub --class yellow --scope properties --scope traits in.ndjson | jq -c '[paths(type == \"string\" and startswith(\"phi:1:\")) | map(tostring) | join(\".\")]'"
	assert_output --partial '"traits.ssn"'
	refute_output --partial 'other.email'
	run sh -c "phi-encrypt -k a.pub --class red in.ndjson | jq -c '[paths(type == \"string\" and startswith(\"phi:1:\")) | map(tostring) | join(\".\")]'"
	assert_output '["traits.ssn"]'
	run sh -c "phi-encrypt -k a.pub --class yellow --scope other in.ndjson | jq -c '[paths(type == \"string\" and startswith(\"phi:1:\")) | map(tostring) | join(\".\")]'"
	assert_output '["other.email"]'
	phi-encrypt -k a.pub --class yellow --scope '**' in.ndjson | phi-decrypt -K a.key | cmp - in.ndjson
	run phi-encrypt -k a.pub --class blue in.ndjson
	assert_equal "$status" 64
}

@test "batch: a folder of exports with --suffix, then --in-place, and back" {
	mkdir exports
	for i in 1 2 3 4; do sed -n "$((i * 100)),$((i * 100 + 99))p" "$GEN" >exports/day$i.ndjson; done
	cp -r exports orig
	chmod 640 exports/day2.ndjson
	phi-encrypt -k a.pub -f 'traits.*' --suffix .enc exports/*.ndjson
	for i in 1 2 3 4; do
		cmp -s exports/day$i.ndjson orig/day$i.ndjson
		! cmp -s exports/day$i.ndjson.enc orig/day$i.ndjson || false
		[ "$(stat -c %a exports/day$i.ndjson.enc)" = 600 ]
	done
	phi-decrypt -K a.key --suffix .dec exports/*.enc
	for i in 1 2 3 4; do cmp exports/day$i.ndjson.enc.dec orig/day$i.ndjson; done
	phi-encrypt -k a.pub -f 'traits.*' --in-place exports/day?.ndjson
	! cmp -s exports/day1.ndjson orig/day1.ndjson || false
	[ "$(stat -c %a exports/day2.ndjson)" = 640 ]
	phi-decrypt -K a.key --in-place exports/day?.ndjson
	for i in 1 2 3 4; do cmp exports/day$i.ndjson orig/day$i.ndjson; done
	[ -z "$(ls -A exports | grep '^\.')" ]
	run phi-encrypt -k a.pub -f 'traits.*' --in-place --suffix .x exports/day1.ndjson
	assert_equal "$status" 64
	run phi-encrypt -k a.pub -f 'traits.*' --in-place
	assert_equal "$status" 64
	run phi-encrypt -k a.pub -f 'traits.*' --suffix .x -o y exports/day1.ndjson
	assert_equal "$status" 64
}

@test "a bad token inside arrays is named by its path, with and without -f; an escaped token opens" {
	printf '{"traits":{"email":"x@y.example"}}\n' | phi-encrypt -k a.pub -f traits.email >enc.ndjson
	tok=$(jq -r .traits.email enc.ndjson)
	bad="${tok:0:20}$([ "${tok:20:1}" = A ] && echo B || echo A)${tok:21}"
	printf '{"a":[1,{"b\\u0022c":["x","%s"]}],"n":2}\n' "$bad" >bad.ndjson
	run phi-decrypt -K a.key bad.ndjson
	assert_failure 65
	assert_output --partial 'bad.ndjson:1: a[1]["b\"c"][1]: token authentication failed'
	run phi-decrypt -K a.key -f a bad.ndjson
	assert_failure 65
	assert_output --partial 'bad.ndjson:1: a[1]["b\"c"][1]: token authentication failed'
	printf '{"a":[1,{"b":[true,"\\u0070%s"]}]}\n' "${tok:1}" >esc.ndjson
	run phi-decrypt -K a.key esc.ndjson
	assert_success
	assert_output '{"a":[1,{"b":[true,"x@y.example"]}]}'
}

@test "phi-decrypt: a token body skips yajl's lexer, yet keys, escaped quotes and bad lines read as before" {
	printf '{"traits":{"email":"x@y.example"}}\n' | phi-encrypt -k a.pub -f traits.email >enc.ndjson
	tok=$(jq -r .traits.email enc.ndjson)
	# a token as a key (and one before ':' after white space) is opened
	# whole, as a key (phi-encrypt --keys): two equal keys come out, as
	# they went in; a token after an escaped quote is inside another
	# string and stays
	printf '{"%s":"%s","%s" :1,"q":"x\\"%s"}\n' "$tok" "$tok" "$tok" "$tok" >odd.ndjson
	run phi-decrypt -K a.key odd.ndjson
	assert_success
	assert_output "{\"x@y.example\":\"x@y.example\",\"x@y.example\" :1,\"q\":\"x\\\"$tok\"}"
	# a bad line after tokens: the column is that of the line as read
	printf '{"a":"%s","b":"%s",}\n' "$tok" "$tok" >bad.ndjson
	run phi-decrypt -K a.key bad.ndjson
	assert_failure 65
	col=$((6 + ${#tok} + 7 + ${#tok} + 2 + 1)) # the "}"
	assert_output --regexp "bad.ndjson:1: .*\\(column $col\\)"
	# the same message as with the full walk (-f selects everything)
	full=$(phi-decrypt -K a.key -f a -f b bad.ndjson 2>&1 || true)
	assert_equal "$output" "$full"
}
