/*
 * x25519ref.h - OpenSSL's X25519 as the reference that test_x25519 and
 * fuzz_x25519 check common/x25519's combs against.
 */
#ifndef PHI_X25519REF_H
#define PHI_X25519REF_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* X25519(k, u) by OpenSSL's ladder into out; 0, or -1 when OpenSSL
 * refuses (an all-zero result, or no memory). */
static int
ossl_x25519(const uint8_t k[32], const uint8_t u[32], uint8_t out[32])
{
	EVP_PKEY *sk =
	    EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, k, 32);
	EVP_PKEY *pk =
	    EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, u, 32);
	EVP_PKEY_CTX *c = sk != NULL ? EVP_PKEY_CTX_new(sk, NULL) : NULL;
	size_t len = 32;
	int rc = -1;

	if (pk != NULL && c != NULL && EVP_PKEY_derive_init(c) == 1 &&
	    EVP_PKEY_derive_set_peer(c, pk) == 1 &&
	    EVP_PKEY_derive(c, out, &len) == 1 && len == 32)
		rc = 0;
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pk);
	EVP_PKEY_free(sk);
	return rc;
}

#endif
