/*
 * spanlist.h - sets of byte spans [start, end) of one text, each with tag
 * bits and a level: collected in any order, then sorted with the spans
 * that overlap or touch merged into one (tags or'd, the highest level
 * kept).  What is found inside free text (classify_spans) and what
 * phi-encrypt --in-text seals are such sets.
 *
 *	struct spanlist l = SPANLIST_INIT;
 *	spanlist_add(&l, 8, 16, tags, level);
 *	spanlist_merge(&l);    l.v[0..l.n) sorted, disjoint, not touching
 *	spanlist_free(&l);
 */
#ifndef PHI_SPANLIST_H
#define PHI_SPANLIST_H

#include <stddef.h>
#include <stdint.h>

struct span {
	size_t start, end; /* start < end */
	uint64_t tags;
	int level;
};

struct spanlist {
	struct span *v;
	size_t n, cap;
};

#define SPANLIST_INIT                                                          \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Appends a span (an empty one, start >= end, is ignored).  Returns 0,
 * or -1 out of memory (the list is unchanged). */
int spanlist_add(
    struct spanlist *l, size_t start, size_t end, uint64_t tags, int level);

/* Sorts by start and merges spans that overlap or touch. */
void spanlist_merge(struct spanlist *l);

/* Removes every span that overlaps [start, end). */
void spanlist_cut(struct spanlist *l, size_t start, size_t end);

/* Does the merged list l hold one span that covers s[0..n) but for the
 * spaces at its edges (a single identifier, not free text)? */
int spanlist_covers(const struct spanlist *l, const char *s, size_t n);

/* Empties the list, keeping its room. */
void spanlist_clear(struct spanlist *l);

void spanlist_free(struct spanlist *l);

#endif
