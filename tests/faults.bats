# faults.bats - failing system calls, full disks, kills and pipes
# (issue 7, item 3), with tests/faults/faultinject.c preloaded:
# FAULT_CALL=read|write|fsync|rename|link|open|malloc FAULT_AT=N makes the
# Nth call of that class fail (FAULT_ERRNO, FAULT_STICKY, FAULT_SHORT;
# see the file).  Every run must end with 0 or a documented status
# (64 65 66 70 74 77) and a message "prog: ...", never a signal or a
# sanitizer report, never a partial -o file (the old content stays
# whole; after a failure past the rename, the new one is) and never a
# temporary file left behind (.NAME.XXXXXX for -o, NAME.XXXXXX for keys).
# The -o temporary file has no name at all until the commit (O_TMPFILE),
# so a SIGKILL leaves nothing; FAULT_TMPFILE=EOPNOTSUPP makes every
# O_TMPFILE open fail as on a filesystem without it, which runs the
# named fallback (and /proc unmounted in a mount namespace of its own,
# where that is permitted).
#
# Allocations are made to fail where they are ours to handle:
# FAULT_SCOPE=main counts only the calls made by the programs' own code
# (every one of them is tried), FAULT_SCOPE=libyajl those made inside
# yajl on our behalf.  Failing OpenSSL's or glibc's own start-up
# allocations crashes inside those libraries (OpenSSL 3.0 takes a NULL
# lock, getpwuid asserts), which no caller can prevent, so the sweep
# does not count them.  Under ASan the executable defines malloc itself,
# so the library cannot make allocations fail there: the malloc tests
# are skipped (the library reports "unsupported"); the other classes run
# under both builds.
load test_helper

setup_file() {
	export D="$BATS_FILE_TMPDIR" FI="$BATS_FILE_TMPDIR/faultinject.so"
	cc -shared -fPIC -o "$FI" "$REPO/tests/faults/faultinject.c" -ldl
	phi-keygen -o "$D/k" >/dev/null
	phi-keygen --split 2/3 --from "$D/k.key" -o "$D/k" >/dev/null
	# shares of k, the first sealed with a passphrase, the second not
	(umask 077 && echo 'share pass phrase' >"$D/sp.pass")
	phi-keygen --split 2/2 --from "$D/k.key" -o "$D/ks" \
	    --share-passphrase-file "$D/sp.pass" --share-passphrase-file '' \
	    >/dev/null
	gen-events 1800 --seed 7 >"$D/mid.ndjson"
	# a marker in a selected field of the first and last events
	sed -i -e '1s/^{/{"secret":"SECRETVALUE",/' \
	    -e '$s/^{/{"secret":"SECRETVALUE",/' "$D/mid.ndjson"
	phi-encrypt -k "$D/k.pub" -f secret "$D/mid.ndjson" >"$D/mid.enc"
	phi-classify --report "$D/mid.ndjson" >"$D/mid.report"
	# phi-audit ingest writes a record per event: fewer events for it
	head -n 40 "$D/mid.ndjson" >"$D/few.ndjson"
	gen-events 20000 --seed 1 >"$D/gen.ndjson"
	# for phi-decrypt -o: output that is plaintext of sealed fields
	phi-encrypt -k "$D/k.pub" -f 'traits.*' "$D/gen.ndjson" >"$D/gen.enc"
	for i in 1 2 3 4 5 6; do cat "$D/gen.ndjson"; done >"$D/big.ndjson"
}

# The programs under test, each with -o o.ndjson where it has one;
# NAME-j2 is NAME with two worker threads (-j 2).
cmdline() {
	case $1 in
	*-j2) echo "$(cmdline "${1%-j2}") -j 2" ;;
	encrypt) echo "phi-encrypt -k $D/k.pub -f secret -f traits.* -o o.ndjson $D/mid.ndjson" ;;
	decrypt) echo "phi-decrypt -K $D/k.key -o o.ndjson $D/mid.enc" ;;
	classify) echo "phi-classify -o o.ndjson $D/mid.ndjson" ;;
	report) echo "phi-classify --report -o o.ndjson $D/mid.ndjson" ;;
	keygen) echo "phi-keygen -o nk" ;;
	split) echo "phi-keygen --split 2/3 -o nk" ;;
	combine) echo "phi-keygen --combine -o nk $D/k.share-3 $D/k.share-1" ;;
	decshares) echo "phi-decrypt -K $D/k.share-1 -K $D/k.share-2 -o o.ndjson $D/mid.enc" ;;
	splitpass) echo "phi-keygen --split 2/2 -o nk --share-passphrase-file $D/sp.pass" ;;
	combinepass) echo "phi-keygen --combine -o nk --share-passphrase-file $D/sp.pass $D/ks.share-1 $D/ks.share-2" ;;
	decsharespass) echo "phi-decrypt -K $D/ks.share-1 -K $D/ks.share-2 --passphrase-file $D/sp.pass -o o.ndjson $D/mid.enc" ;;
	record) echo "phi-audit record -l a.log -e Test -u user-1" ;;
	ingest) echo "phi-audit ingest -l a.log -e Test $D/few.ndjson" ;;
	ingest3) echo "phi-audit ingest -l a.log -e Test $D/three.ndjson" ;;
	verify) echo "phi-audit verify -k $D/s.pub $D/v.log" ;;
	review) echo "phi-audit review $D/v.log" ;;
	esac
}

# check_done NAME: after a run that exited 0, its output is right.
check_done() {
	case ${1%-j2} in
	encrypt) phi-decrypt -K "$D/k.key" o.ndjson | cmp - "$D/mid.ndjson" ;;
	decrypt | classify) cmp o.ndjson "$D/mid.ndjson" ;;
	report) cmp o.ndjson "$D/mid.report" ;;
	keygen) [ "$(phi-keygen --id nk.key)" = "$(phi-keygen --id nk.pub)" ] ;;
	split) [ "$(phi-keygen --combine -o chk nk.share-2 nk.share-3)" = \
	    "$(phi-keygen --id nk.pub)" ] && [ ! -e nk.key ] ;;
	splitpass) [ "$(phi-keygen --combine -o chk nk.share-1 nk.share-2 \
	    --share-passphrase-file "$D/sp.pass" </dev/null)" = \
	    "$(phi-keygen --id nk.pub)" ] && [ ! -e nk.key ] ;;
	combine | combinepass) [ "$(phi-keygen --id nk.key)" = "$(phi-keygen --id "$D/k.pub")" ] ;;
	decshares | decsharespass) cmp o.ndjson "$D/mid.ndjson" ;;
	record) phi-audit verify a.log >/dev/null 2>&1 &&
	    [ "$(grep -c '"event_type":"Test"' a.log)" -eq 1 ] ;;
	ingest) phi-audit verify a.log >/dev/null 2>&1 &&
	    [ "$(grep -c '"event_type":"Test"' a.log)" -eq 40 ] ;;
	ingest3) phi-audit verify a.log >/dev/null 2>&1 &&
	    [ "$(grep -c '"event_type":"Test"' a.log)" -eq 3 ] ;;
	verify | review) cmp out "$D/v.$1" ;;
	esac
}

# check_failed NAME: after a run that failed, nothing half-done is left:
# the old -o file, or (a failure after the rename) the whole new one; no
# key file; an audit log that verifies (an append that fails is taken
# back off the log: no torn record); of verify's findings and review's
# alerts only the true ones, those before the failure (running out of
# memory is never a finding).
check_failed() {
	case ${1%-j2} in
	encrypt | decrypt | classify | report | decshares | decsharespass)
		[ "$(cat o.ndjson)" = OLD ] || check_done "$1" ;;
	keygen | combine | combinepass) [ ! -e nk.key ] && [ ! -e nk.pub ] ;;
	split | splitpass) [ "$(ls -A | grep -c '^nk')" -eq 0 ] ;;
	record | ingest | ingest3)
		[ ! -e a.log ] || phi-audit verify a.log >/dev/null 2>&1 ;;
	verify | review) cmp -s -n "$(stat -c %s out)" out "$D/v.$1" ;;
	esac
}

