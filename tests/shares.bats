#!/usr/bin/env bats
# Key shares (issue 23): phi-keygen --split / --combine, phi-decrypt -K
# with shares, the share formats (PEM and words), their refusals (77,
# naming the file), file modes, nothing left behind on failure, and an
# independent recombination in Python (tests/interop/shamir_ref.py).
load test_helper
bats_require_minimum_version 1.5.0

mode_of() { stat -c %a "$1"; }
ref() { "$PY" "$REPO/tests/interop/shamir_ref.py" "$@"; }

# The key id as openssl sees it: SHA-256 of the raw 32-byte public key.
openssl_kid() {
	openssl pkey -pubin -in "$1" -outform DER | tail -c 32 | sha256sum |
	    cut -c1-16
}

event() { echo '{"type":"identify","traits":{"email":"ann@example.org"}}'; }

@test "--split 3/5 writes 5 shares (0600) and BASE.pub, never the key" {
	run phi-keygen --split 3/5 -o t
	assert_success
	assert_output "$(openssl_kid t.pub)"
	for i in 1 2 3 4 5; do
		[ "$(mode_of t.share-$i)" = 600 ]
		grep -qx -- '-----BEGIN PHI KEY SHARE-----' t.share-$i
		grep -q "^# PHI key share $i of 5: any 3 restore key $output" \
		    t.share-$i
	done
	[ ! -e t.key ]
	[ "$(ls | wc -l)" -eq 6 ] # no temporary files left
}

@test "every 3 of 5 shares restore the key (--combine), its id printed" {
	kid=$(phi-keygen --split 3/5 -o t)
	n=0
	for a in 1 2 3 4 5; do for b in 1 2 3 4 5; do for c in 1 2 3 4 5; do
		[ $a -lt $b ] && [ $b -lt $c ] || continue
		run phi-keygen --combine -o r$a$b$c t.share-$a t.share-$b \
		    t.share-$c
		assert_success
		assert_output "$kid"
		[ "$(mode_of r$a$b$c.key)" = 600 ]
		[ "$(openssl pkey -in r$a$b$c.key -pubout)" = "$(cat t.pub)" ]
		n=$((n + 1))
	done; done; done
	[ "$n" -eq 10 ]
	run phi-keygen --combine -o all t.share-5 t.share-1 t.share-3 \
	    t.share-2 t.share-4
	assert_output "$kid"
}

@test "every K of N <= 6 restores; K-1 is refused (77), nothing written" {
	for n in 2 3 4 5 6; do for k in $(seq 2 $n); do
		kid=$(phi-keygen --split $k/$n -o s$k$n)
		run phi-keygen --combine -o r$k$n $(seq -f "s$k$n.share-%g" \
		    $((n - k + 1)) $n)
		assert_output "$kid"
		run phi-keygen --combine -o f$k$n $(seq -f "s$k$n.share-%g" \
		    2 $k)
		assert_failure 77
		[ ! -e f$k$n.key ]
	done; done
}

@test "too few shares: 77, how many are needed, no key file" {
	kid=$(phi-keygen --split 3/5 -o t)
	run phi-keygen --combine -o r t.share-1 t.share-4
	assert_failure 77
	assert_output "phi-keygen: 2 shares of key $kid given; 3 of its 5 shares are needed"
	[ ! -e r.key ]
	run phi-keygen --combine -o r t.share-4
	assert_failure 77
	assert_output --partial "1 share of key $kid given; 3 of"
	[ "$(ls r* 2>/dev/null | wc -l)" -eq 0 ]
}

