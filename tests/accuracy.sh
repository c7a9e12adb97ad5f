#!/bin/sh
# accuracy.sh [BUILD] - prints the accuracy figures of the README's
# phi-classify section, each set apart (tests/helpers/classify-eval on
# the default rules):
#   in-sample   the rows of tests/fixtures/classify-labelled.ndjson written
#               alongside the rules (make-classify-labelled.py)
#   segment     its rows from Segment's spec examples (values written by
#               Segment, not for this project; labelled by hand here)
#   all         both together (what tests/classify.bats holds to >= 0.95)
#   presidio    Presidio's labelled values (outside data, tests/fixtures)
#   corpus      tests/fixtures/pii-corpus.ndjson, the labelled multi-locale
#               corpus (make-pii-corpus.mjs): precision and recall per
#               setting (natural key, neutral key, in a sentence), kind
#               and locale (tests/corpus-table.sh makes the README's
#               tables of it)
# Exits non-zero if a set cannot be read.
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
eval=$build/tests/classify-eval
fix=$top/tests/fixtures/classify-labelled.ndjson
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
jq -c 'select(.why != "segment spec example")' "$fix" >"$tmp/in" &&
    jq -c 'select(.why == "segment spec example")' "$fix" >"$tmp/seg" ||
    exit 66
for set in in-sample:"$tmp/in" segment:"$tmp/seg" all:"$fix"; do
	echo "== ${set%%:*}: $(wc -l <"${set#*:}") labelled leaves"
	# the figures, whatever the thresholds say
	PHI_DATADIR=$top/share "$eval" -m 0 labelled "${set#*:}" || status=1
done
echo "== presidio: tests/fixtures/presidio-entity-values.ndjson"
PHI_DATADIR=$top/share "$eval" -m 0 presidio \
    "$top/tests/fixtures/presidio-entity-values.ndjson" || status=1
echo "== corpus: tests/fixtures/pii-corpus.ndjson"
PHI_DATADIR=$top/share "$eval" corpus "$top/tests/fixtures/pii-corpus.ndjson" ||
    status=1
exit $status
