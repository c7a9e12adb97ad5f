#!/usr/bin/env bats
# The bounds on the key derivation of encrypted private keys (kdfcost.h):
# the files that phi-keygen, openssl and age-strength settings make load
# with their passphrase; a file that asks for a costly derivation is
# refused at once (77, the file, the parameters and the limit named) by
# every program that reads private keys.  Costly files cannot be made
# with openssl at their real cost, so tests/helpers/kdfkey.py patches the
# parameters of a cheap one.  `timeout 10` turns a hang into a failure.

load test_helper

suite_setup() {
	KDFKEY="$REPO/tests/helpers/kdfkey.py"
	printf 'open sesame\n' >pw
	openssl genpkey -algorithm X25519 -out plain.key 2>/dev/null
	want=$(phi-keygen --id plain.key)
}

# enc OUT ARGS...: plain.key encrypted by `openssl pkcs8 -topk8 ARGS`.
enc() {
	local out=$1
	shift
	openssl pkcs8 -topk8 -in plain.key -out "$out" -passout file:pw "$@"
	chmod 600 "$out"
}

# patched OUT FIELD=VALUE...: a cheap scrypt key with its fields changed.
patched() {
	local out=$1 base=${2%%=*}
	shift
	case $base in
	iter | prf) enc base.key -v2 aes-256-cbc -v2prf hmacWithSHA256 ;;
	*) enc base.key -scrypt -scrypt_N 1024 -scrypt_r 8 -scrypt_p 1 ;;
	esac
	$PY "$KDFKEY" patch base.key "$out" "$@"
}

# refused FILE TEXT...: --id is 77 within 10 s, naming FILE and each TEXT,
# and never the passphrase.
refused() {
	local f=$1
	shift
	run timeout 10 phi-keygen --id "$f" --passphrase-file pw
	assert_failure 77
	assert_output --partial "phi-keygen: $f: "
	for t in "$@"; do
		assert_output --partial "$t"
	done
	refute_output --partial "open sesame"
}

@test "phi-keygen's own encrypted key (scrypt N=2^18 r=8 p=1, age's work factor) loads" {
	PHI_PASSPHRASE="open sesame" phi-keygen -o own
	run $PY "$KDFKEY" show own.key
	assert_output --partial "N=262144"
	assert_output --partial "r=8"
	assert_output --partial "p=1"
	run phi-keygen --id own.key --passphrase-file pw
	assert_success
	assert_output "$(phi-keygen --id own.pub)"
}

@test "openssl pkcs8 -topk8 -v2 aes-256-cbc (PBKDF2, 2048) loads" {
	enc k.key -v2 aes-256-cbc
	run $PY "$KDFKEY" show k.key
	assert_output --partial "iter=2048"
	run phi-keygen --id k.key --passphrase-file pw
	assert_success
	assert_output "$want"
}

@test "openssl genpkey -aes256 loads" {
	openssl genpkey -algorithm X25519 -aes256 -pass file:pw -out g.key
	openssl pkey -in g.key -passin file:pw -pubout -out g.pub
	run phi-keygen --id g.key --passphrase-file pw
	assert_success
	assert_output "$(phi-keygen --id g.pub)"
}

@test "openssl pkcs8 -topk8 -scrypt (N=16384 r=8 p=1) loads" {
	enc k.key -scrypt
	run $PY "$KDFKEY" show k.key
	assert_output --partial "N=16384"
	run phi-keygen --id k.key --passphrase-file pw
	assert_success
	assert_output "$want"
}

@test "PBES1 (openssl pkcs8 -v1 PBE-SHA1-3DES) and PBKDF2 with 10^6 iterations load" {
	enc k1.key -v1 PBE-SHA1-3DES
	enc k2.key -v2 aes-256-cbc -iter 1000000
	run $PY "$KDFKEY" show k2.key
	assert_output --partial "iter=1000000"
	for k in k1.key k2.key; do
		run timeout 10 phi-keygen --id $k --passphrase-file pw
		assert_success
		assert_output "$want"
	done
}

