/*
 * test_ndjson_lean.c - the lean walk (a handler with want_string and no
 * select set), with and without token bodies cut out before parsing
 * (elide_prefix), and the full walk with them cut, against the full one
 * (the same choice made by visit):
 * the same output bytes, spans, paths, decoded strings, statuses, error
 * messages (columns too), stats and reject files, on the Segment Spec
 * examples, the Presidio values, hand-made edge cases, those with their
 * string values made into tokens, and mutations of them, with and
 * without a reject file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "elide.h"
#include "ndjson.h"
#include "path.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test_ndjson_lean.XXXXXX";
static char in_path[256], out_path[256], rej_path[256];

/* Takes strings of odd length and those that start with 'A'; refuses
 * (a bad line) those that start with "FAIL". */
static int
want(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	return n % 2 == 1 || (n > 0 && s[0] == 'A');
}

static enum ndjson_action
visit(void *ctx, const struct ndjson_value *v)
{
	if (v->type == NDJSON_STRING && want(ctx, v->str, v->len))
		return NDJSON_TAKE;
	return NDJSON_KEEP;
}

/* Writes the path, span and decoded text of what it takes. */
static int
take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	struct buf p = BUF_INIT;
	int rc = PHI_OK;

	(void)ctx;
	if (path_format(&p, v->path, v->depth, 0) != 0 || buf_putc(&p, 0) != 0)
		abort();
	if (v->len >= 4 && memcmp(v->str, "FAIL", 4) == 0)
		rc = phi_err_set(e, PHI_EDATA, "refused at %s", p.p);
	else if (buf_printf(out, "<%s|%zu-%zu|", p.p, v->start, v->end) != 0 ||
	    buf_append(out, v->str, v->len) != 0 || buf_putc(out, '>') != 0)
		abort();
	buf_free(&p, 0);
	return rc;
}

struct result {
	int rc;
	char msg[512];
	struct ndjson_stats st;
	struct buf out, rej, msgs; /* msgs: of each rejected line */
};

/* Notes the message of a rejected line (ctx: the result's msgs). */
static void
rejected(void *ctx, const struct phi_err *e)
{
	struct buf *msgs = ctx;

	if (buf_puts(msgs, e->msg) != 0 || buf_putc(msgs, '\n') != 0)
		abort();
}

static void
slurp(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	b->len = 0;
	if (fd < 0)
		return;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(b, chunk, (size_t)n);
	close(fd);
}

#define PRE "phi:1:"
static const char *prefix = PRE; /* the elide prefix of runs 2 and 3 */

/* Runs the input file through a full walk (lean 0), a lean one (1), a
 * lean one with token bodies cut (2) or a full one with them cut (3). */
static void
run(struct result *r, int lean, int reject)
{
	struct ndjson_handler h = {.ctx = &r->msgs,
	    .visit = visit,
	    .take = take,
	    .rejected = rejected};
	struct ndjson_opts o = {.out_fd = -1};
	struct phi_err e = {0, ""};
	struct ndjson *nj;

	h.want_string = lean == 1 || lean == 2 ? want : NULL;
	h.elide_prefix = lean >= 2 ? prefix : NULL;
	o.reject_path = reject ? rej_path : NULL;
	r->msgs.len = 0;
	unlink(rej_path);
	if ((o.out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) <
	        0 ||
	    ndjson_new(&nj, &o, &h, &e) != PHI_OK)
		abort();
	r->rc = ndjson_run_file(nj, in_path, &e);
	if (r->rc == PHI_OK)
		r->rc = ndjson_flush(nj, &e);
	snprintf(r->msg, sizeof(r->msg), "%s", r->rc != PHI_OK ? e.msg : "");
	r->st = *ndjson_stats(nj);
	ndjson_free(nj);
	close(o.out_fd);
	slurp(out_path, &r->out);
	slurp(rej_path, &r->rej);
}

