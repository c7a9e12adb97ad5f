/*
 * fuzz_ndjson.c - libFuzzer harness for the streaming core (ndjson.h).
 *
 * Input: one flag byte, then the NDJSON stream.  Flags:
 *   bits 0-1  action on selected values: 0 no select set at all,
 *             1 take (replace by a marker), 2 drop, 3 skip
 *   bit 2     a reject file (bad lines go there, the run goes on)
 *   bit 3     max_line 64 (over-long lines)
 *   bit 4     skip containers that no pattern can match inside
 *   bit 5     take fails (PHI_EDATA) on values of odd length
 *   bit 6     the stream as two inputs (ndjson_run_fd twice)
 *   bit 7     with no select set: the lean walk (want_string), without
 *             and with token bodies cut before parsing (elide_prefix
 *             "phi:1:"), against the full one, all taking the strings
 *             and the object keys of odd length
 *
 * Invariants checked: every span is the value it claims to be; without
 * a change (no select, or skip) the output is the input, or a prefix of
 * it when the run stopped at a bad line; with a reject file every input
 * line is in the output or the reject file, in order; after take or
 * drop the output is good NDJSON; after take, every value the select
 * set picks in the output is the marker (nothing selected stays clear);
 * the lean walks give the same status, output, reject file and
 * messages (of the stop and of each rejected line) as the full one;
 * so does the full walk with token bodies cut before parsing.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ndjson.h"
#include "util.h"

#define MARKER "\"phi:1:fuzz\""

enum {
	F_ACT = 3,
	F_REJECT = 4,
	F_SHORT = 8,
	F_PRUNE = 16,
	F_FAIL = 32,
	F_SPLIT = 64,
	F_LEAN = 128,
};

static const char *const patterns[] = {"traits.email", "properties.*", "**.ssn",
    "context[\"a.b\"]", "items.0", "**.address.*", "integrations", "[1]",
    "a.**.b"};

static struct pathset *select_set;

struct fz {
	unsigned flags;
	enum ndjson_action act;
	struct buf *msgs; /* the lean comparison: messages of bad lines */
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct phi_err e;
	size_t i;

	(void)argc;
	(void)argv;
	select_set = pathset_new();
	fuzz_check(select_set != NULL, "pathset_new");
	for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		fuzz_check(pathset_add(select_set, patterns[i], &e) == PHI_OK,
		    "pattern");
	return 0;
}

/* The span of a value is the value: a literal, the number's text, a
 * quoted string, or the container's opening bracket. */
static void
check_span(const struct ndjson_value *v)
{
	const char *s = v->line + v->start;
	size_t n = v->end - v->start;

	switch (v->type) {
	case NDJSON_OBJECT:
	case NDJSON_ARRAY:
		fuzz_check(
		    v->end == 0 && *s == (v->type == NDJSON_OBJECT ? '{' : '['),
		    "container span");
		break;
	case NDJSON_STRING:
		fuzz_check(
		    v->end > v->start + 1 && s[0] == '"' && s[n - 1] == '"',
		    "string span");
		break;
	default:
		fuzz_check(
		    n == v->len && memcmp(s, v->str, n) == 0, "scalar span");
	}
	fuzz_check(v->depth >= 1, "depth");
	fuzz_check(!v->selected || v->in_selected, "selected in_selected");
}

static enum ndjson_action
visit(void *ctx, const struct ndjson_value *v)
{
	struct fz *f = ctx;

	check_span(v);
	if (v->selected && f->act != NDJSON_KEEP)
		return f->act;
	if ((f->flags & F_PRUNE) && v->type >= NDJSON_OBJECT && !v->live &&
	    !v->in_selected)
		return NDJSON_SKIP;
	return NDJSON_KEEP;
}

