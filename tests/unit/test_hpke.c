/*
 * test_hpke.c - common/hpke against the official RFC 9180 vectors in
 * tests/vectors (both suites: AES-256-GCM and ChaCha20Poly1305, and
 * RFC 9180 A.2.3's mode_auth vector: AuthEncap, AuthDecap),
 * plus refusal of low-order enc values and of altered ciphertexts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <yajl_tree.h>

#include "hex.h"
#include "hpke.h"
#include "x25519.h"
#include "tap.h"

struct hex {
	uint8_t *p;
	size_t n;
};

/* Decodes the hex string s into h (malloc'd, at least 1 byte); 0 or -1. */
static int
hex_dup(const char *s, struct hex *h)
{
	size_t len = strlen(s);

	h->n = len / 2;
	if (len % 2 != 0 || (h->p = malloc(h->n + 1)) == NULL)
		return -1;
	return hex_decode(s, h->n, h->p);
}

/* The hex string field `name` of object v, decoded (aborts if absent). */
static struct hex
field_hex(yajl_val v, const char *name)
{
	const char *path[] = {name, NULL};
	yajl_val s = yajl_tree_get(v, path, yajl_t_string);
	struct hex h = {NULL, 0};

	if (s == NULL || hex_dup(YAJL_GET_STRING(s), &h) != 0) {
		printf("Bail out! vector field %s missing or not hex\n", name);
		exit(1);
	}
	return h;
}

static long long
field_int(yajl_val v, const char *name)
{
	const char *path[] = {name, NULL};
	yajl_val n = yajl_tree_get(v, path, yajl_t_number);

	if (n == NULL || !YAJL_IS_INTEGER(n)) {
		printf("Bail out! vector field %s missing\n", name);
		exit(1);
	}
	return YAJL_GET_INTEGER(n);
}

static int
hex_eq(const struct hex *h, const uint8_t *p, size_t n)
{
	return h->n == n && memcmp(h->p, p, n) == 0;
}

