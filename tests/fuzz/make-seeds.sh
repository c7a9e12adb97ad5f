#!/bin/sh
# make-seeds.sh - remake the seed corpora in tests/fuzz/corpus/ from real
# material: lines of the Segment Spec examples (tests/fixtures), tokens and streams made by phi-encrypt with the
# fixed test key of util.c, rules files from share/rules, audit logs made
# by phi-audit and sealed with the fixed Ed25519 test key, and PEM keys
# made by phi-keygen.  Run from anywhere; builds the tools in a scratch
# directory.  The seeds are checked in; run this only to change them.
set -eu
cd "$(dirname "$0")/../.."
repo=$(pwd)
spec=$repo/tests/fixtures/segment-spec-examples.ndjson
c=tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s BUILD="$tmp/build" all >/dev/null
PATH=$tmp/build/bin:$PATH
export PHI_PASSPHRASE="fuzz passphrase"

# The fixed keys of util.c as PEM.
/usr/bin/python3 - "$tmp" <<'PY'
import hashlib, os, sys
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import x25519, ed25519
d = sys.argv[1]
def dump(name, k):
    priv = k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8,
                           s.NoEncryption())
    pub = k.public_key().public_bytes(s.Encoding.PEM,
                                      s.PublicFormat.SubjectPublicKeyInfo)
    fd = os.open(f"{d}/{name}.key", os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, priv)
    os.close(fd)
    open(f"{d}/{name}.pub", "wb").write(pub)
raw = lambda s_: hashlib.sha256(s_).digest()
dump("x", x25519.X25519PrivateKey.from_private_bytes(
    raw(b"phi-tools fuzz x25519")))
dump("ed", ed25519.Ed25519PrivateKey.from_private_bytes(
    raw(b"phi-tools fuzz ed25519")))
PY

rm -rf "$c"
mkdir -p "$c/fuzz_ndjson" "$c/fuzz_path" "$c/fuzz_token" "$c/fuzz_decrypt" \
    "$c/fuzz_rules" "$c/fuzz_auditverify" "$c/fuzz_keys" "$c/fuzz_share"

# fuzz_ndjson: a flag byte (see fuzz_ndjson.c), then a few spec lines.
i=0
for flags in 00 01 02 03 05 09 11 21 41 45; do
	i=$((i + 1))
	{ printf "\\x$flags"; sed -n "$((i * 7 - 6)),$((i * 7))p" "$spec"; } \
	    >"$c/fuzz_ndjson/spec-$flags"
done
{ printf '\001'; printf '{"traits":{"email":"a@b.c"},"items":[1,[2]],'
  printf '"k\\u002e":{"ssn":"x"},"context":{"a.b":3}}\r\n\n  \n'
  printf '{"a":{"x":{"b":[true,null]}}}'; } >"$c/fuzz_ndjson/shapes"
{ printf '\002'; printf '{"properties":{"p":1,"q":[1,2]},"x":2}\n'
  printf '{"integrations":{},"properties":{}}\n[1]\n'; } \
    >"$c/fuzz_ndjson/drop"
{ printf '\002'
  printf '{"items":[0,1,2],"traits":{"email":"e","name":"n"},"x":{"ssn":1,"y":2}}\n'
  printf '{ "a" : { "q" : {"b":1} , "b" : 2 } , "integrations":{"All":true},"k":1 }\n'
  printf '{"ssn":1,"ssn":2,"z":[{"ssn":3},{"address":{"l1":"x","l2":"y"},"k":0}]}'
} >"$c/fuzz_ndjson/drop-first"
{ printf '\004'; printf '{"a":1}\nnot json\n{"b":\n"str"\n{"c":2}'; } \
    >"$c/fuzz_ndjson/bad-lines"
# the lean walk against the full one (flag bit 7), plain, with refusals
# and a reject file, and split in two
for flags in 200 244 300; do
	{ printf "\\$flags"
	  printf '{"a":[null,"b",true,"cd",1.5,"e",[],{"k":"xyz"},"\\u0041"]}\n'
	  printf '{"k\\"q":{"e\\u0073":["a\\"b",false,"ab"]},"n":-0}\r\n'
	  printf '[ "x" ]\n{"a":"abc"} "d"\n{"z":[[["y"]],"yz"]}'
	} >"$c/fuzz_ndjson/lean-$flags"
