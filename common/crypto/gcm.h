/*
 * gcm.h - AES-256-GCM from two parts: AES-256-CTR through OpenSSL's
 * provider functions (aeadprov_stream(): AES-NI where the CPU has it)
 * and GHASH here, with the CPU's carry-less multiply (PCLMULQDQ).
 *
 *	struct gcm *g = gcm_new(key, 32);   NULL: not on this CPU or OpenSSL
 *	gcm_seal(g, nonce, aad, aadlen, pt, ptlen, ct);  ct: ptlen + 16
 *	gcm_open(g, nonce, aad, aadlen, ct, ptlen, pt);  -1: tag refused
 *	gcm_free(g);                         H and the key schedule wiped
 *
 * Why: OpenSSL 3.0's GCM gives its tag back only as a parameter, and
 * its get_ctx_params looks 8 names up with strcmp on every message: 559
 * of the 1 960 instructions of a seal on the bench events, more than
 * AES and GHASH of a 30-byte value together (callgrind).  CTR has no
 * tag to ask for.
 *
 * NIST SP 800-38D with a 96-bit nonce: J0 = nonce || 0x00000001, the
 * message is CTR from inc32(J0) and the tag GHASH_H(A, C) XOR E_K(J0),
 * with H = E_K(0^128).  CTR from J0 over 16 zero bytes then over the
 * message gives E_K(J0), then C: OpenSSL's CTR increments the low 32
 * bits (a carry above them needs 2^32 blocks from 1, which no message
 * here reaches).  Constant time: AES-NI in OpenSSL, PCLMULQDQ here, the
 * tag compared with CRYPTO_memcmp() before anything is decrypted.
 *
 * Must give EVP's AES-256-GCM bytes: aead.c takes it only after its
 * known-answer check against EVP, and test_gcm compares the two on
 * random keys, nonces, AADs and messages of every length to 300 bytes.
 */
#ifndef PHI_GCM_H
#define PHI_GCM_H

#include <stddef.h>
#include <stdint.h>

#define GCM_NONCE_LEN 12
#define GCM_TAG_LEN 16

struct gcm;

/* Does this CPU have what gcm needs (x86-64 with PCLMULQDQ, SSSE3)? */
int gcm_cpu(void);
/* A context keyed with key[0..keylen) (32 bytes), or NULL: not on this
 * CPU, OpenSSL gives no AES-256-CTR functions, or out of memory. */
struct gcm *gcm_new(const uint8_t *key, size_t keylen);
/* Seals pt[0..ptlen) into ct: ptlen bytes, then the tag.  0 or -1.
 * ct and pt may not overlap. */
int gcm_seal(struct gcm *g, const uint8_t nonce[GCM_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen,
    uint8_t *ct);
/* Opens ct (ptlen bytes, then the tag) into pt.  0, or -1 when the tag
 * is refused (then pt is not written). */
int gcm_open(struct gcm *g, const uint8_t nonce[GCM_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *ct, size_t ptlen,
    uint8_t *pt);
/* Frees g, wiped; NULL is fine. */
void gcm_free(struct gcm *g);

#endif
