/*
 * safegcd.c - inversion modulo 2^255 - 19 by divsteps (safegcd.h).
 *
 * Numbers are five signed limbs of 62 bits, value sum v[i] 2^(62 i).
 * Each batch of 59 divsteps is found on the bottom limbs of f and g
 * alone (divsteps_59), as a matrix t scaled by 2^62; then t is applied
 * to the whole of f and g (update_fg: (t / 2^62) [f, g], exact) and of
 * d and e (update_de: the same modulo p, a multiple of p added so that
 * the division by 2^62 is exact).  After 590 divsteps g is 0, f is +-1
 * and d is +-in^-1.  Right shifts of negative numbers are arithmetic
 * (sign-extending), as gcc and clang define them.
 */
#include "safegcd.h"

#include <string.h>

#include <openssl/crypto.h>

#if defined(__SIZEOF_INT128__)
typedef __int128 i128;

#define M62 (UINT64_MAX >> 2)

struct s62 {
	int64_t v[5];
};

/* The transition matrix [u v; q r] of a batch, scaled by 2^62. */
struct trans {
	int64_t u, v, q, r;
};

static const struct s62 P = {.v = {-19, 0, 0, 0, 128}};       /* 2^255 - 19 */
static const uint64_t P_INV62 = UINT64_C(0x39435e50d79435e5); /* mod 2^62 */

/* SAFEGCD_VERIFY (test_safegcd builds this file with it) checks the
 * invariants of Bernstein and Yang's proof as the code runs, as
 * libsecp256k1's VERIFY_CHECK does: the matrices, the ranges of d, e, f
 * and g, and g = 0, f = +-1 at the end.  Results alone rarely show a
 * broken bound.  It counts checks and failures; it never stops. */
#ifdef SAFEGCD_VERIFY
unsigned long safegcd_verify_checks, safegcd_verify_failed;
#define SAFEGCD_CHECK(cond)                                                    \
	((void)safegcd_verify_checks++,                                        \
	    (cond) ? (void)0 : (void)safegcd_verify_failed++)

/* The sign of a - k p - c (-1, 0 or 1), a's limbs of any size. */
static int
s62_sign(const struct s62 *a, int64_t k, int64_t c)
{
	i128 x = -(i128)c;
	int i, low = 0;

	for (i = 0; i < 4; i++) {
		x += (i128)a->v[i] - (i128)k * P.v[i];
		low |= ((uint64_t)x & M62) != 0;
		x >>= 62;
	}
	x += (i128)a->v[4] - (i128)k * P.v[4];
	return x < 0 ? -1 : (x > 0 || low) ? 1 : 0;
}
#else
#define SAFEGCD_CHECK(cond) ((void)0)
#endif

int
safegcd_available(void)
{
	return 1;
}

/* All ones when x < 0, else 0. */
static inline int64_t
sign_mask(int64_t x)
{
	return (int64_t)(0 - ((uint64_t)x >> 63));
}

/* x, hidden from the optimiser: a mask made of it stays a mask, never a
 * branch on the secret bit it holds. */
static inline uint64_t
value_barrier(uint64_t x)
{
#if defined(__GNUC__)
	__asm__("" : "+r"(x));
#else
	volatile uint64_t v = x;
	x = v;
#endif
	return x;
}

/* 59 divsteps on the bottom limbs f0 (odd) and g0, from zeta =
 * -(delta + 1/2); the matrix into t, the new zeta returned.  Every step
 * runs the same instructions: its choices are masks, behind
 * value_barrier so that the compiler does not turn them into branches. */