done
# ... and with tokens whose bodies the lean walk may cut (elide.h): a
# key, escapes before the quote and in the body, a bad line after a cut
t=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef
for flags in 200 244 300; do
	{ printf "\\$flags"
	  printf '{"a":"phi:1:%s1","b":["phi:1:%s","phi:1:%s-_"]}\n' $t $t $t
	  printf '{"phi:1:%s1":"phi:1:%s1","c":"x\\"phi:1:%s1"}\n' $t $t $t
	  printf '{"a":"phi:1:%s\\u0041","b":"phi:1:%s1",}\r\n' $t $t
	  printf '"phi:1:%s1"\n{"a":"phi:1:%s1" "b":2}\n' $t $t
	  printf '{"a":[{"b":"phi:1:%s1"}],"c":"phi:1:%s"' $t $t
	} >"$c/fuzz_ndjson/lean-tokens-$flags"
done
# ... and selected, dropped, skipped among tokens, the full walk with cuts
for flags in 001 002 003 005 025; do
	{ printf "\\$flags"
	  printf '{"traits":{"email":"phi:1:%s1","n":"phi:1:%s"},' $t $t
	  printf '"properties":{"a":["phi:1:%s",{"ssn":"phi:1:%s1"}]},' $t $t
	  printf '"items":["phi:1:%s1",2],"x":{"ssn":"phi:1:%s"}}\n' $t $t
	  printf '{"properties":"phi:1:%s1","integrations":{"phi:1:%s":1}}\n' $t $t
	  printf '{"traits":{"email":"phi:1:%s1",}}\n{"ssn":"phi:1:%s"}' $t $t
	} >"$c/fuzz_ndjson/tokens-$flags"
done
# found by fuzz_ndjson: an open string after the object on a last line
printf '\175\061\366\221:\n{"c":2}"strproperties"\n{"c":2}' \
    >"$c/fuzz_ndjson/regress-trailing-string"

# fuzz_path: path lines, NUL, pattern and path byte codes.
printf 'traits.email\n**.ssn\nproperties["a.b"].*\nitems[0]\nitems.0\0' \
    >"$c/fuzz_path/text"
printf '**.email\n*.x\n["a\\u0000"]\0\001\003abc\005\002\002x.\0\000\003abc\001\002' \
    >"$c/fuzz_path/codes"

# fuzz_token: real tokens of the test key, and JSON values to seal.
head -8 "$spec" | phi-encrypt -k "$tmp/x.pub" -f 'traits.*' \
    -f 'properties.*' -f 'context.*' >"$tmp/enc.ndjson"
i=0
for t in $(grep -o '"phi:1:[^"]*"' "$tmp/enc.ndjson" | tr -d '"' | head -6)
do
	i=$((i + 1))
	printf '%s' "$t" >"$c/fuzz_token/token-$i"
done
# ... and suite-2 tokens bound as fuzz_token.c binds (a.b, id "r-1"),
# the test key its own sender, one per flags combination
printf '{"id":"r-1","a":{"b":"jane@example.com"}}\n' >"$tmp/one.ndjson"
for opts in "--sender $tmp/x.key" "--bind-path" "--bind-record id" \
    "--sender $tmp/x.key --bind-path --bind-record id"; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	phi-encrypt -k "$tmp/x.pub" $opts -f a.b "$tmp/one.ndjson" |
	    grep -o '"phi:2:[^"]*"' | tr -d '"' | tr -d '\n' \
	    >"$c/fuzz_token/token2-$i"
done
printf '"phi:1:not-a-token"' >"$c/fuzz_token/plain-string"
printf '{"a":[1,2.5e3,null,true]}' >"$c/fuzz_token/plain-object"

