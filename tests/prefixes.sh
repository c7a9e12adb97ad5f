#!/bin/sh
# prefixes.sh - checks that a common/ header's name is its exported
# prefix, as yajl_buf.h exports only yajl_buf_*: every function a header
# declares (or defines inline) is named with the header's name, its
# words joined by "_" or not (auditlog.h: audit_log_open; jsonfind.h:
# json_find).  An internal header X_impl.h (one module's parts, included
# by that module only) may use X's prefix.  Prints each function that
# does not (HEADER: NAME) and exits 1 if there is one.  Run from the top.
#
# A declaration is read where clang-format puts it: at the start of a
# line that is not a comment or a preprocessor line, the name the first
# "(" after it ends.
set -u
status=0
for h in common/*/*.h; do
	base=$(basename "$h" .h)
	base=${base%_impl}
	awk -v want="$(printf %s "$base" | tr -d _)" -v file="$h" '
	/^[ \t#\/*]/ || /^$/ || /^}/ { next }
	{
		line = $0
		sub(/__attribute__\(\([^)]*\)\)/, "", line)
		if (!match(line, /[A-Za-z_][A-Za-z0-9_]*\(/))
			next
		name = substr(line, RSTART, RLENGTH - 1)
		if (name ~ /^(sizeof|typeof)$/)
			next
		n = split(name, part, "_")
		ok = 0
		joined = ""
		for (i = 1; i <= n && length(joined) < length(want); i++) {
			joined = joined part[i]
			if (joined == want)
				ok = 1
		}
		if (!ok) {
			printf "%s: %s\n", file, name
			bad = 1
		}
	}
	END { exit bad }' "$h" || status=1
done
exit $status