static yajl_val
load_vectors(const char *path)
{
	char err[256];
	static char text[1 << 22];
	FILE *f;
	size_t n;
	yajl_val v;

	if ((f = fopen(path, "r")) == NULL) {
		printf("Bail out! cannot open %s\n", path);
		exit(1);
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	if ((v = yajl_tree_parse(text, err, sizeof(err))) == NULL ||
	    !YAJL_IS_ARRAY(v)) {
		printf("Bail out! %s: %s\n", path, err);
		exit(1);
	}
	return v;
}

struct vec {
	int aead;
	struct hex info, ikmR, ikmE, skEm, skRm, pkRm, enc, ss, key, nonce, exp;
	yajl_val encs, exports;
};

static void
vec_load(yajl_val v, struct vec *t)
{
	const char *pe[] = {"encryptions", NULL}, *px[] = {"exports", NULL};

	t->aead = (int)field_int(v, "aead_id");
	t->info = field_hex(v, "info");
	t->ikmR = field_hex(v, "ikmR");
	t->ikmE = field_hex(v, "ikmE");
	t->skEm = field_hex(v, "skEm");
	t->skRm = field_hex(v, "skRm");
	t->pkRm = field_hex(v, "pkRm");
	t->enc = field_hex(v, "enc");
	t->ss = field_hex(v, "shared_secret");
	t->key = field_hex(v, "key");
	t->nonce = field_hex(v, "base_nonce");
	t->exp = field_hex(v, "exporter_secret");
	t->encs = yajl_tree_get(v, pe, yajl_t_array);
	t->exports = yajl_tree_get(v, px, yajl_t_array);
}

static void
vec_free(struct vec *t)
{
	struct hex *h[] = {&t->info, &t->ikmR, &t->ikmE, &t->skEm, &t->skRm,
	    &t->pkRm, &t->enc, &t->ss, &t->key, &t->nonce, &t->exp};
	size_t i;

	for (i = 0; i < sizeof(h) / sizeof(h[0]); i++)
		free(h[i]->p);
}

static int
secrets_match(const struct vec *t, const struct hpke_ctx *c)
{
	struct hpke_debug d;

	hpke_debug_secrets(c, &d);
	return hex_eq(&t->ss, d.shared_secret, 32) &&
	    hex_eq(&t->key, d.key, d.keylen) &&
	    hex_eq(&t->nonce, d.base_nonce, HPKE_NONCE_LEN) &&
	    hex_eq(&t->exp, d.exporter_secret, 32);
}

/* DeriveKeyPair(ikmE) gives skEm (join tokens derive their ephemeral
 * key so: common/crypto/join.h). */
static void
vec_ephemeral(const struct vec *t)
{
	EVP_PKEY *skE = NULL;
	uint8_t raw[32];
	size_t len = sizeof(raw);
	struct phi_err e;

	ok(hpke_derive_keypair(t->ikmE.p, t->ikmE.n, &skE, &e) == 0 &&
	        EVP_PKEY_get_raw_private_key(skE, raw, &len) == 1 &&
	        hex_eq(&t->skEm, raw, len),
	    "aead %d: DeriveKeyPair(ikmE) gives skEm", t->aead);
	EVP_PKEY_free(skE);
}

/* A context of another info in between: the key schedule's memo of the
 * info hash (hpke_ksc_hashes) must not serve the next context. */
static void
vec_other_info(EVP_PKEY *pkR, int a)
{
	struct hpke_ctx *c = NULL;
	uint8_t enc[32];
	struct phi_err e;

	ok(hpke_setup_sender(
	       pkR, (uint16_t)a, (const uint8_t *)"x", 1, enc, &c, &e) == 0,
	    "aead %d: a context of another info", a);
	hpke_ctx_free(c);
}

/* The sender from the raw secret of DeriveKeyPair(ikmE), enc and dh
 * computed on combs (the join tokens' way): the vector's enc and
 * secrets. */
static void
vec_sender_dh(const struct vec *t)
{
	struct x25519_comb *r = NULL;
	const struct x25519_comb *b = x25519_comb_base();
	struct hpke_ctx *c = NULL;
	uint8_t sk[32], enc[32], dh[32];
	struct phi_err e;

	ok(hpke_derive_secret(t->ikmE.p, t->ikmE.n, sk) == 0 &&
	        hex_eq(&t->skEm, sk, 32) && b != NULL &&
	        x25519_comb_new(t->pkRm.p, &r) == X25519_OK,
	    "aead %d: DeriveKeyPair(ikmE) gives skEm raw", t->aead);
	if (r != NULL)
		x25519_comb_mul2(b, r, sk, enc, dh);
	ok(r != NULL && hex_eq(&t->enc, enc, 32) &&
	        hpke_setup_sender_dh(enc, t->pkRm.p, dh, (uint16_t)t->aead,
	            t->info.p, t->info.n, &c, &e) == 0 &&
	        secrets_match(t, c),
	    "aead %d: sender from a DH on combs gives enc and the secrets",
	    t->aead);
	hpke_ctx_free(c);
	x25519_comb_free(r);
}

/* DeriveKeyPair(ikmR) gives skRm/pkRm; sender (from ikmE) and receiver
 * (from skRm and enc) reach the vector's secrets. */
static int
vec_setup(const struct vec *t, struct hpke_ctx **snd, struct hpke_ctx **rcv)
{
	EVP_PKEY *skR = NULL, *pkR = NULL, *skR2 = NULL;
	uint8_t raw[32], enc[32];
	size_t len = 32, len2 = 32;
	struct phi_err e;
	int a = t->aead;

	ok(hpke_derive_keypair(t->ikmR.p, t->ikmR.n, &skR2, &e) == 0 &&
	        EVP_PKEY_get_raw_private_key(skR2, raw, &len) == 1 &&
	        hex_eq(&t->skRm, raw, len) &&
	        EVP_PKEY_get_raw_public_key(skR2, raw, &len2) == 1 &&
	        hex_eq(&t->pkRm, raw, len2),
	    "aead %d: DeriveKeyPair(ikmR) gives skRm and pkRm", a);
	skR = EVP_PKEY_new_raw_private_key(
	    EVP_PKEY_X25519, NULL, t->skRm.p, t->skRm.n);
	pkR = EVP_PKEY_new_raw_public_key(
	    EVP_PKEY_X25519, NULL, t->pkRm.p, t->pkRm.n);
	ok(hpke_setup_sender_derand(pkR, (uint16_t)a, t->info.p, t->info.n,
	       t->ikmE.p, t->ikmE.n, enc, snd, &e) == 0 &&
	        hex_eq(&t->enc, enc, 32),
	    "aead %d: sender from ikmE gives enc", a);
	ok(*snd != NULL && secrets_match(t, *snd),
	    "aead %d: sender shared_secret, key, base_nonce, exporter_secret",
	    a);
	vec_other_info(pkR, a);
	ok(hpke_setup_receiver(skR, (uint16_t)a, t->enc.p, t->info.p, t->info.n,
	       rcv, &e) == 0 &&
	        secrets_match(t, *rcv),
	    "aead %d: receiver shared_secret, key, base_nonce, "
	    "exporter_secret",
	    a);
	EVP_PKEY_free(skR);
	EVP_PKEY_free(pkR);
	EVP_PKEY_free(skR2);
	return *snd != NULL && *rcv != NULL;
}

/* One encryption of the vector: nonce, seal == ct, open == pt.  Returns
 * a bit mask of the checks that failed (1 nonce, 2 seal, 4 open). */
static int
vec_encryption(
    yajl_val x, uint64_t seq, struct hpke_ctx *snd, struct hpke_ctx *rcv)
{
	struct hex aad = field_hex(x, "aad"), ct = field_hex(x, "ct");
	struct hex nonce = field_hex(x, "nonce"), pt = field_hex(x, "pt");
	uint8_t n[HPKE_NONCE_LEN], *buf = malloc(ct.n + pt.n + 1);
	struct phi_err e;
	int bad = 0;

	hpke_debug_nonce(rcv, seq, n);
	if (!hex_eq(&nonce, n, sizeof(n)))
		bad |= 1;
	if (buf == NULL || ct.n != pt.n + HPKE_TAG_LEN ||
	    hpke_seal(snd, seq, aad.p, aad.n, pt.p, pt.n, buf, &e) != 0 ||
	    !hex_eq(&ct, buf, ct.n))
		bad |= 2;
	if (buf == NULL ||
	    hpke_open(rcv, seq, aad.p, aad.n, ct.p, ct.n, buf, &e) != 0 ||
	    !hex_eq(&pt, buf, pt.n))
		bad |= 4;
	free(buf);
	free(aad.p);
	free(ct.p);
	free(nonce.p);
	free(pt.p);
	return bad;
}

static void
vec_encryptions(const struct vec *t, struct hpke_ctx *snd, struct hpke_ctx *rcv)
{
	size_t i, n = t->encs != NULL ? YAJL_GET_ARRAY(t->encs)->len : 0;
	size_t bad[3] = {0, 0, 0};
	int r;

	for (i = 0; i < n; i++) {
		r = vec_encryption(
		    YAJL_GET_ARRAY(t->encs)->values[i], (uint64_t)i, snd, rcv);
		bad[0] += (r & 1) != 0;
		bad[1] += (r & 2) != 0;
		bad[2] += (r & 4) != 0;
	}
	ok(n == 257, "aead %d: %zu encryptions in the vector", t->aead, n);
	ok(n > 0 && bad[0] == 0, "aead %d: every nonce (%zu wrong)", t->aead,
	    bad[0]);
	ok(n > 0 && bad[1] == 0, "aead %d: every seal == ct (%zu wrong)",
	    t->aead, bad[1]);
	ok(n > 0 && bad[2] == 0, "aead %d: every open == pt (%zu wrong)",
	    t->aead, bad[2]);
}

static void
vec_exports(const struct vec *t, struct hpke_ctx *snd, struct hpke_ctx *rcv)
{
	size_t i, n = t->exports != NULL ? YAJL_GET_ARRAY(t->exports)->len : 0;
	yajl_val x;
	struct hex ctx, val;
	uint8_t out[2][256];
	struct phi_err e;
	long long L;

	ok(n == 3, "aead %d: %zu exports in the vector", t->aead, n);
	for (i = 0; i < n; i++) {
		x = YAJL_GET_ARRAY(t->exports)->values[i];
		ctx = field_hex(x, "exporter_context");
		val = field_hex(x, "exported_value");
		L = field_int(x, "L");
		ok(L > 0 && L <= 256 &&
		        hpke_export(snd, ctx.p, ctx.n, out[0], (size_t)L, &e) ==
		            0 &&
		        hpke_export(rcv, ctx.p, ctx.n, out[1], (size_t)L, &e) ==
		            0 &&
		        hex_eq(&val, out[0], (size_t)L) &&
		        hex_eq(&val, out[1], (size_t)L),
		    "aead %d: export %zu (context of %zu bytes, L=%lld)",
		    t->aead, i, ctx.n, L);
		free(ctx.p);
		free(val.p);
	}
}

static void
run_vectors(void)
{
	yajl_val all = load_vectors("tests/vectors/rfc9180-x25519-sha256.json"),
	         v;
	struct hpke_ctx *snd = NULL, *rcv = NULL;
	struct vec t;
	size_t i, n = YAJL_GET_ARRAY(all)->len;
	int seen[2] = {0, 0};

	for (i = 0; i < n; i++) {
		v = YAJL_GET_ARRAY(all)->values[i];
		vec_load(v, &t);
		if (t.aead == HPKE_AEAD_AES256GCM ||
		    t.aead == HPKE_AEAD_CHACHA20POLY1305)
			seen[t.aead - 2] = 1;
		vec_ephemeral(&t);
		vec_sender_dh(&t);
		if (vec_setup(&t, &snd, &rcv)) {
			vec_encryptions(&t, snd, rcv);
			vec_exports(&t, snd, rcv);
		}
		hpke_ctx_free(snd);
		hpke_ctx_free(rcv);
		snd = rcv = NULL;
		vec_free(&t);
	}
	ok(seen[0] && seen[1], "vectors hold both AEAD suites");
	yajl_tree_free(all);
}

/* mode_auth (RFC 9180 A.2.3): ikmS gives skSm and pkSm; AuthEncap from
 * ikmE and AuthDecap reach every secret; each encryption (at its own
 * seq) seals to ct and opens; the exports; a receiver that expects
 * another sender's key cannot open. */
static void
auth_setup(const struct vec *t, yajl_val v, struct hpke_ctx **snd,
    struct hpke_ctx **rcv, struct hpke_ctx **wrong)
{
	struct hex ikmS = field_hex(v, "ikmS"), skSm = field_hex(v, "skSm"),
	           pkSm = field_hex(v, "pkSm");
	EVP_PKEY *skS = NULL, *pkR, *skR, *pkS, *other;
	uint8_t raw[32], enc[32];
	size_t len = 32;
	struct phi_err e;

	ok(hpke_derive_keypair(ikmS.p, ikmS.n, &skS, &e) == 0 &&
	        EVP_PKEY_get_raw_private_key(skS, raw, &len) == 1 &&
	        hex_eq(&skSm, raw, len),
	    "auth: DeriveKeyPair(ikmS) gives skSm");
	pkR = EVP_PKEY_new_raw_public_key(
	    EVP_PKEY_X25519, NULL, t->pkRm.p, t->pkRm.n);
	skR = EVP_PKEY_new_raw_private_key(
	    EVP_PKEY_X25519, NULL, t->skRm.p, t->skRm.n);
	pkS =
	    EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, pkSm.p, pkSm.n);
	other = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	ok(hpke_setup_sender_auth_derand(pkR, skS, (uint16_t)t->aead, t->info.p,
	       t->info.n, t->ikmE.p, t->ikmE.n, enc, snd, &e) == 0 &&
	        hex_eq(&t->enc, enc, 32) && secrets_match(t, *snd),
	    "auth: AuthEncap from ikmE gives enc, shared_secret, key, "
	    "base_nonce, exporter_secret");
	ok(hpke_setup_receiver_auth(skR, pkS, (uint16_t)t->aead, t->enc.p,
	       t->info.p, t->info.n, rcv, &e) == 0 &&
	        secrets_match(t, *rcv),
	    "auth: AuthDecap gives the same secrets");
	ok(hpke_setup_receiver_auth(skR, other, (uint16_t)t->aead, t->enc.p,
	       t->info.p, t->info.n, wrong, &e) == 0 &&
	        !secrets_match(t, *wrong),
	    "auth: AuthDecap with another sender key gives other secrets");
	EVP_PKEY_free(skS);
	EVP_PKEY_free(pkR);
	EVP_PKEY_free(skR);
	EVP_PKEY_free(pkS);
	EVP_PKEY_free(other);
	free(ikmS.p);
	free(skSm.p);
	free(pkSm.p);
}