@test "a share of another key, a duplicated and a damaged share are named" {
	kid=$(phi-keygen --split 2/3 -o t)
	other=$(phi-keygen --split 2/3 -o o)
	run phi-keygen --combine -o r t.share-1 o.share-2
	assert_failure 77
	assert_output "phi-keygen: o.share-2: a share of key $other, not of key $kid (t.share-1)"
	cp t.share-1 copy
	run phi-keygen --combine -o r t.share-1 copy
	assert_failure 77
	assert_output "phi-keygen: copy: share 1 given twice (t.share-1 is share 1 too)"
	# one character of the base64 changed
	sed '3s/^\(.\{20\}\)./\1A/; 3s/^\(.\{20\}\)AA/\1BA/' t.share-2 >bad
	if cmp -s bad t.share-2; then sed -i '3s/^\(.\{20\}\)./\1B/' bad; fi
	! cmp -s bad t.share-2 || false
	chmod 600 bad
	run phi-keygen --combine -o r t.share-1 bad
	assert_failure 77
	assert_output "phi-keygen: bad: damaged share: its checksum does not match"
	[ ! -e r.key ]
}

@test "shares of two splits of one key do not combine (77), nothing written" {
	phi-keygen -o k >/dev/null
	kid=$(phi-keygen --split 2/3 --from k.key -o a)
	phi-keygen --split 2/3 --from k.key -o b >/dev/null
	run phi-keygen --combine -o r a.share-1 b.share-2
	assert_failure 77
	assert_output "phi-keygen: the 2 shares do not restore key $kid: one of them is altered, or from another split of the key"
	[ ! -e r.key ]
}

@test "--from splits an existing (encrypted) key; --combine restores it" {
	echo 'pass phrase one' >pw
	kid=$(phi-keygen --passphrase-file pw -o k)
	run phi-keygen --split 2/3 --from k.key --passphrase-file pw -o k
	assert_success
	assert_output "$kid"
	[ -e k.share-3 ]
	run phi-keygen --combine -o r k.share-3 k.share-1
	assert_output "$kid"
	[ "$(phi-keygen -y r.key)" = "$(cat k.pub)" ]
	head -1 r.key | grep -qx -- '-----BEGIN PRIVATE KEY-----'
	run phi-keygen --split 2/3 --from k.key -o x
	assert_failure 77
	assert_output --partial "k.key: key is encrypted"
	[ ! -e x.share-1 ]
}

@test "--combine --passphrase-file writes an encrypted key" {
	phi-keygen --split 2/2 -o t >/dev/null
	echo 'another pass phrase' >pw
	run phi-keygen --combine --passphrase-file pw -o r t.share-1 t.share-2
	assert_success
	head -1 r.key | grep -qx -- '-----BEGIN ENCRYPTED PRIVATE KEY-----'
	[ "$(phi-keygen --passphrase-file pw -y r.key)" = "$(cat t.pub)" ]
}

@test "never over an existing file: split and combine write nothing" {
	touch t.share-3
	run phi-keygen --split 2/3 -o t
	assert_failure 77
	assert_output "phi-keygen: t.share-3: already exists; not overwriting it"
	[ "$(ls | wc -l)" -eq 1 ]
	phi-keygen --split 2/3 -o u >/dev/null
	echo old >r.key
	run phi-keygen --combine -o r u.share-1 u.share-2
	assert_failure 77
	assert_output "phi-keygen: r.key: already exists; not overwriting it"
	[ "$(cat r.key)" = old ]
}

@test "a share group or others may read is refused (77)" {
	phi-keygen --split 2/3 -o t >/dev/null
	chmod 640 t.share-2
	run phi-keygen --combine -o r t.share-1 t.share-2
	assert_failure 77
	assert_output --partial "t.share-2"
	assert_output --partial "chmod 600"
	[ ! -e r.key ]
}

