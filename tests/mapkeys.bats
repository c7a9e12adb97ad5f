#!/usr/bin/env bats
# PHI in object keys (issue 15 §7, issue 16 §6): a map keyed by email or
# SSN.  phi-classify judges keys as values and never prints one that is
# PHI (["…"] with its kind); phi-encrypt --keys seals the keys of the
# objects at a path and phi-decrypt restores them byte for byte; the
# paths in messages print keys that look like identifiers as ["…"].

load test_helper
bats_require_minimum_version 1.5.0

suite_setup() {
	phi-keygen -o a >/dev/null
	printf '%s\n' '{"scores":{"dana@example.com":5,"123-45-6789":1},"ok":{"plain":1}}' >map.ndjson
}

# The output holds none of the keys that are PHI.
refute_keys() {
	refute_output --partial "dana@example.com"
	refute_output --partial "123-45-6789"
}

@test "phi-classify --report: keys that are PHI give their kind, printed [\"…\"]" {
	run phi-classify --report --min-class yellow map.ndjson
	assert_success
	assert_output '{"path":"scores[\"…\"]","class":"red","matchers":["ssn","email"],"events":1}'
}

@test "phi-classify --fail-on sees a key that is PHI, and does not print it" {
	run phi-classify --fail-on yellow -o /dev/null map.ndjson
	assert_failure 1
	assert_output --partial 'scores["…"]: red (ssn, email), in 1 event'
	refute_keys
	printf '%s\n' '{"byEmail":{"alice@example.com":{"visits":3}}}' >nested.ndjson
	run phi-classify --fail-on yellow -o /dev/null nested.ndjson
	assert_failure 1
	assert_output --partial 'byEmail["…"]: yellow (email)'
	refute_output --partial alice
}

@test "phi-classify: ordinary keys stay green, one line per map of identifiers" {
	printf '%s\n' '{"m":{"a@x.example":1,"b@x.example":2},"userId":"u1"}' \
	    '{"m":{"c@x.example":3}}' >two.ndjson
	run phi-classify --report --min-class green two.ndjson
	assert_success
	assert_line --index 0 '{"path":"m[\"…\"]","class":"yellow","matchers":["email"],"events":2}'
	assert_line --index 1 '{"path":"userId","class":"green","matchers":[],"events":1}'
	assert_equal "${#lines[@]}" 2
}

@test "phi-classify --drop and --redact remove a member whose key is PHI" {
	run phi-classify --redact yellow map.ndjson
	assert_success
	assert_output '{"scores":{},"ok":{"plain":1}}'
	run phi-classify --drop red map.ndjson
	assert_success
	assert_output '{"scores":{"dana@example.com":5},"ok":{"plain":1}}'
}

@test "phi-encrypt --keys seals the keys at PATH; phi-decrypt restores them byte for byte" {
	printf '%s\n' '{"scores":{"dana@example.com":5,"123-45-6789":{"x":1}},"arr":[{"k\u00e9":1},{"a\"b":2}],"keep":{"plain":"dana@example.com"}}' \
	    '{"n":1}' '{"scores":{}}' >in.ndjson
	phi-encrypt -k a.pub --keys scores --keys 'arr.*' in.ndjson >enc.ndjson
	run cat enc.ndjson
	refute_output --partial '"dana@example.com":'
	refute_output --partial '123-45-6789'
	assert_output --partial '"keep":{"plain":"dana@example.com"}'
	[ "$(jq -c '.scores | keys | map(startswith("phi:1:"))' enc.ndjson | head -1)" = '[true,true]' ]
	[ "$(jq -c '.scores[]' enc.ndjson | head -2 | tr '\n' ' ')" = '5 {"x":1} ' ]
	[ "$(jq -c '.arr[] | keys[] | startswith("phi:1:")' enc.ndjson | tr '\n' ' ')" = 'true true ' ]
	phi-decrypt -K a.key enc.ndjson >dec.ndjson
	cmp in.ndjson dec.ndjson
	# keys and values both: -f and --keys together
	phi-encrypt -k a.pub --keys scores -f 'scores.*' in.ndjson >both.ndjson
	[ "$(jq -c '[.scores[] | type]' both.ndjson | head -1)" = '["string","string"]' ]
	phi-decrypt -K a.key both.ndjson | cmp - in.ndjson
	# a second run leaves the recipient's token keys as they are
	phi-encrypt -k a.pub --keys scores enc.ndjson | cmp - enc.ndjson
}

@test "phi-decrypt -f opens token keys only within its paths, as values" {
	phi-encrypt -k a.pub --keys scores --keys ok map.ndjson >enc.ndjson
	run phi-decrypt -K a.key -f ok enc.ndjson
	assert_success
	assert_output --regexp '^\{"scores":\{"phi:1:[^"]*":5,"phi:1:[^"]*":1\},"ok":\{"plain":1\}\}$'
	run phi-decrypt -K a.key -f scores enc.ndjson
	assert_success
	assert_output --regexp '^\{"scores":\{"dana@example.com":5,"123-45-6789":1\},"ok":\{"phi:1:[^"]*":1\}\}$'
	phi-decrypt -K a.key enc.ndjson | cmp - map.ndjson
}

