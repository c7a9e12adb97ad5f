/*
 * test_safegcd.c - common/crypto/safegcd: the inverse modulo 2^255 - 19
 * against OpenSSL's BN_mod_inverse, on edge values (0, 1, small numbers,
 * powers of two, p - 1 and its neighbours) and on SAFEGCD_TEST_N random
 * values below p (20 000 by default), and in * out = 1 each time.
 * safegcd.c is built into this test with SAFEGCD_VERIFY, which checks
 * the proof's invariants (matrices, ranges, the end state) on every
 * call: a broken bound that still gives right answers on these inputs
 * is caught there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/rand.h>

#define SAFEGCD_VERIFY 1
#include "safegcd.c"
#include "tap.h"

static BIGNUM *p;
static BN_CTX *bctx;

/* 32 little-endian bytes from a BIGNUM below 2^256, and back */
static void
bn_le(const BIGNUM *b, uint8_t out[32])
{
	BN_bn2lebinpad(b, out, 32);
}

/* 1 when safegcd's inverse of x (below p) is OpenSSL's, 0 for 0 */
static int
check(const BIGNUM *x)
{
	uint8_t in[32], out[32], want[32] = {0};
	BIGNUM *inv = BN_new(), *prod = BN_new(), *got;
	int good;

	bn_le(x, in);
	safegcd_inv25519(out, in);
	if (!BN_is_zero(x)) {
		BN_mod_inverse(inv, x, p, bctx);
		bn_le(inv, want);
	}
	got = BN_lebin2bn(out, 32, NULL);
	BN_mod_mul(prod, got, x, p, bctx);
	good = memcmp(out, want, 32) == 0 &&
	    (BN_is_zero(x) ? BN_is_zero(got) : BN_is_one(prod));
	BN_free(inv);
	BN_free(prod);
	BN_free(got);
	return good;
}

static void
test_edges(void)
{
	static const long small[] = {0, 1, 2, 3, 19, 121665, 121666, 486662};
	BIGNUM *x = BN_new();
	size_t i;
	int k, bad = 0;

	for (i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
		BN_set_word(x, (BN_ULONG)small[i]);
		ok(check(x), "inverse of %ld", small[i]);
	}
	bad = 0;
	for (k = 0; k < 255; k++) { /* 2^k */
		BN_zero(x);
		BN_set_bit(x, k);
		bad += !check(x);
	}
	ok(bad == 0, "inverses of 2^0 .. 2^254 (%d wrong)", bad);
	bad = 0;
	for (k = 1; k <= 64; k++) { /* p - k */
		BN_copy(x, p);
		BN_sub_word(x, (BN_ULONG)k);
		bad += !check(x);
	}
	ok(bad == 0, "inverses of p - 1 .. p - 64 (%d wrong)", bad);
	bad = 0;
	for (k = 0; k < 255; k++) { /* 2^k - 1 */
		BN_zero(x);
		BN_set_bit(x, k);
		BN_sub_word(x, 1);
		bad += !check(x);
	}
	ok(bad == 0, "inverses of 2^k - 1 (%d wrong)", bad);
	BN_free(x);
}

static void
test_random(void)
{
	const char *env = getenv("SAFEGCD_TEST_N");
	long n = env != NULL ? atol(env) : 20000, i, bad = 0;
	uint8_t r[32], a[32], b[32];
	BIGNUM *x;

	for (i = 0; i < n; i++) {
		if (RAND_bytes(r, 32) != 1)
			break;
		if (i % 4 == 1) /* a short value: high limbs zero */
			memset(r + 1 + i % 31, 0, 31 - i % 31);
		x = BN_lebin2bn(r, 32, NULL);
		BN_mod(x, x, p, bctx);
		bad += !check(x);
		BN_free(x);
	}
	ok(bad == 0, "%ld random values below p (%ld wrong)", n, bad);
	ok(i == n && RAND_bytes(a, 32) == 1, "random bytes");
	a[31] &= 0x3f;
	safegcd_inv25519(b, a);
	safegcd_inv25519(a, a); /* out may be in */
	ok(memcmp(a, b, 32) == 0, "out may be in");
}

int
main(void)
{
	if (!safegcd_available()) {
		ok(1, "# SKIP no 128-bit integers: no safegcd");
		return tap_done();
	}
	p = BN_new();
	bctx = BN_CTX_new();
	BN_set_bit(p, 255);
	BN_sub_word(p, 19);
	test_edges();
	test_random();
	ok(safegcd_verify_failed == 0 && safegcd_verify_checks > 1000000,
	    "the proof's invariants held (%lu checks, %lu failed)",
	    safegcd_verify_checks, safegcd_verify_failed);
	BN_free(p);
	BN_CTX_free(bctx);
	return tap_done();
}
