#!/usr/bin/env bats
# Every ```sh block of README.md runs, in order, in one shell session
# (`set -eo pipefail`), in a scratch directory holding the example export
# as export.ndjson(.gz), a folder of exports and the programs on PATH.
# Blocks marked ```text (output, crontab lines, other hosts) are not run.

load test_helper

@test "README.md examples run" {
	cp "$REPO/share/examples/export.ndjson" export.ndjson
	gzip -k export.ndjson
	mkdir exports
	for i in 1 2 3; do
		head -n $((i * 3)) export.ndjson >exports/day$i.ndjson
		gzip -c exports/day$i.ndjson >exports/day$i.ndjson.gz
	done
	awk '/^```sh$/ { on = 1; print "# ---- block " ++n; next }
	    /^```/ { on = 0; next } on' "$REPO/README.md" >examples.sh
	[ "$(grep -c '^# ---- block' examples.sh)" -ge 10 ]
	run bash -c 'set -eo pipefail; . ./examples.sh' 2>&1
	[ "$status" -eq 0 ] || { echo "$output" | tail -20; return 1; }
	# what the walk-through promises
	cat export.ndjson export.ndjson | cmp - both.ndjson
	! grep -q '@example.com' safe.ndjson || false
	[ -s exports/day1.ndjson.enc ]
	[ -s exports/day1.ndjson.enc.gz ]
	phi-audit verify audit.log
}

# The README's text between the first match of $1 and the next of $2, on
# one line.
readme_part() {
	tr '\n' ' ' <"$REPO/README.md" | tr -s ' ' |
	    awk -v a="$1" -v b="$2" '{ i = index($0, a); s = substr($0, i);
	        print substr(s, 1, index(s, b) - 1) }'
}

@test "the README's accuracy figures are what tests/accuracy.sh prints, each set apart" {
	run sh "$REPO/tests/accuracy.sh" "$PHI_BUILD"
	assert_success
	echo "$output" >acc.txt
	for set in "in-sample|**In-sample**|**Outside data**, Segment" \
	    "segment|**Outside data**, Segment|**Outside data**, Presidio" \
	    "all|The two sets of the fixture together|Known weak spots"; do
		IFS='|' read -r name from to <<<"$set"
		part=$(readme_part "$from" "$to")
		n=$(sed -n "s/^== $name: \([0-9]*\) labelled leaves$/\1/p" acc.txt)
		[[ "$part" == *[\ \(]"$n rows"* ]] || { echo "$name: not $n rows"; return 1; }
		while read -r colour p r; do
			[[ "$part" == *"$colour $p/$r"* ]] ||
			    { echo "$name: not $colour $p/$r in: $part"; return 1; }
		done < <(awk -v s="== $name:" 'index($0, "== ") == 1 { on = index($0, s) == 1 }
		    on && $2 == "precision" { print $1, $3, $6 }' acc.txt)
	done
	part=$(readme_part "**Outside data**, Presidio" "The two sets")
	for t in CREDIT_CARD:cards EMAIL_ADDRESS:email US_SSN:SSN IP_ADDRESS:IP \
	    IBAN_CODE:IBAN "PHONE_NUMBER:phone (many national formats)"; do
		f=$(awk -v t="${t%%:*}" '$1 == t { print $6 "/" $NF }' acc.txt)
		[[ "$part" == *"${t#*:} $f"* ]] || { echo "not ${t#*:} $f"; return 1; }
	done
}