# faulty CLASS N ARGS...: ARGS run with the Nth CLASS call failing
# (more FAULT_* variables may come from the environment).
faulty() {
	local cls=$1 n=$2
	shift 2
	FAULT_CALL=$cls FAULT_AT=$n FAULT_LOG="$T/fault.log" LD_PRELOAD="$FI" \
	    "$@"
}

# calls NAME CLASS: how many CLASS calls a clean run of NAME makes.
calls() {
	local sw="$T/count"
	rm -rf "$sw"
	mkdir "$sw"
	cd "$sw"
	echo OLD >o.ndjson
	rm -f "$T/fault.log"
	# shellcheck disable=SC2046
	faulty "$2" 0 $(cmdline "$1") >/dev/null 2>&1
	cd "$T"
	awk '$1 == "total" { print $3 }' "$T/fault.log"
}

# one_run NAME CLASS N: runs NAME with the fault and judges the result;
# prints a line and returns 1 if it is wrong.  (Few processes: it runs
# hundreds of times.)
one_run() {
	local name=$1 cls=$2 n=$3 sw="$T/sw" rc=0 why= f all
	local -a err
	rm -rf "$sw" && mkdir "$sw" && cd "$sw" || return 1
	echo OLD >o.ndjson
	# shellcheck disable=SC2046
	FAULT_CALL=$cls FAULT_AT=$n FAULT_LOG="$sw/fault.log" LD_PRELOAD="$FI" \
	    $(cmdline "$name") >out 2>err.txt || rc=$?
	mapfile -t err <err.txt
	all="${err[*]}"
	case $rc in
	0) check_done "$name" || why="exit 0 but the output is wrong" ;;
	64 | 65 | 66 | 70 | 74 | 77)
		if ! [[ "${err[0]:-}" =~ ^phi-[a-z]+:\ . ]]; then
			why="no message"
		elif ! check_failed "$name"; then
			why="half-done output left"
		fi ;;
	*) why="status $rc" ;;
	esac
	[[ "$all" != *Sanitizer* && "$all" != *"runtime error:"* ]] ||
	    why="sanitizer report"
	[[ "$all" != *SECRET* ]] || why="a value in the message"
	for f in .o.ndjson.?????? nk.key.?????? nk.pub.?????? a.log.key.?????? \
	    .nk.*.??????; do
		[ ! -e "$f" ] || why="temporary file left: $f"
	done
	cd "$T"
	if [ -n "$why" ]; then
		echo "$name $cls N=$n ${FAULT_ERRNO:-} ${FAULT_STICKY:+sticky}: $why"
		printf '    %s\n' "${err[@]:0:3}"
		return 1
	fi
	[ "$rc" -eq 0 ] || echo "$rc ${err[0]}" >>"$T/seen"
}

# sweep NAME CLASS N...: one_run for each N; fails after all have run.
sweep() {
	local name=$1 cls=$2 bad=0 n
	shift 2
	for n in "$@"; do
		one_run "$name" "$cls" "$n" || bad=$((bad + 1))
	done
	[ "$bad" -eq 0 ]
}

# spread TOTAL: call numbers to try: all of 1..TOTAL+1 up to 60, else
# the first 30, 20 spread between and the last 10.
spread() {
	local t=$1
	if [ "$t" -le 60 ]; then
		seq 1 $((t + 1))
	else
		seq 1 30
		seq 31 $(((t - 40) / 20)) $((t - 10))
		seq $((t - 9)) $((t + 1))
	fi
}

# sweep_all NAME CLASS: the calls of CLASS that NAME makes (see spread).
sweep_all() {
	local total
	total=$(calls "$1" "$2")
	[ -n "$total" ] || { echo "no count for $1 $2"; return 1; }
	# shellcheck disable=SC2046
	sweep "$1" "$2" $(spread "$total")
}

# sweep_every NAME CLASS: every call of CLASS that NAME makes, and one
# more (which fails nothing).
sweep_every() {
	local total
	total=$(calls "$1" "$2")
	[ -n "$total" ] || { echo "no count for $1 $2"; return 1; }
	# shellcheck disable=SC2046
	sweep "$1" "$2" $(seq 1 $((total + 1)))
}

# audit_fixtures: $D/three.ndjson (3 events) and $D/v.log, a small log
# (records with details and end users, ingested ones, a seal), with
# what verify and review print for it in $D/v.verify and $D/v.review.
audit_fixtures() {
	local ts=2026-03-02T10:00:00.000Z
	[ -e "$D/v.log" ] && return 0
	head -n 3 "$D/mid.ndjson" >"$D/three.ndjson"
	phi-keygen --sign -o "$D/s" >/dev/null
	phi-audit record -l "$D/v.log" -e "PHI Viewed" -a ann -u user-1 \
	    --timestamp "$ts" -d '{"rows":10,"files":["a","b"],"x":{"y":[1,2.5]}}'
	phi-audit ingest -l "$D/v.log" -e Test -a ann \
	    --map timestamp=timestamp "$D/three.ndjson"
	phi-audit seal -l "$D/v.log" -a ann -k "$D/s.key" >/dev/null
	phi-audit record -l "$D/v.log" -e "PHI Exported" -a bob -u user-2 \
	    --timestamp 2026-03-02T03:00:00.000Z -d '{"rows":1}'
	# a finding for review's PHI check, so that the sweeps reach the
	# code that prints it
	phi-audit record -l "$D/v.log" -e "PHI Viewed" -a ann -u user-3 \
	    --timestamp 2026-03-02T11:00:00.000Z --allow-details \
	    -d '{"byPatient":{"jane@example.com":1},"note":"call 415-555-0134"}'
	phi-audit verify -k "$D/s.pub" "$D/v.log" >"$D/v.verify" 2>/dev/null
	phi-audit review "$D/v.log" >"$D/v.review"
	[ -s "$D/v.review" ] # an off-hours alert
	grep -q '"alert":"phi"' "$D/v.review"
}

@test "the fault library counts and fails the calls it is asked to" {
	[ "$(calls encrypt read)" -ge 2 ]
	[ "$(calls encrypt write)" -ge 1 ]
	[ "$(calls encrypt open)" -ge 3 ]
	# the file, then its directory (after the rename)
	[ "$(calls encrypt fsync)" -eq 2 ]
	[ "$(calls encrypt rename)" -eq 1 ]
	# the unnamed temporary file is linked to a name at the commit; the
	# named fallback needs no link
	[ "$(calls encrypt link)" -eq 1 ]
	[ "$(FAULT_TMPFILE=EOPNOTSUPP calls encrypt link)" -eq 0 ]
	[ "$(FAULT_TMPFILE=EOPNOTSUPP calls encrypt fsync)" -eq 2 ]
	[ "$(calls keygen link)" -eq 2 ]
	run faulty write 1 phi-encrypt -k "$D/k.pub" -f 'traits.*' "$D/mid.ndjson"
	[ "$status" -eq 74 ]
	grep -qx 'injected write 1' "$T/fault.log"
	FAULT_ERRNO=ENOSPC run faulty write 1 phi-encrypt -k "$D/k.pub" \
	    -f 'traits.*' "$D/mid.ndjson"
	[ "$status" -eq 74 ]
	[[ "$output" == *"No space left on device" ]]
	# FAULT_AT=0 fails nothing
	rm -f "$T/fault.log"
	run faulty open 0 phi-encrypt -k "$D/k.pub" -f 'traits.*' -o o.ndjson \
	    "$D/mid.ndjson"
	[ "$status" -eq 0 ]
	! grep -q injected "$T/fault.log" || false
}

