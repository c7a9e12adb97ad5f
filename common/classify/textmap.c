/*
 * textmap.c - the hot bytes of a free text (textmap.h).
 *
 * Each 64-byte block gets six masks (space, lower-case letter, end
 * punctuation but the apostrophe, byte of a word of prose, digit, start
 * of a trigram of the names of fields), sixteen bytes at a time with
 * SSE2 where the machine has it, a byte at a time otherwise; the hot
 * bits of a block are then a few operations on its masks and its
 * neighbours'.  test_textmap checks the hot bits against their
 * definition, a byte at a time, on random texts.
 */
#include "textmap.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

struct tmasks {
	uint64_t sp;    /* ' ' '\t' '\n' '\r' */
	uint64_t lower; /* a-z */
	uint64_t end;   /* end punctuation but the apostrophe */
	uint64_t prose; /* a-z '-' '\'' and end punctuation */
	uint64_t digit; /* 0-9 */
	uint64_t tri;   /* the first byte of a trigram of textmap.h */
	uint64_t bad;   /* a byte the map does not model */
};

int
textmap_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

#if !defined(__SSE2__)
static int
is_end(unsigned char c)
{
	return c != '\0' && strchr(".,;:!?)]}>\"", c) != NULL;
}

/* Is the folded a b c one of the trigrams of textmap.h? */
static int
is_tri(unsigned char a, unsigned char b, unsigned char c)
{
	a |= 0x20, b |= 0x20, c |= 0x20;
	return (a == 'n' && b == 'a' && (c == 'm' || c == 'a')) ||
	    (a == 'n' && b == 'o' && c == 'm') ||
	    (a == 'n' && b == 'd' && c == 'l') ||
	    (a == 'o' && b == 'g' && c == 'i') ||
	    (a == 'p' && b == 'e' && c == 'l');
}

/* The masks of the 64 bytes at b (b[64] and b[65] readable), a byte at
 * a time. */
static void
block_masks(const unsigned char *b, struct tmasks *m)
{
	unsigned char c;
	uint64_t bit;
	size_t i;

	*m = (struct tmasks){.sp = 0};
	for (i = 0; i < 64; i++) {
		c = b[i], bit = (uint64_t)1 << i;
		m->sp |= textmap_space((char)c) ? bit : 0;
		m->lower |= c >= 'a' && c <= 'z' ? bit : 0;
		m->end |= is_end(c) ? bit : 0;
		m->prose |=
		    (c >= 'a' && c <= 'z') || c == '-' || c == '\'' || is_end(c)
		    ? bit
		    : 0;
		m->digit |= c >= '0' && c <= '9' ? bit : 0;
		m->tri |= is_tri(c, b[i + 1], b[i + 2]) ? bit : 0;
		m->bad |=
		    c == '\v' || c == '\f' || c == 0xc2 || c >= 0xe0 ? bit : 0;
	}
}
#else
static __m128i
eq(__m128i v, char c)
{
	return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}

/* 16 bytes of each mask, from v and the bytes one (v1) and two (v2)
 * after it. */
static void
chunk_masks(__m128i v, __m128i v1, __m128i v2, unsigned *out)
{
	const __m128i low = _mm_set1_epi8(0x20);
	__m128i lower = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x60)),
	            _mm_cmplt_epi8(v, _mm_set1_epi8(0x7b))),
	        sp = _mm_or_si128(_mm_or_si128(eq(v, ' '), eq(v, '\t')),
	            _mm_or_si128(eq(v, '\n'), eq(v, '\r'))),
	        end = _mm_or_si128(
	            _mm_or_si128(_mm_or_si128(eq(v, '.'), eq(v, ',')),
	                _mm_or_si128(eq(v, ';'), eq(v, ':'))),
	            _mm_or_si128(
	                _mm_or_si128(_mm_or_si128(eq(v, '!'), eq(v, '?')),
	                    _mm_or_si128(eq(v, ')'), eq(v, ']'))),
	                _mm_or_si128(
	                    _mm_or_si128(eq(v, '}'), eq(v, '>')), eq(v, '"')))),
	        f0 = _mm_or_si128(v, low), f1 = _mm_or_si128(v1, low),
	        f2 = _mm_or_si128(v2, low), tri, bad;

	tri = _mm_or_si128(
	    _mm_and_si128(eq(f0, 'n'),
	        _mm_or_si128(_mm_and_si128(eq(f1, 'a'),
	                         _mm_or_si128(eq(f2, 'm'), eq(f2, 'a'))),
	            _mm_or_si128(_mm_and_si128(eq(f1, 'o'), eq(f2, 'm')),
	                _mm_and_si128(eq(f1, 'd'), eq(f2, 'l'))))),
	    _mm_or_si128(_mm_and_si128(eq(f0, 'o'),
	                     _mm_and_si128(eq(f1, 'g'), eq(f2, 'i'))),
	        _mm_and_si128(
	            eq(f0, 'p'), _mm_and_si128(eq(f1, 'e'), eq(f2, 'l')))));
	bad = _mm_or_si128(_mm_or_si128(eq(v, '\v'), eq(v, '\f')),
	    _mm_or_si128(eq(v, (char)0xc2),
	        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-33)),
	            _mm_cmplt_epi8(v, _mm_setzero_si128()))));
	out[0] = (unsigned)_mm_movemask_epi8(sp);
	out[1] = (unsigned)_mm_movemask_epi8(lower);
	out[2] = (unsigned)_mm_movemask_epi8(end);
	out[3] = (unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_or_si128(lower, end), _mm_or_si128(eq(v, '-'), eq(v, '\''))));
	out[4] = (unsigned)_mm_movemask_epi8(
	    _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
	        _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1))));
	out[5] = (unsigned)_mm_movemask_epi8(tri);
	out[6] = (unsigned)_mm_movemask_epi8(bad);
}

