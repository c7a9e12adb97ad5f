/*
 * test_path.c - common/path: the field path parser and its errors (with
 * columns), the matcher (whole-path and one step at a time, over sets
 * of more than 64 states), and path_format with its round trip.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfind.h"
#include "pathset.h"
#include "tap.h"

#define MAXSEG 64

/* A concrete path written "a/b/#3/c": '/' between segments, "#N" an
 * array index, anything else an object key (keys in tests hold no '/'). */
struct cpath {
	struct path_seg seg[MAXSEG];
	char text[1024];
	size_t n;
};

static void
cpath_parse(struct cpath *c, const char *spec)
{
	char *p, *slash;

	c->n = 0;
	snprintf(c->text, sizeof(c->text), "%s", spec);
	if (*spec == '\0')
		return;
	for (p = c->text; c->n < MAXSEG; p = slash + 1) {
		slash = strchr(p, '/');
		if (slash != NULL)
			*slash = '\0';
		if (p[0] == '#') {
			c->seg[c->n].key = NULL;
			c->seg[c->n].keylen = 0;
			c->seg[c->n].index = strtoul(p + 1, NULL, 10);
		} else {
			c->seg[c->n].key = p;
			c->seg[c->n].keylen = strlen(p);
			c->seg[c->n].index = 0;
		}
		c->n++;
		if (slash == NULL)
			break;
	}
}

/* spec with control characters shown as '?', for test names. */
static const char *
vis(const char *spec)
{
	static char out[4][256];
	static int k;
	char *o = out[k++ % 4];
	size_t i;

	for (i = 0; spec[i] != '\0' && i + 1 < sizeof(out[0]); i++)
		o[i] = (unsigned char)spec[i] < 0x20 ? '?' : spec[i];
	o[i] = '\0';
	return o;
}

static int
matches(const struct pathset *ps, const char *spec)
{
	struct cpath c;

	cpath_parse(&c, spec);
	return pathset_match(ps, c.seg, c.n);
}

/* A set of one or more patterns (NULL-terminated); aborts if one fails. */
static struct pathset *
set_of(const char *first, ...)
{
	struct pathset *ps = pathset_new();
	struct phi_err e;
	const char *expr;
	va_list ap;

	if (ps == NULL)
		abort();
	va_start(ap, first);
	for (expr = first; expr != NULL; expr = va_arg(ap, const char *)) {
		if (pathset_add(ps, expr, &e) != PHI_OK) {
			printf("# cannot add '%s': %s\n", expr, e.msg);
			abort();
		}
	}
	va_end(ap);
	return ps;
}

/* Expects pattern expr to match each of yes[] and none of no[]. */
static void
expect(const char *expr, const char *const *yes, const char *const *no)
{
	struct pathset *ps = set_of(expr, NULL);

	for (; yes != NULL && *yes != NULL; yes++)
		ok(matches(ps, *yes) == 1, "'%s' matches %s", expr, *yes);
	for (; no != NULL && *no != NULL; no++)
		ok(matches(ps, *no) == 0, "'%s' does not match %s", expr, *no);
	pathset_free(ps);
}

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

static void
test_parse_ok(void)
{
	expect("a.b.c", L("a/b/c"), L("a/b", "a/b/c/d", "a/c/b", "b/b/c", ""));
	expect("*", L("a", "#0", "#7"), L("a/b", "#0/x"));
	expect("**", L("a", "#3", "a/b", "a/#1/c/d/e"), NULL);
	expect("[\"key.with.dots\"]", L("key.with.dots"),
	    L("key", "key/with/dots"));
	expect("[\"quo\\\"te\"]", L("quo\"te"), L("quo\\\"te", "quo"));
	expect("a[\"b.c\"].d", L("a/b.c/d"), L("a/b/c/d", "a/b.c"));
	expect("[3]", L("#3"), L("3", "#4", "#30"));
	expect("[*]", L("#0", "#9", "x"), L("x/y"));
	expect("a[\"b\"].c", L("a/b/c"), L("a/b", "a/#0/c"));
	expect("a[*]", L("a/#2", "a/k"), L("a"));
	expect("a[2].b", L("a/#2/b"), L("a/2/b", "a/#1/b"));
	expect("a[\"*\"]", L("a/*"), L("a/x", "a/#0"));
	expect("[\"\\u00e9t\\u00E9\"]", L("\xc3\xa9t\xc3\xa9"), L("\xc3\xa9t"));
	expect("[\"\\ud83d\\ude00\"]", L("\xf0\x9f\x98\x80"), L("?"));
	expect("[\"a\\\\b\"]", L("a\\b"), L("ab"));
	expect("caf\xc3\xa9.x y", L("caf\xc3\xa9/x y"), L("cafe/x y"));
	expect("[\"a\"][\"b\"]", L("a/b"), L("a", "a/b/c"));
}