@test "read errors: 74 naming the input, no -o file, nothing left" {
	rm -f "$T/seen"
	for p in encrypt decrypt classify report ingest; do
		sweep_all "$p" read
		FAULT_ERRNO=EIO FAULT_STICKY=1 sweep "$p" read 1 2
	done
	grep -q "^74 phi-encrypt: $D/mid.ndjson: read error: Input/output error" "$T/seen"
	grep -q "^74 phi-classify: $D/mid.ndjson: read error: Input/output error" "$T/seen"
	grep -q "^77 phi-decrypt: $D/k.key: cannot read: Input/output error" "$T/seen"
}

@test "write errors (EIO, ENOSPC, sticky): 74, the old -o file whole" {
	rm -f "$T/seen"
	for p in encrypt decrypt classify report keygen record ingest split \
	    combine; do
		sweep_all "$p" write
		FAULT_ERRNO=ENOSPC FAULT_STICKY=1 sweep "$p" write 1 2 3
	done
	FAULT_ERRNO=ENOSPC sweep_all encrypt write
	grep -q "^74 phi-encrypt: o.ndjson: No space left on device" "$T/seen"
	grep -q "^74 phi-decrypt: o.ndjson: Input/output error" "$T/seen"
	grep -q "^74 phi-keygen: nk.key: .*No space left on device" "$T/seen"
	grep -q "^74 phi-audit: a.log: .*No space left on device" "$T/seen"
}

@test "fsync, rename and link failures: 74, old file whole, no temp file" {
	rm -f "$T/seen"
	for p in encrypt decrypt classify report keygen record ingest split \
	    combine; do
		sweep_all "$p" fsync
		sweep_all "$p" rename
		sweep_all "$p" link
	done
	grep -q "^74 phi-encrypt: o.ndjson: Input/output error" "$T/seen"
	grep -q "^74 phi-keygen: nk.key: " "$T/seen"
	# the link that names the complete -o file fails: 74, nothing left
	mkdir out
	echo OLD >out/o.ndjson
	run faulty link 1 phi-decrypt -K "$D/k.key" -o out/o.ndjson "$D/mid.enc"
	[ "$status" -eq 74 ]
	[ "$output" = "phi-decrypt: out/o.ndjson: Input/output error" ]
	[ "$(ls -A out)" = o.ndjson ] && [ "$(cat out/o.ndjson)" = OLD ]
}

@test "the named fallback (no O_TMPFILE): the same codes, nothing left" {
	local p e
	rm -f "$T/seen"
	export FAULT_TMPFILE=EOPNOTSUPP
	for p in encrypt decrypt classify report; do
		sweep_all "$p" fsync
		sweep_all "$p" rename
		sweep_all "$p" open
	done
	sweep_all decrypt write
	FAULT_ERRNO=ENOSPC FAULT_STICKY=1 sweep encrypt write 1 2 3
	grep -q "^74 phi-encrypt: o.ndjson: Input/output error" "$T/seen"
	grep -q "^74 phi-decrypt: o.ndjson: Input/output error" "$T/seen"
	grep -q "^74 phi-encrypt: o.ndjson: No space left on device" "$T/seen"
	grep -q "^74 phi-decrypt: o.ndjson: Input/output error" "$T/seen"
	# each errno an older kernel or another filesystem gives
	for e in EOPNOTSUPP EISDIR EINVAL; do
		rm -rf out
		mkdir out
		echo OLD >out/o.ndjson
		chmod 640 out/o.ndjson
		FAULT_TMPFILE=$e LD_PRELOAD="$FI" phi-decrypt -K "$D/k.key" \
		    -o out/o.ndjson "$D/mid.enc"
		cmp out/o.ndjson "$D/mid.ndjson"
		[ "$(ls -A out)" = o.ndjson ]
		# phi-decrypt's plaintext is 0600 whatever it replaces
		[ "$(stat -c %a out/o.ndjson)" = 600 ]
	done
	# any other error of the O_TMPFILE open is the output's error
	FAULT_TMPFILE=EACCES run env LD_PRELOAD="$FI" phi-encrypt \
	    -k "$D/k.pub" -f secret -o out/o.ndjson "$D/mid.ndjson"
	[ "$status" -eq 74 ]
	[ "$output" = "phi-encrypt: out/o.ndjson: Permission denied" ]
	[ "$(ls -A out)" = o.ndjson ]
	cmp out/o.ndjson "$D/mid.ndjson"
}

@test "open failures: 66 for inputs, 77 for keys, 74 for outputs" {
	rm -f "$T/seen"
	for p in encrypt decrypt classify report keygen record ingest split \
	    combine decshares; do
		sweep_all "$p" open
		# phi-classify opens the rules and 6 name dictionaries first
		FAULT_ERRNO=EACCES sweep "$p" open 1 2 3 4 5 6 7 8 9 10 11 12
		FAULT_ERRNO=EMFILE FAULT_STICKY=1 sweep "$p" open 1 2 3
	done
	grep -q "^66 phi-encrypt: $D/mid.ndjson: Input/output error" "$T/seen"
	grep -q "^66 phi-classify: $D/mid.ndjson: Permission denied" "$T/seen"
	grep -q "^77 phi-encrypt: $D/k.pub: cannot open: Input/output error" "$T/seen"
	grep -q "^77 phi-decrypt: $D/k.key: cannot open: Permission denied" "$T/seen"
	grep -q "^74 phi-encrypt: o.ndjson: Input/output error" "$T/seen"
	grep -q "^74 phi-keygen: nk.key: cannot create" "$T/seen"
}

@test "EINTR is retried and short writes completed by the filters and phi-keygen" {
	rm -f "$T/seen"
	for p in encrypt decrypt classify report keygen split combine; do
		FAULT_ERRNO=EINTR sweep_all "$p" read
		FAULT_ERRNO=EINTR sweep_all "$p" write
		FAULT_SHORT=1 sweep_all "$p" write
	done
	# every one of those finished
	[ ! -s "$T/seen" ] || { cat "$T/seen"; return 1; }
}

@test "phi-audit: EINTR is retried; a short or failed write is 74 and taken back off the log" {
	rm -f "$T/seen"
	for p in record ingest; do
		FAULT_ERRNO=EINTR sweep_all "$p" read
		FAULT_ERRNO=EINTR sweep_all "$p" write
	done
	[ ! -s "$T/seen" ] || { cat "$T/seen"; return 1; }
	# check_failed: the log verifies, no torn record is left
	FAULT_SHORT=1 sweep_all record write
	FAULT_SHORT=1 sweep_all ingest write
	FAULT_SHORT=fail FAULT_ERRNO=ENOSPC sweep_all ingest write
	grep -qx "74 phi-audit: a.log: short write (disk full?) (the log is unchanged)" "$T/seen"
	grep -qx "74 phi-audit: a.log: write: No space left on device (the log is unchanged)" "$T/seen"
}

# audit_fault ARGS...: phi-audit ARGS with the first write (the
# record's) failing as FAULT_SHORT, FAULT_ERRNO, FAULT_KILL and FAULT_AT
# (default 1) from the environment say.
audit_fault() {
	FAULT_CALL=write FAULT_AT=${FAULT_AT:-1} LD_PRELOAD="$FI" phi-audit "$@"
}

