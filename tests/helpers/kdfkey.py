#!/usr/bin/python3
"""kdfkey.py - encrypted PKCS#8 key files ("ENCRYPTED PRIVATE KEY") with
chosen key derivation parameters, for the tests of the KDF cost limits
(common/crypto/kdfcost.c).  Written from RFC 8018 (PBES1, PBES2, PBKDF2) and
RFC 7914 (scrypt), independently of the C code.

  patch IN OUT FIELD=VALUE...
      copy the encrypted key IN to OUT with fields of its
      EncryptedPrivateKeyInfo changed (the encrypted data is kept, so the
      result decrypts only if the change does not alter the derived key):
        N= r= p=          scrypt cost, block size, parallelisation
        iter=             PBKDF2 or PBES1 iteration count
        keylen=           PBKDF2 or scrypt keyLength (added if absent)
        outer= kdf= cipher= prf=   an algorithm's OID (dotted)
      Values are decimal integers, 2^K, or -K (a negative INTEGER).
  scrypt IN OUT PASS N r p
      encrypt the plain PKCS#8 key IN (PEM "PRIVATE KEY") with PBES2,
      scrypt N r p and AES-256-CBC; PASS is the passphrase.
  pemwrap IN OUT PASS
      encrypt the PEM body of IN once more under a legacy PEM header
      (Proc-Type: 4,ENCRYPTED; DEK-Info: AES-256-CBC, key from
      EVP_BytesToKey with MD5, one iteration), as OpenSSL still reads it.
  show IN
      print the algorithm and parameters of IN, one `name=value` a line.
"""
import base64
import hashlib
import os
import sys

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

OID_PBES2 = "1.2.840.113549.1.5.13"
OID_PBKDF2 = "1.2.840.113549.1.5.12"
OID_SCRYPT = "1.3.6.1.4.1.11591.4.11"
OID_AES256CBC = "2.16.840.1.101.3.4.1.42"

SEQ, INT, OCTETS, OID = 0x30, 0x02, 0x04, 0x06


# --- DER: a node is [tag, bytes] or [tag, [children]] (constructed) ---

def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def encode(node):
    tag, v = node
    body = b"".join(encode(c) for c in v) if isinstance(v, list) else v
    return bytes([tag]) + der_len(len(body)) + body


