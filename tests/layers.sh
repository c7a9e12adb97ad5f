#!/bin/sh
# layers.sh - checks that common/ is layered: a module in common/LAYER/
# includes only headers of its own layer or of a layer below it, in the
# order base, json, crypto, classify, audit, run.  Prints each include
# that goes upwards (FILE: includes HEADER of LAYER) and exits 1 if there
# is one; a header that is in no layer is named too.  Run from the top.
set -u
order="base json crypto classify audit run"
rank() { # LAYER -> its position in $order (1-based), 0 if none
	i=0
	for l in $order; do
		i=$((i + 1))
		[ "$l" = "$1" ] && { echo $i; return; }
	done
	echo 0
}
status=0
for layer in $order; do
	mine=$(rank "$layer")
	for f in common/"$layer"/*.c common/"$layer"/*.h; do
		[ -f "$f" ] || continue
		for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			found=$(ls common/*/"$h" 2>/dev/null | head -n 1)
			if [ -z "$found" ]; then
				echo "$f: includes $h, which is in no layer"
				status=1
				continue
			fi
			theirs=$(basename "$(dirname "$found")")
			if [ "$(rank "$theirs")" -gt "$mine" ]; then
				echo "$f: includes $h of $theirs, a layer above $layer"
				status=1
			fi
		done
	done
done
stray=$(ls common/*.c common/*.h 2>/dev/null)
if [ -n "$stray" ]; then
	echo "outside the layers (move into common/LAYER/):" $stray
	status=1
fi
exit $status