@test "phi-encrypt --class seals keys that classify as PHI, within the scope" {
	phi-encrypt -k a.pub --class yellow map.ndjson >enc.ndjson
	run cat enc.ndjson
	refute_keys
	assert_output --partial '"ok":{"plain":1}'
	phi-decrypt -K a.key enc.ndjson | cmp - map.ndjson
	phi-encrypt -k a.pub --class yellow --scope ok map.ndjson >scoped.ndjson
	cmp scoped.ndjson map.ndjson
}

@test "phi-decrypt refuses a token key whose plaintext is not a string (65), naming the object" {
	printf '{"v":5}\n' | phi-encrypt -k a.pub -f v >num.ndjson
	tok=$(jq -r .v num.ndjson)
	printf '{"scores":{"%s":1}}\n' "$tok" >forged.ndjson
	run phi-decrypt -K a.key forged.ndjson
	assert_failure 65
	assert_output --partial 'forged.ndjson:1: a key of scores: token key does not hold a string'
	refute_output --partial "$tok"
}

@test "messages print identifier-like map keys as [\"…\"]: decrypt failures, suggestions" {
	printf '{"byEmail":{"alice@example.com":"x@y.example"}}\n' >e.ndjson
	phi-encrypt -k a.pub -f 'byEmail.*' e.ndjson >enc.ndjson
	tok=$(jq -r '.byEmail[]' enc.ndjson)
	bad="${tok:0:60}A${tok:61}"
	[ "$bad" != "$tok" ] || bad="${tok:0:60}B${tok:61}"
	printf '{"byEmail":{"alice@example.com":"%s"},"m":{"555-123-4567":"%s"}}\n' "$bad" "$tok" >bad.ndjson
	run phi-decrypt -K a.key bad.ndjson
	assert_failure 65
	assert_output --partial 'bad.ndjson:1: byEmail["…"]: token'
	refute_output --partial alice
	# a typo of a key that is PHI: the key is not offered back
	run phi-encrypt -k a.pub -f 'byEmail["alice@example.con"]' -o /dev/null e.ndjson
	assert_success
	assert_output --partial 'selected nothing'
	refute_output --partial 'alice@example.com'
	printf '{"byEmail":{"alice@example.com":{"visits":3}}}\n' >v.ndjson
	run phi-encrypt -k a.pub -f 'byEmail["…"].visit' -o /dev/null v.ndjson
	assert_success
	assert_output --partial 'did you mean byEmail["…"].visits?'
	refute_output --partial 'alice@example.com"]'
}

@test "phi-encrypt --keys alone is a selection; a bad --keys path is a usage error" {
	run phi-encrypt -k a.pub --keys 'a..b' map.ndjson
	assert_failure 64
	phi-encrypt -k a.pub --keys scores map.ndjson >enc.ndjson
	run jq -c '.ok' enc.ndjson
	assert_output '{"plain":1}'
}

@test "a --keys path that selected nothing gets a warning with a suggestion; --strict makes it 65" {
	run phi-encrypt -k a.pub --keys scors --keys scores -o out.ndjson map.ndjson
	assert_success
	assert_output 'phi-encrypt: --keys scors selected nothing; did you mean scores?'
	run phi-encrypt -k a.pub --keys scors --strict -o strict.ndjson map.ndjson
	assert_failure 65
	assert_output --partial '1 field path selected nothing (--strict): output not written'
	[ ! -e strict.ndjson ]
}

@test "phi-classify --report into phi-encrypt --fields-from: a [\"…\"] line seals the keys and the values" {
	printf '%s\n' '{"scores":{"dana@example.com":5,"123-45-6789":{"x":"a"}},"m":{"n":{"555-123-4567":1}},"ok":1}' >r.ndjson
	phi-classify --report r.ndjson >report.ndjson
	grep -F 'scores[\"…\"]' report.ndjson
	phi-encrypt -k a.pub --fields-from report.ndjson -o enc.ndjson r.ndjson
	run cat enc.ndjson
	refute_keys
	refute_output --partial '555-123-4567'
	assert_output --partial '"ok":1'
	run phi-classify --fail-on yellow -k a.pub -o /dev/null enc.ndjson
	assert_success
	phi-decrypt -K a.key enc.ndjson | cmp - r.ndjson
	# keys of the event itself cannot be named by a path
	printf '{"path":"[\\"…\\"]","class":"yellow"}\n' >top.ndjson
	run phi-encrypt -k a.pub --fields-from top.ndjson r.ndjson
	assert_failure 64
	assert_output --partial 'top.ndjson:1: keys of the event itself are PHI: only --class can select them'
}

@test "phi-audit record -d refuses a details key that is PHI, and names it [\"…\"]" {
	phi-audit record -l a.log -e "PHI Exported" -d '{"rows":{"count":10}}'
	cp a.log before
	run -65 --separate-stderr phi-audit record -l a.log -e "PHI Exported" \
	    -d '{"byPatient":{"Jane Smith":{"rows":3}}}'
	[[ "$stderr" == *'"path":"details.byPatient[\"…\"]"'* ]]
	[[ "$stderr" != *Jane* ]]
	run -65 phi-audit record -l a.log -e "PHI Exported" -d '{"m":{"jane@example.com":1}}'
	cmp before a.log
}
