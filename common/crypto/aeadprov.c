/* aeadprov.c - AEAD messages through the provider's cipher functions
 * (see aeadprov.h). */
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/provider.h>

#include "aeadprov.h"

/* The functions of one cipher implementation. */
struct aeadprov_fns {
	const OSSL_PROVIDER *looked_in;
	const OSSL_PROVIDER *prov; /* NULL: it has none by that name */
	char name[32];             /* as EVP_CIPHER_get0_name() gives it */
	OSSL_FUNC_cipher_newctx_fn *newctx;
	OSSL_FUNC_cipher_freectx_fn *freectx;
	OSSL_FUNC_cipher_encrypt_init_fn *einit;
	OSSL_FUNC_cipher_decrypt_init_fn *dinit;
	OSSL_FUNC_cipher_update_fn *update;
	OSSL_FUNC_cipher_final_fn *final;
	OSSL_FUNC_cipher_get_ctx_params_fn *get_params;
	OSSL_FUNC_cipher_set_ctx_params_fn *set_params;
};

struct aeadprov {
	const struct aeadprov_fns *f;
	void *pctx; /* the provider's context, keyed */
	/* built once: OSSL_PARAM_construct_*() return structures by value */
	OSSL_PARAM tag[2];
};

/* Looked up once a process for each cipher name (two AEADs at most). */
static pthread_mutex_t fns_mu = PTHREAD_MUTEX_INITIALIZER;
static struct aeadprov_fns fns_seen[4];
static size_t fns_n;

/* Is name one of the colon-separated names in list? */
static int
name_in(const char *name, const char *list)
{
	size_t n = strlen(name), k;
	const char *c;

	while (list != NULL && *list != '\0') {
		c = strchr(list, ':');
		k = c != NULL ? (size_t)(c - list) : strlen(list);
		if (k == n && strncasecmp(list, name, n) == 0)
			return 1;
		list = c != NULL ? c + 1 : NULL;
	}
	return 0;
}

/* Fills f's functions from the dispatch table d; 1 when all are there. */
static int
fns_fill(struct aeadprov_fns *f, const OSSL_DISPATCH *d)
{
	for (; d->function_id != 0; d++)
		switch (d->function_id) {
		case OSSL_FUNC_CIPHER_NEWCTX:
			f->newctx = OSSL_FUNC_cipher_newctx(d);
			break;
		case OSSL_FUNC_CIPHER_FREECTX:
			f->freectx = OSSL_FUNC_cipher_freectx(d);
			break;
		case OSSL_FUNC_CIPHER_ENCRYPT_INIT:
			f->einit = OSSL_FUNC_cipher_encrypt_init(d);
			break;
		case OSSL_FUNC_CIPHER_DECRYPT_INIT:
			f->dinit = OSSL_FUNC_cipher_decrypt_init(d);
			break;
		case OSSL_FUNC_CIPHER_UPDATE:
			f->update = OSSL_FUNC_cipher_update(d);
			break;
		case OSSL_FUNC_CIPHER_FINAL:
			f->final = OSSL_FUNC_cipher_final(d);
			break;
		case OSSL_FUNC_CIPHER_GET_CTX_PARAMS:
			f->get_params = OSSL_FUNC_cipher_get_ctx_params(d);
			break;
		case OSSL_FUNC_CIPHER_SET_CTX_PARAMS:
			f->set_params = OSSL_FUNC_cipher_set_ctx_params(d);
			break;
		}
	return f->newctx != NULL && f->freectx != NULL && f->einit != NULL &&
	    f->dinit != NULL && f->update != NULL && f->final != NULL &&
	    f->get_params != NULL && f->set_params != NULL;
}

/* The functions of name in prov, looked up (f->prov NULL: none). */
static void
fns_lookup(struct aeadprov_fns *f, const OSSL_PROVIDER *prov, const char *name)
{
	const OSSL_ALGORITHM *alg, *a;
	int no_cache = 0;

	*f = (struct aeadprov_fns){.looked_in = prov};
	memcpy(f->name, name, strlen(name) + 1); /* fits: fns_of() */
	alg = OSSL_PROVIDER_query_operation(prov, OSSL_OP_CIPHER, &no_cache);
	for (a = alg; a != NULL && a->algorithm_names != NULL; a++)
		if (name_in(name, a->algorithm_names)) {
			if (fns_fill(f, a->implementation))
				f->prov = prov;
			break;
		}
	if (alg != NULL)
		OSSL_PROVIDER_unquery_operation(prov, OSSL_OP_CIPHER, alg);
}

