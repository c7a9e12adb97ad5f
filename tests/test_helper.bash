# Loaded by every bats suite: the programs under test come from
# $PHI_BUILD/bin (default build/), bats-support and bats-assert are loaded,
# and each test gets its own scratch directory in $T.
load '/usr/lib/bats/bats-support/load.bash'
load '/usr/lib/bats/bats-assert/load.bash'

REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
PHI_BUILD="${PHI_BUILD:-build}"
case "$PHI_BUILD" in /*) ;; *) PHI_BUILD="$REPO/$PHI_BUILD" ;; esac
export PATH="$PHI_BUILD/bin:$PHI_BUILD/tests:$PATH"
export PHI_DATADIR="$REPO/share"
# the team's shared data (RFC 9180 vectors, gen-events, labelled values)
if [ -z "${PHI_SHARED:-}" ]; then
	for d in "$REPO/../shared" /work/shared; do
		[ -d "$d/vectors" ] && PHI_SHARED=$(cd "$d" && pwd) && break
	done
fi
SHARED="${PHI_SHARED:-$REPO/../shared}"
export PHI_SHARED="$SHARED"
FIXTURES="$REPO/tests/fixtures"
PY=/usr/bin/python3
unset PHI_PUBLIC_KEY PHI_PRIVATE_KEY PHI_PASSPHRASE PHI_AUDIT_LOG PHI_AUDIT_KEY

setup() {
	T="$BATS_TEST_TMPDIR"
	cd "$T" || return 1
	umask 077
	if declare -F suite_setup >/dev/null; then suite_setup; fi
}
