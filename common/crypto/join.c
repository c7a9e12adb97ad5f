/* join.c - join tokens and their cache (see join.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "b64url.h"
#include "be64.h"
#include "buf.h"
#include "hash.h"
#include "hmac256.h"
#include "hpke.h"
#include "join.h"
#include "token.h"
#include "x25519.h"

#define JOIN_NIL UINT32_MAX
#define JOIN_LABEL_LEN (sizeof(JOIN_LABEL) - 1)
#define JOIN_PRE (JOIN_LABEL_LEN + KEY_ID_LEN) /* label || kid */

/* A cached value: its padded plaintext, then its token text, in one
 * block of cap bytes (wiped when reused or freed). */
struct join_ent {
	uint8_t *d;
	size_t ptlen, toklen, cap;
	uint64_t h;
	uint32_t prev, next; /* the LRU list, most recent first */
	uint32_t chain;      /* the next entry of its bucket */
};

/* The cache, shared by a sealer and its forks (join_sealer_fork): the
 * workers of phi-encrypt -j N each derived every value they met, which
 * made -j 2 slower than one thread on a stream of repeating users.  Its
 * lock is held only to look up and to insert, never over a derivation. */
struct join_cache {
	pthread_mutex_t mu;
	atomic_int refs;
	struct join_ent *ent;
	uint32_t *bucket;
	uint32_t n, max, nbucket, head, tail;
};

/* A sealer derives a token's ephemeral key and runs its two X25519s
 * (with the base point and with the recipient's key, both fixed) on
 * combs, unless the recipient's key has none (a point of the twist) or
 * join_debug_ladder asked for OpenSSL's ladder: a derived token takes
 * 28 us instead of 91 (join_seal timed alone, 2026-12-07). */
struct join_sealer {
	EVP_PKEY *pub;
	uint8_t pkr[X25519_LEN]; /* pub, raw */
	const struct x25519_comb *base;
	struct x25519_comb *rcp; /* NULL: the ladder */
	uint8_t secret[JOIN_SECRET_LEN];
	uint8_t kid[KEY_ID_LEN];
	struct buf in;  /* label || kid || padded plaintext: HMAC input */
	struct buf raw; /* header || ciphertext || tag */
	struct join_cache *c;
	struct join_stats st;
};

static const uint8_t join_info[] = TOKEN_INFO;

/* The cache's arrays: max entries, twice as many buckets (a power of
 * two).  0 or -1 (out of memory). */
static int
join_cache_arrays(struct join_cache *j, size_t max)
{
	size_t nb = 2;
	uint32_t i;

	j->head = j->tail = JOIN_NIL;
	if (max > UINT32_MAX / 4)
		max = UINT32_MAX / 4;
	while (nb < 2 * max)
		nb *= 2;
	j->ent = OPENSSL_zalloc(max * sizeof(*j->ent));
	j->bucket = OPENSSL_malloc(nb * sizeof(*j->bucket));
	if (j->ent == NULL || j->bucket == NULL)
		return -1;
	for (i = 0; i < nb; i++)
		j->bucket[i] = JOIN_NIL;
	j->max = (uint32_t)max;
	j->nbucket = (uint32_t)nb;
	return 0;
}

static void
join_cache_unref(struct join_cache *j)
{
	uint32_t i;

	if (j == NULL || atomic_fetch_sub(&j->refs, 1) > 1)
		return;
	for (i = 0; i < j->n; i++)
		OPENSSL_clear_free(j->ent[i].d, j->ent[i].cap);
	OPENSSL_free(j->ent);
	OPENSSL_free(j->bucket);
	pthread_mutex_destroy(&j->mu);
	OPENSSL_free(j);
}

