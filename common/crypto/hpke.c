/* hpke.c - RFC 9180 base and auth modes from OpenSSL 3.0 primitives (see
 * hpke.h). */
#include <limits.h>
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "aead.h"
#include "be64.h"
#include "hmac256.h"
#include "hpke.h"

#define NH 32 /* HKDF-SHA256 output, and Nsecret of the KEM */

struct hpke_ctx {
	uint16_t aead_id;
	size_t nk;
	uint8_t suite_id[10]; /* "HPKE" kem_id kdf_id aead_id */
	uint8_t key[32];
	uint8_t base_nonce[HPKE_NONCE_LEN];
	/* wiped once the context is set up, unless kept for the tests
	 * (hpke_debug_keep_secrets): hpke_export and hpke_debug_secrets */
	uint8_t exporter_secret[NH];
	uint8_t shared_secret[NH];
	int kept;
	EVP_CIPHER *cipher;
	struct aead *ea; /* keyed on first seal */
	struct aead *da; /* keyed on first open */
	uint8_t nonce[HPKE_NONCE_LEN];
};

static const uint8_t kem_suite_id[5] = {'K', 'E', 'M', 0x00, 0x20};
static const char hpke_v1[7] = {'H', 'P', 'K', 'E', '-', 'v', '1'};

/* LabeledExtract(salt, label, ikm) with the given suite_id:
 * HKDF-Extract(salt, "HPKE-v1" || suite_id || label || ikm). */
static int
labeled_extract(const uint8_t *suite, size_t suitelen, const uint8_t *salt,
    size_t saltlen, const char *label, const uint8_t *ikm, size_t ikmlen,
    uint8_t prk[NH])
{
	const struct hmac256_part parts[] = {
	    {.p = hpke_v1, .n = sizeof(hpke_v1)},
	    {.p = suite, .n = suitelen},
	    {.p = label, .n = strlen(label)},
	    {.p = ikm, .n = ikmlen},
	};

	return hmac256_extract(salt, saltlen, parts, 4, prk);
}

/* LabeledExpand(prk, label, info, L) with the given suite_id:
 * HKDF-Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label ||
 * info, L). */
static int
labeled_expand(const uint8_t *suite, size_t suitelen, const uint8_t prk[NH],
    const char *label, const uint8_t *info, size_t infolen, uint8_t *out,
    size_t L)
{
	const uint8_t l2[2] = {(uint8_t)(L >> 8), (uint8_t)L};
	const struct hmac256_part parts[] = {
	    {.p = l2, .n = sizeof(l2)},
	    {.p = hpke_v1, .n = sizeof(hpke_v1)},
	    {.p = suite, .n = suitelen},
	    {.p = label, .n = strlen(label)},
	    {.p = info, .n = infolen},
	};

	return hmac256_expand(prk, parts, 5, out, L);
}

int
hpke_derive_secret(const uint8_t *ikm, size_t ikmlen, uint8_t sk[32])
{
	uint8_t prk[NH];
	int rc = 0;

	if (labeled_extract(kem_suite_id, sizeof(kem_suite_id), NULL, 0,
	        "dkp_prk", ikm, ikmlen, prk) != 0 ||
	    labeled_expand(kem_suite_id, sizeof(kem_suite_id), prk, "sk", NULL,
	        0, sk, 32) != 0)
		rc = -1;
	OPENSSL_cleanse(prk, sizeof(prk));
	return rc;
}

int
hpke_derive_keypair(
    const uint8_t *ikm, size_t ikmlen, EVP_PKEY **out, struct phi_err *e)
{
	uint8_t sk[32];
	int rc = PHI_ESOFTWARE;

	*out = NULL;
	if (hpke_derive_secret(ikm, ikmlen, sk) != 0) {
		phi_err_set(e, rc, "HPKE: key derivation failed");
		goto out;
	}
	*out =
	    EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, sk, sizeof(sk));
	if (*out == NULL) {
		phi_err_set(e, rc, "HPKE: cannot make an X25519 key");
		goto out;
	}
	rc = PHI_OK;
out:
	OPENSSL_cleanse(sk, sizeof(sk));
	return rc;
}

