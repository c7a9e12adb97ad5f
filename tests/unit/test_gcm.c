/*
 * test_gcm.c - common/crypto/gcm: AES-256-GCM from AES-256-CTR and
 * GHASH against the GCM specification's test cases 13, 14 and 16
 * (McGrew and Viega, "The Galois/Counter Mode of Operation", 2005: the
 * AES-256 cases with a 96-bit IV), and against OpenSSL's EVP AES-256-GCM
 * on random keys, nonces, AADs (sharing leading blocks, as tokens' do,
 * and not) and messages of 0 to 300 bytes and around the one-call limit;
 * a changed bit of tag, ciphertext or AAD refused with the plaintext
 * buffer untouched.  Skipped where the CPU has no PCLMULQDQ.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "gcm.h"
#include "gcmref.h"
#include "hex.h"
#include "tap.h"

#define MAXPT 5000

static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = strlen(s) / 2;

	return hex_decode(s, n, out) == 0 ? n : (size_t)-1;
}

static void
test_spec(void)
{
	static const struct {
		const char *key, *iv, *pt, *aad, *ct, *tag;
	} v[] = {
	    {"0000000000000000000000000000000000000000000000000000000000000000",
	        "000000000000000000000000", "", "", "",
	        "530f8afbc74536b9a963b4f1c4cb738b"},
	    {"0000000000000000000000000000000000000000000000000000000000000000",
	        "000000000000000000000000", "00000000000000000000000000000000",
	        "", "cea7403d4d606b6e074ec5d3baf39d18",
	        "d0d1c8a799996bf0265b98b5d48ab919"},
	    {"feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
	        "cafebabefacedbaddecaf888",
	        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	        "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	        "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	        "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	        "76fc6ece0f4e1768cddf8853bb2d551b"}};
	uint8_t key[32], iv[12], pt[64], aad[32], want[80], got[80], back[64];
	size_t i, kl, pl, al, cl;
	struct gcm *g;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		kl = unhex(v[i].key, key);
		unhex(v[i].iv, iv);
		pl = unhex(v[i].pt, pt);
		al = unhex(v[i].aad, aad);
		cl = unhex(v[i].ct, want);
		unhex(v[i].tag, want + cl);
		g = gcm_new(key, kl);
		ok(g != NULL && gcm_seal(g, iv, aad, al, pt, pl, got) == 0 &&
		        memcmp(got, want, cl + 16) == 0 &&
		        gcm_open(g, iv, aad, al, got, pl, back) == 0 &&
		        memcmp(back, pt, pl) == 0,
		    "GCM spec test case %d: ciphertext and tag, and back",
		    i == 0       ? 13
		        : i == 1 ? 14
		                 : 16);
		gcm_free(g);
	}
}

/* AADs of tokens: one of three 64-byte prefixes, cut anywhere, then
 * random bytes; so consecutive AADs share 0 to 4 leading blocks. */
static size_t
random_aad(uint8_t *aad, const uint8_t pre[3][64], unsigned r)
{
	size_t n = r % 131, cut = (r / 131) % 65;

	if (cut > n)
		cut = n;
	memcpy(aad, pre[(r / 8515) % 3], cut);
	RAND_bytes(aad + cut, (int)(n - cut));
	return n;
}

static size_t
random_len(unsigned r)
{
	return r % 10 == 0 ? 990 + r % 40 /* around GCM_ONE_CALL */
	    : r % 97 == 0  ? MAXPT
	                   : r % 301;
}

/* One message: gcm seals as EVP does and opens it (in s and in o);
 * a flipped bit is refused with pt untouched.  Bit mask of failures. */
static int
check_one(struct gcm *s, struct gcm *o, const uint8_t key[32],
    const uint8_t pre[3][64], unsigned r)
{
	static uint8_t pt[MAXPT], ct[MAXPT + 16], ref[MAXPT + 16], back[MAXPT];
	uint8_t nonce[12], aad[140];
	size_t al = random_aad(aad, pre, r), pl = random_len(r / 7), at;
	int bad = 0;

	RAND_bytes(nonce, sizeof(nonce));
	RAND_bytes(pt, (int)pl);
	if (!gcmref_seal(key, nonce, aad, al, pt, pl, ref) ||
	    gcm_seal(s, nonce, aad, al, pt, pl, ct) != 0 ||
	    memcmp(ct, ref, pl + 16) != 0)
		bad |= 1;
	if (gcm_open(o, nonce, aad, al, ct, pl, back) != 0 ||
	    memcmp(back, pt, pl) != 0 ||
	    gcm_open(s, nonce, aad, al, ct, pl, back) != 0 ||
	    memcmp(back, pt, pl) != 0)
		bad |= 2;
	at = r % (pl + 16 + al);
	if (at < pl + 16)
		ct[at] ^= (uint8_t)(1u << r % 8);
	else
		aad[at - pl - 16] ^= (uint8_t)(1u << r % 8);
	memset(back, 0xaa, pl);
	if (gcm_open(o, nonce, aad, al, ct, pl, back) != -1 ||
	    (pl > 0 && (back[0] != 0xaa || memcmp(back, back + 1, pl - 1))))
		bad |= 4;
	return bad;
}

static void
test_random(void)
{
	uint8_t key[32], pre[3][64];
	struct gcm *s, *o;
	unsigned r;
	int bad = 0, i;

	RAND_bytes(key, sizeof(key));
	RAND_bytes(&pre[0][0], sizeof(pre));
	s = gcm_new(key, sizeof(key));
	o = gcm_new(key, sizeof(key));
	ok(s != NULL && o != NULL, "two contexts of one key");
	for (i = 0; i < 4000 && s != NULL && o != NULL; i++) {
		RAND_bytes((uint8_t *)&r, sizeof(r));
		bad |= check_one(s, o, key, pre, r);
	}
	ok(!(bad & 1), "4000 random seals equal EVP's AES-256-GCM");
	ok(!(bad & 2), "and open to their plaintext, in either context");
	ok(!(bad & 4),
	    "a flipped bit of tag, ciphertext or AAD is refused, pt untouched");
	gcm_free(s);
	gcm_free(o);
}

/* An empty message and AAD given as NULL pointers, as HPKE may pass
 * them: sealed as EVP seals them, opened (UBSan checks the pointers). */
static void
test_empty(void)
{
	static const uint8_t key[32] = {1}, nonce[12] = {2};
	uint8_t ct[16], ref[16];
	struct gcm *g = gcm_new(key, sizeof(key));

	ok(g != NULL && gcmref_seal(key, nonce, NULL, 0, NULL, 0, ref) &&
	        gcm_seal(g, nonce, NULL, 0, NULL, 0, ct) == 0 &&
	        memcmp(ct, ref, 16) == 0 &&
	        gcm_open(g, nonce, NULL, 0, ct, 0, NULL) == 0,
	    "an empty message and AAD as NULL: EVP's tag, and it opens");
	gcm_free(g);
}

int
main(void)
{
	static const uint8_t key[32];

	ok(gcm_new(key, 16) == NULL, "a 16-byte key is refused");
	gcm_free(NULL);
	if (!gcm_cpu()) {
		ok(gcm_new(key, 32) == NULL,
		    "no PCLMULQDQ here: no context (the other ways are used)");
		return tap_done();
	}
	test_spec();
	test_empty();
	test_random();
	return tap_done();
}