static int64_t
divsteps_59(int64_t zeta, uint64_t f0, uint64_t g0, struct trans *t)
{
	uint64_t u = 8, v = 0, q = 0, r = 8, f = f0, g = g0, x, y, z, m1, m2;
	int i;

	for (i = 3; i < 62; i++) {
		SAFEGCD_CHECK((f & 1) == 1 && u * f0 + v * g0 == f << i &&
		    q * f0 + r * g0 == g << i);
		m1 = value_barrier((uint64_t)sign_mask(zeta)); /* zeta < 0 */
		m2 = 0 - value_barrier(g & 1);                 /* g odd */
		x = (f ^ m1) - m1;
		y = (u ^ m1) - m1;
		z = (v ^ m1) - m1;
		g += x & m2;
		q += y & m2;
		r += z & m2;
		m1 &= m2;
		zeta = (zeta ^ (int64_t)m1) - 1;
		f += g & m1;
		u += q & m1;
		v += r & m1;
		g >>= 1;
		u <<= 1;
		v <<= 1;
	}
	*t = (struct trans){
	    .u = (int64_t)u, .v = (int64_t)v, .q = (int64_t)q, .r = (int64_t)r};
	return zeta;
}

/* [a, b] = (t [a, b] + p [ma, mb]) / 2^62, where the bottom 62 bits of
 * the sum are zero: the one step of update_fg (ma = mb = 0) and
 * update_de. */
static void
mat_apply(
    struct s62 *a, struct s62 *b, const struct trans *t, int64_t ma, int64_t mb)
{
	i128 ca = 0, cb = 0;
	int i;

	for (i = 0; i < 5; i++) {
		ca += (i128)t->u * a->v[i] + (i128)t->v * b->v[i] +
		    (i128)P.v[i] * ma;
		cb += (i128)t->q * a->v[i] + (i128)t->r * b->v[i] +
		    (i128)P.v[i] * mb;
		if (i == 0)
			SAFEGCD_CHECK(((uint64_t)ca & M62) == 0 &&
			    ((uint64_t)cb & M62) == 0);
		else {
			a->v[i - 1] = (int64_t)((uint64_t)ca & M62);
			b->v[i - 1] = (int64_t)((uint64_t)cb & M62);
		}
		ca >>= 62;
		cb >>= 62;
	}
	a->v[4] = (int64_t)ca;
	b->v[4] = (int64_t)cb;
}

/* [f, g] = (t / 2^62) [f, g], exactly. */
static void
update_fg(struct s62 *f, struct s62 *g, const struct trans *t)
{
	mat_apply(f, g, t, 0, 0);
	SAFEGCD_CHECK(s62_sign(f, -1, 0) > 0 && s62_sign(f, 1, 0) <= 0 &&
	    s62_sign(g, -1, 0) > 0 && s62_sign(g, 1, 0) < 0);
}

/* [d, e] = (t / 2^62) [d, e] mod p, both in (-2p, p) before and after:
 * md and me multiples of p make the bottom 62 bits zero (p^-1 mod 2^62,
 * on the bottom 64 bits of t [d, e]), and start as the corrections that
 * keep the results above -2p. */
static void
update_de(struct s62 *d, struct s62 *e, const struct trans *t)
{
	const int64_t sd = sign_mask(d->v[4]), se = sign_mask(e->v[4]);
	int64_t md = (t->u & sd) + (t->v & se), me = (t->q & sd) + (t->r & se);
	const uint64_t cd = (uint64_t)t->u * (uint64_t)d->v[0] +
	    (uint64_t)t->v * (uint64_t)e->v[0];
	const uint64_t ce = (uint64_t)t->q * (uint64_t)d->v[0] +
	    (uint64_t)t->r * (uint64_t)e->v[0];

	md -= (int64_t)((P_INV62 * cd + (uint64_t)md) & M62);
	me -= (int64_t)((P_INV62 * ce + (uint64_t)me) & M62);
	mat_apply(d, e, t, md, me);
	SAFEGCD_CHECK(s62_sign(d, -2, 0) > 0 && s62_sign(d, 1, 0) < 0 &&
	    s62_sign(e, -2, 0) > 0 && s62_sign(e, 1, 0) < 0);
}

/* Limbs 0..3 into [0, 2^62), the carries into limb 4. */
static void
s62_carry(int64_t v[5])
{
	int i;

	for (i = 0; i < 4; i++) {
		v[i + 1] += v[i] >> 62;
		v[i] &= (int64_t)M62;
	}
}