# findings FILE: the kinds and lines of verify's findings for FILE.
findings() {
	phi-audit verify "$1" 2>/dev/null |
	    sed 's/.*"kind":"\([a-z_]*\)".*"line":\([0-9]*\).*/\1 \2/'
}

@test "phi-audit: a failed append leaves exactly the records before it" {
	local mode
	phi-audit record -l a.log -e Start -u user-0 -d '{"rows":1}'
	cp a.log before.log
	for mode in "FAULT_SHORT=1" "FAULT_SHORT=fail FAULT_ERRNO=ENOSPC" \
	    "FAULT_ERRNO=EIO"; do
		cp before.log a.log
		run env $mode FAULT_CALL=write FAULT_AT=1 LD_PRELOAD="$FI" \
		    phi-audit record -l a.log -e Lost -u user-1
		[ "$status" -eq 74 ]
		[[ "$output" =~ ^phi-audit:\ a\.log:\ .*\(the\ log\ is\ unchanged\)$ ]]
		cmp a.log before.log
		phi-audit verify a.log 2>/dev/null
	done
	# ingest writes a record per event: the 7th fails half-way, the six
	# before it stay whole
	FAULT_SHORT=fail FAULT_AT=7 run audit_fault ingest -l a.log -e Test \
	    "$D/few.ndjson"
	[ "$status" -eq 74 ]
	[ "$(wc -l <a.log)" -eq $(($(wc -l <before.log) + 6)) ]
	cmp -n "$(stat -c %s before.log)" a.log before.log
	[ -z "$(tail -c 1 a.log | tr -d '\n')" ]
	phi-audit verify a.log 2>/dev/null
	# a last line torn before (a crash) is cut back to, not beyond: verify
	# still reports that tear and nothing else; the next append ends it
	printf '{"seq":8,"timest' >>a.log
	cp a.log before.log
	FAULT_SHORT=1 run audit_fault record -l a.log -e Lost
	[ "$status" -eq 74 ]
	cmp a.log before.log
	phi-audit record -l a.log -e After
	[ "$(findings a.log)" = "torn 9" ]
}

@test "SIGKILL in the middle of an append: verify reports the torn last record" {
	local size
	# (with an end user, so that the pseudonym key exists: the first
	# write of the next run is the record's)
	phi-audit record -l a.log -e Start -u user-0
	cp a.log before.log
	# killed after writing half the record
	FAULT_SHORT=1 FAULT_KILL=1 run audit_fault record -l a.log -e Killed \
	    -u user-1
	[ "$status" -eq 137 ]
	size=$(stat -c %s before.log)
	cmp -n "$size" a.log before.log
	[ "$(stat -c %s a.log)" -gt "$size" ]
	[ -n "$(tail -c 1 a.log | tr -d '\n')" ]
	run phi-audit verify a.log
	[ "$status" -eq 65 ]
	[ "$(findings a.log)" = "torn 3" ]
	# the next append ends the torn line and chains to the record before
	phi-audit record -l a.log -e After
	[ "$(findings a.log)" = "torn 3" ]
	[ "$(grep -c '"event_type":"After"' a.log)" -eq 1 ]
	# ingest killed in its 5th record: four whole records, then the tear
	rm a.log
	FAULT_SHORT=1 FAULT_KILL=1 FAULT_AT=5 run audit_fault ingest -l a.log \
	    -e Test "$D/few.ndjson"
	[ "$status" -eq 137 ]
	[ "$(findings a.log)" = "torn 6" ]
	[ "$(head -n 5 a.log | grep -c '"event_type":"Test"')" -eq 4 ]
}

# malloc_supported: skips the test under ASan.
malloc_supported() {
	rm -f "$T/fault.log"
	faulty malloc 0 phi-keygen --version >/dev/null 2>&1
	if grep -q unsupported "$T/fault.log"; then
		skip "allocations cannot be made to fail under ASan"
	fi
}

@test "every allocation of the programs' own code may fail: 70 or done" {
	local p bad=0
	malloc_supported
	rm -f "$T/seen"
	for p in encrypt decrypt classify report keygen record ingest split \
	    combine decshares; do
		FAULT_SCOPE=main sweep_all "$p" malloc || bad=$((bad + 1))
	done
	[ "$bad" -eq 0 ]
	grep -q "^70 phi-encrypt: out of memory" "$T/seen"
	grep -q "^70 phi-classify: out of memory" "$T/seen"
}

# Sealed shares (a passphrase, scrypt N=2^18: 256 MiB and about a second
# a share, so fewer runs): every allocation of our own code in turn, a
# spread of OpenSSL's, and scrypt's 256 MiB itself (under ulimit -v):
# 70, never a crash, a misleading 77 (a "wrong passphrase") or a file.
@test "sealed key shares: allocations (ours, OpenSSL's, scrypt's) may fail: 70 or done" {
	local p bad=0 total
	malloc_supported
	rm -f "$T/seen"
	for p in splitpass combinepass decsharespass; do
		FAULT_SCOPE=main sweep_every "$p" malloc || bad=$((bad + 1))
	done
	total=$(FAULT_SCOPE=libcrypto calls combinepass malloc)
	# shellcheck disable=SC2046
	FAULT_SCOPE=libcrypto sweep combinepass malloc $(spread "$total") ||
	    bad=$((bad + 1))
	[ "$bad" -eq 0 ]
	grep -q "^70 phi-keygen: out of memory" "$T/seen"
	run grep -v "^70 " "$T/seen"
	[ "$status" -eq 1 ] || { echo "$output"; return 1; }
	# scrypt cannot have its memory: 70 naming the share, nothing written
	for p in splitpass combinepass; do
		run bash -c "ulimit -v 150000; $(cmdline $p)"
		[ "$status" -eq 70 ]
		[[ "$output" == *"out of memory"* ]]
		[ "$(ls -A | grep -c '^nk')" -eq 0 ]
	done
	run bash -c "ulimit -v 150000; $(cmdline combinepass)"
	[ "$output" = "phi-keygen: $D/ks.share-1: out of memory" ]
}

@test "allocations inside yajl by the filters may fail: 70, never a crash" {
	local p n total rc
	malloc_supported
	# yajl allocates only through ndjson's checked functions (which are
	# the program's own code, FAULT_SCOPE=main): never by itself
	for p in encrypt decrypt classify report; do
		[ "$(FAULT_SCOPE=libyajl calls "$p" malloc)" = 0 ] ||
		    { echo "$p: yajl allocates unchecked"; return 1; }
	done
	# lines that make yajl grow its state stack (deep nesting) and its
	# lexer buffer (escapes) mid-run: every allocation fails in turn
	{
		echo '{"a":"x"}'
		printf '{"deep":%s1%s,"e\\u00e9":"q\\"uote\\u00e9"}\n' \
		    "$(printf '[%.0s' $(seq 300))" "$(printf ']%.0s' $(seq 300))"
		echo '{"secret":"SECRETVALUE","k\\n":"v\\t"}'
	} >y.ndjson
	phi-encrypt -k "$D/k.pub" -f secret -f 'eé' y.ndjson >want.ndjson
	FAULT_CALL=malloc FAULT_AT=0 FAULT_SCOPE=main FAULT_LOG="$T/y.log" \
	    LD_PRELOAD="$FI" phi-encrypt -k "$D/k.pub" -f secret -f 'eé' \
	    y.ndjson >/dev/null
	total=$(awk '$1 == "total" { print $3 }' "$T/y.log")
	[ "$total" -gt 20 ]
	for n in $(seq 1 $((total + 1))); do
		rc=0
		FAULT_CALL=malloc FAULT_AT=$n FAULT_SCOPE=main FAULT_LOG=/dev/null \
		    LD_PRELOAD="$FI" phi-encrypt -k "$D/k.pub" -f secret -f 'eé' \
		    y.ndjson >got.ndjson 2>err.txt || rc=$?
		case $rc in
		0) [ "$(wc -l <got.ndjson)" -eq 3 ] ||
		    { echo "N=$n: exit 0, output short"; return 1; } ;;
		70) [[ "$(cat err.txt)" =~ ^phi-encrypt:\ [^$'\n']+$ ]] ||
		    { echo "N=$n: $(cat err.txt)"; return 1; } ;;
		*) echo "N=$n: status $rc: $(cat err.txt)"; return 1 ;;
		esac
		! grep -q SECRETVALUE got.ndjson err.txt || false
	done
}

