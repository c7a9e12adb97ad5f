#!/usr/bin/python3
"""hpke_ref.py - an independent RFC 9180 implementation for interop tests.

HPKE base mode (mode_base) and auth mode (mode_auth, RFC 9180 5.1.3:
AuthEncap/AuthDecap) for DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 /
AES-256-GCM (and ChaCha20Poly1305, used only by the self-test), written
from the RFC text with the Python standard library (hmac, hashlib) and the
`cryptography` package for X25519 and the AEADs.  On top of it, the token
format of phi-tools (phi-tools(7), "TOKENS"): suite 1 ("phi:1:") and
suite 2 ("phi:2:", flags AUTH / PATH / RECORD, info "phi-tools/2", the AAD
of phi-tools(7) "Suite 2").

Usage (run with /usr/bin/python3, which has Debian's python3-cryptography):
  hpke_ref.py selftest [VECTORS.json]   check the official RFC 9180 vectors
  hpke_ref.py encrypt PUBKEY.pem PATH...  NDJSON stdin -> stdout, selected
                                        values replaced by tokens
  hpke_ref.py decrypt PRIVKEY.pem       NDJSON stdin -> stdout, every token
                                        string replaced by its JSON value
  hpke_ref.py open PRIVKEY.pem TOKEN    print the plaintext bytes of a token
  hpke_ref.py open PRIVKEY.pem          ... of each token line on stdin
  hpke_ref.py seal PUBKEY.pem           a token for each line of stdin
  hpke_ref.py encrypt2 PUBKEY.pem [--sender KEY.pem] [--bind-path]
                      [--bind-record PATH] PATH...
                                        encrypt with suite-2 tokens
  hpke_ref.py decrypt2 PRIVKEY.pem [--sender PUB.pem]... [--bind-record PATH]
                                        open suite-1 and suite-2 tokens
  hpke_ref.py kid KEY.pem               print the key id (16 hex digits)
  hpke_ref.py joinseal [--no-pad] PUBKEY.pem JOINKEY
                                        the join token of each line of stdin
                                        (phi-tools(7) "JOIN TOKENS")
  hpke_ref.py joinid JOINKEY            print the id of a join key
  hpke_ref.py info TOKEN|-              print "kid enc seq ctlen" of a token,
                                        or of every token in stdin (-)
  hpke_ref.py tamper TOKEN WHAT ARG...  print a changed token for each ARG,
                                        one a line; WHAT is
                                        ct N (flip a bit of ct byte N),
                                        seq N (set seq), kid HEX (set kid),
                                        enc N (flip a bit of enc byte N),
                                        encset HEX (set enc),
                                        cut N (keep the first N raw bytes)

An ENCRYPTED PRIVATE KEY is opened with the passphrase in $PHI_PASSPHRASE.

PATH: dot-separated keys, `*` for any one key (or array element); a
selected object or array is encrypted whole (outermost match wins).
Plaintext = the compact JSON text of the value, as
json.dumps(v, separators=(",", ":"), ensure_ascii=False) gives it.
Suite 2's canonical path is written as phi-tools prints paths (a.b,
items[3], a["x.y"]); the record field's bytes are its compact JSON text,
which are the bytes in the line when the line is compact (encrypt2 writes
compact lines; decrypt2 expects them).

Exit codes: 0 ok, 1 self-test failure, 64 usage, 65 bad data (including a
token that fails authentication), 66 cannot open input, 77 key problem
(unknown key id, unreadable key).  Messages never show a value.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import signal
import sys

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey, X25519PublicKey)
from cryptography.hazmat.primitives.ciphers.aead import (
    AESGCM, ChaCha20Poly1305)

PROG = "hpke_ref"

EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_NOPERM = 64, 65, 66, 77


class Failure(Exception):
    """An error with its exit status; the message never holds a value."""

    def __init__(self, status, msg):
        super().__init__(msg)
        self.status = status


# ---------------------------------------------------------------------------
# RFC 9180 building blocks

def i2osp(n, w):
    """I2OSP(n, w): n as a w-byte big-endian string (RFC 8017)."""
    if n < 0 or n >= 1 << (8 * w):
        raise ValueError("i2osp: out of range")
    return n.to_bytes(w, "big")


def xor_bytes(a, b):
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


# KDF: HKDF-SHA256 (RFC 5869), kdf_id 0x0001
KDF_ID = 0x0001
NH = 32


def hkdf_extract(salt, ikm):
    # RFC 5869 2.2: an absent salt is HashLen zero bytes
    if not salt:
        salt = bytes(NH)
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def hkdf_expand(prk, info, length):
    if length > 255 * NH:
        raise ValueError("hkdf_expand: length too large")
    out, t, i = b"", b"", 1
    while len(out) < length:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
        out += t
        i += 1
    return out[:length]


def labeled_extract(suite_id, salt, label, ikm):
    """RFC 9180 4: Extract(salt, "HPKE-v1" || suite_id || label || ikm)."""
    return hkdf_extract(salt, b"HPKE-v1" + suite_id + label + ikm)


def labeled_expand(suite_id, prk, label, info, length):
    """RFC 9180 4: Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id ||
    label || info, L)."""
    labeled_info = i2osp(length, 2) + b"HPKE-v1" + suite_id + label + info
    return hkdf_expand(prk, labeled_info, length)


# KEM: DHKEM(X25519, HKDF-SHA256), kem_id 0x0020 (RFC 9180 4.1, 7.1)
KEM_ID = 0x0020
N_SECRET, N_ENC, N_PK, N_SK = 32, 32, 32, 32
KEM_SUITE_ID = b"KEM" + i2osp(KEM_ID, 2)


def pk_raw(pub):
    return pub.public_bytes(serialization.Encoding.Raw,
                            serialization.PublicFormat.Raw)


def sk_raw(priv):
    return priv.private_bytes(serialization.Encoding.Raw,
                              serialization.PrivateFormat.Raw,
                              serialization.NoEncryption())


def derive_key_pair(ikm):
    """RFC 9180 7.1.3 for X25519: sk = LabeledExpand(dkp_prk, "sk", "", Nsk)."""
    dkp_prk = labeled_extract(KEM_SUITE_ID, b"", b"dkp_prk", ikm)
    sk = labeled_expand(KEM_SUITE_ID, dkp_prk, b"sk", b"", N_SK)
    return X25519PrivateKey.from_private_bytes(sk)


def dh(priv, pk_bytes):
    """DH(sk, pk); an all-zero result (low-order point) is refused (7.1.4)."""
    try:
        peer = X25519PublicKey.from_public_bytes(pk_bytes)
        z = priv.exchange(peer)
    except ValueError as e:
        raise Failure(EX_DATAERR, "X25519: invalid public value") from e
    if hmac.compare_digest(z, bytes(32)):
        raise Failure(EX_DATAERR, "X25519: all-zero shared secret")
    return z


def extract_and_expand(dh_value, kem_context):
    eae_prk = labeled_extract(KEM_SUITE_ID, b"", b"eae_prk", dh_value)
    return labeled_expand(KEM_SUITE_ID, eae_prk, b"shared_secret",
                          kem_context, N_SECRET)


def auth_encap(pk_r, sk_s, sk_e=None):
    """AuthEncap(pkR, skS) (RFC 9180 5.1.3) -> (shared_secret, enc)."""
    if sk_e is None:
        sk_e = X25519PrivateKey.generate()
    dh_value = dh(sk_e, pk_r) + dh(sk_s, pk_r)
    enc = pk_raw(sk_e.public_key())
    kem_context = enc + pk_r + pk_raw(sk_s.public_key())
    return extract_and_expand(dh_value, kem_context), enc


def auth_decap(enc, sk_r, pk_s):
    """AuthDecap(enc, skR, pkS)."""
    if len(enc) != N_ENC:
        raise Failure(EX_DATAERR, "bad enc length")
    dh_value = dh(sk_r, enc) + dh(sk_r, pk_s)
    kem_context = enc + pk_raw(sk_r.public_key()) + pk_s
    return extract_and_expand(dh_value, kem_context)


def encap(pk_r, sk_e=None):
    """Encap(pkR) -> (shared_secret, enc); sk_e fixed only by the tests."""
    if sk_e is None:
        sk_e = X25519PrivateKey.generate()
    dh_value = dh(sk_e, pk_r)
    enc = pk_raw(sk_e.public_key())
    shared_secret = extract_and_expand(dh_value, enc + pk_r)
    return shared_secret, enc


def decap(enc, sk_r):
    if len(enc) != N_ENC:
        raise Failure(EX_DATAERR, "bad enc length")
    dh_value = dh(sk_r, enc)
    kem_context = enc + pk_raw(sk_r.public_key())
    return extract_and_expand(dh_value, kem_context)


# AEADs (RFC 9180 7.3): id -> (Nk, Nn, class)
AEADS = {
    0x0002: (32, 12, AESGCM),
    0x0003: (32, 12, ChaCha20Poly1305),
}
MODE_BASE = 0x00
MODE_AUTH = 0x02


def hpke_suite_id(aead_id):
    return b"HPKE" + i2osp(KEM_ID, 2) + i2osp(KDF_ID, 2) + i2osp(aead_id, 2)


class Context:
    """An HPKE encryption context (RFC 9180 5.2); also the key schedule's
    intermediate values, so the self-test can check them."""

    def __init__(self, aead_id, shared_secret, info, mode=MODE_BASE):
        if aead_id not in AEADS:
            raise ValueError("unsupported aead_id")
        nk, nn, cls = AEADS[aead_id]
        suite_id = hpke_suite_id(aead_id)
        psk, psk_id = b"", b""          # mode_base: default psk and psk_id
        psk_id_hash = labeled_extract(suite_id, b"", b"psk_id_hash", psk_id)
        info_hash = labeled_extract(suite_id, b"", b"info_hash", info)
        ksc = bytes([mode]) + psk_id_hash + info_hash
        secret = labeled_extract(suite_id, shared_secret, b"secret", psk)
        self.suite_id = suite_id
        self.key_schedule_context = ksc
        self.secret = secret
        self.key = labeled_expand(suite_id, secret, b"key", ksc, nk)
        self.base_nonce = labeled_expand(suite_id, secret, b"base_nonce",
                                         ksc, nn)
        self.exporter_secret = labeled_expand(suite_id, secret, b"exp",
                                              ksc, NH)
        self.nn = nn
        self.aead = cls(self.key)
        self.seq = 0

    def compute_nonce(self, seq):
        if seq >= (1 << (8 * self.nn)) - 1:
            raise Failure(EX_DATAERR, "message limit reached")
        return xor_bytes(self.base_nonce, i2osp(seq, self.nn))

    def seal_at(self, seq, aad, pt):
        return self.aead.encrypt(self.compute_nonce(seq), pt, aad)

    def open_at(self, seq, aad, ct):
        try:
            return self.aead.decrypt(self.compute_nonce(seq), ct, aad)
        except InvalidTag as e:
            raise Failure(EX_DATAERR, "token fails authentication") from e

    def seal(self, aad, pt):
        ct = self.seal_at(self.seq, aad, pt)
        self.seq += 1
        return ct

    def open(self, aad, ct):
        pt = self.open_at(self.seq, aad, ct)
        self.seq += 1
        return pt

    def export(self, exporter_context, length):
        return labeled_expand(self.suite_id, self.exporter_secret, b"sec",
                              exporter_context, length)


def setup_base_s(pk_r, info, aead_id=0x0002, sk_e=None):
    shared_secret, enc = encap(pk_r, sk_e)
    return enc, Context(aead_id, shared_secret, info)


def setup_base_r(enc, sk_r, info, aead_id=0x0002):
    return Context(aead_id, decap(enc, sk_r), info)


# ---------------------------------------------------------------------------
# Self-test against the official vectors

class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name):
        self.n += 1
        if not cond:
            self.failed += 1
        print(("ok" if cond else "not ok") + " %d - %s" % (self.n, name))


def check_vector_setup(tap, v, tag):
    h = bytes.fromhex
    sk_e = derive_key_pair(h(v["ikmE"]))
    sk_r = derive_key_pair(h(v["ikmR"]))
    tap.ok(sk_raw(sk_e) == h(v["skEm"]), tag + " DeriveKeyPair(ikmE) = skEm")
    tap.ok(pk_raw(sk_e.public_key()) == h(v["pkEm"]), tag + " pkEm")
    tap.ok(sk_raw(sk_r) == h(v["skRm"]), tag + " DeriveKeyPair(ikmR) = skRm")
    tap.ok(pk_raw(sk_r.public_key()) == h(v["pkRm"]), tag + " pkRm")
    info, aead_id = h(v["info"]), v["aead_id"]
    enc, s_ctx = setup_base_s(h(v["pkRm"]), info, aead_id, sk_e)
    tap.ok(enc == h(v["enc"]), tag + " Encap enc")
    sk_r = X25519PrivateKey.from_private_bytes(h(v["skRm"]))
    shared = decap(h(v["enc"]), sk_r)
    tap.ok(shared == h(v["shared_secret"]), tag + " Decap shared_secret")
    r_ctx = Context(aead_id, shared, info)
    for name in ("key_schedule_context", "secret", "key", "base_nonce",
                 "exporter_secret"):
        tap.ok(getattr(s_ctx, name) == h(v[name]), tag + " sender " + name)
        tap.ok(getattr(r_ctx, name) == h(v[name]), tag + " receiver " + name)
    return s_ctx, r_ctx


def check_auth_vector(tap, v):
    """RFC 9180 A.2.3: mode_auth, AuthEncap from ikmE and ikmS."""
    h = bytes.fromhex
    sk_e = derive_key_pair(h(v["ikmE"]))
    sk_s = derive_key_pair(h(v["ikmS"]))
    tap.ok(sk_raw(sk_s) == h(v["skSm"]), "auth: DeriveKeyPair(ikmS) = skSm")
    shared, enc = auth_encap(h(v["pkRm"]), sk_s, sk_e)
    tap.ok(enc == h(v["enc"]) and shared == h(v["shared_secret"]),
           "auth: AuthEncap enc and shared_secret")
    sk_r = X25519PrivateKey.from_private_bytes(h(v["skRm"]))
    shared_r = auth_decap(h(v["enc"]), sk_r, h(v["pkSm"]))
    tap.ok(shared_r == h(v["shared_secret"]), "auth: AuthDecap shared_secret")
    info = h(v["info"])
    s_ctx = Context(v["aead_id"], shared, info, MODE_AUTH)
    r_ctx = Context(v["aead_id"], shared_r, info, MODE_AUTH)
    for name in ("key_schedule_context", "secret", "key", "base_nonce",
                 "exporter_secret"):
        tap.ok(getattr(s_ctx, name) == h(v[name]), "auth: " + name)
    for e in v["encryptions"]:
        aad, pt, ct = h(e["aad"]), h(e["pt"]), h(e["ct"])
        tap.ok(s_ctx.compute_nonce(e["seq"]) == h(e["nonce"]) and
               s_ctx.seal_at(e["seq"], aad, pt) == ct and
               opens_to(r_ctx, e["seq"], aad, ct, pt),
               "auth: encryption seq %d: nonce, seal, open" % e["seq"])
    for e in v["exports"]:
        tap.ok(r_ctx.export(h(e["exporter_context"]), e["L"]) ==
               h(e["exported_value"]), "auth: export L=%d" % e["L"])


def check_vector(tap, v):
    h = bytes.fromhex
    tag = "aead %d:" % v["aead_id"]
    s_ctx, r_ctx = check_vector_setup(tap, v, tag)
    for i, e in enumerate(v["encryptions"]):
        aad, pt, ct = h(e["aad"]), h(e["pt"]), h(e["ct"])
        nonce_ok = s_ctx.compute_nonce(i) == h(e["nonce"])
        seal_ok = s_ctx.seal(aad, pt) == ct     # the context's own counter
        tap.ok(nonce_ok and seal_ok and opens_to(r_ctx, i, aad, ct, pt),
               tag + " encryption %d: nonce, seal, open" % i)
    for e in v["exports"]:
        ctx, length = h(e["exporter_context"]), e["L"]
        good = s_ctx.export(ctx, length) == h(e["exported_value"])
        good = good and r_ctx.export(ctx, length) == h(e["exported_value"])
        tap.ok(good, tag + " export ctx=%s L=%d" % (e["exporter_context"],
                                                    length))
    return s_ctx


def opens_to(r_ctx, seq, aad, ct, pt):
    try:
        return r_ctx.open_at(seq, aad, ct) == pt
    except Failure:
        return False


def check_negative(tap, v):
    """Tampering is detected; a low-order enc is refused."""
    h = bytes.fromhex
    sk_r = X25519PrivateKey.from_private_bytes(h(v["skRm"]))
    e = v["encryptions"][0]
    r_ctx = setup_base_r(h(v["enc"]), sk_r, h(v["info"]), v["aead_id"])
    ct = bytearray(h(e["ct"]))
    ct[0] ^= 1
    tap.ok(rejects(lambda: r_ctx.open_at(0, h(e["aad"]), bytes(ct))),
           "flipped ct byte is rejected")
    tap.ok(rejects(lambda: r_ctx.open_at(1, h(e["aad"]), h(e["ct"]))),
           "wrong sequence number is rejected")
    tap.ok(rejects(lambda: r_ctx.open_at(0, b"x" + h(e["aad"]), h(e["ct"]))),
           "changed aad is rejected")
    for low in (bytes(32), bytes([1]) + bytes(31)):
        tap.ok(rejects(lambda: decap(low, sk_r)),
               "low-order enc %s... is refused" % low[:2].hex())


def rejects(fn):
    try:
        fn()
    except Failure as f:
        return f.status == EX_DATAERR
    return False


def check_token_codec(tap):
    for n in range(0, 70):
        data = os.urandom(n)
        s = b64url_encode(data)
        tap.ok(b64url_decode(s) == data and "=" not in s,
               "base64url round trip, %d bytes" % n)
    for bad in ("A", "AB=", "AB+/", "AB C", "AR", "AAB"):
        tap.ok(b64url_decode(bad) is None,
               "base64url refuses non-canonical %r" % bad)
    sample = {"a": [1, -2.5, 1e300, True, None, "é\u2028\"\\/"], "b": {}}
    tap.ok(dump_compact(sample) == json.dumps(
        sample, separators=(",", ":"), ensure_ascii=False),
        "dump_compact agrees with json.dumps")


def cmd_selftest(args):
    path = args[0] if args else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "vectors",
        "rfc9180-x25519-sha256.json")
    with open(path, "rb") as f:
        vectors = json.load(f)
    tap = Tap()
    seen = set()
    auth = os.path.join(os.path.dirname(os.path.abspath(path)),
                        "rfc9180-x25519-sha256-auth-chacha.json")
    if os.path.exists(auth):
        with open(auth, "rb") as f:
            vectors = vectors + json.load(f)
    for v in vectors:
        if v["mode"] == MODE_AUTH and v["aead_id"] in AEADS:
            check_auth_vector(tap, v)
            seen.add("auth")
            continue
        if (v["mode"], v["kem_id"], v["kdf_id"]) != (MODE_BASE, KEM_ID,
                                                     KDF_ID):
            continue
        if v["aead_id"] not in AEADS:
            continue
        check_vector(tap, v)
        check_negative(tap, v)
        seen.add(v["aead_id"])
    tap.ok(0x0002 in seen, "the AES-256-GCM vector (aead_id 2) was present")
    tap.ok("auth" in seen, "the mode_auth vector was present")
    check_token_codec(tap)
    print("1..%d" % tap.n)
    print("# %d checks, %d failed" % (tap.n, tap.failed))
    return 1 if tap.failed or tap.n == 0 else 0


# ---------------------------------------------------------------------------
# phi-tools tokens

INFO = b"phi-tools/1"
PREFIX = "phi:1:"
KID_LEN, SEQ_LEN, TAG_LEN = 8, 8, 16
HEADER_LEN = KID_LEN + N_ENC + SEQ_LEN
B64URL = re.compile(r"^[A-Za-z0-9_-]*$")


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(s):
    """Strict base64url without padding; None unless canonical."""
    if not B64URL.match(s) or len(s) % 4 == 1:
        return None
    data = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    if b64url_encode(data) != s:
        return None
    return data


def key_id(pub_bytes):
    return hashlib.sha256(pub_bytes).digest()[:KID_LEN]


def token_make(kid, enc, seq, ct):
    return PREFIX + b64url_encode(kid + enc + i2osp(seq, SEQ_LEN) + ct)


def token_parse(s):
    """(kid, enc, seq, ct), or None when s is not a well-formed token."""
    if not isinstance(s, str) or not s.startswith(PREFIX):
        return None
    raw = b64url_decode(s[len(PREFIX):])
    if raw is None or len(raw) < HEADER_LEN + TAG_LEN:
        return None
    return (raw[:KID_LEN], raw[KID_LEN:KID_LEN + N_ENC],
            int.from_bytes(raw[KID_LEN + N_ENC:HEADER_LEN], "big"),
            raw[HEADER_LEN:])


def read_key_file(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise Failure(EX_NOINPUT, "%s: %s" % (path, e.strerror)) from e


def load_public(path):
    data = read_key_file(path)
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        # a private key file also names its public key
        key = load_private(path).public_key()
    if not isinstance(key, X25519PublicKey):
        raise Failure(EX_NOPERM, "%s: not an X25519 public key" % path)
    return key


def load_private(path):
    """PEM PKCS#8, or ENCRYPTED PRIVATE KEY with $PHI_PASSPHRASE."""
    data = read_key_file(path)
    password = None
    if b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in data:
        if "PHI_PASSPHRASE" not in os.environ:
            raise Failure(EX_NOPERM, "%s: encrypted, no passphrase" % path)
        password = os.environb[b"PHI_PASSPHRASE"]
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError) as e:
        raise Failure(EX_NOPERM, "%s: cannot load private key" % path) from e
    if not isinstance(key, X25519PrivateKey):
        raise Failure(EX_NOPERM, "%s: not an X25519 private key" % path)
    return key