/* The raw 32-byte X25519 public key of pk (public or private). */
static int
x25519_public(EVP_PKEY *pk, uint8_t pub[32], struct phi_err *e)
{
	size_t len = 32;

	if (pk == NULL || EVP_PKEY_get_base_id(pk) != EVP_PKEY_X25519)
		return phi_err_set(e, PHI_EKEY, "HPKE: not an X25519 key");
	/* a loaded X25519 key has one: a failure is OpenSSL's (memory) */
	if (EVP_PKEY_get_raw_public_key(pk, pub, &len) != 1 || len != 32)
		return phi_err_set(e, PHI_ESOFTWARE,
		    "HPKE: cannot read the X25519 public key");
	return PHI_OK;
}

/* dh = X25519(sk, peer); PHI_EDATA when the result is all zero (peer is
 * a low-order point: OpenSSL refuses those too). */
static int
x25519_dh(
    EVP_PKEY *sk, const uint8_t peer[32], uint8_t dh[32], struct phi_err *e)
{
	static const uint8_t zero[32];
	EVP_PKEY *pp = NULL;
	EVP_PKEY_CTX *pc = NULL;
	size_t len = 32;
	int rc = PHI_ESOFTWARE;

	pp = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, peer, 32);
	if (pp == NULL || (pc = EVP_PKEY_CTX_new(sk, NULL)) == NULL ||
	    EVP_PKEY_derive_init(pc) != 1) {
		phi_err_set(e, rc, "HPKE: X25519 set-up failed");
		goto out;
	}
	if (EVP_PKEY_derive_set_peer(pc, pp) != 1 ||
	    EVP_PKEY_derive(pc, dh, &len) != 1 || len != 32 ||
	    CRYPTO_memcmp(dh, zero, 32) == 0) {
		OPENSSL_cleanse(dh, 32);
		rc = phi_err_set(e, PHI_EDATA,
		    "HPKE: invalid encapsulated key (low-order point)");
		goto out;
	}
	rc = PHI_OK;
out:
	EVP_PKEY_CTX_free(pc);
	EVP_PKEY_free(pp);
	return rc;
}

/* ExtractAndExpand(dh, kem_context) of DHKEM: dh is DH(skE, pkR), and
 * with AUTH DH(skS, pkR) after it (64 bytes); kem_context is enc ||
 * pkRm, and with AUTH pkSm after it (96 bytes). */
static int
kem_shared_secret(const uint8_t *dh, size_t dhlen, const uint8_t *kem_context,
    size_t kclen, uint8_t ss[NH], struct phi_err *e)
{
	uint8_t prk[NH];
	int rc = PHI_OK;

	if (labeled_extract(kem_suite_id, sizeof(kem_suite_id), NULL, 0,
	        "eae_prk", dh, dhlen, prk) != 0 ||
	    labeled_expand(kem_suite_id, sizeof(kem_suite_id), prk,
	        "shared_secret", kem_context, kclen, ss, NH) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "HPKE: HKDF failed");
	OPENSSL_cleanse(prk, sizeof(prk));
	return rc;
}

/* Encap (skS NULL) or AuthEncap (RFC 9180 section 5.1.3) with the
 * ephemeral key skE: writes enc and the shared secret. */
static int
kem_encap(EVP_PKEY *pkR, EVP_PKEY *skE, EVP_PKEY *skS, uint8_t enc[32],
    uint8_t ss[NH], struct phi_err *e)
{
	uint8_t kc[96], dh[64]; /* enc || pkRm || pkSm; the two DHs */
	size_t n = skS != NULL ? 2 : 1;
	int rc;

	if ((rc = x25519_public(pkR, kc + 32, e)) != 0 ||
	    (rc = x25519_public(skE, enc, e)) != 0 ||
	    (skS != NULL && (rc = x25519_public(skS, kc + 64, e)) != 0))
		return rc;
	memcpy(kc, enc, 32);
	if ((rc = x25519_dh(skE, kc + 32, dh, e)) == 0 &&
	    (skS == NULL || (rc = x25519_dh(skS, kc + 32, dh + 32, e)) == 0))
		rc = kem_shared_secret(dh, 32 * n, kc, 32 * (n + 1), ss, e);
	OPENSSL_cleanse(dh, sizeof(dh));
	return rc;
}

