/*
 * fuzz_share.c - libFuzzer harness for the key share parser (share.h):
 * the input is a share file's text, PEM or words form, or a sealed
 * ("PHI ENCRYPTED KEY SHARE") one.
 *
 * Checks: share_decode gives 0 or PHI_EKEY; a share it reads has
 * 2 <= K <= N and an index in 1..N, and encodes, in both forms, to text
 * that reads back as the same share; a sealed one reads with its share
 * bytes unknown (zero) and a scrypt cost within kdfcost.h's limits
 * (it is not opened here: a derivation takes up to 288 MiB and a
 * second); share_sniff says "share" of every input that reads; no
 * message holds 12 characters of a PEM body line (unless they are words
 * of the messages themselves).
 */
#include <string.h>

#include "kdfcost.h"
#include "share.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
share_same(const struct share *a, const struct share *b)
{
	return memcmp(a->kid, b->kid, KEY_ID_LEN) == 0 && a->k == b->k &&
	    a->n == b->n && a->index == b->index &&
	    memcmp(a->y, b->y, SHAMIR_LEN) == 0;
}

static void
round_trip(const struct share *s, enum share_armor armor)
{
	struct buf b = BUF_INIT;
	struct share t;
	struct phi_err e;

	fuzz_check(share_encode(s, armor, &b, &e) == PHI_OK, "share_encode");
	fuzz_check(share_decode("again", b.p, b.len, &t, &e) == PHI_OK,
	    "an encoded share does not read back");
	fuzz_check(share_same(s, &t), "a share read back differs");
	buf_free(&b, 1);
}

/* The first line after "-----\n" (PEM body), if 12 characters long. */
static const char *
pem_body(const char *s, size_t size)
{
	const char *h = NULL;
	size_t i;

	for (i = 0; i + 6 <= size && h == NULL; i++)
		if (memcmp(s + i, "-----\n", 6) == 0)
			h = s + i + 6;
	if (h == NULL || (size_t)(s + size - h) < 12 ||
	    memchr(h, '\n', 12) != NULL)
		return NULL;
	return h;
}

/* The fixed text of share.c's messages about a PEM share. */
static const char templates[] =
    "damaged share: not a valid \"" SHARE_LABEL "\" PEM block; "
    "its checksum does not match; bytes, not; share version; this "
    "phi-keygen reads version; index, of needed; " SHARE_SEALED_LABEL
    "; key derivation too costly (scrypt N=2^ r= p=; limits: N*r*p 2^22, "
    "288 MiB); bad key derivation parameters";

/* A sealed share read: y unknown, cost within the limits. */
static void
sealed_check(const struct share *s)
{
	static const uint8_t zero[SHAMIR_LEN];
	unsigned lg = s->box[0], r = s->box[1], p = s->box[2];

	fuzz_check(memcmp(s->y, zero, SHAMIR_LEN) == 0,
	    "a sealed share has its bytes before it is opened");
	fuzz_check(lg >= 1 && lg <= 22 && r >= 1 && p >= 1 &&
	        ((uint64_t)1 << lg) * r * p <= KDF_SCRYPT_WORK_MAX,
	    "a sealed share's scrypt cost is beyond the limits");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *body;
	struct phi_err e;
	struct share s;
	int rc;

	rc = share_decode("in", text, size, &s, &e);
	fuzz_check(rc == PHI_OK || rc == PHI_EKEY, "share_decode status");
	if (rc != PHI_OK) {
		body = pem_body(text, size);
		/* the messages' own words may be what the body holds */
		if (body != NULL && memmem(templates, strlen(templates), body,
		                        12) != NULL)
			body = NULL;
		fuzz_check(body == NULL || strstr(e.msg, "damaged") == NULL ||
		        memmem(e.msg, strlen(e.msg), body, 12) == NULL,
		    "a message holds share text");
		return 0;
	}
	fuzz_check(share_sniff(text, size) == 1, "read but not sniffed");
	fuzz_check(s.k >= 2 && s.n >= s.k && s.index >= 1 && s.index <= s.n,
	    "K, N or index out of range");
	if (s.sealed) {
		sealed_check(&s);
		return 0;
	}
	round_trip(&s, SHARE_PEM);
	round_trip(&s, SHARE_WORDS);
	return 0;
}
