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
