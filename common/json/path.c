/* path.c - field paths written as text (see path.h). */
#include <string.h>

#include "path.h"

/* Is s[0..n-1] decimal digits without a leading zero (at most 18)?
 * Then *out is its value: a segment that also matches an array index. */
int
path_index_of(const char *s, size_t n, size_t *out)
{
	size_t i, v = 0;

	if (n == 0 || n > 18 || (n > 1 && s[0] == '0'))
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	*out = v;
	return 1;
}

/* A key that would not read back as itself alone: empty, with spaces at
 * an end, a special character ('/' included: a bare one is taken for a
 * JSON Pointer), "$", or digits that would also match an index. */
static int
key_needs_brackets(const char *k, size_t n)
{
	unsigned char c;
	size_t i;

	if (n == 0 || k[0] == ' ' || k[n - 1] == ' ' ||
	    path_index_of(k, n, &i) || (n == 1 && k[0] == '$'))
		return 1;
	/* . * " / are below '0', [ \ ] in a row: letters and digits (most
	 * bytes; --bind-path writes a path for every value) take no strchr */
	for (i = 0; i < n; i++) {
		c = (unsigned char)k[i];
		if (c < 0x20 || (c < '0' && strchr(".*\"/", c) != NULL) ||
		    (c >= '[' && c <= ']'))
			return 1;
	}
	return 0;
}

const char path_mask[] = "\xe2\x80\xa6";

/* The number of digits in the run that starts at k[i]: separators
 * between digits do not end it. */
static size_t
path_digit_run(const char *k, size_t n, size_t i)
{
	size_t digits = 0;

	for (; i < n; i++) {
		if (k[i] >= '0' && k[i] <= '9')
			digits++;
		else if (k[i] == '\0' || strchr(" ()+-./", k[i]) == NULL)
			break;
	}
	return digits;
}

int
path_key_masked(const char *key, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (key[i] == '@' && i > 0)
			return 1;
		if (key[i] >= '0' && key[i] <= '9' &&
		    (i == 0 || key[i - 1] < '0' || key[i - 1] > '9') &&
		    path_digit_run(key, n, i) >= 6)
			return 1;
	}
	return 0;
}

/* path_format() and path_canonical(): keys masked when mask is set. */
static int
path_write(struct buf *b, const struct path_seg *seg, size_t n, int star_index,
    int mask)
{
	size_t i;

	/* b's errors are sticky (buf.h): checked once, at the end */
	for (i = 0; i < n && b->err == 0; i++) {
		if (mask && seg[i].key != NULL &&
		    (seg[i].key == path_mask ||
		        path_key_masked(seg[i].key, seg[i].keylen))) {
			buf_puts(b, PATH_MASKED);
			continue;
		}
		if (seg[i].key != NULL &&
		    key_needs_brackets(seg[i].key, seg[i].keylen)) {
			buf_putc(b, '[');
			buf_json_string(b, seg[i].key, seg[i].keylen);
			buf_putc(b, ']');
			continue;
		}
		if (seg[i].key == NULL && !star_index) {
			buf_printf(b, "[%zu]", seg[i].index);
			continue;
		}
		if (i > 0)
			buf_putc(b, '.');
		if (seg[i].key != NULL)
			buf_append(b, seg[i].key, seg[i].keylen);
		else
			buf_putc(b, '*');
	}
	return b->err != 0 ? -1 : 0;
}

int
path_format(struct buf *b, const struct path_seg *seg, size_t n, int star_index)
{
	return path_write(b, seg, n, star_index, 1);
}

int
path_canonical(struct buf *b, const struct path_seg *seg, size_t n)
{
	return path_write(b, seg, n, 0, 0);
}
