/*
 * hmac256.h - HMAC-SHA256 (RFC 2104) over a message given in parts, and
 * HKDF-SHA256 (RFC 5869) built on it, on SHA-256 fetched once a process.
 *
 * Why not HMAC() or EVP_KDF "HKDF": in OpenSSL 3.0 both look the
 * algorithm and SHA-256 up in the provider store on every call (locks,
 * hash tables, string compares), which was most of the cost of a short
 * MAC and a third of a join token's set-up (ten HKDF steps per token).
 * Nor EVP_MAC: a context copied from a template still allocates and
 * sets up three digest contexts a MAC.  Here HMAC is RFC 2104 itself,
 * two plain digests on one context: 0.39 us a MAC of 80 bytes against
 * 2.16 through EVP_MAC.  The RFC vectors in test_hmac256 (RFC 4231, with
 * a key longer than a block) pin the results.
 *
 * A part list is an array of {pointer, length}; a part of length 0 may
 * have a NULL pointer.  Functions return 0, or -1 when OpenSSL failed
 * (out of memory); they are safe to call from several threads at once.
 */
#ifndef PHI_HMAC256_H
#define PHI_HMAC256_H

#include <stddef.h>
#include <stdint.h>

#define HMAC256_LEN 32
#define HMAC256_EXPAND_MAX (255 * HMAC256_LEN) /* HKDF-Expand's longest */

struct hmac256_part {
	const void *p;
	size_t n;
};

/* out = HMAC-SHA256(key, parts[0] || ... || parts[nparts - 1]).  An
 * empty key is HMAC's all-zero key (as HKDF-Extract's absent salt). */
int hmac256(const uint8_t *key, size_t keylen, const struct hmac256_part *parts,
    size_t nparts, uint8_t out[HMAC256_LEN]);

/* HKDF-Extract(salt, ikm), the ikm given in parts: HMAC(salt, ikm). */
int hmac256_extract(const uint8_t *salt, size_t saltlen,
    const struct hmac256_part *ikm, size_t nparts, uint8_t prk[HMAC256_LEN]);

/* HKDF-Expand(prk, info, L) for 1 <= L <= HMAC256_EXPAND_MAX, the info
 * given in parts (at most 8). */
int hmac256_expand(const uint8_t prk[HMAC256_LEN],
    const struct hmac256_part *info, size_t nparts, uint8_t *out, size_t L);

#endif
