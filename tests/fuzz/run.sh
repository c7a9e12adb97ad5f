#!/bin/sh
# run.sh - build the libFuzzer harnesses (tests/fuzz/fuzz_*.c) with clang,
# ASan and UBSan, and run each for SECONDS (default 60).
#
#	sh tests/fuzz/run.sh [SECONDS] [NAME...]
#
# The common/*/*.c sources are compiled here, with the fuzzer and sanitizer
# flags, into build-fuzz/ (not build/libphi.a).  Each harness starts from
# its seeds in tests/fuzz/corpus/NAME/ and keeps what it finds in
# build-fuzz/corpus/NAME/.  Output is TAP, one line per harness; a crash,
# leak, undefined behaviour, timeout or out-of-memory is "not ok" with
# the file holding the input, and the exit status is then 1.
# FUZZ_JOBS (default 2) harnesses run at a time.
set -u
cd "$(dirname "$0")/../.." || exit 1

secs=${1:-60}
[ $# -gt 0 ] && shift
case $secs in '' | *[!0-9]*) echo "usage: run.sh [SECONDS] [NAME...]" >&2
	exit 64 ;;
esac
jobs=${FUZZ_JOBS:-2}
out=build-fuzz
CC=${FUZZ_CC:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
# -Werror only for the harnesses: the Makefile keeps common/ warning-free.
CFLAGS="-std=c11 -O1 -g -fno-omit-frame-pointer -Wall -Wextra"
CFLAGS="$CFLAGS -Wshadow -Wmissing-prototypes -D_POSIX_C_SOURCE=200809L"
CFLAGS="$CFLAGS -D_DEFAULT_SOURCE -DPHI_VERSION=\"fuzz\""
CFLAGS="$CFLAGS -DPHI_DATADIR=\"/nonexistent\""
for l in base json crypto classify audit run; do CFLAGS="$CFLAGS -Icommon/$l"; done

# -max_len for each harness: about the longest input worth trying.
max_len() {
	case $1 in
	fuzz_path) echo 512 ;;
	fuzz_token) echo 2048 ;;
	fuzz_keys) echo 4096 ;;
	fuzz_rules) echo 8192 ;;
	*) echo 16384 ;;
	esac
}

names=$*
if [ -z "$names" ]; then
	for f in tests/fuzz/fuzz_*.c; do
		n=${f##*/}
		names="$names ${n%.c}"
	done
fi
set -- $names

probe() {
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)
	    { (void)d; (void)n; return 0; }' |
	    $CC -fsanitize=fuzzer,address,undefined -x c -o /dev/null - \
	    2>/dev/null
}

# Compiles the common sources that changed (or whose headers did).
build_common() {
	mkdir -p $out/obj $out/logs $out/crashes
	newest=$(ls -t common/*/*.h | head -1)
	for src in common/*/*.c; do
		o=$out/obj/$(basename "$src" .c).o
		if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ "$newest" -nt "$o" ]
		then
			echo "$src"
		fi
	done | CC=$CC FLAGS="$CFLAGS $SAN -fsanitize=fuzzer-no-link" OUT=$out \
	    xargs -r -P "$jobs" -n 1 sh -c \
	    '$CC $FLAGS -c -o "$OUT/obj/$(basename "$0" .c).o" "$0"' || return 1
	for src in common/*/*.c; do
		[ -f "$out/obj/$(basename "$src" .c).o" ] || return 1
	done
}

build_harness() {
	objs=
	for src in common/*/*.c; do
		objs="$objs $out/obj/$(basename "$src" .c).o"
	done
	$CC $CFLAGS -Werror -D_GNU_SOURCE $SAN -fsanitize=fuzzer -Itests/fuzz \
	    -o "$out/$1" "tests/fuzz/$1.c" tests/fuzz/util.c $objs $LIBS
}

build() {
	sh scripts/deps.sh --build >&2 || return 1
	CFLAGS="$CFLAGS $(pkg-config --cflags libcrypto yajl)"
	LIBS="$(pkg-config --libs libcrypto yajl) -lm"
	if ! probe; then
		sh scripts/deps.sh --test >&2 || return 1
		probe || { echo "run.sh: $CC cannot build libFuzzer" \
		    "harnesses (libclang-rt-14-dev)" >&2; return 1; }
	fi
	build_common || return 1
	for n in "$@"; do
		build_harness "$n" || return 1
	done
}

# Runs one harness; its log is $out/logs/NAME.log.
run_one() {
	mkdir -p "$out/corpus/$1"
	rm -f "$out/crashes/$1-"*
	dict=
	[ -f "tests/fuzz/$1.dict" ] && dict="-dict=tests/fuzz/$1.dict"
	"$out/$1" -max_total_time="$secs" -max_len="$(max_len "$1")" \
	    -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$out/crashes/$1-" $dict \
	    "$out/corpus/$1" "tests/fuzz/corpus/$1" >"$out/logs/$1.log" 2>&1
	echo $? >"$out/logs/$1.rc"
}

# The TAP line of a finished harness; returns 1 if it failed.
report() {
	i=$1 n=$2 log=$out/logs/$2.log
	rc=$(cat "$out/logs/$n.rc" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
	    tail -1)
	art=$(ls "$out/crashes/$n-"* 2>/dev/null | head -1)
	if [ "$rc" = 0 ] && [ -z "$art" ]; then
		echo "ok $i - $n ${secs}s, ${execs:-0} execs"
		return 0
	fi
	why=$(grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|fuzz invariant)' "$log" |
	    cut -c1-120)
	echo "not ok $i - $n: ${art:-exit $rc} (${why:-see $log}; log $log)"
	return 1
}

echo "1..$#"
mkdir -p $out
# the harnesses' scratch files (removed here: a crash skips their atexit)
PHI_FUZZ_TMP=$(mktemp -d /dev/shm/phi-fuzz.XXXXXX 2>/dev/null ||
    mktemp -d /tmp/phi-fuzz.XXXXXX) || exit 1
export PHI_FUZZ_TMP
trap 'rm -rf "$PHI_FUZZ_TMP"' EXIT
trap 'exit 130' INT TERM
if ! build "$@" >$out/build.log 2>&1; then
	i=0
	for n in "$@"; do
		i=$((i + 1))
		echo "not ok $i - $n: build failed (see $out/build.log)"
	done
	tail -20 $out/build.log >&2
	exit 1
fi
status=0 i=0
set -- $names
while [ $# -gt 0 ]; do
	batch= k=0
	while [ $# -gt 0 ] && [ $k -lt "$jobs" ]; do
		run_one "$1" &
		batch="$batch $1" k=$((k + 1))
		shift
	done
	wait
	for n in $batch; do
		i=$((i + 1))
		report $i "$n" || status=1
	done
done
exit $status
