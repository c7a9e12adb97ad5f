/*
 * randtext.h - random texts for the unit tests that compare two ways of
 * scanning free text: up to max pieces drawn by the xorshift generator
 * *x from words[], each followed by one of seps[] (with bare_end, the
 * last one is left off one time in eight), into out (cap bytes, NUL
 * ended).  Returns the text's length.
 */
#ifndef PHI_RANDTEXT_H
#define PHI_RANDTEXT_H

#include <stdint.h>
#include <string.h>

static inline size_t
randtext_join(uint64_t *x, char *out, size_t cap, const char *const *words,
    size_t nwords, const char *const *seps, size_t nseps, size_t max,
    int bare_end)
{
	size_t n = 0, k, m, len;
	const char *p;

	m = 1 + (size_t)(*x % max);
	for (k = 0; k < m; k++) {
		*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
		p = words[*x % nwords];
		len = strlen(p);
		if (n + len + 4 >= cap)
			break;
		memcpy(out + n, p, len), n += len;
		p = seps[(*x >> 20) % nseps];
		if (!bare_end || (*x >> 40) % 8 != 0 || k + 1 < m)
			memcpy(out + n, p, strlen(p)), n += strlen(p);
	}
	out[n] = '\0';
	return n;
}

#endif
