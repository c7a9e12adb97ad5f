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

# One bounded line reader (issue 17 §2): name dictionaries and
# --fields-from lists are read by lines_each (base/lines.h), a line of
# at most 4096 bytes in a dictionary, 1 MiB in a --fields-from list; a
# longer one is a usage error (64) naming file and line, never its text.

@test "a dictionary line of 4096 bytes loads, one of 4097 is 64 naming file:line" {
	{ printf '#%04095d\n' 0; printf 'Zorbuline\r\n'; } >ok.names
	printf 'names first ok.names\n' >ok.rules
	run phi-classify -r ok.rules --list-rules
	assert_success
	assert_output --partial 'ok.names  # 1 names: 0000'
	{ printf 'Anna\n#Secretvalue%04085d\n' 0; } >long.names
	printf 'names first long.names\n' >long.rules
	run phi-classify -r long.rules --list-rules
	assert_failure 64
	assert_output --partial 'long.names:2: line longer than 4096 bytes'
	refute_output --partial Secretvalue
}

@test "a dictionary that is a directory cannot be opened (66)" {
	mkdir dir.names
	printf 'names first dir.names\n' >dir.rules
	run phi-classify -r dir.rules --list-rules
	assert_failure 66
	assert_output --partial 'dir.names'
}

@test "a --fields-from line of 1 MiB is read, one of 1 MiB + 1 is 64 naming file:line" {
	{ printf 'traits.ssn\n#'; head -c 1048575 /dev/zero | tr '\0' x; printf '\n'; } >f.txt
	run phi-encrypt -k k.pub --fields-from f.txt in
	assert_success
	refute_output --partial '123-45-6789'
	{ printf 'traits.ssn\n#Secretvalue'; head -c 1048565 /dev/zero | tr '\0' x; printf '\n'; } >g.txt
	run phi-encrypt -k k.pub --fields-from g.txt in
	assert_failure 64
	assert_output --partial 'g.txt:2: line longer than 1048576 bytes'
	refute_output --partial Secretvalue
}

# One main() shape (issue 17 §2): phi-keygen and phi-audit end in
# cli_finish, as the filters do: a usage error is its message and the
# --help hint once, whether the options or the run found it.

@test "phi-audit: a usage error the run finds has the --help hint, as the filters' do" {
	run env -u PHI_AUDIT_LOG phi-audit verify
	assert_failure 64
	assert_line --index 0 'phi-audit: no log: give FILE, --log FILE or set PHI_AUDIT_LOG'
	assert_line --index 1 "Try 'phi-audit --help' for more information."
	assert_equal "${#lines[@]}" 2
}

@test "phi-audit verify's findings are not followed by an empty message" {
	seq 3 | awk '{ printf "{\"event\":\"PHI Viewed\",\"userId\":\"user-%d\"}\n", $1 }' |
	    phi-audit ingest -l a.log --map event_type=event --map end_user=userId
	sed -i '3s/PHI Viewed/PHI Deleted/' a.log
	run phi-audit verify a.log
	assert_failure 65
	assert_output --partial '3/4 records valid'
	refute_line 'phi-audit: '
	run phi-audit frobnicate
	assert_failure 64
	assert_line --index 0 'phi-audit: frobnicate: unknown command'
	assert_line --index 1 "Try 'phi-audit --help' for more information."
}

@test "phi-keygen: usage errors are the message and the --help hint, once" {
	run phi-keygen -o k.key
	assert_failure 64
	assert_line --index 0 'phi-keygen: -o takes a BASE name without .key or .pub (BASE.key and BASE.pub are written)'
	assert_line --index 1 "Try 'phi-keygen --help' for more information."
	assert_equal "${#lines[@]}" 2
	run phi-keygen --split 1/3 -o s
	assert_failure 64
	assert_line --index 0 'phi-keygen: --split takes K/N, 2 <= K <= N <= 255 (e.g. --split 3/5)'
	assert_equal "${#lines[@]}" 2
	run phi-keygen --combine -o r nothere.share
	assert_failure 77
	assert_line --index 0 'phi-keygen: nothere.share: cannot open: No such file or directory'
	assert_equal "${#lines[@]}" 1
}