/* The masks of the 64 bytes at b (b[64] and b[65] readable), sixteen
 * bytes at a time. */
static void
block_masks(const unsigned char *b, struct tmasks *m)
{
	uint64_t *f[7] = {
	    &m->sp, &m->lower, &m->end, &m->prose, &m->digit, &m->tri, &m->bad};
	unsigned out[7];
	size_t i, j;

	*m = (struct tmasks){.sp = 0};
	for (i = 0; i < 64; i += 16) {
		chunk_masks(_mm_loadu_si128((const __m128i *)(b + i)),
		    _mm_loadu_si128((const __m128i *)(b + i + 1)),
		    _mm_loadu_si128((const __m128i *)(b + i + 2)), out);
		for (j = 0; j < 7; j++)
			*f[j] |= (uint64_t)out[j] << i;
	}
}
#endif

/* The masks of block k of s[0..n): from s itself when its 66 bytes are
 * there, else from a copy padded with spaces (bytes past the end are
 * spaces: no word goes on there). */
static void
masks_at(const char *s, size_t n, size_t k, struct tmasks *m)
{
	unsigned char pad[64 + 16];
	size_t at = k * 64;

	if (at + 66 <= n) {
		block_masks((const unsigned char *)s + at, m);
		return;
	}
	memset(pad, ' ', sizeof(pad));
	if (at < n)
		memcpy(pad, s + at, n - at < 66 ? n - at : 66);
	block_masks(pad, m);
}

int
textmap_build(struct textmap *m, const char *s, size_t n)
{
	struct tmasks cur, next;
	uint64_t sp_before = 1, word_after, blocks = (n + 63) / 64, k;

	m->mapped = 0;
	if (n > TEXTMAP_MAX)
		return 0;
	m->s = s, m->n = n;
	masks_at(s, n, 0, &cur);
	for (k = 0; k < blocks; k++) {
		masks_at(s, n, k + 1, &next);
		if (cur.bad != 0)
			return 0;
		/* the byte after each is in the word and no end punctuation
		 * (an apostrophe is none here) */
		word_after = (~cur.sp & ~cur.end) >> 1 |
		    ((~next.sp & ~next.end) & 1) << 63;
		m->hot[k] = ~(cur.prose | cur.sp) |
		    ((cur.sp << 1 | sp_before) & ~cur.lower & ~cur.sp) |
		    (cur.end & word_after) | cur.tri;
		m->digit[k] = cur.digit;
		sp_before = cur.sp >> 63;
		cur = next;
	}
	return m->mapped = 1;
}

/* The first set bit of bits[] at pos or after, below n; n when none. */
static size_t
next_bit(const uint64_t *bits, size_t n, size_t pos)
{
	size_t k = pos / 64, blocks = (n + 63) / 64, at;
	uint64_t w;

	if (pos >= n)
		return n;
	w = bits[k] & (~(uint64_t)0 << (pos % 64));
	while (w == 0) {
		if (++k >= blocks)
			return n;
		w = bits[k];
	}
	at = k * 64 + (size_t)__builtin_ctzll(w);
	return at < n ? at : n;
}

size_t
textmap_next_hot(const struct textmap *m, size_t pos)
{
	return next_bit(m->hot, m->n, pos);
}

size_t
textmap_next_digit(const struct textmap *m, size_t pos)
{
	return next_bit(m->digit, m->n, pos);
}