def decode_one(buf, i):
    tag = buf[i]
    n = buf[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(buf[i:i + k], "big")
        i += k
    body = buf[i:i + n]
    if tag & 0x20:
        return [tag, decode_all(body)], i + n
    return [tag, body], i + n


def decode_all(buf):
    out, i = [], 0
    while i < len(buf):
        node, i = decode_one(buf, i)
        out.append(node)
    return out


def int_node(v):
    n = (v.bit_length() + 8) // 8 if v >= 0 else ((-v - 1).bit_length() + 8) // 8
    return [INT, v.to_bytes(max(n, 1), "big", signed=True)]


def int_value(node):
    return int.from_bytes(node[1], "big", signed=True)


def oid_node(dotted):
    a = [int(x) for x in dotted.split(".")]
    out = bytes([a[0] * 40 + a[1]])
    for x in a[2:]:
        b = [x & 0x7F]
        x >>= 7
        while x:
            b.append(0x80 | (x & 0x7F))
            x >>= 7
        out += bytes(reversed(b))
    return [OID, out]


def oid_text(node):
    b = node[1]
    a, x = [b[0] // 40, b[0] % 40], 0
    for c in b[1:]:
        x = (x << 7) | (c & 0x7F)
        if not c & 0x80:
            a.append(x)
            x = 0
    return ".".join(map(str, a))


# --- PEM ---

def pem_read(path, label):
    text = open(path).read()
    begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
    body = text.split(begin, 1)[1].split(end, 1)[0]
    return base64.b64decode("".join(body.split()))


def pem_write(path, der, label="ENCRYPTED PRIVATE KEY"):
    b64 = base64.b64encode(der).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    text = f"-----BEGIN {label}-----\n" + "\n".join(lines) + \
        f"\n-----END {label}-----\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, text.encode())
    os.close(fd)


# --- the fields of an EncryptedPrivateKeyInfo ---

def number(text):
    if text.startswith("2^"):
        return 1 << int(text[2:])
    return int(text)


def fields(epki):
    """The parameter nodes by name, as references into the tree."""
    alg = epki[1][0]
    f = {"outer": alg[1][0]}
    params = alg[1][1][1]
    if oid_text(alg[1][0]) != OID_PBES2:
        f["iter"] = params[1]
        return f, None
    kdf, enc = params[0][1], params[1][1]
    f["kdf"], f["cipher"] = kdf[0], enc[0]
    kp = kdf[1][1]
    if oid_text(kdf[0]) == OID_SCRYPT:
        f.update(N=kp[1], r=kp[2], p=kp[3])
        if len(kp) > 4:
            f["keylen"] = kp[4]
    else:
        f["iter"] = kp[1]
        for c in kp[2:]:
            if c[0] == INT:
                f["keylen"] = c
            elif c[0] == SEQ:
                f["prf"] = c[1][0]
    return f, kp


def patch(src, dst, changes):
    epki = decode_one(pem_read(src, "ENCRYPTED PRIVATE KEY"), 0)[0]
    for change in changes:
        name, value = change.split("=", 1)
        f, kp = fields(epki)
        if name == "keylen" and name not in f:
            kp.insert(2 if f.get("iter") else 4, int_node(number(value)))
        elif name == "prf" and name not in f:
            kp.append([SEQ, [oid_node(value), [0x05, b""]]])
        elif name in ("outer", "kdf", "cipher", "prf"):
            f[name][1] = oid_node(value)[1]
        else:
            f[name][1] = int_node(number(value))[1]
    pem_write(dst, encode(epki))


def show(src):
    epki = decode_one(pem_read(src, "ENCRYPTED PRIVATE KEY"), 0)[0]
    f, _ = fields(epki)
    for name, node in f.items():
        val = oid_text(node) if node[0] == OID else int_value(node)
        print(f"{name}={val}")


# --- encrypting a key for real ---

def aes_cbc(key, iv, data):
    pad = padding.PKCS7(128).padder()
    data = pad.update(data) + pad.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def scrypt_key(src, dst, pw, n, r, p):
    pkcs8 = pem_read(src, "PRIVATE KEY")
    salt, iv = os.urandom(16), os.urandom(16)
    key = hashlib.scrypt(pw.encode(), salt=salt, n=n, r=r, p=p, dklen=32,
                         maxmem=128 * r * (n + p + 2) + (1 << 20))
    kdf = [SEQ, [oid_node(OID_SCRYPT), [SEQ, [[OCTETS, salt], int_node(n),
                                              int_node(r), int_node(p)]]]]
    enc = [SEQ, [oid_node(OID_AES256CBC), [OCTETS, iv]]]
    alg = [SEQ, [oid_node(OID_PBES2), [SEQ, [kdf, enc]]]]
    epki = [SEQ, [alg, [OCTETS, aes_cbc(key, iv, pkcs8)]]]
    pem_write(dst, encode(epki))


def pemwrap(src, dst, pw):
    der = pem_read(src, "ENCRYPTED PRIVATE KEY")
    iv = os.urandom(16)
    key, d = b"", b""
    while len(key) < 32:
        d = hashlib.md5(d + pw.encode() + iv[:8]).digest()
        key += d
    b64 = base64.b64encode(aes_cbc(key[:32], iv, der)).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    text = ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
            f"DEK-Info: AES-256-CBC,{iv.hex().upper()}\n\n" +
            "\n".join(lines) + "\n-----END ENCRYPTED PRIVATE KEY-----\n")
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, text.encode())
    os.close(fd)


def main(argv):
    if len(argv) >= 4 and argv[1] == "patch":
        patch(argv[2], argv[3], argv[4:])
    elif len(argv) == 8 and argv[1] == "scrypt":
        scrypt_key(argv[2], argv[3], argv[4], *map(number, argv[5:8]))
    elif len(argv) == 5 and argv[1] == "pemwrap":
        pemwrap(argv[2], argv[3], argv[4])
    elif len(argv) == 3 and argv[1] == "show":
        show(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
