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
gen=$build/tests/gen-events # tests/helpers/gen-events.c
runs=${RUNS:-5}
pyruns=${PYRUNS:-3}
events=${EVENTS:-200000}
data=$top/bench/data
mkdir -p "$data"
ev=$data/events-$events.ndjson
[ -s "$ev" ] || "$gen" "$events" --seed 1 >"$ev"
# text-heavy: support tickets, a free-text body of 300-900 bytes each
tev=$data/tickets-$((events / 4)).ndjson
[ -s "$tev" ] || "$gen" $((events / 4)) --seed 1 --text >"$tev"
# join tokens: the same number of events from 10 000 users (each user's
# events carry the same userId and email), and the worst case, a tenth as
# many events whose identifiers are all distinct (every value a derivation)
uev=$data/events-$events-users.ndjson
[ -s "$uev" ] || "$gen" "$events" --seed 1 --users 10000 >"$uev"
dev=$data/events-$((events / 10))-distinct.ndjson
[ -s "$dev" ] || "$gen" $((events / 10)) --seed 2 >"$dev"
cc -O2 -o "$data/yajl-parse" "$top/bench/yajl-parse.c" \
    $(pkg-config --cflags --libs yajl)
cc -O2 -o "$data/aead-floor" "$top/bench/aead-floor.c" \
    $(pkg-config --cflags --libs libcrypto)
[ -f "$data/k.pub" ] || "$bin/phi-keygen" -o "$data/k" >/dev/null
[ -f "$data/j.join" ] || "$bin/phi-keygen" --join -o "$data/j" >/dev/null
# the sender key of the suite-2 rows (phi-encrypt --sender)
[ -f "$data/s.pub" ] || "$bin/phi-keygen" -o "$data/s" >/dev/null
"$bin/phi-encrypt" -k "$data/k.pub" -f context.ip -f 'context.traits.*' \
    -f 'traits.*' -f 'properties.*' "$ev" >"$data/enc.ndjson"
"$bin/phi-encrypt" --no-pad -k "$data/k.pub" -f context.ip \
    -f 'context.traits.*' -f 'traits.*' -f 'properties.*' "$ev" \
    >"$data/enc-nopad.ndjson"
"$bin/phi-encrypt" -k "$data/k.pub" --sender "$data/s.key" \
    --bind-record messageId -f context.ip -f 'context.traits.*' \
    -f 'traits.*' -f 'properties.*' "$ev" >"$data/enc2.ndjson"
# what yajl sees in phi-decrypt: token bodies cut out (common/json/elide.h)
sed -E 's/"phi:1:[A-Za-z0-9_-]{32,}"/"phi:1:"/g' "$data/enc.ndjson" \
    >"$data/enc-cut.ndjson"
bytes=$(wc -c <"$ev")
PHI_DATADIR=${PHI_DATADIR:-$top/share} # phi-classify's default rules
export ev tev uev dev data bin top PHI_DATADIR

# Each row is timed RUNS times (the Python baseline PYRUNS times) in
# interleaved rounds, every row once a round, so that a change of load
# during the run falls on all rows alike.  Wall time in nanoseconds
# (date), peak RSS from /usr/bin/time.
names="" # NAME<TAB>COMMAND lines
row() {
	names="$names$1	$2
"
}

# once NAME COMMAND: one timed run, appended to $data/t.NAME
once() {
	t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$data/one" sh -c "$2" >/dev/null
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000000)) $(cat "$data/one")" >>"$data/t.$1"
}

. "$top/bench/middle.sh"

median() { # of NAME's times, in seconds
	cut -d' ' -f1 "$data/t.$1" | middle | awk '{ printf "%.3f", $1 / 1000 }'
}

# per_round NAME: the median over the rounds of yajl's parse time over
# NAME's, both from the same round (a change of machine speed between
# rounds, seen here up to 1.7 x, falls on both)
per_round() {
	paste -d' ' "$data/t.yajl-parse" "$data/t.$1" |
	    awk 'NF >= 3 && $3 > 0 { print $1 / $3 }' | middle
}

# best NAME: the shortest time of NAME
best() {
	sort -n "$data/t.$1" | head -1 | cut -d' ' -f1
}

