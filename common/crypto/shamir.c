/* shamir.c - Shamir's secret sharing over GF(2^8) (see shamir.h). */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "shamir.h"

uint8_t
shamir_mul(uint8_t a, uint8_t b)
{
	unsigned r = 0, x = a, y = b, i;

	/* shift-and-add with masks: the same instructions for every a, b */
	for (i = 0; i < 8; i++) {
		r ^= x & (0U - (y & 1U));
		y >>= 1;
		x = (x << 1) ^ (0x11bU & (0U - (x >> 7)));
	}
	return (uint8_t)r;
}

uint8_t
shamir_inv(uint8_t a)
{
	uint8_t r = 1, p = a;
	unsigned i;

	/* a^254 = a^(2+4+8+16+32+64+128): the exponent is public */
	for (i = 1; i < 8; i++) {
		p = shamir_mul(p, p);
		r = shamir_mul(r, p);
	}
	return r;
}

/* The value at x of each byte's polynomial (secret, then coef rows), by
 * Horner's rule. */
static void
shamir_eval(const uint8_t secret[SHAMIR_LEN], const uint8_t (*coef)[SHAMIR_LEN],
    unsigned k, uint8_t x, uint8_t out[SHAMIR_LEN])
{
	unsigned b, j;
	uint8_t acc;

	for (b = 0; b < SHAMIR_LEN; b++) {
		acc = 0;
		for (j = k - 1; j > 0; j--)
			acc = shamir_mul(acc, x) ^ coef[j - 1][b];
		out[b] = shamir_mul(acc, x) ^ secret[b];
	}
}

int
shamir_split_with(const uint8_t secret[SHAMIR_LEN],
    const uint8_t (*coef)[SHAMIR_LEN], unsigned k, unsigned n,
    uint8_t (*shares)[SHAMIR_LEN], struct phi_err *e)
{
	unsigned i;

	if (k < 2 || n < k || n > SHAMIR_MAX)
		return phi_err_set(e, PHI_EUSAGE,
		    "shares: need 2 <= K <= N <= %d (got %u of %u)", SHAMIR_MAX,
		    k, n);
	for (i = 0; i < n; i++)
		shamir_eval(secret, coef, k, (uint8_t)(i + 1), shares[i]);
	return PHI_OK;
}

int
shamir_split(const uint8_t secret[SHAMIR_LEN], unsigned k, unsigned n,
    uint8_t (*shares)[SHAMIR_LEN], struct phi_err *e)
{
	uint8_t(*coef)[SHAMIR_LEN] = NULL;
	size_t len = 0;
	int rc;

	if (k < 2 || n < k || n > SHAMIR_MAX)
		return shamir_split_with(secret, NULL, k, n, shares, e);
	len = (size_t)(k - 1) * SHAMIR_LEN;
	if ((coef = OPENSSL_zalloc(len)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (RAND_priv_bytes((unsigned char *)coef, (int)len) != 1) {
		rc = phi_err_set(
		    e, PHI_ESOFTWARE, "random number generator failed");
		goto out;
	}
	rc = shamir_split_with(
	    secret, (const uint8_t(*)[SHAMIR_LEN])coef, k, n, shares, e);
out:
	if (rc != PHI_OK)
		OPENSSL_cleanse(shares, (size_t)n * SHAMIR_LEN);
	OPENSSL_clear_free(coef, len);
	return rc;
}

/* The Lagrange basis value at 0 of share i: the product over j != i of
 * xs[j] / (xs[j] - xs[i]) (subtraction is xor).  Indexes are public. */
static uint8_t
shamir_basis(const uint8_t *xs, unsigned k, unsigned i)
{
	uint8_t num = 1, den = 1;
	unsigned j;

	for (j = 0; j < k; j++) {
		if (j == i)
			continue;
		num = shamir_mul(num, xs[j]);
		den = shamir_mul(den, xs[j] ^ xs[i]);
	}
	return shamir_mul(num, shamir_inv(den));
}

int
shamir_combine(const uint8_t *xs, const uint8_t (*ys)[SHAMIR_LEN], unsigned k,
    uint8_t secret[SHAMIR_LEN], struct phi_err *e)
{
	uint8_t acc[SHAMIR_LEN], l;
	unsigned i, j, b;

	if (k < 1 || k > SHAMIR_MAX)
		return phi_err_set(e, PHI_EDATA, "shares: %u shares", k);
	for (i = 0; i < k; i++) {
		if (xs[i] == 0)
			return phi_err_set(e, PHI_EDATA, "share index 0");
		for (j = i + 1; j < k; j++)
			if (xs[i] == xs[j])
				return phi_err_set(e, PHI_EDATA,
				    "share %u given twice", xs[i]);
	}
	memset(acc, 0, sizeof(acc));
	for (i = 0; i < k; i++) {
		l = shamir_basis(xs, k, i);
		for (b = 0; b < SHAMIR_LEN; b++)
			acc[b] ^= shamir_mul(l, ys[i][b]);
	}
	memcpy(secret, acc, SHAMIR_LEN);
	OPENSSL_cleanse(acc, sizeof(acc));
	return PHI_OK;
}
