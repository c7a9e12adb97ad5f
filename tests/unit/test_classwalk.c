/*
 * test_classwalk.c - phi-classify's walk (common/classify/classwalk): the
 * report of distinct paths, and its bound (max_paths): values past it are
 * counted as "collapsed" under PARENT.* or the parent itself, and are
 * classified exactly as before (worst colour, --drop).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classwalk.h"
#include "tap.h"

static struct classifier *cl;

struct walked {
	int rc;
	char *report, *text, *out; /* NUL-terminated */
	uint64_t collapsed;
	enum class_colour worst;
	struct phi_err e;
};

/* A file holding s, open for reading at its start. */
static int
input_fd(const char *s)
{
	FILE *f = tmpfile();
	int fd;

	if (f == NULL || fputs(s, f) == EOF || fflush(f) != 0 ||
	    (fd = dup(fileno(f))) < 0)
		abort();
	fclose(f);
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return fd;
}

/* The text written to fd (a tmpfile's), NUL-terminated. */
static char *
fd_text(int fd)
{
	off_t n = lseek(fd, 0, SEEK_END);
	char *p = malloc((size_t)n + 1);

	if (p == NULL || n < 0 || pread(fd, p, (size_t)n, 0) != n)
		abort();
	p[n] = '\0';
	return p;
}

static char *
buf_text(struct buf *b)
{
	char *p = malloc(b->len + 1);

	if (p == NULL)
		abort();
	memcpy(p, b->p != NULL ? b->p : "", b->len);
	p[b->len] = '\0';
	buf_free(b, 0);
	return p;
}

/* Runs input through a walk with max_paths and the action act (of red
 * fields); fills r with the report, its text form, the events written
 * and the counts. */
static void
walk(struct walked *r, const char *input, size_t max_paths, enum class_act act)
{
	struct class_walk_opts o = {.collect = 1,
	    .act = act,
	    .act_min = CLASS_RED,
	    .max_paths = max_paths};
	FILE *outf = tmpfile();
	struct ndjson_opts no = {.out_fd = outf ? fileno(outf) : -1};
	struct buf rep = BUF_INIT, txt = BUF_INIT;
	struct class_walk *w;
	struct ndjson_handler h;
	struct ndjson *nj;
	size_t n;
	int fd = input_fd(input);

	memset(r, 0, sizeof(*r));
	if (outf == NULL || class_walk_new(&w, cl, &o, &r->e) != PHI_OK)
		abort();
	class_walk_handler(w, &h);
	if (ndjson_new(&nj, &no, &h, &r->e) != PHI_OK)
		abort();
	r->rc = ndjson_run_fd(nj, fd, "in", &r->e);
	if (r->rc == PHI_OK)
		r->rc = ndjson_flush(nj, &r->e);
	if (r->rc == PHI_OK)
		r->rc = class_walk_report(w, CLASS_GREEN, &rep, &r->e);
	if (r->rc == PHI_OK)
		r->rc = class_walk_paths(w, CLASS_GREEN, &txt, &n, &r->e);
	r->collapsed = class_walk_collapsed(w);
	r->worst = class_walk_worst(w);
	r->report = buf_text(&rep);
	r->text = buf_text(&txt);
	r->out = fd_text(fileno(outf));
	ndjson_free(nj);
	class_walk_free(w);
	fclose(outf);
	close(fd);
}