/* pathset_add(expr) fails with PHI_EUSAGE and a message holding want. */
static void
expect_bad(const char *expr, const char *want)
{
	struct pathset *ps = pathset_new();
	struct phi_err e = {0, ""};
	int rc = pathset_add(ps, expr, &e);

	ok(rc == PHI_EUSAGE && e.code == PHI_EUSAGE, "'%s' is refused", expr);
	ok(strstr(e.msg, want) != NULL, "'%s': \"%s\" says \"%s\"", expr, e.msg,
	    want);
	ok(pathset_count(ps) == 0, "'%s' adds nothing", expr);
	pathset_free(ps);
}

static void
test_parse_errors(void)
{
	expect_bad("", "empty field path");
	expect_bad("a.", "ends with '.' at column 3");
	expect_bad("a.b.", "at column 5");
	expect_bad("a..b", "empty key at column 3");
	expect_bad(".a", "a jq spelling; write a");
	{ /* a long path keeps the advice in the message (fuzz_path) */
		char longp[600];
		memset(longp, 'k', sizeof(longp) - 1);
		longp[0] = longp[1] = ' ';
		longp[sizeof(longp) - 1] = '\0';
		expect_bad(longp, "...': spaces at an end; write kkk");
	}
	expect_bad("a\"b", "quoting at column 2");
	expect_bad("a]b", "quoting at column 2");
	expect_bad("a\\b", "quoting at column 2");
	expect_bad("a.b\"", "quoting at column 4");
	expect_bad("a*b", "'*' must be a whole key at column 2");
	expect_bad("a.x*", "'*' must be a whole key at column 4");
	expect_bad("***", "'*' must be a whole key at column 1");
	expect_bad("a[\"x\"", "missing ']' at column 6");
	expect_bad("a[3", "missing ']' at column 4");
	expect_bad("a[", "at column 3");
	expect_bad("[]", "at column 2");
	expect_bad("[abc]", "in [] at column 2");
	expect_bad("[-1]", "in [] at column 2");
	expect_bad("a[**]", "in [] at column 3");
	expect_bad("[\"x", "bad quoted key at column 2");
	expect_bad("[\"\\x\"]", "bad quoted key at column 2");
	expect_bad("[\"\\ud800\"]", "bad quoted key");
	expect_bad("[\"\\udc00\"]", "bad quoted key");
	expect_bad("[\"x\"]y", "expected '.' or '[' at column 6");
	expect_bad("a[*]b", "expected '.' or '[' at column 5");
	expect_bad("a[0]]", "expected '.' or '[' at column 5");
	expect_bad("[\"x\"]\"", "expected '.' or '[' at column 6");
}

/* The parts of an error that do not depend on the message text. */
static void
test_error_details(void)
{
	struct pathset *ps = set_of("ok.path", NULL);
	struct phi_err e = {0, ""};

	ok(pathset_add(ps, "bad..path", &e) == PHI_EUSAGE,
	    "a bad path after a good one is refused");
	ok(pathset_count(ps) == 1, "the good path stays, the bad one is gone");
	ok(matches(ps, "ok/path") == 1 && matches(ps, "bad/path") == 0,
	    "the set still matches what it held");
	ok(strstr(e.msg, "'bad..path'") != NULL, "the message names the path");
	ok(pathset_add(ps, "x.y", &e) == PHI_OK && pathset_count(ps) == 2 &&
	        matches(ps, "x/y") == 1,
	    "a path added after a refusal works");
	pathset_free(ps);
}

