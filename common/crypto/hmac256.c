/* hmac256.c - HMAC-SHA256 and HKDF-SHA256 with one fetch a process (see
 * hmac256.h). */
#include <pthread.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "hmac256.h"

/* The keyless template every MAC copies: HMAC with its digest set.
 * Never freed: it lives as long as the process. */
static EVP_MAC_CTX *hmac_template;
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;

static void
hmac_template_make(void)
{
	OSSL_PARAM p[2];
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *c = mac != NULL ? EVP_MAC_CTX_new(mac) : NULL;

	p[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
	p[1] = OSSL_PARAM_construct_end();
	if (c != NULL && EVP_MAC_CTX_set_params(c, p) != 1) {
		EVP_MAC_CTX_free(c);
		c = NULL;
	}
	EVP_MAC_free(mac); /* the context holds its own reference */
	hmac_template = c;
}

int
hmac256(const uint8_t *key, size_t keylen, const struct hmac256_part *parts,
    size_t nparts, uint8_t out[HMAC256_LEN])
{
	static const uint8_t zero[HMAC256_LEN];
	EVP_MAC_CTX *c = NULL;
	size_t i, outlen = 0;
	int rc = -1;

	pthread_once(&hmac_once, hmac_template_make);
	/* a key of 0 bytes is a block of zeros, as is one of 32 zeros (and
	 * OpenSSL takes a NULL key as "keep the old one") */
	if (keylen == 0) {
		key = zero;
		keylen = sizeof(zero);
	}
	if (hmac_template == NULL ||
	    (c = EVP_MAC_CTX_dup(hmac_template)) == NULL ||
	    EVP_MAC_init(c, key, keylen, NULL) != 1)
		goto out;
	for (i = 0; i < nparts; i++)
		if (parts[i].n > 0 &&
		    EVP_MAC_update(c, parts[i].p, parts[i].n) != 1)
			goto out;
	if (EVP_MAC_final(c, out, &outlen, HMAC256_LEN) == 1 &&
	    outlen == HMAC256_LEN)
		rc = 0;
out:
	EVP_MAC_CTX_free(c);
	return rc;
}

int
hmac256_extract(const uint8_t *salt, size_t saltlen,
    const struct hmac256_part *ikm, size_t nparts, uint8_t prk[HMAC256_LEN])
{
	return hmac256(salt, saltlen, ikm, nparts, prk);
}

int
hmac256_expand(const uint8_t prk[HMAC256_LEN], const struct hmac256_part *info,
    size_t nparts, uint8_t *out, size_t L)
{
	/* T(i) = HMAC(prk, T(i-1) || info || i), T(0) empty */
	struct hmac256_part q[10];
	uint8_t t[HMAC256_LEN], ctr = 0;
	size_t done = 0, k;
	int rc = 0;

	if (L == 0 || L > HMAC256_EXPAND_MAX || nparts > 8)
		return -1;
	memcpy(q + 1, info, nparts * sizeof(*info));
	q[nparts + 1] = (struct hmac256_part){.p = &ctr, .n = 1};
	while (rc == 0 && done < L) {
		q[0] =
		    (struct hmac256_part){.p = t, .n = ctr > 0 ? sizeof(t) : 0};
		ctr++;
		if ((rc = hmac256(prk, HMAC256_LEN, q, nparts + 2, t)) != 0)
			break;
		k = L - done < sizeof(t) ? L - done : sizeof(t);
		memcpy(out + done, t, k);
		done += k;
	}
	OPENSSL_cleanse(t, sizeof(t));
	return rc;
}
