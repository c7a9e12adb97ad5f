#!/bin/sh
# bench/ab.sh ROUNDS FILE OLD NEW [ARG...] - two builds of one program
# side by side: each round times yajl's parse of FILE, then OLD ARG...
# FILE, then NEW ARG... FILE (wall time, ms), so that the machine's
# drift falls on all three alike.  Prints the medians, the medians of
# the per-round ratios (yajl's time over each build's) and the best
# times.  Stops (exit 1) at the first command that fails, rather than
# count its time.  Needs bench/data/yajl-parse (made by `make bench`)
# and GNU date and sort (date +%s%N, sort -g), as bench/run.sh does.
#
#   sh bench/ab.sh 15 bench/data/events-200000-users.ndjson \
#       /tmp/old/phi-encrypt build/bin/phi-encrypt -k bench/data/k.pub \
#       --join-key bench/data/j.join --join userId --join traits.email
set -eu
[ $# -ge 4 ] || {
	echo "usage: bench/ab.sh ROUNDS FILE OLD NEW [ARG...]" >&2
	exit 64
}
rounds=$1 file=$2 old=$3 new=$4
shift 4
top=$(cd "$(dirname "$0")/.." && pwd)
yajl=$top/bench/data/yajl-parse
[ -x "$yajl" ] || {
	echo "bench/ab.sh: $yajl is missing: run make bench once" >&2
	exit 66
}
PHI_DATADIR=${PHI_DATADIR:-$top/share}
export PHI_DATADIR
out=$(mktemp)
trap 'rm -f "$out"' EXIT
ms() { # COMMAND...: its wall time in ms (its output dropped), or "failed"
	t0=$(date +%s%N)
	if ! "$@" >/dev/null 2>&1; then
		echo failed
		return
	fi
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
i=0
while [ $i -lt "$rounds" ]; do
	y=$(ms sh -c '"$0" <"$1"' "$yajl" "$file")
	o=$(ms "$old" "$@" "$file")
	n=$(ms "$new" "$@" "$file")
	case "$y $o $n" in
	*failed*)
		echo "bench/ab.sh: a command failed in round $((i + 1)) (yajl, old, new: $y $o $n)" >&2
		exit 1
		;;
	esac
	echo "$y $o $n" >>"$out"
	i=$((i + 1))
done
. "$top/bench/middle.sh"
col() { awk -v c="$1" '{ print $c }' "$out" | middle; }
best() { awk -v c="$1" '{ print $c }' "$out" | sort -n | head -1; }
echo "median ms: yajl $(col 1), old $(col 2), new $(col 3)"
echo "median of per-round ratios to yajl: old $(awk '{ print $1 / $2 }' "$out" | middle), new $(awk '{ print $1 / $3 }' "$out" | middle); new / old $(awk '{ print $3 / $2 }' "$out" | middle)"
echo "best ms: yajl $(best 1), old $(best 2), new $(best 3)"
