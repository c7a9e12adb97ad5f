/* test_spanlist - common/base/spanlist.c: merging, cutting and covering. */
#include <string.h>

#include "spanlist.h"
#include "tap.h"

/* Overlapping and touching spans merge (tags or'd, the highest level
 * kept); disjoint ones stay apart, sorted; empty ones are ignored. */
static void
test_merge(void)
{
	struct spanlist l = SPANLIST_INIT;

	ok(spanlist_add(&l, 10, 14, 1, 1) == 0 &&
	        spanlist_add(&l, 0, 3, 2, 2) == 0 &&
	        spanlist_add(&l, 12, 20, 4, 3) == 0 &&
	        spanlist_add(&l, 3, 5, 8, 1) == 0 &&
	        spanlist_add(&l, 30, 30, 16, 1) == 0,
	    "spanlist_add");
	ok(l.n == 4, "an empty span is not added (4 of 5)");
	spanlist_merge(&l);
	ok(l.n == 2, "merged into 2 spans (%zu)", l.n);
	ok(l.v[0].start == 0 && l.v[0].end == 5 && l.v[0].tags == 10 &&
	        l.v[0].level == 2,
	    "touching spans merge: [0,5) tags 2|8 level 2");
	ok(l.v[1].start == 10 && l.v[1].end == 20 && l.v[1].tags == 5 &&
	        l.v[1].level == 3,
	    "overlapping spans merge: [10,20) tags 1|4 level 3");
	spanlist_cut(&l, 4, 6);
	ok(l.n == 1 && l.v[0].start == 10, "spanlist_cut removes [0,5)");
	spanlist_clear(&l);
	ok(l.n == 0, "spanlist_clear");
	spanlist_free(&l);
}

/* covers: one span over all but the edge spaces, and nothing else. */
static void
test_covers(void)
{
	static const char s[] = "  jane@example.com ";
	size_t n = sizeof(s) - 1;
	struct spanlist l = SPANLIST_INIT;

	ok(!spanlist_covers(&l, s, n), "no span covers nothing");
	spanlist_add(&l, 2, 18, 1, 1);
	ok(spanlist_covers(&l, s, n), "one span over all but edge spaces");
	spanlist_clear(&l);
	spanlist_add(&l, 0, n, 1, 1);
	ok(spanlist_covers(&l, s, n), "one span over all of it");
	spanlist_clear(&l);
	spanlist_add(&l, 3, 18, 1, 1);
	ok(!spanlist_covers(&l, s, n), "a byte left in clear: free text");
	spanlist_clear(&l);
	spanlist_add(&l, 2, 8, 1, 1);
	spanlist_add(&l, 9, 18, 1, 1);
	ok(!spanlist_covers(&l, s, n), "two spans are free text");
	spanlist_free(&l);
}

int
main(void)
{
	test_merge();
	test_covers();
	return tap_done();
}
