#!/usr/bin/env bats
# One of each thing (issue 17): one colour parser for every colour the
# user writes, the same answers from every route into a JSON check.

load test_helper

suite_setup() {
	phi-keygen -o k >/dev/null
	printf '%s\n' '{"traits":{"ssn":"123-45-6789","email":"a@example.com","plan":"gold"}}' >in
}

@test "--class takes a colour in any case, as rules files do (RED = red)" {
	run phi-encrypt -k k.pub --class RED in
	assert_success
	refute_output --partial '123-45-6789'
	assert_output --partial 'a@example.com'
	run phi-encrypt -k k.pub --class Yellow in
	assert_success
	refute_output --partial 'a@example.com'
	assert_output --partial '"plan":"gold"'
}

@test "--class green or an unknown colour is a usage error (64)" {
	run phi-encrypt -k k.pub --class green in
	assert_failure 64
	run phi-encrypt -k k.pub --class purple in
	assert_failure 64
	assert_output --partial 'expected yellow or red'
}

@test "--fields-from reads a report's class in any case, with the same parser" {
	printf '%s\n' '{"path":"traits.ssn","class":"RED"}' \
	    '{"path":"traits.plan","class":"Green"}' >fields.ndjson
	run phi-encrypt -k k.pub --fields-from fields.ndjson in
	assert_success
	refute_output --partial '123-45-6789'
	assert_output --partial '"plan":"gold"'
	printf '%s\n' '{"path":"traits.ssn","class":"crimson"}' >bad.ndjson
	run phi-encrypt -k k.pub --fields-from bad.ndjson in
	assert_failure 64
	assert_output --partial 'bad.ndjson:1'
}