@test "allocations inside yajl by phi-audit may fail: 70, never a crash, a broken chain or a false finding" {
	local p bad=0
	malloc_supported
	audit_fixtures
	# yajl allocates only through yajlmem's checked functions (which are
	# the program's own code, FAULT_SCOPE=main): never by itself
	for p in record ingest verify review; do
		[ "$(FAULT_SCOPE=libyajl calls "$p" malloc)" = 0 ] ||
		    { echo "$p: yajl allocates unchecked"; return 1; }
	done
	# so every allocation of these runs fails in turn, yajl's among them
	rm -f "$T/seen"
	for p in record ingest3 verify review; do
		FAULT_SCOPE=main sweep_every "$p" malloc || bad=$((bad + 1))
	done
	[ "$bad" -eq 0 ]
	grep -qx "70 phi-audit: out of memory" "$T/seen"
	[ -z "$(grep -v 'out of memory$' "$T/seen")" ]
}

@test "standard output on a full disk: 74 and a message, for every program" {
	local p
	for p in encrypt decrypt classify report; do
		run sh -c "$(cmdline "$p" | sed 's/ -o o.ndjson//') >/dev/full"
		[ "$status" -eq 74 ]
		[[ "$output" =~ ^phi-[a-z]+:\ standard\ output:\ No\ space\ left\ on\ device$ ]] ||
		    { echo "$p: $output"; return 1; }
		[[ "$output" != *SECRET* ]]
	done
	for c in phi-encrypt phi-decrypt phi-classify phi-audit phi-keygen; do
		for o in --help --version; do
			run sh -c "$c $o >/dev/full"
			[ "$status" -eq 74 ]
			[ "$output" = "$c: standard output: No space left on device" ]
		done
	done
	run sh -c "phi-keygen --id $D/k.pub >/dev/full"
	[ "$status" -eq 74 ]
	run sh -c "phi-classify --list-rules >/dev/full"
	[ "$status" -eq 74 ]
	tok=$(grep -o '"phi:1:[^"]*"' "$D/mid.enc" | head -n 1 | tr -d '"')
	run sh -c "phi-decrypt -K $D/k.key --token $tok >/dev/full"
	[ "$status" -eq 74 ]
	phi-audit record -l a.log -e Test
	printf 'torn' >>a.log
	run sh -c "phi-audit verify a.log >/dev/full"
	[ "$status" -eq 74 ] || [ "$status" -eq 65 ]
	[[ "$output" == *"standard output: No space left on device"* ]]
}

@test "-o onto /dev/full: 74; onto /dev/null written in place; a link or a fifo refused" {
	ln -s /dev/full full
	for p in encrypt decrypt classify report; do
		run $(cmdline "$p" | sed 's|-o o.ndjson|-o /dev/full|')
		[ "$status" -eq 74 ]
		[[ "$output" =~ ^phi-[a-z]+:\ /dev/full:\ No\ space\ left\ on\ device$ ]] ||
		    { echo "$p: $output"; return 1; }
		run $(cmdline "$p" | sed 's|-o o.ndjson|-o /dev/null|')
		[ "$status" -eq 0 ]
		# a symbolic link is never followed, even to a device
		run $(cmdline "$p" | sed 's/-o o.ndjson/-o full/')
		[ "$status" -eq 74 ]
		[[ "$output" == *"full: is a symbolic link"* ]]
	done
	# the link and the device are still what they were
	[ "$(readlink full)" = /dev/full ]
	[ -c /dev/full ]
	[ -c /dev/null ]
	mkfifo fifo
	run timeout 10 phi-encrypt -k "$D/k.pub" -f 'traits.*' -o fifo "$D/mid.ndjson"
	[ "$status" -eq 74 ]
	[ -p fifo ]
	# a link to a regular file: refused, the file and the link stay
	echo OLD >real
	ln -s real link
	run phi-encrypt -k "$D/k.pub" -f 'traits.*' -o link "$D/mid.ndjson"
	[ "$status" -eq 74 ]
	[ -L link ]
	[ "$(cat real)" = OLD ]
	run phi-encrypt -k "$D/k.pub" -f 'traits.*' -o "$T" "$D/mid.ndjson"
	[ "$status" -eq 74 ]
	[ "$output" = "phi-encrypt: $T: is a directory" ]
	[ -z "$(ls -A | grep '^\.')" ]
}

