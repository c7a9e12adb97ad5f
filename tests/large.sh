#!/bin/sh
# tests/large.sh [BUILD] - `make check-large`: large inputs, with bounded
# memory.  Prints TAP.
#
#  - 1 GB of events (gen-events output, made once, repeated) streams
#    through phi-encrypt | phi-decrypt and comes back byte for byte; the
#    peak RSS of each filter (/usr/bin/time -f %M) must stay below 16 MB;
#    so must phi-classify's, reporting on it and redacting it.
#  - The same at -j 2 (worker threads): each filter's peak RSS below
#    64 MiB.
#  - One line of 48 MB (a 48 MB value) is encrypted and decrypted back;
#    its token line (64.3 MB: the value padded to 46 MiB, PADME) still
#    fits the default --max-line (64 MiB = 67.1 MB).  (A 50 MB value
#    pads to 48 MiB, and its token line no longer fits.)
#    Memory goes with the longest line: below 5 times it (250 MB).
#
# Environment: LARGE_REPEAT (how many
# times the 100 000 generated events, 69 MB, are sent; default 15),
# LARGE_RSS_KB (default 16384), LARGE_JOBS_RSS_KB (at -j 2, default
# 65536), LARGE_LINE_RSS_KB (the 48 MB line, default 250000; sanitizer
# builds need more); LARGE_ONLY_JOBS=1 runs only the -j 2 round trip.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
bin=$build/bin
gen=$build/tests/gen-events # tests/helpers/gen-events.c
repeat=${LARGE_REPEAT:-15}
limit=${LARGE_RSS_KB:-16384}
line_limit=${LARGE_LINE_RSS_KB:-250000}
jobs_limit=${LARGE_JOBS_RSS_KB:-65536}
PHI_DATADIR=${PHI_DATADIR:-$top/share} # the default rules
export PHI_DATADIR
tmp=$(mktemp -d "${TMPDIR:-/tmp}/phi-large.XXXXXX") || exit 1
writer=
cleanup() {
	[ -n "$writer" ] && kill "$writer" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
n=0
failed=0

# ok STATUS DESCRIPTION
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# events: the base file, LARGE_REPEAT times
events() {
	i=0
	while [ "$i" -lt "$repeat" ]; do
		cat "$tmp/base.ndjson" || return 1
		i=$((i + 1))
	done
}

# timed NAME COMMAND...: runs COMMAND with its peak RSS in $tmp/NAME.rss
# and its exit status in $tmp/NAME.rc
timed() {
	name=$1
	shift
	/usr/bin/time -f %M -o "$tmp/$name.rss" "$@"
	echo $? >"$tmp/$name.rc"
}

for f in "$bin/phi-encrypt" "$bin/phi-decrypt" "$bin/phi-keygen" \
    "$gen" /usr/bin/time; do
	if [ ! -x "$f" ]; then
		echo "1..0 # SKIP $f is missing"
		exit 0
	fi
done
"$bin/phi-keygen" -o "$tmp/k" >/dev/null || exit 1
"$gen" 100000 --seed 5 >"$tmp/base.ndjson" || exit 1
set -- -f context.ip -f 'context.traits.*' -f 'traits.*' -f 'properties.*'

head -n 1000 "$tmp/base.ndjson" >"$tmp/head.ndjson"
"$bin/phi-encrypt" -k "$tmp/k.pub" "$@" "$tmp/head.ndjson" >"$tmp/head.enc"
grep -q '"phi:1:' "$tmp/head.enc" && ! cmp -s "$tmp/head.ndjson" "$tmp/head.enc"
ok $? "the selected fields are encrypted"

# rss_below NAME LABEL KB: the peak RSS that `timed NAME` kept is below KB.
rss_below() {
	rss=$(cat "$tmp/$1.rss")
	[ "$rss" -lt "$3" ]
	ok $? "$2 peak RSS $rss KB < $3 KB"
}

# round_trip JOBS LIMIT FIELDS...: the events through phi-encrypt -j JOBS
# | phi-decrypt -j JOBS come back byte for byte, each filter's peak RSS
# below LIMIT KB.  The decrypted stream is compared with a second copy
# of the events through a FIFO, so nothing of that size is stored.
round_trip() {
	jobs=$1 lim=$2
	shift 2
	rm -f "$tmp/want"
	mkfifo "$tmp/want" || exit 1
	events >"$tmp/want" &
	writer=$!
	start=$(date +%s)
	events | timed enc "$bin/phi-encrypt" -j "$jobs" -k "$tmp/k.pub" "$@" |
	    timed dec "$bin/phi-decrypt" -j "$jobs" -K "$tmp/k.key" |
	    cmp - "$tmp/want"
	same=$?
	kill "$writer" 2>/dev/null
	wait "$writer" 2>/dev/null
	writer=
	secs=$(($(date +%s) - start))
	[ "$same" -eq 0 ] && [ "$(cat "$tmp/enc.rc")" -eq 0 ] &&
	    [ "$(cat "$tmp/dec.rc")" -eq 0 ]
	ok $? "$((bytes / 1000000)) MB through phi-encrypt -j $jobs | phi-decrypt -j $jobs come back byte for byte ($secs s)"
	rss_below enc "phi-encrypt -j $jobs" "$lim"
	rss_below dec "phi-decrypt -j $jobs" "$lim"
}

bytes=$(($(wc -c <"$tmp/base.ndjson") * repeat))
[ -n "${LARGE_ONLY_JOBS:-}" ] || round_trip 1 "$limit" "$@"
# worker threads: 2 x JOBS blocks of 1 MiB, each with its output
round_trip 2 "$jobs_limit" "$@"
if [ -n "${LARGE_ONLY_JOBS:-}" ]; then
	echo "1..$n"
	[ "$failed" -eq 0 ]
	exit
fi

events | timed report "$bin/phi-classify" --report >"$tmp/report"
[ "$(cat "$tmp/report.rc")" -eq 0 ] && grep -q '"path":"traits.email"' "$tmp/report"
ok $? "phi-classify --report over the $((bytes / 1000000)) MB"
events | timed redact "$bin/phi-classify" --redact red | tail -n 1 >"$tmp/last"
[ "$(cat "$tmp/redact.rc")" -eq 0 ] && [ -s "$tmp/last" ]
ok $? "phi-classify --redact red over the $((bytes / 1000000)) MB"
rss_below report "phi-classify --report" "$limit"
rss_below redact "phi-classify --redact" "$limit"

# one 48 MB line: a 48 MB value between small ones
{
	printf '{"id":1,"traits":{"email":"a@example.com"},"note":"'
	head -c 36000000 /dev/urandom | base64 -w 0 | tr '+/' '-_'
	printf '","n":2}\n'
} >"$tmp/line.ndjson"
timed enc1 "$bin/phi-encrypt" -k "$tmp/k.pub" -f note -f 'traits.*' \
    "$tmp/line.ndjson" >"$tmp/line.enc"
[ "$(cat "$tmp/enc1.rc")" -eq 0 ] && [ "$(wc -l <"$tmp/line.enc")" -eq 1 ] &&
    [ "$(grep -o '"phi:1:' "$tmp/line.enc" | wc -l)" -eq 2 ] &&
    [ "$(cat "$tmp/enc1.rss")" -lt "$line_limit" ]
ok $? "a 48 MB line is encrypted (peak RSS $(cat "$tmp/enc1.rss") KB < $line_limit KB)"
timed dec1 "$bin/phi-decrypt" -K "$tmp/k.key" "$tmp/line.enc" \
    >"$tmp/line.dec"
[ "$(cat "$tmp/dec1.rc")" -eq 0 ] && cmp -s "$tmp/line.ndjson" "$tmp/line.dec" &&
    [ "$(cat "$tmp/dec1.rss")" -lt "$line_limit" ]
ok $? "and decrypted byte for byte (peak RSS $(cat "$tmp/dec1.rss") KB < $line_limit KB)"

echo "1..$n"
[ "$failed" -eq 0 ]