/* Decap (pkS NULL) or AuthDecap with skR. */
static int
kem_decap(EVP_PKEY *skR, EVP_PKEY *pkS, const uint8_t enc[32], uint8_t ss[NH],
    struct phi_err *e)
{
	uint8_t kc[96], dh[64];
	size_t n = pkS != NULL ? 2 : 1;
	int rc;

	if ((rc = x25519_public(skR, kc + 32, e)) != 0 ||
	    (pkS != NULL && (rc = x25519_public(pkS, kc + 64, e)) != 0))
		return rc;
	memcpy(kc, enc, 32);
	if ((rc = x25519_dh(skR, enc, dh, e)) == 0 &&
	    (pkS == NULL || (rc = x25519_dh(skR, kc + 64, dh + 32, e)) == 0))
		rc = kem_shared_secret(dh, 32 * n, kc, 32 * (n + 1), ss, e);
	OPENSSL_cleanse(dh, sizeof(dh));
	return rc;
}

/* The AEADs' ciphers ([0] ChaCha20-Poly1305, [1] AES-256-GCM), fetched
 * once a process (as hmac256.c fetches HMAC), under pthread_once: the
 * workers of phi-decrypt -j N set up their first contexts at once. */
static EVP_CIPHER *ciph_fetched[2];
static pthread_once_t ciph_once[2] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};

static void
ciph_fetch_chacha(void)
{
	ciph_fetched[0] = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
}

static void
ciph_fetch_aes(void)
{
	ciph_fetched[1] = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
}

/* The AEAD's cipher, with a reference for the caller. */
static EVP_CIPHER *
hpke_cipher(uint16_t aead_id)
{
	int i = aead_id == HPKE_AEAD_AES256GCM;

	pthread_once(&ciph_once[i], i ? ciph_fetch_aes : ciph_fetch_chacha);
	if (ciph_fetched[i] == NULL || EVP_CIPHER_up_ref(ciph_fetched[i]) != 1)
		return NULL;
	return ciph_fetched[i];
}

/* A context for aead_id with nothing keyed yet, or NULL (e says why:
 * PHI_ESOFTWARE). */
static struct hpke_ctx *
hpke_ctx_new(uint16_t aead_id, struct phi_err *e)
{
	struct hpke_ctx *c;
	const char *name;

	if (aead_id == HPKE_AEAD_AES256GCM)
		name = "AES-256-GCM";
	else if (aead_id == HPKE_AEAD_CHACHA20POLY1305)
		name = "ChaCha20-Poly1305";
	else {
		phi_err_set(
		    e, PHI_ESOFTWARE, "HPKE: unsupported AEAD 0x%04x", aead_id);
		return NULL;
	}
	if ((c = OPENSSL_zalloc(sizeof(*c))) == NULL) {
		phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		return NULL;
	}
	if ((c->cipher = hpke_cipher(aead_id)) == NULL) {
		OPENSSL_free(c);
		phi_err_set(e, PHI_ESOFTWARE, "HPKE: OpenSSL has no %s", name);
		return NULL;
	}
	c->aead_id = aead_id;
	c->nk = 32;
	memcpy(c->suite_id, "HPKE", 4);
	c->suite_id[4] = HPKE_KEM_X25519_SHA256 >> 8;
	c->suite_id[5] = HPKE_KEM_X25519_SHA256 & 0xff;
	c->suite_id[6] = HPKE_KDF_HKDF_SHA256 >> 8;
	c->suite_id[7] = HPKE_KDF_HKDF_SHA256 & 0xff;
	c->suite_id[8] = (uint8_t)(aead_id >> 8);
	c->suite_id[9] = (uint8_t)aead_id;
	return c;
}

/* Whether contexts keep their shared and exporter secrets (tests). */
static int hpke_keep;

void
hpke_debug_keep_secrets(int on)
{
	hpke_keep = on;
}

/* The key schedule's psk_id_hash || info_hash for c's suite and info:
 * public values, the same for every context of a run (the join tokens'
 * too), so each thread keeps the last ones it made: two HMACs a context
 * saved.  0 or -1. */
