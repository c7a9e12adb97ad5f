#!/usr/bin/env bats
# files.bats - outputs, reject files and key files in directories others
# may write (issue 16 §1, §4, §6; issue 15 §3, §4): no symbolic link is
# followed, no FIFO written or read, no other user's file used; modes;
# core dumps off.  Tests run as root: another user is nobody (chown).

load test_helper

suite_setup() {
	phi-keygen -o k >/dev/null
	printf '{"traits":{"email":"a@example.com"}}\n' >in.ndjson
	phi-encrypt -k k.pub -f traits.email -o enc.ndjson in.ndjson
}

@test "-o, --suffix, --in-place: a symbolic link at the output is refused (74), its target untouched" {
	printf 'victim\n' >victim
	ln -s victim out.ndjson
	run phi-decrypt -K k.key -o out.ndjson enc.ndjson
	assert_failure 74
	assert_output --partial "out.ndjson: is a symbolic link"
	[ "$(cat victim)" = victim ]
	[ -L out.ndjson ]
	ln -s victim enc.ndjson.dec
	run phi-decrypt -K k.key --suffix .dec enc.ndjson
	assert_failure 74
	[ "$(cat victim)" = victim ]
	cp enc.ndjson e2
	ln -s e2 e2link
	run phi-decrypt -K k.key --in-place e2link
	assert_failure 74
	cmp e2 enc.ndjson
	run phi-encrypt -k k.pub -f traits.email -o out.ndjson in.ndjson
	assert_failure 74
	[ "$(cat victim)" = victim ]
}

@test "-o into a FIFO is refused at once (74), nothing written to a reader" {
	mkfifo f
	run timeout 10 phi-decrypt -K k.key -o f enc.ndjson
	assert_failure 74
	assert_output --partial "f: is a FIFO"
}

@test "-o over another user's file is refused (74); /dev/null and /dev/stdout still work" {
	printf 'theirs\n' >theirs
	chown nobody theirs
	run phi-decrypt -K k.key -o theirs enc.ndjson
	assert_failure 74
	assert_output --partial "theirs: belongs to another user"
	[ "$(cat theirs)" = theirs ]
	phi-decrypt -K k.key -o /dev/null enc.ndjson
	run phi-decrypt -K k.key -o /dev/stdout enc.ndjson
	assert_success
	assert_output --partial "a@example.com"
	phi-decrypt -K k.key -o /dev/stdout enc.ndjson >file.out
	cmp file.out in.ndjson
}

@test "a replaced file keeps its mode only when group/other cannot write it" {
	printf 'x\n' >o1
	chmod 640 o1
	phi-encrypt -k k.pub -f traits.email -o o1 in.ndjson
	[ "$(stat -c %a o1)" = 640 ]
	printf 'x\n' >o2
	chmod 666 o2
	phi-encrypt -k k.pub -f traits.email -o o2 in.ndjson
	[ "$(stat -c %a o2)" = 600 ]
	umask 022
	phi-encrypt -k k.pub -f traits.email -o o3 in.ndjson
	[ "$(stat -c %a o3)" = 600 ]
}

@test "phi-decrypt output is 0600 whatever it replaces, unless --mode" {
	cp enc.ndjson d.ndjson
	chmod 644 d.ndjson
	phi-decrypt -K k.key --in-place d.ndjson
	[ "$(stat -c %a d.ndjson)" = 600 ]
	cmp d.ndjson in.ndjson
	printf 'x\n' >o
	chmod 644 o
	phi-decrypt -K k.key -o o enc.ndjson
	[ "$(stat -c %a o)" = 600 ]
	phi-decrypt -K k.key --mode 640 -o o enc.ndjson
	[ "$(stat -c %a o)" = 640 ]
	cp enc.ndjson s.ndjson
	phi-decrypt -K k.key --mode 0644 --suffix .dec s.ndjson
	[ "$(stat -c %a s.ndjson.dec)" = 644 ]
	run phi-decrypt -K k.key --mode 999 -o o enc.ndjson
	assert_failure 64
	assert_output --partial "--mode: '999' is not an octal mode"
}

@test "--reject: made only at the first bad line, never over a file (73), never an input (64); --reject-append adds" {
	phi-encrypt -k k.pub -f traits.email --reject rej -o out in.ndjson
	[ ! -e rej ]
	printf '{"a":1}\n[bad]\n' >mixed
	printf 'keep me\n' >old
	run phi-encrypt -k k.pub -f a --reject old -o out mixed
	assert_failure 73
	assert_output --partial "old: the reject file exists"
	[ "$(cat old)" = "keep me" ]
	run phi-encrypt -k k.pub -f a --reject-append mixed -o out mixed
	assert_failure 64
	assert_output --partial "mixed: the reject file is also an input"
	run phi-encrypt -k k.pub -f a --reject-append old -o out mixed
	assert_failure 65
	printf 'keep me\n[bad]\n' | cmp - old
	[ "$(stat -c %a old)" = 600 ]
	ln -s old rlink
	run phi-encrypt -k k.pub -f a --reject rlink -o out mixed
	assert_failure 74
	run phi-encrypt -k k.pub -f a --reject-append rlink -o out mixed
	assert_failure 74
	printf 'keep me\n[bad]\n' | cmp - old
	chown nobody old
	run phi-encrypt -k k.pub -f a --reject-append old -o out mixed
	assert_failure 74
	assert_output --partial "old: belongs to another user"
	run phi-encrypt -k k.pub -f a --reject /dev/null -o out mixed
	assert_failure 65
}