# tmp_size PID DIR: the size of the file PID has open for writing in
# DIR (its -o temporary file: an unnamed one shows in /proc as
# "DIR/#INODE (deleted)"), or nothing.
tmp_size() {
	local f
	for f in /proc/"$1"/fd/*; do
		case $(readlink "$f" 2>/dev/null) in
		"$2"/*) stat -L -c %s "$f" 2>/dev/null && return 0 ;;
		esac
	done
}

# start_half SRC BYTES CMD...: starts CMD... (which writes -o into out/)
# reading from the fifo in.fifo, feeds it the first BYTES bytes of SRC
# on fd 9 and waits until its temporary output has grown; HALF is then
# its size (0: not seen).
start_half() {
	local src=$1 bytes=$2 i dir s=
	shift 2
	mkdir -p out
	dir=$(cd out && pwd -P)
	rm -f in.fifo
	mkfifo in.fifo
	"$@" <in.fifo >cmd.out 2>cmd.err 3>&- &
	PID=$!
	exec 9>in.fifo
	head -c "$bytes" "$src" >&9
	for i in $(seq 100); do
		s=$(tmp_size "$PID" "$dir")
		[ "${s:-0}" -gt 0 ] && break
		sleep 0.05
	done
	HALF=${s:-0}
}

# finish_half SRC BYTES: feeds the rest of SRC and waits for the run.
finish_half() {
	tail -c +$(($2 + 1)) "$1" >&9
	exec 9>&-
	wait "$PID"
}

# kill_half: kills the run start_half started (SIGKILL).
kill_half() {
	kill -9 "$PID"
	exec 9>&-
	wait "$PID" || true
}

@test "-o over an existing file keeps the old file whole until the end" {
	mkdir out
	echo OLD >out/o.ndjson
	chmod 640 out/o.ndjson
	start_half "$D/gen.ndjson" 7000000 \
	    phi-encrypt -k "$D/k.pub" -f 'traits.*' -o out/o.ndjson
	# half the output written, to a file that has no name yet
	[ "$HALF" -gt 0 ]
	[ "$(ls -A out)" = o.ndjson ]
	[ "$(cat out/o.ndjson)" = OLD ]
	finish_half "$D/gen.ndjson" 7000000
	[ "$(ls -A out)" = o.ndjson ]
	[ "$(stat -c %a out/o.ndjson)" = 640 ]
	phi-decrypt -K "$D/k.key" out/o.ndjson | cmp - "$D/gen.ndjson"
}

# hidden_temps: how many named temporary files .o.ndjson.XXXXXX out/
# holds.
hidden_temps() {
	local f n=0
	for f in out/.o.ndjson.??????; do
		[ ! -e "$f" ] || n=$((n + 1))
	done
	echo "$n"
}

# kill_cmd NAME: the input and command line of a run that kill tests
# stop half-way.
kill_cmd() {
	case $1 in
	encrypt) echo "$D/gen.ndjson phi-encrypt -k $D/k.pub -f traits.*" ;;
	decrypt) echo "$D/gen.enc phi-decrypt -K $D/k.key" ;;
	classify) echo "$D/gen.ndjson phi-classify" ;;
	esac
}

@test "SIGKILL mid-way leaves nothing in the -o directory but the old file" {
	local p
	for p in encrypt decrypt classify; do
		# shellcheck disable=SC2046
		set -- $(kill_cmd "$p")
		rm -rf out
		mkdir out
		echo OLD >out/o.ndjson
		start_half "$1" 7000000 "${@:2}" -o out/o.ndjson
		[ "$HALF" -gt 0 ] || { echo "$p: no output seen"; return 1; }
		kill_half
		[ "$(ls -A out)" = o.ndjson ] ||
		    { echo "$p left: $(ls -A out | tr '\n' ' ')"; return 1; }
		[ "$(cat out/o.ndjson)" = OLD ]
		# without an old file there is nothing at all
		rm -rf out
		mkdir out
		start_half "$1" 7000000 "${@:2}" -o out/o.ndjson
		[ "$HALF" -gt 0 ] || { echo "$p: no output seen"; return 1; }
		kill_half
		[ -z "$(ls -A out)" ] ||
		    { echo "$p left: $(ls -A out | tr '\n' ' ')"; return 1; }
	done
}

@test "SIGKILL with the named fallback: the old file whole, a hidden 0600 file left" {
	local p f
	for p in encrypt decrypt; do
		# shellcheck disable=SC2046
		set -- $(kill_cmd "$p")
		rm -rf out
		mkdir out
		echo OLD >out/o.ndjson
		start_half "$1" 7000000 env FAULT_TMPFILE=EOPNOTSUPP \
		    LD_PRELOAD="$FI" "${@:2}" -o out/o.ndjson
		[ "$HALF" -gt 0 ]
		# the fallback's temporary file has a name from the start
		[ "$(hidden_temps)" -eq 1 ]
		kill_half
		[ "$(cat out/o.ndjson)" = OLD ]
		# what a kill leaves there is that hidden file, mode 0600: the
		# known limit of the fallback
		for f in out/.o.ndjson.*; do
			[ "$(stat -c %a "$f")" = 600 ]
		done
		[ "$(find out -mindepth 1 | wc -l)" -eq 2 ]
	done
}

# no_proc CMD...: execs CMD... in a mount namespace of its own without
# /proc (the process that calls it becomes CMD).
no_proc() {
	exec unshare -m sh -c 'umount -l /proc && exec "$@"' no_proc "$@"
}

@test "without /proc: the named fallback; -o still atomic, nothing left" {
	(no_proc phi-keygen --version) >/dev/null 2>&1 ||
	    skip "cannot run a program without /proc here (unshare -m, or ASan)"
	mkdir out
	echo OLD >out/o.ndjson
	chmod 640 out/o.ndjson
	start_half "$D/gen.enc" 7000000 \
	    no_proc phi-decrypt -K "$D/k.key" -o out/o.ndjson
	[ "$HALF" -gt 0 ]
	# a named temporary file (that is the fallback), the old file whole
	[ "$(hidden_temps)" -eq 1 ]
	[ "$(cat out/o.ndjson)" = OLD ]
	finish_half "$D/gen.enc" 7000000
	[ "$(ls -A out)" = o.ndjson ]
	[ "$(stat -c %a out/o.ndjson)" = 600 ] # phi-decrypt: plaintext 0600
	cmp out/o.ndjson "$D/gen.ndjson"
}

# verify_after_kill TORN: phi-audit verify passes, or (exit 65) its only
# findings are torn lines, each a write that SIGKILL cut short: Linux ends
# a write between two pages when a fatal signal is pending, so a record
# that crosses a page boundary can be cut (phi-audit(1): "only a crash in
# the middle of the write leaves a torn last line").  Every other record
# must be valid.  Sets TORN to the number of torn lines.
verify_after_kill() {
	local head valid all
	run phi-audit verify a.log
	TORN=$(printf '%s\n' "$output" | grep -c '^{"kind":"torn"' || true)
	if [ "$status" -ne 0 ]; then
		[ "$status" -eq 65 ] || { echo "$output"; return 1; }
		[ "$(printf '%s\n' "$output" | grep '^{' | jq -r .kind |
		    sort -u)" = torn ] || { echo "$output"; return 1; }
	fi
	head=$(printf '%s\n' "$output" | grep -m1 'records valid')
	head=${head#phi-audit: }
	valid=${head%%/*}
	all=${head#*/}
	all=${all%% *}
	[ $((all - valid)) -eq "$TORN" ] || { echo "$output"; return 1; }
}

@test "verify_after_kill: takes a torn last line, not a changed record" {
	phi-audit record -l a.log -e A
	phi-audit record -l a.log -e B
	verify_after_kill
	[ "$TORN" -eq 0 ]
	printf '{"seq":3,"timestamp":"2026-' >>a.log
	verify_after_kill
	[ "$TORN" -eq 1 ]
	sed -i '2s/"A"/"X"/' a.log
	run verify_after_kill
	assert_failure
}

@test "SIGKILL of phi-audit ingest leaves whole records (or a write cut short that verify names); appends go on" {
	local i
	phi-audit record -l a.log -e Start
	for i in 1 2 3; do
		phi-audit ingest -l a.log -e Test "$D/big.ndjson" &
		sleep "0.$((i * 2))"
		kill -9 $! 2>/dev/null || true
		wait $! || true
		verify_after_kill
	done
	phi-audit record -l a.log -e After
	verify_after_kill
	# the last record chains on: it is valid, and so is the log's end
	[ "$(tail -n 1 a.log | jq -r .event_type)" = After ]
	[ "$(tail -n 1 a.log | jq -r .seq)" -eq "$(($(grep -c . a.log) - 1 - TORN))" ]
}

@test "| head -1 (SIGPIPE) ends quietly" {
	local p
	for p in "phi-encrypt -k $D/k.pub -f traits.*" "phi-decrypt -K $D/k.key" \
	    "phi-classify" "phi-classify --redact yellow"; do
		run bash -c "set -o pipefail; $p $D/gen.ndjson 2>err | head -n 1 >/dev/null"
		[ "$status" -eq 141 ] || [ "$status" -eq 0 ]
		[ ! -s err ] || { cat err; return 1; }
	done
}

@test "a slow pipe: events arriving with pauses are all processed" {
	local p
	for p in "phi-encrypt -k $D/k.pub -f traits.*" "phi-decrypt -K $D/k.key" \
	    "phi-classify" "phi-classify --report" "phi-audit ingest -l a.log -e Test"; do
		(
			head -n 2 "$D/mid.ndjson"
			sleep 0.2
			sed -n 3p "$D/mid.ndjson" | head -c 100
			sleep 0.2
			sed -n 3p "$D/mid.ndjson" | tail -c +101
			sleep 0.2
			printf '{"traits":{"a":1}}'
		) | $p >out 2>err
		[ ! -s err ]
		case $p in
		*--report) grep -q '"path":"traits.a"' out ;;
		*ingest*) [ "$(grep -c '"event_type":"Test"' a.log)" -eq 4 ] ;;
		*) [ "$(wc -l <out)" -eq 3 ] && [ "$(tail -c 1 out)" = "}" ] || false ;;
		esac
	done
}

