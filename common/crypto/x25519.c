/* x25519.c - X25519 of a fixed point by a comb (see x25519.h).
 *
 * The field is GF(p), p = 2^255 - 19, an element five limbs of 51 bits
 * (fe).  Every function leaves its limbs below 2^52 (a carried form),
 * so that a product of two limbs times 19, summed five times, fits in
 * 128 bits.  The point formulas are those of ref10 (Bernstein et al.,
 * public domain): extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z,
 * xy = T/Z, on -x^2 + y^2 = 1 + d x^2 y^2. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "safegcd.h"
#include "x25519.h"

const uint8_t x25519_base_u[X25519_LEN] = {9};

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;
/* Two words at once (SSE2, NEON or plain code): comb_select's masks. */
typedef uint64_t u64x2 __attribute__((vector_size(16)));

#define M51 ((UINT64_C(1) << 51) - 1)

typedef struct {
	uint64_t v[5];
} fe;

/* Points: p3 extended, p1p1 completed ((X:Z), (Y:T)), p2 projective,
 * pre an affine multiple kept as (y + x, y - x, 2 d x y), cached a
 * projective one as (Y + X, Y - X, Z, 2 d T). */
typedef struct {
	fe X, Y, Z, T;
} ge_p3;
typedef struct {
	fe X, Y, Z, T;
} ge_p1p1;
typedef struct {
	fe X, Y, Z;
} ge_p2;
typedef union {
	struct {
		fe yplusx, yminusx, xy2d;
	};
	uint64_t w[16]; /* the same as words (one of padding), */
	u64x2 x[8];     /* and as pairs of words: comb_select */
} ge_pre;
typedef struct {
	fe YplusX, YminusX, Z, T2d;
} ge_cached;

/* A comb of P holds (j + 1) 32^i P for every digit i of a scalar in
 * radix 32 and 0 <= j < 16: a scalar multiple is one addition a digit
 * (52), no doubling.  Measured against radix 16 with half the rows and
 * four doublings (ref10's layout; 32 KiB a comb): mul2 23.0 us against
 * 27.2 (bench of 2026-12-07); 104 KiB a comb, in L2. */
#define COMB_W 5                                  /* bits a digit */
#define COMB_DIGITS ((256 + COMB_W - 1) / COMB_W) /* 52 */
#define COMB_ROWS COMB_DIGITS                     /* 32^i P */
#define COMB_COLS (1 << (COMB_W - 1))             /* (j + 1) 32^i P */

struct x25519_comb {
	ge_pre t[COMB_ROWS][COMB_COLS];
};

/* The curve's constants, made once from small numbers (fe_consts). */
static fe fe_d, fe_d2, fe_sqrtm1;

static uint64_t
load64(const uint8_t *s)
{
	uint64_t w = 0;
	int i;

	for (i = 7; i >= 0; i--)
		w = (w << 8) | s[i];
	return w;
}

/* h = s as a little-endian number, its top bit ignored (RFC 7748). */
static void
fe_frombytes(fe *h, const uint8_t s[32])
{
	uint64_t w0 = load64(s), w1 = load64(s + 8), w2 = load64(s + 16),
	         w3 = load64(s + 24);

	h->v[0] = w0 & M51;
	h->v[1] = ((w0 >> 51) | (w1 << 13)) & M51;
	h->v[2] = ((w1 >> 38) | (w2 << 26)) & M51;
	h->v[3] = ((w2 >> 25) | (w3 << 39)) & M51;
	h->v[4] = (w3 >> 12) & M51;
}

/* h = the carried form of limbs t0..t4 of up to 2^63. */
static inline void
fe_carried(
    fe *h, uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3, uint64_t t4)
{
	t1 += t0 >> 51;
	t2 += t1 >> 51;
	t3 += t2 >> 51;
	t4 += t3 >> 51;
	h->v[0] = (t0 & M51) + 19 * (t4 >> 51);
	h->v[1] = t1 & M51;
	h->v[2] = t2 & M51;
	h->v[3] = t3 & M51;
	h->v[4] = t4 & M51;
}

