/*
 * fuzz_b64url.c - libFuzzer harness for common/b64url: every
 * implementation (the public functions, the scalar code and, where the
 * CPU has it, the SSSE3 code of b64url_impl.h) against a bit-by-bit
 * reference.
 *
 * The input is used twice.  As text: each decoder must accept exactly
 * what the reference accepts, give the same bytes, agree with
 * b64url_valid, and what it accepts must encode back to the input.  As
 * bytes: each encoder must write the reference's text, which must decode
 * back to the input.  Inputs are copied to buffers of exactly their size
 * and outputs get exactly the room the contract gives, so ASan catches a
 * read or write past either.
 */
#include <stdlib.h>
#include <string.h>

#include "b64url.h"
#include "b64url_impl.h"
#include "../unit/b64ref.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct impl {
	void (*enc)(const uint8_t *in, size_t n, char *out);
	int (*dec)(const char *in, size_t n, uint8_t *out, size_t *outlen);
	int simd; /* only where b64url_cpu_ssse3() */
};

static const struct impl impls[] = {
    {b64url_encode, b64url_decode, 0},
    {b64url_encode_scalar, b64url_decode_scalar, 0},
#if B64URL_X86
    {b64url_encode_ssse3, b64url_decode_ssse3, 1},
#endif
};
#define NIMPL (sizeof(impls) / sizeof(impls[0]))

static int
runs(const struct impl *im)
{
#if B64URL_X86
	return !im->simd || b64url_cpu_ssse3();
#else
	return !im->simd;
#endif
}

/* n bytes of malloc (at least 1), aborting when there are none. */
static void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	fuzz_check(p != NULL, "malloc");
	return p;
}

/* The input as text. */
static void
as_text(const uint8_t *data, size_t n)
{
	size_t max = b64url_decoded_max(n), rlen = 0, len, k;
	uint8_t *ref = xmalloc(max), *out;
	char *in = xmalloc(n), *again;
	int rc = ref_decode((const char *)data, n, ref, &rlen);

	if (n > 0)
		memcpy(in, data, n);
	fuzz_check(b64url_valid(in, n) == (rc == 0), "b64url_valid differs");
	for (k = 0; k < NIMPL; k++) {
		if (!runs(&impls[k]))
			continue;
		out = xmalloc(max);
		len = (size_t)-1;
		fuzz_check(impls[k].dec(in, n, out, &len) == rc,
		    "a decoder's verdict differs");
		fuzz_check(rc != 0 ||
		        (len == rlen && len + 1 == max &&
		            memcmp(out, ref, len) == 0),
		    "a decoder's bytes differ");
		free(out);
	}
	if (rc == 0) {
		fuzz_check(b64url_encoded_len(rlen) == n, "encoded length");
		again = xmalloc(n);
		b64url_encode(ref, rlen, again);
		fuzz_check(memcmp(again, in, n) == 0, "no round trip");
		free(again);
	}
	free(ref);
	free(in);
}

/* The input as bytes. */
static void
as_bytes(const uint8_t *data, size_t n)
{
	size_t len = b64url_encoded_len(n), back, k;
	uint8_t *in = xmalloc(n), *dec = xmalloc(b64url_decoded_max(len));
	char *ref = xmalloc(len), *out;

	if (n > 0)
		memcpy(in, data, n);
	fuzz_check(ref_encode(in, n, ref) == len, "encoded length");
	for (k = 0; k < NIMPL; k++) {
		if (!runs(&impls[k]))
			continue;
		out = xmalloc(len);
		impls[k].enc(in, n, out);
		fuzz_check(memcmp(out, ref, len) == 0, "an encoder differs");
		free(out);
	}
	fuzz_check(b64url_decode(ref, len, dec, &back) == 0 && back == n &&
	        memcmp(dec, in, n) == 0,
	    "an encoding does not decode back");
	free(in);
	free(dec);
	free(ref);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	as_text(data, size);
	as_bytes(data, size);
	return 0;
}
