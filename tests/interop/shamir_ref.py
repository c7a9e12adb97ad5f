#!/usr/bin/python3
"""shamir_ref.py - an independent reading of phi-keygen's key shares.

Written from the format in phi-keygen(1) ("KEY SHARES") with the Python
standard library only: the PEM and the words forms, the checksums, and
Shamir's secret sharing over GF(2^8) (the AES field, x^8+x^4+x^3+x+1),
recombined by Lagrange interpolation at x = 0.  Shares sealed with a
passphrase ("PHI ENCRYPTED KEY SHARE"): scrypt from hashlib, AES-256-GCM
from the `cryptography` package (the standard library has no AES; Debian's
python3-cryptography, as hpke_ref.py uses), imported only for them.

Usage:
  shamir_ref.py combine [-p FILE]... SHARE...
                                   print the restored X25519 private key
                                   as PKCS#8 PEM (what `openssl pkey`
                                   reads), after checking every share;
                                   a sealed share is opened with the
                                   first line of a -p FILE or
                                   $PHI_PASSPHRASE, the first that opens it
  shamir_ref.py info SHARE         print "kid K N index" of a share
  shamir_ref.py seal SHARE FILE    print plain SHARE sealed with the
                                   passphrase of FILE (scrypt N=2^14)
  shamir_ref.py reseal-header SHARE INDEX
                                   print sealed SHARE with its index
                                   changed and its checksum made to fit

Exit codes: 0 ok, 64 usage, 65 a share that does not check, 77 a sealed
share no passphrase given opens.  Messages
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


SEALED = "PHI ENCRYPTED KEY SHARE"


def pem_body(text, label):
    begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
    body = text.split(begin, 1)[1].split(end, 1)[0]
    return base64.b64decode("".join(body.split()), validate=True)


def pem(label, p):
    b64 = base64.b64encode(p).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return "\n".join([f"-----BEGIN {label}-----"] + lines +
                     [f"-----END {label}-----"]) + "\n"


def gcm(key, nonce):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    return AESGCM(key), nonce


def scrypt_key(box, pw):
    lg, r, p = box[0], box[1], box[2]
    if lg == 0 or r == 0 or p == 0 or lg > 22 or (1 << lg) * r * p > 1 << 22:
        die("scrypt parameters out of bounds")
    n = 1 << lg
    return hashlib.scrypt(pw, salt=box[3:19], n=n, r=r, p=p,
                          maxmem=128 * r * (n + p + 2) + (1 << 20),
                          dklen=32)


def open_sealed(name, p, passwords):
    """y of sealed payload p: 12 bytes of header, box, checksum."""
    from cryptography.exceptions import InvalidTag
    if len(p) != 95 or hashlib.sha256(p[:91]).digest()[:4] != p[91:]:
        die(f"{name}: checksum differs")
    box = p[12:91]
    for pw in passwords:
        aead, nonce = gcm(scrypt_key(box, pw), box[19:31])
        try:
            return aead.decrypt(nonce, box[31:79], p[:43])
        except InvalidTag:
            continue
    die(f"{name}: no passphrase opens it", 77)


def read_share(name, passwords=()):
    text = open(name, encoding="ascii").read()
    begin, end = "-----BEGIN PHI KEY SHARE-----", "-----END PHI KEY SHARE-----"
    if f"-----BEGIN {SEALED}-----" in text:
        s = pem_body(text, SEALED)
        y = open_sealed(name, s, passwords)
        p = s[:12] + y
        p += hashlib.sha256(p).digest()[:4]
    elif begin in text:
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


def first_line(path):
    return open(path, "rb").read().split(b"\n", 1)[0].rstrip(b"\r")


def seal(name, passfile):
    """Plain share name sealed as phi-keygen(1) describes."""
    import os
    s = read_share(name)
    head = bytes([1]) + bytes.fromhex(s["kid"]) + bytes([s["k"], s["n"],
                                                          s["x"]])
    box = bytes([14, 8, 1]) + os.urandom(16 + 12)
    aead, nonce = gcm(scrypt_key(box, first_line(passfile)), box[19:31])
    ct = aead.encrypt(nonce, s["y"], head + box)
    p = head + box + ct
    return pem(SEALED, p + hashlib.sha256(p).digest()[:4])


def reseal_header(name, index):
    p = bytearray(pem_body(open(name, encoding="ascii").read(), SEALED))
    p[11] = index
    p[91:] = hashlib.sha256(p[:91]).digest()[:4]
    return pem(SEALED, bytes(p))


def main(argv):
    import os
    if len(argv) < 3 or argv[1] not in ("combine", "info", "seal",
                                        "reseal-header"):
        die(__doc__.split("Usage:")[1].split("Exit")[0].strip(), 64)
    if argv[1] == "seal" and len(argv) == 4:
        print(seal(argv[2], argv[3]), end="")
        return
    if argv[1] == "reseal-header" and len(argv) == 4:
        print(reseal_header(argv[2], int(argv[3])), end="")
        return
    names, passwords = argv[2:], []
    while len(names) > 1 and names[0] == "-p":
        passwords.append(first_line(names[1]))
        names = names[2:]
    if os.environ.get("PHI_PASSPHRASE"):
        passwords.append(os.environ["PHI_PASSPHRASE"].encode())
    shares = [read_share(n, passwords) for n in names]
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