/* A cache of max entries with one reference, or NULL (out of memory). */
static struct join_cache *
join_cache_new(size_t max)
{
	struct join_cache *j = OPENSSL_zalloc(sizeof(*j));

	if (j == NULL)
		return NULL;
	if (pthread_mutex_init(&j->mu, NULL) != 0) {
		OPENSSL_free(j);
		return NULL;
	}
	atomic_init(&j->refs, 1);
	if (join_cache_arrays(j, max) != 0) {
		join_cache_unref(j);
		return NULL;
	}
	return j;
}

static int join_ladder; /* join_debug_ladder */

void
join_debug_ladder(int on)
{
	join_ladder = on;
}

/* The sender's context of a token whose ephemeral key comes from ikm,
 * and its enc: on the combs, or by OpenSSL's ladder when j has none. */
static int
join_encap(struct join_sealer *j, const uint8_t ikm[HMAC256_LEN],
    uint8_t enc[HPKE_ENC_LEN], struct hpke_ctx **hc, struct phi_err *e)
{
	uint8_t sk[X25519_LEN], dh[X25519_LEN];
	int rc;

	if (j->rcp == NULL)
		return hpke_setup_sender_derand(j->pub, HPKE_AEAD_AES256GCM,
		    join_info, sizeof(join_info) - 1, ikm, HMAC256_LEN, enc, hc,
		    e);
	if (hpke_derive_secret(ikm, HMAC256_LEN, sk) != 0) {
		OPENSSL_cleanse(sk, sizeof(sk));
		*hc = NULL;
		return phi_err_set(
		    e, PHI_ESOFTWARE, "HPKE: key derivation failed");
	}
	x25519_comb_mul2(j->base, j->rcp, sk, enc, dh);
	rc = hpke_setup_sender_dh(enc, j->pkr, dh, HPKE_AEAD_AES256GCM,
	    join_info, sizeof(join_info) - 1, hc, e);
	OPENSSL_cleanse(sk, sizeof(sk));
	OPENSSL_cleanse(dh, sizeof(dh));
	return rc;
}

/* enc and a sealed block of one fixed ikm, on j's combs or (ladder) by
 * OpenSSL; c is ct || tag. */
static int
join_probe(struct join_sealer *j, struct x25519_comb *rcp,
    uint8_t enc[HPKE_ENC_LEN], uint8_t c[16 + HPKE_TAG_LEN], struct phi_err *e)
{
	static const uint8_t ikm[HMAC256_LEN] = {0x5a}, pt[16];
	struct hpke_ctx *hc = NULL;
	struct x25519_comb *keep = j->rcp;
	int rc;

	j->rcp = rcp;
	if ((rc = join_encap(j, ikm, enc, &hc, e)) == PHI_OK)
		rc = hpke_seal(hc, 0, NULL, 0, pt, sizeof(pt), c, e);
	j->rcp = keep;
	hpke_ctx_free(hc);
	return rc;
}

/* j's combs: the base point's and the recipient key's, checked once
 * against OpenSSL's ladder (a fault of the arithmetic would make tokens
 * nobody can open).  A key with no comb keeps the ladder. */
static int
join_combs(struct join_sealer *j, struct phi_err *e)
{
	uint8_t e1[HPKE_ENC_LEN], e2[HPKE_ENC_LEN], c1[32], c2[32];
	size_t len = X25519_LEN;
	enum x25519_status st;
	struct x25519_comb *rcp;
	int rc;

	if (EVP_PKEY_get_raw_public_key(j->pub, j->pkr, &len) != 1 ||
	    len != X25519_LEN)
		return phi_err_set(
		    e, PHI_EKEY, "join tokens need an X25519 public key");
	if (join_ladder ||
	    (st = x25519_comb_new(j->pkr, &rcp)) == X25519_NO_COMB)
		return PHI_OK;
	if (st != X25519_OK)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	rc = PHI_OK;
	if ((j->base = x25519_comb_base()) == NULL)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (rc == PHI_OK && (rc = join_probe(j, NULL, e1, c1, e)) == PHI_EDATA)
		rc = phi_err_set(e, PHI_EKEY,
		    "join tokens: the recipient's public key is a low-order point, no key (make one with phi-keygen)");
	if (rc == PHI_OK && (rc = join_probe(j, rcp, e2, c2, e)) == PHI_OK &&
	    (memcmp(e1, e2, sizeof(e1)) != 0 ||
	        memcmp(c1, c2, sizeof(c1)) != 0))
		rc = phi_err_set(e, PHI_ESOFTWARE,
		    "join tokens: X25519 on combs differs from OpenSSL's (a fault of this build)");
	if (rc == PHI_OK)
		j->rcp = rcp;
	else
		x25519_comb_free(rcp);
	return rc;
}

