#!/bin/sh
# lint.sh - static checks of cmd/ and common/, as TAP: clang-format with
# the checked-in .clang-format, cppcheck, clang-tidy with the checked-in
# .clang-tidy, four house rules: functions of 50 lines or fewer, no
# identifier with "__" defined, common/ layers that include only
# downwards, and no string literal split mid-line; and no dead checks in
# the bats files.  Part of `make check`.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 70
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
n=0 failed=0
TIDY_FLAGS="-std=c11 $(for l in base json crypto classify audit run; do printf -- "-Icommon/%s " "$l"; done)$(pkg-config --cflags yajl libcrypto) \
-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DPHI_VERSION=\"0\" -DPHI_DATADIR=\"/\""
export TIDY_FLAGS

result() { # NAME LOGFILE STATUS
	n=$((n + 1))
	if [ "$3" -eq 0 ]; then
		echo "ok $n - lint: $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - lint: $1"
		sed 's/^/# /' "$2" | head -40
	fi
}

clang-format --dry-run --Werror cmd/*.c common/*/*.c common/*/*.h \
    >"$out/fmt" 2>&1
result "clang-format clean" "$out/fmt" $?

cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
    --inline-suppr --suppress=missingIncludeSystem $(for l in base json crypto classify audit run; do printf -- "-Icommon/%s " "$l"; done)cmd common \
    >"$out/cpp" 2>&1
result "cppcheck clean" "$out/cpp" $?

ls cmd/*.c common/*/*.c | xargs -P "$(nproc)" -n 1 sh -c \
    'clang-tidy --quiet "$1" -- $TIDY_FLAGS 2>&1' tidy >"$out/tidy.all"
grep -E '(warning|error):' "$out/tidy.all" | grep -v '^/usr' >"$out/tidy"
[ ! -s "$out/tidy" ]
result "clang-tidy clean" "$out/tidy" $?

# Functions of 50 lines or fewer, counted from the line of a top-level
# body's opening "{" (alone at the start of its line, where clang-format
# puts it; tables and initialisers open theirs after "=") to its "}".
awk -v max=50 '
FNR == 1 { name = ""; start = 0 }
/^[A-Za-z_][A-Za-z0-9_]*\(/ { name = $0; sub(/\(.*/, "", name) }
/^\{$/ { start = FNR; next }
/^\}/ && start > 0 {
	if (FNR - start + 1 > max)
		printf "%s:%d: %s: %d lines\n", FILENAME, start, name,
		    FNR - start + 1
	start = 0
}' cmd/*.c common/*/*.c common/*/*.h >"$out/len"
[ ! -s "$out/len" ]
result "functions of 50 lines or fewer" "$out/len" $?

# No identifier with "__" is defined: each one used (outside comments and
# literals) must be the compiler's (__builtin_*, __attribute__ and the
# like, or a macro gcc or clang predefine), and none is #defined here.
{ gcc -dM -E - </dev/null; clang -dM -E - </dev/null; } 2>/dev/null |
    awk '{ sub(/\(.*/, "", $2); print $2 }' | sort -u >"$out/predef"
builtin='^__(builtin_[A-Za-z0-9_]+|attribute|VA_ARGS|func|FILE|LINE|'
builtin="$builtin"'has_[a-z_]+|clang_analyzer|SANITIZE_ADDRESS|typeof|asm|'
builtin="$builtin"'restrict|inline|extension|alignof|int128|m128i?|m256i)_{0,2}$'
for f in cmd/*.c common/*/*.c common/*/*.h; do
	gcc -fpreprocessed -dD -E -P "$f" 2>/dev/null |
	    sed -E 's/"([^"\\]|\\.)*"//g; s/'\''([^'\''\\]|\\.)*'\''//g' \
	    >"$out/src"
	grep -oE '[A-Za-z_][A-Za-z0-9_]*' "$out/src" | grep -F __ | sort -u |
	    grep -vE "$builtin" | grep -vxF -f "$out/predef" |
	    sed "s|^|$f: not the compiler's: |"
	grep -E '^[[:space:]]*#[[:space:]]*(define|undef)[[:space:]]+[A-Za-z0-9_]*__' \
	    "$out/src" | sed "s|^|$f: |"
done >"$out/rsv"
[ ! -s "$out/rsv" ]
result "no identifier with __ defined" "$out/rsv" $?

# common/ is layered: no module includes a header of a layer above its
# own (base, json, crypto, classify, audit, run; tests/layers.sh).
sh tests/layers.sh >"$out/layers" 2>&1
result "common/ layers include only downwards" "$out/layers" $?

# A header's name is its exported prefix: each function a common/
# header declares is named with it (tests/prefixes.sh).
sh tests/prefixes.sh >"$out/prefixes" 2>&1
result "common/ headers export only their own prefix" "$out/prefixes" $?

# No string literal split mid-line: a message or help line reads in the
# code as it prints (two adjacent literals only where the first ends in
# \n; .clang-format has BreakStringLiterals: false so that clang-format
# keeps them whole; tests/splitcheck.awk says how it reads them).
awk -f tests/splitcheck.awk cmd/*.c common/*/*.c common/*/*.h >"$out/split" 2>&1
[ ! -s "$out/split" ]
result "no string literal split mid-line in cmd/ and common/" "$out/split" $?

# No dead checks in the bats files: an `A && B` list or a `! cmd` that is
# not a test's (or a function's) last command checks nothing under errexit
# unless it ends in `|| false` (tests/deadcheck.awk says how it reads them).
awk -f tests/deadcheck.awk tests/*.bats tests/test_helper.bash >"$out/dead" 2>&1
[ ! -s "$out/dead" ]
result "no dead && or ! checks in tests/*.bats" "$out/dead" $?

echo "1..$n"
[ "$failed" -eq 0 ]
