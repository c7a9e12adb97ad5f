#!/usr/bin/env bats
# phi-classify --mask (issue 19): identifiers inside text become [KIND],
# other values of the colour "[RULE]"; nothing comes back.
load test_helper
bats_require_minimum_version 1.5.0

@test "--mask yellow: identifiers inside text by kind, the rest of the text kept" {
	printf '%s\n' '{"properties":{"message":"call Jane Doe on 415-555-0134 today","email":"jane@example.com","note":"flu, no fever","comment":"fine"},"traits":{"ssn":"536-22-8726"}}' >in.ndjson
	run -0 --separate-stderr phi-classify --mask yellow --stats in.ndjson
	assert_output '{"properties":{"message":"call [NAME] on [PHONE] today","email":"[EMAIL]","note":"[CLINICAL]","comment":"fine"},"traits":{"ssn":"[SSN]"}}'
	[[ "$stderr" == *"1 events, 4 values masked"* ]]
}

@test "--mask red leaves yellow identifiers; numbers become the rule's name" {
	printf '%s\n' '{"message":"Jane Doe, SSN 536-22-8726, card 4111 1111 1111 1111","ssn":536228726}' >in.ndjson
	run -0 phi-classify --mask red in.ndjson
	assert_output '{"message":"Jane Doe, SSN [SSN], card [CARD]","ssn":"[SSN]"}'
}

@test "--mask finds identifiers written with escapes and keeps the other bytes as written" {
	printf '%s\n' '{"m":"caf\u00e9: write to \u006aane@example.com\nor call +1 415 555 0134"}' >in.ndjson
	run -0 phi-classify --mask yellow in.ndjson
	assert_output '{"m":"caf\u00e9: write to [EMAIL]\nor call [PHONE]"}'
}

@test "--mask on the Segment examples: what --redact nulls is masked, no email or phone left" {
	spec=$REPO/tests/fixtures/segment-spec-examples.ndjson
	grep -q -E '[a-z0-9._]+@[a-z0-9-]+[.][a-z]' "$spec"
	phi-classify --mask yellow "$spec" >m.ndjson
	phi-classify --redact yellow "$spec" >r.ndjson
	[ "$(wc -l <m.ndjson)" -eq "$(wc -l <"$spec")" ]
	! grep -q -E '[a-z0-9._]+@[a-z0-9-]+[.][a-z]|555-[0-9]{4}' m.ndjson || false
	# the same fields change under --mask as under --redact
	"$PY" - "$spec" r.ndjson m.ndjson <<'PY'
import json, sys
def leaves(v, p=()):
    if isinstance(v, dict):
        for k, x in v.items():
            yield from leaves(x, p + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from leaves(x, p + (i,))
    else:
        yield p, v
def changed(a, b):
    return {p for p, x in leaves(a) if dict(leaves(b)).get(p, "gone") != x}
n = 0
for s, r, m in zip(*(open(f) for f in sys.argv[1:4])):
    s, r, m = json.loads(s), json.loads(r), json.loads(m)
    cr, cm = changed(s, r), changed(s, m)
    assert cr == cm, (sorted(cr), sorted(cm))
    n += len(cm)
assert n > 10, n
PY
}

@test "--mask is one of --drop, --redact, --mask, and writes events (not with --report)" {
	run -64 phi-classify --mask yellow --redact red
	assert_output --partial -- '--mask'
	run -64 phi-classify --mask yellow --report
	assert_output --partial -- '--mask'
}

@test "phi-audit record sees identifiers inside the text of details (the same engine)" {
	run -65 phi-audit record -l a.log -e "PHI Exported" -u u1 \
	    -d '{"comment":"called Jane Doe at 415-555-0134"}'
	assert_output --partial 'details.comment'
	refute_output --partial '555-0134'
	[ ! -s a.log ]
	run -0 phi-audit record -l a.log -e "PHI Exported" -u u1 \
	    -d '{"comment":"exported the weekly file"}'
}

@test "--report --count-in-text counts the identifiers inside text by path and kind, never values" {
	printf '%s\n' '{"properties":{"note":"Patient Jane Doe called from 415-555-0134, then Bob Smith from 415-555-0199","email":"jane@example.com","name":"Ann Lee"}}' '{"properties":{"note":"no one called"}}' '{"properties":{"note":"write to jane@example.com today"}}' >in.ndjson
	run -0 phi-classify --report --count-in-text in.ndjson
	note=$(grep '"path":"properties.note"' <<<"$output")
	[[ "$note" == *'"events":3,"in_text":{"email":1,"phone":2,"name":2}}' ]]
	# a single identifier is not "in text"; nor is anything without the option
	run -0 phi-classify --report --count-in-text in.ndjson
	[ "$(grep -c in_text <<<"$output")" -eq 1 ]
	run -0 phi-classify --report in.ndjson
	[[ "$output" != *in_text* ]]
	[[ "$output" != *Jane* && "$output" != *555* ]]
}

@test "--count-in-text needs --report" {
	run -64 phi-classify --count-in-text /dev/null
	[[ "$output" == *"--count-in-text needs --report"* ]]
}
