/*
 * textmap.c - the hot bytes of a free text (textmap.h).
 *
 * Each 64-byte block gets seven masks (space, lower-case letter, end
 * punctuation but the apostrophe, byte of a word of prose, digit, start
 * of a trigram of the names of fields, byte the map does not model),
 * 32 bytes at a time with AVX2 where the processor has it, 16 with SSE2
 * otherwise, a byte at a time off x86; the hot bits of a block are then
 * a few operations on its masks and its neighbours'.  test_textmap checks the
 * hot bits against their definition, a byte at a time, on random texts.
 */
#include "textmap.h"

#include <pthread.h>
#include <string.h>

/* TEXTMAP_SCALAR (test_textmap_scalar only) builds the byte-at-a-time
 * masks on x86 too, which no other build runs there. */
#if defined(__SSE2__) && !defined(TEXTMAP_SCALAR)
#define TEXTMAP_SSE2 1
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(TEXTMAP_SCALAR)
#include <immintrin.h>
#define TEXTMAP_AVX2 __attribute__((target("avx2")))
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

#if !defined(TEXTMAP_SSE2)
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

#if defined(TEXTMAP_AVX2)
/* AVX2, 32 bytes a step, where the processor has it (checked once):
 * the classes of a byte from two tables of 16 by its nibbles, each bit
 * a set of high nibbles times a set of low ones (a byte is in a class
 * when both tables give the bit): */
enum {
	NB_SP1 = 1,    /* \t \n \r: 0x0 x {9, a, d} */
	NB_SP2 = 2,    /* ' ': 0x2 x {0} */
	NB_END2 = 4,   /* ! " ) , .: 0x2 x {1, 2, 9, c, e} */
	NB_END3 = 8,   /* : ; > ?: 0x3 x {a, b, e, f} */
	NB_END57 = 16, /* ] }: {0x5, 0x7} x {d} */
	NB_DA = 32,    /* ' -: 0x2 x {7, d} */
	NB_CTL = 64,   /* \v \f: 0x0 x {b, c} */
	NB_C2 = 128    /* 0xc2: 0xc x {2} (and >= 0xe0 by a compare) */
};

static const int8_t nb_lo[16] = {NB_SP2, NB_END2, NB_END2 | (int8_t)NB_C2, 0, 0,
    0, 0, NB_DA, 0, NB_SP1 | NB_END2, NB_SP1 | NB_END3, NB_END3 | NB_CTL,
    NB_END2 | NB_CTL, NB_SP1 | NB_END57 | NB_DA, NB_END2 | NB_END3, NB_END3};
static const int8_t nb_hi[16] = {NB_SP1 | NB_CTL, 0, NB_SP2 | NB_END2 | NB_DA,
    NB_END3, 0, NB_END57, 0, NB_END57, 0, 0, 0, 0, (int8_t)NB_C2, 0, 0, 0};

/* Does the processor have AVX2?  Asked once a process, by
 * textmap_build() (worker threads map texts at once). */
static int textmap_avx2;
static pthread_once_t textmap_avx2_once = PTHREAD_ONCE_INIT;

static void
textmap_avx2_init(void)
{
	textmap_avx2 = __builtin_cpu_supports("avx2") != 0;
}

TEXTMAP_AVX2 static __m256i
eq32(__m256i v, char c)
{
	return _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c));
}

/* Are any of bits set in each byte of c? */
TEXTMAP_AVX2 static unsigned
any32(__m256i c, int bits)
{
	return ~(unsigned)_mm256_movemask_epi8(
	    _mm256_cmpeq_epi8(_mm256_and_si256(c, _mm256_set1_epi8((char)bits)),
	        _mm256_setzero_si256()));
}

TEXTMAP_AVX2 static unsigned
range32(__m256i v, char lo, char hi)
{
	return (unsigned)_mm256_movemask_epi8(
	    _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(lo - 1)),
	        _mm256_cmpgt_epi8(_mm256_set1_epi8(hi + 1), v)));
}

/* The trigrams of textmap.h starting at each byte of f0 (folded; f1
 * and f2 the bytes after). */
TEXTMAP_AVX2 static unsigned
tri32(__m256i f0, __m256i f1, __m256i f2)
{
	__m256i n = eq32(f0, 'n'), m2 = eq32(f2, 'm'), l2 = eq32(f2, 'l');

	return (unsigned)_mm256_movemask_epi8(_mm256_or_si256(
	    _mm256_and_si256(n,
	        _mm256_or_si256(_mm256_and_si256(eq32(f1, 'a'),
	                            _mm256_or_si256(m2, eq32(f2, 'a'))),
	            _mm256_or_si256(_mm256_and_si256(eq32(f1, 'o'), m2),
	                _mm256_and_si256(eq32(f1, 'd'), l2)))),
	    _mm256_or_si256(_mm256_and_si256(eq32(f0, 'o'),
	                        _mm256_and_si256(eq32(f1, 'g'), eq32(f2, 'i'))),
	        _mm256_and_si256(
	            eq32(f0, 'p'), _mm256_and_si256(eq32(f1, 'e'), l2)))));
}

