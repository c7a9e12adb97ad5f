/* aead.c - HPKE's AEAD one message at a time, by the fastest of four
 * ways that a known-answer check finds equal to EVP (see aead.h). */
#include <stdatomic.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/params.h>

#include "aead.h"
#include "aeadprov.h"
#include "gcm.h"

/* The two parameter names, where strcmp reads them fast.  OpenSSL
 * compares them with every name it knows, 13 strcmp calls a message, and
 * glibc's vector strcmp takes a slower path for a string less than 64
 * bytes from the end of a page: where a string literal falls is up to
 * the linker (seen: 22 and 40 instructions a call in two builds). */
static const _Alignas(
    64) char name_ivfixed[64] = OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED;
static const _Alignas(64) char name_tag[64] = OSSL_CIPHER_PARAM_AEAD_TAG;

struct aead {
	enum aead_path path;
	EVP_CIPHER_CTX *x;  /* AEAD_EVP, AEAD_IV_PARAM */
	struct aeadprov *p; /* AEAD_PROVIDER */
	struct gcm *g;      /* AEAD_CLMUL */
	uint8_t nonce[AEAD_NONCE_LEN];
	/* built once (OSSL_PARAM_construct_*() return structures by value):
	 * only the nonce and the tag's data pointer change per message */
	OSSL_PARAM iv[2];     /* the nonce as "tlsivfixed" of length -1 */
	OSSL_PARAM tag_iv[3]; /* the tag to check (set per open), the nonce */
	OSSL_PARAM tag[2];    /* where the tag goes (set per seal) */
};

static _Atomic int forced = -1;

void
aead_debug_force(int path)
{
	atomic_store(&forced, path);
}

static void
params_init(struct aead *a)
{
	a->iv[0] = OSSL_PARAM_construct_octet_string(
	    name_ivfixed, a->nonce, (size_t)-1);
	a->iv[1] = OSSL_PARAM_construct_end();
	a->tag[0] =
	    OSSL_PARAM_construct_octet_string(name_tag, NULL, AEAD_TAG_LEN);
	a->tag[1] = a->iv[1];
	a->tag_iv[0] = a->tag[0];
	a->tag_iv[1] = a->iv[0];
	a->tag_iv[2] = a->iv[1];
}

/* A context that takes path (NULL when it cannot be made). */
static struct aead *
aead_make(EVP_CIPHER *cipher, const uint8_t *key, size_t keylen, int enc,
    enum aead_path path)
{
	struct aead *a = OPENSSL_zalloc(sizeof(*a));
	int ok;

	if (a == NULL)
		return NULL;
	a->path = path;
	params_init(a);
	if (path == AEAD_CLMUL)
		ok = EVP_CIPHER_is_a(cipher, "AES-256-GCM") &&
		    (a->g = gcm_new(key, keylen)) != NULL;
	else if (path == AEAD_PROVIDER)
		ok = (a->p = aeadprov_new(cipher, key, keylen, enc)) != NULL;
	else
		ok = (size_t)EVP_CIPHER_get_key_length(cipher) == keylen &&
		    (a->x = EVP_CIPHER_CTX_new()) != NULL &&
		    EVP_CipherInit_ex(a->x, cipher, NULL, key, NULL, enc) == 1;
	if (!ok) {
		aead_free(a);
		return NULL;
	}
	return a;
}

/* EVP's seal: the nonce (as the path sets it), AAD, message, tag. */
static int
evp_seal(struct aead *a, const uint8_t *aad, size_t aadlen, const uint8_t *pt,
    size_t ptlen, uint8_t *ct)
{
	EVP_CIPHER_CTX *x = a->x;
	int n;

	if (a->path == AEAD_IV_PARAM
	        ? EVP_CIPHER_CTX_set_params(x, a->iv) != 1
	        : EVP_EncryptInit_ex(x, NULL, NULL, NULL, a->nonce) != 1)
		return -1;
	if ((aadlen > 0 &&
	        EVP_EncryptUpdate(x, NULL, &n, aad, (int)aadlen) != 1) ||
	    EVP_EncryptUpdate(x, ct, &n, pt, (int)ptlen) != 1 ||
	    EVP_EncryptFinal_ex(x, ct + n, &n) != 1)
		return -1;
	a->tag[0].data = ct + ptlen;
	return EVP_CIPHER_CTX_get_params(x, a->tag) == 1 ? 0 : -1;
}

static int
evp_open(struct aead *a, const uint8_t *aad, size_t aadlen, const uint8_t *ct,
    size_t ptlen, uint8_t *pt)
{
	EVP_CIPHER_CTX *x = a->x;
	uint8_t *tag = (uint8_t *)(ct + ptlen);
	int n;

	a->tag_iv[0].data = tag;
	if (a->path == AEAD_IV_PARAM
	        ? EVP_CIPHER_CTX_set_params(x, a->tag_iv) != 1
	        : (EVP_DecryptInit_ex(x, NULL, NULL, NULL, a->nonce) != 1 ||
	              EVP_CIPHER_CTX_ctrl(
	                  x, EVP_CTRL_AEAD_SET_TAG, AEAD_TAG_LEN, tag) != 1))
		return -1;
	if ((aadlen > 0 &&
	        EVP_DecryptUpdate(x, NULL, &n, aad, (int)aadlen) != 1) ||
	    EVP_DecryptUpdate(x, pt, &n, ct, (int)ptlen) != 1 ||
	    EVP_DecryptFinal_ex(x, pt + n, &n) != 1)
		return -1;
	return 0;
}

