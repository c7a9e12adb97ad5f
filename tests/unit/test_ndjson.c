/*
 * test_ndjson.c - common/ndjson from C, for what the bats suite
 * (tests/stream.bats, through ndjson-probe) cannot see well: the
 * values a visitor is shown (path, type, span, decoded text, selected /
 * in_selected / live), keys with escapes deep in a line (the key arena
 * growing and moving), the nesting limit, the take / line_done /
 * rejected callbacks, statistics and switching the output.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ndjson.h"
#include "tap.h"

#define MAXREC 64

struct rec {
	char path[128];
	enum ndjson_type type;
	size_t start, end, depth;
	char str[64];
	size_t len;
	int selected, in_selected, live;
};

enum mode {
	KEEP_ALL,   /* visit everything */
	ON_SELECT,  /* `act` on selected values, skip dead containers */
	CHECK_DEEP, /* the deep-key test: check paths as they grow */
};

struct ctx {
	enum mode mode;
	enum ndjson_action act;
	struct rec rec[MAXREC];
	size_t nrec, visits;
	int take_rc; /* what take returns */
	int done_rc; /* what line_done returns from line done_at on */
	uint64_t done_at, ndone;
	uint64_t stop_at; /* line_done sets the stop flag at this line */
	int nrejected;
	char lastmsg[512];
	/* CHECK_DEEP */
	size_t deep_bad, deep_max;
	const char *deep_want; /* the full path at the deepest value */
	int deep_seen;
};

static void
record(struct ctx *c, const struct ndjson_value *v)
{
	struct rec *r;
	struct buf b = BUF_INIT;

	if (c->nrec == MAXREC)
		return;
	r = &c->rec[c->nrec++];
	path_format(&b, v->path, v->depth, 0);
	snprintf(r->path, sizeof(r->path), "%.*s", (int)b.len,
	    b.p != NULL ? b.p : "");
	buf_free(&b, 0);
	r->type = v->type;
	r->start = v->start;
	r->end = v->end;
	r->depth = v->depth;
	r->len = v->len;
	snprintf(r->str, sizeof(r->str), "%.*s", (int)v->len,
	    v->str != NULL ? v->str : "");
	r->selected = v->selected;
	r->in_selected = v->in_selected;
	r->live = v->live;
}

/* Deep line: the key of level d (1-based) is "k<d>" padded with 'x' to
 * 40 bytes; check the first and the last segment on every visit. */
static void
check_deep(struct ctx *c, const struct ndjson_value *v)
{
	const struct path_seg *first = &v->path[0], *last;
	char want[64];
	struct buf b = BUF_INIT;

	last = &v->path[v->depth - 1];
	snprintf(want, sizeof(want), "k%zu", v->depth);
	memset(want + strlen(want), 'x', 40 - strlen(want));
	want[40] = '\0';
	if (first->key == NULL || first->keylen != 40 ||
	    memcmp(first->key, "k1xx", 4) != 0 || last->key == NULL ||
	    last->keylen != 40 || memcmp(last->key, want, 40) != 0)
		c->deep_bad++;
	if (v->depth > c->deep_max)
		c->deep_max = v->depth;
	if (v->type == NDJSON_NUMBER && c->deep_want != NULL) {
		path_format(&b, v->path, v->depth, 0);
		c->deep_seen = b.len == strlen(c->deep_want) &&
		    memcmp(b.p, c->deep_want, b.len) == 0;
		buf_free(&b, 0);
	}
}

static enum ndjson_action
visit(void *ctx, const struct ndjson_value *v)
{
	struct ctx *c = ctx;

	c->visits++;
	if (c->mode == CHECK_DEEP) {
		check_deep(c, v);
		return NDJSON_KEEP;
	}
	record(c, v);
	if (c->mode == KEEP_ALL)
		return NDJSON_KEEP;
	if (v->selected)
		return c->act;
	return v->live || v->type < NDJSON_OBJECT ? NDJSON_KEEP : NDJSON_SKIP;
}

static int
take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	struct ctx *c = ctx;

	if (c->take_rc != PHI_OK)
		return phi_err_set(
		    e, c->take_rc, "take refused (column %zu)", v->start + 1);
	return buf_printf(out, "\"<%zu-%zu>\"", v->start, v->end) == 0
	    ? PHI_OK
	    : PHI_ESOFTWARE;
}

/* A signal handler's flag: line_done sets it at line stop_at. */
static volatile sig_atomic_t stop_flag;

