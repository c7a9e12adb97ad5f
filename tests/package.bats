#!/usr/bin/env bats
# make dist: a versioned tarball of the tree that builds; --version names
# the version and the OpenSSL and yajl versions in use.

load test_helper

@test "make dist makes phi-tools-VERSION.tar.gz of the committed tree" {
	git -C "$REPO" rev-parse HEAD >/dev/null 2>&1 || skip "not a git checkout"
	make -s -C "$REPO" dist DISTDIR="$T"
	v=$(sed -n 's/^VERSION *= *//p' "$REPO/Makefile")
	[ -f "phi-tools-$v.tar.gz" ]
	tar -tzf "phi-tools-$v.tar.gz" >list
	grep -qx "phi-tools-$v/Makefile" list
	grep -qx "phi-tools-$v/README.md" list
	grep -qx "phi-tools-$v/cmd/phi-encrypt.c" list
	grep -qx "phi-tools-$v/share/rules/default.rules" list
}

@test "--version: program, version, OpenSSL and yajl" {
	v=$(sed -n 's/^VERSION *= *//p' "$REPO/Makefile")
	for p in phi-keygen phi-encrypt phi-decrypt phi-classify phi-audit; do
		run "$p" --version
		assert_success
		assert_line --index 0 "$p (phi-tools) $v"
		assert_line --index 1 --regexp '^OpenSSL 3\.[0-9.]+.*, yajl 2\.[0-9.]+$'
	done
}

@test "make: a changed PREFIX rebuilds (the data directory is compiled in)" {
	make -s -C "$REPO" BUILD="$T/b" "$T/b/common/base/hex.o" LTO=
	run make -q -C "$REPO" BUILD="$T/b" "$T/b/common/base/hex.o" LTO=
	assert_success
	run make -q -C "$REPO" BUILD="$T/b" PREFIX=/opt/phi "$T/b/common/base/hex.o" LTO=
	assert_failure 1
	make -s -C "$REPO" BUILD="$T/b" PREFIX=/opt/phi "$T/b/common/base/hex.o" LTO=
	grep -qF '"/opt/phi/share/phi-tools"' "$T/b/cflags"
	run make -q -C "$REPO" BUILD="$T/b" PREFIX=/opt/phi "$T/b/common/base/hex.o" LTO=
	assert_success
}

@test "make: header dependencies come from the compiler" {
	make -s -C "$REPO" BUILD="$T/b" "$T/b/common/base/hex.o" LTO=
	grep -q 'common/base/hex\.h' "$T/b/common/base/hex.d"
}

@test "deps.sh: a missing package stops the build with the command to run, installs nothing" {
	run env PATH=/nonexistent /bin/sh "$REPO/scripts/deps.sh" --build
	assert_failure 1
	assert_output --partial 'make deps'
	assert_output --partial 'apt-get install pkg-config libssl-dev libyajl-dev'
	refute_output --partial 'installing'
}
