#!/bin/sh
# lint.sh - static checks of cmd/ and common/, as TAP: clang-format with
# the checked-in .clang-format, cppcheck, and clang-tidy with the
# checked-in .clang-tidy.  Part of `make check`.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 70
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
n=0 failed=0
TIDY_FLAGS="-std=c11 -Icommon $(pkg-config --cflags yajl libcrypto) \
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

clang-format --dry-run --Werror cmd/*.c common/*.c common/*.h \
    >"$out/fmt" 2>&1
result "clang-format clean" "$out/fmt" $?

cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
    --inline-suppr --suppress=missingIncludeSystem -Icommon cmd common \
    >"$out/cpp" 2>&1
result "cppcheck clean" "$out/cpp" $?

ls cmd/*.c common/*.c | xargs -P "$(nproc)" -n 1 sh -c \
    'clang-tidy --quiet "$1" -- $TIDY_FLAGS 2>&1' tidy >"$out/tidy.all"
grep -E '(warning|error):' "$out/tidy.all" | grep -v '^/usr' >"$out/tidy"
[ ! -s "$out/tidy" ]
result "clang-tidy clean" "$out/tidy" $?

echo "1..$n"
[ "$failed" -eq 0 ]
