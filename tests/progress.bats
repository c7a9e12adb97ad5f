#!/usr/bin/env bats
# --progress, the automatic progress line on a terminal, and --stats.

load test_helper

suite_setup() {
	phi-keygen -o k >/dev/null
	gen-events 3000 --seed 2 >ev.ndjson
}

slow() { # the events in two halves, a second apart
	head -n 1500 ev.ndjson
	sleep 1
	tail -n +1501 ev.ndjson
}

@test "--progress shows lines, MB and MB/s on stderr, then clears the line" {
	slow | phi-encrypt -k k.pub -f 'traits.*' --progress >out.ndjson 2>err
	grep -q 'lines, [0-9.]* MB, [0-9.]* MB/s' err
	phi-decrypt -K k.key out.ndjson | cmp - ev.ndjson
}

@test "no progress when stderr is not a terminal, unless asked" {
	slow | phi-encrypt -k k.pub -f 'traits.*' >/dev/null 2>err
	[ ! -s err ]
}

@test "on a terminal, progress comes by itself for a file of known size, with an ETA" {
	command -v script >/dev/null || skip "script(1) not installed"
	for i in 1 2 3 4 5 6 7 8; do cat ev.ndjson; done >big.ndjson
	script -qec "phi-encrypt -k k.pub -f 'traits.*' -o out.ndjson big.ndjson" \
	    /dev/null </dev/null >tty.out
	grep -q 'phi-encrypt: [0-9]* lines, [0-9.]* MB, [0-9.]* MB/s, ETA' tty.out
	phi-decrypt -K k.key out.ndjson | cmp - big.ndjson
	script -qec "phi-encrypt -k k.pub -f 'traits.*' --no-progress -o out2.ndjson big.ndjson" \
	    /dev/null </dev/null >tty2.out
	! grep -q 'MB/s' tty2.out || false
}

@test "--stats: events, values, bad lines" {
	printf '{"traits":{"a":1,"b":2}}\nnot json\n{"traits":{"c":3}}\n' >in.ndjson
	run phi-encrypt -k k.pub -f 'traits.*' --stats --reject rej -o out in.ndjson
	assert_equal "$status" 65
	assert_output --partial '2 events, 3 values encrypted, 1 bad lines'
	run phi-decrypt -K k.key --stats -o back out
	assert_success
	assert_output --partial '2 events, 3 values decrypted, 0 bad lines'
}