int
aead_seal(struct aead *a, const uint8_t nonce[AEAD_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen,
    uint8_t *ct)
{
	if (a->path == AEAD_CLMUL)
		return gcm_seal(a->g, nonce, aad, aadlen, pt, ptlen, ct);
	if (a->path == AEAD_PROVIDER)
		return aeadprov_seal(a->p, nonce, aad, aadlen, pt, ptlen, ct);
	memcpy(a->nonce, nonce, AEAD_NONCE_LEN);
	return evp_seal(a, aad, aadlen, pt, ptlen, ct);
}

int
aead_open(struct aead *a, const uint8_t nonce[AEAD_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *ct, size_t ptlen,
    uint8_t *pt)
{
	if (a->path == AEAD_CLMUL)
		return gcm_open(a->g, nonce, aad, aadlen, ct, ptlen, pt);
	if (a->path == AEAD_PROVIDER)
		return aeadprov_open(a->p, nonce, aad, aadlen, ct, ptlen, pt);
	memcpy(a->nonce, nonce, AEAD_NONCE_LEN);
	return evp_open(a, aad, aadlen, ct, ptlen, pt);
}

/* The known answers: e seals and d opens as r (AEAD_EVP) does, with and
 * without AAD and message; d refuses a changed tag and opens after. */
static int
known_answers(struct aead *r, struct aead *e, struct aead *d)
{
	static const uint8_t n[2][AEAD_NONCE_LEN] = {
	    {1, 2, 3, 4, 5, 6, 7, 8}, {9, 9, 9, 9, 9, 9, 9, 9, 9}};
	static const uint8_t aad[] = "phi-tools", pt[] = "known answer";
	/* zeroed: cppcheck cannot tell that the seals write them */
	uint8_t a[sizeof(pt) + AEAD_TAG_LEN] = {0}, b[sizeof(a)] = {0};
	uint8_t back[sizeof(pt)] = {0};
	size_t i, al = 0, pl = 0;
	int ok = 1;

	for (i = 0; i < 3 && ok; i++) { /* n[0], n[1]; then nothing */
		al = i < 2 ? sizeof(aad) : 0;
		pl = i < 2 ? sizeof(pt) : 0;
		ok = aead_seal(r, n[i % 2], aad, al, pt, pl, a) == 0 &&
		    aead_seal(e, n[i % 2], aad, al, pt, pl, b) == 0 &&
		    memcmp(a, b, pl + AEAD_TAG_LEN) == 0 &&
		    aead_open(d, n[i % 2], aad, al, b, pl, back) == 0 &&
		    memcmp(back, pt, pl) == 0;
	}
	if (!ok || aead_seal(e, n[1], aad, sizeof(aad), pt, sizeof(pt), b) != 0)
		return 0;
	b[sizeof(pt) + 3] ^= 1;
	ok = aead_open(d, n[1], aad, sizeof(aad), b, sizeof(pt), back) != 0;
	b[sizeof(pt) + 3] ^= 1;
	return ok &&
	    aead_open(d, n[1], aad, sizeof(aad), b, sizeof(pt), back) == 0 &&
	    memcmp(back, pt, sizeof(pt)) == 0;
}

/* Does path give AEAD_EVP's bytes for cipher (a fixed test key)? */
static int
path_works(EVP_CIPHER *cipher, enum aead_path path)
{
	static const uint8_t key[32] = {0x70, 0x68, 0x69};
	size_t kl = (size_t)EVP_CIPHER_get_key_length(cipher);
	struct aead *r = NULL, *e = NULL, *d = NULL;
	int ok = 0;

	if (kl <= sizeof(key) &&
	    (r = aead_make(cipher, key, kl, 1, AEAD_EVP)) != NULL &&
	    (e = aead_make(cipher, key, kl, 1, path)) != NULL &&
	    (d = aead_make(cipher, key, kl, 0, path)) != NULL)
		ok = known_answers(r, e, d);
	aead_free(r);
	aead_free(e);
	aead_free(d);
	ERR_clear_error(); /* a refused path leaves errors behind */
	return ok;
}

/* The fast ways that work for cipher, bit 1 << path, found once a
 * process (OpenSSL's answer, the same for every key). */
static int
paths_known(EVP_CIPHER *cipher)
{
	/* atomic: threads that ask at once store the same answer */
	static _Atomic int known[2] = {-1, -1};
	int aes = EVP_CIPHER_is_a(cipher, "AES-256-GCM"), k;

	if ((k = atomic_load(&known[aes])) < 0) {
		k = (aes && path_works(cipher, AEAD_IV_PARAM)
		            ? 1 << AEAD_IV_PARAM
		            : 0) |
		    (path_works(cipher, AEAD_PROVIDER) ? 1 << AEAD_PROVIDER
		                                       : 0) |
		    (aes && path_works(cipher, AEAD_CLMUL) ? 1 << AEAD_CLMUL
		                                           : 0);
		atomic_store(&known[aes], k);
	}
	return k;
}

struct aead *
aead_new(EVP_CIPHER *cipher, const uint8_t *key, size_t keylen, int enc)
{
	int k = paths_known(cipher), f = atomic_load(&forced), p;
	struct aead *a = NULL;

	for (p = AEAD_CLMUL; p >= AEAD_EVP && a == NULL; p--)
		if (p == AEAD_EVP || ((f < 0 || f == p) && (k & 1 << p) != 0))
			a = aead_make(
			    cipher, key, keylen, enc, (enum aead_path)p);
	return a;
}

enum aead_path
aead_path_of(const struct aead *a)
{
	return a->path;
}

void
aead_free(struct aead *a)
{
	if (a == NULL)
		return;
	EVP_CIPHER_CTX_free(a->x);
	aeadprov_free(a->p);
	gcm_free(a->g);
	OPENSSL_clear_free(a, sizeof(*a));
}
