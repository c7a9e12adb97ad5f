#!/bin/sh
# deps.sh - the Debian packages phi-tools needs.
#   deps.sh --build     check what `make` needs; if something is missing,
#                       print the one apt-get command to run and fail
#   deps.sh --test      the same for what `make check` needs as well
#   deps.sh --install   install both sets with apt-get (`make deps`; root)
# Nothing is installed unless --install is asked for: a build never
# changes the machine it runs on.
set -u
mode=${1:---build}
build_pkgs="pkg-config libssl-dev libyajl-dev"
test_pkgs="bats bats-support bats-assert clang libclang-rt-14-dev parallel
python3-cryptography openssl jq mandoc zsh fish valgrind tzdata sqlite3
openssh-server openssh-client rsync"

have_build() {
	command -v pkg-config >/dev/null 2>&1 &&
	    pkg-config --exists libcrypto yajl 2>/dev/null
}
have_test() {
	have_build &&
	    command -v bats >/dev/null 2>&1 &&
	    [ -f /usr/lib/bats/bats-support/load.bash ] &&
	    [ -f /usr/lib/bats/bats-assert/load.bash ] &&
	    command -v clang >/dev/null 2>&1 &&
	    command -v parallel >/dev/null 2>&1 &&
	    command -v rsync >/dev/null 2>&1 &&
	    command -v ssh >/dev/null 2>&1 &&
	    command -v ssh-keygen >/dev/null 2>&1 &&
	    [ -x /usr/sbin/sshd ] &&
	    command -v jq >/dev/null 2>&1 &&
	    command -v sqlite3 >/dev/null 2>&1 &&
	    command -v mandoc >/dev/null 2>&1 &&
	    command -v zsh >/dev/null 2>&1 &&
	    command -v fish >/dev/null 2>&1 &&
	    command -v valgrind >/dev/null 2>&1 &&
	    command -v openssl >/dev/null 2>&1 &&
	    [ -f /usr/share/zoneinfo/America/Chicago ] &&
	    /usr/bin/python3 -c 'import cryptography' 2>/dev/null &&
	    echo 'int main(void){return 0;}' |
	    clang -fsanitize=address,undefined -x c -o /dev/null - 2>/dev/null
}

case $mode in
--build) check=have_build pkgs=$build_pkgs ;;
--test) check=have_test pkgs="$build_pkgs $test_pkgs" ;;
--install) check=have_test pkgs="$build_pkgs $test_pkgs" ;;
*) echo "usage: deps.sh --build|--test|--install" >&2; exit 64 ;;
esac

$check && exit 0
pkgs=$(echo $pkgs)
if [ "$mode" != --install ]; then
	echo "phi-tools needs Debian packages that are missing; run (as root):" >&2
	echo "  make deps    # or: apt-get install $pkgs" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: run as root on Debian or Ubuntu, or install: $pkgs" >&2
	exit 1
fi
echo "deps.sh: installing $pkgs" >&2
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq $pkgs; } >&2 ||
    { echo "deps.sh: apt-get failed" >&2; exit 1; }
$check && exit 0
echo "deps.sh: still missing something after apt-get" >&2
exit 1