static int
take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	struct fz *f = ctx;
	const char *s = v->line + v->start;

	fuzz_check(v->end > v->start, "taken span");
	if (v->type == NDJSON_OBJECT || v->type == NDJSON_ARRAY)
		fuzz_check(s[v->end - v->start - 1] ==
		        (v->type == NDJSON_OBJECT ? '}' : ']'),
		    "taken container span");
	if ((f->flags & F_FAIL) && (v->end - v->start) % 2 == 1)
		return phi_err_set(e, PHI_EDATA, "odd");
	return buf_puts(out, MARKER) == 0 ? PHI_OK : PHI_ESOFTWARE;
}

/* The lean comparison: the strings of odd length are taken. */
static int
want_odd(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	(void)s;
	return n % 2 == 1;
}

static enum ndjson_action
visit_odd(void *ctx, const struct ndjson_value *v)
{
	check_span(v);
	return v->type == NDJSON_STRING && want_odd(ctx, v->str, v->len)
	    ? NDJSON_TAKE
	    : NDJSON_KEEP;
}

static enum ndjson_action
key_odd(void *ctx, const struct ndjson_value *v)
{
	fuzz_check(v->is_key && v->type == NDJSON_STRING, "a key is a string");
	check_span(v);
	return want_odd(ctx, v->str, v->len) ? NDJSON_TAKE : NDJSON_KEEP;
}

/* Writes what the lean walk must agree on, as JSON: a hash of the
 * path, the span and the decoded length. */
static int
take_where(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	struct buf p = BUF_INIT;
	uint32_t h = 2166136261u;
	size_t i;
	int rc;

	fuzz_check(path_format(&p, v->path, v->depth, 0) == 0, "path_format");
	for (i = 0; i < p.len; i++)
		h = (h ^ (uint8_t)p.p[i]) * 16777619u;
	p.len = 0;
	rc = take(ctx, v, &p, e); /* its checks and refusals; not its bytes */
	buf_free(&p, 0);
	if (rc == PHI_OK) /* a key stays a string */
		rc = buf_printf(out,
		         v->is_key ? "\"%u,%zu,%zu,%zu\"" : "[%u,%zu,%zu,%zu]",
		         (unsigned)h, v->start, v->end, v->len) == 0
		    ? PHI_OK
		    : PHI_ESOFTWARE;
	return rc;
}

/* On a re-read of a take output: a selected value is the marker. */
static enum ndjson_action
visit_taken(void *ctx, const struct ndjson_value *v)
{
	(void)ctx;
	if (!v->selected)
		return NDJSON_KEEP;
	fuzz_check(v->end - v->start == strlen(MARKER) &&
	        memcmp(v->line + v->start, MARKER, strlen(MARKER)) == 0,
	    "a selected value left in clear");
	return NDJSON_SKIP;
}

static void
check_taken(const struct buf *out)
{
	static struct ndjson *nj; /* one for the run: see fuzz_ndjson_good */
	struct ndjson_opts o = {.out_fd = -1};
	struct ndjson_handler h = {.visit = visit_taken};
	struct phi_err e;
	int fd = fuzz_memfd((const uint8_t *)out->p, out->len);

	o.select = select_set;
	if (nj == NULL)
		fuzz_check(ndjson_new(&nj, &o, &h, &e) == PHI_OK, "ndjson_new");
	fuzz_check(ndjson_run_fd(nj, fd, "out", &e) == PHI_OK,
	    "take output is good NDJSON");
	close(fd);
}

static int
bytes_eq(const char *a, const char *b, size_t n)
{
	return n == 0 || memcmp(a, b, n) == 0;
}

/* The next line of s[*pos..n) without its newline; 0 at the end. */
static int
next_line(const char *s, size_t n, size_t *pos, const char **l, size_t *ll)
{
	const char *nl;

	if (*pos >= n)
		return 0;
	*l = s + *pos;
	nl = memchr(*l, '\n', n - *pos);
	*ll = nl != NULL ? (size_t)(nl - *l) : n - *pos;
	*pos += *ll + (nl != NULL);
	return 1;
}

