/* test_shamir - common/crypto/shamir.c: field arithmetic against FIPS-197
 * and a brute-force inverse, a known-answer split (values from an
 * independent Python implementation), every K-subset of N <= 6 shares,
 * and K - 1 shares giving another value. */
#include <string.h>

#include <openssl/rand.h>

#include "shamir.h"
#include "tap.h"

static void
test_field(void)
{
	unsigned a, b, bad_inv = 0, bad_comm = 0;

	ok(shamir_mul(0x57, 0x83) == 0xc1, "FIPS-197 4.2: {57}.{83} = {c1}");
	ok(shamir_mul(0x53, 0xca) == 0x01, "FIPS-197: {53}.{ca} = {01}");
	ok(shamir_inv(0) == 0, "inverse of 0 is 0");
	for (a = 1; a < 256; a++) {
		bad_inv += shamir_mul((uint8_t)a, shamir_inv((uint8_t)a)) != 1;
		for (b = 0; b < 256; b++)
			bad_comm += shamir_mul((uint8_t)a, (uint8_t)b) !=
			    shamir_mul((uint8_t)b, (uint8_t)a);
	}
	ok(bad_inv == 0, "a . a^-1 = 1 for every a != 0");
	ok(bad_comm == 0, "multiplication commutes");
}

static int
hex_eq(const uint8_t *p, const char *hex)
{
	char got[2 * SHAMIR_LEN + 1];
	unsigned i;

	for (i = 0; i < SHAMIR_LEN; i++)
		snprintf(got + 2 * i, 3, "%02x", p[i]);
	return strcmp(got, hex) == 0;
}

/* K = 3: secret bytes 0..31, coefficients 0x10 + b and 0xa0 + b. */
static void
test_known_answer(void)
{
	static const char *want[4] = {
	    "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf808182838485868788898a8b8c8d8e8f",
	    "9691989f8a8d8483aea9a0a7b2b5bcbba6a1a8afbabdb4b39e99909782858c8b",
	    "2621282f3a3d34331e19101702050c0b3631383f2a2d24230e09000712151c1b",
	    "aebb8491faefd0c506132c395247786d65704f5a31241b0ecdd8e7f2998cb3a6",
	};
	uint8_t sec[SHAMIR_LEN], coef[2][SHAMIR_LEN], sh[4][SHAMIR_LEN];
	uint8_t back[SHAMIR_LEN], xs[3] = {4, 2, 3}, ys[3][SHAMIR_LEN];
	struct phi_err e;
	unsigned i;

	for (i = 0; i < SHAMIR_LEN; i++) {
		sec[i] = (uint8_t)i;
		coef[0][i] = (uint8_t)(0x10 + i);
		coef[1][i] = (uint8_t)(0xa0 + i);
	}
	ok(shamir_split_with(
	       sec, (const uint8_t(*)[SHAMIR_LEN])coef, 3, 4, sh, &e) == 0,
	    "known answer: split 3 of 4");
	for (i = 0; i < 4; i++)
		ok(hex_eq(sh[i], want[i]), "known answer: share %u", i + 1);
	for (i = 0; i < 3; i++)
		memcpy(ys[i], sh[xs[i] - 1], SHAMIR_LEN);
	ok(shamir_combine(xs, (const uint8_t(*)[SHAMIR_LEN])ys, 3, back, &e) ==
	            0 &&
	        memcmp(back, sec, SHAMIR_LEN) == 0,
	    "known answer: shares 4, 2, 3 give the secret");
}

/* Combines the shares of subset mask; 1 if the secret came back. */
static int
combine_mask(const uint8_t (*sh)[SHAMIR_LEN], unsigned n, unsigned mask,
    const uint8_t *sec)
{
	uint8_t xs[8], ys[8][SHAMIR_LEN], back[SHAMIR_LEN];
	unsigned i, m = 0;
	struct phi_err e;

	for (i = 0; i < n; i++)
		if (mask & (1U << i)) {
			xs[m] = (uint8_t)(i + 1);
			memcpy(ys[m++], sh[i], SHAMIR_LEN);
		}
	if (shamir_combine(xs, (const uint8_t(*)[SHAMIR_LEN])ys, m, back, &e) !=
	    0)
		return -1;
	return memcmp(back, sec, SHAMIR_LEN) == 0;
}

/* Every K-subset restores, every (K-1)-subset gives another value. */
static void
test_subsets(void)
{
	uint8_t sec[SHAMIR_LEN], sh[6][SHAMIR_LEN];
	unsigned k, n, mask, good, bad, tried;
	struct phi_err e;

	for (n = 2; n <= 6; n++)
		for (k = 2; k <= n; k++) {
			RAND_bytes(sec, sizeof(sec));
			good = bad = tried = 0;
			if (shamir_split(sec, k, n, sh, &e) != 0) {
				ok(0, "split %u of %u", k, n);
				continue;
			}
			for (mask = 1; mask < (1U << n); mask++) {
				unsigned c = (unsigned)__builtin_popcount(mask);
				if (c == k) {
					tried++;
					good +=
					    combine_mask(sh, n, mask, sec) == 1;
				} else if (c == k - 1)
					bad +=
					    combine_mask(sh, n, mask, sec) != 0;
			}
			ok(good == tried && tried > 0,
			    "%u of %u: all %u subsets of %u restore", k, n,
			    tried, k);
			ok(bad == 0, "%u of %u: no %u shares restore", k, n,
			    k - 1);
		}
}

static void
test_refusals(void)
{
	uint8_t sec[SHAMIR_LEN] = {1}, sh[3][SHAMIR_LEN], a[SHAMIR_LEN];
	uint8_t b[SHAMIR_LEN], xs[2] = {2, 2};
	struct phi_err e;

	ok(shamir_split(sec, 1, 3, sh, &e) == PHI_EUSAGE, "K = 1 refused");
	ok(shamir_split(sec, 4, 3, sh, &e) == PHI_EUSAGE, "K > N refused");
	ok(shamir_split(sec, 2, 256, NULL, &e) == PHI_EUSAGE,
	    "N = 256 refused");
	ok(shamir_split(sec, 2, 3, sh, &e) == 0, "2 of 3");
	memcpy(a, sh[0], SHAMIR_LEN);
	ok(shamir_split(sec, 2, 3, sh, &e) == 0 &&
	        memcmp(a, sh[0], SHAMIR_LEN) != 0,
	    "two splits of one secret give other shares");
	memcpy(sh[1], sh[0], SHAMIR_LEN);
	ok(shamir_combine(xs, (const uint8_t(*)[SHAMIR_LEN])sh, 2, b, &e) ==
	        PHI_EDATA,
	    "a duplicated index is refused");
	xs[0] = 0;
	ok(shamir_combine(xs, (const uint8_t(*)[SHAMIR_LEN])sh, 2, b, &e) ==
	        PHI_EDATA,
	    "index 0 is refused");
}

int
main(void)
{
	test_field();
	test_known_answer();
	test_subsets();
	test_refusals();
	return tap_done();
}
