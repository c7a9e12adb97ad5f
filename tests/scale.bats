#!/usr/bin/env bats
# Scale-out: the filters hold no state between lines, so GNU parallel can
# shard a stream over several processes (--pipe: blocks of stdin,
# --pipepart: parts of a file) and -k puts the output back in order.
# Each process is its own HPKE context; one phi-decrypt opens them all.

load test_helper

FIELDS=(-f context.ip -f 'context.traits.*' -f 'traits.*' -f 'properties.*')

setup_file() {
	export GEN="$BATS_FILE_TMPDIR/gen.ndjson"
	gen-events \
	    20000 --seed 6 >"$GEN"
}

suite_setup() {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	phi-keygen -o k >/dev/null
}

# contexts FILE: how many HPKE contexts (kid and enc: the first 52
# characters of the token text) the tokens in FILE come from
contexts() {
	grep -o 'phi:1:[A-Za-z0-9_-]\{52\}' "$1" | sort -u | wc -l
}

@test "parallel --pipe -k -j 2: phi-encrypt, then phi-decrypt, gives the input back" {
	parallel --pipe -k -j 2 --block 1M phi-encrypt -k k.pub "${FIELDS[@]}" \
	    <"$GEN" >enc.ndjson
	[ "$(wc -l <enc.ndjson)" -eq 20000 ]
	run cmp -s "$GEN" enc.ndjson
	assert_failure
	[ "$(contexts enc.ndjson)" -gt 2 ]
	parallel --pipe -k -j 2 --block 1M phi-decrypt -K k.key \
	    <enc.ndjson >dec.ndjson
	cmp "$GEN" dec.ndjson
}

@test "tokens of several parallel runs (one HPKE context each) decrypt in one phi-decrypt run" {
	parallel --pipe -k -j 2 --block 500k phi-encrypt -k k.pub \
	    "${FIELDS[@]}" <"$GEN" >enc.ndjson
	n=$(contexts enc.ndjson)
	[ "$n" -gt 4 ]
	phi-decrypt -K k.key enc.ndjson >dec.ndjson
	cmp "$GEN" dec.ndjson
}

@test "parallel --pipepart -a FILE -k --block 1M: encrypt and decrypt give the file back" {
	parallel --pipepart -a "$GEN" -k --block 1M -j 2 \
	    phi-encrypt -k k.pub "${FIELDS[@]}" >enc.ndjson
	[ "$(contexts enc.ndjson)" -gt 2 ]
	parallel --pipepart -a enc.ndjson -k --block 1M -j 2 \
	    phi-decrypt -K k.key >dec.ndjson
	cmp "$GEN" dec.ndjson
}

@test "shards encrypted apart, concatenated, decrypt in one run" {
	split -n l/3 -d "$GEN" part.
	pids=()
	for p in part.0*; do
		phi-encrypt -k k.pub "${FIELDS[@]}" "$p" >"$p.enc" &
		pids+=($!)
	done
	[ "${#pids[@]}" -eq 3 ]
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
	cat part.0*.enc >enc.ndjson
	[ "$(contexts enc.ndjson)" -eq 3 ]
	phi-decrypt -K k.key enc.ndjson >dec.ndjson
	cmp "$GEN" dec.ndjson
}

@test "a failing shard fails the parallel run (exit status and message)" {
	{ head -n 5000 "$GEN"; echo '{"broken":'; tail -n +5001 "$GEN"; } \
	    >bad.ndjson
	run parallel --pipe -k -j 2 --block 1M --halt now,fail=1 \
	    phi-encrypt -k k.pub "${FIELDS[@]}" <bad.ndjson
	assert_failure
	assert_output --partial "phi-encrypt: (stdin):"
	refute_output --partial '"broken"'
}
