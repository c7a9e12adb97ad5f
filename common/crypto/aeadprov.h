/*
 * aeadprov.h - one AEAD message at a time through the provider's own
 * cipher functions: what EVP_EncryptInit_ex2(), EVP_EncryptUpdate() and
 * EVP_EncryptFinal_ex() call, called without EVP's wrappers around them.
 *
 *	struct aeadprov *a = aeadprov_new(cipher, key, 32, 1);
 *	aeadprov_seal(a, nonce, aad, aadlen, pt, ptlen, ct);  ct: ptlen + 16
 *	aeadprov_free(a);                                     key wiped
 *
 * Why: for a value of 30 bytes, EVP's wrappers (the IV set as a
 * parameter, looked up by name among every parameter the cipher knows)
 * are a fifth of a seal: 2 283 instructions a seal through EVP, 1 841
 * here (callgrind, AES-256-GCM, 48-byte AAD, OpenSSL 3.0).  The
 * functions are found by the cipher's name in its provider's algorithm
 * list (OSSL_PROVIDER_query_operation(), public API; their signatures are
 * the provider ABI of core_dispatch.h, stable across OpenSSL 3 versions).
 *
 * This path must give the bytes EVP gives: the caller (hpke.c) takes it
 * only after a known-answer check against EVP, and uses EVP otherwise.
 * Only AEADs whose tag is the "tag" parameter (AES-GCM, ChaCha20-Poly1305)
 * fit; ct and pt may not overlap.  No function here leaves an error on
 * OpenSSL's queue on success; a refused tag is -1 like any failure.
 */
#ifndef PHI_AEADPROV_H
#define PHI_AEADPROV_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define AEADPROV_NONCE_LEN 12
#define AEADPROV_TAG_LEN 16

struct aeadprov;

/* A context keyed with key[0..keylen) to seal (enc 1) or open (enc 0)
 * with cipher's implementation; NULL when its provider does not give the
 * functions by its name, or on a failure (then use EVP). */
struct aeadprov *aeadprov_new(
    EVP_CIPHER *cipher, const uint8_t *key, size_t keylen, int enc);
/* Seals pt[0..ptlen) into ct: ptlen bytes, then the tag.  0 or -1. */
int aeadprov_seal(struct aeadprov *a, const uint8_t nonce[AEADPROV_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen,
    uint8_t *ct);
/* Opens ct (ptlen bytes, then the tag) into pt.  0, or -1 (a refused
 * tag among them; pt is not wiped here). */
int aeadprov_open(struct aeadprov *a, const uint8_t nonce[AEADPROV_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *ct, size_t ptlen,
    uint8_t *pt);
/* For a stream cipher (AES-256-CTR, made with enc 1): XORs the key
 * stream over in[0..len) into out, from iv[0..ivlen) (the counter block)
 * or, iv NULL, from where the last call stopped.  0 or -1. */
int aeadprov_stream(struct aeadprov *a, const uint8_t *iv, size_t ivlen,
    const uint8_t *in, size_t len, uint8_t *out);
/* Frees a (the provider wipes its key); NULL is fine. */
void aeadprov_free(struct aeadprov *a);

#endif