static int
hpke_ksc_hashes(const struct hpke_ctx *c, const uint8_t *info, size_t infolen,
    uint8_t out[2 * NH])
{
	static _Thread_local struct {
		uint8_t suite[10], info[64], h[2 * NH];
		size_t infolen;
		int ok;
	} m;
	const uint8_t *s = c->suite_id;
	const size_t sl = sizeof(c->suite_id);

	if (!m.ok || infolen != m.infolen || memcmp(s, m.suite, sl) != 0 ||
	    (infolen > 0 && memcmp(info, m.info, infolen) != 0)) {
		m.ok = 0;
		if (labeled_extract(
		        s, sl, NULL, 0, "psk_id_hash", NULL, 0, m.h) != 0 ||
		    labeled_extract(s, sl, NULL, 0, "info_hash", info, infolen,
		        m.h + NH) != 0)
			return -1;
		if (infolen <= sizeof(m.info)) {
			memcpy(m.suite, s, sl);
			if (infolen > 0) /* info may be NULL then */
				memcpy(m.info, info, infolen);
			m.infolen = infolen;
			m.ok = 1;
		}
	}
	memcpy(out, m.h, 2 * NH);
	return 0;
}

/* KeySchedule(mode, shared_secret, info, "", "") for mode_base (0) or
 * mode_auth (2).  The shared and
 * exporter secrets are wiped at once (the program only seals and
 * opens), unless hpke_debug_keep_secrets(1) asked to keep them. */
static int
hpke_key_schedule(struct hpke_ctx *c, uint8_t mode, const uint8_t ss[NH],
    const uint8_t *info, size_t infolen, struct phi_err *e)
{
	const uint8_t *s = c->suite_id;
	const size_t sl = sizeof(c->suite_id);
	uint8_t ksc[1 + 2 * NH], secret[NH];
	int rc = PHI_ESOFTWARE;

	memcpy(c->shared_secret, ss, NH);
	ksc[0] = mode;
	if (hpke_ksc_hashes(c, info, infolen, ksc + 1) != 0 ||
	    labeled_extract(s, sl, ss, NH, "secret", NULL, 0, secret) != 0)
		goto out;
	if (labeled_expand(
	        s, sl, secret, "key", ksc, sizeof(ksc), c->key, c->nk) != 0 ||
	    labeled_expand(s, sl, secret, "base_nonce", ksc, sizeof(ksc),
	        c->base_nonce, HPKE_NONCE_LEN) != 0)
		goto out;
	/* only the tests export: an HMAC a join token saved otherwise */
	if (hpke_keep &&
	    labeled_expand(s, sl, secret, "exp", ksc, sizeof(ksc),
	        c->exporter_secret, NH) != 0)
		goto out;
	rc = PHI_OK;
out:
	OPENSSL_cleanse(secret, sizeof(secret));
	if ((c->kept = hpke_keep && rc == PHI_OK) == 0) {
		OPENSSL_cleanse(c->shared_secret, NH);
		OPENSSL_cleanse(c->exporter_secret, NH);
	}
	if (rc != PHI_OK)
		phi_err_set(e, rc, "HPKE: key schedule failed");
	return rc;
}

/* A context for aead_id keyed from the KEM's shared secret ss, which
 * is wiped here whatever happens (also when the KEM failed: kem_rc). */
static int
hpke_ctx_keyed(int kem_rc, uint8_t mode, uint16_t aead_id, uint8_t ss[NH],
    const uint8_t *info, size_t infolen, struct hpke_ctx **out,
    struct phi_err *e)
{
	struct hpke_ctx *c = NULL;
	int rc = kem_rc;

	*out = NULL;
	if (rc == 0 && (c = hpke_ctx_new(aead_id, e)) == NULL)
		rc = PHI_ESOFTWARE;
	if (rc == 0 &&
	    (rc = hpke_key_schedule(c, mode, ss, info, infolen, e)) == 0) {
		*out = c;
		c = NULL;
	}
	OPENSSL_cleanse(ss, NH);
	hpke_ctx_free(c);
	return rc;
}

/* Encap (or AuthEncap with skS) with skE, then the key schedule. */
static int
hpke_sender_with(EVP_PKEY *pkR, EVP_PKEY *skE, EVP_PKEY *skS, uint16_t aead_id,
    const uint8_t *info, size_t infolen, uint8_t enc[HPKE_ENC_LEN],
    struct hpke_ctx **out, struct phi_err *e)
{
	uint8_t ss[NH];

