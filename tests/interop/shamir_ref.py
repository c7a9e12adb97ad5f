#!/usr/bin/python3
"""shamir_ref.py - an independent reading of phi-keygen's key shares.

Written from the format in phi-keygen(1) ("KEY SHARES") with the Python
standard library only: the PEM and the words forms, the checksums, and
Shamir's secret sharing over GF(2^8) (the AES field, x^8+x^4+x^3+x+1),
recombined by Lagrange interpolation at x = 0.

Usage:
  shamir_ref.py combine SHARE...   print the restored X25519 private key
                                   as PKCS#8 PEM (what `openssl pkey`
                                   reads), after checking every share
  shamir_ref.py info SHARE         print "kid K N index" of a share

Exit codes: 0 ok, 64 usage, 65 a share that does not check.  Messages
never show share bytes.
"""
import base64
import hashlib
import sys

B32 = "0123456789abcdefghjkmnpqrstvwxyz"
PKCS8_X25519 = bytes.fromhex("302e020100300506032b656e04220420")


def gf_mul(a, b):
    r = 0
    while b:
        if b & 1:
            r ^= a
        a <<= 1
        if a & 0x100:
            a ^= 0x11B
        b >>= 1
    return r


def gf_inv(a):
    for x in range(1, 256):
        if gf_mul(a, x) == 1:
            return x
    raise ValueError("no inverse of 0")


def die(msg, code=65):
    print("shamir_ref.py: " + msg, file=sys.stderr)
    sys.exit(code)


def b32_value(ch):
    ch = ch.lower()
    ch = {"i": "1", "l": "1", "o": "0"}.get(ch, ch)
    if ch not in B32:
        raise ValueError("bad character")
    return B32.index(ch)


def words_payload(name, lines):
    out = b""
    for line in lines:
        num, _, rest = line.partition(":")
        chars = [c for c in rest if c not in " \t-\r"]
        vals = [b32_value(c) for c in chars]
        if len(vals) != 18 or int(num) != len(out) // 10 + 1:
            die(f"{name}: bad share line {num}")
        bits = 0
        for v in vals[:16]:
            bits = bits << 5 | v
        data = bits.to_bytes(10, "big")
        md = hashlib.sha256(bytes([int(num)]) + data).digest()
        if (md[0] << 2 | md[1] >> 6) != (vals[16] << 5 | vals[17]):
            die(f"{name}: line {num}: check characters differ")
        out += data
    if len(out) != 50 or out[48:] != b"\0\0":
        die(f"{name}: not 5 whole share lines")
    return out[:48]


def read_share(name):
    text = open(name, encoding="ascii").read()
    begin, end = "-----BEGIN PHI KEY SHARE-----", "-----END PHI KEY SHARE-----"
    if begin in text:
        body = text.split(begin, 1)[1].split(end, 1)[0]
        p = base64.b64decode("".join(body.split()), validate=True)
    else:
        lines = [l.strip() for l in text.splitlines()]
        p = words_payload(name, [l for l in lines if l and l[0] != "#"])
    if len(p) != 48 or hashlib.sha256(p[:44]).digest()[:4] != p[44:]:
        die(f"{name}: checksum differs")
    if p[0] != 1:
        die(f"{name}: version {p[0]}")
    return {"kid": p[1:9].hex(), "k": p[9], "n": p[10], "x": p[11],
            "y": p[12:44]}


def combine(shares):
    xs = [s["x"] for s in shares]
    secret = bytearray(32)
    for i, s in enumerate(shares):
        num = den = 1
        for j, xj in enumerate(xs):
            if j != i:
                num = gf_mul(num, xj)
                den = gf_mul(den, xj ^ xs[i])
        li = gf_mul(num, gf_inv(den))
        for b in range(32):
            secret[b] ^= gf_mul(li, s["y"][b])
    return bytes(secret)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("combine", "info"):
        die(__doc__.split("Usage:")[1].split("Exit")[0].strip(), 64)
    shares = [read_share(n) for n in argv[2:]]
    if argv[1] == "info":
        s = shares[0]
        print(s["kid"], s["k"], s["n"], s["x"])
        return
    if len({s["kid"] for s in shares}) != 1 or len(shares) < shares[0]["k"]:
        die("shares of several keys, or too few")
    der = PKCS8_X25519 + combine(shares)
    b64 = base64.b64encode(der).decode()
    print("-----BEGIN PRIVATE KEY-----\n" + b64 +
          "\n-----END PRIVATE KEY-----")


if __name__ == "__main__":
    main(sys.argv)
