#!/bin/sh
# run-suite.sh BUILD - runs the C unit tests and the bats suites against
# the programs in BUILD/bin; prints TAP, then "N passed, N failed" on the
# last line; exits non-zero if any test failed.
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	echo "# unit: $t"
	(cd "$top" && "$t") \
	    >"$out/unit.tap" 2>"$out/unit.err"
	rc=$?
	cat "$out/unit.tap"
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out/unit.tap"; then
		# a crash or sanitizer report outside a test point
		cat "$out/unit.err" >&2
		echo "not ok - $t exited with status $rc"
	fi
done >"$out/all.tap"

PHI_BUILD=$build bats --tap ${BATS_JOBS:+--jobs $BATS_JOBS} "$top"/tests/*.bats \
    >>"$out/all.tap" 2>&1
cat "$out/all.tap"
passed=$(grep -a '^ok ' "$out/all.tap" | grep -avc '# skip')
failed=$(grep -ac '^not ok ' "$out/all.tap")
echo "$passed $failed" >"$build/.counts"
echo "# $build: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
