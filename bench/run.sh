#!/bin/sh
# bench/run.sh [BUILD] - `make bench`: throughput of the filters against
# yajl's bare parse, jq and the Python baseline, side by side in one run.
# Medians of RUNS runs (default 5; the Python baseline PYRUNS, default 3).
# Prints MB/s, events/s, peak RSS and the ratio to yajl's parse.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
bin=$build/bin
shared=${PHI_SHARED:-}
for d in "$top/../shared" /work/shared; do
	[ -z "$shared" ] && [ -d "$d/bench" ] && shared=$d
done
runs=${RUNS:-5}
pyruns=${PYRUNS:-3}
events=${EVENTS:-200000}
data=$top/bench/data
mkdir -p "$data"
ev=$data/events-$events.ndjson
[ -s "$ev" ] || "$shared/bench/gen-events" "$events" --seed 1 >"$ev"
cc -O2 -o "$data/yajl-parse" "$top/bench/yajl-parse.c" \
    $(pkg-config --cflags --libs yajl)
[ -f "$data/k.pub" ] || "$bin/phi-keygen" -o "$data/k" >/dev/null
"$bin/phi-encrypt" -k "$data/k.pub" -f context.ip -f 'context.traits.*' \
    -f 'traits.*' -f 'properties.*' "$ev" >"$data/enc.ndjson"
bytes=$(wc -c <"$ev")
PHI_DATADIR=${PHI_DATADIR:-$top/share} # phi-classify's default rules
export ev data bin shared PHI_DATADIR

# run NAME RUNS COMMAND: times COMMAND (stdout to /dev/null) RUNS times
run() {
	name=$1 n=$2
	shift 2
	i=0
	: >"$data/t.$name"
	while [ $i -lt "$n" ]; do
		/usr/bin/time -f '%e %M' -o "$data/one" sh -c "$*" >/dev/null
		cat "$data/one" >>"$data/t.$name"
		i=$((i + 1))
	done
	med=$(sort -n "$data/t.$name" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	rss=$(sort -k2 -n "$data/t.$name" | tail -1 | cut -d' ' -f2)
	[ "$name" = yajl-parse ] && base=$med
	awk -v n="$name" -v t="$med" -v r="$rss" -v b="$bytes" -v e="$events" \
	    -v y="${base:-$med}" 'BEGIN { if (t <= 0) t = 0.001;
	    printf "%-22s %7.2f s %8.1f MB/s %10.0f ev/s %7.1f MB  %5.2f x yajl\n",
	    n, t, b / 1e6 / t, e / t, r / 1024, y / t }'
}

echo "data: $events events, $((bytes / 1000000)) MB ($ev); encrypted $(($(wc -c <"$data/enc.ndjson") / 1000000)) MB"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(MB/s and ev/s of the plain events for every row; ratios to yajl's parse of them)"
F="-f context.ip -f 'context.traits.*' -f 'traits.*' -f 'properties.*'"
run yajl-parse "$runs" '"$data/yajl-parse" <"$ev"'
run jq "$runs" 'jq -c . "$ev"'
run python-baseline "$pyruns" "/usr/bin/python3 \"\$shared/bench/baseline-encrypt.py\" context.ip 'context.traits.*' 'traits.*' 'properties.*' <\"\$ev\""
run phi-encrypt "$runs" "\"\$bin/phi-encrypt\" -k \"\$data/k.pub\" $F \"\$ev\""
run phi-decrypt "$runs" '"$bin/phi-decrypt" -K "$data/k.key" "$data/enc.ndjson"'
# the floor for phi-decrypt, which reads the larger encrypted file
run yajl-parse-encrypted "$runs" '"$data/yajl-parse" <"$data/enc.ndjson"'
run phi-classify-report "$runs" '"$bin/phi-classify" --report "$ev"'
run phi-encrypt-par-j1 "$runs" "parallel --pipepart -a \"\$ev\" -k --block 8M -j 1 \"\$bin/phi-encrypt\" -k \"\$data/k.pub\" $F"
run phi-encrypt-par-j2 "$runs" "parallel --pipepart -a \"\$ev\" -k --block 8M -j 2 \"\$bin/phi-encrypt\" -k \"\$data/k.pub\" $F"
# ratio A B: median time of B / median time of A (how many times A is faster)
ratio() {
	a=$(sort -n "$data/t.$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	b=$(sort -n "$data/t.$2" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }'
}
echo "phi-encrypt: $(ratio phi-encrypt python-baseline) x the Python baseline"
echo "phi-decrypt: $(ratio phi-decrypt yajl-parse-encrypted) x yajl's parse of the encrypted file"
echo "GNU parallel -j 2: $(ratio phi-encrypt-par-j2 phi-encrypt-par-j1) x -j 1"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
