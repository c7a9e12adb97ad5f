/* aead-floor FILE [REPS] - the crypto floor of phi-encrypt and phi-decrypt
 * on FILE (phi-encrypt's output): for every "phi:1:" token in it, one
 * AES-256-GCM seal and one open of a value of the same length, with a
 * 48-byte AAD, with the context reused, through the provider's own
 * cipher functions as common/crypto/aeadprov.c calls them (the fastest
 * of the ways common/crypto/aead.c knows).  Prints the token count, the
 * mean value length and the median seconds (of REPS, default 5) of all
 * the seals and of all the opens: what no filter on OpenSSL's AES-GCM
 * can go below.  Independent of libphi on purpose. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#define BATCH 4096
#define PREFIX "\"phi:1:"

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The plaintext lengths of the tokens in f, into *lens. */
static size_t
token_lengths(FILE *f, unsigned **lens)
{
	static char line[1 << 20];
	size_t n = 0, cap = 0, c;
	const char *p, *q;

	while (fgets(line, sizeof(line), f) != NULL)
		for (p = line; (p = strstr(p, PREFIX)) != NULL; p = q) {
			p += strlen(PREFIX);
			for (q = p; *q != '"' && *q != '\0'; q++)
				;
			c = (size_t)(q - p) * 3 / 4; /* decoded bytes */
			if (c < 64)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 1 << 16;
				if ((*lens = realloc(*lens, cap * 4)) == NULL)
					exit(70);
			}
			(*lens)[n++] = (unsigned)(c - 64);
		}
	return n;
}

/* The provider's own AES-256-GCM functions, called as
 * common/crypto/aeadprov.c calls them (without EVP's wrappers). */
struct aead {
	void *e, *d;
	OSSL_FUNC_cipher_encrypt_init_fn *einit;
	OSSL_FUNC_cipher_decrypt_init_fn *dinit;
	OSSL_FUNC_cipher_update_fn *update;
	OSSL_FUNC_cipher_final_fn *final;
	OSSL_FUNC_cipher_get_ctx_params_fn *get;
	OSSL_FUNC_cipher_set_ctx_params_fn *set;
	unsigned char nonce[12], aad[48];
	OSSL_PARAM tag[2];
};

static void
aead_fns(struct aead *a, const OSSL_DISPATCH *d, void *provctx)
{
	OSSL_FUNC_cipher_newctx_fn *newctx = NULL;

	for (; d->function_id != 0; d++)
		switch (d->function_id) {
		case OSSL_FUNC_CIPHER_NEWCTX:
			newctx = OSSL_FUNC_cipher_newctx(d);
			break;
		case OSSL_FUNC_CIPHER_ENCRYPT_INIT:
			a->einit = OSSL_FUNC_cipher_encrypt_init(d);
			break;
		case OSSL_FUNC_CIPHER_DECRYPT_INIT:
			a->dinit = OSSL_FUNC_cipher_decrypt_init(d);
			break;
		case OSSL_FUNC_CIPHER_UPDATE:
			a->update = OSSL_FUNC_cipher_update(d);
			break;
		case OSSL_FUNC_CIPHER_FINAL:
			a->final = OSSL_FUNC_cipher_final(d);
			break;
		case OSSL_FUNC_CIPHER_GET_CTX_PARAMS:
			a->get = OSSL_FUNC_cipher_get_ctx_params(d);
			break;
		case OSSL_FUNC_CIPHER_SET_CTX_PARAMS:
			a->set = OSSL_FUNC_cipher_set_ctx_params(d);
			break;
		}
	if (newctx == NULL || a->einit == NULL || a->dinit == NULL ||
	    a->update == NULL || a->final == NULL || a->get == NULL ||
	    a->set == NULL || (a->e = newctx(provctx)) == NULL ||
	    (a->d = newctx(provctx)) == NULL)
		exit(70);
}

static void
aead_init(struct aead *a)
{
	static const unsigned char key[32] = {1, 2, 3};
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
	const OSSL_PROVIDER *p = c != NULL ? EVP_CIPHER_get0_provider(c) : NULL;
	const OSSL_ALGORITHM *alg;
	int no_cache;

	memset(a, 0, sizeof(*a));
	memset(a->nonce, 7, sizeof(a->nonce));
	memset(a->aad, 9, sizeof(a->aad));
	alg = p != NULL ? OSSL_PROVIDER_query_operation(p, OSSL_OP_CIPHER,
	                      &no_cache)
	                : NULL;
	for (; alg != NULL && alg->algorithm_names != NULL; alg++)
		if (strncmp(alg->algorithm_names, "AES-256-GCM:", 12) == 0)
			break;
	if (alg == NULL || alg->algorithm_names == NULL)
		exit(70);
	aead_fns(a, alg->implementation, OSSL_PROVIDER_get0_provider_ctx(p));
	if (a->einit(a->e, key, 32, NULL, 0, NULL) != 1 ||
	    a->dinit(a->d, key, 32, NULL, 0, NULL) != 1)
		exit(70);
	a->tag[0] = OSSL_PARAM_construct_octet_string(
	    OSSL_CIPHER_PARAM_AEAD_TAG, NULL, 16);
	a->tag[1] = OSSL_PARAM_construct_end();
}

