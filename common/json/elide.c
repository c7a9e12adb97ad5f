/* elide.c - long token strings cut short before parsing (see elide.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "elide.h"
#include "yajlspace.h"

/* Bytes that end a body: '"', '\\' and control characters. */
static int
body_stop(unsigned char c)
{
	return c == '"' || c == '\\' || c < 0x20;
}

/* The first i' >= i where s[i'] is '"' and s[i' + 1] is p0, or n. */
static size_t
next_quote(const char *s, size_t n, size_t i, char p0)
{
#ifdef __SSE2__
	const __m128i q = _mm_set1_epi8('"'), p = _mm_set1_epi8(p0);

	for (; i + 17 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i v1 = _mm_loadu_si128((const __m128i *)(s + i + 1));
		unsigned m = (unsigned)_mm_movemask_epi8(
		    _mm_and_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v1, p)));

		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i + 1 < n; i++)
		if (s[i] == '"' && s[i + 1] == p0)
			return i;
	return n;
}

/* Is the '"' at i escaped (an odd run of backslashes before it)? */
static int
escaped(const char *s, size_t i)
{
	size_t j = i;

	while (j > 0 && s[j - 1] == '\\')
		j--;
	return (i - j) % 2 == 1;
}

/* The first i' >= i with body_stop(s[i']), or n. */
static size_t
body_end(const char *s, size_t n, size_t i)
{
#ifdef __SSE2__
	const __m128i q = _mm_set1_epi8('"'), b = _mm_set1_epi8('\\'),
	              c = _mm_set1_epi8(0x1f);

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i stop = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, b)),
		    _mm_cmpeq_epi8(_mm_max_epu8(v, c), c));
		unsigned m = (unsigned)_mm_movemask_epi8(stop);

		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	while (i < n && !body_stop((unsigned char)s[i]))
		i++;
	return i;
}

/* Is the byte after white space from i on a ':'? */
static int
key_follows(const char *s, size_t n, size_t i)
{
	while (i < n && yajlspace_is((unsigned char)s[i]))
		i++;
	return i < n && s[i] == ':';
}

static int
cut_add(struct elide *e, size_t at, size_t len)
{
	struct elide_cut *c;
	size_t cap;

	if (e->ncut == e->cap) {
		cap = e->cap == 0 ? 16 : e->cap * 2;
		if (cap > SIZE_MAX / sizeof(*c) ||
		    (c = realloc(e->cut, cap * sizeof(*c))) == NULL)
			return -1;
		e->cut = c;
		e->cap = cap;
	}
	e->cut[e->ncut].at = at;
	e->cut[e->ncut++].n = len;
	return 0;
}

/* The body of the string whose '"' is at i, if it may be cut: its end
 * (the closing '"'), else 0. */
static size_t
body_cuttable(const char *s, size_t n, size_t i, const char *prefix,
    size_t plen, size_t *body)
{
	size_t end;

	if (n - i - 1 < plen || memcmp(s + i + 1, prefix, plen) != 0)
		return 0;
	*body = i + 1 + plen;
	end = body_end(s, n, *body);
	if (end >= n || s[end] != '"' || end - *body < ELIDE_MIN ||
	    key_follows(s, n, end + 1))
		return 0;
	return end;
}

/* Places elide_map() at the line's start. */
static void
elide_rewind(struct elide *e)
{
	e->k = e->shift = e->lo = 0;
	e->hi = e->ncut > 0 ? e->cut[0].at : SIZE_MAX;
}

int
elide_prefix_ok(const char *prefix, size_t plen)
{
	unsigned char c = plen > 0 ? (unsigned char)prefix[0] : 0;
	size_t i;

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) || c == 't' ||
	    c == 'f' || c == 'n')
		return 0;
	for (i = 0; i < plen; i++)
		if (body_stop((unsigned char)prefix[i]))
			return 0;
	return 1;
}

/* Out of memory: no cuts, the line is used as it is. */
static int
elide_fail(struct elide *e)
{
	e->ncut = 0;
	e->out.len = 0;
	e->out.err = 0; /* buf errors are sticky: the next line may try */
	elide_rewind(e);
	return -1;
}

int
elide_line(
    struct elide *e, const char *s, size_t n, const char *prefix, size_t plen)
{
	size_t i = 0, from = 0, body = 0, end;

	e->ncut = 0;
	e->out.len = 0;
	while ((i = next_quote(s, n, i, prefix[0])) < n) {
		if (escaped(s, i) ||
		    (end = body_cuttable(s, n, i, prefix, plen, &body)) == 0) {
			i++;
			continue;
		}
		if (buf_append(&e->out, s + from, body - from) != 0 ||
		    cut_add(e, e->out.len, end - body) != 0)
			return elide_fail(e);
		from = end;
		i = end + 1;
	}
	if (e->ncut > 0 && buf_append(&e->out, s + from, n - from) != 0)
		return elide_fail(e);
	elide_rewind(e);
	return 0;
}

size_t
elide_map_move(struct elide *e, size_t at)
{
	while (e->k > 0 && e->cut[e->k - 1].at > at)
		e->shift -= e->cut[--e->k].n;
	while (e->k < e->ncut && e->cut[e->k].at <= at)
		e->shift += e->cut[e->k++].n;
	e->lo = e->k > 0 ? e->cut[e->k - 1].at : 0;
	e->hi = e->k < e->ncut ? e->cut[e->k].at : SIZE_MAX;
	return at + e->shift;
}

void
elide_free(struct elide *e)
{
	buf_free(&e->out, 1);
	free(e->cut);
	e->cut = NULL;
	e->ncut = e->cap = 0;
	elide_rewind(e);
}
