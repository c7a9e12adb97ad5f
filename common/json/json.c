/* json.c - JSON text helpers (see json.h). */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "json.h"
#include "utf8.h"
#include "yajlmem.h"
#include "yajlspace.h"

int
json_string_end(const char *s, size_t n, size_t i, size_t *end)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"') {
			*end = i + 1;
			return 0;
		}
	}
	return -1;
}

static int
hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int
put_utf8(struct buf *out, unsigned cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80)
		b[0] = (char)cp, n = 1;
	else if (cp < 0x800)
		b[0] = (char)(0xc0 | cp >> 6), b[1] = (char)(0x80 | (cp & 63)),
		n = 2;
	else if (cp < 0x10000)
		b[0] = (char)(0xe0 | cp >> 12),
		b[1] = (char)(0x80 | (cp >> 6 & 63)),
		b[2] = (char)(0x80 | (cp & 63)), n = 3;
	else
		b[0] = (char)(0xf0 | cp >> 18),
		b[1] = (char)(0x80 | (cp >> 12 & 63)),
		b[2] = (char)(0x80 | (cp >> 6 & 63)),
		b[3] = (char)(0x80 | (cp & 63)), n = 4;
	return buf_append(out, b, n);
}

/* \uXXXX (and a following low surrogate); *i is at the 'u'.  lax: a
 * lone surrogate is U+FFFD instead of an error. */
static int
unquote_u(const char *s, size_t n, size_t *i, int lax, struct buf *out)
{
	unsigned cp, lo;

	if (*i + 5 > n || hex4(s + *i + 1, &cp) != 0)
		return -1;
	*i += 4;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return lax ? put_utf8(out, 0xfffd) : -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (*i + 7 > n || s[*i + 1] != '\\' || s[*i + 2] != 'u' ||
		    hex4(s + *i + 3, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
			return lax ? put_utf8(out, 0xfffd) : -1;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*i += 6;
	}
	return put_utf8(out, cp);
}

/* One character or escape of the content s[0..n) at *i, decoded onto
 * out; *i is left on its last byte. */
static int
unescape_one(const char *s, size_t n, size_t *i, int lax, struct buf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *p;

	if ((unsigned char)s[*i] < 0x20 || s[*i] == '"')
		return -1;
	if (s[*i] != '\\')
		return buf_putc(out, s[*i]);
	if (++*i >= n)
		return -1;
	if (s[*i] == 'u')
		return unquote_u(s, n, i, lax, out);
	if ((p = strchr(from, s[*i])) == NULL || *p == '\0')
		return -1;
	return buf_putc(out, to[p - from]);
}

int
json_unescape(const char *s, size_t n, int lax, struct buf *out, size_t *map)
{
	size_t base = out->len, i, at, j;

	for (i = 0; i < n; i++) {
		at = i, j = out->len;
		if (unescape_one(s, n, &i, lax, out) != 0)
			return -1;
		if (map != NULL)
			for (; j < out->len; j++)
				map[j - base] = at;
	}
	return 0;
}

int
json_unquote(const char *s, size_t n, struct buf *out)
{
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return -1;
	return json_unescape(s + 1, n - 2, 0, out, NULL);
}

int
json_content_valid(const char *s, size_t n)
{
	size_t i;
	unsigned cp;

	if (utf8_check(s, n) < n)
		return 0;
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == '"')
			return 0;
		if (s[i] != '\\')
			continue;
		if (++i >= n)
			return 0;
		if (s[i] == 'u') {
			if (i + 5 > n || hex4(s + i + 1, &cp) != 0)
				return 0;
			i += 4;
		} else if (strchr("\"\\/bfnrt", s[i]) == NULL || s[i] == '\0') {
			return 0;
		}
	}
	return 1;
}

/*
 * json_is_value() without a parser allocation.  Fast path: it must equal
 * the slow path, yajl's own parse of the whole text (the tree parse that
 * json_is_value() falls back to), and tests/unit/test_fastpath.c
 * compares the two on random and mutated texts.  It accepts exactly what
 * yajl 2 with its default options and no callbacks accepts
 * for one complete value (which is what phi-encrypt's input passed):
 * white space includes \v and \f; strings may hold any byte but
 * controls, with escapes \" \\ \/ \b \f \n \r \t \uXXXX (surrogates
 * unchecked) and UTF-8 checked as yajl's lexer does (lead byte and
 * continuation bytes only, so overlong forms pass); numbers per the JSON
 * grammar, any size.  Nesting deeper than JV_DEPTH goes to yajl itself.
 */