static int
same(const struct result *a, const struct result *b)
{
	return a->rc == b->rc && strcmp(a->msg, b->msg) == 0 &&
	    memcmp(&a->st, &b->st, sizeof(a->st)) == 0 &&
	    a->out.len == b->out.len && a->rej.len == b->rej.len &&
	    a->msgs.len == b->msgs.len &&
	    (a->msgs.len == 0 ||
	        memcmp(a->msgs.p, b->msgs.p, a->msgs.len) == 0) &&
	    (a->out.len == 0 || memcmp(a->out.p, b->out.p, a->out.len) == 0) &&
	    (a->rej.len == 0 || memcmp(a->rej.p, b->rej.p, a->rej.len) == 0);
}

/* Lean and full on data, with and without a reject file: 1 if all the
 * same; *taken gets what the full walk took. */
static int
compare(const char *data, size_t n, uint64_t *taken)
{
	struct result f = {0}, l = {0};
	int reject, lean, eq = 1;
	FILE *fp;

	if ((fp = fopen(in_path, "wb")) == NULL ||
	    fwrite(data, 1, n, fp) != n || fclose(fp) != 0)
		abort();
	for (reject = 0; reject < 2; reject++) {
		run(&f, 0, reject);
		for (lean = 1; lean <= 3; lean++) {
			run(&l, lean, reject);
			eq = eq && same(&f, &l);
		}
		if (reject && taken != NULL)
			*taken = f.st.taken;
	}
	buf_free(&f.out, 0);
	buf_free(&f.rej, 0);
	buf_free(&f.msgs, 0);
	buf_free(&l.out, 0);
	buf_free(&l.rej, 0);
	buf_free(&l.msgs, 0);
	return eq;
}

/* Edge cases: strings in nested arrays, escapes in strings and keys,
 * empty containers, every scalar, refusals, top-level values, bad and
 * unfinished lines, CRLF, blank lines, a last line with no newline. */
static const char edge[] =
    "{\"a\":[\"xyz\",[\"A\",1,true,null,{\"k\":\"odd\"}],\"ev\"],\"b\":{}}\n"
    "{\"e\\u0073c\":\"A\\u00e9\\\"q\\\\\",\"t\":\"\\\\\",\"u\":\"\\\"\"}\n"
    "{\"k\\\"ey\":{\"n\\u00e9\":[[],[\"Abc\"],{}]},\"z\":-1.5e3}\r\n"
    "\n   \n"
    "{\"deep\":[[[[[\"abc\"]]]]],\"x\":[\"FAIL here\"]}\n"
    "{\"a\":\"FAILED\\n\",\"b\":[0,1,{\"c\":\"FAIL\"}]}\n"
    "[\"abc\"]\n\"abc\"\n12\nnull\ntrue\n"
    "{\"a\":\"abc\"} {\"b\":1}\n{\"a\":\"abc\"} \"x\"\n{\"a\":\"abc\"} 5\n"
    "{\"c\":2} \"st\\u0041\"\n"
    "{\"a\":\"abc\",}\n{\"a\":\"abc\"\n{\"a\":[\"abc\",]}\n{\"a\":\"ab\\x\"}\n"
    "{\"a\":[1,2,3,\"abc\",{\"b\":[\"Abcd\",\"A\"]}],\"c\":\"ok\"}\n"
    "{\"a\" : \"abc\" , \"b\" :\t[ \"A\" ,\"xy\" ] }\n"
    "{\"s\":\"\\ud83d\\ude00x\"}\n"
    "{\"last\":\"abc\"}";

static void
test_edges(void)
{
	uint64_t taken = 0;
	int eq = compare(edge, sizeof(edge) - 1, &taken);

	ok(eq && taken > 15,
	    "edge cases: lean and full walks agree (%llu taken)",
	    (unsigned long long)taken);
}

static int
load(const char *name, struct buf *b)
{
	char path[512];

	snprintf(path, sizeof(path), "tests/fixtures/%s", name);
	slurp(path, b);
	return b->len > 0;
}