/* AAD, then the message, then the end. */
static void
run(struct aead *a, void *x, const unsigned char *in, unsigned len,
    unsigned char *out)
{
	size_t n;

	if (a->update(x, NULL, &n, 48, a->aad, 48) != 1 ||
	    a->update(x, out, &n, len, in, len) != 1 ||
	    a->final(x, out + len, &n, 0) != 1)
		exit(70);
}

static void
seal(struct aead *a, const unsigned char *pt, unsigned len, unsigned char *ct)
{
	if (a->einit(a->e, NULL, 0, a->nonce, 12, NULL) != 1)
		exit(70);
	run(a, a->e, pt, len, ct);
	a->tag[0].data = ct + len;
	if (a->get(a->e, a->tag) != 1)
		exit(70);
}

static void
open_one(
    struct aead *a, const unsigned char *ct, unsigned len, unsigned char *pt)
{
	a->tag[0].data = (void *)(ct + len);
	if (a->dinit(a->d, NULL, 0, a->nonce, 12, NULL) != 1 ||
	    a->set(a->d, a->tag) != 1)
		exit(70);
	run(a, a->d, ct, len, pt);
}

/* One pass over all lengths in batches: seal a batch, then open it.
 * Adds the time spent sealing and opening to *ts and *to. */
static void
pass(struct aead *a, const unsigned *lens, size_t n, unsigned char *buf,
    unsigned char *pt, double *ts, double *to)
{
	size_t i, j, off;
	double t0, t1, t2;

	for (i = 0; i < n; i += BATCH) {
		size_t m = n - i < BATCH ? n - i : BATCH;

		t0 = now();
		for (j = 0, off = 0; j < m; off += lens[i + j] + 16, j++) {
			a->nonce[11] = (unsigned char)j;
			seal(a, pt, lens[i + j], buf + off);
		}
		t1 = now();
		for (j = 0, off = 0; j < m; off += lens[i + j] + 16, j++) {
			a->nonce[11] = (unsigned char)j;
			open_one(a, buf + off, lens[i + j], pt);
		}
		t2 = now();
		*ts += t1 - t0;
		*to += t2 - t1;
	}
}

/* Room for the largest batch of ciphertexts, and for one plaintext. */
static void
room(const unsigned *lens, size_t n, unsigned char **buf, unsigned char **pt)
{
	size_t i, batch = 0, most = 0, longest = 0;

	for (i = 0; i < n; i++) {
		if (i % BATCH == 0)
			batch = 0;
		batch += lens[i] + 16;
		most = batch > most ? batch : most;
		longest = lens[i] > longest ? lens[i] : longest;
	}
	if ((*buf = malloc(most + 1)) == NULL ||
	    (*pt = calloc(1, longest + 1)) == NULL)
		exit(70);
}

int
main(int argc, char **argv)
{
	FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
	int reps = argc > 2 ? atoi(argv[2]) : 5, r;
	unsigned *lens = NULL;
	unsigned char *buf, *pt;
	size_t n, i, total = 0;
	double ts[64], to[64];
	struct aead a;

	if (f == NULL || reps < 1 || reps > 64) {
		fprintf(stderr, "usage: aead-floor FILE [REPS]\n");
		return 64;
	}
	n = token_lengths(f, &lens);
	fclose(f);
	for (i = 0; i < n; i++)
		total += lens[i];
	room(lens, n, &buf, &pt);
	aead_init(&a);
	for (r = 0; r < reps; r++) {
		ts[r] = to[r] = 0;
		pass(&a, lens, n, buf, pt, &ts[r], &to[r]);
	}
	qsort(ts, (size_t)reps, sizeof(ts[0]), cmp_double);
	qsort(to, (size_t)reps, sizeof(to[0]), cmp_double);
	printf("%zu %.1f %.3f %.3f\n", n, n ? (double)total / (double)n : 0.0,
	    ts[reps / 2], to[reps / 2]);
	return 0;
}