static void
run_auth_vector(void)
{
	yajl_val all = load_vectors(
	             "tests/vectors/rfc9180-x25519-sha256-auth-chacha.json"),
	         v, x;
	struct hpke_ctx *snd = NULL, *rcv = NULL, *wrong = NULL;
	struct vec t;
	size_t i, n, bad = 0;

	v = YAJL_GET_ARRAY(all)->values[0];
	ok(field_int(v, "mode") == HPKE_MODE_AUTH,
	    "auth: the vector is mode 2");
	vec_load(v, &t);
	auth_setup(&t, v, &snd, &rcv, &wrong);
	n = t.encs != NULL ? YAJL_GET_ARRAY(t.encs)->len : 0;
	for (i = 0; i < n && snd != NULL && rcv != NULL; i++) {
		x = YAJL_GET_ARRAY(t.encs)->values[i];
		bad += vec_encryption(
		           x, (uint64_t)field_int(x, "seq"), snd, rcv) != 0;
	}
	ok(n == 6 && bad == 0,
	    "auth: %zu encryptions: nonce, seal == ct, open == pt (%zu wrong)",
	    n, bad);
	ok(n > 0 && wrong != NULL &&
	        vec_encryption(
	            YAJL_GET_ARRAY(t.encs)->values[0], 0, snd, wrong) &
	            4,
	    "auth: another sender's key cannot open");
	if (snd != NULL && rcv != NULL)
		vec_exports(&t, snd, rcv);
	hpke_ctx_free(snd);
	hpke_ctx_free(rcv);
	hpke_ctx_free(wrong);
	vec_free(&t);
	yajl_tree_free(all);
}

