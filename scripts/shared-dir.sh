# shared-dir.sh - sourced (POSIX sh) by tests/large.sh and bench/run.sh
# once they have set top to the top of the tree: sets shared to the
# directory of the shared test data and tools (bench/gen-events):
# $PHI_SHARED when set, else the first of $top/../shared and /work/shared
# that holds a bench directory, else nothing.  Its status is 0, so that
# it can be sourced under set -e.
shared=${PHI_SHARED:-}
for d in "$top/../shared" /work/shared; do
	if [ -z "$shared" ] && [ -d "$d/bench" ]; then
		shared=$d
	fi
done
