"""hpke_ref.py - an independent RFC 9180 implementation (base mode,
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM) and the phi:1:
token format of DESIGN.md, in Python with the `cryptography` package,
to check phi-tools' C code against.

  hpke_ref.py selftest VECTORS.json   check against the RFC 9180 vectors
  hpke_ref.py seal PUB.pem            a token for each line of stdin
  hpke_ref.py open KEY.pem            the value of each token on stdin
"""
import base64
import hashlib
import hmac
import json
import struct
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey, X25519PublicKey)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEM_SUITE = b'KEM\x00\x20'
INFO = b'phi-tools/1'


def hpke_suite(aead_id):
    return b'HPKE\x00\x20\x00\x01' + struct.pack('>H', aead_id)


def extract(salt, ikm):
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def expand(prk, info, length):
    out, t, i = b'', b'', 1
    while len(out) < length:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
        out += t
        i += 1
    return out[:length]


def labeled_extract(suite, salt, label, ikm):
    return extract(salt, b'HPKE-v1' + suite + label + ikm)


def labeled_expand(suite, prk, label, info, length):
    return expand(prk, struct.pack('>H', length) + b'HPKE-v1' + suite +
                  label + info, length)


def raw_pub(key):
    if hasattr(key, 'public_key'):
        key = key.public_key()
    return key.public_bytes(serialization.Encoding.Raw,
                            serialization.PublicFormat.Raw)


def kem_shared_secret(dh, enc, pkrm):
    prk = labeled_extract(KEM_SUITE, b'', b'eae_prk', dh)
    return labeled_expand(KEM_SUITE, prk, b'shared_secret', enc + pkrm, 32)


def key_schedule(ss, info, aead_id=2):
    s = hpke_suite(aead_id)
    ctx = (b'\x00' + labeled_extract(s, b'', b'psk_id_hash', b'') +
           labeled_extract(s, b'', b'info_hash', info))
    secret = labeled_extract(s, ss, b'secret', b'')
    return (labeled_expand(s, secret, b'key', ctx, 32),
            labeled_expand(s, secret, b'base_nonce', ctx, 12),
            labeled_expand(s, secret, b'exp', ctx, 32))


def derive_keypair(ikm):
    prk = labeled_extract(KEM_SUITE, b'', b'dkp_prk', ikm)
    sk = labeled_expand(KEM_SUITE, prk, b'sk', b'', 32)
    return X25519PrivateKey.from_private_bytes(sk)


def nonce(base, seq):
    return bytes(a ^ b for a, b in zip(base, seq.to_bytes(12, 'big')))


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b'=').decode()


def unb64url(s):
    return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))


def selftest(path):
    for v in json.load(open(path)):
        if v['aead_id'] != 2:
            continue
        h = {k: bytes.fromhex(x) for k, x in v.items() if isinstance(x, str)}
        sk_e = derive_keypair(h['ikmE'])
        sk_r = derive_keypair(h['ikmR'])
        enc, pkrm = raw_pub(sk_e), raw_pub(sk_r)
        assert enc == h['enc'] and pkrm == h['pkRm']
        ss = kem_shared_secret(sk_e.exchange(sk_r.public_key()), enc, pkrm)
        assert ss == h['shared_secret']
        key, base, _ = key_schedule(ss, h['info'])
        assert key == h['key'] and base == h['base_nonce']
        for seq, x in enumerate(v['encryptions']):
            ct = AESGCM(key).encrypt(nonce(base, seq), bytes.fromhex(x['pt']),
                                     bytes.fromhex(x['aad']))
            assert ct.hex() == x['ct']
    print('selftest ok')


def lines(data):
    """The lines of data, split at newlines only."""
    nl = b'\n' if isinstance(data, bytes) else '\n'
    parts = data.split(nl)
    return parts[:-1] if parts and not parts[-1] else parts


def seal(pub_path):
    pk_r = serialization.load_pem_public_key(open(pub_path, 'rb').read())
    pkrm = raw_pub(pk_r)
    kid = hashlib.sha256(pkrm).digest()[:8]
    sk_e = X25519PrivateKey.generate()
    enc = raw_pub(sk_e)
    key, base, _ = key_schedule(
        kem_shared_secret(sk_e.exchange(pk_r), enc, pkrm), INFO)
    for seq, line in enumerate(lines(sys.stdin.buffer.read())):
        hdr = kid + enc + seq.to_bytes(8, 'big')
        ct = AESGCM(key).encrypt(nonce(base, seq), line, hdr)
        print('phi:1:' + b64url(hdr + ct))


def open_tokens(key_path):
    sk_r = serialization.load_pem_private_key(open(key_path, 'rb').read(),
                                              None)
    pkrm = raw_pub(sk_r)
    for line in lines(sys.stdin.read()):
        assert line.startswith('phi:1:')
        raw = unb64url(line[6:])
        kid, enc, seq, ct = raw[:8], raw[8:40], raw[40:48], raw[48:]
        assert kid == hashlib.sha256(pkrm).digest()[:8]
        ss = kem_shared_secret(
            sk_r.exchange(X25519PublicKey.from_public_bytes(enc)), enc, pkrm)
        key, base, _ = key_schedule(ss, INFO)
        pt = AESGCM(key).decrypt(nonce(base, int.from_bytes(seq, 'big')),
                                 ct, raw[:48])
        sys.stdout.buffer.write(pt + b'\n')


if __name__ == '__main__':
    {'selftest': selftest, 'seal': seal, 'open': open_tokens}[
        sys.argv[1]](sys.argv[2])
