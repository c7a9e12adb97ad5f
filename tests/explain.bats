#!/usr/bin/env bats
# phi-encrypt --explain (issue 15): a dry run that prints which paths
# would be encrypted and why, with counts; never a value, never an event,
# and no key needed.

load test_helper

suite_setup() {
	cat >ev.ndjson <<'JSON'
{"userId":"u1","previousId":"dana@example.com","traits":{"email":"dana@example.com","name":"Dana Whitfield"},"properties":{"items":[{"sku":"A1"},{"sku":"B2"}]}}
{"userId":"u2","traits":{"email":"lee@example.com"},"properties":{"items":[{"sku":"C3"}]}}
JSON
}

@test "--explain -f: paths with counts and the -f path that selected them, no events, no key" {
	out=$(phi-encrypt --explain -f traits.email -f 'properties.items.*.sku' \
	    -f trait.emial ev.ndjson 2>err)
	printf '%s\n' "$out" >out
	run cat out
	assert_line --index 0 --regexp '^PATH +VALUES +EVENTS  WHY$'
	assert_line --index 1 --regexp '^properties\.items\.\*\.sku +3 +2  -f properties\.items\.\*\.sku$'
	assert_line --index 2 --regexp '^traits\.email +2 +2  -f traits\.email$'
	assert_line --index 3 --regexp '^trait\.emial +0 +0  -f trait\.emial: selected nothing$'
	assert_line --index 4 "5 values in 2 of 2 events would be encrypted (a dry run: nothing was written)"
	# the warning of a normal run, with its suggestion
	run cat err
	assert_output --partial "-f trait.emial selected nothing; did you mean traits.email?"
	# no value and no event
	run grep -E 'dana|lee|A1|"userId"' out
	assert_failure
	# a container selected whole counts once, its inside not apart
	run phi-encrypt --explain -f traits ev.ndjson
	assert_success
	assert_line --index 1 --regexp '^traits +2 +2  -f traits$'
	assert_line --index 2 "2 values in 2 of 2 events would be encrypted (a dry run: nothing was written)"
}

@test "--explain --strict: a path that selected nothing is still 65, the table printed" {
	run phi-encrypt --explain --strict -f traits.email -f trait.emial ev.ndjson
	assert_failure 65
	assert_output --partial "1 field path selected nothing (--strict)"
	assert_output --regexp 'trait\.emial +0 +0  -f trait\.emial: selected nothing'
	PHI_STRICT=1 run phi-encrypt --explain -f trait.emial ev.ndjson
	assert_failure 65
	run phi-encrypt --explain -f traits.email ev.ndjson
	assert_success
}

@test "--explain --class: the class and the rules that fired, and the same count as a real run" {
	run phi-encrypt --explain --class yellow ev.ndjson
	assert_success
	assert_line --regexp '^previousId +1 +1  --class yellow \(email\)$'
	assert_line --regexp '^traits\.email +2 +2  --class yellow \(email\)$'
	assert_line --regexp '^traits\.name +1 +1  --class yellow \(name\)$'
	refute_output --partial sku
	refute_output --partial dana
	n=$(phi-encrypt --explain --class yellow ev.ndjson | tail -1 | cut -d' ' -f1)
	phi-keygen -o k >/dev/null
	phi-encrypt -k k.pub --class yellow ev.ndjson >enc.ndjson
	assert_equal "$(grep -o '"phi:1:' enc.ndjson | wc -l)" "$n"
	# -f paths as well: each row says which selected it
	run phi-encrypt --explain --class red -f userId ev.ndjson
	assert_success
	assert_line --regexp '^userId +2 +2  -f userId$'
	refute_output --partial -- "--class"
}

@test "--explain and tokens: the recipient's are kept with -k, counted without" {
	phi-keygen -o k >/dev/null
	phi-encrypt -k k.pub -f traits.email ev.ndjson >enc.ndjson
	run phi-encrypt --explain -k k.pub -f traits.email enc.ndjson
	assert_success
	assert_line --index 1 "0 values in 0 of 2 events would be encrypted (a dry run: nothing was written)"
	run phi-encrypt --explain --class yellow enc.ndjson
	assert_success
	assert_line --regexp '^traits\.email +2 +2  a token \(without -k, of any key\)$'
	run phi-encrypt --explain -k k.pub --class yellow enc.ndjson
	assert_success
	refute_output --partial traits.email
}

@test "--explain writes no events: -o, --suffix and --in-place are usage errors" {
	run phi-encrypt --explain -f traits.email -o out.ndjson ev.ndjson
	assert_failure 64
	assert_output --partial "--explain writes no events"
	[ ! -e out.ndjson ]
	run phi-encrypt --explain -f traits.email --in-place ev.ndjson
	assert_failure 64
	# without --explain the key is still required
	run phi-encrypt -f traits.email ev.ndjson
	assert_failure 64
	assert_output --partial "no public key"
}
