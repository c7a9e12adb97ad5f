/*
 * test_hmac256.c - common/crypto/hmac256: HMAC-SHA256 against RFC 4231's
 * test cases 1, 2, 3 and 6 (a key longer than a block), HKDF
 * against RFC 5869's test cases 1, 2 and 3 (the absent salt), a message
 * in several parts equal to the same bytes in one, and the refused
 * lengths of HKDF-Expand.
 */
#include <string.h>

#include "hex.h"
#include "hmac256.h"
#include "tap.h"

/* hex (at most 400 bytes of binary) into b; its length */
static size_t
unhex(const char *hex, uint8_t *b)
{
	size_t n = strlen(hex) / 2, i;
	unsigned v;

	for (i = 0; i < n; i++) {
		sscanf(hex + 2 * i, "%2x", &v);
		b[i] = (uint8_t)v;
	}
	return n;
}

static int
same(const uint8_t *got, const char *want_hex, size_t n)
{
	uint8_t w[400];

	return unhex(want_hex, w) == n && memcmp(got, w, n) == 0;
}

static void
test_rfc4231(void)
{
	static const struct {
		const char *key, *data, *mac;
	} v[] = {
	    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
	        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
	    {"4a656665",
	        "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
	    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	        "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	        "dddddddddddddddddddddddddddddddddddd",
	        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
	    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	     "aaaaaa",
	        "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
	        "65204b6579202d2048617368204b6579204669727374",
	        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
	};
	uint8_t key[200], data[200], mac[HMAC256_LEN];
	size_t i, kl, dl;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct hmac256_part p;

		kl = unhex(v[i].key, key);
		dl = unhex(v[i].data, data);
		p = (struct hmac256_part){.p = data, .n = dl};
		ok(hmac256(key, kl, &p, 1, mac) == 0 &&
		        same(mac, v[i].mac, HMAC256_LEN),
		    "RFC 4231 HMAC-SHA256 vector %zu", i + 1);
	}
}

static void
test_parts(void)
{
	static const char msg[] = "what do ya want for nothing?";
	const struct hmac256_part one = {.p = msg, .n = sizeof(msg) - 1};
	const struct hmac256_part three[] = {
	    {.p = msg, .n = 4},
	    {.p = NULL, .n = 0},
	    {.p = msg + 4, .n = sizeof(msg) - 5},
	};
	uint8_t a[HMAC256_LEN], b[HMAC256_LEN], z[HMAC256_LEN] = {0};

	ok(hmac256((const uint8_t *)"Jefe", 4, &one, 1, a) == 0 &&
	        hmac256((const uint8_t *)"Jefe", 4, three, 3, b) == 0 &&
	        memcmp(a, b, sizeof(a)) == 0,
	    "a message in parts (one empty) MACs as the same bytes in one");
	ok(hmac256(NULL, 0, &one, 1, a) == 0 &&
	        hmac256(z, sizeof(z), &one, 1, b) == 0 &&
	        memcmp(a, b, sizeof(a)) == 0,
	    "an empty key is the all-zero key");
}

static void
test_rfc5869(void)
{
	static const struct {
		const char *ikm, *salt, *info, *prk, *okm;
	} v[] = {
	    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
	        "f0f1f2f3f4f5f6f7f8f9",
	        "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
	        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
	        "34007208d5b887185865"},
	    {"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	     "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	     "404142434445464748494a4b4c4d4e4f",
	        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	        "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
	        "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
	        "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
	        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
	        "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
	        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
	        "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
	        "cc30c58179ec3e87c14c01d5c1f3434f1d87"},
	    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "",
	        "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
	        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
	        "9d201395faa4b61a96c8"},
	};
	uint8_t ikm[200], salt[200], info[200], prk[HMAC256_LEN], okm[200];
	size_t i, il, sl, nl, ol;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct hmac256_part a, b;

		il = unhex(v[i].ikm, ikm);
		sl = unhex(v[i].salt, salt);
		nl = unhex(v[i].info, info);
		ol = strlen(v[i].okm) / 2;
		a = (struct hmac256_part){.p = ikm, .n = il};
		b = (struct hmac256_part){.p = info, .n = nl};
		ok(hmac256_extract(salt, sl, &a, 1, prk) == 0 &&
		        same(prk, v[i].prk, HMAC256_LEN),
		    "RFC 5869 test case %zu: PRK", i + 1);
		ok(hmac256_expand(prk, &b, 1, okm, ol) == 0 &&
		        same(okm, v[i].okm, ol),
		    "RFC 5869 test case %zu: OKM (%zu bytes)", i + 1, ol);
	}
	ok(hmac256_expand(prk, NULL, 0, okm, 0) == -1 &&
	        hmac256_expand(prk, NULL, 0, okm, HMAC256_EXPAND_MAX + 1) == -1,
	    "HKDF-Expand refuses L = 0 and L > 255 x 32");
}

int
main(void)
{
	test_rfc4231();
	test_parts();
	test_rfc5869();
	return tap_done();
}
