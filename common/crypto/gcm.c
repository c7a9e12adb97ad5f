/* gcm.c - AES-256-GCM as AES-256-CTR (OpenSSL) and GHASH (PCLMULQDQ);
 * see gcm.h. */
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "aeadprov.h"
#include "gcm.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define GCM_X86 1
#include <immintrin.h>
#else
#define GCM_X86 0
#endif

#define GCM_PRE 4 /* leading AAD blocks whose GHASH state is kept */

struct gcm {
	struct aeadprov *ctr; /* AES-256-CTR, keyed */
	/* H = E_K(0^128), its bytes reversed as the multiply wants them */
	_Alignas(16) uint8_t h[16];
	/* the first npre whole blocks of the last AAD, and the GHASH state
	 * after each (gcm_absorb_aad()) */
	_Alignas(16) uint8_t pre[GCM_PRE][16];
	_Alignas(16) uint8_t prex[GCM_PRE][16];
	size_t npre;
};

static const uint8_t gcm_zero[16];

/* Messages up to this many bytes go through CTR in one call, copied
 * into a buffer on the stack behind 16 zero bytes (nearly every value:
 * padded values are at most 256 bytes up to a 240-byte text). */
#define GCM_ONE_CALL 1008

/* AES-256-CTR, fetched once a process (as hpke.c fetches its AEADs). */
static EVP_CIPHER *ctr_cipher;
static pthread_once_t ctr_once = PTHREAD_ONCE_INIT;

static void
ctr_fetch(void)
{
	ctr_cipher = EVP_CIPHER_fetch(NULL, "AES-256-CTR", NULL);
}

#if GCM_X86
#define GCM_CLMUL __attribute__((target("pclmul,ssse3")))

int
gcm_cpu(void)
{
	return __builtin_cpu_supports("pclmul") &&
	    __builtin_cpu_supports("ssse3");
}

/* The 16 bytes of x in reverse order: GHASH's bit order is reflected,
 * and the multiply below works on the reversed block. */
GCM_CLMUL static __m128i
gcm_swap(__m128i x)
{
	return _mm_shuffle_epi8(x,
	    _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

/* lo:hi ^= a * b carry-less, both reversed (gcm_swap): the four
 * products of the 64-bit halves, not yet reduced.  (Four products
 * summed and reduced once, with H^4..H, cost as many instructions here
 * as four reduced each: tried and dropped.) */
GCM_CLMUL __attribute__((always_inline)) static inline void
gcm_clmul(__m128i a, __m128i b, __m128i *lo, __m128i *hi)
{
	__m128i mid = _mm_xor_si128(
	    _mm_clmulepi64_si128(a, b, 0x10), _mm_clmulepi64_si128(a, b, 0x01));

	*lo = _mm_xor_si128(*lo,
	    _mm_xor_si128(
	        _mm_clmulepi64_si128(a, b, 0x00), _mm_slli_si128(mid, 8)));
	*hi = _mm_xor_si128(*hi,
	    _mm_xor_si128(
	        _mm_clmulepi64_si128(a, b, 0x11), _mm_srli_si128(mid, 8)));
}

/* hi:lo mod x^128 + x^7 + x^2 + x + 1: shifted left by one (the
 * reflection), then reduced in two phases.  Intel's "Carry-Less
 * Multiplication and Its Usage for Computing the GCM Mode" (Gueron and
 * Kounavis, 2014), its gfmul after the products. */
GCM_CLMUL __attribute__((always_inline)) static inline __m128i
gcm_reduce(__m128i lo, __m128i hi)
{
	__m128i c1 = _mm_srli_epi32(lo, 31), c2 = _mm_srli_epi32(hi, 31),
	        c3 = _mm_srli_si128(c1, 12), t;

	lo = _mm_or_si128(_mm_slli_epi32(lo, 1), _mm_slli_si128(c1, 4));
	hi = _mm_or_si128(
	    _mm_or_si128(_mm_slli_epi32(hi, 1), _mm_slli_si128(c2, 4)), c3);
	t = _mm_xor_si128(
	    _mm_xor_si128(_mm_slli_epi32(lo, 31), _mm_slli_epi32(lo, 30)),
	    _mm_slli_epi32(lo, 25));
	c1 = _mm_srli_si128(t, 4);
	lo = _mm_xor_si128(lo, _mm_slli_si128(t, 12));
	t = _mm_xor_si128(
	    _mm_xor_si128(_mm_srli_epi32(lo, 1), _mm_srli_epi32(lo, 2)),
	    _mm_xor_si128(_mm_srli_epi32(lo, 7), c1));
	return _mm_xor_si128(hi, _mm_xor_si128(lo, t));
}

/* a * b in GF(2^128), both reversed. */
GCM_CLMUL static __m128i
gcm_mul(__m128i a, __m128i b)
{
	__m128i lo = _mm_setzero_si128(), hi = lo;

	gcm_clmul(a, b, &lo, &hi);
	return gcm_reduce(lo, hi);
}

/* x = (x ^ block) * h for each 16-byte block of p[0..n), the last one
 * padded with zeros. */
GCM_CLMUL static __m128i
gcm_absorb(__m128i x, __m128i h, const uint8_t *p, size_t n)
{
	uint8_t last[16] = {0};

	for (; n >= 16; p += 16, n -= 16)
		x = gcm_mul(_mm_xor_si128(x,
		                gcm_swap(_mm_loadu_si128((const __m128i *)p))),
		    h);
	if (n > 0) {
		memcpy(last, p, n);
		x = gcm_mul(
		    _mm_xor_si128(
		        x, gcm_swap(_mm_loadu_si128((const __m128i *)last))),
		    h);
	}
	return x;
}

/* gcm_absorb() of the AAD from 0, starting after the leading whole
 * blocks it shares with the last AAD (a token's AAD starts with its
 * key id and encapsulated key, the same for every token of a context);
 * the state after each of its first GCM_PRE blocks kept for the next. */
GCM_CLMUL static __m128i
gcm_absorb_aad(struct gcm *g, __m128i h, const uint8_t *aad, size_t n)
{
	size_t full = n / 16 < GCM_PRE ? n / 16 : GCM_PRE, k = 0;
	__m128i x = _mm_setzero_si128(), b;

	if (n == 0) /* aad may be NULL then */
		return x;
	while (k < full && k < g->npre &&
	    _mm_movemask_epi8(
	        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(aad + 16 * k)),
	            _mm_load_si128((const __m128i *)g->pre[k]))) == 0xffff)
		k++;
	if (k > 0)
		x = _mm_load_si128((const __m128i *)g->prex[k - 1]);
	for (; k < full; k++) {
		b = _mm_loadu_si128((const __m128i *)(aad + 16 * k));
		x = gcm_mul(_mm_xor_si128(x, gcm_swap(b)), h);
		_mm_store_si128((__m128i *)g->pre[k], b);
		_mm_store_si128((__m128i *)g->prex[k], x);
	}
	g->npre = full;
	return gcm_absorb(x, h, aad + 16 * full, n - 16 * full);
}