	return hpke_ctx_keyed(kem_encap(pkR, skE, skS, enc, ss, e),
	    skS != NULL ? HPKE_MODE_AUTH : HPKE_MODE_BASE, aead_id, ss, info,
	    infolen, out, e);
}

int
hpke_setup_sender_auth(EVP_PKEY *pkR, EVP_PKEY *skS, uint16_t aead_id,
    const uint8_t *info, size_t infolen, uint8_t enc[HPKE_ENC_LEN],
    struct hpke_ctx **out, struct phi_err *e)
{
	EVP_PKEY *skE;
	int rc;

	*out = NULL;
	if ((skE = EVP_PKEY_Q_keygen(NULL, NULL, "X25519")) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE,
		    "HPKE: cannot make an ephemeral X25519 key");
	rc = hpke_sender_with(
	    pkR, skE, skS, aead_id, info, infolen, enc, out, e);
	EVP_PKEY_free(skE);
	return rc;
}

int
hpke_setup_sender(EVP_PKEY *pkR, uint16_t aead_id, const uint8_t *info,
    size_t infolen, uint8_t enc[HPKE_ENC_LEN], struct hpke_ctx **out,
    struct phi_err *e)
{
	return hpke_setup_sender_auth(
	    pkR, NULL, aead_id, info, infolen, enc, out, e);
}

int
hpke_setup_sender_auth_derand(EVP_PKEY *pkR, EVP_PKEY *skS, uint16_t aead_id,
    const uint8_t *info, size_t infolen, const uint8_t *ikmE, size_t ikmlen,
    uint8_t enc[HPKE_ENC_LEN], struct hpke_ctx **out, struct phi_err *e)
{
	EVP_PKEY *skE;
	int rc;

	*out = NULL;
	if ((rc = hpke_derive_keypair(ikmE, ikmlen, &skE, e)) != 0)
		return rc;
	rc = hpke_sender_with(
	    pkR, skE, skS, aead_id, info, infolen, enc, out, e);
	EVP_PKEY_free(skE);
	return rc;
}

int
hpke_setup_sender_derand(EVP_PKEY *pkR, uint16_t aead_id, const uint8_t *info,
    size_t infolen, const uint8_t *ikmE, size_t ikmlen,
    uint8_t enc[HPKE_ENC_LEN], struct hpke_ctx **out, struct phi_err *e)
{
	return hpke_setup_sender_auth_derand(
	    pkR, NULL, aead_id, info, infolen, ikmE, ikmlen, enc, out, e);
}

int
hpke_setup_sender_dh(const uint8_t enc[HPKE_ENC_LEN],
    const uint8_t pkR[HPKE_ENC_LEN], const uint8_t dh[HPKE_ENC_LEN],
    uint16_t aead_id, const uint8_t *info, size_t infolen,
    struct hpke_ctx **out, struct phi_err *e)
{
	static const uint8_t zero[32];
	uint8_t kc[64], ss[NH];

	*out = NULL;
	if (CRYPTO_memcmp(dh, zero, sizeof(zero)) == 0)
		return phi_err_set(e, PHI_EDATA,
		    "HPKE: the recipient's key is a low-order point");
	memcpy(kc, enc, 32);
	memcpy(kc + 32, pkR, 32);
	return hpke_ctx_keyed(kem_shared_secret(dh, 32, kc, sizeof(kc), ss, e),
	    HPKE_MODE_BASE, aead_id, ss, info, infolen, out, e);
}

int
hpke_setup_receiver_auth(EVP_PKEY *skR, EVP_PKEY *pkS, uint16_t aead_id,
    const uint8_t enc[HPKE_ENC_LEN], const uint8_t *info, size_t infolen,
    struct hpke_ctx **out, struct phi_err *e)
{
	uint8_t ss[NH];

	return hpke_ctx_keyed(kem_decap(skR, pkS, enc, ss, e),
	    pkS != NULL ? HPKE_MODE_AUTH : HPKE_MODE_BASE, aead_id, ss, info,
	    infolen, out, e);
}

int
hpke_setup_receiver(EVP_PKEY *skR, uint16_t aead_id,
    const uint8_t enc[HPKE_ENC_LEN], const uint8_t *info, size_t infolen,
    struct hpke_ctx **out, struct phi_err *e)
{
	return hpke_setup_receiver_auth(
	    skR, NULL, aead_id, enc, info, infolen, out, e);
}

