#!/usr/bin/env bats
# Forged tokens (issue 16 §2): anyone with the public key can make a valid
# token, so phi-decrypt writes a plaintext only when phi-encrypt could have
# taken it from one line: one JSON value, strict UTF-8, no control byte but
# tab.  Anything else is exit 65 naming the file, the line and the path.
load test_helper
bats_require_minimum_version 1.5.0

suite_setup() {
	phi-keygen -o k >/dev/null
}

# forge PLAINTEXT-printf-format: an event whose "x" holds a token of it
forge() {
	printf "$1" | tokentool seal1 k.pub >tok
	printf '{"n":1}\n{"userId":"me","x":"%s"}\n' "$(cat tok)" >in.ndjson
}

# refused MESSAGE-PART: decrypting in.ndjson fails 65, writes no event of
# line 2, names the file, line 2 and the path
refused() {
	run -65 phi-decrypt -K k.key in.ndjson
	refute_output --partial victim
	refute_output --partial '"userId":"me"'
	run -65 --separate-stderr phi-decrypt -K k.key in.ndjson
	[ "$(printf '%s\n' "$output" | grep -c .)" -le 1 ]
	[[ "$stderr" == *in.ndjson*2*x* ]]
	[[ "$stderr" == *"$1"* ]]
}

@test "a token holding an honest value opens (the control for the rest)" {
	forge '{"a":[1,\t"b"]}'
	run -0 phi-decrypt -K k.key in.ndjson
	assert_line --index 1 "$(printf '{"userId":"me","x":{"a":[1,\t"b"]}}')"
}

@test "a forged token with newlines inside one JSON value injects no line" {
	forge '[\n{"userId":"victim","role":"admin"}\n]'
	refused "control character"
}

@test "a forged token with a carriage return or form feed is refused" {
	forge '[1,\r2]'
	refused "control character"
	forge '\f"a"'
	refused "control character"
}

@test "a forged token with overlong UTF-8 is refused" {
	forge '"\xc0\xaf"'
	refused "UTF-8"
}

@test "a forged token with an encoded surrogate is refused" {
	forge '"\xed\xa0\x80"'
	refused "UTF-8"
}

@test "a forged token with a code point above U+10FFFF is refused" {
	forge '"\xf4\x90\x80\x80"'
	refused "UTF-8"
}

@test "a forged token holding two values or trailing garbage is refused" {
	forge '1 2'
	refused "one JSON value"
	forge '{"a":1}}'
	refused "one JSON value"
	forge '"a"x'
	refused "one JSON value"
}

@test "a forged token holding a NUL byte is refused" {
	forge '"a"\0'
	refused "control character"
}

@test "--token refuses a forged plaintext too" {
	forge '[\n{"userId":"victim"}\n]'
	run -65 phi-decrypt -K k.key --token "$(cat tok)"
	refute_output --partial victim
	assert_output --partial "control character"
}

@test "a forged token under --reject goes to the reject file, not the output" {
	forge '[\n{"userId":"victim"}\n]'
	run -65 phi-decrypt -K k.key --reject rej -o out in.ndjson
	run grep -c victim out
	assert_output 0
	assert_equal "$(cat out)" '{"n":1}'
	cmp rej <(sed -n 2p in.ndjson)
}