@test "age's work factor 18 (scrypt N=2^18 r=8 p=1, 256 MiB) loads; OpenSSL alone refuses it" {
	$PY "$KDFKEY" scrypt plain.key age.key "open sesame" 2^18 8 1
	run openssl pkey -in age.key -passin file:pw -noout
	assert_failure
	run timeout 10 phi-keygen --id age.key --passphrase-file pw
	assert_success
	assert_output "$want"
	run timeout 10 phi-keygen --id age.key --passphrase-file plain.key
	assert_failure 77
	assert_output --partial "wrong passphrase"
}

# ms: the fastest of two runs of phi-keygen --id k.key with passphrase
# file $1, in milliseconds; the status of the last run in $rc.
ms() {
	local best=999999 s t i
	for i in 1 2; do
		s=$(date +%s%N)
		phi-keygen --id k.key --passphrase-file "$1" >/dev/null 2>&1
		rc=$?
		t=$((($(date +%s%N) - s) / 1000000))
		if [ $t -lt $best ]; then best=$t; fi
	done
	echo $best
}

@test "too little memory for scrypt's 256 MiB is 70 (out of memory), not a wrong passphrase" {
	$PY "$KDFKEY" scrypt plain.key age.key "open sesame" 2^18 8 1
	# an address space limit: not under ASan, which reserves terabytes
	(ulimit -v 200000 && phi-keygen --version >/dev/null 2>&1) ||
		skip "cannot run under ulimit -v (sanitizer build)"
	run bash -c 'ulimit -v 200000 && phi-keygen --id age.key --passphrase-file pw'
	assert_failure 70
	assert_output "phi-keygen: age.key: out of memory"
}

@test "a wrong passphrase is 77 and runs the KDF once, not twice" {
	enc k.key -scrypt -scrypt_N 16384 -scrypt_p 8
	printf 'wrong\n' >bad
	run phi-keygen --id k.key --passphrase-file bad
	assert_failure 77
	assert_output "phi-keygen: k.key: wrong passphrase (or a damaged key file)"
	t1=$(ms pw)
	t2=$(ms bad)
	# OpenSSL's PEM reader alone tries two decoders, each with the KDF
	[ "$t2" -lt $((t1 * 3 / 2 + 100)) ] ||
		fail "wrong passphrase took ${t2} ms, right one ${t1} ms"
}

@test "scrypt with a huge p (2^20: 1 GiB of blocks) is refused" {
	patched k.key p=2^20
	refused k.key "key derivation too costly" "N=2^10 r=8 p=2^20" \
	    "MiB of memory; limit 288 MiB"
}

@test "scrypt p=1000 (within OpenSSL's memory, a minute of work) is refused at once" {
	patched k.key N=2^14 p=1000
	s=$(date +%s)
	refused k.key "too costly" "N=2^14 r=8 p=1000" "N*r*p=131072000" \
	    "limit 2^22"
	[ $(($(date +%s) - s)) -le 2 ]
}

@test "scrypt with a huge N (2^20, and 2^200) is refused" {
	patched k.key N=2^20
	refused k.key "too costly" "N=2^20 r=8 p=1" "needs 1025 MiB" \
	    "limit 288 MiB"
	patched k2.key N=2^200
	refused k2.key "too costly" "N=2^64 or more"
}

@test "scrypt with a huge r (2^20) is refused" {
	patched k.key r=2^20
	refused k.key "too costly" "N=2^10 r=2^20 p=1" "limit 288 MiB"
}

@test "scrypt parameters that are zero, negative or not a power of 2 are refused" {
	patched k1.key N=1000
	refused k1.key "bad key derivation parameters" "N=1000"
	patched k2.key r=0
	refused k2.key "bad key derivation parameters" "r=0"
	patched k3.key p=-1
	refused k3.key "bad key derivation parameters" "negative"
}

# 2^31 - 1: OpenSSL takes the count as an int, so 2^31 itself would be
# negative and cheap; this one runs for hours.
@test "PBKDF2 with 2^31 - 1 iterations is refused" {
	patched k.key iter=2147483647
	refused k.key "too costly" \
	    "PBKDF2 hmacWithSHA256 with 2147483647 iterations" \
	    "limit 10000000"
}

@test "PBKDF2 with 10^7 + 1 iterations is refused, the limit named" {
	patched k.key iter=10000001
	refused k.key "too costly" "10000001 iterations; limit 10000000"
}

