/*
 * test_x25519.c - common/x25519: the comb's X25519 against RFC 7748's
 * vectors and against OpenSSL's ladder on random scalars and points
 * (X25519_TEST_N of them, 2 000 by default), on both square roots'
 * branches of the Edwards form, on low-order and non-canonical u, and
 * the twist refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "hex.h"
#include "x25519.h"
#include "x25519ref.h"
#include "tap.h"

/* X25519(k, u) by a comb of u; X25519_NO_COMB or X25519_OK. */
static enum x25519_status
comb_x25519(const uint8_t k[32], const uint8_t u[32], uint8_t out[32])
{
	struct x25519_comb *c;
	enum x25519_status st = x25519_comb_new(u, &c);

	if (st == X25519_OK)
		x25519_comb_mul(c, k, out);
	x25519_comb_free(c);
	return st;
}

static void
unhex(const char *h, uint8_t out[32])
{
	size_t i;

	for (i = 0; i < 32; i++)
		sscanf(h + 2 * i, "%2hhx", &out[i]);
}

static void
test_rfc7748(void)
{
	/* k, u, X25519(k, u); section 5.2's second u is a point of the
	 * twist (u^3 + A u^2 + u is no square), which has no comb */
	static const char *v[][3] = {
	    /* section 5.2 */
	    {"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
	        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
	        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
	    {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
	        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
	        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"},
	    /* section 6.1: Alice's and Bob's public keys, their secret */
	    {"77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	        "0900000000000000000000000000000000000000000000000000000000000000",
	        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"},
	    {"5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	        "0900000000000000000000000000000000000000000000000000000000000000",
	        "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"},
	    {"77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	        "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	        "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"},
	};
	uint8_t k[32], u[32], want[32], got[32];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unhex(v[i][0], k);
		unhex(v[i][1], u);
		unhex(v[i][2], want);
		memset(got, 0xaa, sizeof(got));
		if (i == 1)
			ok(comb_x25519(k, u, got) == X25519_NO_COMB,
			    "RFC 7748 vector 2: the twist, no comb");
		else
			ok(comb_x25519(k, u, got) == X25519_OK &&
			        memcmp(got, want, 32) == 0,
			    "RFC 7748 vector %zu", i + 1);
	}
}

/* n random scalars times the base point and times random public keys
 * (points of the curve), each against OpenSSL. */
static void
test_random(int n)
{
	struct x25519_comb *base;
	uint8_t k[32], u[32], a[32], b[32];
	int i, bad = 0, bad_base = 0;

	ok(x25519_comb_new(x25519_base_u, &base) == X25519_OK, "base comb");
	for (i = 0; i < n && base != NULL; i++) {
		uint8_t s[32];

		RAND_bytes(k, 32);
		RAND_bytes(s, 32);
		/* u: the public key of a random secret s: on the curve */
		x25519_comb_mul(base, s, u);
		if (ossl_x25519(s, x25519_base_u, a) != 0 || memcmp(a, u, 32))
			bad_base++;
		if (comb_x25519(k, u, b) != X25519_OK ||
		    ossl_x25519(k, u, a) != 0 || memcmp(a, b, 32) != 0)
			bad++;
	}
	ok(bad_base == 0, "%d random scalars times 9 as OpenSSL (%d differ)", n,
	    bad_base);
	ok(bad == 0,
	    "%d random scalars times random points as OpenSSL (%d differ)", n,
	    bad);
	x25519_comb_free(base);
}

/* Scalars whose digits sit at the edges of the comb's recoding (radix
 * 32, digits -16..16): every byte value repeated (all 0x00, all 0xff
 * among them), and bit patterns whose 5-bit digits are all 16 or all
 * 15 (the carry's edge), times 9 and times another point. */
static void
test_edge_scalars(void)
{
	struct x25519_comb *base, *other;
	uint8_t k[32], u[32], a[32], b[32], s[32] = {7};
	int i, j, bad = 0, tried = 0;

	ok(x25519_comb_new(x25519_base_u, &base) == X25519_OK, "base comb");
	x25519_comb_mul(base, s, u);
	ok(x25519_comb_new(u, &other) == X25519_OK, "a second comb");
	for (i = 0; i < 256 + 2 && base != NULL && other != NULL; i++) {
		memset(k, i < 256 ? i : 0, 32);
		for (j = 0; i >= 256 && j < 256; j++) /* digit 16, or 15 */
			if (j % 5 == 4 ? i == 256 : i == 257)
				k[j / 8] |= (uint8_t)(1u << (j % 8));
		x25519_comb_mul(base, k, b);
		bad +=
		    ossl_x25519(k, x25519_base_u, a) != 0 || memcmp(a, b, 32);
		x25519_comb_mul(other, k, b);
		bad += ossl_x25519(k, u, a) != 0 || memcmp(a, b, 32);
		tried += 2;
	}
	ok(bad == 0 && tried == 516,
	    "repeated bytes and all-16 and all-15 digits as OpenSSL (%d of %d differ)",
	    bad, tried);
	x25519_comb_free(base);
	x25519_comb_free(other);
}

/* Random 32-byte u: about half are points of the twist, which have no
 * comb; the others' products equal OpenSSL's.  Both branches of the
 * square root (x found at once, or times sqrt(-1)) are among them. */
static void
test_random_u(int n)
{
	uint8_t k[32], u[32], a[32], b[32];
	int i, twist = 0, bad = 0;

	for (i = 0; i < n; i++) {
		RAND_bytes(k, 32);
		RAND_bytes(u, 32);
		switch (comb_x25519(k, u, b)) {
		case X25519_NO_COMB:
			twist++;
			break;
		case X25519_OK:
			if (ossl_x25519(k, u, a) != 0 || memcmp(a, b, 32) != 0)
				bad++;
			break;
		default:
			bad++;
		}
	}
	ok(twist > n / 4 && twist < 3 * n / 4, "%d of %d random u on the twist",
	    twist, n);
	ok(bad == 0, "the other %d as OpenSSL (%d differ)", n - twist, bad);
}

/* u = 0 (order 2), u = 1 (order 4), u = p (0 written non-canonically),
 * u = p + 1 and u with its top bit set: as OpenSSL, an all-zero result
 * where OpenSSL refuses one.  u = p - 1 (-1) has no Edwards point. */
static void
test_edges(void)
{
	static const char *us[] = {
	    "0000000000000000000000000000000000000000000000000000000000000000",
	    "0100000000000000000000000000000000000000000000000000000000000000",
	    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	    "0900000000000000000000000000000000000000000000000000000000000080",
	    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
	};
	static const uint8_t zero[32];
	uint8_t k[32], u[32], a[32], b[32];
	size_t i;

	for (i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		int ro, st;

		unhex(us[i], u);
		RAND_bytes(k, 32);
		st = comb_x25519(k, u, b);
		ro = ossl_x25519(k, u, a);
		ok(st == X25519_OK &&
		        (ro == 0 ? memcmp(a, b, 32) == 0
		                 : memcmp(b, zero, 32) == 0),
		    "edge u %zu as OpenSSL", i + 1);
	}
	unhex(
	    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	    u);
	ok(comb_x25519(k, u, b) == X25519_NO_COMB, "u = -1 has no comb");
}

/* x25519_comb_mul2 equals two x25519_comb_mul, also when the second
 * point is of low order (its result zero, the first's unharmed). */
static void
test_mul2(int n)
{
	static const char *low[] = {
	    "0000000000000000000000000000000000000000000000000000000000000000",
	    "0100000000000000000000000000000000000000000000000000000000000000",
	    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
	};
	static const uint8_t zero[32];
	const struct x25519_comb *base = x25519_comb_base();
	struct x25519_comb *p = NULL;
	uint8_t k[32], u[32], a1[32], a2[32], b1[32], b2[32];
	int i, bad = 0;
	size_t l;

	for (i = 0; i < n && base != NULL; i++) {
		RAND_bytes(k, 32);
		RAND_bytes(u, 32);
		x25519_comb_mul(base, u, u); /* a point of the curve */
		if (x25519_comb_new(u, &p) != X25519_OK) {
			bad++;
			continue;
		}
		x25519_comb_mul(base, k, a1);
		x25519_comb_mul(p, k, a2);
		x25519_comb_mul2(base, p, k, b1, b2);
		bad += memcmp(a1, b1, 32) != 0 || memcmp(a2, b2, 32) != 0;
		x25519_comb_free(p);
	}
	ok(base != NULL && bad == 0, "mul2 as two muls, %d scalars (%d differ)",
	    n, bad);
	for (l = 0; l < sizeof(low) / sizeof(low[0]); l++) {
		unhex(low[l], u);
		RAND_bytes(k, 32);
		if (base == NULL || x25519_comb_new(u, &p) != X25519_OK) {
			ok(0, "low-order point %zu has a comb", l + 1);
			continue;
		}
		x25519_comb_mul(base, k, a1);
		x25519_comb_mul2(base, p, k, b1, b2);
		ok(memcmp(a1, b1, 32) == 0 && memcmp(b2, zero, 32) == 0,
		    "mul2 with low-order point %zu: zero, the other unharmed",
		    l + 1);
		x25519_comb_free(p);
	}
}

int
main(void)
{
	const char *n = getenv("X25519_TEST_N");

	test_rfc7748();
	test_random(n != NULL ? atoi(n) : 2000);
	test_random_u(n != NULL ? atoi(n) : 2000);
	test_edges();
	test_edge_scalars();
	test_mul2(n != NULL ? atoi(n) / 10 : 200);
	return tap_done();
}