/* A sealer of pub under secret: its own buffers, the cache c (a
 * reference taken; NULL: none). */
static int
join_sealer_make(struct join_sealer **out, EVP_PKEY *pub,
    const uint8_t secret[JOIN_SECRET_LEN], struct join_cache *c,
    struct phi_err *e)
{
	struct join_sealer *j;
	int rc;

	*out = NULL;
	if ((j = OPENSSL_zalloc(sizeof(*j))) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((rc = key_id(pub, j->kid, e)) != PHI_OK)
		goto out;
	rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (EVP_PKEY_up_ref(pub) != 1)
		goto out;
	j->pub = pub;
	if ((rc = join_combs(j, e)) != PHI_OK)
		goto out;
	rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	memcpy(j->secret, secret, JOIN_SECRET_LEN);
	if (c != NULL) {
		atomic_fetch_add(&c->refs, 1);
		j->c = c;
	}
	if (buf_append(&j->in, JOIN_LABEL, JOIN_LABEL_LEN) != 0 ||
	    buf_append(&j->in, j->kid, KEY_ID_LEN) != 0)
		goto out;
	*out = j;
	j = NULL;
	rc = PHI_OK;
out:
	join_sealer_free(j);
	return rc;
}

int
join_sealer_new(struct join_sealer **out, EVP_PKEY *pub,
    const uint8_t secret[JOIN_SECRET_LEN], size_t cache, struct phi_err *e)
{
	struct join_cache *c = NULL;
	int rc;

	*out = NULL;
	if (cache > 0 && (c = join_cache_new(cache)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	rc = join_sealer_make(out, pub, secret, c, e);
	join_cache_unref(c); /* the sealer holds it now, if made */
	return rc;
}

int
join_sealer_fork(
    const struct join_sealer *j, struct join_sealer **out, struct phi_err *e)
{
	return join_sealer_make(out, j->pub, j->secret, j->c, e);
}

/* The entry of the padded plaintext p[0..n) of hash h, or JOIN_NIL. */
static uint32_t
join_cache_find(
    const struct join_cache *j, uint64_t h, const uint8_t *p, size_t n)
{
	uint32_t i = j->bucket[hash_fold(h) & (j->nbucket - 1)];

	while (i != JOIN_NIL &&
	    (j->ent[i].h != h || j->ent[i].ptlen != n ||
	        memcmp(j->ent[i].d, p, n) != 0))
		i = j->ent[i].chain;
	return i;
}

static void
join_list_unlink(struct join_cache *j, uint32_t i)
{
	struct join_ent *x = &j->ent[i];

	if (x->prev != JOIN_NIL)
		j->ent[x->prev].next = x->next;
	else
		j->head = x->next;
	if (x->next != JOIN_NIL)
		j->ent[x->next].prev = x->prev;
	else
		j->tail = x->prev;
}

static void
join_list_front(struct join_cache *j, uint32_t i)
{
	j->ent[i].prev = JOIN_NIL;
	j->ent[i].next = j->head;
	if (j->head != JOIN_NIL)
		j->ent[j->head].prev = i;
	j->head = i;
	if (j->tail == JOIN_NIL)
		j->tail = i;
}

/* Takes entry i out of its bucket's chain. */
static void
join_bucket_unlink(struct join_cache *j, uint32_t i)
{
	uint32_t *p = &j->bucket[hash_fold(j->ent[i].h) & (j->nbucket - 1)];

	while (*p != JOIN_NIL && *p != i)
		p = &j->ent[*p].chain;
	if (*p == i)
		*p = j->ent[i].chain;
}

/* An entry for a new value: a fresh one, or the least recently used
 * one, taken out of the list and its bucket (*evicted counts those). */
static uint32_t
join_cache_slot(struct join_cache *j, uint64_t *evicted)
{
	uint32_t i;

	if (j->n < j->max)
		return j->n++;
	i = j->tail;
	join_list_unlink(j, i);
	join_bucket_unlink(j, i);
	(*evicted)++;
	return i;
}

/* Keeps the token tok[0..tl) of p[0..n) (hash h); a value that cannot
 * be kept (out of memory) is simply not cached. */
static void
join_cache_put(struct join_cache *j, uint64_t h, const uint8_t *p, size_t n,
    const char *tok, size_t tl, uint64_t *evicted)
{
	uint32_t i = join_cache_slot(j, evicted), *b;
	struct join_ent *x = &j->ent[i];
	uint8_t *d;

	if (x->cap < n + tl) {
		if ((d = OPENSSL_clear_realloc(x->d, x->cap, n + tl)) == NULL) {
			/* the slot stays out of the list: give it back */
			x->ptlen = x->toklen = 0;
			x->h = 0;
			join_list_front(j, i);
			x->chain = JOIN_NIL;
			return;
		}
		x->d = d;
		x->cap = n + tl;
	}
	memcpy(x->d, p, n);
	memcpy(x->d + n, tok, tl);
	x->ptlen = n;
	x->toklen = tl;
	x->h = h;
	b = &j->bucket[hash_fold(h) & (j->nbucket - 1)];
	x->chain = *b;
	*b = i;
	join_list_front(j, i);
}

/* The cached token of p[0..n) (hash h) into out[0..tl), made the most
 * recently used; 1, or 0 when it is not in the cache. */
static int
join_cache_get(struct join_cache *c, uint64_t h, const uint8_t *p, size_t n,
    char *out, size_t tl)
{
	uint32_t i;

	pthread_mutex_lock(&c->mu);
	if ((i = join_cache_find(c, h, p, n)) != JOIN_NIL) {
		memcpy(out, c->ent[i].d + n, tl);
		join_list_unlink(c, i);
		join_list_front(c, i);
	}
	pthread_mutex_unlock(&c->mu);
	return i != JOIN_NIL;
}

/* Keeps the token just made, unless another sealer of the cache made
 * and kept it meanwhile. */
static void
join_cache_keep(struct join_sealer *j, uint64_t h, const uint8_t *p, size_t n,
    const char *tok, size_t tl)
{
	pthread_mutex_lock(&j->c->mu);
	if (join_cache_find(j->c, h, p, n) == JOIN_NIL)
		join_cache_put(j->c, h, p, n, tok, tl, &j->st.evictions);
	pthread_mutex_unlock(&j->c->mu);
}

/* The join token of the padded plaintext p[0..n) (in j->in after the
 * label and kid) into out. */
static int
join_make(struct join_sealer *j, const uint8_t *p, size_t n, char *out,
    struct phi_err *e)
{
	uint8_t ikm[HMAC256_LEN], enc[HPKE_ENC_LEN], *r;
	const struct hmac256_part in = {.p = j->in.p, .n = j->in.len};
	struct hpke_ctx *hc = NULL;
	size_t rawlen = TOKEN_HEADER_LEN + n + HPKE_TAG_LEN;
	int rc;

	j->raw.len = 0;
	if ((r = (uint8_t *)buf_reserve(&j->raw, rawlen)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (hmac256(j->secret, JOIN_SECRET_LEN, &in, 1, ikm) != 0) {
		rc = phi_err_set(e, PHI_ESOFTWARE, "HMAC-SHA256 failed");
		goto out;
	}
	if ((rc = join_encap(j, ikm, enc, &hc, e)) != PHI_OK)
		goto out;
	memcpy(r, j->kid, KEY_ID_LEN);
	memcpy(r + KEY_ID_LEN, enc, HPKE_ENC_LEN);
	be64_put(r + KEY_ID_LEN + HPKE_ENC_LEN, 0);
	if ((rc = hpke_seal(hc, 0, r, TOKEN_HEADER_LEN, p, n,
	         r + TOKEN_HEADER_LEN, e)) != PHI_OK)
		goto out;
	memcpy(out, TOKEN_PREFIX, TOKEN_PREFIX_LEN);
	b64url_encode(r, rawlen, out + TOKEN_PREFIX_LEN);
	j->st.derived++;
out:
	OPENSSL_cleanse(ikm, sizeof(ikm));
	hpke_ctx_free(hc);
	return rc;
}

int
join_seal(struct join_sealer *j, const uint8_t *pt, size_t ptlen, size_t padded,
    char *out, struct phi_err *e)
{
	size_t tl = token_text_len(padded);
	uint64_t h = 0;
	uint8_t *p;
	int rc, cached = j->c != NULL && padded <= JOIN_CACHE_VALUE_MAX;

	if (padded < ptlen)
		return phi_err_set(
		    e, PHI_ESOFTWARE, "padding shorter than value");
	if (padded > TOKEN_PLAIN_LIMIT)
		return phi_err_set(e, PHI_EDATA,
		    "value too long to encrypt (over %zu bytes)",
		    TOKEN_PLAIN_LIMIT);
	j->in.len = JOIN_PRE;
	if ((p = (uint8_t *)buf_reserve(&j->in, padded)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	memcpy(p, pt, ptlen);
	memset(p + ptlen, ' ', padded - ptlen);
	j->in.len += padded;
	if (cached)
		h = hash_mix_bytes(HASH_FNV1A_INIT, p, padded);
	if (!cached || !join_cache_get(j->c, h, p, padded, out, tl)) {
		if ((rc = join_make(j, p, padded, out, e)) != PHI_OK)
			return rc;
		if (cached)
			join_cache_keep(j, h, p, padded, out, tl);
	}
	j->st.seals++;
	return PHI_OK;
}

void
join_sealer_stats(const struct join_sealer *j, struct join_stats *st)
{
	*st = j->st;
}

void
join_sealer_free(struct join_sealer *j)
{
	if (j == NULL)
		return;
	join_cache_unref(j->c);
	x25519_comb_free(j->rcp);
	buf_free(&j->in, 1);
	buf_free(&j->raw, 0);
	EVP_PKEY_free(j->pub);
	OPENSSL_clear_free(j, sizeof(*j));
}

int
join_secret_id(const uint8_t secret[JOIN_SECRET_LEN], uint8_t id[KEY_ID_LEN],
    struct phi_err *e)
{
	uint8_t md[32];
	unsigned int mdlen = sizeof(md);
	EVP_MD_CTX *x = EVP_MD_CTX_new();
	int rc = PHI_OK;

	if (x == NULL || EVP_DigestInit_ex(x, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(x, JOIN_ID_LABEL, sizeof(JOIN_ID_LABEL) - 1) !=
	        1 ||
	    EVP_DigestUpdate(x, secret, JOIN_SECRET_LEN) != 1 ||
	    EVP_DigestFinal_ex(x, md, &mdlen) != 1)
		rc = phi_err_set(e, PHI_ESOFTWARE, "SHA-256 failed");
	else
		memcpy(id, md, KEY_ID_LEN);
	EVP_MD_CTX_free(x);
	OPENSSL_cleanse(md, sizeof(md));
	return rc;
}
