#!/usr/bin/env bats
# phi-keygen: key pairs that openssl reads, key ids, file modes, refusal
# to overwrite, permissions, passphrases, --sign, CLI conventions.
load test_helper

# The key id as openssl sees it: SHA-256 of the raw 32-byte public key.
openssl_kid() {
	openssl pkey -pubin -in "$1" -outform DER | tail -c 32 | sha256sum |
	    cut -c1-16
}

mode_of() { stat -c %a "$1"; }

@test "keygen -o writes BASE.key (0600) and BASE.pub and prints the key id" {
	run phi-keygen -o team
	assert_success
	assert_output --regexp '^[0-9a-f]{16}$'
	[ "$(mode_of team.key)" = 600 ]
	[ -f team.pub ]
	head -1 team.key | grep -qx -- '-----BEGIN PRIVATE KEY-----'
	head -1 team.pub | grep -qx -- '-----BEGIN PUBLIC KEY-----'
	[ "$(ls | wc -l)" -eq 2 ] # no temporary files left
}

@test "openssl pkey reads both files as X25519" {
	phi-keygen -o k
	openssl pkey -in k.key -noout
	openssl pkey -pubin -in k.pub -noout
	openssl pkey -in k.key -noout -text | grep -q 'X25519 Private-Key'
	# the public file is the public half of the private file
	[ "$(openssl pkey -in k.key -pubout)" = "$(cat k.pub)" ]
}

@test "the printed key id is SHA-256 of the raw public key, and --id agrees" {
	kid=$(phi-keygen -o k)
	[ "$kid" = "$(openssl_kid k.pub)" ]
	[ "$(phi-keygen --id k.pub)" = "$kid" ]
	[ "$(phi-keygen --id k.key)" = "$kid" ]
}

@test "two key pairs differ" {
	a=$(phi-keygen -o a)
	b=$(phi-keygen -o b)
	[ "$a" != "$b" ]
	! cmp -s a.key b.key || false
}

@test "keys from openssl genpkey load, same --id for private and public" {
	openssl genpkey -algorithm X25519 -out o.key
	chmod 600 o.key
	openssl pkey -in o.key -pubout -out o.pub
	run phi-keygen --id o.key
	assert_success
	assert_output "$(openssl_kid o.pub)"
	run phi-keygen --id o.pub
	assert_success
	assert_output "$(openssl_kid o.pub)"
}

@test "an existing BASE.key is never overwritten; nothing is written" {
	phi-keygen -o k
	sum=$(cat k.key k.pub | sha256sum)
	run phi-keygen -o k
	assert_failure 77
	assert_output --partial 'k.key: already exists'
	[ "$(cat k.key k.pub | sha256sum)" = "$sum" ]
	[ "$(ls | wc -l)" -eq 2 ]
}

@test "an existing BASE.pub alone also stops keygen; no BASE.key appears" {
	echo 'keep me' >k.pub
	run phi-keygen -o k
	assert_failure 77
	assert_output --partial 'k.pub: already exists'
	[ ! -e k.key ]
	[ "$(cat k.pub)" = 'keep me' ]
}

@test "a private key readable by group or others is refused (77)" {
	phi-keygen -o k >/dev/null
	chmod 640 k.key
	run phi-keygen --id k.key
	assert_failure 77
	assert_output --partial 'k.key: permissions 0640 are too open'
	assert_output --partial 'chmod 600 k.key'
	chmod 604 k.key
	run phi-keygen --id k.key
	assert_failure 77
	chmod 600 k.key
	run phi-keygen --id k.key
	assert_success
}

# (openssl pkey cannot open phi-keygen's N=2^18 keys: it stops scrypt
# at 32 MiB; openssl asn1parse shows the PKCS#8 structure.)
@test "PHI_PASSPHRASE encrypts the key; it needs the passphrase" {
	PHI_PASSPHRASE='correct horse' phi-keygen -o k >kid
	head -1 k.key | grep -qx -- '-----BEGIN ENCRYPTED PRIVATE KEY-----'
	openssl asn1parse -in k.key | grep -q ':PBES2$'
	PHI_PASSPHRASE='correct horse' phi-keygen --id k.key
	run env PHI_PASSPHRASE=wrong phi-keygen --id k.key
	assert_failure 77
	[ "$(openssl_kid k.pub)" = "$(cat kid)" ]
}

@test "--passphrase-file: right passphrase loads, wrong one is 77" {
	printf 's3cret-pass\n' >pw
	phi-keygen --passphrase-file pw -o k >kid
	openssl asn1parse -in k.key | grep -q ':scrypt$'
	run phi-keygen --passphrase-file pw --id k.key
	assert_success
	assert_output "$(cat kid)"
	printf 'not-it\n' >bad
	run phi-keygen --passphrase-file bad --id k.key
	assert_failure 77
	assert_output --partial 'k.key: wrong passphrase'
	refute_output --partial 'not-it'
	refute_output --partial 's3cret'
	PHI_PASSPHRASE=not-it run phi-keygen --id k.key
	assert_failure 77
}

@test "an encrypted key without any passphrase source is a clear 77" {
	PHI_PASSPHRASE=pp phi-keygen -o k >/dev/null
	# setsid: no controlling terminal, so no prompt either
	run setsid -w phi-keygen --id k.key </dev/null
	assert_failure 77
	assert_output --partial 'k.key: key is encrypted; give --passphrase-file or PHI_PASSPHRASE'
	# the public key needs no passphrase
	run phi-keygen --id k.pub
	assert_success
}