/* Low-order points of Curve25519 (u-coordinates, little-endian hex). */
static const char *const low_order[] = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
};

static void
test_low_order(EVP_PKEY *sk)
{
	struct hpke_ctx *c;
	struct phi_err e;
	struct hex h;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(low_order) / sizeof(low_order[0]); i++) {
		if (hex_dup(low_order[i], &h) != 0)
			return;
		c = (struct hpke_ctx *)1;
		rc = hpke_setup_receiver(sk, HPKE_AEAD_AES256GCM, h.p,
		    (const uint8_t *)"x", 1, &c, &e);
		ok(rc == PHI_EDATA && c == NULL,
		    "low-order enc %zu refused with PHI_EDATA (%d: %s)", i, rc,
		    rc != 0 ? e.msg : "accepted");
		free(h.p);
	}
}

/* Every single-bit change of ct, aad, seq is an authentication error. */
static void
test_tamper(struct hpke_ctx *snd, struct hpke_ctx *rcv)
{
	uint8_t pt[20] = "attack at dawn 12345", ct[36], out[20];
	uint8_t aad[4] = {1, 2, 3, 4};
	struct phi_err e;
	size_t i, opened = 0, wiped = 0;
	int b, rc;

	ok(hpke_seal(snd, 7, aad, 4, pt, 20, ct, &e) == 0 &&
	        hpke_open(rcv, 7, aad, 4, ct, 36, out, &e) == 0 &&
	        memcmp(out, pt, 20) == 0,
	    "random sender: seal then open round trip");
	for (i = 0; i < sizeof(ct) * 8; i++) {
		ct[i / 8] ^= (uint8_t)(1u << (i % 8));
		memset(out, 0xaa, sizeof(out));
		rc = hpke_open(rcv, 7, aad, 4, ct, 36, out, &e);
		opened += rc != PHI_EDATA;
		for (b = 0; b < 20; b++)
			wiped += out[b] != 0;
		ct[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
	ok(opened == 0,
	    "every flipped ct bit (288) fails with PHI_EDATA "
	    "(%zu did not)",
	    opened);
	ok(wiped == 0, "the output of a failed open is wiped");
	ok(hpke_open(rcv, 8, aad, 4, ct, 36, out, &e) == PHI_EDATA,
	    "open with another seq fails");
	aad[3] ^= 0x80;
	ok(hpke_open(rcv, 7, aad, 4, ct, 36, out, &e) == PHI_EDATA,
	    "open with another aad fails");
	ok(hpke_open(rcv, 7, aad, 4, ct, 15, out, &e) == PHI_EDATA,
	    "ciphertext shorter than the tag fails");
}

/* Random sender to a fresh key, for each AEAD: empty and long messages,
 * wrong recipient key, and the argument checks. */
static void
test_random(EVP_PKEY *sk, EVP_PKEY *other, uint16_t aead)
{
	static uint8_t big[70000], ct[70016], out[70000];
	struct hpke_ctx *snd = NULL, *rcv = NULL, *wrong = NULL;
	uint8_t enc[32], enc2[32], x[32];
	struct phi_err e;

	memset(big, 'z', sizeof(big));
	ok(hpke_setup_sender(sk, aead, NULL, 0, enc, &snd, &e) == 0 &&
	        hpke_setup_sender(sk, aead, NULL, 0, enc2, &wrong, &e) == 0 &&
	        memcmp(enc, enc2, 32) != 0,
	    "aead %u: two random senders have different enc", aead);
	hpke_ctx_free(wrong);
	ok(hpke_setup_receiver(sk, aead, enc, NULL, 0, &rcv, &e) == 0,
	    "aead %u: receiver set up", aead);
	if (snd == NULL || rcv == NULL)
		goto out;
	ok(hpke_seal(snd, 0, NULL, 0, NULL, 0, ct, &e) == 0 &&
	        hpke_open(rcv, 0, NULL, 0, ct, 16, out, &e) == 0,
	    "aead %u: empty message, empty aad", aead);
	ok(hpke_seal(snd, 1, big, 5, big, sizeof(big), ct, &e) == 0 &&
	        hpke_open(rcv, 1, big, 5, ct, sizeof(ct), out, &e) == 0 &&
	        memcmp(out, big, sizeof(big)) == 0,
	    "aead %u: 70000-byte message", aead);
	ok(hpke_setup_receiver(other, aead, enc, NULL, 0, &wrong, &e) == 0 &&
	        hpke_open(wrong, 1, big, 5, ct, sizeof(ct), out, &e) ==
	            PHI_EDATA,
	    "aead %u: another recipient key cannot open", aead);
	if (aead == HPKE_AEAD_AES256GCM)
		test_tamper(snd, rcv);
	ok(hpke_export(rcv, NULL, 0, x, 0, &e) != 0 &&
	        hpke_export(rcv, NULL, 0, x, 255 * 32 + 1, &e) != 0,
	    "aead %u: export length 0 and 8161 refused", aead);
out:
	hpke_ctx_free(snd);
	hpke_ctx_free(rcv);
	hpke_ctx_free(wrong);
}

static void
test_bad_args(EVP_PKEY *sk)
{
	EVP_PKEY *ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	struct hpke_ctx *c = NULL;
	uint8_t enc[32];
	struct phi_err e;

	ok(hpke_setup_sender(sk, 0x0001, NULL, 0, enc, &c, &e) ==
	            PHI_ESOFTWARE &&
	        c == NULL,
	    "unsupported AEAD id refused");
	ok(hpke_setup_sender(ed, HPKE_AEAD_AES256GCM, NULL, 0, enc, &c, &e) ==
	            PHI_EKEY &&
	        c == NULL,
	    "an Ed25519 key is not a recipient");
	EVP_PKEY_free(ed);
}

/* A program's context keeps only the key and the base nonce: the shared
 * and exporter secrets are wiped at set-up, and export is refused. */
static void
test_secrets_wiped(EVP_PKEY *sk)
{
	static const uint8_t zero[32];
	uint8_t enc[HPKE_ENC_LEN], out[32];
	struct hpke_ctx *snd = NULL, *rcv = NULL;
	struct hpke_debug d;
	struct phi_err e;

	if (hpke_setup_sender(
	        sk, HPKE_AEAD_AES256GCM, NULL, 0, enc, &snd, &e) != 0 ||
	    hpke_setup_receiver(
	        sk, HPKE_AEAD_AES256GCM, enc, NULL, 0, &rcv, &e) != 0)
		abort();
	hpke_debug_secrets(snd, &d);
	ok(memcmp(d.shared_secret, zero, 32) == 0 &&
	        memcmp(d.exporter_secret, zero, 32) == 0,
	    "sender: shared and exporter secrets wiped at set-up");
	ok(memcmp(d.key, zero, 32) != 0, "sender: the AEAD key is kept");
	hpke_debug_secrets(rcv, &d);
	ok(memcmp(d.shared_secret, zero, 32) == 0 &&
	        memcmp(d.exporter_secret, zero, 32) == 0,
	    "receiver: shared and exporter secrets wiped at set-up");
	ok(hpke_export(rcv, NULL, 0, out, 32, &e) == PHI_ESOFTWARE,
	    "export without the secret: refused (%s)", e.msg);
	hpke_ctx_free(snd);
	hpke_ctx_free(rcv);
}

int
main(void)
{
	EVP_PKEY *sk = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");

	test_secrets_wiped(sk);
	hpke_debug_keep_secrets(1); /* the vectors check every secret */
	run_vectors();
	run_auth_vector();
	hpke_debug_keep_secrets(0);
	test_low_order(sk);
	test_random(sk, other, HPKE_AEAD_AES256GCM);
	test_random(sk, other, HPKE_AEAD_CHACHA20POLY1305);
	test_bad_args(sk);
	EVP_PKEY_free(sk);
	EVP_PKEY_free(other);
	return tap_done();
}
