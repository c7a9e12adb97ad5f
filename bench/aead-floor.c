/* aead-floor FILE [REPS] - the crypto floor of phi-encrypt and phi-decrypt
 * on FILE (phi-encrypt's output): for every "phi:1:" token in it, one
 * AES-256-GCM seal and one open of a value of the same length, with a
 * 48-byte AAD, through EVP with the context reused and the nonce and tag
 * set as common/crypto/hpke.c sets them.  Prints the token count, the mean value
 * length and the median seconds (of REPS, default 5) of all the seals and
 * of all the opens: what no EVP-based filter can go below.  Independent
 * of libphi on purpose. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

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

struct aead {
	EVP_CIPHER_CTX *e, *d;
	unsigned char nonce[12], aad[48], tag[16];
	OSSL_PARAM iv[2], tag_out[2], tag_iv[3];
};

static void
aead_init(struct aead *a)
{
	static const unsigned char key[32] = {1, 2, 3};
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);

	memset(a->nonce, 7, sizeof(a->nonce));
	memset(a->aad, 9, sizeof(a->aad));
	a->e = EVP_CIPHER_CTX_new();
	a->d = EVP_CIPHER_CTX_new();
	if (c == NULL || a->e == NULL || a->d == NULL ||
	    EVP_EncryptInit_ex(a->e, c, NULL, key, a->nonce) != 1 ||
	    EVP_DecryptInit_ex(a->d, c, NULL, key, a->nonce) != 1)
		exit(70);
	EVP_CIPHER_free(c);
	a->iv[0] = OSSL_PARAM_construct_octet_string(
	    OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED, a->nonce, (size_t)-1);
	a->iv[1] = OSSL_PARAM_construct_end();
	a->tag_out[0] = OSSL_PARAM_construct_octet_string(
	    OSSL_CIPHER_PARAM_AEAD_TAG, NULL, 16);
	a->tag_out[1] = a->iv[1];
	a->tag_iv[0] = a->tag_out[0];
	a->tag_iv[1] = a->iv[0];
	a->tag_iv[2] = a->iv[1];
}

static void
seal(struct aead *a, const unsigned char *pt, unsigned len, unsigned char *ct)
{
	int n;

	if (EVP_CIPHER_CTX_set_params(a->e, a->iv) != 1 ||
	    EVP_EncryptUpdate(a->e, NULL, &n, a->aad, 48) != 1 ||
	    EVP_EncryptUpdate(a->e, ct, &n, pt, (int)len) != 1 ||
	    EVP_EncryptFinal_ex(a->e, ct + n, &n) != 1)
		exit(70);
	a->tag_out[0].data = ct + len;
	if (EVP_CIPHER_CTX_get_params(a->e, a->tag_out) != 1)
		exit(70);
}

static void
open_one(
    struct aead *a, const unsigned char *ct, unsigned len, unsigned char *pt)
{
	int n;

	a->tag_iv[0].data = (void *)(ct + len);
	if (EVP_CIPHER_CTX_set_params(a->d, a->tag_iv) != 1 ||
	    EVP_DecryptUpdate(a->d, NULL, &n, a->aad, 48) != 1 ||
	    EVP_DecryptUpdate(a->d, pt, &n, ct, (int)len) != 1 ||
	    EVP_DecryptFinal_ex(a->d, pt + n, &n) != 1)
		exit(70);
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
