/* keyname.c - key-name normalisation and bigram Dice (see keyname.h). */
#include <stdlib.h>
#include <string.h>

#include "keyname.h"

static int
is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Is there a camelCase word break before p[i]? */
static int
hump(const unsigned char *p, size_t n, size_t i)
{
	if (i == 0 || !is_upper(p[i]))
		return 0;
	if (is_lower(p[i - 1]) || is_digit(p[i - 1]))
		return 1;
	return is_upper(p[i - 1]) && i + 1 < n && is_lower(p[i + 1]);
}

/* Keeps the last words of a name (at most KEYNAME_MAX letters and
 * KEYNAME_WORDS words). */
static int
keep_tail(struct keyname *k, const char *s, size_t len,
    const unsigned char *word, size_t nwords)
{
	size_t w = 0, i;

	while (w < nwords &&
	    (len - word[w] > KEYNAME_MAX || nwords - w > KEYNAME_WORDS))
		w++;
	if (w == nwords)
		return -1;
	k->len = len - word[w];
	memcpy(k->s, s + word[w], k->len);
	k->s[k->len] = '\0';
	for (i = w; i < nwords; i++)
		k->word[i - w] = (unsigned char)(word[i] - word[w]);
	k->nwords = i - w;
	return 0;
}

int
keyname_norm(const char *key, size_t n, struct keyname *k)
{
	const unsigned char *p = (const unsigned char *)key;
	char s[KEYNAME_SCAN];
	unsigned char word[KEYNAME_SCAN];
	size_t i, len = 0, nwords = 0;
	int brk = 1;

	k->len = k->nwords = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (!is_upper(c) && !is_lower(c) && !is_digit(c) && c < 0x80) {
			brk = 1; /* a separator or punctuation */
			continue;
		}
		if (len == sizeof(s))
			return -1;
		if (brk || hump(p, n, i))
			word[nwords++] = (unsigned char)len;
		brk = 0;
		s[len++] = is_upper(c) ? (char)(c - 'A' + 'a') : (char)c;
	}
	if (len == 0)
		return -1;
	return keep_tail(k, s, len, word, nwords);
}

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n > k && memcmp(s + n - k, suffix, k) == 0;
}

size_t
keyname_singular(const char *s, size_t n, char *out)
{
	size_t m;

	if (n < 4 || s[n - 1] != 's' || ends_with(s, n, "ss") ||
	    ends_with(s, n, "us") || ends_with(s, n, "is"))
		return 0;
	if (ends_with(s, n, "ies"))
		m = n - 3;
	else if (ends_with(s, n, "sses") || ends_with(s, n, "xes") ||
	    ends_with(s, n, "ches") || ends_with(s, n, "shes"))
		m = n - 2;
	else
		m = n - 1;
	memcpy(out, s, m);
	if (ends_with(s, n, "ies"))
		out[m++] = 'y';
	out[m] = '\0';
	return m;
}

static int
cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return (x > y) - (x < y);
}

size_t
keyname_bigrams(const char *s, size_t n, uint16_t *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (n < 2)
		return 0;
	for (i = 0; i + 1 < n; i++)
		out[i] = (uint16_t)(p[i] << 8 | p[i + 1]);
	qsort(out, n - 1, sizeof(out[0]), cmp_u16);
	return n - 1;
}

double
keyname_dice_sorted(const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
	size_t i = 0, j = 0, common = 0;

	if (na + nb == 0)
		return 0.0;
	while (i < na && j < nb) {
		if (a[i] == b[j])
			common++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return 2.0 * (double)common / (double)(na + nb);
}

double
keyname_dice(const char *a, size_t an, const char *b, size_t bn)
{
	uint16_t ba[KEYNAME_MAX], bb[KEYNAME_MAX];
	size_t na, nb;

	if (an > KEYNAME_MAX || bn > KEYNAME_MAX)
		return 0.0;
	na = keyname_bigrams(a, an, ba);
	nb = keyname_bigrams(b, bn, bb);
	return keyname_dice_sorted(ba, na, bb, nb);
}
