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
# Test data lives in the repository: tests/fixtures (with its provenance
# in tests/fixtures/README.md), tests/vectors, and the event generator
# build/tests/gen-events (tests/helpers/gen-events.c).
FIXTURES="$REPO/tests/fixtures"
PY=/usr/bin/python3
unset PHI_PUBLIC_KEY PHI_PRIVATE_KEY PHI_PASSPHRASE PHI_AUDIT_LOG PHI_AUDIT_KEY

setup() {
	T="$BATS_TEST_TMPDIR"
	cd "$T" || return 1
	umask 077
	if declare -F suite_setup >/dev/null; then suite_setup; fi
}
