/* pathseen.c - the paths seen, for suggestions (see pathseen.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "pathseen.h"

#define PATHSEEN_SLOTS (PATHSEEN_MAX * 2) /* a power of two */

struct pathseen {
	char *slot[PATHSEEN_SLOTS]; /* open addressing; NULL: free */
	size_t n;
	struct buf b; /* scratch for formatting */
};

struct pathseen *
pathseen_new(void)
{
	return calloc(1, sizeof(struct pathseen));
}

void
pathseen_free(struct pathseen *ps)
{
	size_t i;

	if (ps == NULL)
		return;
	for (i = 0; i < PATHSEEN_SLOTS; i++)
		free(ps->slot[i]);
	buf_free(&ps->b, 0);
	free(ps);
}

int
pathseen_full(const struct pathseen *ps)
{
	return ps->n >= PATHSEEN_MAX;
}

static size_t
pathseen_hash(const char *s, size_t n)
{
	return (size_t)hash_fold(hash_fnv1a(HASH_FNV1A_INIT, s, n)) &
	    (PATHSEEN_SLOTS - 1);
}

int
pathseen_add(struct pathseen *ps, const struct path_seg *seg, size_t n)
{
	size_t h;

	if (pathseen_full(ps))
		return 0;
	ps->b.len = 0;
	if (path_format(&ps->b, seg, n, 1) != 0)
		return -1;
	if (ps->b.len > PATHSEEN_LEN)
		return 0;
	h = pathseen_hash(ps->b.p, ps->b.len);
	while (ps->slot[h] != NULL) {
		if (strlen(ps->slot[h]) == ps->b.len &&
		    memcmp(ps->slot[h], ps->b.p, ps->b.len) == 0)
			return 0;
		h = (h + 1) & (PATHSEEN_SLOTS - 1);
	}
	if ((ps->slot[h] = malloc(ps->b.len + 1)) == NULL)
		return -1;
	memcpy(ps->slot[h], ps->b.p, ps->b.len);
	ps->slot[h][ps->b.len] = '\0';
	ps->n++;
	return 0;
}

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment distance of a and b (both at most
 * PATHSEEN_LEN bytes): edits and swaps of neighbours cost 1. */
static size_t
pathseen_distance(const char *a, size_t n, const char *b, size_t m)
{
	size_t row[3][PATHSEEN_LEN + 1], i, j, c;
	size_t *pp, *p, *r;

	for (j = 0; j <= m; j++)
		row[0][j] = j;
	for (i = 1; i <= n; i++) {
		r = row[i % 3];
		p = row[(i - 1) % 3];
		pp = row[(i + 1) % 3]; /* row i - 2 */
		r[0] = i;
		for (j = 1; j <= m; j++) {
			c = a[i - 1] != b[j - 1];
			r[j] = min3(p[j] + 1, r[j - 1] + 1, p[j - 1] + c);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < r[j])
				r[j] = pp[j - 2] + 1;
		}
	}
	return row[n % 3][m];
}

const char *
pathseen_closest(const struct pathseen *ps, const char *expr)
{
	size_t n = strlen(expr), max, best, d, i, m;
	const char *win = NULL;

	if (n > PATHSEEN_LEN)
		return NULL;
	max = n <= 4 ? 1 : n <= 12 ? 2 : 3;
	best = max + 1;
	for (i = 0; i < PATHSEEN_SLOTS; i++) {
		if (ps->slot[i] == NULL)
			continue;
		m = strlen(ps->slot[i]);
		if (m > n + max || n > m + max)
			continue;
		d = pathseen_distance(expr, n, ps->slot[i], m);
		if (d < best ||
		    (d == best && win != NULL &&
		        strcmp(ps->slot[i], win) < 0)) {
			best = d;
			win = ps->slot[i];
		}
	}
	return best <= max ? win : NULL;
}