static int
line_is(const char *s, size_t n, size_t *pos, const char *l, size_t ll)
{
	size_t p = *pos;
	const char *m;
	size_t ml;

	if (!next_line(s, n, &p, &m, &ml) || ml != ll || !bytes_eq(m, l, ll))
		return 0;
	*pos = p;
	return 1;
}

/* Every line of in is the next line of out or of rej. */
static void
check_partition(const struct buf *in, const struct buf *out,
    const struct buf *rej, int stopped)
{
	size_t ip = 0, op = 0, rp = 0, ll;
	const char *l;

	/* A first line that is not NDJSON at all (gzip, CSV, a JSON array)
	 * stops the run: nothing written, at most that line set aside. */
	if (stopped && out->len == 0 &&
	    next_line(in->p, in->len, &ip, &l, &ll) &&
	    (rej->len == 0 ||
	        (line_is(rej->p, rej->len, &rp, l, ll) && rp >= rej->len)))
		return;
	ip = rp = 0;
	while (next_line(in->p, in->len, &ip, &l, &ll))
		fuzz_check(line_is(out->p, out->len, &op, l, ll) ||
		        line_is(rej->p, rej->len, &rp, l, ll),
		    "a line is neither written nor rejected");
	fuzz_check(op >= out->len && rp >= rej->len, "more lines out than in");
}

struct result {
	int rc;
	struct buf in, out, rej, msgs;
};

/* The lean comparison: notes the message of each rejected line. */
static void
note_rejected(void *ctx, const struct phi_err *e)
{
	struct fz *f = ctx;

	fuzz_check(
	    buf_puts(f->msgs, e->msg) == 0 && buf_putc(f->msgs, '\n') == 0,
	    "buf");
}

/* The input as the core reads it: with split, a newline between the two
 * parts when the first ends without one. */
static void
expected_input(struct result *r, const uint8_t *d, size_t n, size_t half)
{
	fuzz_check(buf_append(&r->in, d, half) == 0, "buf");
	if (half > 0 && half < n && d[half - 1] != '\n')
		fuzz_check(buf_putc(&r->in, '\n') == 0, "buf");
	fuzz_check(buf_append(&r->in, d + half, n - half) == 0, "buf");
}

static void
run(const struct ndjson_handler *h, const uint8_t *d, size_t n, size_t half,
    struct result *r)
{
	struct fz *f = h->ctx;
	struct ndjson_opts o = {.out_fd = -1};
	const char *rej = fuzz_path("reject");
	struct ndjson *nj;
	uint64_t bad;
	struct phi_err e;
	int outfd = fuzz_memfd_empty(), fd1, fd2, rfd;

	o.max_line = (f->flags & F_SHORT) ? 64 : 0;
	o.select = (f->flags & F_ACT) ? select_set : NULL;
	o.reject_path = (f->flags & F_REJECT) ? rej : NULL;
	unlink(rej); /* a reject file is made new, at the first bad line */
	o.out_fd = outfd;
	fuzz_check(ndjson_new(&nj, &o, h, &e) == PHI_OK, "ndjson_new");
	fd1 = fuzz_memfd(d, half);
	fd2 = fuzz_memfd(d + half, n - half);
	f->msgs = &r->msgs;
	r->rc = ndjson_run_fd(nj, fd1, "one", &e);
	if (r->rc == PHI_OK && half < n)
		r->rc = ndjson_run_fd(nj, fd2, "two", &e);
	if (r->rc == PHI_OK)
		r->rc = ndjson_flush(nj, &e);
	if (r->rc != PHI_OK)
		fuzz_check(buf_puts(&r->msgs, e.msg) == 0, "buf");
	bad = ndjson_stats(nj)->bad;
	ndjson_free(nj);
	fuzz_read_all(outfd, &r->out);
	if (f->flags & F_REJECT) {
		rfd = open(rej, O_RDONLY);
		fuzz_check(rfd >= 0 || bad == 0 || r->rc != PHI_OK,
		    "a bad line made the reject file");
		if (rfd >= 0) {
			fuzz_read_all(rfd, &r->rej);
			close(rfd);
		}
	}
	close(outfd);
	close(fd1);
	close(fd2);
}