@test "--armor words: typable shares that restore; a typo is named by line" {
	kid=$(phi-keygen --split 2/3 --armor words -o w)
	[ "$(grep -c '^[1-5]: [0-9a-z]\{4\} [0-9a-z]\{4\} [0-9a-z]\{4\} [0-9a-z]\{4\}  [0-9a-z]\{2\}$' w.share-1)" -eq 5 ]
	run phi-keygen --combine -o r w.share-3 w.share-1
	assert_output "$kid"
	# typed in capitals with other spacing: still read
	tr 'a-z' 'A-Z' <w.share-2 | sed 's/ /  /g' >typed
	chmod 600 typed
	run phi-keygen --combine -o r2 typed w.share-1
	assert_output "$kid"
	# one character of line 3 mistyped
	awk 'NR == 4 { c = substr($0, 4, 1); $0 = substr($0, 1, 3) \
	    (c == "x" ? "y" : "x") substr($0, 5) } { print }' w.share-2 >typo
	chmod 600 typo
	run phi-keygen --combine -o r3 typo w.share-1
	assert_failure 77
	assert_output "phi-keygen: typo: line 4: the check characters do not match (a typing error in this line?)"
	[ ! -e r3.key ]
}

@test "phi-decrypt -K with share files or a directory of shares; key never written" {
	phi-keygen --split 3/5 -o t >/dev/null
	event | phi-encrypt -k t.pub -f traits.email >enc
	mkdir d
	cp t.share-2 t.share-4 t.share-5 d/
	before=$(ls -R | sort)
	run phi-decrypt -K t.share-1 -K t.share-3 -K t.share-5 enc
	assert_success
	assert_output "$(event)"
	run phi-decrypt -K d enc
	assert_success
	assert_output "$(event)"
	[ "$(ls -R | sort)" = "$before" ]
	run phi-decrypt -K t.share-1 -K t.share-3 enc
	assert_failure 77
	assert_output --partial "2 shares of key"
	assert_output --partial "3 of its 5 shares are needed"
}

@test "phi-decrypt -K: shares and key files together" {
	phi-keygen --split 2/3 -o t >/dev/null
	phi-keygen -o k >/dev/null
	event | phi-encrypt -k t.pub -f traits.email >a
	event | phi-encrypt -k k.pub -f traits.email >>a
	run phi-decrypt -K k.key -K t.share-2 -K t.share-3 a
	assert_success
	assert_output "$(event; event)"
}

@test "an independent Python recombination gives the same key (PEM and words)" {
	phi-keygen --split 3/5 -o t >/dev/null
	ref combine t.share-5 t.share-2 t.share-3 >py.key
	[ "$(openssl pkey -in py.key -pubout)" = "$(cat t.pub)" ]
	phi-keygen --combine -o c t.share-1 t.share-4 t.share-5 >/dev/null
	[ "$(openssl pkey -in c.key -outform DER | od -An -tx1)" = \
	    "$(openssl pkey -in py.key -outform DER | od -An -tx1)" ]
	phi-keygen --split 2/4 --armor words -o w >/dev/null
	ref combine w.share-4 w.share-2 >pw.key
	[ "$(openssl pkey -in pw.key -pubout)" = "$(cat w.pub)" ]
	# and K-1 shares do not give it
	run ref combine t.share-1 t.share-2
	assert_failure 65
}

@test "--split and --combine usage errors are 64, each with its message" {
	for bad in 1/3 3/2 0/0 3 3/ /3 a/b 2/256 '2/3x'; do
		run phi-keygen --split "$bad" -o t
		assert_failure 64
		assert_output --partial "--split takes K/N, 2 <= K <= N <= 255"
	done
	run phi-keygen --split 2/3 --armor base64 -o t
	assert_failure 64
	assert_output --partial "--armor takes pem or words"
	run phi-keygen --split 2/3 -s -o t
	assert_failure 64
	assert_output --partial "key shares are of X25519 keys only"
	run phi-keygen --combine -o t
	assert_failure 64
	assert_output --partial "--combine: give the share files"
	run phi-keygen --split 2/3
	assert_failure 64
	assert_output --partial "take -o BASE"
	run phi-keygen --from x.key -o t
	assert_failure 64
	assert_output --partial "--from and --armor go with --split"
	run phi-keygen --split 2/3 --passphrase-file x -o t
	assert_failure 64
	assert_output --partial "is the passphrase of the --from key"
	[ "$(ls | wc -l)" -eq 0 ]
}

