/* explain.c - phi-encrypt's dry run (see explain.h). */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "hash.h"

enum { EXPLAIN_CLASS = -1, EXPLAIN_TOKEN = -2, EXPLAIN_SPANS = -3 };

/* A power of two, twice the rows kept at most. */
#define EXPLAIN_SLOTS 32768

struct explain_row {
	char *path; /* NULL: a free slot */
	long kind;  /* the index of a -f path, or EXPLAIN_CLASS, _TOKEN or
	               _SPANS (values: the strings that hold spans) */
	struct class_result r; /* class: the worst and the rules that fired */
	uint64_t values, events, last_event, spans;
};

struct explain {
	const struct explain_opts *o;
	struct ndjson_handler in; /* the sealing handler */
	struct pathset **one;     /* each -f path alone: which selected */
	size_t nf, nt, nrows;     /* nt: --in-text paths */
	struct explain_row *rows; /* EXPLAIN_SLOTS, open addressing */
	uint64_t event, hit_events, last_hit, values, more;
	uint64_t texts, spans; /* strings with span tokens, and those */
	struct buf b;          /* scratch for a path */
	int oom;
};

static int
explain_init(struct explain *x, struct phi_err *e)
{
	size_t i;

	x->event = 1;
	x->nf = x->o->fields != NULL ? pathset_count(x->o->fields) : 0;
	x->nt = x->o->intext != NULL ? pathset_count(x->o->intext) : 0;
	x->rows = calloc(EXPLAIN_SLOTS, sizeof(*x->rows));
	x->one = calloc(x->nf + 1, sizeof(*x->one));
	if (x->rows == NULL || x->one == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	for (i = 0; i < x->nf; i++) {
		if ((x->one[i] = pathset_new()) == NULL)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		if (pathset_add(x->one[i], pathset_expr(x->o->fields, i), e) !=
		    PHI_OK)
			return PHI_ESOFTWARE; /* it was added once already */
	}
	return PHI_OK;
}

static void
explain_fini(struct explain *x)
{
	size_t i;

	for (i = 0; x->one != NULL && i < x->nf; i++)
		pathset_free(x->one[i]);
	for (i = 0; x->rows != NULL && i < EXPLAIN_SLOTS; i++)
		free(x->rows[i].path);
	free(x->one);
	free(x->rows);
	buf_free(&x->b, 0);
}

/* Why the sealing handler took v: the first -f path that selects it,
 * else its class, else it is a token not of the recipient's key. */
static long
explain_kind(const struct explain *x, const struct ndjson_value *v)
{
	const struct class_result *r = encrypt_why(x->o->enc);
	size_t i;

	for (i = 0; i < x->nf; i++)
		if (pathset_match(x->one[i], v->path, v->depth) == 1)
			return (long)i;
	if (r != NULL && r->colour >= x->o->min_colour)
		return EXPLAIN_CLASS;
	return EXPLAIN_TOKEN;
}

/* The row of the path in x->b and kind; NULL when the rows are all
 * taken (or out of memory: x->oom). */
static struct explain_row *
explain_row(struct explain *x, long kind)
{
	uint64_t h = hash_fnv1a(HASH_FNV1A_INIT, x->b.p, x->b.len);
	size_t i =
	    hash_fold(hash_fnv1a(h, &kind, sizeof(kind))) & (EXPLAIN_SLOTS - 1);
	struct explain_row *r;

	for (;; i = (i + 1) & (EXPLAIN_SLOTS - 1)) {
		r = &x->rows[i];
		if (r->path == NULL)
			break;
		if (r->kind == kind && strlen(r->path) == x->b.len &&
		    memcmp(r->path, x->b.p, x->b.len) == 0)
			return r;
	}
	if (x->nrows >= EXPLAIN_MAX_ROWS)
		return NULL;
	if ((r->path = malloc(x->b.len + 1)) == NULL) {
		x->oom = 1;
		return NULL;
	}
	memcpy(r->path, x->b.p, x->b.len);
	r->path[x->b.len] = '\0';
	r->kind = kind;
	x->nrows++;
	return r;
}

/* Counts v, taken for kind (with nspans span tokens inside it). */
static void
explain_note(
    struct explain *x, const struct ndjson_value *v, long kind, size_t nspans)
{
	const struct class_result *why = encrypt_why(x->o->enc);
	struct explain_row *r;
	size_t i;

	if (kind == EXPLAIN_SPANS)
		x->texts++, x->spans += nspans;
	else
		x->values++;
	if (x->last_hit != x->event)
		x->hit_events++, x->last_hit = x->event;
	x->b.len = 0;
	if (path_format(&x->b, v->path, v->depth, 1) != 0) {
		x->oom = 1;
		return;
	}
	if ((r = explain_row(x, kind)) == NULL) {
		x->more++;
		return;
	}
	r->values++, r->spans += nspans;
	if (r->last_event != x->event)
		r->events++, r->last_event = x->event;
	if (kind != EXPLAIN_CLASS)
		return;
	if (why->colour > r->r.colour)
		r->r.colour = why->colour;
	for (i = 0; i < CLASS_WORDS; i++)
		r->r.matchers[i] |= why->matchers[i];
}

static enum ndjson_action
explain_visit(void *ctx, const struct ndjson_value *v)
{
	struct explain *x = ctx;
	enum ndjson_action a = x->in.visit(x->in.ctx, v);
	struct phi_err e;
	size_t nspans;
	int whole;

	if (a != NDJSON_TAKE)
		return a;
	if (encrypt_plan(x->o->enc, v, &whole, &nspans, &e) != PHI_OK) {
		x->oom = 1;
		return NDJSON_KEEP;
	}
	if (!whole && nspans > 0)
		explain_note(x, v, EXPLAIN_SPANS, nspans);
	else if (whole)
		explain_note(x, v, explain_kind(x, v), 0);
	/* taken whole: what is inside is not counted apart */
	return v->type >= NDJSON_OBJECT ? NDJSON_SKIP : NDJSON_KEEP;
}

static int
explain_line_done(void *ctx, struct phi_err *e)
{
	struct explain *x = ctx;

	x->event++;
	if (x->oom)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

static int
explain_row_cmp(const void *a, const void *b)
{
	const struct explain_row *x = *(const struct explain_row *const *)a;
	const struct explain_row *y = *(const struct explain_row *const *)b;
	int c = strcmp(x->path, y->path);

	return c != 0 ? c : (x->kind < y->kind) - (x->kind > y->kind);
}

/* "--join" for a path given as --join PATH, else "-f". */
static const char *
explain_opt(const struct explain *x, const char *p)
{
	const char *q;
	size_t i;

	for (i = 0;
	     x->o->join != NULL && (q = pathset_expr(x->o->join, i)) != NULL;
	     i++)
		if (strcmp(p, q) == 0)
			return "--join";
	return "-f";
}

/* The WHY column of row r. */
static void
explain_why(const struct explain *x, const struct explain_row *r, struct buf *b)
{
	const char *sep = " (", *p;
	size_t i;

	if (r->kind >= 0) {
		p = pathset_expr(x->o->fields, r->kind);
		buf_printf(b, "%s %s", explain_opt(x, p), p);
		return;
	}
	if (r->kind == EXPLAIN_SPANS) {
		buf_printf(b, "inside the text: %llu span token%s",
		    (unsigned long long)r->spans, r->spans == 1 ? "" : "s");
		return;
	}
	if (r->kind == EXPLAIN_TOKEN) {
		buf_puts(b,
		    *encrypt_kid_hex(x->o->enc) != '\0'
		        ? "a token, not of the recipient's key"
		        : "a token (without -k, of any key)");
		return;
	}
	buf_printf(b, "--class %s", class_colour_name(r->r.colour));
	for (i = 0; i < classify_rule_count(x->o->cls); i++)
		if (classify_result_has(&r->r, i)) {
			buf_printf(
			    b, "%s%s", sep, classify_rule_name(x->o->cls, i));
			sep = ", ";
		}
	if (*sep == ',')
		buf_putc(b, ')');
}

/* The kept rows, sorted; NULL when out of memory. */
static struct explain_row **
explain_sorted(const struct explain *x)
{
	struct explain_row **s = calloc(x->nrows + 1, sizeof(*s));
	size_t i, n = 0;

	if (s == NULL)
		return NULL;
	for (i = 0; i < EXPLAIN_SLOTS; i++)
		if (x->rows[i].path != NULL)
			s[n++] = &x->rows[i];
	if (n > 0)
		qsort(s, n, sizeof(*s), explain_row_cmp);
	return s;
}

static void
explain_line(struct buf *b, int width, const char *path, uint64_t values,
    uint64_t events)
{
	buf_printf(b, "%-*s %8llu %8llu  ", width, path,
	    (unsigned long long)values, (unsigned long long)events);
}

/* The width of the PATH column: the longest path, up to 40. */
static int
explain_width(const struct explain *x, struct explain_row **s)
{
	size_t i, w = 4, n;
	const char *p;

	for (i = 0; i < x->nrows + x->nf + x->nt; i++) {
		p = i < x->nrows ? s[i]->path
		    : i < x->nrows + x->nf
		    ? pathset_unused(x->o->fields, i - x->nrows)
		    : pathset_unused(x->o->intext, i - x->nrows - x->nf);
		if (p != NULL && (n = strlen(p)) > w)
			w = n;
	}
	return w > 40 ? 40 : (int)w;
}

/* A row for each path of set (-f, --join or --in-text paths) that
 * selected nothing. */
static void
explain_unused(const struct explain *x, struct buf *b, int width,
    const struct pathset *set)
{
	const char *p;
	size_t i;

	for (i = 0; set != NULL && i < pathset_count(set); i++)
		if ((p = pathset_unused(set, i)) != NULL) {
			explain_line(b, width, p, 0, 0);
			buf_printf(b, "%s %s: selected nothing\n",
			    set == x->o->intext ? "--in-text"
			                        : explain_opt(x, p),
			    p);
		}
}

/* The table of explain.h into b. */
static void
explain_table(const struct explain *x, struct explain_row **s, uint64_t events,
    struct buf *b)
{
	int width = explain_width(x, s);
	size_t i;

	buf_printf(b, "%-*s %8s %8s  WHY\n", width, "PATH", "VALUES", "EVENTS");
	for (i = 0; i < x->nrows; i++) {
		explain_line(b, width, s[i]->path, s[i]->values, s[i]->events);
		explain_why(x, s[i], b);
		buf_putc(b, '\n');
	}
	explain_unused(x, b, width, x->o->fields);
	explain_unused(x, b, width, x->o->intext);
	if (x->more > 0)
		buf_printf(b, "(%llu values on paths past the first %d)\n",
		    (unsigned long long)x->more, EXPLAIN_MAX_ROWS);
	buf_printf(b, "%llu value%s", (unsigned long long)x->values,
	    x->values == 1 ? "" : "s");
	if (x->texts > 0)
		buf_printf(b, " and %llu span token%s in %llu string%s,",
		    (unsigned long long)x->spans, x->spans == 1 ? "" : "s",
		    (unsigned long long)x->texts, x->texts == 1 ? "" : "s");
	buf_printf(b,
	    " in %llu of %llu events would be encrypted (a dry run: nothing was written)\n",
	    (unsigned long long)x->hit_events, (unsigned long long)events);
}

static int
explain_print(
    const struct explain *x, uint64_t events, FILE *out, struct phi_err *e)
{
	struct explain_row **s = explain_sorted(x);
	struct buf b = BUF_INIT;
	int rc = PHI_OK;

	if (s != NULL)
		explain_table(x, s, events, &b);
	if (s == NULL || b.err != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else if (fwrite(b.p, 1, b.len, out) != b.len || fflush(out) != 0)
		rc = phi_err_set(e, PHI_EIO, "standard output: write failed");
	free(s);
	buf_free(&b, 0);
	return rc;
}

int
explain_run(const struct explain_opts *o, struct filter_opts *fo,
    char *const *files, int n, FILE *out, struct phi_err *e)
{
	struct explain x = {.o = o};
	struct ndjson_stats st = {0, 0, 0, 0, 0};
	struct ndjson_handler h = {
	    .ctx = &x, .visit = explain_visit, .line_done = explain_line_done};
	struct phi_err pe = {0, ""};
	int rc, prc;

	if ((rc = explain_init(&x, e)) != PHI_OK)
		goto out;
	encrypt_handler(o->enc, &x.in);
	fo->no_events = 1;
	rc = filter_run(fo, &h, files, n, &st, e);
	/* the table of what was read, also when a -f path selected
	 * nothing under --strict or a bad line stopped the run */
	if (rc != PHI_OK && rc != PHI_EDATA)
		goto out;
	if ((prc = explain_print(&x, st.events, out, &pe)) != PHI_OK) {
		*e = pe;
		rc = prc;
	}
out:
	explain_fini(&x);
	return rc;
}
