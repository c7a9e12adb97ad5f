#!/usr/bin/env bats
# The suite's own checks: the TAP counter (tests/tapcount.sh, used by
# tests/run-suite.sh and tests/check.sh) counts a test that did not run,
# and a runner that died or did not start, as failed; a unit test
# (tests/unit/tap.h) that stops halfway fails; the dead-check lint
# (tests/deadcheck.awk) finds && lists and ! commands that check nothing.

load test_helper

count() { # NAME STATUS, TAP on stdin
	cat >s.tap
	. "$REPO/tests/tapcount.sh"
	tap_count "$1" "$2" s.tap
}

@test "tap_count: a whole stream; skips are not passes" {
	run count x 0 <<-'EOF'
	1..4
	ok 1 - a
	ok 2 - b # skip no valgrind
	ok 3 - c # SKIP
	ok 4 - d
	EOF
	assert_success
	assert_output "2 0 2"
}

@test "tap_count: a not ok is a failure, whatever the status" {
	run count x 1 <<-'EOF'
	1..2
	ok 1 - a
	not ok 2 - b
	EOF
	assert_output "1 1 0"
}

@test "tap_count: tests missing from the plan count as failed (bats killed halfway)" {
	run count bats 1 <<-'EOF'
	1..5
	ok 1 - a
	ok 2 - b
	# bats warning: Executed 2 instead of expected 5 tests
	EOF
	assert_line --index 0 "not ok - bats: 2 of 5 planned tests ran, 3 missing"
	assert_line --index 1 "2 3 0"
}

@test "tap_count: no plan is a failure (a unit test that crashed), so is two" {
	run count t 139 <<-'EOF'
	ok 1 - a
	EOF
	assert_line --index 0 "not ok - t: 0 plans (1..N lines), not one"
	assert_line --index 1 "1 1 0"
	run count t 0 <<-'EOF'
	1..1
	ok 1 - a
	1..1
	EOF
	assert_line --index 1 "1 1 0"
}

@test "tap_count: more results than planned is a failure" {
	run count t 0 <<-'EOF'
	1..1
	ok 1 - a
	ok 2 - b
	EOF
	assert_line --index 0 "not ok - t: 2 results for a plan of 1"
	assert_line --index 1 "2 1 0"
}

@test "tap_count: a non-zero status with every test passed is a failure; so is a runner that did not start" {
	run count bats 1 <<-'EOF'
	1..1
	ok 1 - a
	EOF
	assert_line --index 0 "not ok - bats: exited with status 1"
	assert_line --index 1 "1 1 0"
	run count bats 127 </dev/null
	assert_line --index 0 "not ok - bats: 0 plans (1..N lines), not one"
	assert_line --index 1 "0 1 0"
	# an empty plan that ran is fine
	run count bats 0 <<<"1..0"
	assert_output "0 0 0"
}

# early.c: two points, then exit(0) or a return from main before
# tap_done(), or a crash.
early_test() {
	cat >early.c <<-'EOF'
	#include <signal.h>
	#include <stdlib.h>
	#include "tap.h"
	int main(int argc, char **argv)
	{
		ok(1, "one");
		ok(1, "two");
		if (argv[1][0] == 'e')
			exit(0);
		if (argv[1][0] == 'k')
			raise(SIGKILL);
		if (argv[1][0] == 'r')
			return 0;
		return tap_done();
	}
	EOF
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -I"$REPO/tests/unit" \
	    -o early early.c
}

@test "tap.h: a unit test that exits or returns before tap_done() fails, and says so" {
	early_test
	run ./early d
	assert_success
	assert_output "$(printf 'ok 1 - one\nok 2 - two\n1..2')"
	for how in e r; do
		run ./early "$how"
		assert_failure 1
		assert_line --index 2 "not ok 3 - exited after 2 points, before tap_done()"
		assert_line --index 3 "1..3"
	done
}

# fake_build DIR: a build dir whose unit tests are ./early run as
# test_done (whole), test_exit (exit(0) halfway) and test_kill (SIGKILL).
fake_build() {
	early_test
	mkdir -p "$1/tests" fakebin
	for how in done exit kill; do
		printf '#!/bin/sh\nexec %s %s\n' "$T/early" "$how" \
		    >"$1/tests/test_$how"
		chmod +x "$1/tests/test_$how"
	done
}

# fake_bats STATUS TAP: a bats on $PATH that prints TAP and exits STATUS.
fake_bats() {
	printf '#!/bin/sh\nprintf "%s"\nexit %d\n' "$2" "$1" >fakebin/bats
	chmod +x fakebin/bats
}