@test "--split and --combine append an audit record (key id, never a share) to --audit-log" {
	run -0 phi-keygen --split 2/3 -o v --audit-log a.log
	id=$output
	run -0 phi-keygen --combine -o w v.share-1 v.share-3 --audit-log a.log
	[ "$output" = "$id" ]
	run -0 grep -c '"event_type":"Key Split Into Shares".*"key_id":"'"$id"'","type":"x25519","split":"2/3","base":"v"' a.log
	run -0 grep -c '"event_type":"Key Restored From Shares".*"key_id":"'"$id"'"' a.log
	run -0 phi-audit verify --chain-only a.log
	# no share and no key byte in the log
	for f in v.share-1 v.share-2 v.share-3; do
		body=$(grep -v -e '^-----' -e '^#' -e '^$' "$f" | head -1)
		! grep -qF -- "$body" a.log || false
	done
	# a log that cannot be opened: refused before any share is written
	run phi-keygen --split 2/3 -o x --audit-log no/such/dir/a.log
	[ "$status" -ne 0 ]
	[ ! -e x.share-1 ] && [ ! -e x.pub ]
}

# ---- shares sealed with a passphrase (PEM "PHI ENCRYPTED KEY SHARE").
# setsid: no controlling terminal, so a share no passphrase opens is
# refused rather than asked for.
nottypass() { timeout 120 setsid -w "$@" </dev/null; }

@test "--share-passphrase-file per share: sealed shares restore (--combine, phi-decrypt -K), mixed with a plain one" {
	echo 'first holder' >p1
	echo 'second holder' >p2
	kid=$(phi-keygen --split 2/3 -o t --share-passphrase-file p1 \
	    --share-passphrase-file p2 --share-passphrase-file '')
	for i in 1 2; do
		[ "$(mode_of t.share-$i)" = 600 ]
		grep -qx -- '-----BEGIN PHI ENCRYPTED KEY SHARE-----' t.share-$i
		grep -qx "# PHI key share $i of 3: any 2 restore key $kid (passphrase-protected)" t.share-$i
		! grep -q -- '-----BEGIN PHI KEY SHARE-----' t.share-$i || false
	done
	grep -qx -- '-----BEGIN PHI KEY SHARE-----' t.share-3
	[ ! -e t.key ]
	# each sealed share opens with the file that fits it, in any order
	run -0 nottypass phi-keygen --combine -o r --share-passphrase-file p1 \
	    --share-passphrase-file p2 t.share-2 t.share-1
	assert_output "$kid"
	[ "$(openssl pkey -in r.key -pubout)" = "$(cat t.pub)" ]
	# a sealed and a plain share; PHI_PASSPHRASE is not tried on shares
	# by --combine (it stays the passphrase of the new BASE.key)
	PHI_PASSPHRASE='second holder' run nottypass phi-keygen --combine \
	    -o r2 t.share-3 t.share-2
	assert_failure 77
	assert_output --partial "t.share-2: this share has a passphrase"
	run -0 nottypass phi-keygen --combine -o r2 t.share-3 t.share-2 \
	    --share-passphrase-file p2
	assert_output "$kid"
	cmp r.key r2.key
	# phi-decrypt -K: the passphrase of --passphrase-file, or of
	# PHI_PASSPHRASE, as for keys; nothing written
	event | phi-encrypt -k t.pub -f traits.email >enc
	before=$(ls | sort)
	run -0 nottypass phi-decrypt -K t.share-1 -K t.share-3 \
	    --passphrase-file p1 enc
	assert_output "$(event)"
	PHI_PASSPHRASE='second holder' run -0 nottypass phi-decrypt \
	    -K t.share-2 -K t.share-3 enc
	assert_output "$(event)"
	[ "$(ls | sort)" = "$before" ]
}

