/*
 * test_yajlmem.c - yajl with checked allocations (yajlmem.h): the tree
 * against yajl_tree_parse, torn and bad texts, every allocation of a
 * parse and of a generator failing in turn (max_bytes), nested runs,
 * blocks outside a run, and nothing left after a release (LeakSanitizer
 * in the sanitizer build).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl_gen.h>
#include <yajl_parse.h>

#include "tap.h"
#include "yajlmem.h"

static const char *const texts[] = {
    "{}",
    "[]",
    "{\"a\":1,\"b\":[true,false,null,\"x\\u00e9\\n\"],\"a\":{\"c\":{}}}",
    "[0,-0,1.5,-3e4,1E2,9223372036854775807,-9223372036854775807,"
    "-9223372036854775808,9223372036854775808,1e999999,1e-400,"
    "12345678901234567890123456789]",
    "  {\"k\\\"ey\" : [ [ [ ] ] , { } ] }  \n",
    "\"just a string\"",
    "42",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{\"\":\"\",\"a\\u0000b\":\"\\ud83d\\ude00\"}",
};

/* Are a and b the same tree (yajl_tree's fields that yajlmem sets)? */
static int
same_tree(yajl_val a, yajl_val b)
{
	size_t i;

	if (a == NULL || b == NULL || a->type != b->type)
		return 0;
	switch (a->type) {
	case yajl_t_string:
		return strcmp(a->u.string, b->u.string) == 0;
	case yajl_t_number:
		return strcmp(a->u.number.r, b->u.number.r) == 0 &&
		    a->u.number.flags == b->u.number.flags &&
		    (!YAJL_IS_INTEGER(a) || a->u.number.i == b->u.number.i) &&
		    (!YAJL_IS_DOUBLE(a) || a->u.number.d == b->u.number.d);
	case yajl_t_object:
		if (a->u.object.len != b->u.object.len)
			return 0;
		for (i = 0; i < a->u.object.len; i++)
			if (strcmp(a->u.object.keys[i], b->u.object.keys[i]) ||
			    !same_tree(
			        a->u.object.values[i], b->u.object.values[i]))
				return 0;
		return 1;
	case yajl_t_array:
		if (a->u.array.len != b->u.array.len)
			return 0;
		for (i = 0; i < a->u.array.len; i++)
			if (!same_tree(
			        a->u.array.values[i], b->u.array.values[i]))
				return 0;
		return 1;
	default:
		return 1;
	}
}

static void
test_like_yajl_tree(void)
{
	struct yajlmem m;
	yajl_val mine, theirs;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		yajlmem_init(&m);
		rc = yajlmem_tree_parse(&m, texts[i], strlen(texts[i]), &mine);
		theirs = yajl_tree_parse(texts[i], NULL, 0);
		ok(rc == YAJLMEM_TREE_OK && same_tree(mine, theirs),
		    "text %zu: the tree yajl_tree_parse makes", i);
		yajl_tree_free(theirs);
		yajlmem_release(&m);
		ok(m.live == NULL && m.bytes == 0,
		    "text %zu: nothing left after the release", i);
	}
}

static int
parse_status(const char *s)
{
	struct yajlmem m;
	yajl_val v;
	int rc;

	yajlmem_init(&m);
	rc = yajlmem_tree_parse(&m, s, strlen(s), &v);
	if (rc != YAJLMEM_TREE_OK && v != NULL)
		rc = -100; /* a root with a failure */
	yajlmem_release(&m);
	return rc;
}

static void
test_torn_and_bad(void)
{
	static const char *const torn[] = {"", "   ", "{", "{\"a\":1",
	    "{\"a\":\"x", "[1,2", "{\"a\":[{\"b\":"};
	static const char *const bad[] = {"{\"a\":1}x", "{} {}", "{a:1}",
	    "/*c*/{}", "{\"a\":1 /* c */}", "[1,]", "\"\xff\"", "[01]",
	    "{\"a\":1}}"};
	size_t i;

	for (i = 0; i < sizeof(torn) / sizeof(torn[0]); i++)
		ok(parse_status(torn[i]) == YAJLMEM_TREE_TORN,
		    "torn %zu: cut short", i);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(parse_status(bad[i]) == YAJLMEM_TREE_BAD,
		    "bad %zu: not one JSON text (no comments)", i);
}

/* Every allocation of a parse fails in turn: each cap gives OOM (root
 * NULL) or the whole tree, and the release leaves nothing. */
