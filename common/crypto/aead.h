/*
 * aead.h - HPKE's AEAD one message at a time, on a context keyed once:
 * AES-256-GCM or ChaCha20-Poly1305 from OpenSSL 3.0, a nonce a message.
 *
 *	struct aead *a = aead_new(cipher, key, 32, 1);     1 seals, 0 opens
 *	aead_seal(a, nonce, aad, aadlen, pt, ptlen, ct);   ct: ptlen + 16
 *	aead_free(a);                                      key wiped
 *
 * Four ways to the same bytes.  For a short value the cost is in the
 * calls around the cipher, not in it: OpenSSL 3.0 looks every parameter
 * it knows up by name (strcmp) on every IV and tag set through EVP.
 * - AEAD_EVP: EVP_EncryptInit_ex() with the nonce, the tag controls.
 *   The slow path, and the reference the others must equal.
 * - AEAD_IV_PARAM (AES-GCM): EVP with the whole nonce as the TLS
 *   "fixed IV" parameter of length -1 (EVP_CTRL_GCM_SET_IV_FIXED with
 *   -1, there since OpenSSL 1.0.1): one set_params call, and an open sets
 *   nonce and tag in one.
 * - AEAD_PROVIDER: the provider's own functions (aeadprov.h), what EVP
 *   calls, without EVP's wrappers: 1 841 instructions a 32-byte seal with
 *   a 48-byte AAD against 2 283 for AEAD_IV_PARAM (callgrind).
 * - AEAD_CLMUL (AES-256-GCM on x86-64 with PCLMULQDQ): AES-256-CTR by
 *   the provider's functions and GHASH here (gcm.h), which asks for no
 *   tag parameter.
 * Once a process and cipher, a known-answer check with a fixed test key
 * compares each fast way with AEAD_EVP (two seals, an open, a refused
 * bad tag, an open after it, an empty message); the fastest that passes
 * is taken for every context of that cipher.
 */
#ifndef PHI_AEAD_H
#define PHI_AEAD_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define AEAD_NONCE_LEN 12
#define AEAD_TAG_LEN 16

enum aead_path { AEAD_EVP, AEAD_IV_PARAM, AEAD_PROVIDER, AEAD_CLMUL };

struct aead;

/* A context keyed with key[0..keylen) to seal (enc 1) or open (enc 0)
 * with cipher (an AEAD with a 12-byte nonce and a 16-byte tag), or NULL
 * (out of memory, or OpenSSL refused the key). */
struct aead *aead_new(
    EVP_CIPHER *cipher, const uint8_t *key, size_t keylen, int enc);
/* Seals pt[0..ptlen) into ct: ptlen bytes, then the tag.  0 or -1.
 * ptlen and aadlen are at most INT_MAX (EVP's int lengths). */
int aead_seal(struct aead *a, const uint8_t nonce[AEAD_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen,
    uint8_t *ct);
/* Opens ct (ptlen bytes, then the tag) into pt.  0, or -1 when the tag
 * is refused (pt is not wiped here). */
int aead_open(struct aead *a, const uint8_t nonce[AEAD_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *ct, size_t ptlen,
    uint8_t *pt);
/* The way a takes. */
enum aead_path aead_path_of(const struct aead *a);
void aead_free(struct aead *a);

/* FOR TESTS ONLY: contexts made from now on take path (when it works
 * for the cipher; AEAD_EVP always does), -1 the fastest again. */
void aead_debug_force(int path);

#endif