@test "a sealed share no passphrase opens: 77 naming the share file, nothing written" {
	echo 'right one' >p1
	echo 'wrong one' >p2
	kid=$(phi-keygen --split 2/2 -o t --share-passphrase-file p1 \
	    --share-passphrase-file '')
	run nottypass phi-keygen --combine -o r --share-passphrase-file p2 \
	    t.share-1 t.share-2
	assert_failure 77
	assert_output "phi-keygen: t.share-1: wrong passphrase for this share"
	[ ! -e r.key ]
	run nottypass phi-keygen --combine -o r t.share-2 t.share-1
	assert_failure 77
	assert_output "phi-keygen: t.share-1: this share has a passphrase; none was given, and there is no terminal to ask for it"
	[ ! -e r.key ]
	event | phi-encrypt -k t.pub -f traits.email >enc
	PHI_PASSPHRASE='wrong one' run nottypass phi-decrypt -K t.share-1 \
	    -K t.share-2 enc
	assert_failure 77
	assert_output "phi-decrypt: t.share-1: wrong passphrase for this share"
	# too few shares are refused before any passphrase is asked for
	run nottypass phi-keygen --combine -o r t.share-1
	assert_failure 77
	assert_output "phi-keygen: 1 share of key $kid given; 2 of its 2 shares are needed"
	[ "$(ls r* 2>/dev/null | wc -l)" -eq 0 ]
}

@test "one --share-passphrase-file seals every share; other counts, words, terminal options are 64" {
	echo 'one for all' >p
	kid=$(phi-keygen --split 2/2 -o t --share-passphrase-file p)
	grep -qx -- '-----BEGIN PHI ENCRYPTED KEY SHARE-----' t.share-1
	grep -qx -- '-----BEGIN PHI ENCRYPTED KEY SHARE-----' t.share-2
	run -0 nottypass phi-keygen --combine -o r --share-passphrase-file p \
	    t.share-1 t.share-2
	assert_output "$kid"
	run phi-keygen --split 2/3 -o u --share-passphrase-file p \
	    --share-passphrase-file p
	assert_failure 64
	assert_output --partial "2 share passphrases for 3 shares: give one for all of them, or one for each"
	run phi-keygen --split 2/3 --armor words -o u --share-passphrase-file p
	assert_failure 64
	assert_output --partial "--armor words does not go with share passphrases"
	run phi-keygen --split 2/3 -o u --share-passphrase --share-passphrase-file p
	assert_failure 64
	assert_output --partial "exclude each other"
	run phi-keygen --combine -o u --share-passphrase t.share-1 t.share-2
	assert_failure 64
	assert_output --partial "--share-passphrase goes with --split"
	run phi-keygen -o u --share-passphrase-file p
	assert_failure 64
	assert_output --partial "--share-passphrase-file goes with --split or --combine"
	[ "$(ls u* 2>/dev/null | wc -l)" -eq 0 ]
}

@test "a passphrase file group or others may read is refused (77), no share written" {
	echo 'one for all' >p
	chmod 644 p
	run phi-keygen --split 2/3 -o t --share-passphrase-file p
	assert_failure 77
	assert_output --partial "p: "
	assert_output --partial "chmod 600"
	[ "$(ls t* 2>/dev/null | wc -l)" -eq 0 ]
	chmod 600 p
	phi-keygen --split 2/2 -o t --share-passphrase-file p >/dev/null
	chmod 640 p
	run nottypass phi-keygen --combine -o r --share-passphrase-file p \
	    t.share-1 t.share-2
	assert_failure 77
	assert_output --partial "chmod 600"
	[ ! -e r.key ]
}

@test "a damaged or altered sealed share: the checksum names it; an altered header fails as a wrong passphrase" {
	echo 'pw' >p
	phi-keygen --split 2/3 -o t --share-passphrase-file p >/dev/null
	sed '3s/^\(.\{20\}\)./\1A/; 3s/^\(.\{20\}\)AA/\1BA/' t.share-1 >bad
	if cmp -s bad t.share-1; then sed -i '3s/^\(.\{20\}\)./\1B/' bad; fi
	! cmp -s bad t.share-1 || false
	chmod 600 bad
	run nottypass phi-keygen --combine -o r --share-passphrase-file p \
	    bad t.share-2
	assert_failure 77
	assert_output "phi-keygen: bad: damaged share: its checksum does not match"
	# the index changed (1 -> 3 of 3) and the checksum made to fit: the
	# header is authenticated data, so the passphrase no longer opens it
	ref reseal-header t.share-1 3 >alt
	chmod 600 alt
	run nottypass phi-keygen --combine -o r --share-passphrase-file p \
	    alt t.share-2
	assert_failure 77
	assert_output "phi-keygen: alt: wrong passphrase for this share"
	[ ! -e r.key ]
}

