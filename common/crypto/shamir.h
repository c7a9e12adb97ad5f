/*
 * shamir.h - Shamir's secret sharing of a 32-byte secret (a raw X25519
 * private key) over GF(2^8), the field of AES: polynomial
 * x^8 + x^4 + x^3 + x + 1 (0x11b), one polynomial per secret byte.
 *
 * Share i (1..n) holds the value at x = i of each byte's polynomial of
 * degree k - 1, whose constant term is the secret byte and whose other
 * k - 1 coefficients come from OpenSSL's private DRBG (RAND_priv_bytes).
 * Any k shares give the secret back (Lagrange interpolation at x = 0);
 * fewer give a value independent of it.
 *
 * The field arithmetic is constant-time: no branch and no table indexed
 * by secret data (multiplication is a loop of masks, an inverse is
 * x^254).  Every intermediate holding secret data is wiped
 * (OPENSSL_cleanse) before return, on every path.
 */
#ifndef PHI_SHAMIR_H
#define PHI_SHAMIR_H

#include <stdint.h>

#include "phierr.h"

#define SHAMIR_LEN 32  /* bytes of secret and of each share */
#define SHAMIR_MAX 255 /* shares of one secret (x = 1..255) */

/* The product of a and b in GF(2^8), in constant time. */
uint8_t shamir_mul(uint8_t a, uint8_t b);

/* The inverse of a (a^254; 0 for 0), in constant time. */
uint8_t shamir_inv(uint8_t a);

/* Splits secret into n shares, any k of them enough (2 <= k <= n <= 255):
 * shares[i] is the share of index i + 1.  PHI_EUSAGE for a bad k or n,
 * PHI_ESOFTWARE when the DRBG fails. */
int shamir_split(const uint8_t secret[SHAMIR_LEN], unsigned k, unsigned n,
    uint8_t (*shares)[SHAMIR_LEN], struct phi_err *e);

/* The split with the given coefficients: coef[j][b] is the coefficient of
 * x^(j + 1) of byte b's polynomial (k - 1 rows).  For known-answer tests;
 * shamir_split draws them. */
int shamir_split_with(const uint8_t secret[SHAMIR_LEN],
    const uint8_t (*coef)[SHAMIR_LEN], unsigned k, unsigned n,
    uint8_t (*shares)[SHAMIR_LEN], struct phi_err *e);

/* The secret of k shares: xs[i] is the index (1..255) of share ys[i].
 * Indexes must be distinct and not 0 (PHI_EDATA otherwise); k >= 1.
 * With fewer shares than the split needed the result is another value:
 * the caller checks it (the key id). */
int shamir_combine(const uint8_t *xs, const uint8_t (*ys)[SHAMIR_LEN],
    unsigned k, uint8_t secret[SHAMIR_LEN], struct phi_err *e);

#endif
