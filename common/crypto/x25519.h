/*
 * x25519.h - X25519 (RFC 7748) of one fixed point by many secret scalars,
 * through a precomputed comb: the two Diffie-Hellman operations of a join
 * token (enc = X25519(skE, 9) and dh = X25519(skE, pkR)) are both of a
 * point fixed for the whole run.
 *
 * Why not OpenSSL: EVP_PKEY_derive runs the Montgomery ladder (255 steps
 * of a point doubling and addition), and EVP_PKEY_new_raw_private_key
 * computes the public key with 32-bit field arithmetic; with the EVP
 * objects around them they were 80 % of a join token's cost.  A comb of
 * the point (832 precomputed multiples, in the twisted Edwards form of
 * the curve, 104 KiB) needs 52 additions and no doubling instead, with
 * 64-bit limbs (radix 2^51), and one inversion (safegcd.h).  The
 * answer is X25519's exactly: the Edwards and Montgomery forms are the
 * same group, and u = (1 + y) / (1 - y).
 *
 * Contract.  x25519_comb_mul(c, k, out) writes X25519(k, u) for the u
 * the comb was made of: k is clamped as RFC 7748 says, u's top bit is
 * ignored and u is taken modulo p, a result at infinity is all zero.  It
 * runs in time independent of k (no branch or memory index depends on
 * it) and wipes k's digits and the points and fractions it keeps; like
 * ref10 it leaves the point formulas' temporaries on the stack.  A u that has
 * no point on the curve itself (a point of the twist, or u = p - 1) has no
 * comb, nor has any u in a build whose compiler lacks 128-bit integers (32-bit
 * targets): x25519_comb_new says X25519_NO_COMB and the caller uses
 * OpenSSL's ladder.  test_x25519 checks the RFC 7748 vectors, and
 * random scalars and points (2 000 of each kind, X25519_TEST_N) against
 * OpenSSL.
 */
#ifndef PHI_X25519_H
#define PHI_X25519_H

#include <stdint.h>

#define X25519_LEN 32

enum x25519_status {
	X25519_OK = 0,
	X25519_NOMEM = -1,  /* out of memory */
	X25519_NO_COMB = 1, /* no comb of u here: use a ladder */
};

struct x25519_comb;

/* The u-coordinate of the base point, 9. */
extern const uint8_t x25519_base_u[X25519_LEN];

/* A comb of the point u into *out (NULL unless X25519_OK). */
enum x25519_status x25519_comb_new(
    const uint8_t u[X25519_LEN], struct x25519_comb **out);

/* The comb of the base point, made once a process (thread-safe) and
 * never freed; NULL when there was no memory for it. */
const struct x25519_comb *x25519_comb_base(void);

/* out = X25519(k, u of c). */
void x25519_comb_mul(const struct x25519_comb *c, const uint8_t k[X25519_LEN],
    uint8_t out[X25519_LEN]);

/* out1 = X25519(k, u of c1) and out2 = X25519(k, u of c2), with one
 * inversion for both: a join token's enc and DH. */
void x25519_comb_mul2(const struct x25519_comb *c1,
    const struct x25519_comb *c2, const uint8_t k[X25519_LEN],
    uint8_t out1[X25519_LEN], uint8_t out2[X25519_LEN]);

/* Frees c (NULL is fine).  A comb holds only public points. */
void x25519_comb_free(struct x25519_comb *c);

#endif