static void
test_corpus(const char *name)
{
	struct buf b = BUF_INIT;
	uint64_t taken = 0;
	int eq;

	if (!load(name, &b)) {
		ok(0, "%s: not found in tests/fixtures", name);
		return;
	}
	eq = compare(b.p, b.len, &taken);
	ok(eq && taken > 100, "%s: lean and full walks agree (%llu taken)",
	    name, (unsigned long long)taken);
	buf_free(&b, 0);
}

/* What a mutation may put in: JSON's own characters. */
static const char bytes[] = "{}[],:\"\\ u0aA1e-.\n\r\t";

/* Into m: a random 1/part of src (from its first half), mutated at 0..3
 * random places (a byte replaced by one of bytes, or deleted). */
static void
mutate(const struct buf *src, size_t part, struct buf *m)
{
	size_t start = (size_t)rand() % (src->len / 2), k, pos;

	m->len = 0;
	buf_append(m, src->p + start, src->len / part);
	for (k = (size_t)rand() % 3; k < 3 && m->len > 1; k++) {
		pos = (size_t)rand() % m->len;
		if (rand() % 3 == 0)
			memmove(m->p + pos, m->p + pos + 1, m->len - pos - 1),
			    m->len--;
		else
			m->p[pos] = bytes[rand() % (sizeof(bytes) - 1)];
	}
}

/* Lines of the Segment examples, each mutated at 1..3 random places
 * (a byte replaced or deleted), a quarter of the file at a time. */
static void
test_mutations(void)
{
	struct buf src = BUF_INIT, m = BUF_INIT;
	size_t round, bad = 0, rounds = 400;

	if (!load("segment-spec-examples.ndjson", &src)) {
		ok(0, "segment-spec-examples.ndjson: not found in tests/fixtures");
		return;
	}
	srand(7);
	for (round = 0; round < rounds; round++) {
		mutate(&src, 4, &m);
		bad += !compare(m.p, m.len, NULL);
	}
	ok(bad == 0,
	    "%zu mutated inputs: lean and full walks agree (%zu "
	    "differ)",
	    rounds, bad);
	buf_free(&src, 0);
	buf_free(&m, 0);
}

/* Lines with tokens where a cut may go wrong: keys, escapes before the
 * quote, bodies with escapes or control characters, tokens at the top
 * level or after the object, bad lines after and before a cut (their
 * columns), a token in a skipped spot, CRLF, no newline at the end. */
#define B32 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
static const char edge_tokens[] =
    "{\"a\":\"phi:1:" B32 "1\",\"b\":[\"phi:1:" B32 "\",\"phi:1:" B32 "-_\"]}\n"
    "{\"phi:1:" B32 "1\":\"phi:1:" B32 "1\",\"phi:1:" B32 "\" : 2}\n"
    "{\"a\":\"x\\\"phi:1:" B32 "1\",\"b\":\"x\\\\\"phi:1:" B32 "\"}\n"
    "{\"a\":\"phi:1:" B32 "\\u0041\",\"b\":\"phi:1:" B32 "\t1\"}\n"
    "{\"a\":\"phi:1:" B32 " \xc3\xa9\",\"b\":\"phi:1:" B32 "\"}\r\n"
    "\"phi:1:" B32 "1\"\n"
    "{\"a\":1} \"phi:1:" B32 "1\"\n"
    "{\"a\":\"phi:1:" B32 "1\",}\n"
    "{\"a\":\"phi:1:" B32 "1\" \"b\":2}\n"
    "{\"a\":\"phi:1:" B32 "1\",\"b\":[1,,2]}\n"
    "{\"a\":tru \"phi:1:" B32 "1\"}\n"
    "{\"a\":\"x\"phi:1:" B32 "1\"}\n"
    "{\"a\":[\"phi:1:" B32 "1\",{\"b\":\"phi:1:" B32 "1\"}],\"c\":\"phi:1:" B32
    "1\"\n"
    "{\"a\":\"phi:1:" B32 "1\",\"b\":\"phi:1:" B32 "1\"}";