static void
test_numeric(void)
{
	expect("items.0", L("items/#0", "items/0"),
	    L("items/#1", "items/00", "items", "items/#0/x"));
	expect("items.12.name", L("items/#12/name", "items/12/name"),
	    L("items/#1/name", "items/#2/name", "items/#120/name"));
	expect("items[0]", L("items/#0"), L("items/0", "items/#1"));
	expect("items[\"0\"]", L("items/0"), L("items/#0", "items/00"));
	expect("0", L("#0", "0"), L("#1", ""));
	/* a name with leading zeros is a key, never an index */
	expect("items.007", L("items/007"), L("items/#7", "items/7"));
	expect("a.1x", L("a/1x"), L("a/#1"));
	/* an index too long for the matcher is a plain key */
	expect("a.1234567890123456789012", L("a/1234567890123456789012"), NULL);
}

static void
test_star_glob(void)
{
	expect("a.*", L("a/x", "a/#3", "a/"), L("a", "a/x/y", "b/x"));
	expect("*.*", L("a/b", "#0/#1"), L("a", "a/b/c"));
	expect("a.*.c", L("a/b/c", "a/#0/c"), L("a/c", "a/b/b/c", "a/b/d"));
	expect("**.email",
	    L("email", "x/email", "x/#0/email", "x/y/z/email", "a/b/c/d/email",
	        "email/email"),
	    L("emailx", "x/email/y", "x", "x/Email", ""));
	expect("a.**", L("a", "a/b", "a/#0/c", "a/b/c/d/e/f"),
	    L("b", "b/a", "x/a/b"));
	expect("a.**.b", L("a/b", "a/x/b", "a/x/y/b", "a/#3/b", "a/b/b"),
	    L("a", "a/x", "b", "x/a/b", "a/b/x"));
	expect("**.a.*", L("a/x", "q/a/x", "q/r/a/#1"), L("a", "q/a", "a/x/y"));
	expect("**.**", L("a", "a/b/c"), NULL);
	expect("*.**.z", L("a/z", "a/b/z", "#0/z"), L("z", "a/z/q"));
}

/* A pattern's states and the word boundaries of the bit set. */
static void
test_many_states(void)
{
	struct pathset *ps = pathset_new();
	struct phi_err e;
	char expr[64], spec[64];
	int i, good = 1;

	/* 21 patterns of 3 states take states 0..62, so the `**` of the
	 * next one is state 63 and its `email` state 64, in the next word */
	for (i = 0; i < 21; i++) {
		snprintf(expr, sizeof(expr), "q%d.x", i);
		good &= pathset_add(ps, expr, &e) == PHI_OK;
	}
	good &= pathset_add(ps, "**.email", &e) == PHI_OK;
	for (i = 0; i < 30; i++) {
		snprintf(expr, sizeof(expr), "p%d.a.**.b.*", i);
		good &= pathset_add(ps, expr, &e) == PHI_OK;
	}
	good &= pathset_add(ps, "last[\"k.k\"][4]", &e) == PHI_OK;
	ok(good, "53 patterns added");
	ok(pathset_count(ps) == 53, "pathset_count is 53");
	ok(pathset_words(ps) == (21 * 3 + 3 + 30 * 6 + 4 + 63) / 64,
	    "pathset_words covers every state (%zu words)", pathset_words(ps));
	ok(pathset_words(ps) >= 4, "more than three words of states");
	good = 1;
	for (i = 0; i < 21; i++) {
		snprintf(spec, sizeof(spec), "q%d/x", i);
		good &= matches(ps, spec) == 1;
		snprintf(spec, sizeof(spec), "q%d/y", i);
		good &= matches(ps, spec) == 0;
		snprintf(spec, sizeof(spec), "q%d", i);
		good &= matches(ps, spec) == 0;
	}
	ok(good, "each of q0.x .. q20.x matches its path only");
	good = 1;
	for (i = 0; i < 30; i++) {
		snprintf(spec, sizeof(spec), "p%d/a/b/#0", i);
		good &= matches(ps, spec) == 1;
		snprintf(spec, sizeof(spec), "p%d/a/m/n/b/k", i);
		good &= matches(ps, spec) == 1;
		snprintf(spec, sizeof(spec), "p%d/a/m/n/b", i);
		good &= matches(ps, spec) == 0;
		snprintf(spec, sizeof(spec), "p%d/b/x", i);
		good &= matches(ps, spec) == 0;
	}
	ok(good, "each of p0.a.**.b.* .. p29.a.**.b.* matches its paths only");
	ok(matches(ps, "email") && matches(ps, "q1/email") &&
	        matches(ps, "p3/a/b/email") && matches(ps, "z/z/z/z/z/email"),
	    "**.email across the word boundary matches at any depth");
	ok(!matches(ps, "q1/emails") && !matches(ps, "q99/x"),
	    "and nothing else");
	ok(matches(ps, "last/k.k/#4") && !matches(ps, "last/k.k/4") &&
	        !matches(ps, "last/k/k/#4"),
	    "the last pattern matches");
	ok(!matches(ps, "p31/a/b/c") && !matches(ps, "x"),
	    "unknown paths match nothing");
	pathset_free(ps);
}