#define JV_DEPTH 1024

struct jv {
	const unsigned char *s;
	size_t n, i, depth;
	unsigned char open[JV_DEPTH]; /* '{' or '[' per level */
};

static void
jv_space(struct jv *v)
{
	while (v->i < v->n && yajlspace_is(v->s[v->i]))
		v->i++;
}

static int
jv_digits(struct jv *v)
{
	size_t from = v->i;

	while (v->i < v->n && v->s[v->i] >= '0' && v->s[v->i] <= '9')
		v->i++;
	return v->i > from;
}

static int
jv_number(struct jv *v)
{
	if (v->s[v->i] == '-')
		v->i++;
	if (v->i < v->n && v->s[v->i] == '0')
		v->i++;
	else if (!jv_digits(v))
		return 0;
	if (v->i < v->n && v->s[v->i] == '.') {
		v->i++;
		if (!jv_digits(v))
			return 0;
	}
	if (v->i < v->n && (v->s[v->i] == 'e' || v->s[v->i] == 'E')) {
		v->i++;
		if (v->i < v->n && (v->s[v->i] == '+' || v->s[v->i] == '-'))
			v->i++;
		if (!jv_digits(v))
			return 0;
	}
	return 1;
}

/* A UTF-8 sequence at s[i] (a byte >= 0x80), as yajl's lexer checks it:
 * 110xxxxx, 1110xxxx or 11110xxx and that many 10xxxxxx bytes. */
static int
jv_utf8(struct jv *v)
{
	unsigned char c = v->s[v->i++];
	int more = (c >> 5) == 0x6 ? 1
	    : (c >> 4) == 0xe      ? 2
	    : (c >> 3) == 0x1e     ? 3
	                           : -1;

	for (; more > 0; more--, v->i++)
		if (v->i >= v->n || (v->s[v->i] >> 6) != 0x2)
			return 0;
	return more == 0;
}

/* After a '\\' at s[i]: the length of the escape, or 0 when bad. */
static size_t
jv_escape(const unsigned char *s, size_t i, size_t n)
{
	unsigned u;

	if (i + 1 >= n)
		return 0;
	switch (s[i + 1]) {
	case '"':
	case '\\':
	case '/':
	case 'b':
	case 'f':
	case 'n':
	case 'r':
	case 't':
		return 2;
	case 'u':
		return n - i >= 6 && hex4((const char *)s + i + 2, &u) == 0 ? 6
		                                                            : 0;
	}
	return 0;
}

/* ASCII that needs no look in a string: not a control character, '"',
 * '\\' or a byte of a multi-byte sequence. */
/* clang-format off */
static const unsigned char jv_plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* clang-format on */

/* A string; v->i is at its '"'. */
static int
jv_string(struct jv *v)
{
	const unsigned char *s = v->s;
	size_t i = v->i + 1, n = v->n, k;

	while (i < n) {
		while (i < n && jv_plain[s[i]])
			i++; /* plain ASCII, the usual case */
		if (i == n)
			break;
		if (s[i] == '"') {
			v->i = i + 1;
			return 1;
		}
		if (s[i] < 0x20)
			return 0;
		if (s[i] == '\\') {
			if ((k = jv_escape(s, i, n)) == 0)
				return 0;
			i += k;
		} else if (s[i] >= 0x80) {
			v->i = i;
			if (!jv_utf8(v))
				return 0;
			i = v->i;
		} else
			i++;
	}
	return 0;
}

static int
jv_literal(struct jv *v, const char *word, size_t len)
{
	if (v->n - v->i < len || memcmp(v->s + v->i, word, len) != 0)
		return 0;
	v->i += len;
	return 1;
}

/* One scalar, or the opening of a container (pushed).  1 ok, 0 bad, -1
 * nested too deep. */
