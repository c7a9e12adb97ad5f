#!/bin/sh
# check.sh - `make check`: the whole suite with a gcc build, then again
# with a clang build under AddressSanitizer and UndefinedBehaviorSanitizer,
# then the static checks (tests/lint.sh) and a short run of every fuzzer
# (tests/fuzz/run.sh, FUZZ_SECONDS each, default 10).
# Ends with one line: "N passed, N failed" (all of them together).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 70
jobs=${BATS_JOBS:-$(nproc 2>/dev/null || echo 2)}
status=0
counts=$(mktemp)
trap 'rm -f "$counts"' EXIT INT TERM

run() {
	build=$1
	shift
	echo "== $build: make $*"
	mkdir -p "$build"
	rm -f "$build/.counts"
	if ! make -s BUILD="$build" "$@" tests-build; then
		echo "not ok - build $build failed"
		echo "0 1" >>"$counts"
		return 1
	fi
	BATS_JOBS=$jobs sh tests/run-suite.sh "$build"
	rc=$?
	cat "$build/.counts" >>"$counts" 2>/dev/null || echo "0 1" >>"$counts"
	return $rc
}

# tap NAME COMMAND...: runs a TAP producer, counts its ok / not ok lines
tap() {
	name=$1
	shift
	echo "== $name"
	"$@" >"$counts.tap" 2>&1
	rc=$?
	cat "$counts.tap"
	p=$(grep -ac '^ok ' "$counts.tap")
	f=$(grep -ac '^not ok ' "$counts.tap")
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	echo "$p $f" >>"$counts"
	rm -f "$counts.tap"
	[ "$f" -eq 0 ]
}

run build CC=gcc || status=1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87 \
    run build-san CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" || status=1
tap lint sh tests/lint.sh || status=1
if [ -f tests/fuzz/run.sh ]; then
	tap fuzz sh tests/fuzz/run.sh "${FUZZ_SECONDS:-10}" || status=1
fi

awk '{ p += $1; f += $2 } END { printf "%d passed, %d failed\n", p, f }' \
    "$counts"
exit $status