def pad_len(n):
    """phi-tools(7) "Padding": multiples of 16 to 256, PADME beyond."""
    if n <= 256:
        return -(-n // 16) * 16
    e = n.bit_length() - 1          # floor(log2 n)
    s = e.bit_length()              # floor(log2 e) + 1
    m = (1 << (e - s)) - 1
    return (n + m) & ~m


class Sealer:
    """One HPKE sender context for a whole run; seq 0, 1, 2, ..."""

    def __init__(self, pub):
        pk = pk_raw(pub)
        self.kid = key_id(pk)
        self.enc, self.ctx = setup_base_s(pk, INFO)

    def seal(self, pt):
        pt = pt + b" " * (pad_len(len(pt)) - len(pt))
        seq = self.ctx.seq
        aad = self.kid + self.enc + i2osp(seq, SEQ_LEN)
        ct = self.ctx.seal(aad, pt)
        return token_make(self.kid, self.enc, seq, ct)


JOIN_LABEL = b"phi-tools/1 join"
JOIN_ID_LABEL = b"phi-tools/1 join id"


def load_join_key(path):
    """The 32 bytes of a PEM "PHI JOIN KEY" (phi-keygen --join)."""
    m = re.search(rb"-----BEGIN PHI JOIN KEY-----\s*([A-Za-z0-9+/=\s]+?)"
                  rb"-----END PHI JOIN KEY-----", read_key_file(path))
    secret = base64.b64decode(re.sub(rb"\s", b"", m.group(1))) if m else b""
    if len(secret) != 32:
        raise Failure(EX_NOPERM, "%s: not a join key" % path)
    return secret


class JoinSealer:
    """Join tokens: the ephemeral key is DeriveKeyPair(HMAC-SHA256(secret,
    "phi-tools/1 join" || kid || padded plaintext)), the seal at seq 0."""

    def __init__(self, pub, secret, pad=True):
        self.pk = pk_raw(pub)
        self.kid = key_id(self.pk)
        self.secret = secret
        self.pad = pad

    def seal(self, pt):
        if self.pad:
            pt = pt + b" " * (pad_len(len(pt)) - len(pt))
        ikm = hmac.new(self.secret, JOIN_LABEL + self.kid + pt,
                       hashlib.sha256).digest()
        enc, ctx = setup_base_s(self.pk, INFO, sk_e=derive_key_pair(ikm))
        ct = ctx.seal(self.kid + enc + i2osp(0, SEQ_LEN), pt)
        return token_make(self.kid, enc, 0, ct)


class Opener:
    """Receiver side: contexts cached by enc, one X25519 per stream."""

    def __init__(self, priv):
        self.priv = priv
        self.kid = key_id(pk_raw(priv.public_key()))
        self.contexts = {}

    def open(self, token):
        parts = token_parse(token)
        if parts is None:
            raise Failure(EX_DATAERR, "malformed token")
        kid, enc, seq, ct = parts
        if kid != self.kid:
            raise Failure(EX_NOPERM, "unknown key id %s" % kid.hex())
        ctx = self.contexts.get(enc)
        if ctx is None:
            ctx = setup_base_r(enc, self.priv, INFO)
            self.contexts[enc] = ctx
        pt = ctx.open_at(seq, kid + enc + i2osp(seq, SEQ_LEN), ct)
        return pt.rstrip(b" ")      # the padding (no value ends in a space)


# ---------------------------------------------------------------------------
# Suite 2 (phi-tools(7) "Suite 2: authenticated and bound tokens")

INFO2 = b"phi-tools/2"
PREFIX2 = "phi:2:"
F_AUTH, F_PATH, F_RECORD = 1, 2, 4


def canonical_path(segs):
    """The path as phi-tools prints it: a.b, items[3], a["x.y"]."""
    out = ""
    for i, k in enumerate(segs):
        if isinstance(k, int):
            out += "[%d]" % k
        elif (k == "" or k[0] == " " or k[-1] == " " or k == "$" or
              re.fullmatch(r"0|[1-9][0-9]{0,17}", k) or
              any(c in '.*[]"\\/' or ord(c) < 0x20 for c in k)):
            out += "[" + quote_key(k) + "]"
        else:
            out += ("." if i > 0 else "") + k
    return out


def quote_key(k):
    """JSON string quoting as phi-tools writes keys in paths: only quote,
    backslash and control characters escaped (\\u00xx)."""
    q = ""
    for c in k:
        if c in '"\\':
            q += "\\" + c
        elif ord(c) < 0x20:
            q += "\\u%04x" % ord(c)
        else:
            q += c
    return '"' + q + '"'


def aad2(header, flags, path, record):
    """The header, then the path and the record part, each after its
    2-byte big-endian length."""
    aad = header
    if flags & F_PATH:
        if path is None:
            raise Failure(EX_DATAERR, "token bound to a path: none given")
        p = path.encode("utf-8")
        aad += i2osp(len(p), 2) + p
    if flags & F_RECORD:
        if record is None:
            raise Failure(EX_DATAERR, "token bound to a record: none given")
        r = record[0].encode("utf-8") + b"\x00" + record[1]
        aad += i2osp(len(r), 2) + r
    return aad


class Sealer2:
    """One sender context (mode_auth with a sender key) for a run."""

    def __init__(self, pub, sender, flags):
        pk = pk_raw(pub)
        self.flags = flags | (F_AUTH if sender is not None else 0)
        self.kid = key_id(pk)
        if sender is not None:
            self.skid = key_id(pk_raw(sender.public_key()))
            shared, self.enc = auth_encap(pk, sender)
            self.ctx = Context(0x0002, shared, INFO2, MODE_AUTH)
        else:
            self.skid = b""
            shared, self.enc = encap(pk)
            self.ctx = Context(0x0002, shared, INFO2)

    def seal(self, pt, path=None, record=None):
        pt = pt + b" " * (pad_len(len(pt)) - len(pt))
        seq = self.ctx.seq
        hdr = (bytes([self.flags]) + self.kid + self.skid + self.enc +
               i2osp(seq, SEQ_LEN))
        ct = self.ctx.seal(aad2(hdr, self.flags, path, record), pt)
        return PREFIX2 + b64url_encode(hdr + ct)


class Opener2(Opener):
    """Suite 1 and suite 2; senders: {skid: public key bytes}."""

    def __init__(self, priv, senders):
        super().__init__(priv)
        self.senders = senders

    def open(self, token, path=None, record=None):
        if not token.startswith(PREFIX2):
            return super().open(token)
        raw = b64url_decode(token[len(PREFIX2):])
        if raw is None or len(raw) < 1 or raw[0] & ~7:
            raise Failure(EX_DATAERR, "malformed token")
        flags = raw[0]
        hl = 1 + KID_LEN + (KID_LEN if flags & F_AUTH else 0) + N_ENC + 8
        if len(raw) < hl + TAG_LEN:
            raise Failure(EX_DATAERR, "malformed token")
        kid, enc = raw[1:9], raw[hl - 8 - N_ENC:hl - 8]
        if kid != self.kid:
            raise Failure(EX_NOPERM, "unknown key id %s" % kid.hex())
        if flags & F_AUTH:
            skid = raw[9:17]
            if skid not in self.senders:
                raise Failure(EX_NOPERM, "sender %s not accepted" % skid.hex())
            shared = auth_decap(enc, self.priv, self.senders[skid])
            ctx = Context(0x0002, shared, INFO2, MODE_AUTH)
        else:
            ctx = Context(0x0002, decap(enc, self.priv), INFO2)
        seq = int.from_bytes(raw[hl - 8:hl], "big")
        pt = ctx.open_at(seq, aad2(raw[:hl], flags, path, record), raw[hl:])
        return pt.rstrip(b" ")


def find_record(event, rpath):
    """(canonical path, compact bytes) of the record field, or None."""
    v = event
    for k in rpath:
        if not isinstance(v, dict) or k not in v:
            return None
        v = v[k]
    return canonical_path(rpath), dump_compact(v).encode("utf-8")


def encrypt2_value(v, paths, sealer, here, record):
    if any(not p for p in paths):
        if token_parse(v) is not None:
            return v
        return sealer.seal(dump_compact(v).encode("utf-8"),
                           canonical_path(here), record)
    if isinstance(v, dict):
        for k in v:
            sub = child_paths(paths, k)
            if sub:
                v[k] = encrypt2_value(v[k], sub, sealer, here + [k], record)
    elif isinstance(v, list):
        sub = [p[1:] for p in paths if p[0] == "*"]
        if sub:
            for i, x in enumerate(v):
                v[i] = encrypt2_value(x, sub, sealer, here + [i], record)
    return v


def decrypt2_value(v, opener, here, record):
    if isinstance(v, dict):
        return {k: decrypt2_value(x, opener, here + [k], record)
                for k, x in v.items()}
    if isinstance(v, list):
        return [decrypt2_value(x, opener, here + [i], record)
                for i, x in enumerate(v)]
    path = canonical_path(here)
    if isinstance(v, str) and (v.startswith(PREFIX) or v.startswith(PREFIX2)):
        try:
            return json_parse(opener.open(v, path, record).decode("utf-8"))
        except ValueError as e:
            raise Failure(EX_DATAERR, "plaintext is not JSON") from e
    if isinstance(v, str) and "[phi:" in v:
        def one(m):
            frag = opener.open(m.group(1), path, record).decode("utf-8")
            return json.loads('"' + frag + '"')
        return SPAN.sub(one, v)
    return v


def options2(args):
    """--sender X (repeatable), --bind-path, --bind-record P; the rest."""
    opts = {"sender": [], "bind_path": False, "record": None}
    rest = []
    it = iter(args)
    for a in it:
        if a == "--sender":
            opts["sender"].append(next(it))
        elif a == "--bind-path":
            opts["bind_path"] = True
        elif a == "--bind-record":
            opts["record"] = next(it).split(".")
        else:
            rest.append(a)
    return opts, rest


def cmd_encrypt2(args):
    opts, rest = options2(args)
    if len(rest) < 2:
        raise Failure(EX_USAGE, "usage: encrypt2 PUBKEY.pem [opts] PATH...")
    sender = load_private(opts["sender"][0]) if opts["sender"] else None
    flags = ((F_PATH if opts["bind_path"] else 0) |
             (F_RECORD if opts["record"] else 0))
    sealer = Sealer2(load_public(rest[0]), sender, flags)
    paths = parse_paths(rest[1:])

    def one(ev):
        rec = find_record(ev, opts["record"]) if opts["record"] else None
        if opts["record"] and rec is None:
            raise Failure(EX_DATAERR, "no record field")
        return encrypt2_value(ev, paths, sealer, [], rec)
    return run_filter(one)


def cmd_decrypt2(args):
    opts, rest = options2(args)
    if len(rest) != 1:
        raise Failure(EX_USAGE, "usage: decrypt2 PRIVKEY.pem [opts]")
    senders = {}
    for p in opts["sender"]:
        pk = pk_raw(load_public(p))
        senders[key_id(pk)] = pk
    opener = Opener2(load_private(rest[0]), senders)

    def one(ev):
        rec = find_record(ev, opts["record"]) if opts["record"] else None
        return decrypt2_value(ev, opener, [], rec)
    return run_filter(one)


# ---------------------------------------------------------------------------
# JSON: numbers Python cannot hold exactly are kept as their text

class RawNumber:
    """A JSON number kept as its text (overflowing floats, huge ints)."""

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, RawNumber) and other.text == self.text

    def __hash__(self):
        return hash(self.text)