static int
jv_start_value(struct jv *v)
{
	unsigned char c;

	jv_space(v);
	if (v->i >= v->n)
		return 0;
	c = v->s[v->i];
	if (c == '{' || c == '[') {
		if (v->depth == JV_DEPTH)
			return -1;
		v->open[v->depth++] = c;
		v->i++;
		return 1;
	}
	if (c == '"')
		return jv_string(v);
	if (c == '-' || (c >= '0' && c <= '9'))
		return jv_number(v);
	return jv_literal(v, "true", 4) || jv_literal(v, "false", 5) ||
	    jv_literal(v, "null", 4);
}

/* "key" : with white space; v->i is past '{' or ','. */
static int
jv_key(struct jv *v)
{
	jv_space(v);
	if (v->i >= v->n || v->s[v->i] != '"' || !jv_string(v))
		return 0;
	jv_space(v);
	if (v->i >= v->n || v->s[v->i] != ':')
		return 0;
	v->i++;
	return 1;
}

/* After a value or an opening: closes, or moves to the next member.
 * 1: a value is due next; 0: bad; 2: the outermost value is complete. */
static int
jv_next(struct jv *v, int opened)
{
	unsigned char close;

	for (;;) {
		if (v->depth == 0)
			return 2;
		close = v->open[v->depth - 1] == '{' ? '}' : ']';
		jv_space(v);
		if (v->i >= v->n)
			return 0;
		if (v->s[v->i] == close) {
			v->i++;
			v->depth--;
			opened = 0;
			continue;
		}
		if (opened) /* first member */
			return close == ']' || jv_key(v);
		if (v->s[v->i] != ',')
			return 0;
		v->i++;
		return close == ']' || jv_key(v);
	}
}

/* 1 valid, 0 not, -1 nested deeper than JV_DEPTH. */
static int
jv_run(const char *s, size_t n)
{
	struct jv v;
	int r;

	v.s = (const unsigned char *)s;
	v.n = n;
	v.i = v.depth = 0;
	for (;;) {
		size_t depth = v.depth;

		if ((r = jv_start_value(&v)) != 1)
			return r;
		if ((r = jv_next(&v, v.depth > depth)) == 0)
			return 0;
		if (r == 2) {
			jv_space(&v);
			return v.i == n;
		}
	}
}

/* 1 if the 16 bytes at p are plain string bytes (jv_plain). */
static int
jv_plain16(const unsigned char *p)
{
#ifdef __SSE2__
	__m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* signed: below ' ' also holds every byte from 0x80 */
	__m128i bad = _mm_or_si128(_mm_cmplt_epi8(c, _mm_set1_epi8(' ')),
	    _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('"')),
	        _mm_cmpeq_epi8(c, _mm_set1_epi8('\\'))));

	return _mm_movemask_epi8(bad) == 0;
#else
	size_t i;

	for (i = 0; i < 16; i++)
		if (!jv_plain[p[i]])
			return 0;
	return 1;
#endif
}

/* The usual plaintext of a token: a string of plain ASCII without
 * escapes, checked 16 bytes at a time.  0 only says "not that". */
static int
jv_plain_string(const unsigned char *s, size_t n)
{
	size_t i = 1, last = n - 1;

	if (n < 2 || s[0] != '"' || s[last] != '"')
		return 0;
	for (; last - i >= 16; i += 16)
		if (!jv_plain16(s + i))
			return 0;
	if (last - 1 >= 16) /* the rest, as the last 16 before '"' */
		return jv_plain16(s + last - 16);
	for (; i < last; i++)
		if (!jv_plain[s[i]])
			return 0;
	return 1;
}

int
json_is_value(const char *s, size_t n)
{
	struct yajlmem m;
	yajl_val root;
	int ok;

	if (jv_plain_string((const unsigned char *)s, n))
		return 1;
	ok = jv_run(s, n);

	if (ok >= 0)
		return ok;
	/* yajl decides what the fast check left open, through the checked
	 * allocator: out of memory counts as not a value (callers refuse). */
	yajlmem_init(&m);
	ok = yajlmem_tree_parse(&m, s, n, &root) == YAJLMEM_TREE_OK;
	yajlmem_release(&m);
	return ok;
}