static void
test_edge_tokens(void)
{
	static const char lit[] = "{\"a\":\"x\"nul" B32 "l\"}\n";
	uint64_t taken = 0;
	int eq = compare(edge_tokens, sizeof(edge_tokens) - 1, &taken);

	ok(eq && taken > 10,
	    "lines with tokens: lean, lean with cuts and full walks agree "
	    "(%llu taken)",
	    (unsigned long long)taken);
	prefix = "nul"; /* a cut would turn x"nul... into x"null" */
	ok(compare(lit, sizeof(lit) - 1, NULL),
	    "a prefix a literal starts with cuts nothing");
	prefix = PRE;
}

/* The end of the string whose body starts at i: its closing quote. */
static size_t
string_end(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != '"' && s[i] != '\n')
		i += s[i] == '\\' ? 2 : 1;
	return i < n ? i : n;
}

/* src with its string values made tokens: "phi:1:" and a random body in
 * place of the text, or put before it. */
static void
tokenize(const struct buf *src, struct buf *dst)
{
	size_t i, k, end, len;

	dst->len = 0;
	for (i = 0; i < src->len; i++) {
		buf_putc(dst, src->p[i]);
		if (src->p[i] != '"' || i == 0 ||
		    (src->p[i - 1] != ':' && src->p[i - 1] != '['))
			continue;
		buf_puts(dst, PRE);
		len = (size_t)rand() % (2 * ELIDE_MIN + 20);
		for (k = 0; k < len; k++)
			buf_putc(dst, "AZaz09-_Qq"[rand() % 10]);
		if (rand() % 3 != 0) { /* the text goes */
			end = string_end(src->p, src->len, i + 1);
			i = end - 1;
		}
	}
}

/* How many strings elide_line() cuts in the lines of b. */
static size_t
cuts_in(const struct buf *b)
{
	struct elide e = {0};
	size_t total = 0, i = 0, j;

	while (i < b->len) {
		for (j = i; j < b->len && b->p[j] != '\n'; j++)
			;
		if (elide_line(&e, b->p + i, j - i, PRE, strlen(PRE)) == 0)
			total += e.ncut;
		i = j + 1;
	}
	elide_free(&e);
	return total;
}

/* The Segment examples made tokens, whole and mutated 400 times. */
static void
test_tokens(void)
{
	struct buf src = BUF_INIT, t = BUF_INIT, m = BUF_INIT;
	size_t round, bad = 0, cuts = 0;
	uint64_t taken = 0;
	int eq;

	if (!load("segment-spec-examples.ndjson", &src)) {
		ok(0, "segment-spec-examples.ndjson: not found in tests/fixtures");
		return;
	}
	srand(11);
	tokenize(&src, &t);
	eq = compare(t.p, t.len, &taken);
	cuts = cuts_in(&t);
	ok(eq && cuts > 300 && taken > 300,
	    "Segment examples made tokens: the walks agree (%zu cut, %llu "
	    "taken)",
	    cuts, (unsigned long long)taken);
	for (round = 0, cuts = 0; round < 400; round++) {
		mutate(&t, 8, &m);
		cuts += cuts_in(&m);
		bad += !compare(m.p, m.len, NULL);
	}
	ok(bad == 0 && cuts > 1000,
	    "400 mutated inputs with tokens: the walks agree (%zu cut, %zu "
	    "differ)",
	    cuts, bad);
	buf_free(&src, 0);
	buf_free(&t, 0);
	buf_free(&m, 0);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		return 2;
	snprintf(in_path, sizeof(in_path), "%s/in", tmpdir);
	snprintf(out_path, sizeof(out_path), "%s/out", tmpdir);
	snprintf(rej_path, sizeof(rej_path), "%s/rej", tmpdir);
	test_edges();
	test_corpus("segment-spec-examples.ndjson");
	test_corpus("presidio-entity-values.ndjson");
	test_mutations();
	test_edge_tokens();
	test_tokens();
	unlink(in_path);
	unlink(out_path);
	unlink(rej_path);
	rmdir(tmpdir);
	return tap_done();
}