static void
test_several(void)
{
	struct pathset *ps = set_of("traits.email", "properties.*",
	    "context.ip", "**.ssn", "items[1]", NULL);
	struct path_seg empty = {"", 0, 0};

	ok(matches(ps, "traits/email") && matches(ps, "properties/x") &&
	        matches(ps, "context/ip") && matches(ps, "a/b/ssn") &&
	        matches(ps, "items/#1"),
	    "each pattern of a set matches");
	ok(!matches(ps, "traits/phone") && !matches(ps, "properties") &&
	        !matches(ps, "context/ip/x") && !matches(ps, "items/#0") &&
	        !matches(ps, "context"),
	    "and the set matches nothing else");
	ok(strcmp(pathset_expr(ps, 0), "traits.email") == 0 &&
	        strcmp(pathset_expr(ps, 4), "items[1]") == 0 &&
	        pathset_expr(ps, 5) == NULL,
	    "pathset_expr gives each path as given, NULL past the last");
	pathset_free(ps);
	ps = pathset_new();
	ok(ps != NULL && pathset_count(ps) == 0 && matches(ps, "a") == 0 &&
	        matches(ps, "") == 0,
	    "an empty set matches nothing");
	pathset_free(ps);
	ps = set_of("[\"\"]", NULL);
	ok(pathset_match(ps, &empty, 1) == 1, "'[\"\"]' matches the empty key");
	ok(matches(ps, "a") == 0 && matches(ps, "") == 0,
	    "'[\"\"]' matches neither a nor the root");
	pathset_free(ps);
	/* harmless: a crash here stops the test before its plan, a failure */
	pathset_free(NULL);
}

/* Outermost match: below a path that matched, the same pattern does not
 * match again; other patterns (or ** ones) still can. */
static void
test_outermost(void)
{
	struct pathset *ps = set_of("a", NULL);

	ok(matches(ps, "a") == 1, "'a' matches a");
	ok(matches(ps, "a/b") == 0, "'a' does not match a/b (outermost)");
	pathset_free(ps);
	ps = set_of("a", "a.b", NULL);
	ok(matches(ps, "a") == 1 && matches(ps, "a/b") == 1,
	    "with 'a' and 'a.b' both a and a/b match");
	ok(matches(ps, "a/c") == 0, "but not a/c");
	pathset_free(ps);
	ps = set_of("**.x", NULL);
	ok(matches(ps, "x") == 1 && matches(ps, "x/x") == 1 &&
	        matches(ps, "x/y") == 0,
	    "'**.x' matches x and x/x, not x/y");
	pathset_free(ps);
}

static void
step(const struct pathset *ps, uint64_t *st, uint64_t *tmp, const char *key)
{
	struct path_seg s = {key, key != NULL ? strlen(key) : 0, 0};

	pathset_step(ps, st, &s, tmp);
	memcpy(st, tmp, pathset_words(ps) * sizeof(*st));
}

static void
step_index(const struct pathset *ps, uint64_t *st, uint64_t *tmp, size_t i)
{
	struct path_seg s = {NULL, 0, i};

	pathset_step(ps, st, &s, tmp);
	memcpy(st, tmp, pathset_words(ps) * sizeof(*st));
}

