/* json.c - JSON text helpers (see json.h). */
#include <string.h>

#include <yajl_parse.h>

#include "json.h"

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

/* \uXXXX (and a following low surrogate); *i is at the 'u'. */
static int
unquote_u(const char *s, size_t n, size_t *i, struct buf *out)
{
	unsigned cp, lo;

	if (*i + 5 > n || hex4(s + *i + 1, &cp) != 0)
		return -1;
	*i += 4;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (*i + 7 > n || s[*i + 1] != '\\' || s[*i + 2] != 'u' ||
		    hex4(s + *i + 3, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*i += 6;
	}
	return put_utf8(out, cp);
}

int
json_unquote(const char *s, size_t n, struct buf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *p;
	size_t i;

	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return -1;
	for (i = 1; i + 1 < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == '"')
			return -1;
		if (s[i] != '\\') {
			if (buf_putc(out, s[i]) != 0)
				return -1;
			continue;
		}
		if (++i + 1 >= n)
			return -1;
		if (s[i] == 'u') {
			if (unquote_u(s, n - 1, &i, out) != 0)
				return -1;
		} else if ((p = strchr(from, s[i])) != NULL && *p != '\0') {
			if (buf_putc(out, to[p - from]) != 0)
				return -1;
		} else
			return -1;
	}
	return 0;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* JSON number grammar, the whole of s[0..n). */
static int
number_ok(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && is_digit(s[i]))
		while (i < n && is_digit(s[i]))
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		if (++i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}

/* An ASCII string literal: 1 valid, 0 not; -1 when it holds other bytes
 * (then yajl checks the UTF-8). */
static int
string_ok(const char *s, size_t n)
{
	unsigned u;
	size_t i;

	if (n < 2 || s[n - 1] != '"')
		return 0;
	for (i = 1; i + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			return -1;
		if (c < 0x20 || c == '"')
			return 0;
		if (c != '\\')
			continue;
		if (++i + 1 >= n)
			return 0;
		if (s[i] == 'u') {
			if (i + 5 >= n || hex4(s + i + 1, &u) != 0)
				return 0;
			i += 4;
		} else if (strchr("\"\\/bfnrt", s[i]) == NULL || s[i] == 0)
			return 0;
	}
	return 1;
}

/* Scalars without yajl: 1 valid, 0 not, -1 ask yajl. */
static int
scalar_ok(const char *s, size_t n)
{
	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL && s[n - 1])
		n--;
	while (n > 0 && strchr(" \t\r\n", *s) != NULL && *s)
		s++, n--;
	if (n == 0)
		return 0;
	if (*s == '"')
		return string_ok(s, n);
	if (*s == '-' || is_digit(*s))
		return number_ok(s, n);
	if (*s == 't' || *s == 'f' || *s == 'n')
		return (n == 4 && memcmp(s, "true", 4) == 0) ||
		    (n == 5 && memcmp(s, "false", 5) == 0) ||
		    (n == 4 && memcmp(s, "null", 4) == 0);
	return -1;
}

int
json_is_value(const char *s, size_t n)
{
	yajl_handle h;
	int ok = scalar_ok(s, n);

	if (ok >= 0)
		return ok;
	if ((h = yajl_alloc(NULL, NULL, NULL)) == NULL)
		return 0;
	ok = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok;
	yajl_free(h);
	return ok;
}
