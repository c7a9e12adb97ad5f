#!/usr/bin/env bats
# Across hosts: the README's multi-host line (GNU parallel --pipe -k
# --sshlogin, the public key shipped with --basefile) run against a real
# OpenSSH server.  setup_file starts /usr/sbin/sshd on a free port of
# 127.0.0.1 and 127.0.0.2 (two "hosts" of one machine), with a throw-away
# host key and user key and every file of its own in the file's scratch
# directory: no system configuration is read or written (sshd -f, ssh -F),
# nor ~/.ssh.  The one piece of system state: run as root, sshd needs its
# privilege-separation directory /run/sshd, which Debian creates at boot;
# when it is missing, setup_file creates it (and says so) and leaves it.
#
# The remote login is the user running the tests (root logs in with a key
# only).  sshd's SetEnv gives the remote sessions the PATH of the build
# under test and SHLVL=1: bash then skips the login user's ~/.bashrc (as
# a nested shell does), which could change PATH, print or take seconds.
# Every test skips, with the reason, where ssh, sshd, GNU parallel or rsync
# (which --basefile uses) is missing or sshd does not start.

load test_helper

# pick_port: prints a TCP port of 127.0.0.1 free at the time of asking.
pick_port() {
	"$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# need_tools: prints why the file cannot run here, if it cannot.
need_tools() {
	local t
	[ -x /usr/sbin/sshd ] ||
	    { echo "/usr/sbin/sshd is missing (scripts/deps.sh --test installs openssh-server)"; return; }
	for t in ssh ssh-keygen parallel rsync; do
		command -v "$t" >/dev/null ||
		    { echo "$t is missing (scripts/deps.sh --test installs it)"; return; }
	done
	if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
		mkdir -m 0755 /run/sshd ||
		    { echo "cannot create /run/sshd, sshd's privilege-separation directory"; return; }
		echo "# multihost.bats: created /run/sshd (sshd's privilege-separation directory, missing)" >&3
	fi
}

# write_configs DIR PORT: sshd's and ssh's configuration, keys and
# known_hosts in DIR, for port PORT of 127.0.0.1 and 127.0.0.2.
write_configs() {
	local d=$1 port=$2 env v
	env="PATH=$PHI_BUILD/bin:/usr/bin:/bin PHI_DATADIR=$PHI_DATADIR SHLVL=1"
	# Pass the sanitizers' settings on: a remote ASan build then fails
	# the way a local one does.
	for v in ASAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS; do
		[ -z "${!v:-}" ] || env="$env $v=${!v}"
	done
	cat >"$d/sshd_config" <<-EOF
	Port $port
	ListenAddress 127.0.0.1
	ListenAddress 127.0.0.2
	HostKey $d/host_key
	AuthorizedKeysFile $d/authorized_keys
	PidFile $d/sshd.pid
	StrictModes no
	UsePAM no
	PermitRootLogin prohibit-password
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	PermitUserRC no
	X11Forwarding no
	AllowTcpForwarding no
	LogLevel VERBOSE
	SetEnv $env
	EOF
	cat >"$d/ssh_config" <<-EOF
	Host *
	  Port $port
	  IdentityFile $d/user_key
	  IdentitiesOnly yes
	  UserKnownHostsFile $d/known_hosts
	  GlobalKnownHostsFile /dev/null
	  StrictHostKeyChecking yes
	  BatchMode yes
	  ControlMaster no
	  LogLevel ERROR
	EOF
	echo "[127.0.0.1]:$port,[127.0.0.2]:$port $(cut -d' ' -f1,2 "$d/host_key.pub")" \
	    >"$d/known_hosts"
}

# start_sshd DIR: starts sshd on a free port (3 tries, 5 s each); prints
# the port once sshd listens on both addresses, or fails.
start_sshd() {
	local d=$1 port try i
	for try in 1 2 3; do
		port=$(pick_port) || return 1
		write_configs "$d" "$port"
		/usr/sbin/sshd -t -f "$d/sshd_config" 2>>"$d/sshd.log" || return 1
		/usr/sbin/sshd -D -e -f "$d/sshd_config" </dev/null >/dev/null 2>>"$d/sshd.log" 3>&- &
		for i in $(seq 50); do
			if [ "$(grep -c "^Server listening on 127\.0\.0\.[12] port $port\." \
			    "$d/sshd.log")" -eq 2 ] && [ -s "$d/sshd.pid" ]; then
				echo "$port"
				return 0
			fi
			kill -0 $! 2>/dev/null || break
			sleep 0.1
		done
		kill $! 2>/dev/null
		wait $! 2>/dev/null
	done
	return 1
}

setup_file() {
	local d="$BATS_FILE_TMPDIR/ssh" why
	export SSH_DIR="$d" SSH_SKIP="" SSH_PORT="" SSH_USER
	SSH_USER=$(id -un)
	why=$(need_tools)
	if [ -n "$why" ]; then
		SSH_SKIP=$why
		return 0
	fi
	mkdir -m 0700 "$d"
	ssh-keygen -q -t ed25519 -N '' -C phi-host -f "$d/host_key"
	ssh-keygen -q -t ed25519 -N '' -C phi-user -f "$d/user_key"
	cp "$d/user_key.pub" "$d/authorized_keys"
	if ! SSH_PORT=$(start_sshd "$d"); then
		SSH_SKIP="sshd did not start: $(tail -n 1 "$d/sshd.log" | tr -d '\r')"
	fi
	export PARALLEL_SSH="ssh -F $d/ssh_config"
	unset PARALLEL
}

teardown_file() {
	local pid i
	[ -s "$SSH_DIR/sshd.pid" ] || return 0
	pid=$(cat "$SSH_DIR/sshd.pid")
	kill "$pid" 2>/dev/null || return 0
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
}

suite_setup() {
	[ -z "$SSH_SKIP" ] || skip "$SSH_SKIP"
	phi-keygen -o team >/dev/null
}

# readme_multihost: the README's multi-host command (the line that
# starts "cat big.ndjson | parallel", with its continuation lines) with
# the README's hosts made this machine's two sshd addresses, one job slot
# each, and blocks small enough that both get several; fails if the
# README's line no longer reads the way these changes expect.
readme_multihost() {
	local line part
	line=$(awk '/^cat big\.ndjson \| parallel / { on = 1 }
	    on { if (n++) sub(/^ +/, ""); c = sub(/\\$/, "")
	        printf "%s", $0; if (!c) exit }' \
	    "$REPO/README.md")
	[ -n "$line" ] || { echo "README.md: no multi-host line" >&2; return 1; }
	for part in " --block 64M " " --sshlogin 8/host1,8/host2 " \
	    " --basefile team.pub " " phi-encrypt -k team.pub "; do
		[[ "$line" == *"$part"* ]] || {
			echo "README.md's multi-host line has no '$part': $line" >&2
			return 1
		}
	done
	line=${line/ --block 64M / --block 200k }
	line=${line/ 8\/host1,8\/host2 / 1\/$SSH_USER@127.0.0.1,1\/$SSH_USER@127.0.0.2 }
	echo "$line"
}

@test "the two sshd 'hosts' run the phi-encrypt under test" {
	for h in 127.0.0.1 127.0.0.2; do
		run ssh -F "$SSH_DIR/ssh_config" "$SSH_USER@$h" 'command -v phi-encrypt'
		assert_success
		assert_output "$PHI_BUILD/bin/phi-encrypt"
	done
}

@test "README's multi-host line: blocks go to both hosts, the key by --basefile, and the output decrypts byte for byte to the input" {
	cmd=$(readme_multihost)
	gen-events 2000 --seed 22 >big.ndjson
	# Run remote jobs in a directory of the scratch dir, not the login
	# dir (the user's home): the key reaches it only by --basefile.
	mkdir remote
	run env PARALLEL="--joblog $T/jobs.log --wd $T/remote" \
	    bash -c "set -o pipefail; $cmd >safe.ndjson"
	assert_success
	[ "$(wc -l <safe.ndjson)" -eq 2000 ]
	! cmp -s big.ndjson safe.ndjson || false
	[ "$(grep -c 'phi:1:' safe.ndjson)" -gt 100 ]
	phi-decrypt -K team.key safe.ndjson | cmp - big.ndjson
	# every job succeeded, and both hosts had some
	awk -F'\t' 'NR > 1 && $7 != 0 { exit 1 }' jobs.log
	[ "$(awk -F'\t' 'NR > 1' jobs.log | wc -l)" -ge 4 ]
	[ "$(awk -F'\t' 'NR > 1 { print $2 }' jobs.log | sort -u)" = \
	    "$SSH_USER@127.0.0.1
$SSH_USER@127.0.0.2" ]
	grep -q " on 127.0.0.1 port $SSH_PORT " "$SSH_DIR/sshd.log"
	grep -q " on 127.0.0.2 port $SSH_PORT " "$SSH_DIR/sshd.log"
	# --cleanup took the key away again
	[ ! -e remote/team.pub ]
}

@test "README's multi-host line without --basefile fails: the hosts have no key of their own" {
	cmd=$(readme_multihost)
	cmd=${cmd/ --basefile team.pub / }
	gen-events 50 --seed 22 >big.ndjson
	mkdir remote
	run env PARALLEL="--wd $T/remote" \
	    bash -c "set -o pipefail; $cmd >safe.ndjson"
	assert_failure
	assert_output --partial 'team.pub: cannot open'
	[ ! -s safe.ndjson ]
}