# fuzz_decrypt: a flag byte, then phi-encrypt output.
sed -n 10,24p "$spec" | phi-encrypt -k "$tmp/x.pub" -f 'traits.*' \
    -f '**.email' -f 'properties' >"$tmp/enc2.ndjson"
{ printf '\000'; head -5 "$tmp/enc2.ndjson"; } >"$c/fuzz_decrypt/all"
{ printf '\001'; sed -n 6,10p "$tmp/enc2.ndjson"; } >"$c/fuzz_decrypt/fields"
{ printf '\006'; sed -n 11,15p "$tmp/enc2.ndjson"; echo '{"x":"phi:1:AAAA"}'; } \
    >"$c/fuzz_decrypt/skip-reject"

# fuzz_jobs: two option bytes (see fuzz_jobs.c), then a stream made from
# line codes (option bit 5) or given as it is: spec lines, and
# phi-encrypt output of the test key (the fuzz_decrypt seeds).
mkdir -p "$c/fuzz_jobs"
# jobs_seed NAME OPTIONS CODES: a made stream, each code octal
jobs_seed() {
	# shellcheck disable=SC2059
	printf "$2$3" >"$c/fuzz_jobs/$1"
}
jobs_seed made-redact '\040\003' '\000\001\002\005\006\007\012\013\015\035\055\075\001\002'
jobs_seed made-mask-reject '\045\020' '\000\003\004\023\024\044\064\104\124\006\026\001\014\034'
jobs_seed made-drop-short-split '\076\100' '\000\012\032\052\003\001\012\112\005\002\012\016'
jobs_seed made-decrypt '\043\005' '\010\030\110\130\011\115\016\036\005\003\010\030'
jobs_seed made-decrypt-reject-skip '\147\201' '\010\110\130\104\124\011\031\016\005\004\010'
jobs_seed made-decrypt-short '\053\010' '\010\030\012\032\016\003\010'
jobs_seed made-failfast '\140\000' '\005\025\006\002\001\000\003'
# the report too (byte 1 bit 6): all paths, and at most 5 (byte 0 bit 3)
# with a reject file, so that values collapse and blocks are redone
jobs_seed made-report '\040\102' '\000\001\002\005\015\035\055\075\001\002\000\012'
jobs_seed made-report-paths5-reject '\054\107' '\000\001\002\003\005\015\035\055\075\004\001\002\012'
jobs_seed made-open-reject '\244\002' '\000\003\005\013\000\013'
jobs_seed made-sniff '\040\001' '\014\000\001'
jobs_seed made-gzip-reject '\044\001' '\034\000\003\001'
{ printf '\000\007'; sed -n 1,12p "$spec"; } >"$c/fuzz_jobs/spec-redact"
{ printf '\005\017'; sed -n 13,24p "$spec"; echo '{"a":1'; sed -n 25,30p "$spec"; } \
    >"$c/fuzz_jobs/spec-mask-reject"
{ printf '\032\077'; sed -n 31,45p "$spec"; printf '[1]\n\n'; sed -n 46p "$spec" | tr -d '\n'; } \
    >"$c/fuzz_jobs/spec-drop-split"
{ printf '\003\007'; tail -c +2 "$c/fuzz_decrypt/all"; } >"$c/fuzz_jobs/decrypt"
{ printf '\007\200'; tail -c +2 "$c/fuzz_decrypt/skip-reject"; } \
    >"$c/fuzz_jobs/decrypt-fields-reject"
{ printf '\113\003'; tail -c +2 "$c/fuzz_decrypt/fields"; } \
    >"$c/fuzz_jobs/decrypt-skip-short"

# fuzz_rules: the default rules in pieces (rule boundaries), and overrides.
awk -v dir="$c/fuzz_rules" '
	/^rule / { n++; if (n % 8 == 1) f = sprintf("%s/default-%02d", dir, n / 8) }
	f != "" && n > 0 { print > f }' share/rules/default.rules
cat >"$c/fuzz_rules/override" <<'R'
# tighten email, add a rule
rule email colour=red
	keys+=*contactEmail,work_email*
rule member-id colour=yellow value=none similar=no scan=no
	keys=memberId,member_number
rule npi colour=yellow value=npi context=provider,npi*
R

# fuzz_auditverify: logs made by phi-audit, sealed with the test key.
log=$tmp/audit.log
cd "$tmp"
phi-audit record -l "$log" -e "PHI Decrypted" -u user-1 -a alice \
    -d '{"values":3}' --timestamp 2024-01-02T10:00:00Z