static int
line_done(void *ctx, struct phi_err *e)
{
	struct ctx *c = ctx;

	if (c->stop_at > 0 && c->ndone + 1 == c->stop_at)
		stop_flag = SIGTERM;
	if (++c->ndone >= c->done_at && c->done_rc != PHI_OK)
		return phi_err_set(e, c->done_rc, "line_done says stop");
	return PHI_OK;
}

static void
rejected(void *ctx, const struct phi_err *e)
{
	struct ctx *c = ctx;

	c->nrejected++;
	snprintf(c->lastmsg, sizeof(c->lastmsg), "%s", e->msg);
}

static char tmpdir[] = "/tmp/test_ndjson.XXXXXX";

/* Writes data to a new file in tmpdir; returns its name (static). */
static const char *
put_file(const char *name, const char *data, size_t n)
{
	static char path[4][256];
	static int k;
	char *p = path[k++ % 4];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	if ((f = fopen(p, "wb")) == NULL || fwrite(data, 1, n, f) != n ||
	    fclose(f) != 0)
		abort();
	return p;
}

/* Reads the file back into b (emptied first). */
static void
get_file(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	b->len = 0;
	if (fd < 0)
		abort();
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(b, chunk, (size_t)n);
	close(fd);
}

struct run {
	struct ctx c;
	struct buf out;
	struct phi_err e;
	int rc;
	struct ndjson_stats st;
};

/* Runs input through a fresh ndjson with the given select set, reject
 * file and max_line; r->out holds what was written. */
