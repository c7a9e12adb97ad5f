#!/bin/sh
# check.sh - `make check`: the whole suite with a gcc build, then again
# with a clang build under AddressSanitizer and UndefinedBehaviorSanitizer.
# Ends with one line: "N passed, N failed" (both runs together).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 70
jobs=${BATS_JOBS:-$(nproc 2>/dev/null || echo 2)}
status=0

run() {
	build=$1
	shift
	echo "== $build: make $*"
	make -s BUILD="$build" "$@" tests-build || {
		echo "not ok - build $build failed"
		echo "0 1" >"$build/.counts"
		return 1
	}
	BATS_JOBS=$jobs sh tests/run-suite.sh "$build"
}

mkdir -p build build-san
run build CC=gcc || status=1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87 \
    run build-san CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" || status=1

p=0 f=0
for b in build build-san; do
	if [ -f "$b/.counts" ]; then
		read -r bp bf <"$b/.counts"
		p=$((p + bp)) f=$((f + bf))
	fi
done
echo "$p passed, $f failed"
exit $status