/* tag = GHASH_H(aad, c) XOR mask (E_K(J0)). */
GCM_CLMUL static void
gcm_tag(struct gcm *g, const uint8_t *aad, size_t aadlen, const uint8_t *c,
    size_t clen, const uint8_t mask[16], uint8_t tag[16])
{
	__m128i h = _mm_load_si128((const __m128i *)g->h), x;
	/* lengths in bits: hpke.c keeps both under INT_MAX bytes */
	uint64_t abits = (uint64_t)aadlen * 8, cbits = (uint64_t)clen * 8;

	x = gcm_absorb_aad(g, h, aad, aadlen);
	x = gcm_absorb(x, h, c, clen);
	/* the lengths in bits, 64 bits each, A's first: reversed, C's is
	 * the low half */
	x = gcm_mul(_mm_xor_si128(
	                x, _mm_set_epi64x((long long)abits, (long long)cbits)),
	    h);
	x = _mm_xor_si128(gcm_swap(x), _mm_loadu_si128((const __m128i *)mask));
	_mm_storeu_si128((__m128i *)tag, x);
}

/* g->h from H = E_K(0^128). */
GCM_CLMUL static void
gcm_set_h(struct gcm *g, const uint8_t h[16])
{
	_mm_store_si128(
	    (__m128i *)g->h, gcm_swap(_mm_loadu_si128((const __m128i *)h)));
}
#else
int
gcm_cpu(void)
{
	return 0;
}

static void
gcm_tag(struct gcm *g, const uint8_t *aad, size_t aadlen, const uint8_t *c,
    size_t clen, const uint8_t mask[16], uint8_t tag[16])
{
	(void)g, (void)aad, (void)aadlen, (void)c, (void)clen, (void)mask;
	memset(tag, 0, 16); /* never called: gcm_new() gives no context */
}

static void
gcm_set_h(struct gcm *g, const uint8_t h[16])
{
	(void)g, (void)h;
}
#endif