# OpenSSL's own allocations: its set-up (the first ~50), key loading,
# key generation, HKDF, the AEAD.  A failure there is exit 70, never a
# crash and never a key or data error (77, 65) that would send the user
# looking for a bad key file or a damaged token.
@test "allocations inside OpenSSL may fail: 70 or done, never a crash or a misleading 77/65" {
	local p bad=0 total
	malloc_supported
	rm -f "$T/seen"
	for p in encrypt decrypt keygen record split combine decshares; do
		total=$(FAULT_SCOPE=libcrypto calls "$p" malloc)
		# shellcheck disable=SC2046
		FAULT_SCOPE=libcrypto sweep "$p" malloc $(seq 1 60) \
		    $(seq 61 $(((total - 60) / 60 + 1)) "$total") ||
		    bad=$((bad + 1))
	done
	[ "$bad" -eq 0 ]
	grep -q "^70 phi-keygen: out of memory (setting OpenSSL up)" "$T/seen"
	grep -q "^70 phi-encrypt: HPKE: " "$T/seen"
	run grep -v "^70 " "$T/seen"
	[ "$status" -eq 1 ] || { echo "$output"; return 1; }
}

# ---- phi-audit rotate (issue 7): a failing call or a kill at any point
# of a rotation leaves either the old log as it was (it verifies) or the
# rotation complete (the rotated copy whole, a new log of one "Audit Log
# Rotated" record chained to it): never an empty or torn live log, never
# a lost record.  A failure is 74 naming the file.

# rot_setup: a.log with a few records (end users, details, a seal) and
# before.log, a copy of it, in $T.
rot_setup() {
	local i
	phi-keygen --sign -o s >/dev/null
	for i in 1 2 3; do
		phi-audit record -l a.log -e Start -u "user-$i" -d '{"rows":1}'
	done
	phi-audit seal -l a.log -k s.key >/dev/null
	phi-audit record -l a.log -e Last -u user-4
	cp a.log before.log
}

# rot_state: "old" when a.log is before.log and verifies, "done" when
# a.log.1 is before.log and a.log is one Rotated record naming it and
# chained to it; otherwise what is wrong.
rot_state() {
	if cmp -s a.log before.log; then
		phi-audit verify -k s.pub a.log >/dev/null 2>&1 &&
		    echo old || echo "old log fails verify"
	elif [ ! -s a.log ]; then
		echo "live log empty or gone"
	elif ! cmp -s a.log.1 before.log; then
		echo "live log changed, rotated copy not whole"
	elif [ "$(wc -l <a.log)" -ne 1 ] ||
	    [ "$(jq -r '"\(.event_type) \(.details.file)"' a.log)" != \
	        "Audit Log Rotated a.log.1" ]; then
		echo "new log is not one Rotated record"
	elif ! phi-audit verify -k s.pub a.log.1 a.log >/dev/null 2>&1; then
		echo "rotated files do not verify as one"
	else
		echo done
	fi
}

# rot_extra KILLED: files left beside a.log and a.log.1 that should not
# be.  After a kill between the new log's link to its hidden name and
# the rename, that hidden .a.log.XXXXXX is left, whole: one Rotated
# record that continues the old chain.
rot_extra() {
	local f
	for f in .[!.]* *; do
		case $f in
		'.[!.]*' | '*' | a.log | a.log.1 | a.log.key | before.log | \
		    s.key | s.pub | out | err.txt) ;;
		.a.log.??????)
			[ -n "$1" ] && [ "$(wc -l <"$f")" -eq 1 ] &&
			    phi-audit verify --chain-only before.log "$f" \
				>/dev/null 2>&1 ||
			    echo "$f" ;;
		*) echo "$f" ;;
		esac
	done
}

# rot_run CLASS N: phi-audit rotate with the Nth CLASS call failing (or
# killing it: FAULT_KILL), in a fresh copy of the log; prints a line and
# returns 1 if the result is wrong.  The log goes on being usable.
rot_run() {
	local cls=$1 n=$2 sw="$T/rot" rc=0 why= state extra
	rm -rf "$sw" && mkdir "$sw" && cd "$sw" || return 1
	cp "$T/before.log" "$T/a.log.key" "$T/s.key" "$T/s.pub" .
	cp before.log a.log
	FAULT_CALL=$cls FAULT_AT=$n LD_PRELOAD="$FI" \
	    phi-audit rotate -l a.log a.log.1 >out 2>err.txt || rc=$?
	state=$(rot_state)
	case $rc,$state in
	0,done) ;;
	74,old | 74,done)
		grep -Eq '^phi-audit: a\.log(\.1)?: ' err.txt ||
		    why="message: $(head -n 1 err.txt)" ;;
	137,old | 137,done) [ -n "${FAULT_KILL:-}" ] || why="killed" ;;
	70,old)
		grep -Eq '^phi-audit: (a\.log: )?out of memory' err.txt ||
		    why="message: $(head -n 1 err.txt)" ;;
	*) why="status $rc: $state" ;;
	esac
	# after a failure before the rename the copy is taken back; a kill
	# may leave it, whole
	if [ "$state" = old ] && [ -e a.log.1 ] &&
	    ! { [ "$rc" -eq 137 ] && cmp -s a.log.1 before.log; }; then
		why="a.log.1 left behind"
	fi
	extra=$(rot_extra "${FAULT_KILL:-}")
	[ -z "$extra" ] || why="left behind: $extra"
	[ -s err.txt ] || [ "$rc" -eq 0 ] || [ "$rc" -eq 137 ] || why="no message"
	! grep -q 'Sanitizer\|runtime error:' err.txt || why="sanitizer report"
	if [ -z "$why" ] && { ! phi-audit record -l a.log -e After ||
	    ! phi-audit verify -k s.pub $([ "$state" = old ] || echo a.log.1) \
	        a.log >/dev/null 2>&1; }; then
		why="the log does not go on"
	fi
	cd "$T"
	if [ -n "$why" ]; then
		echo "rotate $cls N=$n ${FAULT_ERRNO:-} ${FAULT_SHORT:+short=$FAULT_SHORT} ${FAULT_KILL:+kill}: $why"
		sed -n '1,2s/^/    /p' "$sw/err.txt"
		return 1
	fi
	[ "$rc" -eq 0 ] || echo "$rc $state $(head -n 1 "$sw/err.txt")" >>"$T/seen"
}

# rot_sweep CLASS: rot_run for every CLASS call a clean rotation makes,
# and one more (which fails nothing).
rot_sweep() {
	local cls=$1 total bad=0 n sw="$T/rot"
	rm -rf "$sw" && mkdir "$sw" &&
	    cp "$T/before.log" "$sw/a.log" && cp "$T/a.log.key" "$sw" || return 1
	(cd "$sw" && FAULT_CALL=$cls FAULT_AT=0 FAULT_LOG="$sw/count" \
	    LD_PRELOAD="$FI" phi-audit rotate -l a.log a.log.1)
	total=$(awk '$1 == "total" { print $3 }' "$sw/count")
	[ -n "$total" ] || { echo "no count for rotate $cls"; return 1; }
	for n in $(seq 1 $((total + 1))); do
		rot_run "$cls" "$n" || bad=$((bad + 1))
	done
	[ "$bad" -eq 0 ]
}