report() {
	name=$1
	med=$(median "$name")
	rss=$(sort -k2 -n "$data/t.$name" | tail -1 | cut -d' ' -f2)
	awk -v n="$name" -v t="$med" -v r="$rss" -v b="$bytes" -v e="$events" \
	    -v y="$(median yajl-parse)" -v pr="$(per_round "$name")" \
	    -v bt="$(best "$name")" -v by="$(best yajl-parse)" \
	    'BEGIN { if (t <= 0) t = 0.001; if (bt <= 0) bt = 1;
	    printf "%-22s %7.3f s %8.1f MB/s %10.0f ev/s %7.1f MB  %5.2f x yajl  %5.2f x  %5.2f x\n",
	    n, t, b / 1e6 / t, e / t, r / 1024, y / t, pr, by / bt }'
}

rounds() {
	echo "$names" | while IFS='	' read -r name cmd; do
		if [ -n "$name" ]; then : >"$data/t.$name"; fi
	done
	i=0
	while [ $i -lt "$runs" ]; do
		echo "$names" | while IFS='	' read -r name cmd; do
			if [ -z "$name" ] ||
			    { [ "$name" = python-baseline ] && [ $i -ge "$pyruns" ]; }; then
				continue
			fi
			once "$name" "$cmd"
		done
		i=$((i + 1))
	done
	echo "$names" | while IFS='	' read -r name cmd; do
		if [ -s "$data/t.$name" ]; then report "$name"; fi
	done
}

