/*
 * valid_geo.c - postal codes of the countries of issue 18: US ZIP
 * and ZIP+4, UK postcodes, Canadian, Dutch, Brazilian and Japanese
 * codes by their grammar, and with context the bare 4-, 5- and 6-digit
 * codes of Europe, China and India; latitudes and longitudes in decimal
 * degrees.  See valid.h.
 */
#include <string.h>

#include "valid.h"

static int
geo_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
geo_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* The UK inward code: a digit and two letters (not C I K M O V). */
static int
geo_uk_inward(const char *s)
{
	return geo_digit(s[0]) && geo_upper(s[1]) && geo_upper(s[2]) &&
	    strchr("CIKMOV", s[1]) == NULL && strchr("CIKMOV", s[2]) == NULL;
}

/* UK: outward code A9 A99 AA9 AA99 A9A AA9A, a space (optional with
 * context), the inward code 9AA. */
static int
geo_uk(const char *s, size_t n, int ctx)
{
	size_t out, i;

	if (n >= 6 && s[n - 4] == ' ')
		out = n - 4;
	else if (ctx && n >= 5)
		out = n - 3;
	else
		return 0;
	if (out < 2 || out > 4 || !geo_uk_inward(s + n - 3) ||
	    !geo_upper(s[0]) || strchr("QVX", s[0]) != NULL)
		return 0;
	i = geo_upper(s[1]) ? 2 : 1;
	if (i == 2 && strchr("IJZ", s[1]) != NULL)
		return 0;
	if (i >= out || !geo_digit(s[i]))
		return 0;
	for (i++; i < out; i++)
		if (!geo_digit(s[i]) && !(geo_upper(s[i]) && i + 1 == out))
			return 0;
	return 1;
}

/* Canada: A9A 9A9 (no D F I O Q U; no W Z first); no space with
 * context. */
static int
geo_ca(const char *s, size_t n, int ctx)
{
	static const char form[] = "A9A9A9";
	char c[6];
	size_t i;

	if (n == 7 && (s[3] == ' ' || s[3] == '-'))
		memcpy(c, s, 3), memcpy(c + 3, s + 4, 3);
	else if (ctx && n == 6)
		memcpy(c, s, 6);
	else
		return 0;
	for (i = 0; i < 6; i++)
		if (form[i] == '9' ? !geo_digit(c[i])
		                   : !geo_upper(c[i]) || strchr("DFIOQU", c[i]))
			return 0;
	return c[0] != 'W' && c[0] != 'Z';
}

/* Netherlands: 9999 AA, first digit 1-9, not SA SD SS; no space with
 * context. */
static int
geo_nl(const char *s, size_t n, int ctx)
{
	const char *l = s + n - 2;

	if (!(n == 7 && s[4] == ' ') && !(ctx && n == 6))
		return 0;
	if (!valid_digits(s, 4) || s[0] == '0' || !geo_upper(l[0]) ||
	    !geo_upper(l[1]))
		return 0;
	return !(l[0] == 'S' && (l[1] == 'A' || l[1] == 'D' || l[1] == 'S'));
}

/* 〒 (U+3012) or 〶 (U+3036) before a Japanese code. */
static size_t
geo_jp_mark(const char *s, size_t n)
{
	size_t k = 0;

	if (n >= 3 &&
	    (memcmp(s, "\xe3\x80\x92", 3) == 0 ||
	        memcmp(s, "\xe3\x80\xb6", 3) == 0))
		k = 3;
	if (k > 0 && k < n && s[k] == ' ')
		k++;
	return k;
}

/* Digits only, or digits-dash-digits, with the given group lengths. */
static int
geo_dashed(const char *s, size_t n, size_t a, size_t b)
{
	return n == a + 1 + b && valid_digits(s, a) && s[a] == '-' &&
	    valid_digits(s + a + 1, b);
}

/* Codes of digits: JP 〒123-4567 (123-4567 with context), BR
 * 12345-678 (12345678 with context), and with context 4-6 digits
 * (Europe, Australia, US ZIP, China, India: also 123 456). */
static int
geo_numeric(const char *s, size_t n, int ctx)
{
	size_t k = geo_jp_mark(s, n);

	if (k > 0)
		return geo_dashed(s + k, n - k, 3, 4) ||
		    (n - k == 7 && valid_digits(s + k, 7));
	if (geo_dashed(s, n, 5, 3))
		return 1;
	if (!ctx)
		return 0;
	if (geo_dashed(s, n, 3, 4) ||
	    (n == 7 && s[3] == ' ' && valid_digits(s, 3) &&
	        valid_digits(s + 4, 3)))
		return 1;
	if (n < 4 || n > 8 || n == 7 || !valid_digits(s, n))
		return 0;
	return !(s[0] == '0' && s[1] == '0' && s[2] == '0');
}

int
valid_postal(const char *s, size_t n, int ctx)
{
	if (n < 4 || n > 14)
		return 0;
	if (valid_zip(s, n, ctx) || geo_numeric(s, n, ctx))
		return 1;
	return geo_uk(s, n, ctx) || geo_ca(s, n, ctx) || geo_nl(s, n, ctx);
}

/* A latitude or longitude in decimal degrees: an optional sign, 1-3
 * digits, '.', 2-8 digits (4-8 without context, and then no "0." in
 * front: ratios and probabilities are no places), at most 180. */
int
valid_coord(const char *s, size_t n, int ctx)
{
	size_t i = 0, a, ip, fp;
	unsigned deg;

	if (n > 0 && (s[0] == '-' || s[0] == '+'))
		i++;
	for (a = i; i < n && geo_digit(s[i]); i++)
		;
	ip = i - a;
	if (ip == 0 || ip > 3 || i == n || s[i] != '.')
		return 0;
	deg = valid_number(s + a, ip);
	for (a = ++i; i < n && geo_digit(s[i]); i++)
		;
	fp = i - a;
	if (i != n || fp < (ctx ? 2u : 4u) || fp > 8 || deg > 180 ||
	    (!ctx && deg == 0))
		return 0;
	for (; deg == 180 && a < n; a++)
		if (s[a] != '0')
			return 0;
	return 1;
}
