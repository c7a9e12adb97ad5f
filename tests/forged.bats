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

# ---- look-alike tokens (issue 16 §3) ----

# "phi:1:" + base64url(48 zero bytes + PHI): a well-formed token of no key
lookalike() {
	printf 'phi:1:%s' "$("$PY" -c 'import base64;print(base64.urlsafe_b64encode(bytes(48)+b"SSN=078-05-1120;dx=HIV").decode().rstrip("="))')"
}

@test "phi-encrypt encrypts a look-alike token instead of leaving it" {
	printf '{"traits":{"x":"%s"}}\n' "$(lookalike)" >in.ndjson
	phi-encrypt -k k.pub -f traits.x in.ndjson >enc.ndjson
	run grep -c U1NOPTA3OC0wNS0xMTIw enc.ndjson
	assert_output 0
	phi-decrypt -K k.key enc.ndjson >back.ndjson
	cmp in.ndjson back.ndjson
	phi-encrypt -k k.pub --class red in.ndjson >enc.ndjson
	run grep -c U1NOPTA3OC0wNS0xMTIw enc.ndjson
	assert_output 0
}

@test "phi-encrypt leaves tokens of the recipient and of --keep-kid keys only" {
	phi-keygen -o other >other.kid
	printf '"v"\n' | tokentool seal other.pub >tok
	printf '{"x":"%s"}\n' "$(cat tok)" >in.ndjson
	phi-encrypt -k other.pub -f x in.ndjson >same.ndjson
	cmp in.ndjson same.ndjson
	phi-encrypt -k k.pub -f x --keep-kid "$(cat other.kid)" in.ndjson >kept.ndjson
	cmp in.ndjson kept.ndjson
	phi-encrypt -k k.pub -f x in.ndjson >wrapped.ndjson
	run cmp -s in.ndjson wrapped.ndjson
	assert_failure
	phi-decrypt -K k.key wrapped.ndjson >back.ndjson
	cmp in.ndjson back.ndjson
	run -64 phi-encrypt -k k.pub -f x --keep-kid 12345 in.ndjson
	assert_output --partial "16 hex digits"
}

@test "phi-classify --fail-on yellow fails on a look-alike token" {
	printf '{"traits":{"x":"%s"}}\n' "$(lookalike)" >in.ndjson
	run -1 phi-classify -k k.pub --fail-on yellow in.ndjson
	run -0 phi-classify -k k.pub --report in.ndjson
	assert_output --partial '"class":"yellow","matchers":["token-unverified"]'
}

@test "phi-classify: a token is green only with its key (-k, repeatable, or PHI_PUBLIC_KEY)" {
	phi-keygen -o other >/dev/null
	printf '"v"\n' | tokentool seal k.pub >tok
	printf '{"traits":{"x":"%s"}}\n' "$(cat tok)" >in.ndjson
	run -0 phi-classify --report in.ndjson
	assert_output '{"path":"traits.x","class":"yellow","matchers":["token-unverified"],"events":1}'
	run -0 phi-classify -k other.pub --report in.ndjson
	assert_output --partial token-unverified
	run -0 phi-classify -k other.pub -k k.pub --report in.ndjson
	assert_output '{"path":"traits.x","class":"green","matchers":["encrypted"],"events":1}'
	PHI_PUBLIC_KEY=k.pub run -0 phi-classify --fail-on yellow in.ndjson
	run -1 phi-classify --fail-on yellow in.ndjson
}

@test "phi-classify judges a malformed token by its bytes, and flags it" {
	echo '{"traits":{"ssn":"phi:1:078-05-1120"},"x":"phi:7:AAAA"}' >in.ndjson
	run -0 phi-classify -k k.pub --report in.ndjson
	assert_line '{"path":"traits.ssn","class":"red","matchers":["ssn","token-unverified"],"events":1}'
	assert_line '{"path":"x","class":"yellow","matchers":["token-unverified"],"events":1}'
}

@test "--list-rules shows the built-in rule as a comment and still loads" {
	run -0 phi-classify --list-rules
	assert_line '# built in: rule token-unverified colour=yellow'
	phi-classify --list-rules >all.rules
	echo '{"a":"phi:1:x"}' | phi-classify -r all.rules --report >/dev/null
}

@test "a damaged token under --reject leaves the other tokens of its sender to open (-j 1 and -j 4)" {
	printf '{"a":"one"}\n{"a":"two"}\n{"a":"three"}\n' >plain.ndjson
	phi-encrypt -k k.pub -f a plain.ndjson >enc.ndjson
	# a character of the part that every token of one sender shares
	awk 'NR == 2 { i = index($0, "phi:1:") + 6 + 12
		$0 = substr($0, 1, i - 1) "," substr($0, i + 1) } { print }' \
	    enc.ndjson >bad.ndjson
	for j in 1 4; do
		rm -f rej out
		run -65 phi-decrypt -j "$j" -K k.key --reject rej -o out bad.ndjson
		run cat out
		assert_output "$(printf '{"a":"one"}\n{"a":"three"}')"
		run cat rej
		assert_output "$(sed -n 2p bad.ndjson)"
	done
}
