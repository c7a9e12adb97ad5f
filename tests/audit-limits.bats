#!/usr/bin/env bats
# The audit log's honest limits (issue 16 §5): verify without a key does
# not pass a sealed log unless --chain-only; --max-unsealed; record -d
# refuses details that look like PHI unless --allow-details.
load test_helper
bats_require_minimum_version 1.5.0

suite_setup() {
	openssl genpkey -algorithm ed25519 -out s.key 2>/dev/null
	chmod 600 s.key
	openssl pkey -in s.key -pubout -out s.pub
}

# mklog LOG N: N ingested records
mklog() {
	seq "$2" | awk '{ printf "{\"event\":\"PHI Viewed\",\"userId\":\"user-%d\"}\n", $1 }' |
	    phi-audit ingest -l "$1" --map event_type=event --map end_user=userId
}

@test "verify without --key fails on a log with seals, and says why" {
	mklog a.log 3
	phi-audit seal -l a.log -k s.key >/dev/null
	run -77 --separate-stderr phi-audit verify a.log
	[[ "$stderr" == *"1 seals not checked"* ]]
	[[ "$stderr" == *"--key"* ]]
	[[ "$stderr" == *"--chain-only"* ]]
	run -0 phi-audit verify -k s.pub a.log
}

@test "verify --chain-only checks the chain alone, and not with --key" {
	mklog a.log 3
	phi-audit seal -l a.log -k s.key >/dev/null
	run -0 phi-audit verify --chain-only a.log
	assert_output --partial "1 seals not checked"
	run -64 phi-audit verify --chain-only -k s.pub a.log
	# a log without seals has nothing more to check: it passes as before
	mklog b.log 3
	run -0 phi-audit verify b.log
}

@test "a rewritten and re-sealed log passes only --chain-only" {
	mklog a.log 3
	phi-audit seal -l a.log -k s.key >/dev/null
	# the attacker's own log, sealed with the attacker's key
	openssl genpkey -algorithm ed25519 -out evil.key 2>/dev/null
	chmod 600 evil.key
	mklog forged.log 2
	phi-audit seal -l forged.log -k evil.key >/dev/null
	run -77 phi-audit verify forged.log
	run -65 phi-audit verify -k s.pub forged.log
	run -0 phi-audit verify --chain-only forged.log
}

@test "verify --max-unsealed N: more records after the last seal is a finding" {
	mklog a.log 3
	phi-audit seal -l a.log -k s.key >/dev/null
	mklog a.log 2
	run -0 phi-audit verify -k s.pub --max-unsealed 2 a.log
	run -65 --separate-stderr phi-audit verify -k s.pub --max-unsealed 1 a.log
	[ "$(echo "$output" | jq -r .kind)" = unsealed ]
	[[ "$(echo "$output" | jq -r .message)" == "2 records after the last seal, more than --max-unsealed 1" ]]
	[[ "$stderr" == *"1 findings"* ]]
	# a log never sealed: every record is unsealed
	mklog b.log 2
	run -65 phi-audit verify --max-unsealed 1 b.log
	run -64 phi-audit verify --max-unsealed -1 b.log
	run -64 phi-audit record -l b.log -e X --max-unsealed 1
}

@test "record -d refuses details that look like PHI; the log is unchanged" {
	phi-audit record -l a.log -e "PHI Exported" -d '{"rows":10,"file":"export.ndjson"}'
	cp a.log before
	run -65 --separate-stderr phi-audit record -l a.log -e "PHI Exported" \
	    -d '{"note":"patient ssn 078-05-1120"}'
	[[ "$stderr" == *details.note* ]]
	[[ "$stderr" == *--allow-details* ]]
	[[ "$stderr" != *078-05* ]]
	run -65 phi-audit record -l a.log -e "PHI Exported" -d '{"who":{"email":"jane@example.com"}}'
	run -65 phi-audit record -l a.log -e "PHI Exported" -d '{"rows":[1,"123-45-6789"]}'
	cmp before a.log
}

@test "record --allow-details writes them for one record" {
	phi-audit record -l a.log -e "PHI Exported" -d '{"note":"jane@example.com"}' --allow-details
	grep -q jane@example.com a.log
	run -65 phi-audit record -l a.log -e "PHI Exported" -d '{"note":"jane@example.com"}'
	[ "$(wc -l <a.log)" -eq 2 ]
	run -64 phi-audit verify --allow-details a.log
}

@test "the phi-tools' own audit records are not refused" {
	phi-keygen -o k >/dev/null
	printf '{"traits":{"email":"jane@example.com"}}\n' >in.ndjson
	phi-encrypt -k k.pub -f traits.email --audit-log a.log in.ndjson >enc.ndjson
	phi-decrypt -K k.key --audit-log a.log enc.ndjson >/dev/null
	phi-classify --audit-log a.log --report in.ndjson >/dev/null
	run -0 phi-audit verify a.log
	[ "$(jq -r .event_type a.log | grep -c '^PHI ')" -eq 3 ]
}

@test "verify and review read lines bounded by --max-line: a longer one is 65 naming file and line, nothing held past it" {
	mklog a.log 3
	run -0 phi-audit verify --chain-only a.log
	run -0 phi-audit review a.log
	# a hostile line of 2 MB, no newline at all, in the middle of the log
	{ head -n 2 a.log; head -c 2000000 /dev/zero | tr '\0' x; } >big.log
	run -65 --separate-stderr phi-audit verify --chain-only --max-line 1M big.log
	[ "$stderr" = "phi-audit: big.log:3: line longer than 1048576 bytes" ]
	run -65 --separate-stderr phi-audit review --max-line 1M big.log
	[ "$stderr" = "phi-audit: big.log:3: line longer than 1048576 bytes" ]
	# the default bound (64M) reads it, and verify reports the damage
	run -65 phi-audit verify --chain-only big.log
	[[ "$output" == *'"kind":"torn","file":"big.log","line":3'* ]]
	# a record line within the bound passes as before
	run -0 phi-audit verify --chain-only --max-line 4K a.log
}