struct gcm *
gcm_new(const uint8_t *key, size_t keylen)
{
	struct gcm *g;
	uint8_t h[16];
	int ok;

	if (keylen != 32 || !gcm_cpu())
		return NULL;
	pthread_once(&ctr_once, ctr_fetch);
	if (ctr_cipher == NULL || (g = OPENSSL_zalloc(sizeof(*g))) == NULL)
		return NULL;
	ok = (g->ctr = aeadprov_new(ctr_cipher, key, keylen, 1)) != NULL &&
	    aeadprov_stream(g->ctr, gcm_zero, 16, gcm_zero, 16, h) == 0;
	if (ok)
		gcm_set_h(g, h);
	OPENSSL_cleanse(h, sizeof(h));
	if (!ok) {
		gcm_free(g);
		return NULL;
	}
	return g;
}

/* J0: the nonce, then a 32-bit counter of 1. */
static void
gcm_j0(const uint8_t nonce[GCM_NONCE_LEN], uint8_t j0[16])
{
	memset(j0, 0, 16);
	memcpy(j0, nonce, GCM_NONCE_LEN);
	j0[15] = 1;
}

/* CTR from J0 over 16 zero bytes, then over in[0..len) (len at most
 * GCM_ONE_CALL): one call to OpenSSL; E_K(J0), then the message XOR its
 * stream, into out (len + 16 bytes).  The slow path it must equal is
 * gcm_ctr_two(). */
static int
gcm_ctr_one(struct gcm *g, const uint8_t nonce[GCM_NONCE_LEN],
    const uint8_t *in, size_t len, uint8_t *out)
{
	uint8_t j0[16];

	gcm_j0(nonce, j0);
	memset(out, 0, 16);
	if (len > 0) /* in may be NULL then */
		memcpy(out + 16, in, len);
	return aeadprov_stream(g->ctr, j0, sizeof(j0), out, len + 16, out);
}

/* The same in two calls, E_K(J0) into mask and the rest into out, for
 * messages of any length. */
static int
gcm_ctr_two(struct gcm *g, const uint8_t nonce[GCM_NONCE_LEN],
    const uint8_t *in, size_t len, uint8_t mask[16], uint8_t *out)
{
	uint8_t j0[16];

	gcm_j0(nonce, j0);
	if (aeadprov_stream(g->ctr, j0, sizeof(j0), gcm_zero, 16, mask) != 0)
		return -1;
	return len == 0 ? 0 : aeadprov_stream(g->ctr, NULL, 0, in, len, out);
}

int
gcm_seal(struct gcm *g, const uint8_t nonce[GCM_NONCE_LEN], const uint8_t *aad,
    size_t aadlen, const uint8_t *pt, size_t ptlen, uint8_t *ct)
{
	uint8_t buf[16 + GCM_ONE_CALL];
	int one = ptlen <= GCM_ONE_CALL, rc = -1;

	if (one) {
		if (gcm_ctr_one(g, nonce, pt, ptlen, buf) != 0)
			goto out;
		if (ptlen > 0)
			memcpy(ct, buf + 16, ptlen);
	} else if (gcm_ctr_two(g, nonce, pt, ptlen, buf, ct) != 0) {
		goto out;
	}
	gcm_tag(g, aad, aadlen, ct, ptlen, buf, ct + ptlen);
	rc = 0;
out:
	/* the plaintext was copied here, with E_K(J0) */
	OPENSSL_cleanse(buf, 16 + (one ? ptlen : 0));
	return rc;
}

int
gcm_open(struct gcm *g, const uint8_t nonce[GCM_NONCE_LEN], const uint8_t *aad,
    size_t aadlen, const uint8_t *ct, size_t ptlen, uint8_t *pt)
{
	uint8_t buf[16 + GCM_ONE_CALL], tag[16];
	int one = ptlen <= GCM_ONE_CALL, rc = -1;

	/* one call decrypts into buf before the tag is checked; two find
	 * E_K(J0) first and decrypt into pt after */
	if ((one ? gcm_ctr_one(g, nonce, ct, ptlen, buf)
	         : gcm_ctr_two(g, nonce, NULL, 0, buf, NULL)) != 0)
		goto out;
	gcm_tag(g, aad, aadlen, ct, ptlen, buf, tag);
	if (CRYPTO_memcmp(tag, ct + ptlen, GCM_TAG_LEN) != 0)
		goto out;
	if (!one && aeadprov_stream(g->ctr, NULL, 0, ct, ptlen, pt) != 0)
		goto out;
	if (one && ptlen > 0) /* pt may be NULL when ptlen is 0 */
		memcpy(pt, buf + 16, ptlen);
	rc = 0;
out:
	OPENSSL_cleanse(buf, 16 + (one ? ptlen : 0));
	OPENSSL_cleanse(tag, sizeof(tag));
	return rc;
}

void
gcm_free(struct gcm *g)
{
	if (g == NULL)
		return;
	aeadprov_free(g->ctr);
	OPENSSL_clear_free(g, sizeof(*g));
}
