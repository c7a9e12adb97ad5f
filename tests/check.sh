#!/bin/sh
# check.sh [quick|full] - `make check` (quick, the default): the unit
# tests and the bats files with a gcc build, but for the two long sweeps
# (tests/run-suite.sh names them).  `make check-full` (full,
# what CI runs): that, then again with a clang build under
# AddressSanitizer and UndefinedBehaviorSanitizer, tests/jobs.bats with a
# clang build under ThreadSanitizer, then the static checks
# (tests/lint.sh) and a short run of every fuzzer (tests/fuzz/run.sh,
# FUZZ_SECONDS each, default 10).
# Ends with two lines, all of them together: "N skipped", then
# "N passed, N failed" (the last line).  Every TAP stream is counted by
# tap_count (tests/tapcount.sh): against its plan and its exit status.
set -u
mode=${1:-quick}
case $mode in
quick | full) ;;
*) echo "usage: check.sh [quick|full]" >&2; exit 64 ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 70
. tests/tapcount.sh
jobs=${BATS_JOBS:-$(nproc 2>/dev/null || echo 2)}
status=0
counts=$(mktemp)
# A trap that does not exit lets sh go on to the next stage: INT and
# TERM end the run (the EXIT trap cleans up), after the command running.
trap 'rm -f "$counts" "$counts.tap" "$counts.n"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

run() {
	build=$1
	shift
	echo "== $build: make $*"
	mkdir -p "$build"
	rm -f "$build/.counts"
	# -j: a fresh gcc build takes 49 s with -j 2, 80 s without
	if ! make -s -j "$jobs" BUILD="$build" "$@" tests-build; then
		echo "not ok - build $build failed"
		echo "0 1 0" >>"$counts"
		return 1
	fi
	BATS_JOBS=$jobs PHI_SUITE=$mode sh tests/run-suite.sh "$build"
	rc=$?
	cat "$build/.counts" >>"$counts" 2>/dev/null || echo "0 1 0" >>"$counts"
	return $rc
}

# tap NAME COMMAND...: runs a TAP producer and counts it
tap() {
	name=$1
	shift
	echo "== $name"
	"$@" >"$counts.tap" 2>&1
	rc=$?
	cat "$counts.tap"
	tap_count "$name" $rc "$counts.tap" >"$counts.n"
	sed '$d' "$counts.n"
	tail -n 1 "$counts.n" >>"$counts"
	rm -f "$counts.tap" "$counts.n"
	[ "$(tail -n 1 "$counts" | cut -d ' ' -f 2)" -eq 0 ]
}

run build CC=gcc || status=1
if [ "$mode" = full ]; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87 \
	    run build-san CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" ||
	    status=1
	# the threaded paths (-j, tests/jobs.bats) under ThreadSanitizer
	echo "== build-tsan: make CC=clang SAN=-fsanitize=thread"
	if make -s -j "$jobs" BUILD=build-tsan CC=clang OPT="-O1 -g" \
	    SAN=-fsanitize=thread tests-build; then
		tap tsan env TSAN_OPTIONS=halt_on_error=1:exitcode=88 \
		    PHI_BUILD=build-tsan bats --tap tests/jobs.bats || status=1
	else
		echo "not ok - build build-tsan failed"
		echo "0 1 0" >>"$counts"
		status=1
	fi
	tap lint sh tests/lint.sh || status=1
	tap fuzz sh tests/fuzz/run.sh "${FUZZ_SECONDS:-10}" || status=1
fi

awk '{ p += $1; f += $2; s += $3 }
END { printf "%d skipped\n%d passed, %d failed\n", s, p, f }' "$counts"
exit $status
