#!/bin/sh
# deps.sh - check the Debian packages phi-tools needs; install them when
# run as root on Debian, otherwise print the exact command and fail.
#   deps.sh --build   what `make` needs
#   deps.sh --test    what `make check` needs as well
set -u
mode=${1:---build}
build_pkgs="pkg-config libssl-dev libyajl-dev"
test_pkgs="bats bats-support bats-assert clang libclang-rt-14-dev parallel
python3-cryptography openssl jq mandoc zsh fish valgrind"

have_build() {
	command -v pkg-config >/dev/null 2>&1 &&
	    pkg-config --exists libcrypto yajl 2>/dev/null
}
have_test() {
	command -v bats >/dev/null 2>&1 &&
	    [ -f /usr/lib/bats/bats-support/load.bash ] &&
	    [ -f /usr/lib/bats/bats-assert/load.bash ] &&
	    command -v clang >/dev/null 2>&1 &&
	    command -v parallel >/dev/null 2>&1 &&
	    command -v jq >/dev/null 2>&1 &&
	    command -v mandoc >/dev/null 2>&1 &&
	    command -v zsh >/dev/null 2>&1 &&
	    command -v fish >/dev/null 2>&1 &&
	    command -v valgrind >/dev/null 2>&1 &&
	    command -v openssl >/dev/null 2>&1 &&
	    /usr/bin/python3 -c 'import cryptography' 2>/dev/null &&
	    echo 'int main(void){return 0;}' |
	    clang -fsanitize=address,undefined -x c -o /dev/null - 2>/dev/null
}

case $mode in
--build) check=have_build pkgs=$build_pkgs ;;
--test) check=have_test pkgs="$build_pkgs $test_pkgs" ;;
*) echo "usage: deps.sh --build|--test" >&2; exit 64 ;;
esac

$check && exit 0
pkgs=$(echo $pkgs)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: installing $pkgs" >&2
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get update -qq && apt-get install -y -qq $pkgs; } >&2 ||
	    { echo "deps.sh: apt-get failed" >&2; exit 1; }
	$check && exit 0
	echo "deps.sh: still missing something after apt-get" >&2
	exit 1
fi
echo "phi-tools needs these Debian packages; run:" >&2
echo "  sudo apt-get install $pkgs" >&2
exit 1