static void
test_parse_caps(void)
{
	const char *s = texts[2];
	size_t cap, ooms = 0, bad = 0;
	yajl_val want, v;
	struct yajlmem m;
	int rc;

	want = yajl_tree_parse(s, NULL, 0);
	for (cap = 1; cap < 20000; cap += cap < 600 ? 1 : 97) {
		yajlmem_init(&m);
		m.max_bytes = cap;
		rc = yajlmem_tree_parse(&m, s, strlen(s), &v);
		if (rc == YAJLMEM_OOM)
			ooms++, bad += v != NULL;
		else
			bad += rc != YAJLMEM_TREE_OK || !same_tree(v, want);
		bad += m.bytes > cap;
		yajlmem_release(&m);
		bad += m.live != NULL || m.bytes != 0;
	}
	yajl_tree_free(want);
	ok(ooms > 50, "small caps fail the parse (%zu times)", ooms);
	ok(bad == 0, "each cap: out of memory or the whole tree, no leak");
}

struct gen_job {
	struct yajlmem *m;
	yajl_gen g;
	int steps;
};

static int
gen_some(void *arg)
{
	struct gen_job *j = arg;
	int i;

	j->g = yajl_gen_alloc(&j->m->funcs);
	yajl_gen_array_open(j->g);
	for (i = 0; i < 300; i++) {
		yajl_gen_string(j->g, (const unsigned char *)"abcdefgh", 8);
		j->steps++;
	}
	yajl_gen_array_close(j->g);
	return 7;
}

static void
test_gen_caps(void)
{
	size_t cap, ooms = 0, done = 0, bad = 0, n;
	const unsigned char *out;
	struct gen_job j;
	struct yajlmem m;
	int rc;

	for (cap = 1; cap < 8192; cap = cap * 5 / 4 + 1) {
		yajlmem_init(&m);
		m.max_bytes = cap;
		memset(&j, 0, sizeof(j));
		j.m = &m;
		rc = yajlmem_run(&m, gen_some, &j);
		if (rc == YAJLMEM_OOM) {
			ooms++;
			bad += m.jump != NULL;
		} else if (rc == 7) {
			done++;
			yajl_gen_get_buf(j.g, &out, &n);
			bad += n != 2 + 300 * 11 - 1 || out[0] != '[';
		} else
			bad++;
		yajlmem_release(&m);
		bad += m.live != NULL;
	}
	ok(ooms > 5 && done > 0, "a generator: out of memory, then done");
	ok(bad == 0, "after out of memory: disarmed, nothing left");
}

struct nest {
	struct yajlmem *m;
	int inner, after;
};

static int
inner_fails(void *arg)
{
	struct nest *n = arg;

	(void)yajlmem_malloc(n->m, n->m->max_bytes + 1);
	n->inner = 1; /* not reached */
	return 0;
}

static int
outer(void *arg)
{
	struct nest *n = arg;

	if (yajlmem_run(n->m, inner_fails, n) != YAJLMEM_OOM)
		return 1;
	n->after = 1;
	/* the outer run is armed again: this jumps out of it */
	(void)yajlmem_malloc(n->m, n->m->max_bytes + 1);
	n->after = 2;
	return 0;
}

static void
test_nested(void)
{
	struct yajlmem m;
	struct nest n = {&m, 0, 0};

	yajlmem_init(&m);
	m.max_bytes = 100;
	ok(yajlmem_run(&m, outer, &n) == YAJLMEM_OOM && n.inner == 0 &&
	        n.after == 1 && m.jump == NULL,
	    "nested runs: the inner failure returns from the inner run");
	yajlmem_release(&m);
}

static void
test_unarmed(void)
{
	struct yajlmem m;
	char *p, *q;

	yajlmem_init(&m);
	m.max_bytes = 64;
	p = yajlmem_malloc(&m, 40);
	ok(p != NULL && m.bytes == 40, "a block outside a run");
	memcpy(p, "0123456789", 10);
	errno = 0;
	ok(yajlmem_malloc(&m, 30) == NULL && errno == ENOMEM,
	    "over max_bytes outside a run: NULL, ENOMEM");
	ok(yajlmem_realloc(&m, p, 65) == NULL && m.bytes == 40,
	    "a failed realloc keeps the old block");
	q = yajlmem_realloc(&m, p, 60);
	ok(q != NULL && memcmp(q, "0123456789", 10) == 0 && m.bytes == 60,
	    "realloc keeps the content and counts the new size");
	ok(yajlmem_malloc(&m, SIZE_MAX - 8) == NULL,
	    "a size that overflows the header fails");
	yajlmem_free(&m, q);
	ok(m.bytes == 0 && m.live == NULL, "free takes the block off");
	m.wipe = 1;
	p = yajlmem_malloc(&m, 10);
	memcpy(p, "abcdefghij", 10);
	q = yajlmem_realloc(&m, p, 20);
	ok(q != NULL && memcmp(q, "abcdefghij", 10) == 0 && m.bytes == 20,
	    "wiped blocks: realloc copies");
	yajlmem_release(&m);
	ok(m.live == NULL && m.bytes == 0 && m.max_bytes == 64 && m.wipe,
	    "release keeps the settings");
}

int
main(void)
{
	test_like_yajl_tree();
	test_torn_and_bad();
	test_parse_caps();
	test_gen_caps();
	test_nested();
	test_unarmed();
	return tap_done();
}
