# tapcount.sh - counts one TAP stream, sourced by tests/run-suite.sh and
# tests/check.sh (and tested by tests/counter.bats).
#
#	tap_count NAME STATUS FILE
#
# FILE holds the TAP a runner printed (a unit test binary, bats, lint.sh,
# the fuzzers) and STATUS is the runner's exit status.  Prints one line,
# "PASSED FAILED SKIPPED", on standard output, after a "not ok" line for
# each thing that went wrong outside a test point:
#   - no plan (1..N), or more than one: the runner stopped before it
#     printed one (a unit test that crashed), 1 failed;
#   - fewer results than the plan: each missing test counts as failed
#     (bats killed halfway says "Executed 2 instead of expected 3");
#   - more results than the plan: 1 failed;
#   - a non-zero STATUS with nothing else failed: 1 failed (a runner that
#     could not start, or that failed after its last test).
# An "ok" line with "# skip" is a skip, not a pass.
tap_count() {
	awk -v name="$1" -v rc="$2" '
	/^ok / { if (/# [Ss][Kk][Ii][Pp]/) s++; else p++; next }
	/^not ok / { f++; next }
	/^1\.\.[0-9]+([ \t]|$)/ { plans++; plan = substr($1, 4) + 0 }
	END {
		n = p + f + s
		if (plans != 1) {
			printf "not ok - %s: %d plans (1..N lines), not one\n",
			    name, plans
			f++
		} else if (n < plan) {
			m = "not ok - %s: %d of %d planned tests ran, %d missing\n"
			printf m, name, n, plan, plan - n
			f += plan - n
		} else if (n > plan) {
			printf "not ok - %s: %d results for a plan of %d\n",
			    name, n, plan
			f++
		}
		if (rc != 0 && f == 0) {
			printf "not ok - %s: exited with status %d\n", name, rc
			f++
		}
		printf "%d %d %d\n", p, f, s
	}' "$3"
}