@test "an encrypted key made by openssl loads with its passphrase" {
	openssl genpkey -algorithm X25519 -aes-256-cbc -pass pass:opw -out o.key
	chmod 600 o.key
	openssl pkey -in o.key -passin pass:opw -pubout -out o.pub
	PHI_PASSPHRASE=opw run phi-keygen --id o.key
	assert_success
	assert_output "$(openssl_kid o.pub)"
}

@test "a passphrase file that is missing or empty is 77" {
	run phi-keygen --passphrase-file nope -o k
	assert_failure 77
	assert_output --partial 'nope: cannot open'
	: >empty
	run phi-keygen --passphrase-file empty -o k
	assert_failure 77
	assert_output --partial 'empty passphrase'
	[ ! -e k.key ] && [ ! -e k.pub ]
}

@test "--passphrase asks twice on the terminal, without echo" {
	run "$PY" "$REPO/tests/helpers/ttydrive.py" hunter2 hunter2 -- \
	    phi-keygen -p -o k
	assert_success
	assert_output --partial 'Passphrase for k.key:'
	refute_output --partial 'hunter2'
	openssl asn1parse -in k.key | grep -q ':scrypt$'
	# loading asks on the terminal too
	run "$PY" "$REPO/tests/helpers/ttydrive.py" hunter2 -- \
	    phi-keygen --id k.key
	assert_success
	assert_output --partial "$(openssl_kid k.pub)"
}

@test "--passphrase with two different answers writes nothing (77)" {
	run "$PY" "$REPO/tests/helpers/ttydrive.py" one two -- \
	    phi-keygen -p -o k
	assert_failure 77
	assert_output --partial 'do not match'
	[ ! -e k.key ] && [ ! -e k.pub ]
}

@test "--sign makes an Ed25519 pair that openssl reads" {
	run phi-keygen --sign -o audit
	assert_success
	assert_output --regexp '^[0-9a-f]{16}$'
	[ "$(mode_of audit.key)" = 600 ]
	openssl pkey -in audit.key -noout -text | grep -q 'ED25519 Private-Key'
	openssl pkey -pubin -in audit.pub -noout
	[ "$(phi-keygen --sign --id audit.pub)" = "$output" ]
	[ "$(openssl_kid audit.pub)" = "$output" ]
}

@test "a key of the other type is refused (77)" {
	phi-keygen --sign -o s >/dev/null
	run phi-keygen --id s.pub
	assert_failure 77
	assert_output --partial 's.pub: Ed25519 key, not an X25519 key'
	phi-keygen -o x >/dev/null
	run phi-keygen --sign --id x.key
	assert_failure 77
	assert_output --partial 'X25519 key, not an Ed25519 key'
}

@test "--id on a missing file, a non-key file, a directory: 77" {
	run phi-keygen --id nope.pub
	assert_failure 77
	assert_output --partial 'nope.pub: cannot open'
	echo hello >junk
	run phi-keygen --id junk
	assert_failure 77
	assert_output --partial 'junk: not a PEM public key'
	mkdir d
	run phi-keygen --id d
	assert_failure 77
	assert_output --partial 'd: not a regular file'
}

@test "a damaged PEM key is refused without showing its contents" {
	phi-keygen -o k >/dev/null
	sed -i '2s/^..../AAAA/' k.pub
	run phi-keygen --id k.pub
	assert_failure 77
	assert_output --partial 'k.pub: not a valid PEM public key'
	refute_output --partial "$(sed -n 2p k.pub)"
}

@test "-o into a directory that does not exist leaves nothing" {
	run phi-keygen -o nodir/k
	assert_failure 74
	assert_output --partial 'nodir/k.key: cannot create'
	[ ! -e nodir ]
}

@test "-o with an empty name or a directory name is a usage error" {
	run phi-keygen -o ''
	assert_failure 64
	mkdir d
	run phi-keygen -o d/
	assert_failure 64
	assert_output --partial 'give a file name'
	[ -z "$(ls d)" ]
}

@test "--help goes to stdout with usage, option groups and an example" {
	run phi-keygen --help
	assert_success
	assert_line --index 0 --regexp '^usage: phi-keygen '
	assert_output --partial '--passphrase-file FILE'
	assert_output --partial 'Example:'
	[ -z "$(phi-keygen --help 2>&1 >/dev/null)" ]
}

@test "--version names the program and OpenSSL" {
	run phi-keygen --version
	assert_success
	assert_line --index 0 --regexp '^phi-keygen \(phi-tools\) [0-9]'
	assert_output --partial 'OpenSSL'
}

@test "usage errors are 64" {
	run phi-keygen --bogus
	assert_failure 64
	assert_output --partial "unknown option '--bogus'"
	run phi-keygen
	assert_failure 64
	run phi-keygen -o a extra
	assert_failure 64
	run phi-keygen -o
	assert_failure 64
	run phi-keygen -o a --id b
	assert_failure 64
	run phi-keygen -p --passphrase-file x -o a
	assert_failure 64
	[ ! -e a.key ]
}

@test "-o BASE.key or BASE.pub is a usage error, not BASE.key.key" {
	run phi-keygen -o team.key
	assert_equal "$status" 64
	assert_output --partial "without .key or .pub"
	[ ! -e team.key.key ] && [ ! -e team.key ]
}
