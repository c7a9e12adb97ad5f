/*
 * gcmref.h - AES-256-GCM through OpenSSL's plain EVP calls, the
 * reference test_gcm and test_fastpath check the faster ways against.
 */
#ifndef PHI_GCMREF_H
#define PHI_GCMREF_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* Seals pt[0..ptlen) under key and nonce into ct: ptlen bytes, then
 * the 16-byte tag.  1, or 0 when EVP fails. */
static int
gcmref_seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
    size_t aadlen, const uint8_t *pt, size_t ptlen, uint8_t *ct)
{
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int n, ok;

	ok = x != NULL &&
	    EVP_EncryptInit_ex(x, EVP_aes_256_gcm(), NULL, key, nonce) == 1 &&
	    (aadlen == 0 ||
	        EVP_EncryptUpdate(x, NULL, &n, aad, (int)aadlen) == 1) &&
	    EVP_EncryptUpdate(x, ct, &n, pt, (int)ptlen) == 1 &&
	    EVP_EncryptFinal_ex(x, ct + n, &n) == 1 &&
	    EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_GET_TAG, 16, ct + ptlen) == 1;
	EVP_CIPHER_CTX_free(x);
	return ok;
}

#endif
