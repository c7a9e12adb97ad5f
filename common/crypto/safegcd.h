/*
 * safegcd.h - inversion modulo p = 2^255 - 19 in constant time, by
 * Bernstein and Yang's divsteps ("Fast constant-time gcd computation and
 * modular inversion", 2019), for x25519.c's combs.
 *
 * Why: a join token's two X25519s end in one field inversion, which by
 * Fermat (z^(p - 2): 254 squarings, 11 multiplications, one long chain
 * of dependent steps) was a sixth of a derived token.  590 divsteps in
 * ten batches of 59, each batch applied to 62-bit limbs as one 2x2
 * matrix, do the same work in fewer, independent multiplications.
 *
 * Contract.  safegcd_inv25519(out, in) writes in^-1 mod p (out may be
 * in), 32 bytes little-endian and fully reduced, for in given the same
 * way and below p (0 gives 0).  Its time and memory accesses do not
 * depend on in: no branch and no index on its bits.  Without 128-bit
 * integers safegcd_available() is 0 and the function writes zeros (as
 * x25519.c, which then has no combs, never calls it).
 *
 * The layout (signed 62-bit limbs; the modulus as -19 + 128 * 2^248, so
 * that three of its limbs are zero; the scaled matrices) follows the
 * explanation that comes with libsecp256k1 (doc/safegcd_implementation.md,
 * MIT licence), whose 256-bit bound of 590 divsteps covers p.
 * tests/unit/test_safegcd.c checks it against OpenSSL's BN_mod_inverse.
 */
#ifndef PHI_SAFEGCD_H
#define PHI_SAFEGCD_H

#include <stdint.h>

int safegcd_available(void);

void safegcd_inv25519(uint8_t out[32], const uint8_t in[32]);

#endif