/* block_masks(), 32 bytes a step. */
TEXTMAP_AVX2 static void
block_masks_avx2(const unsigned char *b, struct tmasks *m)
{
	const __m256i lo_tab = _mm256_broadcastsi128_si256(
	                  _mm_loadu_si128((const __m128i *)nb_lo)),
	              hi_tab = _mm256_broadcastsi128_si256(
	                  _mm_loadu_si128((const __m128i *)nb_hi)),
	              nib = _mm256_set1_epi8(0x0f),
	              low = _mm256_set1_epi8(0x20);
	__m256i v, c;
	uint64_t lower, end;
	size_t i;

	*m = (struct tmasks){.sp = 0};
	for (i = 0; i < 64; i += 32) {
		v = _mm256_loadu_si256((const __m256i *)(b + i));
		c = _mm256_and_si256(
		    _mm256_shuffle_epi8(lo_tab, _mm256_and_si256(v, nib)),
		    _mm256_shuffle_epi8(hi_tab,
		        _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)));
		lower = range32(v, 'a', 'z');
		end = any32(c, NB_END2 | NB_END3 | NB_END57);
		m->sp |= (uint64_t)any32(c, NB_SP1 | NB_SP2) << i;
		m->lower |= lower << i;
		m->end |= end << i;
		m->prose |= (lower | end | any32(c, NB_DA)) << i;
		m->digit |= (uint64_t)range32(v, '0', '9') << i;
		m->tri |=
		    (uint64_t)tri32(_mm256_or_si256(v, low),
		        _mm256_or_si256(
		            _mm256_loadu_si256((const __m256i *)(b + i + 1)),
		            low),
		        _mm256_or_si256(
		            _mm256_loadu_si256((const __m256i *)(b + i + 2)),
		            low))
		    << i;
		m->bad |=
		    (uint64_t)(any32(c, NB_CTL | NB_C2) |
		        (unsigned)_mm256_movemask_epi8(_mm256_and_si256(
		            _mm256_cmpgt_epi8(v, _mm256_set1_epi8(-33)),
		            _mm256_cmpgt_epi8(_mm256_setzero_si256(), v))))
		    << i;
	}
}
#endif

void
textmap_debug_no_avx2(int on)
{
#if defined(TEXTMAP_AVX2)
	pthread_once(&textmap_avx2_once, textmap_avx2_init);
	textmap_avx2 = on ? 0 : __builtin_cpu_supports("avx2") != 0;
#else
	(void)on;
#endif
}

/* The masks of the 64 bytes at b (b[64] and b[65] readable), by the
 * best way the processor has. */
static void
block_masks_best(const unsigned char *b, struct tmasks *m)
{
#if defined(TEXTMAP_AVX2)
	if (textmap_avx2) { /* asked by textmap_build() */
		block_masks_avx2(b, m);
		return;
	}
#endif
	block_masks(b, m);
}

/* The masks of block k of s[0..n): from s itself when its 66 bytes are
 * there, else from a copy padded with spaces (bytes past the end are
 * spaces: no word goes on there).  A block past the end, as the one
 * after the last is, is all spaces: what block_masks() gives of 66. */
static void
masks_at(const char *s, size_t n, size_t k, struct tmasks *m)
{
	unsigned char pad[64 + 16];
	size_t at = k * 64;

	if (at + 66 <= n) {
		block_masks_best((const unsigned char *)s + at, m);
		return;
	}
	if (at >= n) {
		*m = (struct tmasks){.sp = ~(uint64_t)0};
		return;
	}
	memset(pad, ' ', sizeof(pad));
	memcpy(pad, s + at, n - at < 66 ? n - at : 66);
	block_masks_best(pad, m);
}

int
textmap_build(struct textmap *m, const char *s, size_t n)
{
	struct tmasks cur, next;
	uint64_t sp_before = 1, word_after, blocks = (n + 63) / 64, k;

	m->mapped = 0;
	if (n > TEXTMAP_MAX)
		return 0;
#if defined(TEXTMAP_AVX2)
	pthread_once(&textmap_avx2_once, textmap_avx2_init);
#endif
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
		m->start[k] = ~cur.sp & (cur.sp << 1 | sp_before);
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

size_t
textmap_next_start(const struct textmap *m, size_t pos)
{
	return next_bit(m->start, m->n, pos);
}

/* The bits of w from bit lo on (lo < 64). */
static uint64_t
bits_from(uint64_t w, size_t lo)
{
	return w & (~(uint64_t)0 << lo);
}

size_t
textmap_starts(const struct textmap *m, size_t a, size_t b)
{
	size_t k = (a + 1) / 64, last = b / 64, count = 0;
	uint64_t w;

	if (b <= a)
		return 0;
	for (; k <= last; k++) {
		w = m->start[k];
		if (k == (a + 1) / 64)
			w = bits_from(w, (a + 1) % 64);
		if (k == last && b % 64 < 63)
			w &= ~bits_from(~(uint64_t)0, b % 64 + 1);
		count += (size_t)__builtin_popcountll(w);
	}
	return count;
}

size_t
textmap_word_start(const struct textmap *m, size_t pos)
{
	size_t k = pos / 64;
	uint64_t w = m->start[k] & (~(uint64_t)0 >> (63 - pos % 64));

	while (w == 0 && k > 0)
		w = m->start[--k];
	/* the text's first byte starts a word when it holds one */
	return w == 0 ? 0 : k * 64 + 63 - (size_t)__builtin_clzll(w);
}