static void
walked_free(struct walked *r)
{
	free(r->report);
	free(r->text);
	free(r->out);
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void
test_unbounded(void)
{
	struct walked r;
	struct buf in = BUF_INIT;
	int i;

	for (i = 0; i < 3000; i++)
		buf_printf(&in, "{\"scores\":{\"u%d\":%d}}\n", i, i);
	buf_putc(&in, '\0');
	walk(&r, in.p, 0, CLASS_ACT_NONE);
	ok(r.rc == PHI_OK && count_lines(r.report) == 3000 &&
	        r.collapsed == 0 && strstr(r.report, "collapsed") == NULL,
	    "max_paths 0: all 3000 paths itemised, nothing collapsed");
	walked_free(&r);
	walk(&r, in.p, 100, CLASS_ACT_NONE);
	/* scores and 99 of its members have nodes; 2901 values go to * */
	ok(r.rc == PHI_OK && count_lines(r.report) == 100 &&
	        r.collapsed == 2901,
	    "max_paths 100: 99 members itemised, 2901 values collapsed "
	    "(%llu)",
	    (unsigned long long)r.collapsed);
	ok(strstr(r.report,
	       "{\"path\":\"scores.*\",\"class\":\"green\","
	       "\"matchers\":[],\"events\":2901,"
	       "\"collapsed\":2901}\n") != NULL,
	    "the collapsed line: scores.* with events and collapsed");
	ok(strstr(r.report, "\"path\":\"scores.u98\"") != NULL &&
	        strstr(r.report, "\"path\":\"scores.u99\"") == NULL,
	    "the first members seen are the ones itemised");
	ok(strstr(r.text,
	       "scores.*: green, in 2901 events, 2901 values "
	       "collapsed\n") != NULL,
	    "the text form says how many values were collapsed");
	walked_free(&r);
	buf_free(&in, 0);
}

static const char red_input[] =
    "{\"a\":1,\"b\":{\"x\":1}}\n"
    "{\"b\":{\"y\":{\"patient\":{\"ssn\":\"123456789\"}}},\"c\":2}\n"
    "{\"b\":{\"z\":[\"ok\",{\"ssn\":\"123456789\"}]}}\n";

static void
test_classified_as_before(void)
{
	struct walked all, few;

	walk(&all, red_input, 0, CLASS_ACT_DROP);
	walk(&few, red_input, 3, CLASS_ACT_DROP);
	ok(all.rc == PHI_OK && few.rc == PHI_OK, "both walks run");
	ok(all.worst == CLASS_RED && few.worst == CLASS_RED,
	    "a red value under a collapsed path is still red (worst)");
	ok(strcmp(all.out, few.out) == 0 &&
	        strstr(few.out, "123456789") == NULL,
	    "--drop red removes the same values with and without the bound");
	/* a, b, b.x have nodes; b.y, b.z (and below) go to b.*; c to *;
	 * the objects and arrays whose keys fire nothing count nothing */
	ok(strstr(few.report,
	       "{\"path\":\"b.*\",\"class\":\"red\","
	       "\"matchers\":[\"ssn\"],\"events\":2,"
	       "\"collapsed\":3}\n") != NULL,
	    "b.*: red (ssn) from the collapsed subtrees");
	ok(strstr(few.report,
	       "{\"path\":\"*\",\"class\":\"green\","
	       "\"matchers\":[],\"events\":1,"
	       "\"collapsed\":1}\n") != NULL,
	    "a new top-level key past the bound goes to *");
	/* two ssn values and "ok" under b.*, c under * */
	ok(few.collapsed == 4 && all.collapsed == 0,
	    "collapsed counts values: %llu", (unsigned long long)few.collapsed);
	ok(strstr(all.report, "\"path\":\"b.y.patient.ssn\"") != NULL &&
	        strstr(all.report, "b.*") == NULL,
	    "without the bound every path is itemised");
	walked_free(&all);
	walked_free(&few);
}

static void
test_sink_into_parent(void)
{
	struct walked r;
	struct buf in = BUF_INIT;
	int i;

	/* 16 nodes p0..p15: max 16 leaves 2 `*` nodes; the other parents
	 * take their new members themselves. */
	for (i = 0; i < 16; i++)
		buf_printf(&in, "{\"p%d\":{}}\n", i);
	for (i = 0; i < 16; i++)
		buf_printf(&in, "{\"p%d\":{\"k%d\":\"x@y.example\"}}\n", i, i);
	buf_putc(&in, '\0');
	walk(&r, in.p, 16, CLASS_ACT_NONE);
	ok(r.rc == PHI_OK && r.collapsed == 16 && count_lines(r.report) == 16,
	    "16 values collapsed into 16 lines");
	ok(strstr(r.report,
	       "{\"path\":\"p0.*\",\"class\":\"yellow\",\"matchers\":"
	       "[\"email\"],\"events\":1,\"collapsed\":1}\n") &&
	        strstr(r.report, "\"path\":\"p1.*\"") &&
	        !strstr(r.report, "\"path\":\"p2.*\""),
	    "the first two parents get a * line");
	ok(strstr(r.report,
	       "{\"path\":\"p2\",\"class\":\"yellow\",\"matchers\":"
	       "[\"email\"],\"events\":1,\"collapsed\":1}\n") != NULL,
	    "past those, the parent's own line holds its new members");
	walked_free(&r);
	buf_free(&in, 0);
}

static void
test_path_bytes(void)
{
	struct walked r;
	struct buf in = BUF_INIT;
	int i;

	/* max 4: 256 bytes of path text; a 300-byte key gets no node */
	buf_puts(&in, "{\"a\":1,\"");
	for (i = 0; i < 300; i++)
		buf_putc(&in, 'k');
	buf_puts(&in, "\":\"123-45-6789\"}\n");
	buf_putc(&in, '\0');
	walk(&r, in.p, 4, CLASS_ACT_NONE);
	ok(r.rc == PHI_OK && r.collapsed == 1 && r.worst == CLASS_RED &&
	        strstr(r.report, "kkkk") == NULL &&
	        strstr(r.report, "{\"path\":\"*\",\"class\":\"red\"") != NULL,
	    "a path longer than the byte budget is collapsed");
	walked_free(&r);
	walk(&r, in.p, 0, CLASS_ACT_NONE);
	ok(r.rc == PHI_OK && r.collapsed == 0 && strstr(r.report, "kkkk"),
	    "and itemised without a bound");
	walked_free(&r);
	buf_free(&in, 0);
}

static void
test_array_and_star(void)
{
	struct walked r;

	/* p.* is an array's element first; new members of p fold into it */
	walk(&r, "{\"p\":[1]}\n{\"p\":{\"k1\":2,\"k2\":3}}\n", 2,
	    CLASS_ACT_NONE);
	ok(r.rc == PHI_OK &&
	        strcmp(r.report,
	            "{\"path\":\"p.*\",\"class\":\"green\","
	            "\"matchers\":[],\"events\":2,"
	            "\"collapsed\":2}\n") == 0,
	    "one p.* line for the element and the collapsed members");
	walked_free(&r);
}

static int
emit_fail(void *ctx, const char *line, size_t len, struct phi_err *e)
{
	int *calls = ctx;

	(void)line;
	(void)len;
	(*calls)++;
	return phi_err_set(e, PHI_EIO, "emit failed");
}

static void
test_each_stops(void)
{
	struct class_walk_opts o = {
	    .collect = 1, .act = CLASS_ACT_NONE, .act_min = CLASS_RED};
	struct class_walk *w;
	struct ndjson_handler h;
	struct ndjson *nj;
	struct ndjson_opts no = {.out_fd = -1};
	struct phi_err e = {0, ""};
	int fd = input_fd("{\"a\":1,\"b\":2,\"c\":3}\n"), calls = 0, rc;

	if (class_walk_new(&w, cl, &o, &e) != PHI_OK)
		abort();
	class_walk_handler(w, &h);
	if (ndjson_new(&nj, &no, &h, &e) != PHI_OK ||
	    ndjson_run_fd(nj, fd, "in", &e) != PHI_OK)
		abort();
	rc = class_walk_each(
	    w, CLASS_GREEN, CLASS_FORM_JSON, emit_fail, &calls, &e);
	ok(rc == PHI_EIO && calls == 1 && strcmp(e.msg, "emit failed") == 0,
	    "class_walk_each stops at emit's first failure and returns it");
	ndjson_free(nj);
	class_walk_free(w);
	close(fd);
}

/* Keys that are PHI: one masked node under their object, however many
 * distinct keys (no collapse), the keys' kind in it, never a key in the
 * report; --redact of their colour drops the member (a key cannot be
 * nulled); a key of that shape the classifier finds green is masked
 * too. */
static void
test_keys_masked(void)
{
	static const char first[] = "{\"m\":{\"user0@example.com\":1}}\n";
	struct buf in = BUF_INIT;
	struct walked r;
	int i;

	for (i = 0; i < 50; i++)
		buf_printf(&in,
		    "{\"m\":{\"user%d@example.com\":1,\"%03d-45-6789\":2}}\n",
		    i, 100 + i);
	buf_puts(&in, "{\"m\":{\"plain\":1},\"ids\":{\"12-34-56\":1}}\n");
	if (in.err != 0 || buf_putc(&in, '\0') != 0)
		abort();
	walk(&r, in.p, 8, CLASS_ACT_REDACT);
	ok(r.rc == PHI_OK && r.collapsed == 0 && count_lines(r.report) == 3,
	    "100 keys that are PHI: one line, nothing collapsed");
	ok(strstr(r.report,
	       "{\"path\":\"m[\\\"\xe2\x80\xa6\\\"]\","
	       "\"class\":\"red\",\"matchers\":[\"ssn\",\"email\"],"
	       "\"events\":50}") != NULL &&
	        strstr(r.report, "ids[\\\"\xe2\x80\xa6\\\"]") != NULL,
	    "the keys' kinds, colour and events under [\"...\"]");
	ok(strchr(r.report, '@') == NULL && strstr(r.text, "45-6789") == NULL &&
	        strstr(r.text, "12-34-56") == NULL,
	    "no key in the report or its text");
	ok(strncmp(r.out, first, strlen(first)) == 0,
	    "--redact red drops the members whose key is red");
	walked_free(&r);
	buf_free(&in, 0);
}

int
main(void)
{
	struct phi_err e = {0, ""};

	setenv("PHI_DATADIR", "share", 1);
	if (classify_load(&cl, NULL, 0, &e) != PHI_OK) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	test_unbounded();
	test_classified_as_before();
	test_sink_into_parent();
	test_path_bytes();
	test_array_and_star();
	test_each_stops();
	test_keys_masked();
	classify_free(cl);
	return tap_done();
}