static void
run_opts(struct run *r, const char *input, size_t n, const struct pathset *ps,
    const char *reject, size_t max_line)
{
	struct ndjson_opts o = {.max_line = max_line,
	    .select = ps,
	    .reject_path = reject,
	    .out_fd = -1,
	    .stop = &stop_flag,
	    .stop_fd = -1};
	struct ndjson_handler h = {.ctx = &r->c,
	    .visit = visit,
	    .take = take,
	    .line_done = line_done,
	    .rejected = rejected};
	struct ndjson *nj;
	const char *in = put_file("in", input, n);
	char outpath[256];
	int fd;

	snprintf(outpath, sizeof(outpath), "%s/out", tmpdir);
	if ((fd = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		abort();
	o.out_fd = fd;
	r->e.code = 0;
	r->e.msg[0] = '\0';
	if ((r->rc = ndjson_new(&nj, &o, &h, &r->e)) != PHI_OK)
		abort();
	r->rc = ndjson_run_file(nj, in, &r->e);
	if (r->rc == PHI_OK)
		r->rc = ndjson_flush(nj, &r->e);
	r->st = *ndjson_stats(nj);
	ndjson_free(nj);
	close(fd);
	get_file(outpath, &r->out);
}

static void
run_str(struct run *r, const char *input, const struct pathset *ps)
{
	run_opts(r, input, strlen(input), ps, NULL, 0);
}

static int
out_is(const struct run *r, const char *want)
{
	return r->out.len == strlen(want) &&
	    memcmp(r->out.p, want, r->out.len) == 0;
}

static struct pathset *
set_of(const char *a, const char *b)
{
	struct pathset *ps = pathset_new();
	struct phi_err e;

	if (ps == NULL || pathset_add(ps, a, &e) != PHI_OK ||
	    (b != NULL && pathset_add(ps, b, &e) != PHI_OK))
		abort();
	return ps;
}

static const struct rec *
find(const struct run *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->c.nrec; i++)
		if (strcmp(r->c.rec[i].path, path) == 0)
			return &r->c.rec[i];
	return NULL;
}

/* Offset of the first occurrence of needle in hay. */
static size_t
off(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (p == NULL)
		abort();
	return (size_t)(p - hay);
}

/* One record against what is expected of it. */
static void
expect_rec(const struct run *r, const char *path, enum ndjson_type t,
    size_t start, size_t end, int sel, int insel, int live)
{
	const struct rec *x = find(r, path);

	ok(x != NULL && x->type == t && x->start == start && x->end == end &&
	        x->selected == sel && x->in_selected == insel &&
	        x->live == live,
	    "%s: type %d, span %zu-%zu, selected %d, in_selected %d, live %d",
	    path, (int)t, start, end, sel, insel, live);
}

static void
test_visit_flags(void)
{
	static const char line[] = "{\"a\":{\"b\":{\"x\":1},\"c\":2},"
	                           "\"d\":[{\"x\":true}]}\n";
	size_t ab = off(line, "{\"x\":1}"), d = off(line, "[{\"x\":true}]");
	size_t x1 = off(line, "1}"), c2 = off(line, "2}"),
	       tr = off(line, "true");
	struct pathset *ps = set_of("a.b", NULL);
	struct run r = {0};

	r.c.mode = KEEP_ALL;
	run_str(&r, line, ps);
	ok(r.rc == PHI_OK && out_is(&r, line), "KEEP_ALL copies the line");
	ok(r.c.nrec == 7, "seven values visited (%zu)", r.c.nrec);
	ok(strcmp(r.c.rec[0].path, "a") == 0 &&
	        strcmp(r.c.rec[1].path, "a.b") == 0 &&
	        strcmp(r.c.rec[2].path, "a.b.x") == 0 &&
	        strcmp(r.c.rec[6].path, "d[0].x") == 0,
	    "containers are visited before their inside, in order");
	expect_rec(&r, "a", NDJSON_OBJECT, 5, 0, 0, 0, 1);
	expect_rec(&r, "a.b", NDJSON_OBJECT, ab, 0, 1, 1, 0);
	expect_rec(&r, "a.b.x", NDJSON_NUMBER, x1, x1 + 1, 0, 1, 0);
	expect_rec(&r, "a.c", NDJSON_NUMBER, c2, c2 + 1, 0, 0, 0);
	expect_rec(&r, "d", NDJSON_ARRAY, d, 0, 0, 0, 0);
	expect_rec(&r, "d[0]", NDJSON_OBJECT, d + 1, 0, 0, 0, 0);
	expect_rec(&r, "d[0].x", NDJSON_TRUE, tr, tr + 4, 0, 0, 0);
	ok(find(&r, "a.b.x")->depth == 3 && find(&r, "d")->depth == 1,
	    "depth is the path length");
	pathset_free(ps);

	memset(&r.c, 0, sizeof(r.c));
	ps = set_of("**.x", "a.b");
	run_str(&r, line, ps);
	expect_rec(&r, "a", NDJSON_OBJECT, 5, 0, 0, 0, 1);
	expect_rec(&r, "a.b", NDJSON_OBJECT, ab, 0, 1, 1, 1);
	expect_rec(&r, "a.b.x", NDJSON_NUMBER, x1, x1 + 1, 1, 1, 1);
	expect_rec(&r, "a.c", NDJSON_NUMBER, c2, c2 + 1, 0, 0, 1);
	expect_rec(&r, "d[0].x", NDJSON_TRUE, tr, tr + 4, 1, 1, 1);
	pathset_free(ps);

	memset(&r.c, 0, sizeof(r.c));
	run_str(&r, line, NULL);
	expect_rec(&r, "a", NDJSON_OBJECT, 5, 0, 0, 0, 0);
	expect_rec(&r, "a.b.x", NDJSON_NUMBER, x1, x1 + 1, 0, 0, 0);
	ok(r.c.nrec == 7 && out_is(&r, line), "no select set: all kept");
	buf_free(&r.out, 0);
}

static void
test_values(void)
{
	static const char line[] = "{ \"s\" : \"s\\u00e9\\n\" , \"n\":-1.50e+3,"
	                           "\"t\":true,\"f\":false,\"z\":null,"
	                           "\"e\":\"\",\"u\":\"caf\xc3\xa9\"}";
	struct run r = {0};
	const struct rec *x;

	r.c.mode = KEEP_ALL;
	run_str(&r, line, NULL);
	ok(r.rc == PHI_OK && out_is(&r, line),
	    "a last line without newline is copied without one");
	x = find(&r, "s");
	ok(x != NULL && x->type == NDJSON_STRING && x->len == 4 &&
	        memcmp(x->str, "s\xc3\xa9\n", 4) == 0 &&
	        x->start == off(line, "\"s\\u") && x->end == off(line, " , "),
	    "a string: decoded text, span of the literal with its quotes");
	x = find(&r, "n");
	ok(x != NULL && x->type == NDJSON_NUMBER &&
	        strcmp(x->str, "-1.50e+3") == 0 && x->len == 8 &&
	        x->end - x->start == 8,
	    "a number: its text as written");
	ok(find(&r, "t")->type == NDJSON_TRUE &&
	        find(&r, "f")->type == NDJSON_FALSE &&
	        find(&r, "z")->type == NDJSON_NULL,
	    "true, false and null");
	ok(find(&r, "t")->end - find(&r, "t")->start == 4 &&
	        find(&r, "f")->end - find(&r, "f")->start == 5 &&
	        find(&r, "z")->end - find(&r, "z")->start == 4,
	    "their spans are 4, 5 and 4 bytes");
	x = find(&r, "e");
	ok(x != NULL && x->len == 0 && x->end - x->start == 2,
	    "an empty string");
	x = find(&r, "u");
	ok(x != NULL && x->len == 5 && memcmp(x->str, "caf\xc3\xa9", 5) == 0,
	    "UTF-8 text");
	buf_free(&r.out, 0);
}

/* Keys with escapes are decoded by yajl outside the line: the path must
 * still hold them, also after the arena moved and after siblings. */
static void
test_escaped_keys(void)
{
	static const char line[] = "{\"k\\u0065y\":{\"plain\":{\"\\u00e9\":1}},"
	                           "\"\\u0061\":{\"\\u0062\":{\"x\":1},"
	                           "\"\\u0064\":2},\"c\":3}\n";
	struct run r = {0};

	r.c.mode = KEEP_ALL;
	run_str(&r, line, NULL);
	ok(r.rc == PHI_OK && out_is(&r, line), "the line is copied");
	ok(find(&r, "key.plain.\xc3\xa9") != NULL, "key.plain.\xc3\xa9 seen");
	ok(find(&r, "a.b.x") != NULL, "a.b.x seen");
	ok(find(&r, "a.d") != NULL && find(&r, "a.d")->depth == 2,
	    "a.d after a.b.x (arena popped)");
	ok(find(&r, "c") != NULL && find(&r, "c")->depth == 1, "c at depth 1");
	buf_free(&r.out, 0);
}

/* An escaped key after lines whose keys were plain or escaped: the
 * selected value under it must be taken (it used to keep a stale key). */
static void
test_escaped_keys_lines(void)
{
	static const char in[] =
	    "{\"\\u0062\":1}\n{\"x\":1}\n"
	    "{\"\\u0061\":\"secret\",\"k\":{\"\\u0061\":2}}\n";
	static const char want[] =
	    "{\"\\u0062\":1}\n{\"x\":1}\n"
	    "{\"\\u0061\":\"<10-18>\",\"k\":{\"\\u0061\":2}}\n";
	struct pathset *ps = set_of("a", NULL);
	struct run r = {0};

	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_TAKE;
	run_str(&r, in, ps);
	ok(r.rc == PHI_OK && out_is(&r, want),
	    "a value under an escaped key on line 3 is taken");
	ok(find(&r, "x") != NULL && find(&r, "k") != NULL &&
	        find(&r, "k.a") == NULL && r.c.nrec == 4,
	    "paths b, x, a, k (k is dead, not visited inside)");
	pathset_free(ps);
	buf_free(&r.out, 0);
}

/* A line of `depth` nested objects; the keys are written with escapes
 * on odd levels (decoded into the arena) and plainly on even ones. */
static void
deep_line(struct buf *b, struct buf *want, size_t depth)
{
	char key[64];
	size_t d;

	for (d = 1; d <= depth; d++) {
		snprintf(key, sizeof(key), "k%zu", d);
		memset(key + strlen(key), 'x', 40 - strlen(key));
		key[40] = '\0';
		buf_putc(b, '{');
		if (d % 2 == 1)
			buf_printf(b, "\"\\u006b%s\":", key + 1);
		else
			buf_printf(b, "\"%s\":", key);
		buf_printf(want, "%s%s", d > 1 ? "." : "", key);
	}
	buf_putc(b, '1');
	for (d = 0; d < depth; d++)
		buf_putc(b, '}');
	buf_putc(b, '\n');
	buf_putc(want, '\0');
}

static void
test_deep_keys(void)
{
	struct buf line = BUF_INIT, want = BUF_INIT;
	struct run r = {0};

	deep_line(&line, &want, 3000);
	r.c.mode = CHECK_DEEP;
	r.c.deep_want = want.p;
	run_opts(&r, line.p, line.len, NULL, NULL, 0);
	ok(r.rc == PHI_OK && r.out.len == line.len &&
	        memcmp(r.out.p, line.p, line.len) == 0,
	    "3000 levels of escaped keys: copied unchanged");
	ok(r.c.deep_max == 3000, "the deepest value has depth 3000");
	ok(r.c.deep_bad == 0,
	    "first and last keys right on every visit (%zu "
	    "wrong)",
	    r.c.deep_bad);
	ok(r.c.deep_seen, "the whole path of the deepest value is right");
	buf_free(&line, 0);
	buf_free(&want, 0);
	buf_free(&r.out, 0);
}

static void
nested_line(struct buf *b, size_t depth)
{
	size_t d;

	b->len = 0;
	for (d = 0; d < depth; d++)
		buf_puts(b, "{\"a\":");
	buf_putc(b, '1');
	for (d = 0; d < depth; d++)
		buf_putc(b, '}');
	buf_putc(b, '\n');
}

static void
test_depth_limit(void)
{
	struct buf line = BUF_INIT;
	struct run r = {0};
	char want[64];

	nested_line(&line, NDJSON_MAX_DEPTH);
	r.c.mode = KEEP_ALL;
	run_opts(&r, line.p, line.len, NULL, NULL, 0);
	ok(r.rc == PHI_OK && r.out.len == line.len,
	    "%d nested objects are fine", NDJSON_MAX_DEPTH);
	nested_line(&line, NDJSON_MAX_DEPTH + 1);
	memset(&r.c, 0, sizeof(r.c));
	r.c.mode = KEEP_ALL;
	run_opts(&r, line.p, line.len, NULL, NULL, 0);
	snprintf(want, sizeof(want),
	    "in:1: nested deeper than %d levels "
	    "(column %d)",
	    NDJSON_MAX_DEPTH, NDJSON_MAX_DEPTH * 5 + 1);
	ok(r.rc == PHI_EDATA && strstr(r.e.msg, want) != NULL, "%d are not: %s",
	    NDJSON_MAX_DEPTH + 1, r.e.msg);
	ok(r.out.len == 0, "and nothing is written");
	/* skipped containers are not stacked: no limit but yajl's */
	nested_line(&line, 100000);
	memset(&r.c, 0, sizeof(r.c));
	r.c.mode = ON_SELECT;
	run_opts(&r, line.p, line.len, NULL, NULL, 0);
	ok(r.rc == PHI_OK && r.out.len == line.len &&
	        memcmp(r.out.p, line.p, line.len) == 0,
	    "100000 levels pass when skipped unvisited");
	buf_free(&line, 0);
	buf_free(&r.out, 0);
}

static void
test_take_drop(void)
{
	static const char line[] =
	    "{\"a\":1,\"b\":{\"c\":[1,2]},\"d\":\"x\"}\n";
	struct pathset *ps = set_of("b", "d");
	struct run r = {0};
	char want[128];

	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_TAKE;
	run_str(&r, line, ps);
	snprintf(want, sizeof(want),
	    "{\"a\":1,\"b\":\"<%zu-%zu>\",\"d\":"
	    "\"<%zu-%zu>\"}\n",
	    off(line, "{\"c\""), off(line, ",\"d\""), off(line, "\"x\""),
	    off(line, "}\n"));
	ok(r.rc == PHI_OK && out_is(&r, want),
	    "take: containers and scalars, exact spans");
	ok(r.st.taken == 2 && r.st.events == 1, "stats: 2 taken, 1 event");
	ok(find(&r, "b.c") == NULL, "a taken container is not visited");
	memset(&r.c, 0, sizeof(r.c));
	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_DROP;
	run_str(&r, line, ps);
	ok(r.rc == PHI_OK && out_is(&r, "{\"a\":1}\n"), "drop b and d");
	pathset_free(ps);
	ps = set_of("a", "b.c.1");
	memset(&r.c, 0, sizeof(r.c));
	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_DROP;
	run_str(&r, line, ps);
	ok(r.rc == PHI_OK && out_is(&r, "{\"b\":{\"c\":[1]},\"d\":\"x\"}\n"),
	    "drop the first member and the last element");
	memset(&r.c, 0, sizeof(r.c));
	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_SKIP;
	run_str(&r, line, ps);
	ok(r.rc == PHI_OK && out_is(&r, line) && find(&r, "b.c[0]") != NULL,
	    "skip of selected scalars keeps the line");
	pathset_free(ps);
	buf_free(&r.out, 0);
}

static void
test_callbacks(void)
{
	static const char in[] = "{\"a\":1}\n\n{\"a\":2}\n  \n{\"a\":3}\n";
	char rej[256];
	struct pathset *ps = set_of("a", NULL);
	struct run r = {0};
	struct buf b = BUF_INIT;

	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_KEEP;
	run_str(&r, in, ps);
	ok(r.rc == PHI_OK && out_is(&r, in), "blank lines pass");
	ok(r.c.ndone == 3, "line_done once per event, not per blank line");
	ok(r.st.lines == 5 && r.st.events == 3 && r.st.bad == 0 &&
	        r.st.taken == 0 && r.st.bytes == sizeof(in) - 1,
	    "stats: 5 lines, 3 events, %zu bytes", sizeof(in) - 1);

	memset(&r.c, 0, sizeof(r.c));
	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_KEEP;
	r.c.done_rc = PHI_EIO;
	r.c.done_at = 2;
	run_str(&r, in, ps);
	ok(r.rc == PHI_EIO && strstr(r.e.msg, "line_done says stop") != NULL,
	    "line_done's status stops the run");
	ok(out_is(&r, "{\"a\":1}\n\n") && r.c.ndone == 2 && r.st.events == 1,
	    "lines after it are not read, nor that line written (counted)");
	r.c.done_rc = PHI_EFAIL;
	r.c.ndone = 0;
	run_str(&r, in, ps);
	ok(r.rc == PHI_EFAIL &&
	        strstr(r.e.msg, "/in:3: line_done says") != NULL,
	    "a failed check (PHI_EFAIL) names the file and line");

	/* take refuses with PHI_EDATA: the line is bad */
	memset(&r.c, 0, sizeof(r.c));
	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_TAKE;
	r.c.take_rc = PHI_EDATA;
	run_str(&r, in, ps);
	ok(r.rc == PHI_EDATA &&
	        strstr(r.e.msg,
	            "in:1: take refused (column "
	            "6)") != NULL,
	    "a PHI_EDATA from take makes the line bad: %s", r.e.msg);
	ok(r.out.len == 0 && r.st.bad == 1, "nothing written, 1 bad");

	snprintf(rej, sizeof(rej), "%s/rej", tmpdir);
	memset(&r.c, 0, sizeof(r.c));
	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_TAKE;
	r.c.take_rc = PHI_EDATA;
	run_opts(&r, in, strlen(in), ps, rej, 0);
	get_file(rej, &b);
	ok(r.rc == PHI_OK && r.st.bad == 3 && r.c.nrejected == 3,
	    "with a reject file: run goes on, 3 rejected");
	ok(out_is(&r, "\n  \n") && b.len == 24 &&
	        memcmp(b.p, "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", 24) == 0,
	    "the lines went to the reject file whole");
	ok(strstr(r.c.lastmsg, "in:5: take refused") != NULL,
	    "rejected() gets the message: %s", r.c.lastmsg);

	/* any other status from take stops the run, reject file or not */
	memset(&r.c, 0, sizeof(r.c));
	r.c.mode = ON_SELECT;
	r.c.act = NDJSON_TAKE;
	r.c.take_rc = PHI_ESOFTWARE;
	unlink(rej); /* a reject file is never made over an old one */
	run_opts(&r, in, strlen(in), ps, rej, 0);
	ok(r.rc == PHI_ESOFTWARE && r.c.nrejected == 0 && r.out.len == 0,
	    "PHI_ESOFTWARE from take stops the run");
	pathset_free(ps);
	buf_free(&b, 0);
	buf_free(&r.out, 0);
}

/* Several inputs, line numbers per input, output switching, no output. */
static void
test_files_and_output(void)
{
	struct ctx c = {0};
	struct ndjson_opts o = {.out_fd = -1};
	struct ndjson_handler h = {.ctx = &c,
	    .visit = visit,
	    .take = take,
	    .line_done = line_done,
	    .rejected = rejected};
	struct ndjson *nj;
	struct phi_err e;
	struct buf b = BUF_INIT;
	const char *f1 = put_file("f1", "{\"a\":1}\n{}\n", 11);
	const char *f2 = put_file("f2", "{}\n[]\n", 6);
	char p1[256], p2[256];
	int fd1, fd2, rc1, rc2, rc3;

	snprintf(p1, sizeof(p1), "%s/o1", tmpdir);
	snprintf(p2, sizeof(p2), "%s/o2", tmpdir);
	fd1 = open(p1, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fd2 = open(p2, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	c.mode = KEEP_ALL;
	if (fd1 < 0 || fd2 < 0 || ndjson_new(&nj, &o, &h, &e) != PHI_OK)
		abort();
	rc1 = ndjson_run_file(nj, f1, &e);
	ok(rc1 == PHI_OK && ndjson_stats(nj)->events == 2,
	    "out_fd -1: the events are read");
	ndjson_set_output(nj, fd1, NULL);
	rc2 = ndjson_run_file(nj, f1, &e);
	ndjson_set_output(nj, fd2, NULL);
	rc3 = ndjson_run_file(nj, f2, &e);
	ok(rc2 == PHI_OK && rc3 == PHI_EDATA, "second run fine, third bad");
	ok(strstr(e.msg, "/f2:2: not a JSON object (column 1)") != NULL,
	    "line numbers start again in each input: %s", e.msg);
	ok(ndjson_stats(nj)->lines == 6 && ndjson_stats(nj)->events == 5,
	    "stats add up over the inputs");
	ndjson_free(nj);
	close(fd1);
	close(fd2);
	get_file(p1, &b);
	ok(b.len == 11 && memcmp(b.p, "{\"a\":1}\n{}\n", 11) == 0,
	    "the second run went to the first output only");
	get_file(p2, &b);
	ok(b.len == 3 && memcmp(b.p, "{}\n", 3) == 0,
	    "the third to the second, up to its bad line");
	buf_free(&b, 0);
}

static void
test_fd_and_errors(void)
{
	struct ctx c = {0};
	struct ndjson_opts o = {.out_fd = -1};
	struct ndjson_handler h = {.ctx = &c, .visit = visit, .take = take};
	struct ndjson *nj;
	struct phi_err e = {0, ""};
	char missing[256];
	int p[2], rc;

	c.mode = KEEP_ALL;
	if (pipe(p) != 0 || write(p[1], "{}\n{\"x\" 1}\n", 11) != 11)
		abort();
	close(p[1]);
	if (ndjson_new(&nj, &o, &h, &e) != PHI_OK)
		abort();
	rc = ndjson_run_fd(nj, p[0], "pipe-name", &e);
	close(p[0]);
	ok(rc == PHI_EDATA && strncmp(e.msg, "pipe-name:2: ", 13) == 0 &&
	        strstr(e.msg, "(column 6)") != NULL,
	    "ndjson_run_fd names its input: %s", e.msg);
	snprintf(missing, sizeof(missing), "%s/missing", tmpdir);
	rc = ndjson_run_file(nj, missing, &e);
	ok(rc == PHI_ENOINPUT && strstr(e.msg, "missing") != NULL,
	    "a missing file: PHI_ENOINPUT (%s)", e.msg);
	rc = ndjson_run_file(nj, tmpdir, &e);
	ok(rc == PHI_ENOINPUT && strstr(e.msg, "is a directory") != NULL,
	    "a directory: PHI_ENOINPUT (%s)", e.msg);
	ndjson_free(nj);
	o.reject_path = tmpdir;
	ok(ndjson_new(&nj, &o, &h, &e) == PHI_EIO && nj == NULL,
	    "a reject file that cannot be made: PHI_EIO (%s)", e.msg);
	ndjson_free(NULL);
}

static void
cleanup(void)
{
	static const char *const names[] = {
	    "in", "out", "rej", "f1", "f2", "o1", "o2", NULL};
	char p[256];
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		snprintf(p, sizeof(p), "%s/%s", tmpdir, names[i]);
		unlink(p);
	}
	rmdir(tmpdir);
}

/* The stop flag ends the run before the next read: the lines already
 * read are done and written, PHI_ESTOP names the input and signal. */
static void
test_stop(void)
{
	static const char in[] = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n";
	struct run r;

	memset(&r, 0, sizeof(r));
	r.c.stop_at = 1;
	stop_flag = 0;
	run_str(&r, in, NULL);
	ok(r.rc == PHI_ESTOP && out_is(&r, in) && r.st.events == 3,
	    "a stop: the lines read are done and written");
	ok(strstr(r.e.msg, "/in: stopped by SIGTERM after line 3") != NULL,
	    "a stop names the input, the signal and the last line");
	stop_flag = 0;
	buf_free(&r.out, 0);
}

/* The key callback: keys starting with 'k' are taken (as "K"), every
 * key is seen with its span, path and selection; none inside a taken
 * value. */
struct keys {
	char seen[256];
	size_t n;
};

static enum ndjson_action
key_visit(void *ctx, const struct ndjson_value *v)
{
	(void)ctx;
	return v->selected ? NDJSON_TAKE : NDJSON_KEEP;
}

static enum ndjson_action
key_cb(void *ctx, const struct ndjson_value *v)
{
	struct keys *k = ctx;
	struct buf p = BUF_INIT;

	if (path_format(&p, v->path, v->depth, 0) == 0 && v->is_key &&
	    v->line[v->start] == '"' && v->line[v->end - 1] == '"')
		k->n += (size_t)snprintf(k->seen + k->n, sizeof(k->seen) - k->n,
		    "%.*s%s ", (int)p.len, p.p, v->in_selected ? "+" : "");
	buf_free(&p, 0);
	return v->len > 0 && v->str[0] == 'k' ? NDJSON_TAKE : NDJSON_KEEP;
}

static int
key_take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	(void)ctx;
	(void)e;
	return buf_puts(out, v->is_key ? "\"K\"" : "0") == 0 ? PHI_OK
	                                                     : PHI_ESOFTWARE;
}

static void
test_keys(void)
{
	static const char in[] =
	    "{\"a\":{\"k\\u0031\" : 1, "
	    "\"b\":{\"k2\":2}},\"s\":{\"k3\":3},\"k4\":4}\n";
	struct keys k = {.n = 0};
	struct ndjson_opts o = {.out_fd = -1, .stop_fd = -1};
	struct ndjson_handler h = {
	    .ctx = &k, .visit = key_visit, .key = key_cb, .take = key_take};
	struct pathset *ps = set_of("a.b", "s");
	struct buf out = BUF_INIT;
	struct ndjson *nj;
	struct phi_err e = {0, ""};
	const char *outp = put_file("out", "", 0);
	int fd;

	o.select = ps;
	fd = open(outp, O_WRONLY | O_TRUNC);
	o.out_fd = fd;
	if (fd < 0 || ndjson_new(&nj, &o, &h, &e) != PHI_OK)
		abort();
	ok(ndjson_run_file(nj, put_file("in", in, sizeof(in) - 1), &e) ==
	            PHI_OK &&
	        ndjson_flush(nj, &e) == PHI_OK,
	    "a run with a key callback");
	ndjson_free(nj);
	close(fd);
	get_file(outp, &out);
	ok(strcmp(k.seen, "a a.k1 a.b+ s+ k4 ") == 0,
	    "each key once, with its path and selection: %s", k.seen);
	ok(out.len == 35 &&
	        memcmp(out.p, "{\"a\":{\"K\" : 1, \"b\":0},\"s\":0,\"K\":4}\n",
	            35) == 0,
	    "taken keys replaced in place, none inside taken values: %.*s",
	    (int)out.len, out.p);
	pathset_free(ps);
	buf_free(&out, 0);
}

/* Worker threads (opts.jobs, opts.block): a block ends at the first
 * line end at or past block bytes, also inside what one read brought,
 * so that a block holds at most block bytes and one line.  Counted by
 * the merges, one a block, and the lines each brought. */
struct blocks {
	int merges, lines, most;
};

static void *
blk_new(void *ctx, struct phi_err *e)
{
	(void)e;
	(void)ctx;
	return calloc(1, sizeof(struct blocks));
}

static int
blk_done(void *wctx, struct phi_err *e)
{
	(void)e;
	((struct blocks *)wctx)->lines++;
	return PHI_OK;
}

static int
blk_merge(void *ctx, void *wctx, struct phi_err *e)
{
	struct blocks *b = ctx, *w = wctx;

	(void)e;
	b->merges++;
	b->lines += w->lines;
	if (w->lines > b->most)
		b->most = w->lines;
	w->lines = 0;
	return PHI_OK;
}

static enum ndjson_action
blk_visit(void *ctx, const struct ndjson_value *v)
{
	(void)ctx;
	(void)v;
	return NDJSON_KEEP;
}

static void
test_blocks(void)
{
	struct blocks b = {0};
	struct ndjson_opts o = {.out_fd = -1, .jobs = 2, .block = 64};
	struct ndjson_handler h = {.ctx = &b,
	    .visit = blk_visit,
	    .line_done = blk_done,
	    .worker_new = blk_new,
	    .worker_merge = blk_merge,
	    .worker_free = free};
	struct ndjson *nj;
	struct phi_err e = {0, ""};
	char line[41], path[256];
	int fd, i, rc;

	/* 100 lines of 40 bytes, read at once (a regular file) */
	snprintf(line, sizeof(line), "{\"k\":\"%031d\"}\n", 0);
	snprintf(path, sizeof(path), "%s/in", tmpdir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	for (i = 0; fd >= 0 && i < 100; i++)
		if (write(fd, line, 40) != 40)
			abort();
	if (fd < 0 || lseek(fd, 0, SEEK_SET) != 0 ||
	    ndjson_new(&nj, &o, &h, &e) != PHI_OK)
		abort();
	rc = ndjson_run_fd(nj, fd, "in", &e);
	close(fd);
	ok(rc == PHI_OK && ndjson_stats(nj)->events == 100 && b.lines == 100,
	    "-j 2: every line done once (%d)", b.lines);
	ok(b.merges == 50 && b.most == 2,
	    "blocks of 64 bytes: 50 blocks of 2 lines, not one read's worth "
	    "(%d blocks, at most %d lines)",
	    b.merges, b.most);
	ndjson_free(nj);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		return 2;
	test_visit_flags();
	test_values();
	test_escaped_keys();
	test_escaped_keys_lines();
	test_deep_keys();
	test_depth_limit();
	test_take_drop();
	test_callbacks();
	test_files_and_output();
	test_fd_and_errors();
	test_stop();
	test_keys();
	test_blocks();
	cleanup();
	return tap_done();
}