echo "data: $events events, $((bytes / 1000000)) MB ($ev); encrypted $(($(wc -c <"$data/enc.ndjson") / 1000000)) MB"
awk -v p="$(wc -c <"$data/enc.ndjson")" -v n="$(wc -c <"$data/enc-nopad.ndjson")" \
    'BEGIN { printf "padding: encrypted %d bytes, %d with --no-pad (+%.1f%%)\n", p, n, (p - n) * 100 / n }'
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(MB/s and ev/s of the plain events for every row; ratios to yajl's parse of them;"
echo " medians of $runs interleaved rounds, the Python baseline of $pyruns; the last"
echo " columns: the median of the ratios within each round, and the ratio of the"
echo " best times)"
F="-f context.ip -f 'context.traits.*' -f 'traits.*' -f 'properties.*'"
row yajl-parse '"$data/yajl-parse" <"$ev"'
row phi-encrypt "\"\$bin/phi-encrypt\" -k \"\$data/k.pub\" $F \"\$ev\""
row phi-encrypt-no-pad "\"\$bin/phi-encrypt\" --no-pad -k \"\$data/k.pub\" $F \"\$ev\""
row phi-decrypt '"$bin/phi-decrypt" -K "$data/k.key" "$data/enc.ndjson"'
# suite 2 (phi-tools(7) "Suite 2"): each option alone, then both
row phi-encrypt-sender "\"\$bin/phi-encrypt\" -k \"\$data/k.pub\" --sender \"\$data/s.key\" $F \"\$ev\""
row phi-encrypt-bind-record "\"\$bin/phi-encrypt\" -k \"\$data/k.pub\" --bind-record messageId $F \"\$ev\""
row phi-encrypt-suite2 "\"\$bin/phi-encrypt\" -k \"\$data/k.pub\" --sender \"\$data/s.key\" --bind-record messageId $F \"\$ev\""
row phi-decrypt-suite2 '"$bin/phi-decrypt" -K "$data/k.key" --sender "$data/s.pub" --require-sender --bind-record messageId "$data/enc2.ndjson"'
# phi-decrypt reads the larger encrypted file, and hands yajl its lines
# with the token bodies cut out
row yajl-parse-encrypted '"$data/yajl-parse" <"$data/enc.ndjson"'
row yajl-parse-cut '"$data/yajl-parse" <"$data/enc-cut.ndjson"'
row phi-classify-report '"$bin/phi-classify" --report "$ev"'
row yajl-parse-text '"$data/yajl-parse" <"$tev"'
row phi-classify-text '"$bin/phi-classify" --report "$tev"'
row phi-encrypt-in-text '"$bin/phi-encrypt" -k "$data/k.pub" --in-text properties.body "$tev"'
row phi-classify-mask '"$bin/phi-classify" --mask yellow "$tev"'
# the same two on both cores (-j 2), for those who need more than one
row phi-encrypt-in-text-j2 '"$bin/phi-encrypt" -j 2 -k "$data/k.pub" --in-text properties.body "$tev"'
row phi-classify-mask-j2 '"$bin/phi-classify" -j 2 --mask yellow "$tev"'
JF="--join-key \"\$data/j.join\" --join userId --join traits.email"
row yajl-parse-users '"$data/yajl-parse" <"$uev"'
row phi-encrypt-join "\"\$bin/phi-encrypt\" -k \"\$data/k.pub\" $JF \"\$uev\""
row yajl-parse-distinct '"$data/yajl-parse" <"$dev"'
row phi-encrypt-join-distinct "\"\$bin/phi-encrypt\" -k \"\$data/k.pub\" $JF \"\$dev\""
row phi-encrypt-join-j2 "\"\$bin/phi-encrypt\" -j 2 -k \"\$data/k.pub\" $JF \"\$uev\""
# -j N (worker threads) side by side with GNU parallel on this machine
row phi-encrypt-j1 "\"\$bin/phi-encrypt\" -j 1 -k \"\$data/k.pub\" $F \"\$ev\""
row phi-encrypt-j2 "\"\$bin/phi-encrypt\" -j 2 -k \"\$data/k.pub\" $F \"\$ev\""
row phi-decrypt-j1 '"$bin/phi-decrypt" -j 1 -K "$data/k.key" "$data/enc.ndjson"'
row phi-decrypt-j2 '"$bin/phi-decrypt" -j 2 -K "$data/k.key" "$data/enc.ndjson"'
row phi-decrypt-par-j2 'parallel --pipepart -a "$data/enc.ndjson" -k --block -1 -j 2 "$bin/phi-decrypt" -K "$data/k.key"'
row phi-classify-j1 '"$bin/phi-classify" -j 1 --redact red "$ev"'
row phi-classify-j2 '"$bin/phi-classify" -j 2 --redact red "$ev"'
row phi-classify-par-j2 'parallel --pipepart -a "$ev" -k --block -1 -j 2 "$bin/phi-classify" --redact red'
row phi-encrypt-par-j1 "parallel --pipepart -a \"\$ev\" -k --block 8M -j 1 \"\$bin/phi-encrypt\" -k \"\$data/k.pub\" $F"
row phi-encrypt-par-j2 "parallel --pipepart -a \"\$ev\" -k --block 8M -j 2 \"\$bin/phi-encrypt\" -k \"\$data/k.pub\" $F"
# the slow ones last, so that the filters run within seconds of yajl's
# parse in each round
row jq 'jq -c . "$ev"'
row python-baseline "/usr/bin/python3 \"\$top/bench/baseline-encrypt.py\" context.ip 'context.traits.*' 'traits.*' 'properties.*' <\"\$ev\""
rounds
# ratio A B: median time of B / median time of A (how many times A is faster)
ratio() {
	a=$(median "$1")
	b=$(median "$2")
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }'
}
echo "phi-encrypt: $(ratio phi-encrypt python-baseline) x the Python baseline"
echo "phi-decrypt: $(ratio phi-decrypt yajl-parse-encrypted) x yajl's parse of the encrypted file"
echo "padding: phi-encrypt takes $(ratio phi-encrypt-no-pad phi-encrypt) x the time of --no-pad"
echo "suite 2: --sender takes $(ratio phi-encrypt phi-encrypt-sender) x the time of phi-encrypt, --bind-record $(ratio phi-encrypt phi-encrypt-bind-record) x, both $(ratio phi-encrypt phi-encrypt-suite2) x; phi-decrypt of those $(ratio phi-decrypt phi-decrypt-suite2) x phi-decrypt"
echo "GNU parallel -j 2: $(ratio phi-encrypt-par-j2 phi-encrypt-par-j1) x -j 1"
echo "-j 2: phi-encrypt $(ratio phi-encrypt-j2 phi-encrypt-j1) x -j 1 ($(ratio phi-encrypt-j2 phi-encrypt-par-j2) x parallel --pipepart -j 2); phi-decrypt $(ratio phi-decrypt-j2 phi-decrypt-j1) x -j 1 ($(ratio phi-decrypt-j2 phi-decrypt-par-j2) x parallel --pipepart -j 2); phi-classify --redact red $(ratio phi-classify-j2 phi-classify-j1) x -j 1 ($(ratio phi-classify-j2 phi-classify-par-j2) x parallel --pipepart -j 2)"
# the text rows against yajl's parse of the same text events (the
# columns above compare every row with the standard events' parse)
strings=$(jq -j '.. | strings' "$tev" | wc -c)
echo "phi-encrypt --in-text on text: $(ratio phi-encrypt-in-text yajl-parse-text) x yajl's parse of the text events; $(awk -v b="$strings" -v t="$(median phi-encrypt-in-text)" 'BEGIN { printf "%.1f", b / 1e6 / t }') MB/s of string content"
echo "phi-classify --mask yellow on text: $(ratio phi-classify-mask yajl-parse-text) x yajl's parse of the text events; $(awk -v b="$strings" -v t="$(median phi-classify-mask)" 'BEGIN { printf "%.1f", b / 1e6 / t }') MB/s of string content"
echo "-j 2 on text: phi-encrypt --in-text $(ratio phi-encrypt-in-text-j2 yajl-parse-text) x yajl's parse ($(ratio phi-encrypt-in-text-j2 phi-encrypt-in-text) x -j 1); phi-classify --mask yellow $(ratio phi-classify-mask-j2 yajl-parse-text) x ($(ratio phi-classify-mask-j2 phi-classify-mask) x -j 1)"
echo "phi-classify --report on text: $(ratio phi-classify-text yajl-parse-text) x yajl's parse of the text events; $(awk -v b="$strings" -v t="$(median phi-classify-text)" 'BEGIN { printf "%.1f", b / 1e6 / t }') MB/s of string content ($((strings / 1000000)) MB of $(($(wc -c <"$tev") / 1000000)) MB)"
# join tokens: the counts from --stats (values sealed, of them derived,
# i.e. not found in the cache), distinct values derived per second in the
# worst case, and what the run on 10 000 users would take without the
# cache (every value derived at the worst case's rate)
jstats() { # FILE: "SEALED DERIVED"
	eval "\"\$bin/phi-encrypt\" --stats -k \"\$data/k.pub\" $JF \"\$1\"" 2>&1 >/dev/null |
	    sed -n 's/.* \([0-9]*\) join tokens, \([0-9]*\) of them derived.*/\1 \2/p'
}
set -- $(jstats "$uev") $(jstats "$dev")
echo "phi-encrypt --join userId --join traits.email, $events events of 10 000 users: $(ratio phi-encrypt-join yajl-parse-users) x yajl's parse of them; $1 join tokens, $2 derived ($(awk -v s="$1" -v d="$2" 'BEGIN { printf "%.1f", (s > 0 ? 100 * (s - d) / s : 0) }')% from the cache)"
echo "-j 2 on the 10 000 users: $(ratio phi-encrypt-join-j2 yajl-parse-users) x yajl's parse of them ($(ratio phi-encrypt-join-j2 phi-encrypt-join) x -j 1; one cache of join tokens for both workers)"
echo "worst case, every value distinct ($((events / 10)) events): $(ratio phi-encrypt-join-distinct yajl-parse-distinct) x yajl's parse of them; $(awk -v d="$4" -v t="$(median phi-encrypt-join-distinct)" 'BEGIN { printf "%.0f", (t > 0 ? d / t : 0) }') distinct values/s"
echo "without the cache (est.): $(awk -v s="$1" -v d4="$4" -v t="$(median phi-encrypt-join-distinct)" -v tu="$(median phi-encrypt-join)" 'BEGIN { r = t > 0 ? d4 / t : 0; printf "%.1f s instead of %.1f s", (r > 0 ? s / r : 0), tu }') on the 10 000 users"

# The floor under the crypto filters: yajl's parse of what they hand it
# (phi-decrypt: the lines with token bodies cut) plus the same AES-256-GCM
# seals or opens through the provider's AES-GCM functions, the fastest way
# common/crypto/aead.c knows (bench/aead-floor.c).
reps=$runs
if [ "$reps" -gt 64 ]; then reps=64; fi # aead-floor keeps up to 64
fl=$("$data/aead-floor" "$data/enc.ndjson" "$reps") # set -e stops here
set -- $fl
echo "AES-256-GCM through the provider's functions: $1 values of $2 bytes on average:" \
    "seals $3 s, opens $4 s (medians of $runs)"
floor() { # NAME PARSE-ROW CRYPTO-SECONDS
	awk -v n="$1" -v p="$(median "$2")" -v c="$3" -v t="$(median "$1")" \
	    -v y="$(median yajl-parse)" 'BEGIN { f = p + c;
	    fmt = "%s: floor %.3f s (parse %.3f + crypto %.3f); it takes";
	    fmt = fmt " %.2f x the floor, which is %.2f x yajl\n";
	    printf fmt, n, f, p, c, t / f, y / f }'
}
floor phi-encrypt yajl-parse "$3"
floor phi-decrypt yajl-parse-cut "$4"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
