/*
 * fuzz_x25519.c - libFuzzer harness for common/x25519: the combs against
 * OpenSSL's X25519.
 *
 * The input is a scalar k (its first 32 bytes) and a u-coordinate (the
 * next 32; short inputs are zero-padded).  Where u has a comb, X25519(k,
 * u) on it must equal OpenSSL's (an all-zero result where OpenSSL
 * refuses one), and x25519_comb_mul2 with the base point must give both
 * answers.  A u without a comb must be a point OpenSSL can still use:
 * that is all it is checked for (the twist has no Edwards form).
 */
#include <string.h>

#include <openssl/evp.h>

#include "util.h"
#include "x25519.h"
#include "../unit/x25519ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t zero[32];
	const struct x25519_comb *base = x25519_comb_base();
	struct x25519_comb *c = NULL;
	uint8_t in[64] = {0}, want[32], got[32], b1[32], b2[32], wb[32];
	enum x25519_status st;

	memcpy(in, data, size < sizeof(in) ? size : sizeof(in));
	fuzz_check(base != NULL, "the base comb");
	st = x25519_comb_new(in + 32, &c);
	fuzz_check(st == X25519_OK || st == X25519_NO_COMB, "a comb or none");
	if (st != X25519_OK)
		return 0;
	x25519_comb_mul(c, in, got);
	if (ossl_x25519(in, in + 32, want) != 0)
		memcpy(want, zero, 32);
	fuzz_check(memcmp(got, want, 32) == 0, "the comb's X25519 is OpenSSL's");
	fuzz_check(ossl_x25519(in, x25519_base_u, wb) == 0, "OpenSSL's key");
	x25519_comb_mul2(base, c, in, b1, b2);
	fuzz_check(memcmp(b1, wb, 32) == 0 && memcmp(b2, want, 32) == 0,
	    "mul2 gives both answers");
	x25519_comb_free(c);
	return 0;
}