@test "phi-audit rotate: any failing call leaves the old log or the rotation done, 74 naming the file" {
	local c bad=0
	rot_setup
	rm -f "$T/seen"
	for c in open read write fsync rename link; do
		rot_sweep "$c" || bad=$((bad + 1))
	done
	FAULT_ERRNO=ENOSPC rot_sweep write || bad=$((bad + 1))
	FAULT_SHORT=1 rot_sweep write || bad=$((bad + 1))
	FAULT_SHORT=fail FAULT_ERRNO=ENOSPC rot_sweep write || bad=$((bad + 1))
	# without O_TMPFILE: named temporary files, removed after a failure
	for c in open write fsync rename link; do
		FAULT_TMPFILE=EOPNOTSUPP rot_sweep "$c" || bad=$((bad + 1))
	done
	[ "$bad" -eq 0 ]
	# the failures that must have been seen: the new log's write and the
	# rotated copy's, each leaving the old log
	grep -q '^74 old phi-audit: a.log.1: .*No space left on device' "$T/seen"
	grep -q '^74 old phi-audit: a.log: .*No space left on device' "$T/seen"
	grep -q '^74 old phi-audit: a.log.1: .*Input/output error' "$T/seen"
}

@test "phi-audit rotate: SIGKILL at any call leaves the old log or the rotation done" {
	local c bad=0
	rot_setup
	for c in open read write fsync rename link; do
		FAULT_KILL=1 rot_sweep "$c" || bad=$((bad + 1))
	done
	# killed in the middle of a write: half of the bytes written
	FAULT_SHORT=1 FAULT_KILL=1 rot_sweep write || bad=$((bad + 1))
	[ "$bad" -eq 0 ]
}

@test "phi-audit rotate: every allocation may fail: 70, the old log as it was" {
	malloc_supported
	rot_setup
	rm -f "$T/seen"
	FAULT_SCOPE=main rot_sweep malloc
	[ "$(grep -c '^70 old ' "$T/seen")" -gt 50 ]
}

# ---- -j 2 (issue 22): the worker threads under the same faults.  The
# caller's thread reads and writes, so a read or write failure must end
# a -j 2 run as it ends a -j 1 run: the same status and message, the old
# -o file whole, and nothing written after the failure.

# pair_run NAME CLASS N: one_run of NAME and of NAME-j2 with the Nth
# CLASS call failing: each judged, and the two with the same status and
# message.
pair_run() {
	local bad=0
	rm -f "$T/seen"
	one_run "$1" "$2" "$3" || bad=1
	mv "$T/seen" "$T/seen1" 2>/dev/null || : >"$T/seen1"
	one_run "$1-j2" "$2" "$3" || bad=1
	[ -e "$T/seen" ] || : >"$T/seen"
	cat "$T/seen" >>"$T/seen-all"
	if ! cmp -s "$T/seen1" "$T/seen"; then
		echo "$1 $2 N=$3: -j 1 gave '$(cat "$T/seen1")', -j 2 '$(cat "$T/seen")'"
		bad=1
	fi
	[ "$bad" -eq 0 ]
}

@test "-j 2: read errors mid-stream: the status and message of -j 1, no -o file" {
	local p n total bad=0
	rm -f "$T/seen-all"
	for p in encrypt decrypt classify; do
		total=$(calls "$p" read)
		# only the caller's thread reads: the same calls, in order
		[ "$(calls "$p-j2" read)" -eq "$total" ] ||
		    { echo "$p: -j 2 reads another number of times"; return 1; }
		for n in $(spread "$total"); do
			pair_run "$p" read "$n" || bad=$((bad + 1))
		done
		for n in 1 2 3; do
			FAULT_STICKY=1 pair_run "$p" read "$n" ||
			    bad=$((bad + 1))
		done
	done
	[ "$bad" -eq 0 ]
	grep -q "^74 phi-decrypt: $D/mid.enc: read error: Input/output error" "$T/seen-all"
	grep -q "^74 phi-classify: $D/mid.ndjson: read error: Input/output error" "$T/seen-all"
}

# seen_set NAME CLASS: the distinct statuses and messages of the sweeps
# of NAME's CLASS calls (every spread call, then ENOSPC from the 1st, 2nd
# and 3rd on).
seen_set() {
	rm -f "$T/seen"
	sweep_all "$1" "$2" || return 1
	FAULT_ERRNO=ENOSPC FAULT_STICKY=1 sweep "$1" "$2" 1 2 3 || return 1
	sort -u "$T/seen"
}

@test "-j 2: write errors: the statuses and messages of -j 1, the old -o file whole" {
	local p
	for p in encrypt decrypt classify; do
		seen_set "$p" write >"$T/w1"
		seen_set "$p-j2" write >"$T/w2"
		diff "$T/w1" "$T/w2" || { echo "$p"; return 1; }
	done
	grep -qx "74 phi-classify: o.ndjson: No space left on device" "$T/w2"
	grep -qx "74 phi-classify: o.ndjson: Input/output error" "$T/w2"
}

# The -j 2 output to standard output of a run whose Nth write fails is a
# part of the whole output, in whole lines, and the program writes
# nothing more (FAULT_LOG's "after write 0"): no hole in the output.
@test "-j 2: a write to standard output fails: 74, whole lines before it, no write after it" {
	local p n total rc
	for p in encrypt decrypt classify; do
		rm -f "$T/w.log"
		# shellcheck disable=SC2046
		FAULT_CALL=write FAULT_AT=0 FAULT_SCOPE=main FAULT_LOG="$T/w.log" \
		    LD_PRELOAD="$FI" $(cmdline "$p-j2" | sed 's/ -o o.ndjson//') \
		    >/dev/null
		total=$(awk '$1 == "total" { print $3 }' "$T/w.log")
		[ "$total" -ge 2 ] || { echo "$p: $total writes"; return 1; }
		for n in $(seq 1 "$total"); do
			rc=0
			rm -f "$T/w.log"
			# shellcheck disable=SC2046
			FAULT_CALL=write FAULT_AT=$n FAULT_SCOPE=main \
			    FAULT_LOG="$T/w.log" LD_PRELOAD="$FI" \
			    $(cmdline "$p-j2" | sed 's/ -o o.ndjson//') \
			    >out 2>err.txt || rc=$?
			[ "$rc" -eq 74 ] && grep -qx 'after write 0' "$T/w.log" &&
			    [[ "$(cat err.txt)" =~ ^phi-[a-z]+:\ standard\ output:\ Input/output\ error$ ]] ||
			    { echo "$p N=$n: $rc $(cat err.txt) $(cat "$T/w.log")"; return 1; }
			[ ! -s out ] || [ "$(tail -c 1 out | od -An -c | tr -d ' ')" = '\n' ] ||
			    { echo "$p N=$n: a part of a line"; return 1; }
			case $p in
			encrypt) phi-decrypt -K "$D/k.key" out >plain ;;
			*) cp out plain ;;
			esac
			cmp -s -n "$(stat -c %s plain)" plain "$D/mid.ndjson" ||
			    { echo "$p N=$n: not the start of the output"; return 1; }
		done
		# the writes before the last carry more than one block
		[ "$n" -ge 2 ]
	done
}

@test "-j 2: every allocation of the programs' own code, the workers' too, may fail: 70 or done, the messages of -j 1" {
	local p
	malloc_supported
	for p in encrypt decrypt classify; do
		rm -f "$T/seen"
		# every call at -j 1, so that a message that -j 2's sample
		# meets at another call number is in the reference too
		FAULT_SCOPE=main sweep_every "$p" malloc
		sed -E 's/:[0-9]+: /:N: /' "$T/seen" | sort -u >"$T/m1"
		rm -f "$T/seen"
		FAULT_SCOPE=main sweep_all "$p-j2" malloc
		sed -E 's/:[0-9]+: /:N: /' "$T/seen" | sort -u >"$T/m2"
		# nothing new (the line named aside): -j 2 fails as -j 1 does
		comm -13 "$T/m1" "$T/m2" >"$T/new"
		[ ! -s "$T/new" ] || { echo "$p:"; cat "$T/new"; return 1; }
		[ -s "$T/m2" ]
	done
}