static void
check_result(const struct fz *f, const struct result *r)
{
	int same = f->act == NDJSON_KEEP || f->act == NDJSON_SKIP;

	fuzz_check(r->rc == PHI_OK || r->rc == PHI_EDATA, "run status");
	if (f->flags & F_REJECT) {
		if (same)
			check_partition(
			    &r->in, &r->out, &r->rej, r->rc == PHI_EDATA);
	} else if (same && r->rc == PHI_OK) {
		fuzz_check(r->out.len == r->in.len &&
		        bytes_eq(r->out.p, r->in.p, r->in.len),
		    "output differs from input");
	} else if (same) {
		fuzz_check(r->out.len <= r->in.len &&
		        bytes_eq(r->out.p, r->in.p, r->out.len),
		    "output is not a prefix of the input");
	}
	if (f->act == NDJSON_TAKE)
		check_taken(&r->out); /* also good NDJSON */
	else if (!same)
		fuzz_check(fuzz_ndjson_good(r->out.p, r->out.len),
		    "output is good NDJSON");
}

static void
result_free(struct result *r)
{
	buf_free(&r->in, 0);
	buf_free(&r->out, 0);
	buf_free(&r->rej, 0);
	buf_free(&r->msgs, 0);
}

static int
buf_same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && bytes_eq(a->p, b->p, a->len);
}

/* b gave what a gave: status, output, reject file, messages (what: the
 * walk compared, in the failure). */
static void
check_same(const struct result *a, const struct result *b, const char *what)
{
	fuzz_check(a->rc == b->rc && buf_same(&a->out, &b->out) &&
	        buf_same(&a->rej, &b->rej) && buf_same(&a->msgs, &b->msgs),
	    what);
}

/* The lean walk against the full one, on the same input. */
static void
check_lean(struct fz *f, const uint8_t *d, size_t n, size_t half)
{
	struct ndjson_handler full = {.ctx = f,
	    .visit = visit_odd,
	    .key = key_odd,
	    .take = take_where,
	    .rejected = note_rejected};
	struct ndjson_handler lean = full;
	struct result a = {0}, b = {0};
	int cut;

	run(&full, d, n, half, &a);
	fuzz_check(fuzz_ndjson_good(a.out.p, a.out.len),
	    "lean comparison: output is good NDJSON");
	lean.want_string = want_odd;
	for (cut = 0; cut < 2; cut++) {
		lean.elide_prefix = cut ? "phi:1:" : NULL;
		run(&lean, d, n, half, &b);
		check_same(&a, &b,
		    cut ? "lean walk with cuts: another status, output, "
		          "reject file or message"
		        : "lean walk: another status, output, reject file or "
		          "message");
		result_free(&b);
	}
	result_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ndjson_action acts[] = {
	    NDJSON_KEEP, NDJSON_TAKE, NDJSON_DROP, NDJSON_SKIP};
	struct result r = {0}, c = {0};
	struct fz f = {0};
	struct ndjson_handler h = {
	    .ctx = &f, .visit = visit, .take = take, .rejected = note_rejected};
	size_t half;

	if (size < 1)
		return 0;
	f.flags = data[0];
	f.act = acts[f.flags & F_ACT];
	data++, size--;
	half = (f.flags & F_SPLIT) ? size / 2 : size;
	if ((f.flags & F_LEAN) && f.act == NDJSON_KEEP) {
		check_lean(&f, data, size, half);
		return 0;
	}
	expected_input(&r, data, size, half);
	run(&h, data, size, half, &r);
	check_result(&f, &r);
	h.elide_prefix = "phi:1:"; /* the same with token bodies cut */
	run(&h, data, size, half, &c);
	check_same(&r, &c,
	    "cut bodies: another status, output, reject file or message");
	result_free(&r);
	result_free(&c);
	return 0;
}
