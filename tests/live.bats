# live.bats - the filters on live streams (issue 24): a line comes out
# as soon as it is done while the input stays open (the output is
# written before a read that would wait), --line-buffered, SIGTERM and
# SIGINT at a line boundary (whole lines, audit record, 128 + signal),
# and phi-classify --fail-on --fail-fast.
#
# tests/helpers/live-probe.py writes the events one at a time into a
# FIFO (or a pipe) that it keeps open and times each output line from
# the moment its input line was written (only that wait is timed).
load test_helper

PROBE="$REPO/tests/helpers/live-probe.py"
probe() { "$PY" "$PROBE" "$@"; }

suite_setup() {
	phi-keygen -o k >/dev/null 2>&1
	gen-events 10 --seed 1 >ev.ndjson
	head -n 1 ev.ndjson >one.ndjson
	head -n 5 ev.ndjson >five.ndjson
}

# The probe's output shows each line within the bound.
each_in_time() { # COUNT
	assert_success
	[ "$(grep -c '^line [0-9]*: [0-9.]* ms$' <<<"$output")" -eq "$1" ]
	refute_output --partial "over the bound"
}

@test "phi-encrypt: one event through a FIFO held open comes out within 200 ms" {
	run probe --out out.ndjson one.ndjson -- \
	    phi-encrypt -k k.pub -f context.ip -f context.traits.email
	each_in_time 1
	assert_output --partial "status 0"
	phi-decrypt -K k.key out.ndjson >dec.ndjson
	cmp dec.ndjson one.ndjson
	run grep -c '"phi:1:' out.ndjson
	assert_output 1
}

@test "phi-encrypt: ten events 0.3 s apart each come out within 200 ms" {
	run probe --gap 0.3 --out out.ndjson ev.ndjson -- \
	    phi-encrypt -k k.pub -f context.ip
	each_in_time 10
	phi-decrypt -K k.key out.ndjson | cmp - ev.ndjson
}

@test "phi-decrypt: ten events 0.3 s apart each come out within 200 ms" {
	phi-encrypt -k k.pub -f context.ip -f properties ev.ndjson >enc.ndjson
	run probe --gap 0.3 --out out.ndjson enc.ndjson -- phi-decrypt -K k.key
	each_in_time 10
	cmp out.ndjson ev.ndjson
}

@test "phi-classify --redact: ten events 0.3 s apart each come out within 200 ms" {
	run probe --gap 0.3 --out out.ndjson ev.ndjson -- \
	    phi-classify --redact yellow
	each_in_time 10
	phi-classify --redact yellow ev.ndjson | cmp - out.ndjson
}

@test "phi-classify passing events through (--drop, --fail-on) keeps them live" {
	run probe --gap 0.1 --stdin --out out.ndjson five.ndjson -- \
	    phi-classify --drop red
	each_in_time 5
	phi-classify --drop red five.ndjson | cmp - out.ndjson
	echo '{"note":"nothing here"}' >green.ndjson
	run probe --stdin --out out2.ndjson green.ndjson -- \
	    phi-classify --fail-on red
	each_in_time 1
	assert_output --partial "status 0"
	cmp out2.ndjson green.ndjson
}

@test "--line-buffered writes each line with its own write(2); without it a file is one write" {
	command -v strace >/dev/null || skip "strace is not installed"
	# LeakSanitizer cannot run under ptrace (the sanitizer build)
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	strace -f -e trace=write -o trace.lb \
	    phi-classify --line-buffered --redact yellow ev.ndjson >lb.ndjson
	strace -f -e trace=write -o trace.plain \
	    phi-classify --redact yellow ev.ndjson >plain.ndjson
	cmp lb.ndjson plain.ndjson
	run grep -c '^[0-9]* *write(1,' trace.lb
	assert_output 10
	run grep -c '^[0-9]* *write(1,' trace.plain
	assert_output 1
}

@test "SIGTERM mid-stream: whole lines, each correct, audit counts them, exit 143" {
	run probe --gap 0.05 --stdin --signal TERM \
	    --partial '{"context":{"ip":"10.1.2' --out out.ndjson five.ndjson -- \
	    phi-encrypt -k k.pub -f context.ip --audit-log a.log
	each_in_time 5
	assert_output --partial "status 143"
	[ "$(tail -c 1 out.ndjson | od -An -c | tr -d ' ')" = '\n' ]
	phi-decrypt -K k.key out.ndjson | cmp - five.ndjson
	run grep -c '"phi:1:' out.ndjson
	assert_output 5
	run tail -n 1 a.log
	assert_output --partial '"events":5,"values":5,"bad_lines":0'
	assert_output --partial '"status":143'
}

