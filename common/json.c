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
		if ((unsigned char)s[i] < 0x20)
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

int
json_is_value(const char *s, size_t n)
{
	yajl_handle h = yajl_alloc(NULL, NULL, NULL);
	int ok;

	if (h == NULL)
		return 0;
	ok = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok;
	yajl_free(h);
	return ok;
}
