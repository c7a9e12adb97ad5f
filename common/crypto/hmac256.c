/* hmac256.c - HMAC-SHA256 and HKDF-SHA256 with one fetch a process (see
 * hmac256.h). */
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "hmac256.h"

#define HMAC_BLOCK 64 /* SHA-256's block */

/* SHA-256, fetched once a process; never freed. */
static EVP_MD *hmac_md;
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;

static void
hmac_md_fetch(void)
{
	hmac_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

/* out = SHA-256(pad || parts), on c (reinitialised). */
static int
hmac_digest(EVP_MD_CTX *c, const uint8_t pad[HMAC_BLOCK],
    const struct hmac256_part *parts, size_t nparts, uint8_t *out)
{
	size_t i;

	if (EVP_DigestInit_ex2(c, hmac_md, NULL) != 1 ||
	    EVP_DigestUpdate(c, pad, HMAC_BLOCK) != 1)
		return -1;
	for (i = 0; i < nparts; i++)
		if (parts[i].n > 0 &&
		    EVP_DigestUpdate(c, parts[i].p, parts[i].n) != 1)
			return -1;
	return EVP_DigestFinal_ex(c, out, NULL) == 1 ? 0 : -1;
}

/* RFC 2104 on two plain digests: H(K ^ opad || H(K ^ ipad || m)), a
 * key longer than a block hashed first. */
int
hmac256(const uint8_t *key, size_t keylen, const struct hmac256_part *parts,
    size_t nparts, uint8_t out[HMAC256_LEN])
{
	uint8_t k[HMAC_BLOCK] = {0}, pad[HMAC_BLOCK], inner[HMAC256_LEN];
	const struct hmac256_part in = {.p = inner, .n = sizeof(inner)};
	EVP_MD_CTX *c;
	size_t i;
	int rc = -1;

	pthread_once(&hmac_once, hmac_md_fetch);
	if (hmac_md == NULL || (c = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (keylen > HMAC_BLOCK) {
		if (EVP_DigestInit_ex2(c, hmac_md, NULL) != 1 ||
		    EVP_DigestUpdate(c, key, keylen) != 1 ||
		    EVP_DigestFinal_ex(c, k, NULL) != 1)
			goto out;
	} else if (keylen > 0)
		memcpy(k, key, keylen);
	for (i = 0; i < HMAC_BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	if (hmac_digest(c, pad, parts, nparts, inner) != 0)
		goto out;
	for (i = 0; i < HMAC_BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	rc = hmac_digest(c, pad, &in, 1, out);
out:
	EVP_MD_CTX_free(c);
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(pad, sizeof(pad));
	OPENSSL_cleanse(inner, sizeof(inner));
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