@test "SIGINT mid-stream: phi-classify and phi-decrypt stop whole, exit 130" {
	run probe --gap 0.05 --stdin --signal INT --partial '{"a":' \
	    --out out.ndjson five.ndjson -- phi-classify --redact red
	each_in_time 5
	assert_output --partial "status 130"
	phi-classify --redact red five.ndjson | cmp - out.ndjson
	phi-encrypt -k k.pub -f properties five.ndjson >enc.ndjson
	run probe --gap 0.05 --signal INT --out dec.ndjson enc.ndjson -- \
	    phi-decrypt -K k.key --audit-log a.log
	each_in_time 5
	assert_output --partial "status 130"
	cmp dec.ndjson five.ndjson
	run tail -n 1 a.log
	assert_output --partial '"events":5,'
	assert_output --partial '"status":130'
}

@test "SIGTERM: -o FILE is named with the lines done; the message names the input and line" {
	run probe --gap 0.05 --no-wait --stdin --signal TERM --partial '{"b"' \
	    five.ndjson -- phi-classify --redact yellow -o out.ndjson
	assert_success
	assert_output --partial "status 143"
	assert_output --partial "(stdin): stopped by SIGTERM after line 5 (a part of a line after it dropped)"
	phi-classify --redact yellow five.ndjson | cmp - out.ndjson
}

@test "SIGTERM under --suffix: the files done are written, the one being done is not" {
	mkfifo slow
	cp five.ndjson f.ndjson
	sleep 5 <>slow &
	holder=$!
	cat five.ndjson >slow
	phi-classify --redact yellow --suffix .out f.ndjson slow 2>err &
	pid=$!
	sleep 1
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	kill "$holder"
	assert_equal "$rc" 143
	phi-classify --redact yellow five.ndjson | cmp - f.ndjson.out
	[ ! -e slow.out ]
	run cat err
	assert_output --partial "slow: stopped by SIGTERM after line 5"
}

@test "SIGTERM: --report covers the lines read, the --reject file is named with its lines" {
	run probe --gap 0.05 --no-wait --stdin --signal TERM --out rep.ndjson \
	    five.ndjson -- phi-classify --report
	assert_output --partial "status 143"
	phi-classify --report five.ndjson | cmp - rep.ndjson
	printf '%s\n' '{"a":1}' 'not json' '{"b":2}' >mixed.ndjson
	run probe --gap 0.05 --no-wait --stdin --signal TERM --out out.ndjson \
	    mixed.ndjson -- phi-classify --reject rej.ndjson
	assert_output --partial "status 143"
	printf '%s\n' '{"a":1}' '{"b":2}' | cmp - out.ndjson
	echo 'not json' | cmp - rej.ndjson
}

@test "phi-audit ingest on a FIFO held open appends each record at once" {
	# not changed by issue 24 (each record was already one write and
	# an fsync): a guard that it stays so
	mkfifo in.fifo
	sleep 5 <>in.fifo &
	holder=$!
	phi-audit ingest --log i.log --map event_type=event in.fifo &
	pid=$!
	echo '{"event":"Login"}' >in.fifo
	n=0
	until grep -q '"event_type":"Login"' i.log 2>/dev/null || [ $n -ge 20 ]; do
		sleep 0.01
		n=$((n + 1))
	done
	kill "$holder" "$pid"
	wait "$pid" || true
	[ "$n" -lt 20 ]
}

@test "phi-classify --fail-on --fail-fast stops at the first offending line, input still open" {
	{
		echo '{"count":3}'
		echo '{"contact":{"email":"x@y.com"}}'
	} >two.ndjson
	run probe --gap 0.05 --stdin --expect-exit --out out.ndjson \
	    two.ndjson -- phi-classify --fail-on yellow --fail-fast
	assert_success
	assert_output --partial "status 1"
	assert_output --partial "line 1:"
	refute_output --partial "line 2:"
	# only the line before the offending one was written
	echo '{"count":3}' | cmp - out.ndjson
}

@test "--fail-fast: the message names the file and line, the paths follow; it needs --fail-on" {
	printf '%s\n' '{"a":1}' '{"ssn":"123-45-6789"}' '{"b":2}' >three.ndjson
	run phi-classify --fail-on red --fail-fast three.ndjson
	assert_failure 1
	assert_output --partial "three.ndjson:2: a field of class red or worse: stopped (--fail-fast)"
	assert_output --partial "ssn"
	refute_output --partial "123-45-6789"
	refute_output --partial '{"b":2}'
	run phi-classify --fail-fast three.ndjson
	assert_failure 64
	assert_output --partial "--fail-fast needs --fail-on"
}
