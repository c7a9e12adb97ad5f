#!/bin/sh
# run-suite.sh BUILD - runs the C unit tests and the bats suites against
# the programs in BUILD/bin; prints TAP, then "# BUILD: N skipped" and,
# last, "# BUILD: N passed, N failed"; exits non-zero if any test failed.
# Each TAP stream (each unit test, the bats run) is counted against its
# plan and its exit status by tap_count (tests/tapcount.sh): a test that
# did not run, a runner that died or did not start, counts as failed.
# BUILD/.counts gets "PASSED FAILED SKIPPED" for tests/check.sh.
# With PHI_SUITE=quick (make check) the long sweeps are left out and
# named: tests/faults.bats (a failing call at every I/O call of every
# program) and tests/valgrind.bats (the programs under valgrind, the
# dynamic analysis that the sanitizer runs of make check-full repeat);
# make check-full runs every file.
set -u
build=${1:-build}
full_only="faults.bats valgrind.bats"
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/tapcount.sh"
out=$(mktemp -d)
# INT and TERM end the run after the test running (a trap that only
# cleaned up would let sh go on to the next test); EXIT cleans up.
trap 'rm -rf "$out"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
: >"$out/counts"

# stream NAME STATUS: prints the TAP in $out/run.tap (and, if it went
# wrong, the runner's standard error in $out/run.err) and counts it.
stream() {
	tap_count "$1" "$2" "$out/run.tap" >"$out/count"
	cat "$out/run.tap"
	if [ "$(sed -n '$s/^[0-9]* \([0-9]*\) .*/\1/p' "$out/count")" != 0 ] &&
	    [ -s "$out/run.err" ]; then
		sed 's/^/# /' "$out/run.err"
	fi
	sed '$d' "$out/count"
	tail -n 1 "$out/count" >>"$out/counts"
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	echo "# unit: $t"
	(cd "$top" && "$t") >"$out/run.tap" 2>"$out/run.err"
	stream "$t" $?
done >"$out/all.tap"

# The files largest first (ls -S), a rough proxy for the longest first:
# with --jobs, the last file to start should not be a long one.
set --
while IFS= read -r f; do
	case " $full_only " in
	*" $(basename "$f") "*) [ "${PHI_SUITE:-full}" = quick ] && continue ;;
	esac
	set -- "$@" "$f"
done <<EOF
$(ls -S "$top"/tests/*.bats)
EOF
[ "${PHI_SUITE:-full}" = quick ] &&
    echo "# quick: left for make check-full: $full_only" >>"$out/all.tap"
# --jobs N runs N files at a time (GNU parallel); each file's tests run
# one after another: bats 1.8's parallelism within a file polls for a
# free slot with "sleep 1" and two processes per poll, and made ten
# small files take 64 s where one file at a time takes 33 s (48 s with
# no --jobs at all).
PHI_BUILD=$build bats --tap \
    ${BATS_JOBS:+--jobs $BATS_JOBS --no-parallelize-within-files} "$@" \
    >"$out/run.tap" 2>&1
rc=$?
: >"$out/run.err"
stream bats $rc >>"$out/all.tap"
cat "$out/all.tap"
set -- $(awk '{ p += $1; f += $2; s += $3 } END { print p + 0, f + 0, s + 0 }' \
    "$out/counts")
echo "$1 $2 $3" >"$build/.counts"
echo "# $build: $3 skipped"
echo "# $build: $1 passed, $2 failed"
[ "$2" -eq 0 ]
