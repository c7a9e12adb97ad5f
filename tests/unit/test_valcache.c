/* test_valcache - common/classify/valcache.c: a verdict comes back only
 * for the very query it was kept for; one-off values do not push out
 * the repeated ones; off and long values keep nothing.  (test_classify
 * compares the classifier's verdicts with the cache on and off.) */
#include <string.h>

#include "ndjson.h"
#include "tap.h"
#include "valcache.h"

static struct valcache_query
query(const struct class_key *k, const char *val)
{
	return (struct valcache_query){.k = k,
	    .want = {k->kinds[0], k->kinds[1]},
	    .type = NDJSON_STRING,
	    .val = val,
	    .len = strlen(val)};
}

static struct valcache_verdict
verdict(unsigned n)
{
	return (struct valcache_verdict){
	    .found = {n, n + 1}, .hits = {n * 3, 0, n}};
}

/* The query that was put, and no other, gets its verdict back. */
static void
test_exact(void)
{
	struct valcache *vc = valcache_new();
	struct class_key k = {.run = {1, 2}, .ctx = {4}, .kinds = {8, 16}},
	                 k2 = k;
	struct valcache_query q = query(&k, "Mozilla/5.0"), q2;
	struct valcache_verdict v = verdict(7), out = {0};

	ok(vc != NULL, "valcache_new");
	ok(!valcache_get(vc, &q, &out), "an empty cache finds nothing");
	valcache_put(vc, &q, &v);
	ok(valcache_get(vc, &q, &out) && memcmp(&out, &v, sizeof(v)) == 0,
	    "the verdict put comes back whole");
	q2 = query(&k, "Mozilla/5.1");
	ok(!valcache_get(vc, &q2, &out), "another value: not found");
	q2 = query(&k, "Mozilla/5.");
	ok(!valcache_get(vc, &q2, &out), "a prefix of the value: not found");
	q2 = query(&k, "Mozilla/5.0"), q2.type = NDJSON_NUMBER;
	ok(!valcache_get(vc, &q2, &out), "another type: not found");
	q2 = query(&k, "Mozilla/5.0"), q2.want[1] = 0;
	ok(!valcache_get(vc, &q2, &out), "other kinds wanted: not found");
	k2.run[1] = 3, q2 = query(&k2, "Mozilla/5.0");
	ok(!valcache_get(vc, &q2, &out), "a key of other run rules: not found");
	k2 = k, k2.ctx[CLASS_WORDS - 1] = 1, q2 = query(&k2, "Mozilla/5.0");
	ok(!valcache_get(vc, &q2, &out), "a key of other ctx rules: not found");
	k2 = k, k2.fired.colour = CLASS_RED, q2 = query(&k2, "Mozilla/5.0");
	ok(valcache_get(vc, &q2, &out),
	    "what the verdict does not depend on (the key's own colour) does "
	    "not matter");
	valcache_wipe(vc);
	ok(!valcache_get(vc, &q, &out), "wiped: the value is no longer kept");
	valcache_put(vc, &q, &v);
	ok(valcache_get(vc, &q, &out) && memcmp(&out, &v, sizeof(v)) == 0,
	    "wiped: the cache still keeps what is put after");
	valcache_free(vc);
	valcache_wipe(NULL);
}

/* Values over VALCACHE_VAL_MAX bytes and a cache turned off keep
 * nothing; the counts say what happened. */
static void
test_limits(void)
{
	struct valcache *vc = valcache_new();
	struct class_key k = {.kinds = {1, 0}};
	char big[VALCACHE_VAL_MAX + 2];
	struct valcache_query q;
	struct valcache_verdict v = verdict(1), out;
	uint64_t hits, misses;

	memset(big, 'a', sizeof(big) - 1), big[sizeof(big) - 1] = '\0';
	q = query(&k, big);
	valcache_put(vc, &q, &v);
	ok(!valcache_get(vc, &q, &out), "a value of %d bytes is not kept",
	    VALCACHE_VAL_MAX + 1);
	big[VALCACHE_VAL_MAX] = '\0', q = query(&k, big);
	valcache_put(vc, &q, &v);
	ok(valcache_get(vc, &q, &out), "a value of %d bytes is kept",
	    VALCACHE_VAL_MAX);
	valcache_off(vc, 1);
	ok(!valcache_get(vc, &q, &out), "off: nothing is found");
	q = query(&k, "x");
	valcache_put(vc, &q, &v);
	valcache_off(vc, 0);
	ok(!valcache_get(vc, &q, &out), "off: nothing was kept");
	valcache_counts(vc, &hits, &misses);
	ok(hits == 1 && misses == 2,
	    "counts: 1 hit, 2 misses, none while off (%llu, %llu)",
	    (unsigned long long)hits, (unsigned long long)misses);
	valcache_free(vc);
	ok(!valcache_get(NULL, &q, &out), "no cache finds nothing");
}

/* A value that was hit stays while a stream of one-off values passes
 * through the cache (8 per set on average, one per set between two
 * meetings of the hot value: a plain least-recently-put cache of two
 * ways loses it). */
static void
test_keeps_repeats(void)
{
	struct valcache *vc = valcache_new();
	struct class_key k = {.kinds = {1, 0}};
	struct valcache_query hot = query(&k, "analytics.js"), q;
	struct valcache_verdict v = verdict(2), out;
	char one[32];
	unsigned i, kept = 1;

	valcache_put(vc, &hot, &v);
	for (i = 0; i < VALCACHE_SETS * 8; i++) {
		if (i % VALCACHE_SETS ==
		    0) /* the hot value, met now and then */
			kept &= (unsigned)valcache_get(vc, &hot, &out);
		snprintf(one, sizeof(one), "id-%u", i);
		q = query(&k, one);
		valcache_put(vc, &q, &v);
	}
	ok(kept && valcache_get(vc, &hot, &out),
	    "a value hit now and then outlives %d one-off values",
	    VALCACHE_SETS * 8);
	valcache_free(vc);
}

int
main(void)
{
	test_exact();
	test_limits();
	test_keeps_repeats();
	return tap_done();
}
