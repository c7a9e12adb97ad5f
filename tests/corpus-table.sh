#!/bin/sh
# corpus-table.sh [BUILD] [--write] - the README's tables of the labelled
# multi-locale corpus (tests/fixtures/pii-corpus.ndjson), before and now:
# "before" is tests/fixtures/pii-corpus-before.txt (classify-eval corpus
# on the classifier before issue 18), "now" the corpus section of
# `sh tests/accuracy.sh BUILD`.  Prints the Markdown; with --write puts
# it into README.md between the lines
#   <!-- pii-corpus tables: made by tests/corpus-table.sh -->
#   <!-- end of pii-corpus tables -->
# (tests/readme.bats checks that the README holds what this prints).
set -u
build=build write=0
for a in "$@"; do
	case $a in
	--write) write=1 ;;
	*) build=$a ;;
	esac
done
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
sh "$top/tests/accuracy.sh" "$build" >"$tmp/acc" || exit 1
awk 'index($0, "== ") == 1 { on = index($0, "== corpus:") == 1; next } on' \
    "$tmp/acc" >"$tmp/now"
[ -s "$tmp/now" ] || { echo "corpus-table.sh: no corpus section" >&2; exit 1; }
grep -v '^#' "$top/tests/fixtures/pii-corpus-before.txt" >"$tmp/before" ||
    exit 66
# sections: s (setting), k (kind), l (locale); cells keyed part:name:column
awk '
function cell(a, b) { return (a == "" ? "-" : a) " → " (b == "" ? "-" : b) }
/^corpus:/ { if (FILENAME == now) head = $0; part = ""; next }
/^setting / { part = "s"; next }
/^false alarms by rule/ { part = "f"; next }
/^kind / { part = "k"; next }
/^locale:/ { part = "l"; next }
part == "" { next }
{
	w = FILENAME == now ? "n" : "b"
	if (part == "f") {
		if (w == "n") {
			a = ""
			for (i = 2; i < NF; i += 2)
				a = a (i > 2 ? ", " : " ") $i " " $(i + 1)
			alarms = alarms (alarms == "" ? "" : "; ") $1 (a == "" ? " none" : a)
		}
	} else if (part == "s") {
		split($2, pr, "/")
		v[w, "s", $1, 1] = pr[1]; v[w, "s", $1, 2] = pr[2]
		if (w == "n") { cnt[$1] = $3 " " $4; order["s", ++ns] = $1 }
	} else if (part == "k") {
		for (i = 3; i <= 5; i++) v[w, "k", $1, i - 2] = $i
		if (w == "n") { label[$1] = $2; order["k", ++nk] = $1 }
	} else {
		for (i = 2; i <= 4; i++) v[w, "l", $1, i - 1] = $i
		if (w == "n") order["l", ++nl] = $1
	}
}
END {
	sub(/^corpus: /, "", head)
	print "Before issue 18 (the classifier of commit 84ad98f) → now, on " \
	    "`tests/fixtures/pii-corpus.ndjson` (" head "):"
	print ""
	print "| setting | precision | recall | now: found/positives, " \
	    "false alarms/negatives |"
	print "| --- | --- | --- | --- |"
	for (i = 1; i <= ns; i++) {
		s = order["s", i]; c = cnt[s]; gsub(/[()]/, "", c)
		printf "| %s | %s | %s | %s |\n", s, cell(v["b", "s", s, 1],
		    v["n", "s", s, 1]), cell(v["b", "s", s, 2],
		    v["n", "s", s, 2]), c
	}
	print ""
	print "The rules that fired on the false alarms now: " alarms "."
	print ""
	print "Per kind, the share of its rows flagged (yellow or red): the " \
	    "recall of a red or yellow kind, the false-alarm rate of a " \
	    "green one (hard negatives):"
	print ""
	print "| kind | label | natural key | neutral key | in a sentence |"
	print "| --- | --- | --- | --- | --- |"
	for (i = 1; i <= nk; i++) {
		k = order["k", i]
		printf "| %s | %s", k, label[k]
		for (j = 1; j <= 3; j++) {
			c = "-"
			if (v["n", "k", k, j] != "-")
				c = cell(v["b", "k", k, j], v["n", "k", k, j])
			printf " | %s", c
		}
		print " |"
	}
	print ""
	print "Per locale, precision/recall:"
	print ""
	print "| locale | natural key | neutral key | in a sentence |"
	print "| --- | --- | --- | --- |"
	for (i = 1; i <= nl; i++) {
		l = order["l", i]
		printf "| %s", l
		for (j = 1; j <= 3; j++)
			printf " | %s", cell(v["b", "l", l, j], v["n", "l", l, j])
		print " |"
	}
}' now="$tmp/now" "$tmp/before" "$tmp/now" >"$tmp/table" || exit 1
if [ "$write" -eq 0 ]; then
	cat "$tmp/table"
	exit 0
fi
readme=$top/README.md
begin='<!-- pii-corpus tables: made by tests/corpus-table.sh -->'
end='<!-- end of pii-corpus tables -->'
[ "$(grep -cxF "$begin" "$readme")" -eq 1 ] &&
    [ "$(grep -cxF "$end" "$readme")" -eq 1 ] ||
    { echo "corpus-table.sh: README.md lacks the marker lines" >&2; exit 65; }
awk -v b="$begin" -v e="$end" -v t="$tmp/table" '
$0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
$0 == e { skip = 0 }
!skip' "$readme" >"$tmp/readme" && cat "$tmp/readme" >"$readme"