static inline void
fe_carry(fe *h)
{
	fe_carried(h, h->v[0], h->v[1], h->v[2], h->v[3], h->v[4]);
}

/* s = h, fully reduced modulo p. */
static void
fe_tobytes(uint8_t s[32], const fe *f)
{
	fe h = *f;
	uint64_t q, w[4];
	int i;

	fe_carry(&h);
	fe_carry(&h);
	/* h < 2^255 + 2^13: q = 1 exactly when h >= p */
	q = (h.v[0] + 19) >> 51;
	q = (h.v[1] + q) >> 51;
	q = (h.v[2] + q) >> 51;
	q = (h.v[3] + q) >> 51;
	q = (h.v[4] + q) >> 51;
	h.v[0] += 19 * q; /* h - q p: add 19 q, then drop 2^255 */
	h.v[1] += h.v[0] >> 51, h.v[0] &= M51;
	h.v[2] += h.v[1] >> 51, h.v[1] &= M51;
	h.v[3] += h.v[2] >> 51, h.v[2] &= M51;
	h.v[4] += h.v[3] >> 51, h.v[3] &= M51;
	h.v[4] &= M51;
	w[0] = h.v[0] | h.v[1] << 51;
	w[1] = h.v[1] >> 13 | h.v[2] << 38;
	w[2] = h.v[2] >> 26 | h.v[3] << 25;
	w[3] = h.v[3] >> 39 | h.v[4] << 12;
	for (i = 0; i < 32; i++)
		s[i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
}

static void
fe_set(fe *h, uint64_t n)
{
	*h = (fe){.v = {n}};
}

static inline void
fe_add(fe *h, const fe *f, const fe *g)
{
	fe_carried(h, f->v[0] + g->v[0], f->v[1] + g->v[1], f->v[2] + g->v[2],
	    f->v[3] + g->v[3], f->v[4] + g->v[4]);
}

/* h = f - g, through f + 4p - g (limbs of g below 2^53). */
static inline void
fe_sub(fe *h, const fe *f, const fe *g)
{
	const uint64_t p0 = (M51 - 18) * 4, pi = M51 * 4;

	fe_carried(h, f->v[0] + p0 - g->v[0], f->v[1] + pi - g->v[1],
	    f->v[2] + pi - g->v[2], f->v[3] + pi - g->v[3],
	    f->v[4] + pi - g->v[4]);
}

static void
fe_neg(fe *h, const fe *f)
{
	fe z;

	fe_set(&z, 0);
	fe_sub(h, &z, f);
}

/* The carried form of the five 128-bit column sums t0..t4. */
static inline void
fe_fold(fe *h, u128 t0, u128 t1, u128 t2, u128 t3, u128 t4)
{
	u128 c;

	t1 += t0 >> 51;
	t2 += t1 >> 51;
	t3 += t2 >> 51;
	t4 += t3 >> 51;
	c = ((uint64_t)t0 & M51) + (t4 >> 51) * 19;
	h->v[0] = (uint64_t)c & M51;
	h->v[1] = ((uint64_t)t1 & M51) + (uint64_t)(c >> 51);
	h->v[2] = (uint64_t)t2 & M51;
	h->v[3] = (uint64_t)t3 & M51;
	h->v[4] = (uint64_t)t4 & M51;
}

/* h = f g: the products with 19 folded in (2^255 = 19), summed by
 * column; f's limbs are scaled by 19 after the columns that need them
 * unscaled, which keeps fewer values live (registers, not the stack). */
static inline void
fe_mul(fe *h, const fe *f, const fe *g)
{
	uint64_t a1 = f->v[1], a2 = f->v[2], a3 = f->v[3], a4 = f->v[4];
	const uint64_t a0 = f->v[0], b0 = g->v[0], b1 = g->v[1], b2 = g->v[2],
	               b3 = g->v[3], b4 = g->v[4];
	u128 t0, t1, t2, t3, t4;

	t0 = (u128)a0 * b0;
	t1 = (u128)a0 * b1 + (u128)a1 * b0;
	t2 = (u128)a0 * b2 + (u128)a2 * b0 + (u128)a1 * b1;
	t3 = (u128)a0 * b3 + (u128)a3 * b0 + (u128)a1 * b2 + (u128)a2 * b1;
	t4 = (u128)a0 * b4 + (u128)a4 * b0 + (u128)a3 * b1 + (u128)a1 * b3 +
	    (u128)a2 * b2;
	a1 *= 19, a2 *= 19, a3 *= 19, a4 *= 19;
	t0 += (u128)a4 * b1 + (u128)a1 * b4 + (u128)a2 * b3 + (u128)a3 * b2;
	t1 += (u128)a4 * b2 + (u128)a2 * b4 + (u128)a3 * b3;
	t2 += (u128)a4 * b3 + (u128)a3 * b4;
	t3 += (u128)a4 * b4;
	fe_fold(h, t0, t1, t2, t3, t4);
}

static inline void
fe_sq(fe *h, const fe *f)
{
	const uint64_t a0 = f->v[0], a1 = f->v[1], a2 = f->v[2], a3 = f->v[3],
	               a4 = f->v[4];
	const uint64_t a0_2 = 2 * a0, a1_2 = 2 * a1, a1_38 = 38 * a1,
	               a2_38 = 38 * a2, a3_38 = 38 * a3, a3_19 = 19 * a3,
	               a4_19 = 19 * a4;

	fe_fold(h, (u128)a0 * a0 + (u128)a1_38 * a4 + (u128)a2_38 * a3,
	    (u128)a0_2 * a1 + (u128)a2_38 * a4 + (u128)a3_19 * a3,
	    (u128)a0_2 * a2 + (u128)a1 * a1 + (u128)a3_38 * a4,
	    (u128)a0_2 * a3 + (u128)a1_2 * a2 + (u128)a4_19 * a4,
	    (u128)a0_2 * a4 + (u128)a1_2 * a3 + (u128)a2 * a2);
}

/* h = f^(2^n) */
static void
fe_sqn(fe *h, const fe *f, int n)
{
	fe_sq(h, f);
	while (--n > 0)
		fe_sq(h, h);
}

/* h = z^(2^250 - 1), and z11 = z^11: the common start of inversion
 * (z^(p - 2)) and of the square root's power z^((p - 5) / 8). */
static void
fe_pow250(fe *h, fe *z11, const fe *z)
{
	fe t0, t1, t2;

	fe_sq(&t0, z);         /* 2 */
	fe_sqn(&t1, &t0, 2);   /* 8 */
	fe_mul(&t1, z, &t1);   /* 9 */
	fe_mul(z11, &t0, &t1); /* 11 */
	fe_sq(&t0, z11);       /* 22 */
	fe_mul(&t1, &t1, &t0); /* 2^5 - 1 */
	fe_sqn(&t0, &t1, 5);
	fe_mul(&t1, &t0, &t1); /* 2^10 - 1 */
	fe_sqn(&t0, &t1, 10);
	fe_mul(&t2, &t0, &t1); /* 2^20 - 1 */
	fe_sqn(&t0, &t2, 20);
	fe_mul(&t0, &t0, &t2); /* 2^40 - 1 */
	fe_sqn(&t0, &t0, 10);
	fe_mul(&t1, &t0, &t1); /* 2^50 - 1 */
	fe_sqn(&t0, &t1, 50);
	fe_mul(&t2, &t0, &t1); /* 2^100 - 1 */
	fe_sqn(&t0, &t2, 100);
	fe_mul(&t0, &t0, &t2); /* 2^200 - 1 */
	fe_sqn(&t0, &t0, 50);
	fe_mul(h, &t0, &t1); /* 2^250 - 1 */
}

/* h = 1 / z (0 for 0), by divsteps (safegcd.h): 2.0 us against about 4 by
 * Fermat's z^(p - 2) (254 squarings in one chain). */
static void
fe_invert(fe *h, const fe *z)
{
	uint8_t b[32];

	fe_tobytes(b, z);
	safegcd_inv25519(b, b);
	fe_frombytes(h, b);
	OPENSSL_cleanse(b, sizeof(b));
}

/* h = z^((p - 5) / 8) = z^(2^252 - 3). */
static void
fe_pow22523(fe *h, const fe *z)
{
	fe t, z11;

	fe_pow250(&t, &z11, z);
	fe_sqn(&t, &t, 2); /* 2^252 - 4 */
	fe_mul(h, &t, z);
}

/* 1 when f = g modulo p (public values only: not constant time). */
static int
fe_equal(const fe *f, const fe *g)
{
	uint8_t a[32], b[32];

	fe_tobytes(a, f);
	fe_tobytes(b, g);
	return memcmp(a, b, 32) == 0;
}

/* 1 when f = 0 modulo p, else 0, in constant time. */
static uint64_t
fe_iszero(const fe *f)
{
	uint8_t s[32];
	uint32_t x = 0;
	int i;

	fe_tobytes(s, f);
	for (i = 0; i < 32; i++)
		x |= s[i];
	return ((x - 1) >> 8) & 1;
}

/* f = g where b is 1, unchanged where b is 0, in constant time. */
static void
fe_cmov(fe *f, const fe *g, uint64_t b)
{
	uint64_t m = 0 - b;
	int i;

	for (i = 0; i < 5; i++)
		f->v[i] ^= m & (f->v[i] ^ g->v[i]);
}

/* A point in the completed form to the extended one. */
static void
ge_p1p1_to_p3(ge_p3 *r, const ge_p1p1 *p)
{
	fe_mul(&r->X, &p->X, &p->T);
	fe_mul(&r->Y, &p->Y, &p->Z);
	fe_mul(&r->Z, &p->Z, &p->T);
	fe_mul(&r->T, &p->X, &p->Y);
}

static void
ge_p3_to_cached(ge_cached *r, const ge_p3 *p)
{
	fe_add(&r->YplusX, &p->Y, &p->X);
	fe_sub(&r->YminusX, &p->Y, &p->X);
	r->Z = p->Z;
	fe_mul(&r->T2d, &p->T, &fe_d2);
}

static void
ge_p3_identity(ge_p3 *h)
{
	fe_set(&h->X, 0);
	fe_set(&h->Y, 1);
	fe_set(&h->Z, 1);
	fe_set(&h->T, 0);
}

/* r = p + q, the second term given by its half sums and products a, b,
 * c and its Z doubled (z2): the common end of ge_add and ge_madd. */
static void
ge_sum(ge_p1p1 *r, const ge_p3 *p, const fe *a, const fe *b, const fe *c,
    const fe *z2)
{
	fe s, d;

	fe_add(&s, &p->Y, &p->X);
	fe_sub(&d, &p->Y, &p->X);
	fe_mul(&s, &s, a);
	fe_mul(&d, &d, b);
	fe_mul(&r->T, c, &p->T);
	fe_sub(&r->X, &s, &d);
	fe_add(&r->Y, &s, &d);
	fe_add(&r->Z, z2, &r->T);
	fe_sub(&r->T, z2, &r->T);
}

/* r = p + q (q projective). */
static void
ge_add(ge_p1p1 *r, const ge_p3 *p, const ge_cached *q)
{
	fe z2;

	fe_mul(&z2, &p->Z, &q->Z);
	fe_add(&z2, &z2, &z2);
	ge_sum(r, p, &q->YplusX, &q->YminusX, &q->T2d, &z2);
}

/* r = p + q (q affine). */
static void
ge_madd(ge_p1p1 *r, const ge_p3 *p, const ge_pre *q)
{
	fe z2;

	fe_add(&z2, &p->Z, &p->Z);
	ge_sum(r, p, &q->yplusx, &q->yminusx, &q->xy2d, &z2);
}

/* r = 2 p */
static void
ge_p2_dbl(ge_p1p1 *r, const ge_p2 *p)
{
	fe t0;

	fe_sq(&r->X, &p->X);
	fe_sq(&r->Z, &p->Y);
	fe_sq(&r->T, &p->Z);
	fe_add(&r->T, &r->T, &r->T);
	fe_add(&r->Y, &p->X, &p->Y);
	fe_sq(&t0, &r->Y);
	fe_add(&r->Y, &r->Z, &r->X);
	fe_sub(&r->Z, &r->Z, &r->X);
	fe_sub(&r->X, &t0, &r->Y);
	fe_sub(&r->T, &r->T, &r->Z);
}

static void
ge_p3_dbl(ge_p1p1 *r, const ge_p3 *p)
{
	ge_p2 q = {.X = p->X, .Y = p->Y, .Z = p->Z};

	ge_p2_dbl(r, &q);
}

/* d = -121665 / 121666, 2 d and sqrt(-1) = 2^((p - 1) / 4), made from
 * small numbers rather than copied as 255-bit constants.  (p - 1) / 4
 * is 2^253 - 5: 2^(2^250 - 1), squared three times, times 2^3. */
static void
fe_consts(void)
{
	fe a, b, z11;

	fe_set(&a, 121665);
	fe_neg(&a, &a);
	fe_set(&b, 121666);
	fe_invert(&b, &b);
	fe_mul(&fe_d, &a, &b);
	fe_add(&fe_d2, &fe_d, &fe_d);
	fe_set(&b, 2);
	fe_pow250(&a, &z11, &b);
	fe_sqn(&a, &a, 3);
	fe_set(&b, 8);
	fe_mul(&fe_sqrtm1, &a, &b);
}

static pthread_once_t fe_consts_once = PTHREAD_ONCE_INIT;

/* The point of the curve with u-coordinate u (either of the two: X25519
 * gives both the same answer), in the Edwards form: y = (u - 1) / (u + 1)
 * and x^2 = (y^2 - 1) / (d y^2 + 1), x = n v^3 (n v^7)^((p - 5) / 8) for
 * x^2 = n / v.  X25519_NO_COMB when there is none. */
static enum x25519_status
ge_from_u(ge_p3 *P, const uint8_t u[X25519_LEN])
{
	fe one, w, n, v, v3, x, vxx;

	fe_set(&one, 1);
	fe_frombytes(&w, u);
	fe_add(&v, &w, &one);
	fe_set(&x, 0);
	if (fe_equal(&v, &x))
		return X25519_NO_COMB; /* u = -1: no Edwards point */
	fe_sub(&n, &w, &one);
	fe_invert(&v, &v);
	fe_mul(&P->Y, &n, &v);
	fe_sq(&w, &P->Y);
	fe_sub(&n, &w, &one);
	fe_mul(&v, &w, &fe_d);
	fe_add(&v, &v, &one);
	fe_sq(&v3, &v);
	fe_mul(&v3, &v3, &v);
	fe_sq(&x, &v3);
	fe_mul(&x, &x, &v);
	fe_mul(&x, &x, &n);
	fe_pow22523(&x, &x);
	fe_mul(&x, &x, &v3);
	fe_mul(&x, &x, &n);
	fe_sq(&vxx, &x);
	fe_mul(&vxx, &vxx, &v);
	if (!fe_equal(&vxx, &n)) {
		fe_neg(&n, &n);
		if (!fe_equal(&vxx, &n))
			return X25519_NO_COMB;
		fe_mul(&x, &x, &fe_sqrtm1);
	}
	P->X = x;
	fe_set(&P->Z, 1);
	fe_mul(&P->T, &x, &P->Y);
	return X25519_OK;
}

/* m[COMB_COLS i + j] = (j + 1) 32^i P, projective. */
static void
comb_points(ge_p3 m[COMB_ROWS * COMB_COLS], const ge_p3 *P)
{
	ge_p3 row = *P;
	ge_cached c;
	ge_p1p1 r;
	int i, j;

	for (i = 0; i < COMB_ROWS; i++) {
		ge_p3 *q = m + COMB_COLS * i;

		q[0] = row;
		ge_p3_to_cached(&c, &row);
		for (j = 1; j < COMB_COLS; j++) {
			ge_add(&r, &q[j - 1], &c);
			ge_p1p1_to_p3(&q[j], &r);
		}
		ge_p3_dbl(&r, &q[COMB_COLS - 1]); /* 2 (16 32^i P) */
		ge_p1p1_to_p3(&row, &r);
	}
}

/* The affine forms of the n points m into t, with one inversion
 * (Montgomery's trick); acc is scratch for n elements. */
static void
comb_affine(ge_pre *t, const ge_p3 *m, fe *acc, size_t n)
{
	fe inv, zi, x, y;
	size_t k;

	acc[0] = m[0].Z;
	for (k = 1; k < n; k++)
		fe_mul(&acc[k], &acc[k - 1], &m[k].Z);
	fe_invert(&inv, &acc[n - 1]);
	for (k = n; k-- > 0;) {
		if (k > 0) {
			fe_mul(&zi, &inv, &acc[k - 1]);
			fe_mul(&inv, &inv, &m[k].Z);
		} else
			zi = inv;
		fe_mul(&x, &m[k].X, &zi);
		fe_mul(&y, &m[k].Y, &zi);
		fe_add(&t[k].yplusx, &y, &x);
		fe_sub(&t[k].yminusx, &y, &x);
		fe_mul(&t[k].xy2d, &x, &y);
		fe_mul(&t[k].xy2d, &t[k].xy2d, &fe_d2);
	}
}

enum x25519_status
x25519_comb_new(const uint8_t u[X25519_LEN], struct x25519_comb **out)
{
	const size_t n = COMB_ROWS * COMB_COLS;
	struct x25519_comb *c = NULL;
	enum x25519_status st;
	ge_p3 P, *m = NULL;
	fe *acc = NULL;

	*out = NULL;
	pthread_once(&fe_consts_once, fe_consts);
	if ((st = ge_from_u(&P, u)) != X25519_OK)
		return st;
	st = X25519_NOMEM;
	if ((c = calloc(1, sizeof(*c))) == NULL || /* padding words zero */
	    (m = calloc(n, sizeof(*m))) == NULL ||
	    (acc = calloc(n, sizeof(*acc))) == NULL)
		goto out;
	comb_points(m, &P);
	comb_affine(&c->t[0][0], m, acc, n);
	*out = c;
	c = NULL;
	st = X25519_OK;
out:
	free(acc);
	free(m);
	free(c);
	return st;
}

static struct x25519_comb *comb_base;
static pthread_once_t comb_base_once = PTHREAD_ONCE_INIT;

static void
comb_base_make(void)
{
	(void)x25519_comb_new(x25519_base_u, &comb_base);
}

const struct x25519_comb *
x25519_comb_base(void)
{
	pthread_once(&comb_base_once, comb_base_make);
	return comb_base;
}

void
x25519_comb_free(struct x25519_comb *c)
{
	free(c);
}

/* t = b (32^pos P) for -16 <= b <= 16, in constant time: every entry
 * of the row is read and the one wanted (none for b = 0) or'd in under
 * a mask; -q swaps y + x and y - x and negates 2 d x y.  acc and n,
 * which hold the entry chosen, are wiped (0 to 3% of mul2's time); t is
 * its caller's to wipe. */
static void
comb_select(ge_pre *t, const struct x25519_comb *c, int pos, signed char b)
{
	const uint64_t neg = (uint64_t)((uint8_t)b >> 7);
	const uint64_t babs = (uint64_t)(uint8_t)(b - ((-(int)neg & b) * 2));
	uint64_t m, x;
	int j, k;
	fe n;

	u64x2 acc[8] = {0}; /* in registers: 10% faster than into *t */

	for (j = 0; j < COMB_COLS; j++) {
		const ge_pre *q = &c->t[pos][j];
		u64x2 mm;

		m = 0 - (((babs ^ (uint64_t)(j + 1)) - 1) >> 63);
		mm = (u64x2){m, m};
#pragma GCC unroll 8
		for (k = 0; k < 8; k++)
			acc[k] |= mm & q->x[k];
	}
	memcpy(t->x, acc, sizeof(acc));
	m = 0 - ((babs - 1) >> 63); /* b = 0: (1, 1, 0), the zero */
	t->w[0] |= m & 1;
	t->w[5] |= m & 1;
	m = 0 - neg;
	for (k = 0; k < 5; k++) {
		x = m & (t->yplusx.v[k] ^ t->yminusx.v[k]);
		t->yplusx.v[k] ^= x;
		t->yminusx.v[k] ^= x;
	}
	fe_neg(&n, &t->xy2d);
	fe_cmov(&t->xy2d, &n, neg);
	OPENSSL_cleanse(&n, sizeof(n));
	OPENSSL_cleanse(acc, sizeof(acc));
}

/* k clamped (RFC 7748) in COMB_DIGITS signed digits of radix 32,
 * -16 <= e[i] <= 16: k = sum e[i] 32^i.  The last digit is k's bits
 * 255 and up (0, k < 2^255) and the carry into them: always 1, as bit
 * 254 makes digit 50 carry (15 of the last row's 16 entries are never
 * chosen; a row of one would save 2 KB a comb). */
_Static_assert(COMB_W == 5 && COMB_DIGITS * COMB_W == 260,
    "comb_digits: the last digit is bits 255 and up");
static void
comb_digits(signed char e[COMB_DIGITS], const uint8_t k[X25519_LEN])
{
	uint8_t a[X25519_LEN + 2] = {0}; /* two zero bytes past the last */
	int i, bit, carry = 0;
	const int half = 1 << (COMB_W - 1), mask = (1 << COMB_W) - 1;

	memcpy(a, k, X25519_LEN);
	a[0] &= 248;
	a[31] &= 127;
	a[31] |= 64;
	for (i = 0; i < COMB_DIGITS; i++) {
		bit = i * COMB_W;
		e[i] = (signed char)(((a[bit / 8] | a[bit / 8 + 1] << 8) >>
		                         (bit % 8)) &
		    mask);
	}
	for (i = 0; i < COMB_DIGITS - 1; i++) {
		e[i] = (signed char)(e[i] + carry);
		carry = (e[i] + half) >> COMB_W;
		e[i] = (signed char)(e[i] - carry * (mask + 1));
	}
	e[COMB_DIGITS - 1] = (signed char)(e[COMB_DIGITS - 1] + carry);
	OPENSSL_cleanse(a, sizeof(a));
}

/* h = sum of e[i] 32^i P: one mixed addition a digit. */
static void
comb_sum(
    ge_p3 *h, const struct x25519_comb *c, const signed char e[COMB_DIGITS])
{
	ge_p1p1 r;
	ge_pre t;
	int i;

	ge_p3_identity(h);
	for (i = 0; i < COMB_DIGITS; i++) {
		comb_select(&t, c, i, e[i]);
		ge_madd(&r, h, &t);
		ge_p1p1_to_p3(h, &r);
	}
	OPENSSL_cleanse(&r, sizeof(r));
	OPENSSL_cleanse(&t, sizeof(t));
}

/* The u-coordinate of k's digits e times c's point as a fraction n / d,
 * (Z + Y) / (Z - Y); at infinity (Z = Y) 0 / 1 rather than 2Z / 0, so
 * that d can be inverted together with others (x25519_comb_mul2). */
static void
comb_fraction(
    fe *n, fe *d, const struct x25519_comb *c, const signed char e[COMB_DIGITS])
{
	ge_p3 h;
	fe one, zero;
	uint64_t inf;

	comb_sum(&h, c, e);
	fe_add(n, &h.Z, &h.Y);
	fe_sub(d, &h.Z, &h.Y);
	inf = fe_iszero(d);
	fe_set(&one, 1);
	fe_set(&zero, 0);
	fe_cmov(d, &one, inf);
	fe_cmov(n, &zero, inf);
	OPENSSL_cleanse(&h, sizeof(h));
}

void
x25519_comb_mul(const struct x25519_comb *c, const uint8_t k[X25519_LEN],
    uint8_t out[X25519_LEN])
{
	signed char e[COMB_DIGITS];
	fe n, d;

	comb_digits(e, k);
	comb_fraction(&n, &d, c, e);
	fe_invert(&d, &d);
	fe_mul(&n, &n, &d);
	fe_tobytes(out, &n);
	OPENSSL_cleanse(e, sizeof(e));
	OPENSSL_cleanse(&n, sizeof(n));
	OPENSSL_cleanse(&d, sizeof(d));
}

void
x25519_comb_mul2(const struct x25519_comb *c1, const struct x25519_comb *c2,
    const uint8_t k[X25519_LEN], uint8_t out1[X25519_LEN],
    uint8_t out2[X25519_LEN])
{
	signed char e[COMB_DIGITS];
	fe n1, d1, n2, d2, t;

	comb_digits(e, k);
	comb_fraction(&n1, &d1, c1, e);
	comb_fraction(&n2, &d2, c2, e);
	fe_mul(&t, &d1, &d2);
	fe_invert(&t, &t); /* 1 / (d1 d2) */
	fe_mul(&n1, &n1, &t);
	fe_mul(&n1, &n1, &d2);
	fe_mul(&n2, &n2, &t);
	fe_mul(&n2, &n2, &d1);
	fe_tobytes(out1, &n1);
	fe_tobytes(out2, &n2);
	OPENSSL_cleanse(e, sizeof(e));
	OPENSSL_cleanse(&n1, sizeof(n1));
	OPENSSL_cleanse(&n2, sizeof(n2));
	OPENSSL_cleanse(&d1, sizeof(d1));
	OPENSSL_cleanse(&d2, sizeof(d2));
	OPENSSL_cleanse(&t, sizeof(t));
}

#else /* no 128-bit integers: no combs, callers use OpenSSL's ladder */
enum x25519_status
x25519_comb_new(const uint8_t u[X25519_LEN], struct x25519_comb **out)
{
	(void)u;
	*out = NULL;
	return X25519_NO_COMB;
}

const struct x25519_comb *
x25519_comb_base(void)
{
	return NULL;
}

void
x25519_comb_mul(const struct x25519_comb *c, const uint8_t k[X25519_LEN],
    uint8_t out[X25519_LEN])
{
	(void)c, (void)k;
	memset(out, 0, X25519_LEN);
}

void
x25519_comb_mul2(const struct x25519_comb *c1, const struct x25519_comb *c2,
    const uint8_t k[X25519_LEN], uint8_t out1[X25519_LEN],
    uint8_t out2[X25519_LEN])
{
	(void)c1, (void)c2, (void)k;
	memset(out1, 0, X25519_LEN);
	memset(out2, 0, X25519_LEN);
}

void
x25519_comb_free(struct x25519_comb *c)
{
	(void)c;
}
#endif
