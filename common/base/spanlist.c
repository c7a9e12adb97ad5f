/* spanlist.c - sets of byte spans (see spanlist.h). */
#include <stdlib.h>

#include "spanlist.h"

int
spanlist_add(
    struct spanlist *l, size_t start, size_t end, uint64_t tags, int level)
{
	struct span *v;
	size_t cap;

	if (start >= end)
		return 0;
	if (l->n == l->cap) {
		cap = l->cap == 0 ? 16 : l->cap;
		if (cap > SIZE_MAX / 2 / sizeof(*v))
			return -1;
		cap *= l->cap == 0 ? 1 : 2;
		if ((v = realloc(l->v, cap * sizeof(*v))) == NULL)
			return -1;
		l->v = v, l->cap = cap;
	}
	l->v[l->n++] = (struct span){
	    .start = start, .end = end, .tags = tags, .level = level};
	return 0;
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void
spanlist_merge(struct spanlist *l)
{
	size_t i, o = 0;

	if (l->n < 2)
		return;
	qsort(l->v, l->n, sizeof(*l->v), span_cmp);
	for (i = 1; i < l->n; i++) {
		struct span *cur = &l->v[o], *next = &l->v[i];

		if (next->start <= cur->end) {
			if (next->end > cur->end)
				cur->end = next->end;
			cur->tags |= next->tags;
			if (next->level > cur->level)
				cur->level = next->level;
		} else {
			l->v[++o] = *next;
		}
	}
	l->n = o + 1;
}

void
spanlist_cut(struct spanlist *l, size_t start, size_t end)
{
	size_t i, o = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i].end <= start || l->v[i].start >= end)
			l->v[o++] = l->v[i];
	l->n = o;
}

int
spanlist_covers(const struct spanlist *l, const char *s, size_t n)
{
	size_t a = 0;

	if (l->n != 1)
		return 0;
	while (a < n && s[a] == ' ')
		a++;
	while (n > a && s[n - 1] == ' ')
		n--;
	return l->v[0].start <= a && l->v[0].end >= n;
}

void
spanlist_clear(struct spanlist *l)
{
	l->n = 0;
}

void
spanlist_free(struct spanlist *l)
{
	free(l->v);
	*l = (struct spanlist)SPANLIST_INIT;
}
