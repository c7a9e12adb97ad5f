#!/usr/bin/env bats
# The programs audit themselves when PHI_AUDIT_LOG (or --audit-log) is set:
# one record per run, counts and key ids, never a value of the input.

load test_helper

suite_setup() {
	gen-events 50 --seed 5 >ev.ndjson
}

@test "keygen, encrypt, decrypt and classify each append a record; the log verifies" {
	export PHI_AUDIT_LOG="$T/audit.log"
	kid=$(phi-keygen -o k)
	phi-encrypt -k k.pub -f 'traits.*' -f 'properties.*' ev.ndjson >enc.ndjson
	phi-decrypt -K k.key enc.ndjson >dec.ndjson
	phi-classify --report ev.ndjson >/dev/null
	run jq -r .event_type audit.log
	assert_output "$(printf 'Audit Log Created\nKey Pair Generated\nPHI Encrypted\nPHI Decrypted\nPHI Classified')"
	run jq -r 'select(.event_type == "PHI Decrypted") | .details.key_ids[0]' audit.log
	assert_output "$kid"
	run jq -r 'select(.event_type == "PHI Encrypted") | .details.events' audit.log
	assert_output "50"
	dv=$(jq -r 'select(.event_type == "PHI Decrypted") | .details.values' audit.log)
	[ "$dv" -gt 50 ]
	run phi-audit verify audit.log
	assert_success
}

@test "no record of a decrypt run holds a value of the input" {
	phi-keygen -o k >/dev/null
	phi-encrypt -k k.pub -f 'traits.*' -f 'properties.*' -f context.ip ev.ndjson >enc.ndjson
	phi-decrypt -K k.key --audit-log audit.log enc.ndjson >/dev/null
	jq -r '.. | strings' ev.ndjson | awk 'length($0) >= 6' | sort -u >values.txt
	[ "$(wc -l <values.txt)" -gt 100 ]
	run grep -F -f values.txt audit.log
	assert_failure 1
}

@test "a run whose audit record cannot be written fails with 74 before decrypting" {
	phi-keygen -o k >/dev/null
	phi-encrypt -k k.pub -f 'traits.*' ev.ndjson >enc.ndjson
	mkdir ro
	chmod 500 ro
	if [ "$(id -u)" = 0 ]; then
		log=/proc/version/audit.log
	else
		log=ro/audit.log
	fi
	run phi-decrypt -K k.key --audit-log "$log" enc.ndjson
	assert_equal "$status" 74
	assert_output --partial "audit log"
	refute_output --partial '@example.com'
	run phi-encrypt -k k.pub -f 'traits.*' --audit-log "$log" ev.ndjson
	assert_equal "$status" 74
	run phi-keygen -o k2 --audit-log "$log"
	assert_equal "$status" 74
	[ ! -e k2.key ] && [ ! -e k2.pub ]
}