def parse_float(text):
    f = float(text)
    return f if f - f == 0 else RawNumber(text)   # inf stays as its text


def parse_int(text):
    return int(text) if len(text) < 4000 else RawNumber(text)


def parse_constant(name):
    raise ValueError("not JSON: " + name)


def json_parse(text):
    return json.loads(text, parse_float=parse_float, parse_int=parse_int,
                      parse_constant=parse_constant)


def dump_string(s):
    text = json.dumps(s, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:          # a lone surrogate from a \u escape
        text = json.dumps(s, ensure_ascii=True)
    return text


def dump_compact(v):
    """Compact JSON text, as json.dumps(v, separators=(",", ":"),
    ensure_ascii=False) gives it; RawNumber as its text."""
    if isinstance(v, dict):
        return "{" + ",".join(dump_string(k) + ":" + dump_compact(x)
                              for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dump_compact(x) for x in v) + "]"
    if isinstance(v, str):
        return dump_string(v)
    if isinstance(v, RawNumber):
        return v.text
    return json.dumps(v, allow_nan=False)


# ---------------------------------------------------------------------------
# The filters

def parse_paths(args):
    paths = []
    for p in args:
        comps = p.split(".")
        if not p or any(c == "" for c in comps):
            raise Failure(EX_USAGE, "bad path (keys and * only)")
        paths.append(comps)
    if not paths:
        raise Failure(EX_USAGE, "no field path given")
    return paths


def child_paths(paths, key):
    return [p[1:] for p in paths if p[0] == "*" or p[0] == key]


def encrypt_value(v, paths, sealer):
    """Replace the outermost values selected by paths, in document order."""
    if any(not p for p in paths):
        if token_parse(v) is not None:
            return v                    # already a token: left as it is
        return sealer.seal(dump_compact(v).encode("utf-8"))
    if isinstance(v, dict):
        for k in v:
            sub = child_paths(paths, k)
            if sub:
                v[k] = encrypt_value(v[k], sub, sealer)
    elif isinstance(v, list):
        sub = [p[1:] for p in paths if p[0] == "*"]
        if sub:
            for i, x in enumerate(v):
                v[i] = encrypt_value(x, sub, sealer)
    return v


SPAN = re.compile(r"\[(phi:[0-9]+:[A-Za-z0-9_-]*)\]")


def open_spans(text, opener):
    """phi-tools(7) "Spans inside free text": each "[phi:1:...]" inside a
    decoded string holds string content as written between quotes
    (escapes kept), padded with spaces."""
    def one(m):
        frag = opener.open(m.group(1)).decode("utf-8")
        try:
            return json.loads('"' + frag + '"')
        except ValueError as e:
            raise Failure(EX_DATAERR, "span is not string content") from e
    return SPAN.sub(one, text)


def decrypt_value(v, opener):
    if isinstance(v, dict):
        return {k: decrypt_value(x, opener) for k, x in v.items()}
    if isinstance(v, list):
        return [decrypt_value(x, opener) for x in v]
    if isinstance(v, str) and v.startswith(PREFIX):
        pt = opener.open(v)
        try:
            return json_parse(pt.decode("utf-8"))
        except ValueError as e:
            raise Failure(EX_DATAERR, "plaintext is not JSON") from e
    if isinstance(v, str) and "[phi:" in v:
        return open_spans(v, opener)
    return v


def run_filter(transform):
    """NDJSON stdin -> stdout; stops at the first bad line."""
    out = sys.stdout.buffer
    for lineno, raw in enumerate(sys.stdin.buffer, 1):
        line = raw.rstrip(b"\n").rstrip(b"\r")
        if not line.strip():
            out.write(line + b"\n")
            continue
        try:
            event = json_parse(line.decode("utf-8"))
        except ValueError:
            raise Failure(EX_DATAERR, "-:%d: not valid JSON" % lineno)
        if not isinstance(event, dict):
            raise Failure(EX_DATAERR, "-:%d: not a JSON object" % lineno)
        try:
            event = transform(event)
        except Failure as f:
            raise Failure(f.status, "-:%d: %s" % (lineno, f)) from f
        out.write(dump_compact(event).encode("utf-8") + b"\n")
    return 0


def cmd_encrypt(args):
    if len(args) < 2:
        raise Failure(EX_USAGE, "usage: encrypt PUBKEY.pem PATH...")
    sealer = Sealer(load_public(args[0]))
    paths = parse_paths(args[1:])
    return run_filter(lambda ev: encrypt_value(ev, paths, sealer))


def cmd_decrypt(args):
    if len(args) != 1:
        raise Failure(EX_USAGE, "usage: decrypt PRIVKEY.pem")
    opener = Opener(load_private(args[0]))
    return run_filter(lambda ev: decrypt_value(ev, opener))


def cmd_open(args):
    if len(args) not in (1, 2):
        raise Failure(EX_USAGE, "usage: open PRIVKEY.pem [TOKEN]")
    opener = Opener(load_private(args[0]))
    if len(args) == 2:
        sys.stdout.buffer.write(opener.open(args[1]))
        return 0
    for line in sys.stdin.buffer:       # one token a line
        sys.stdout.buffer.write(opener.open(line.strip().decode()) + b"\n")
    return 0


def cmd_seal(args):
    if len(args) != 1:
        raise Failure(EX_USAGE, "usage: seal PUBKEY.pem")
    sealer = Sealer(load_public(args[0]))
    for line in sys.stdin.buffer:       # one value's bytes a line
        print(sealer.seal(line.rstrip(b"\n")))
    return 0


def cmd_joinseal(args):
    pad = True
    if args and args[0] == "--no-pad":
        pad, args = False, args[1:]
    if len(args) != 2:
        raise Failure(EX_USAGE, "usage: joinseal [--no-pad] PUBKEY JOINKEY")
    sealer = JoinSealer(load_public(args[0]), load_join_key(args[1]), pad)
    for line in sys.stdin.buffer:       # one value's bytes a line
        print(sealer.seal(line.rstrip(b"\n")))
    return 0


def cmd_joinid(args):
    if len(args) != 1:
        raise Failure(EX_USAGE, "usage: joinid JOINKEY")
    secret = load_join_key(args[0])
    print(hashlib.sha256(JOIN_ID_LABEL + secret).digest()[:KID_LEN].hex())
    return 0


def cmd_kid(args):
    if len(args) != 1:
        raise Failure(EX_USAGE, "usage: kid KEY.pem")
    print(key_id(pk_raw(load_public(args[0]))).hex())
    return 0


TOKEN_RE = re.compile(r"phi:1:[A-Za-z0-9_-]*")


def cmd_info(args):
    if len(args) != 1:
        raise Failure(EX_USAGE, "usage: info TOKEN|-")
    if args[0] == "-":
        tokens = TOKEN_RE.findall(sys.stdin.read())
    else:
        tokens = [args[0]]
    for t in tokens:
        parts = token_parse(t)
        if parts is None:
            raise Failure(EX_DATAERR, "malformed token")
        kid, enc, seq, ct = parts
        print(kid.hex(), enc.hex(), seq, len(ct))
    return 0


def tamper_one(parts, what, arg):
    """The token of parts changed as WHAT and ARG say."""
    kid, enc, seq, ct = parts
    if what == "ct":
        b = bytearray(ct)
        b[int(arg) % len(b)] ^= 0x01
        ct = bytes(b)
    elif what == "enc":
        b = bytearray(enc)
        b[int(arg) % len(b)] ^= 0x01
        enc = bytes(b)
    elif what == "seq":
        seq = int(arg)
    elif what == "kid" and len(bytes.fromhex(arg)) == KID_LEN:
        kid = bytes.fromhex(arg)
    elif what == "encset" and len(bytes.fromhex(arg)) == N_ENC:
        enc = bytes.fromhex(arg)
    elif what == "cut":                 # keep the first ARG raw bytes
        raw = kid + enc + i2osp(seq, SEQ_LEN) + ct
        return PREFIX + b64url_encode(raw[:int(arg)])
    else:
        raise Failure(EX_USAGE, "tamper: bad WHAT or ARG")
    return token_make(kid, enc, seq, ct)


def cmd_tamper(args):
    # several ARGs: one token a line, in their order (one Python start
    # for a test's whole list of cases)
    parts = token_parse(args[0]) if len(args) >= 3 else None
    if parts is None:
        raise Failure(EX_USAGE,
                      "usage: tamper TOKEN ct|seq|kid|enc|encset|cut ARG...")
    out = [tamper_one(parts, args[1], arg) for arg in args[2:]]
    print("\n".join(out))
    return 0


COMMANDS = {
    "selftest": cmd_selftest, "encrypt": cmd_encrypt,
    "decrypt": cmd_decrypt, "encrypt2": cmd_encrypt2,
    "decrypt2": cmd_decrypt2, "open": cmd_open, "seal": cmd_seal, "kid": cmd_kid,
    "info": cmd_info, "tamper": cmd_tamper, "joinseal": cmd_joinseal,
    "joinid": cmd_joinid,
}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        return EX_USAGE
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quiet under `| head`
    try:
        return COMMANDS[argv[1]](argv[2:])
    except Failure as f:
        sys.stderr.write("%s: %s: %s\n" % (PROG, argv[1], f))
        return f.status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
