#!/usr/bin/env bats
# Every ```sh block of README.md runs, in order, in one bash session, as
# written (the test adds only `set -e`, to stop at the first failure: any
# pipefail is the README's own), in a scratch directory holding the
# example export as export.ndjson(.gz), a folder of exports and the
# programs on PATH.  The ```crontab block runs as cron would run it
# (its SHELL, `\%` made `%`), with its directories moved into the
# scratch directory.  Blocks marked ```text (output, other hosts) are
# not run.

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
	run bash -c 'set -e; . ./examples.sh' 2>&1
	[ "$status" -eq 0 ] || { echo "$output" | tail -20; return 1; }
	# what the walk-through promises
	cat export.ndjson export.ndjson | cmp - both.ndjson
	! grep -q '@example.com' safe.ndjson || false
	[ -s exports/day1.ndjson.enc ]
	[ -s exports/day1.ndjson.enc.gz ]
	phi-audit verify -k audit.pub audit.log
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

@test "the README's tables of the multi-locale corpus are what tests/corpus-table.sh makes of accuracy.sh's figures" {
	run sh "$REPO/tests/corpus-table.sh" "$PHI_BUILD"
	assert_success
	echo "$output" >want.md
	[ "$(grep -c '^| ' want.md)" -ge 40 ]
	awk '$0 == "<!-- pii-corpus tables: made by tests/corpus-table.sh -->" { on = 1; next }
	    $0 == "<!-- end of pii-corpus tables -->" { on = 0 } on' \
	    "$REPO/README.md" >got.md
	diff want.md got.md ||
	    { echo "run: sh tests/corpus-table.sh --write"; return 1; }
}

# The crontab block of README.md: its SHELL= line and its one entry.
# Prints "SHELL COMMAND" for the entry, with the crontab escapes undone
# and /exports, /etc/phi, /var/spool/phi and /safe moved under $T.
readme_cron() {
	awk '/^```crontab$/ { on = 1; next } /^```/ { on = 0 } on' \
	    "$REPO/README.md" >crontab
	[ "$(grep -c '^SHELL=' crontab)" -eq 1 ]
	[ "$(grep -c '^[0-9*]' crontab)" -eq 1 ]
	sed -n 's/^SHELL=//p' crontab >cron.shell
	grep '^[0-9*]' crontab | sed -E 's/^([^ ]+ +){5}//' |
	    sed -e 's/\\%/%/g' -e "s|/exports/|$T/exports/|g" \
		-e "s|/etc/phi/|$T/etc/phi/|g" \
		-e "s|/var/spool/phi/|$T/spool/|g" -e "s|/safe/|$T/safe/|g" \
	    >cron.cmd
	mkdir -p exports etc/phi spool safe
}

@test "README.md's cron entry works, and fails closed: no output file when a stage fails" {
	readme_cron
	phi-keygen -o etc/phi/team >/dev/null
	d=$(date +%F)
	gzip -c "$REPO/share/examples/export.ndjson" >"exports/$d.ndjson.gz"
	run "$(cat cron.shell)" -c "$(cat cron.cmd)"
	assert_success
	zcat "safe/$d.ndjson.gz" | phi-decrypt -K etc/phi/team.key |
	    cmp - "$REPO/share/examples/export.ndjson"
	! zcat "safe/$d.ndjson.gz" | grep -q '@example.com' || false
	# a truncated .gz: exit non-zero, no output file
	rm "safe/$d.ndjson.gz"
	head -c 300 "$REPO/share/examples/export.ndjson" | gzip >"exports/$d.ndjson.gz"
	head -c 100 "exports/$d.ndjson.gz" >t.gz
	mv t.gz "exports/$d.ndjson.gz"
	run "$(cat cron.shell)" -c "$(cat cron.cmd)"
	[ "$status" -ne 0 ]
	[ ! -e "safe/$d.ndjson.gz" ]
	# a missing key: the same
	gzip -c "$REPO/share/examples/export.ndjson" >"exports/$d.ndjson.gz"
	rm etc/phi/team.pub
	run "$(cat cron.shell)" -c "$(cat cron.cmd)"
	[ "$status" -ne 0 ]
	[ ! -e "safe/$d.ndjson.gz" ]
}
