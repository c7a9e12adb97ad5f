#!/usr/bin/env bats
# Join tokens (issue 21): phi-keygen --join, phi-encrypt --join-key and
# --join, determinism and separation, phi-decrypt opening them, and
# GROUP BY / JOIN in sqlite3 on the join-token column.
load test_helper

mode_of() { stat -c %a "$1"; }

@test "keygen --join -o NAME writes NAME.join (0600, PHI JOIN KEY) and prints its id" {
	run phi-keygen --join -o team
	assert_success
	assert_output --regexp '^[0-9a-f]{16}$'
	[ "$(mode_of team.join)" = 600 ]
	head -1 team.join | grep -qx -- '-----BEGIN PHI JOIN KEY-----'
	[ "$(sed -n 2p team.join | base64 -d | wc -c)" -eq 32 ]
	[ "$(ls | wc -l)" -eq 1 ] # no temporary files left
}

@test "the join key id is SHA-256('phi-tools/1 join id' || secret), and --id agrees" {
	id=$(phi-keygen --join -o j)
	want=$( { printf 'phi-tools/1 join id'; sed -n 2p j.join | base64 -d; } |
	    sha256sum | cut -c1-16)
	[ "$id" = "$want" ]
	[ "$(phi-keygen --id j.join)" = "$id" ]
}

@test "keygen --join never writes over an existing file (77)" {
	echo keep >j.join
	run phi-keygen --join -o j
	[ "$status" -eq 77 ]
	assert_output --partial 'j.join: already exists'
	[ "$(cat j.join)" = keep ]
}

@test "a join key readable by others is refused (77), naming the file" {
	phi-keygen --join -o j >/dev/null
	chmod 644 j.join
	run phi-keygen --id j.join
	[ "$status" -eq 77 ]
	assert_output --partial 'j.join'
	refute_output --partial "$(sed -n 2p j.join)"
}

@test "keygen --join takes -o only: no -s, no passphrase, not alone (64)" {
	run phi-keygen --join
	[ "$status" -eq 64 ]
	run phi-keygen --join -s -o j
	[ "$status" -eq 64 ]
	run phi-keygen --join -p -o j
	[ "$status" -eq 64 ]
	[ ! -e j.join ]
}