@test "sealed shares and the independent Python reading agree, both ways" {
	echo 'holder one' >p1
	echo 'holder two' >p2
	phi-keygen --split 2/3 -o t --share-passphrase-file p1 \
	    --share-passphrase-file p2 --share-passphrase-file p1 >/dev/null
	# Python opens phi-keygen's sealed shares (scrypt N=2^18, as written)
	ref combine -p p1 -p p2 t.share-2 t.share-3 >py.key
	[ "$(openssl pkey -in py.key -pubout)" = "$(cat t.pub)" ]
	run ref combine -p p2 t.share-1 t.share-2
	assert_failure 77
	# and phi-keygen opens a share Python sealed from a plain one
	phi-keygen --split 2/2 -o u >/dev/null
	ref seal u.share-2 p2 >u2
	chmod 600 u2
	grep -qx -- '-----BEGIN PHI ENCRYPTED KEY SHARE-----' u2
	run -0 nottypass phi-keygen --combine -o r --share-passphrase-file p2 \
	    u.share-1 u2
	[ "$(openssl pkey -in r.key -pubout)" = "$(cat u.pub)" ]
}

# tty_run SCRIPT CMD...: CMD on a pseudo-terminal; SCRIPT holds lines
# "PROMPT<TAB>ANSWER": each answer is typed once its prompt is shown
# (echo is off by then); prints what the terminal showed.
tty_run() {
	timeout 120 "$PY" - "$@" <<'PY'
import os, pty, sys
script = [l.split("\t") for l in sys.argv[1].split("\n") if l]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
def more():
    try:
        return os.read(fd, 1024)
    except OSError:
        return b""
seen = b""
for want, answer in script:
    while want.encode() not in seen:
        d = more()
        if not d:
            sys.exit("no prompt %r in %r" % (want, seen))
        seen += d
    seen = seen.split(want.encode(), 1)[1]
    os.write(fd, answer.encode() + b"\n")
while True:
    d = more()
    if not d:
        break
    seen += d
sys.stdout.write(seen.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
}

@test "--share-passphrase asks each holder on the terminal, naming the share; --combine asks for a share no file opens" {
	run -0 tty_run $'Passphrase for share t.share-1: \tann pw
Same passphrase again: \tann pw
Passphrase for share t.share-2: \tbob pw
Same passphrase again: \tbob pw' phi-keygen --split 2/2 -o t --share-passphrase
	kid=$(phi-keygen --id t.pub)
	assert_output --partial "$kid"
	grep -qx -- '-----BEGIN PHI ENCRYPTED KEY SHARE-----' t.share-1
	grep -qx -- '-----BEGIN PHI ENCRYPTED KEY SHARE-----' t.share-2
	echo 'ann pw' >ann
	# share 1 opens with the file; share 2 is asked for, by name
	run -0 tty_run $'Passphrase for share t.share-2: \tbob pw' \
	    phi-keygen --combine -o r --share-passphrase-file ann t.share-1 \
	    t.share-2
	assert_output --partial "$kid"
	[ "$(openssl pkey -in r.key -pubout)" = "$(cat t.pub)" ]
	run tty_run $'Passphrase for share t.share-2: \tnot bob' \
	    phi-keygen --combine -o r2 --share-passphrase-file ann t.share-1 \
	    t.share-2
	assert_failure 77
	assert_output --partial "phi-keygen: t.share-2: wrong passphrase for this share"
	[ ! -e r2.key ]
}
