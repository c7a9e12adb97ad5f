/*
 * valcache.h - a bounded cache of value verdicts: what the validators
 * found in a value (classify.c's slow path), kept so that the same value
 * met again under a key that says the same is judged without them.
 *
 * Exports repeat their values from event to event (library names and
 * versions, locales, page paths and titles, user agents, statuses): in
 * 5 000 generated bench events 60% of the (key, string) pairs are
 * repeats.  A verdict is looked up by everything it is computed from,
 * compared whole (never by a hash alone): what the key gives the
 * validators (its class_key's run and ctx rule sets), the kinds wanted
 * (the key's kinds less the caller's skip sets), the value's type and
 * its bytes.  A hit therefore gives exactly what the slow path would
 * (test_classify runs both and compares).
 *
 * Values longer than VALCACHE_VAL_MAX bytes are not kept (free text
 * rarely repeats, and its scan is the cost a cache cannot save).  Two
 * ways a set, VALCACHE_SETS sets (about 1 MB, allocated at the first
 * put; when that fails nothing is cached and nothing else changes); a
 * way that was hit since it was put is kept over one that was not, so
 * one-off values (ids, timestamps) do not push the repeated ones out.
 * Not thread-safe: one cache per classifier, like its key cache.
 */
#ifndef PHI_VALCACHE_H
#define PHI_VALCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "classify.h"

#define VALCACHE_VAL_MAX 64
#define VALCACHE_SETS 2048

/* What the validators found in a value: the kinds matched (found[1]:
 * in context form) and the rules that fired through them. */
struct valcache_verdict {
	vkind_set found[2];
	uint64_t hits[CLASS_WORDS];
};

/* What a verdict is computed from (of k: run and ctx only). */
struct valcache_query {
	const struct class_key *k;
	vkind_set want[2];
	int type; /* enum ndjson_type */
	const char *val;
	size_t len;
	uint64_t hash; /* set by valcache_get, for valcache_put */
};

struct valcache;

/* An empty cache, or NULL when out of memory. */
struct valcache *valcache_new(void);
void valcache_free(struct valcache *vc);
/* Wipes every value kept (emails, phone numbers: kept in clear, as the
 * JSON layer's buffers, and wiped as they are) and forgets its verdict;
 * the cache stays usable.  valcache_free() wipes first. */
void valcache_wipe(struct valcache *vc);
/* Turns the cache off (off non-zero) or on again: get then finds
 * nothing and put keeps nothing (for tests comparing the two paths). */
void valcache_off(struct valcache *vc, int off);

/* 1 and *out when q's verdict is kept, else 0 (also for vc NULL); sets
 * q->hash for a valcache_put of the same query. */
int valcache_get(struct valcache *vc, struct valcache_query *q,
    struct valcache_verdict *out);
/* Keeps v as q's verdict (values over VALCACHE_VAL_MAX bytes: not).  q
 * is the query of a valcache_get that missed, or has hash 0. */
void valcache_put(struct valcache *vc, const struct valcache_query *q,
    const struct valcache_verdict *v);
/* Lookups that hit and that missed, since the cache was made. */
void valcache_counts(
    const struct valcache *vc, uint64_t *hits, uint64_t *misses);

#endif