@test "run-suite.sh: a unit test that stops early, or is killed, fails the run" {
	fake_build b
	fake_bats 0 '1..1\nok 1 - fine\n'
	run env PATH="$T/fakebin:$PATH" sh "$REPO/tests/run-suite.sh" "$T/b"
	assert_failure
	assert_line "not ok 3 - exited after 2 points, before tap_done()"
	assert_line --partial "test_kill: 0 plans"
	# done: 2, exit: 2 and its not ok, kill: no plan (its buffered
	# output is lost with it), bats: 1
	assert_line --index $((${#lines[@]} - 1)) "# $T/b: 5 passed, 2 failed"
	[ "$(cat b/.counts)" = "5 2 0" ]
}

@test "run-suite.sh: TERM ends the run after the test running, with nothing after it and no temporary files left" {
	mkdir -p b/tests fakebin tmp
	printf '#!/bin/sh\nsleep 2\necho 1..0\n' >b/tests/test_a
	printf '#!/bin/sh\ntouch "%s/ran-b"\necho 1..0\n' "$T" >b/tests/test_b
	printf '#!/bin/sh\ntouch "%s/ran-bats"\necho 1..0\n' "$T" >fakebin/bats
	chmod +x b/tests/test_a b/tests/test_b fakebin/bats
	env PATH="$T/fakebin:$PATH" TMPDIR="$T/tmp" \
	    sh "$REPO/tests/run-suite.sh" "$T/b" >out 2>&1 &
	pid=$!
	sleep 0.5
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 143 ]
	[ ! -e ran-b ]
	[ ! -e ran-bats ]
	[ -z "$(ls tmp)" ]
}

@test "run-suite.sh: a bats killed halfway, or that did not start, fails the run" {
	fake_build b
	rm b/tests/test_exit b/tests/test_kill
	fake_bats 1 '1..3\nok 1 - a\nok 2 - b # skip why\n'
	run env PATH="$T/fakebin:$PATH" sh "$REPO/tests/run-suite.sh" "$T/b"
	assert_failure
	assert_line "not ok - bats: 2 of 3 planned tests ran, 1 missing"
	assert_line --index $((${#lines[@]} - 2)) "# $T/b: 1 skipped"
	assert_line --index $((${#lines[@]} - 1)) "# $T/b: 3 passed, 1 failed"
	fake_bats 127 ''
	run env PATH="$T/fakebin:$PATH" sh "$REPO/tests/run-suite.sh" "$T/b"
	assert_failure
	assert_line --index $((${#lines[@]} - 1)) "# $T/b: 2 passed, 1 failed"
	# and all passing passes
	fake_bats 0 '1..1\nok 1 - a\n'
	run env PATH="$T/fakebin:$PATH" sh "$REPO/tests/run-suite.sh" "$T/b"
	assert_success
	assert_line --index $((${#lines[@]} - 1)) "# $T/b: 3 passed, 0 failed"
}

@test "run-suite.sh: bats --jobs runs files side by side, each file's tests in turn, largest first" {
	fake_build b
	rm b/tests/test_exit b/tests/test_kill
	# a bats that records its arguments, one a line
	cat >fakebin/bats <<-EOF
	#!/bin/sh
	printf '%s\n' "\$@" >"$T/args"
	printf '1..1\nok 1 - a\n'
	EOF
	chmod +x fakebin/bats
	run env PATH="$T/fakebin:$PATH" BATS_JOBS=2 PHI_SUITE=quick \
	    sh "$REPO/tests/run-suite.sh" "$T/b"
	assert_success
	run sed -n '1,4p' args
	assert_output "$(printf -- '--tap\n--jobs\n2\n--no-parallelize-within-files')"
	# the files: all but the long sweeps, largest first
	ls -S "$REPO"/tests/*.bats | grep -v -e '/faults\.bats$' \
	    -e '/valgrind\.bats$' >want
	[ "$(wc -l <want)" -gt 10 ]
	sed '1,4d' args | diff want -
	# without BATS_JOBS, no --jobs
	run env -u BATS_JOBS PATH="$T/fakebin:$PATH" sh "$REPO/tests/run-suite.sh" "$T/b"
	assert_success
	run sed -n '2p' args
	assert_output --regexp '/tests/[a-z0-9-]+\.bats$'
}

@test "deadcheck.awk: finds && lists and ! commands that check nothing, not the rest" {
	cat >x.bats <<-'EOF'
	helper() {
		[ "$1" = a ] && [ "$2" = b ]
		echo "x && y"
		! grep -q x f
		[ -e f ] && return 0
		[ -e f ] && [ -e g ] || { echo no; return 1; }
		[ -e f ] && [ -e g ]
	}

	TEST "t" {
		for i in 1 2; do
			[ "$i" = 1 ] && [ "$i" != 3 ]
		done
		if [ -e f ] && [ -e g ]; then :; fi
		[[ -e f && -e g ]]
		x=$(false && true)
		cat <<X
	a && b
	X
		! grep -q x f || false
		{ [ -e f ] && true; } >/dev/null
		! grep -q y f
	}
	EOF
	# (written TEST: bats would take an @test line here for one of its own)
	sed -i 's/^TEST/@test/' x.bats
	run awk -f "$REPO/tests/deadcheck.awk" x.bats
	assert_output "$(printf '%s\n' \
	    'x.bats:2: && list not last, without || false: [  = a ] && [  = b ]' \
	    'x.bats:4: ! command not last, without || false: ! grep -q x f' \
	    'x.bats:12: && list not last, without || false: [  = 1 ] && [  != 3 ]' \
	    'x.bats:21: && list not last, without || false: { [ -e f ] && true')"
}
