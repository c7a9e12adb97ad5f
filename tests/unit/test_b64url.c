/*
 * test_b64url.c - every implementation of common/b64url (the public
 * functions, the scalar code, and on x86-64 the SSSE3 code, called
 * directly whatever the public functions pick) against a plain bit-by-bit
 * reference and each other: encodings of random bytes of 0..300 bytes,
 * decodings of 0..300 characters (valid, random letters, random bytes),
 * and every position of valid encodings of several lengths replaced by
 * each of the 256 byte values.  Inputs are exactly as large as the
 * contract says, so the sanitizer build catches a read past one; outputs
 * are followed by CANARY bytes that must stay as they were.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64url.h"
#include "b64url_impl.h"
#include "b64ref.h"
#include "tap.h"

struct impl {
	const char *name;
	void (*enc)(const uint8_t *in, size_t n, char *out);
	int (*dec)(const char *in, size_t n, uint8_t *out, size_t *outlen);
	int runs; /* does this CPU run it? */
};

static struct impl impls[] = {
    {"public", b64url_encode, b64url_decode, 1},
    {"scalar", b64url_encode_scalar, b64url_decode_scalar, 1},
#if B64URL_X86
    {"ssse3", b64url_encode_ssse3, b64url_decode_ssse3, 0},
#endif
};
#define NIMPL (sizeof(impls) / sizeof(impls[0]))

/* Bytes after each output that nothing may write. */
#define CANARY 32

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 32);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL) {
		perror("malloc");
		exit(1);
	}
	return p;
}

/* Room for n bytes and the canary after them, which is set. */
static void *
out_new(size_t n)
{
	uint8_t *p = xmalloc(n + CANARY);

	memset(p + n, 0xa5, CANARY);
	return p;
}

/* Is the canary after n bytes at p as it was? */
static int
out_intact(const void *p, size_t n)
{
	const uint8_t *c = (const uint8_t *)p + n;
	size_t i;

	for (i = 0; i < CANARY; i++)
		if (c[i] != 0xa5)
			return 0;
	return 1;
}

/* Encodes in[0..n) with every implementation (from an input of exactly
 * n bytes, into an output of the encoded length); the number of
 * implementations that differ from the reference or write past it. */
static int
check_encode(const uint8_t *in, size_t n)
{
	size_t len = b64url_encoded_len(n), k;
	uint8_t *copy = xmalloc(n);
	char *ref = xmalloc(len + 1), *out;
	int bad = 0;

	if (n > 0)
		memcpy(copy, in, n);
	if (ref_encode(in, n, ref) != len)
		bad++;
	for (k = 0; k < NIMPL; k++) {
		if (!impls[k].runs)
			continue;
		out = out_new(len);
		impls[k].enc(copy, n, out);
		if ((len > 0 && memcmp(out, ref, len) != 0) ||
		    !out_intact(out, len))
			bad++;
		free(out);
	}
	free(copy);
	free(ref);
	return bad;
}

/* Decodes s[0..n) with every implementation (from exactly n bytes into
 * b64url_decoded_max(n) bytes), and b64url_valid; the number that differ
 * from the reference in the verdict, the length or the bytes, or write
 * past b64url_decoded_max(n).
 * *accepted counts the inputs the reference accepts. */
static int
check_decode(const char *s, size_t n, size_t *accepted)
{
	size_t max = b64url_decoded_max(n), rlen = 0, len, k;
	uint8_t *ref = xmalloc(max), *out;
	char *copy = xmalloc(n);
	int rc = ref_decode(s, n, ref, &rlen), bad = 0;

	if (n > 0)
		memcpy(copy, s, n);
	*accepted += rc == 0;
	if (b64url_valid(copy, n) != (rc == 0))
		bad++;
	for (k = 0; k < NIMPL; k++) {
		if (!impls[k].runs)
			continue;
		out = out_new(max);
		len = (size_t)-1;
		if (impls[k].dec(copy, n, out, &len) != rc ||
		    (rc == 0 && (len != rlen || memcmp(out, ref, len) != 0)) ||
		    !out_intact(out, max))
			bad++;
		free(out);
	}
	free(ref);
	free(copy);
	return bad;
}