static void
test_incremental(void)
{
	struct pathset *ps =
	    set_of("traits.email", "list.*.id", "**.ssn", NULL);
	size_t w = pathset_words(ps);
	uint64_t *st = calloc(w, sizeof(*st)), *tmp = calloc(w, sizeof(*st));
	uint64_t *root = calloc(w, sizeof(*st));

	if (st == NULL || tmp == NULL || root == NULL)
		abort();
	pathset_start(ps, root);
	ok(!pathset_accepts(ps, root) && pathset_alive(ps, root),
	    "start: not accepting, alive");
	memcpy(st, root, w * sizeof(*st));
	step(ps, st, tmp, "traits");
	ok(!pathset_accepts(ps, st) && pathset_alive(ps, st),
	    "traits: not accepting, alive");
	step(ps, st, tmp, "email");
	ok(pathset_accepts(ps, st), "traits.email: accepting");
	ok(pathset_alive(ps, st), "traits.email: alive (for **.ssn)");
	step(ps, st, tmp, "ssn");
	ok(pathset_accepts(ps, st), "traits.email.ssn: accepting (**.ssn)");
	memcpy(st, root, w * sizeof(*st));
	step(ps, st, tmp, "list");
	step_index(ps, st, tmp, 4);
	ok(!pathset_accepts(ps, st) && pathset_alive(ps, st),
	    "list[4]: not accepting, alive");
	step(ps, st, tmp, "id");
	ok(pathset_accepts(ps, st), "list[4].id: accepting");
	pathset_free(ps);

	ps = set_of("a.b", NULL);
	pathset_start(ps, root);
	memcpy(st, root, sizeof(*st));
	step(ps, st, tmp, "x");
	ok(!pathset_accepts(ps, st) && !pathset_alive(ps, st),
	    "'a.b' at x: dead");
	memcpy(st, root, sizeof(*st));
	step(ps, st, tmp, "a");
	step(ps, st, tmp, "b");
	ok(pathset_accepts(ps, st) && !pathset_alive(ps, st),
	    "'a.b' at a.b: accepting and dead below");
	step(ps, st, tmp, "c");
	ok(!pathset_accepts(ps, st) && !pathset_alive(ps, st),
	    "'a.b' at a.b.c: nothing");
	pathset_free(ps);
	free(st);
	free(tmp);
	free(root);
}

/* Formats spec and compares with want. */
static void
expect_format(const char *spec, int star, const char *want)
{
	struct cpath c;
	struct buf b = BUF_INIT;
	int rc;

	cpath_parse(&c, spec);
	rc = path_format(&b, c.seg, c.n, star);
	ok(rc == 0 && b.len == strlen(want) && memcmp(b.p, want, b.len) == 0,
	    "path_format(%s, %d) = %s", vis(spec), star, want);
	buf_free(&b, 0);
}

static void
test_format(void)
{
	expect_format("a/b/c", 0, "a.b.c");
	expect_format("items/#3/name", 0, "items[3].name");
	expect_format("items/#3/name", 1, "items.*.name");
	expect_format("#0", 0, "[0]");
	expect_format("#0/#1", 1, "*.*");
	expect_format("a.b", 0, "[\"a.b\"]");
	expect_format("x/a.b/y", 0, "x[\"a.b\"].y");
	expect_format("x/a*/y", 0, "x[\"a*\"].y");
	expect_format("x/[k]", 0, "x[\"[k]\"]");
	expect_format("q\"t/x", 0, "[\"q\\\"t\"].x");
	expect_format("b\\s", 0, "[\"b\\\\s\"]");
	expect_format("x/", 0, "x[\"\"]");
	expect_format(" lead", 0, "[\" lead\"]");
	expect_format("trail ", 0, "[\"trail \"]");
	expect_format("in side", 0, "in side");
	expect_format("nl\n", 0, "[\"nl\\u000a\"]");
	expect_format("caf\xc3\xa9", 0, "caf\xc3\xa9");
	expect_format("0/#0", 0, "[\"0\"][0]");
	expect_format("0/#0", 1, "[\"0\"].*");
	expect_format("007/#12/x", 0, "007[12].x");
}

/* Keys that look like identifiers are printed ["…"], never themselves
 * (a key can be PHI: byEmail["alice@example.com"]). */