void
hpke_debug_nonce(
    const struct hpke_ctx *c, uint64_t seq, uint8_t nonce[HPKE_NONCE_LEN])
{
	const uint8_t *b = c->base_nonce + 4;
	uint8_t *n = nonce + 4;

	/* the last 8 bytes XOR seq, big-endian */
	memcpy(nonce, c->base_nonce, 4);
	be64_put(n, be64_get(b) ^ seq);
}

void
hpke_debug_secrets(const struct hpke_ctx *c, struct hpke_debug *d)
{
	memcpy(d->shared_secret, c->shared_secret, NH);
	memcpy(d->key, c->key, c->nk);
	d->keylen = c->nk;
	memcpy(d->base_nonce, c->base_nonce, HPKE_NONCE_LEN);
	memcpy(d->exporter_secret, c->exporter_secret, NH);
	d->path = c->ea != NULL ? (int)aead_path_of(c->ea)
	    : c->da != NULL     ? (int)aead_path_of(c->da)
	                        : -1;
}

/* The AEAD context for one direction, keyed on first use. */
static struct aead *
hpke_aead(struct hpke_ctx *c, int enc)
{
	struct aead **pp = enc ? &c->ea : &c->da;

	if (*pp == NULL)
		*pp = aead_new(c->cipher, c->key, c->nk, enc);
	return *pp;
}

int
hpke_seal(struct hpke_ctx *c, uint64_t seq, const uint8_t *aad, size_t aadlen,
    const uint8_t *pt, size_t ptlen, uint8_t *ct, struct phi_err *e)
{
	struct aead *x;

	if (ptlen > INT_MAX - HPKE_TAG_LEN || aadlen > INT_MAX)
		return phi_err_set(e, PHI_EDATA, "HPKE: message too long");
	if ((x = hpke_aead(c, 1)) == NULL)
		return phi_err_set(
		    e, PHI_ESOFTWARE, "HPKE: AEAD set-up failed");
	hpke_debug_nonce(c, seq, c->nonce);
	if (aead_seal(x, c->nonce, aad, aadlen, pt, ptlen, ct) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "HPKE: seal failed");
	return PHI_OK;
}

int
hpke_open(struct hpke_ctx *c, uint64_t seq, const uint8_t *aad, size_t aadlen,
    const uint8_t *ct, size_t ctlen, uint8_t *pt, struct phi_err *e)
{
	struct aead *x;
	size_t ptlen;

	if (ctlen < HPKE_TAG_LEN)
		return phi_err_set(e, PHI_EDATA, "HPKE: ciphertext too short");
	if (ctlen > INT_MAX || aadlen > INT_MAX)
		return phi_err_set(e, PHI_EDATA, "HPKE: message too long");
	if ((x = hpke_aead(c, 0)) == NULL)
		return phi_err_set(
		    e, PHI_ESOFTWARE, "HPKE: AEAD set-up failed");
	ptlen = ctlen - HPKE_TAG_LEN;
	hpke_debug_nonce(c, seq, c->nonce);
	if (aead_open(x, c->nonce, aad, aadlen, ct, ptlen, pt) != 0) {
		OPENSSL_cleanse(pt, ptlen);
		return phi_err_set(e, PHI_EDATA, "HPKE: authentication failed");
	}
	return PHI_OK;
}

int
hpke_export(struct hpke_ctx *c, const uint8_t *exctx, size_t exlen,
    uint8_t *out, size_t L, struct phi_err *e)
{
	if (!c->kept)
		return phi_err_set(e, PHI_ESOFTWARE,
		    "HPKE: the exporter secret was wiped at set-up");
	if (L == 0 || L > HMAC256_EXPAND_MAX)
		return phi_err_set(e, PHI_ESOFTWARE,
		    "HPKE: export length %zu out of range", L);
	if (labeled_expand(c->suite_id, sizeof(c->suite_id), c->exporter_secret,
	        "sec", exctx, exlen, out, L) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "HPKE: export failed");
	return PHI_OK;
}

void
hpke_ctx_free(struct hpke_ctx *c)
{
	if (c == NULL)
		return;
	aead_free(c->ea);
	aead_free(c->da);
	EVP_CIPHER_free(c->cipher);
	OPENSSL_clear_free(c, sizeof(*c));
}