/* cipher's functions, or NULL. */
static const struct aeadprov_fns *
fns_of(EVP_CIPHER *cipher)
{
	const OSSL_PROVIDER *prov = EVP_CIPHER_get0_provider(cipher);
	const char *name = EVP_CIPHER_get0_name(cipher);
	const struct aeadprov_fns *out = NULL;
	size_t i;

	if (prov == NULL || name == NULL ||
	    strlen(name) >= sizeof(fns_seen[0].name))
		return NULL;
	pthread_mutex_lock(&fns_mu);
	for (i = 0; i < fns_n; i++)
		if (strcmp(fns_seen[i].name, name) == 0 &&
		    fns_seen[i].looked_in == prov)
			break;
	if (i == fns_n && fns_n < sizeof(fns_seen) / sizeof(fns_seen[0]))
		fns_lookup(&fns_seen[fns_n++], prov, name);
	if (i < fns_n && fns_seen[i].prov != NULL)
		out = &fns_seen[i];
	pthread_mutex_unlock(&fns_mu);
	return out;
}

struct aeadprov *
aeadprov_new(EVP_CIPHER *cipher, const uint8_t *key, size_t keylen, int enc)
{
	const struct aeadprov_fns *f = fns_of(cipher);
	struct aeadprov *a;
	int ok;

	if (f == NULL || (a = OPENSSL_zalloc(sizeof(*a))) == NULL)
		return NULL;
	a->f = f;
	a->tag[0] = OSSL_PARAM_construct_octet_string(
	    OSSL_CIPHER_PARAM_AEAD_TAG, NULL, AEADPROV_TAG_LEN);
	a->tag[1] = OSSL_PARAM_construct_end();
	a->pctx = f->newctx(OSSL_PROVIDER_get0_provider_ctx(f->prov));
	ok = a->pctx != NULL &&
	    (enc ? f->einit(a->pctx, key, keylen, NULL, 0, NULL)
	         : f->dinit(a->pctx, key, keylen, NULL, 0, NULL)) == 1;
	if (!ok) {
		aeadprov_free(a);
		return NULL;
	}
	return a;
}

/* AAD, then the message: outl per update must be what went in. */
static int
aeadprov_run(struct aeadprov *a, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, uint8_t *out)
{
	const struct aeadprov_fns *f = a->f;
	size_t n = 0, m = 0;

	if (aadlen > 0 &&
	    (f->update(a->pctx, NULL, &n, aadlen, aad, aadlen) != 1 ||
	        n != aadlen))
		return -1;
	if (len > 0 &&
	    (f->update(a->pctx, out, &n, len, in, len) != 1 || n != len))
		return -1;
	/* a stream AEAD writes nothing at the end; its outsize is 0 */
	return f->final(a->pctx, out + len, &m, 0) == 1 && m == 0 ? 0 : -1;
}

int
aeadprov_seal(struct aeadprov *a, const uint8_t nonce[AEADPROV_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen,
    uint8_t *ct)
{
	if (a->f->einit(a->pctx, NULL, 0, nonce, AEADPROV_NONCE_LEN, NULL) !=
	        1 ||
	    aeadprov_run(a, aad, aadlen, pt, ptlen, ct) != 0)
		return -1;
	a->tag[0].data = ct + ptlen;
	return a->f->get_params(a->pctx, a->tag) == 1 ? 0 : -1;
}

int
aeadprov_open(struct aeadprov *a, const uint8_t nonce[AEADPROV_NONCE_LEN],
    const uint8_t *aad, size_t aadlen, const uint8_t *ct, size_t ptlen,
    uint8_t *pt)
{
	a->tag[0].data = (uint8_t *)(ct + ptlen);
	if (a->f->dinit(a->pctx, NULL, 0, nonce, AEADPROV_NONCE_LEN, NULL) !=
	        1 ||
	    a->f->set_params(a->pctx, a->tag) != 1)
		return -1;
	return aeadprov_run(a, aad, aadlen, ct, ptlen, pt);
}

int
aeadprov_stream(struct aeadprov *a, const uint8_t *iv, size_t ivlen,
    const uint8_t *in, size_t len, uint8_t *out)
{
	size_t n = 0;

	if (iv != NULL && a->f->einit(a->pctx, NULL, 0, iv, ivlen, NULL) != 1)
		return -1;
	return a->f->update(a->pctx, out, &n, len, in, len) == 1 && n == len
	    ? 0
	    : -1;
}

void
aeadprov_free(struct aeadprov *a)
{
	if (a == NULL)
		return;
	if (a->pctx != NULL)
		a->f->freectx(a->pctx);
	OPENSSL_clear_free(a, sizeof(*a));
}