@test "PBES1 with 2^31 - 1 iterations is refused" {
	enc base.key -v1 PBE-SHA1-3DES
	$PY "$KDFKEY" patch base.key k.key iter=2147483647
	refused k.key "too costly" "PBE-SHA1-3DES with 2147483647 iterations" \
	    "limit 10000000"
}

@test "unknown schemes, KDFs, PRFs and ciphers are refused cleanly" {
	patched k1.key kdf=1.2.3.4
	refused k1.key "unsupported key derivation (1.2.3.4)"
	patched k2.key cipher=1.2.3.4
	refused k2.key "unsupported key encryption (cipher 1.2.3.4)"
	patched k3.key prf=1.2.3.4
	refused k3.key "unsupported key derivation (PBKDF2 with the PRF 1.2.3.4)"
	patched k4.key outer=1.2.3.4
	refused k4.key "unsupported key encryption (1.2.3.4)"
}

@test "a costly key is refused whatever the passphrase, and by every reader" {
	patched k.key N=2^14 p=1000
	printf 'wrong\n' >bad
	run timeout 10 phi-keygen --id k.key --passphrase-file bad
	assert_failure 77
	assert_output --partial "too costly"
	openssl pkey -in plain.key -pubout -out plain.pub
	echo '{"a":"x"}' | phi-encrypt -k plain.pub -f a >enc.ndjson
	run timeout 10 phi-decrypt -K k.key --passphrase-file pw enc.ndjson
	assert_failure 77
	assert_output --partial "phi-decrypt: k.key: key derivation too costly"
	mkdir ring
	cp -p k.key ring/
	run timeout 10 phi-decrypt -K ring --passphrase-file pw enc.ndjson
	assert_failure 77
	assert_output --partial "ring/k.key: key derivation too costly"
}

@test "a costly key is refused before any passphrase is asked for" {
	patched k.key N=2^14 p=1000
	# setsid: no controlling terminal, so no prompt either
	run timeout 10 setsid -w phi-keygen --id k.key </dev/null
	assert_failure 77
	assert_output --partial "phi-keygen: k.key: key derivation too costly"
	refute_output --partial "give --passphrase-file"
	# a cheap one with the same lack of passphrase asks for one
	patched c.key N=2^14
	run timeout 10 setsid -w phi-keygen --id c.key </dev/null
	assert_failure 77
	assert_output --partial "give --passphrase-file"
}

@test "a costly block hidden under a legacy PEM encryption header is refused once opened" {
	# a cheap one wrapped so: it loads (OpenSSL reads such files)
	enc c.key -scrypt -scrypt_N 1024
	$PY "$KDFKEY" pemwrap c.key w.key "open sesame"
	grep -q '^Proc-Type: 4,ENCRYPTED' w.key
	run timeout 10 phi-keygen --id w.key --passphrase-file pw
	assert_success
	assert_output "$want"
	patched k.key N=2^14 p=1000
	$PY "$KDFKEY" pemwrap k.key wk.key "open sesame"
	refused wk.key "too costly" "N=2^14 r=8 p=1000"
}

@test "phi-audit seal refuses a costly encrypted signing key" {
	openssl genpkey -algorithm ED25519 -out ed.key 2>/dev/null
	openssl pkcs8 -topk8 -in ed.key -out edc.key -passout file:pw \
	    -scrypt -scrypt_N 1024
	$PY "$KDFKEY" patch edc.key s.key N=2^14 p=1000
	chmod 600 s.key
	run timeout 10 phi-audit seal -l a.log -k s.key --passphrase-file pw
	assert_failure 77
	assert_output --partial "s.key: key derivation too costly"
}

@test "the limits in the messages are the ones the man pages give" {
	patched k1.key N=2^14 p=1000
	patched k2.key N=2^20
	patched k3.key iter=2147483647
	for k in k1.key k2.key k3.key; do
		run timeout 10 phi-keygen --id $k --passphrase-file pw
		assert_failure 77
		limit=${output##*limit }
		limit=${limit%)}
		for page in phi-keygen phi-decrypt; do
			grep -q -- "$limit" "$REPO/share/man/man1/$page.1" ||
				fail "$page.1 does not give the limit $limit"
		done
	done
}