static void
test_encode(void)
{
	uint8_t in[301];
	size_t n, i, bad = 0, runs = 0;
	int t;

	for (n = 0; n <= 300; n++) {
		for (t = 0; t < 8; t++) {
			for (i = 0; i < n; i++)
				in[i] = (uint8_t)(t == 0 ? 0xff : rng());
			bad += (size_t)check_encode(in, n) != 0;
			runs++;
		}
	}
	ok(bad == 0,
	    "encode: %zu inputs of 0..300 bytes, every "
	    "implementation gives the reference's text (%zu differ)",
	    runs, bad);
}

/* Valid encodings of 0..300 characters: of random bytes, and the same
 * with the last character's unused bits set. */
static void
test_decode_valid(void)
{
	uint8_t in[226];
	char s[301];
	size_t n, len, i, bad = 0, acc = 0, runs = 0;
	int t;

	for (n = 0; n <= 225; n++) {
		for (t = 0; t < 8; t++) {
			for (i = 0; i < n; i++)
				in[i] = (uint8_t)rng();
			len = ref_encode(in, n, s);
			bad += (size_t)check_decode(s, len, &acc) != 0;
			runs++;
			if (len % 4 == 0)
				continue;
			/* unused bits: 4 (2 characters) or 2 (3) */
			s[len - 1] =
			    alphabet[(strchr(alphabet, s[len - 1]) - alphabet) |
			        (1 + (int)(rng() % (len % 4 == 2 ? 15 : 3)))];
			bad += (size_t)check_decode(s, len, &acc) != 0;
			runs++;
		}
	}
	ok(bad == 0 && acc == 226 * 8,
	    "decode: %zu encodings of 0..300 characters (%zu canonical), "
	    "every implementation and b64url_valid agree with the "
	    "reference (%zu differ)",
	    runs, acc, bad);
}

/* Random strings of 0..300 characters: of letters of the alphabet, and
 * of letters with a random byte here and there. */
static void
test_decode_random(void)
{
	char s[301];
	size_t n, i, bad = 0, acc = 0, runs = 0;
	int t;

	for (n = 0; n <= 300; n++) {
		for (t = 0; t < 16; t++) {
			for (i = 0; i < n; i++)
				s[i] = t < 8 || rng() % 64 != 0
				    ? alphabet[rng() % 64]
				    : (char)rng();
			bad += (size_t)check_decode(s, n, &acc) != 0;
			runs++;
		}
	}
	ok(bad == 0 && acc > 0 && acc < runs,
	    "decode: %zu random strings of 0..300 characters (%zu "
	    "accepted), every implementation and b64url_valid agree with "
	    "the reference (%zu differ)",
	    runs, acc, bad);
}

/* Every position of a valid encoding of each length, replaced by each
 * byte value. */
static void
test_decode_mutations(void)
{
	static const size_t lens[] = {2, 3, 4, 15, 16, 18, 19, 20, 22, 23, 24,
	    31, 32, 35, 36, 40, 47, 48, 52, 58, 60, 63, 64, 66, 99, 100, 140,
	    143};
	uint8_t in[120];
	char s[144];
	size_t k, i, len, bad = 0, acc = 0, runs = 0;
	int b;

	for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		for (i = 0; i < sizeof(in); i++)
			in[i] = (uint8_t)rng();
		len = ref_encode(in, lens[k] * 3 / 4, s);
		if (len != lens[k])
			bad++;
		for (i = 0; i < len; i++) {
			char keep = s[i];

			for (b = 0; b < 256; b++) {
				s[i] = (char)b;
				bad += (size_t)check_decode(s, len, &acc) != 0;
				runs++;
			}
			s[i] = keep;
		}
	}
	ok(bad == 0 && acc > 0,
	    "decode: %zu single-byte changes of encodings of 28 lengths "
	    "(%zu accepted), every implementation and b64url_valid agree "
	    "with the reference (%zu differ)",
	    runs, acc, bad);
}

int
main(void)
{
	size_t k;

	for (k = 0; k < NIMPL; k++) {
#if B64URL_X86
		if (strcmp(impls[k].name, "ssse3") == 0)
			impls[k].runs = b64url_cpu_ssse3();
#endif
		if (!impls[k].runs)
			printf("# %s: this CPU does not run it, not tested\n",
			    impls[k].name);
		else
			printf("# testing %s\n", impls[k].name);
	}
	test_encode();
	test_decode_valid();
	test_decode_random();
	test_decode_mutations();
	return tap_done();
}