static void
test_masked(void)
{
	static const char *const yes[] = {"dana@example.com", "a@b",
	    "123-45-6789", "(555) 123-4567", "+1 555 123 4567", "2024-01-15",
	    "order_123456", "4111 1111 1111 1111", NULL};
	static const char *const no[] = {"@type", "userId", "12345",
	    "a1b2c3d4e5", "v1.2.3", "", "12-34 x 56", NULL};
	struct path_seg seg[2] = {{"m", 1, 0}, {path_mask, PATH_MASK_LEN, 0}};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		ok(path_key_masked(yes[i], strlen(yes[i])),
		    "%s looks like an identifier", yes[i]);
	for (i = 0; no[i] != NULL; i++)
		ok(!path_key_masked(no[i], strlen(no[i])),
		    "%s does not look like an identifier", no[i]);
	ok(path_key_masked("12\0\x34\x35\x36\x37", 7) == 0,
	    "a NUL byte ends a digit run");
	expect_format("byEmail/alice@example.com/visits", 0,
	    "byEmail[\"\xe2\x80\xa6\"].visits");
	expect_format("m/555-123-4567", 1, "m[\"\xe2\x80\xa6\"]");
	ok(path_format(&b, seg, 2, 0) == 0 && buf_putc(&b, '\0') == 0 &&
	        strcmp(b.p, "m" PATH_MASKED) == 0,
	    "a segment whose key is path_mask is printed %s", PATH_MASKED);
	buf_free(&b, 0);
}

/* Does ps match seg[0..n) with a digit-only key swapped for that index
 * or an index for that key (the path's twin)? */
static int
matches_twin(const struct pathset *ps, const struct path_seg *seg, size_t n)
{
	struct path_seg tw[16];
	char digits[16][24];
	size_t i, j;
	int hit = 0;

	for (i = 0; i < n && n <= 16; i++) {
		memcpy(tw, seg, n * sizeof(*seg));
		if (tw[i].key == NULL) {
			snprintf(
			    digits[i], sizeof(digits[i]), "%zu", tw[i].index);
			tw[i].key = digits[i];
			tw[i].keylen = strlen(digits[i]);
		} else {
			for (j = 0; j < tw[i].keylen; j++)
				if (tw[i].key[j] < '0' || tw[i].key[j] > '9')
					break;
			if (j < tw[i].keylen || j == 0 || j > 18 ||
			    (j > 1 && tw[i].key[0] == '0'))
				continue; /* no index twin */
			tw[i].index = (size_t)strtoull(tw[i].key, NULL, 10);
			tw[i].key = NULL;
		}
		hit |= pathset_match(ps, tw, n) == 1;
	}
	return hit;
}

/* The formatted path parses back to a pattern matching that path. */
static void
expect_round_trip(const struct path_seg *seg, size_t n, const char *what)
{
	struct buf b = BUF_INIT;
	struct pathset *ps;
	struct phi_err e = {0, ""};
	int star;

	for (star = 0; star <= 1; star++) {
		b.len = 0;
		ps = pathset_new();
		if (path_format(&b, seg, n, star) != 0 || buf_putc(&b, 0) != 0)
			abort();
		ok(pathset_add(ps, b.p, &e) == PHI_OK &&
		        pathset_match(ps, seg, n) == 1,
		    "round trip (star %d) of %s: %s", star, vis(what), b.p);
		if (star == 0)
			ok(!matches_twin(ps, seg, n),
			    "%s selects no key for an index, no index for a "
			    "key",
			    b.p);
		pathset_free(ps);
	}
	buf_free(&b, 0);
}

static void
test_round_trip(void)
{
	static const char *const specs[] = {"a/b/c", "items/#3/name", "#0",
	    "a.b/c", "x/a*b/[y]", "q\"uo\\te/#12", "/x", "x/", " s /t",
	    "nl\n/tab\t", "caf\xc3\xa9/\xf0\x9f\x98\x80", "0/1/#2", "007",
	    "**/*/#0", "a]b/a[b/\x7f", NULL};
	struct path_seg nul[2] = {{"a\0b", 3, 0}, {NULL, 0, 5}};
	struct cpath c;
	size_t i;

	for (i = 0; specs[i] != NULL; i++) {
		cpath_parse(&c, specs[i]);
		expect_round_trip(c.seg, c.n, specs[i]);
	}
	expect_round_trip(nul, 2, "a key with a NUL byte");
}

/* One-word sets look a key up by its first byte: the same answers as
 * the general (many-word) stepping, for keys that share first bytes,
 * the empty key, quoted keys and globs; padding the set past 64 states
 * forces the general code. */