@test "key files: a symbolic link, a FIFO and another user's private key are refused (77) at once" {
	ln -s k.key klink
	run phi-decrypt -K klink enc.ndjson
	assert_failure 77
	assert_output --partial "klink: is a symbolic link"
	ln -s k.pub plink
	run phi-encrypt -k plink -f traits.email in.ndjson
	assert_failure 77
	mkfifo kf
	run timeout 10 phi-decrypt -K kf enc.ndjson
	assert_failure 77
	assert_output --partial "kf: is a FIFO"
	run timeout 10 phi-encrypt -k kf -f traits.email in.ndjson
	assert_failure 77
	cp k.key other.key
	chown nobody other.key
	run phi-decrypt -K other.key enc.ndjson
	assert_failure 77
	assert_output --partial "other.key: belongs to another user"
}

@test "audit keys: LOG.key and --audit-key must be the caller's regular files (77)" {
	head -c 32 /dev/urandom >ak
	chown nobody ak
	run phi-audit record -l a.log --audit-key ak -e E -u alice
	assert_failure 77
	assert_output --partial "ak: belongs to another user"
	mkfifo af
	run timeout 10 phi-audit record -l a.log --audit-key af -e E -u alice
	assert_failure 77
	head -c 32 /dev/urandom >real.key
	ln -s real.key b.log.key
	run phi-audit record -l b.log -e E -u alice
	assert_failure 77
	assert_output --partial "b.log.key: is a symbolic link"
}

@test "--passphrase-file: world-readable, a link or another user's is refused (77)" {
	printf 'open sesame\n' >pw
	PHI_PASSPHRASE="open sesame" phi-keygen -o e >/dev/null
	phi-keygen --id e.key --passphrase-file pw
	chmod 644 pw
	run phi-keygen --id e.key --passphrase-file pw
	assert_failure 77
	assert_output --partial "pw: permissions 0644 are too open"
	chmod 600 pw
	ln -s pw pwlink
	run phi-keygen --id e.key --passphrase-file pwlink
	assert_failure 77
	chown nobody pw
	run phi-keygen --id e.key --passphrase-file pw
	assert_failure 77
	refute_output --partial "open sesame"
}

# The limits of a running program, read while it waits on a FIFO.
core_limit_of() {
	mkfifo "$T/wait"
	(ulimit -c unlimited && exec "$@" <"$T/wait") >/dev/null 2>&1 &
	local pid=$!
	exec 8>"$T/wait"
	sleep 0.3
	grep '^Max core file size' "/proc/$pid/limits" | awk '{print $5}'
	exec 8>&-
	wait "$pid" || true
	rm -f "$T/wait"
}

@test "every program turns core dumps off at start (RLIMIT_CORE 0)" {
	[ "$(core_limit_of phi-encrypt -k k.pub -f a)" = 0 ]
	[ "$(core_limit_of phi-classify)" = 0 ]
	[ "$(core_limit_of phi-decrypt -K k.key)" = 0 ]
}

@test "every program is not dumpable (PR_SET_DUMPABLE 0): its /proc files belong to root, not to the user" {
	d=$(mktemp -d /tmp/phi-dump.XXXXXX)
	chmod 755 "$d"
	cp k.pub "$d/k.pub"
	chmod 644 "$d/k.pub"
	mkfifo -m 666 "$d/wait"
	for cmd in "phi-encrypt -k $d/k.pub -f a" phi-classify; do
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    sh -c "exec $PHI_BUILD/bin/$cmd <$d/wait >/dev/null" &
		pid=$!
		exec 8>"$d/wait"
		sleep 0.3
		owner=$(stat -c %U "/proc/$pid/environ")
		exec 8>&-
		wait "$pid" || true
		echo "$cmd: /proc/$pid/environ owned by $owner"
		[ "$owner" = root ]
	done
	rm -rf "$d"
}

@test "the audit log: never through a link, never a FIFO or another user's file (74, the target untouched)" {
	printf 'precious\n' >target
	ln -s target link.log
	run phi-audit record -l link.log -e "PHI Viewed" -u u1
	[ "$status" -eq 74 ]
	[[ "$output" == *"link.log: is a symbolic link"* ]]
	[ "$(cat target)" = precious ]
	# the filters' self-audit checks the log before they start
	run phi-encrypt -k k.pub -f traits.email --audit-log link.log in.ndjson
	[ "$status" -eq 74 ]
	[[ "$output" == *"audit log: link.log: is a symbolic link"* ]]
	[ "$(cat target)" = precious ]
	mkfifo fifo.log
	run timeout 10 phi-audit record -l fifo.log -e "PHI Viewed" -u u1
	[ "$status" -eq 74 ]
	[[ "$output" == *"fifo.log: not a regular file of yours or root's"* ]]
	printf '' >theirs.log
	chown nobody theirs.log
	run phi-audit record -l theirs.log -e "PHI Viewed" -u u1
	[ "$status" -eq 74 ]
	[ ! -s theirs.log ]
	# a log of one's own works as before
	phi-audit record -l mine.log -e "PHI Viewed" -u u1
	phi-audit verify --chain-only mine.log
}