phi-audit record -l "$log" -e "Login Failed" -a bob \
    --timestamp 2024-01-02T10:01:00Z
phi-audit seal -l "$log" -k "$tmp/ed.key" >"$tmp/cp"
sed -n 1,4p "$spec" | phi-audit ingest -l "$log" -e "PHI Viewed" \
    --map end_user=userId
phi-audit rotate -l "$log" "$tmp/audit.1" >/dev/null
phi-audit record -l "$log" -e "PHI Exported" -u user-2 \
    --timestamp 2024-01-03T09:00:00Z
phi-audit seal -l "$log" -k "$tmp/ed.key" >>"$tmp/cp"
cd "$repo"
cp "$tmp/audit.1" "$c/fuzz_auditverify/log"
{ cat "$tmp/audit.1"; echo '#--'; cat "$log"; } >"$c/fuzz_auditverify/rotated"
{ cat "$tmp/audit.1"; echo '#--'; cat "$log"; echo '#checkpoints'
  cat "$tmp/cp"; } >"$c/fuzz_auditverify/checkpoints"

# fuzz_keys: phi-keygen keys, plain and encrypted, and the test keys.
PHI_PASSPHRASE= phi-keygen -o "$tmp/k1" >/dev/null
PHI_PASSPHRASE= phi-keygen -s -o "$tmp/k2" >/dev/null
phi-keygen -o "$tmp/k3" >/dev/null 2>&1 # with PHI_PASSPHRASE: encrypted
cp "$tmp/k1.key" "$c/fuzz_keys/x25519.key"
cp "$tmp/k1.pub" "$c/fuzz_keys/x25519.pub"
cp "$tmp/k2.key" "$c/fuzz_keys/ed25519.key"
cp "$tmp/k2.pub" "$c/fuzz_keys/ed25519.pub"
cp "$tmp/k3.key" "$c/fuzz_keys/x25519-encrypted.key"
cp "$tmp/ed.pub" "$c/fuzz_keys/test-ed25519.pub"
# fuzz_share: key shares of phi-keygen --split, PEM and words forms.
PHI_PASSPHRASE= phi-keygen --split 2/3 -o "$tmp/sp" >/dev/null
(umask 077 && echo "$PHI_PASSPHRASE" >"$tmp/pw")
PHI_PASSPHRASE= phi-keygen --split 3/255 --armor words -o "$tmp/sw" >/dev/null
cp "$tmp/sp.share-1" "$c/fuzz_share/pem"
cp "$tmp/sw.share-255" "$c/fuzz_share/words"
tr 'a-z' 'A-Z' <"$tmp/sw.share-2" >"$c/fuzz_share/words-upper"
cat "$tmp/k1.key" "$tmp/sp.share-3" >"$c/fuzz_share/after-a-key"
# sealed with a passphrase (PHI ENCRYPTED KEY SHARE)
phi-keygen --split 2/3 -o "$tmp/ss" --share-passphrase-file '' \
    --share-passphrase-file "$tmp/pw" --share-passphrase-file '' >/dev/null
cp "$tmp/ss.share-2" "$c/fuzz_share/sealed"
cat "$tmp/ss.share-1" "$tmp/ss.share-2" >"$c/fuzz_share/plain-then-sealed"
# fuzz_x25519: scalar || u of RFC 7748's vectors (section 5.2 and
# Alice's key with Bob's), a low-order u and p itself (0 written
# non-canonically).
mkdir -p "$c/fuzz_x25519"
x=$c/fuzz_x25519
k1=a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4
u1=e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c
ka=77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a
ub=de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f
one=01$(printf '%062d' 0)
p=ed$(printf 'ff%.0s' $(seq 30))7f
printf %s "$k1$u1" | xxd -r -p >"$x/rfc7748-1"
printf %s "$ka$ub" | xxd -r -p >"$x/rfc7748-alice-bob"
printf %s "$ka$one" | xxd -r -p >"$x/low-order-1"
printf %s "$ka$p" | xxd -r -p >"$x/non-canonical-p"
chmod 644 "$c"/*/*
ls "$c"/* | wc -l