/* r in (-2p, p), negated when sign < 0, into [0, p) with limbs in
 * [0, 2^62): p added when negative, twice at most. */
static void
normalize(struct s62 *r, int64_t sign)
{
	const int64_t neg = sign_mask(sign);
	int64_t add = sign_mask(r->v[4]);
	int i;

	for (i = 0; i < 5; i++)
		r->v[i] += P.v[i] & add;
	for (i = 0; i < 5; i++)
		r->v[i] = (r->v[i] ^ neg) - neg;
	s62_carry(r->v);
	add = sign_mask(r->v[4]);
	for (i = 0; i < 5; i++)
		r->v[i] += P.v[i] & add;
	s62_carry(r->v);
	SAFEGCD_CHECK(s62_sign(r, 0, 0) >= 0 && s62_sign(r, 1, 0) < 0);
}

static uint64_t
load64_le(const uint8_t *s)
{
	uint64_t x = 0;
	int i;

	for (i = 7; i >= 0; i--)
		x = x << 8 | s[i];
	return x;
}

static void
store64_le(uint8_t *s, uint64_t x)
{
	int i;

	for (i = 0; i < 8; i++, x >>= 8)
		s[i] = (uint8_t)x;
}

void
safegcd_inv25519(uint8_t out[32], const uint8_t in[32])
{
	uint64_t w[4];
	struct s62 d = {.v = {0}}, e = {.v = {1}}, f = P, g;
	struct trans t;
	int64_t zeta = -1; /* delta = 1/2 */
	int i;

	for (i = 0; i < 4; i++)
		w[i] = load64_le(in + 8 * i);
	g = (struct s62){.v = {(int64_t)(w[0] & M62),
	                     (int64_t)((w[0] >> 62 | w[1] << 2) & M62),
	                     (int64_t)((w[1] >> 60 | w[2] << 4) & M62),
	                     (int64_t)((w[2] >> 58 | w[3] << 6) & M62),
	                     (int64_t)(w[3] >> 56)}};
	for (i = 0; i < 10; i++) {
		zeta =
		    divsteps_59(zeta, (uint64_t)f.v[0], (uint64_t)g.v[0], &t);
		update_de(&d, &e, &t);
		update_fg(&f, &g, &t);
	}
	/* g = 0; f = +-1, or f = p and d = 0 for in = 0 */
	SAFEGCD_CHECK(s62_sign(&g, 0, 0) == 0 &&
	    (s62_sign(&f, 0, 1) == 0 || s62_sign(&f, 0, -1) == 0 ||
	        (s62_sign(&f, 1, 0) == 0 && s62_sign(&d, 0, 0) == 0)));
	normalize(&d, f.v[4]); /* f = -1: d = -in^-1 */
	w[0] = (uint64_t)d.v[0] | (uint64_t)d.v[1] << 62;
	w[1] = (uint64_t)d.v[1] >> 2 | (uint64_t)d.v[2] << 60;
	w[2] = (uint64_t)d.v[2] >> 4 | (uint64_t)d.v[3] << 58;
	w[3] = (uint64_t)d.v[3] >> 6 | (uint64_t)d.v[4] << 56;
	for (i = 0; i < 4; i++)
		store64_le(out + 8 * i, w[i]);
	OPENSSL_cleanse(w, sizeof(w));
	OPENSSL_cleanse(&d, sizeof(d));
	OPENSSL_cleanse(&e, sizeof(e));
	OPENSSL_cleanse(&f, sizeof(f));
	OPENSSL_cleanse(&g, sizeof(g));
	OPENSSL_cleanse(&t, sizeof(t));
}

#else /* no 128-bit integers */
int
safegcd_available(void)
{
	return 0;
}

void
safegcd_inv25519(uint8_t out[32], const uint8_t in[32])
{
	(void)in;
	memset(out, 0, 32);
}
#endif