static void
test_first_byte_index(void)
{
	static const char *const keys[] = {"a", "ab", "ax", "b", "", "q", "z",
	    "a.b", "0", "#0", "#3", "m", "abc", "A"};
	const size_t nk = sizeof(keys) / sizeof(keys[0]);
	struct pathset *one, *many;
	struct phi_err e;
	char spec[64];
	size_t i, j, k, bad = 0, hits = 0;

	one = set_of("ab.c", "ax", "[\"\"].z", "b.*", "**.q", "[\"a.b\"]",
	    "0.m", "[3].m", "A.**", NULL);
	many = set_of("ab.c", "ax", "[\"\"].z", "b.*", "**.q", "[\"a.b\"]",
	    "0.m", "[3].m", "A.**", NULL);
	for (i = 0; i < 40; i++)
		if (pathset_add(many, "pad.pad.pad", &e) != PHI_OK)
			abort();
	ok(pathset_words(one) == 1 && pathset_words(many) > 1,
	    "one word of states, and more than one");
	for (i = 0; i < nk; i++)
		for (j = 0; j < nk; j++)
			for (k = 0; k < nk; k++) {
				snprintf(spec, sizeof(spec), "%s/%s/%s",
				    keys[i], keys[j], keys[k]);
				hits += matches(one, spec);
				bad +=
				    matches(one, spec) != matches(many, spec);
			}
	ok(bad == 0 && hits > 0,
	    "first-byte lookup agrees with general stepping (%zu of %zu "
	    "paths match)",
	    hits, nk * nk * nk);
	pathset_free(one);
	pathset_free(many);
}

/* json_find on line for path: "found bytes|canonical path", or "-" when
 * not found (the answer in buf out). */
static const char *
find(const char *path, const char *line, char *out, size_t n)
{
	struct pathset *ps = pathset_new();
	struct buf canon = BUF_INIT;
	struct phi_err e;
	size_t st = 0, en = 0;
	int r = -1;

	if (ps != NULL && pathset_add(ps, path, &e) == 0)
		r = json_find(line, strlen(line), ps, &st, &en, &canon);
	if (r == 1)
		snprintf(out, n, "%.*s|%.*s", (int)(en - st), line + st,
		    (int)canon.len, canon.p != NULL ? canon.p : "");
	else
		snprintf(out, n, "%s", r == 0 ? "-" : "error");
	buf_free(&canon, 0);
	pathset_free(ps);
	return out;
}

/* The record field of suite-2 tokens: found wherever it stands, its
 * exact bytes and its canonical path (unmasked); nothing for a text
 * that does not scan. */
static void
test_find(void)
{
	static const char *const cases[][3] = {
	    {"messageId", "{\"a\":[1,{\"messageId\":0}],\"messageId\":\"m-1\"}",
	        "\"m-1\"|messageId"},
	    {"messageId", "{ \"messageId\" : 12 , \"b\":2}", "12|messageId"},
	    {"a.b", "{\"a\":{\"c\":[1,{\"b\":3}],\"b\":{\"z\":[1,2]}}}",
	        "{\"z\":[1,2]}|a.b"},
	    {"a[1]", "{\"a\":[{\"q\":\"]\"},\"w\\\"x\"]}", "\"w\\\"x\"|a[1]"},
	    {"a.1", "{\"a\":{\"1\":true}}", "true|a[\"1\"]"},
	    {"a[\"x.y\"]", "{\"a\":{\"x.y\":null}}", "null|a[\"x.y\"]"},
	    {"k", "{\"\\u006b\":false}", "false|k"},
	    {"a[\"jane@example.com\"]", "{\"a\":{\"jane@example.com\":1}}",
	        "1|a[\"jane@example.com\"]"},
	    {"k", "{\"a\":\"k\",\"b\":{\"k\":1}}", "-"},
	    {"k", "{\"a\":[", "-"},
	    {"k", "{\"k\":", "-"},
	    {"k", "[{\"k\":1}]", "-"},
	    {"k", "{\"k\":\"unclosed}", "-"},
	};
	char got[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(strcmp(find(cases[i][0], cases[i][1], got, sizeof(got)),
		       cases[i][2]) == 0,
		    "json_find %s in case %zu: %s", cases[i][0], i, got);
}

int
main(void)
{
	test_first_byte_index();
	test_parse_ok();
	test_parse_errors();
	test_error_details();
	test_numeric();
	test_star_glob();
	test_many_states();
	test_several();
	test_outermost();
	test_incremental();
	test_format();
	test_masked();
	test_round_trip();
	test_find();
	return tap_done();
}
