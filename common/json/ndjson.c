/*
 * ndjson.c - the streaming core (see ndjson.h).
 *
 * One yajl handle parses line after line (allow_multiple_values), fed
 * the line with its newline so that a number at the end is complete.
 * yajl reports, in a callback, how far it has read; a value starts
 * after the previous token, its ':' or ',' and white space, so spans are
 * found without a second scan.  The output line is built in the output
 * block buffer and dropped again if the line turns out bad.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <yajl_parse.h>

#include "elide.h"
#include "ndjson.h"
#include "outfile.h"
#include "utf8.h"
#include "yajlspace.h"
#include "yajlmem.h"

#define READ_CHUNK (1024 * 1024)
#define FLUSH_AT (256 * 1024)

struct frame {
	enum ndjson_type type; /* NDJSON_OBJECT or NDJSON_ARRAY */
	size_t next_index;     /* arrays: index of the next element */
	size_t open_end;       /* just past '{' or '[' */
	size_t kept_end;       /* end of the last member kept */
	size_t key_off;        /* this container's key, in the key arena */
	int key_in_arena;
	int in_selected;
	int live;    /* its states may still match (select set) */
	int dropped; /* some member was dropped */
};

struct pending {   /* a container being skipped, taken or dropped */
	int depth; /* nesting inside it; 0: none */
	enum ndjson_action act;
	struct ndjson_value v;
	size_t mstart; /* member start (for drops) */
};

struct ndjson {
	struct ndjson_opts o;
	struct ndjson_handler h;
	yajl_handle yh;
	struct buf out, rej, keys;
	struct outfile rejf; /* the reject file; fd -1 until a bad line */
	int rej_made;        /* made by this run: appended to from now on */
	struct ndjson_stats st;
	/* the line being parsed */
	const char *line;
	size_t len, last_end, cursor, mstart, base;
	const char *name;
	uint64_t lineno;
	/* the path */
	struct frame *fr;
	struct path_seg *segs;
	uint64_t *states;
	size_t depth, cap, words;
	int done, status;
	int lean;               /* the lean walk (want_string, no select set) */
	struct elide el;        /* the line as fed, when el.ncut > 0 */
	size_t elide_plen;      /* 0: no cuts (no good elide_prefix) */
	const char *fed;        /* what yajl is fed: line or el.out.p */
	size_t fedlen;          /* its length, without the newline */
	int out_open, rej_open; /* the last line written had no newline */
	struct pending pend;
	struct phi_err err;
	/* yajl does not check its allocations: yajlmem does, and jumps */
	struct yajlmem ym;
	/* reading */
	char *rb;
	size_t rcap, rlen, rpos;
	int regular; /* the input is a regular file: a read never waits */
	/* worker threads (opts.jobs > 1): the pool, made at the first
	 * threaded run; in a worker's own ndjson, worker is set: its lines
	 * are kept in out and rej, the messages of rejected lines in msgs
	 * (each ended by a NUL), and nothing is written */
	struct ndjson_pool *pool;
	int worker;
	int nosniff;       /* not the run's first line: no sniffing */
	uint64_t seq_base; /* line_seq = seq_base + st.lines */
	struct buf msgs;
};

struct ndjson_pool;
static int ndjson_pool_drain(struct ndjson *nj);
static void ndjson_pool_free(struct ndjson_pool *p);

static int
stack_grow(struct ndjson *nj)
{
	size_t cap = nj->cap == 0 ? 64 : nj->cap * 2;
	struct frame *fr;
	struct path_seg *sg;
	uint64_t *st;

	fr = realloc(nj->fr, cap * sizeof(*fr));
	if (fr != NULL)
		nj->fr = fr;
	sg = realloc(nj->segs, cap * sizeof(*sg));
	if (sg != NULL)
		nj->segs = sg;
	st = realloc(nj->states, (cap + 1) * (nj->words + 1) * sizeof(*st));
	if (st != NULL)
		nj->states = st;
	if (fr == NULL || sg == NULL || st == NULL)
		return -1;
	nj->cap = cap;
	return 0;
}

static int
fail(struct ndjson *nj, int code, const char *why, size_t col)
{
	nj->status =
	    phi_err_set(&nj->err, code, "%s (column %zu)", why, col + 1);
	return 0;
}

/* Where a value or key starts: past white space, ':' or ',' and more. */
static size_t
token_start(const char *s, size_t i)
{
	while (yajlspace_is((unsigned char)s[i]))
		i++;
	if (s[i] == ':' || s[i] == ',')
		i++;
	while (yajlspace_is((unsigned char)s[i]))
		i++;
	return i;
}

/* The line offset of offset at of what yajl was fed. */
static inline size_t
fed_pos(struct ndjson *nj, size_t at)
{
	return nj->el.ncut == 0 ? at : elide_map(&nj->el, at);
}

static inline size_t
consumed(struct ndjson *nj)
{
	return fed_pos(nj, nj->base + yajl_get_bytes_consumed(nj->yh));
}

/* Text yajl handed over: where it points into what was fed, the same
 * bytes in the line; a string's (with_cut) cut body is put back. */
static void
fed_text(struct ndjson *nj, const char **s, size_t *n, int with_cut)
{
	uintptr_t p = (uintptr_t)*s, f = (uintptr_t)nj->fed;
	size_t at;

	if (nj->el.ncut == 0 || p < f || p > f + nj->fedlen)
		return;
	at = (size_t)(p - f);
	*s = nj->line +
	    (with_cut ? elide_map_string(&nj->el, at, n)
	              : elide_map(&nj->el, at));
}

static void
copy_to(struct ndjson *nj, size_t upto)
{
	if (upto > nj->cursor) {
		buf_append(&nj->out, nj->line + nj->cursor, upto - nj->cursor);
		nj->cursor = upto;
	}
}

static int
do_take(struct ndjson *nj, const struct ndjson_value *v)
{
	copy_to(nj, v->start);
	nj->cursor = v->end;
	nj->st.taken++;
	if (nj->h.take(nj->h.ctx, v, &nj->out, &nj->err) != PHI_OK) {
		nj->status = nj->err.code != 0 ? nj->err.code : PHI_ESOFTWARE;
		return 0;
	}
	return 1;
}

/* The member [mstart, end) of the innermost container is removed. */
static void
do_drop(struct ndjson *nj, size_t end)
{
	struct frame *f = &nj->fr[nj->depth - 1];

	copy_to(nj, f->kept_end);
	nj->cursor = end;
	f->dropped = 1;
	nj->st.taken++;
}

/* A member that stays: after earlier drops, its leading ',' goes too. */
static void
member_kept(struct ndjson *nj, size_t mstart)
{
	struct frame *f = &nj->fr[nj->depth - 1];

	if (f->dropped && f->kept_end == f->open_end && nj->cursor < mstart)
		nj->cursor = mstart;
}

/* A value takes its place in the innermost container: in an array, the
 * path's last segment becomes its index. */
static void
value_slot(struct ndjson *nj, size_t start)
{
	struct frame *f = &nj->fr[nj->depth - 1];
	struct path_seg *sg = &nj->segs[nj->depth - 1];

	if (f->type == NDJSON_ARRAY) {
		sg->key = NULL;
		sg->index = f->next_index++;
		nj->mstart = start;
	}
}

/* Fills v for the value in its slot, starting at start; nothing is
 * selected. */
static void
value_fill(
    struct ndjson *nj, struct ndjson_value *v, enum ndjson_type t, size_t start)
{
	v->type = t;
	v->line = nj->line;
	v->start = start;
	v->end = 0;
	v->str = NULL;
	v->len = 0;
	v->path = nj->segs;
	v->depth = nj->depth;
	v->selected = v->live = v->is_key = 0;
	v->line_len = nj->len;
	v->line_seq = nj->seq_base + nj->st.lines;
	v->in_selected = nj->fr[nj->depth - 1].in_selected;
}

/* Steps the select set to v's path (its last segment is in place). */
static void
value_select(struct ndjson *nj, struct ndjson_value *v)
{
	struct frame *f = &nj->fr[nj->depth - 1];
	size_t d = nj->depth, w = nj->words;
	uint64_t *up = nj->states + (d - 1) * w, *here = nj->states + d * w;

	if (nj->o.select != NULL && f->live) {
		unsigned r =
		    pathset_step(nj->o.select, up, &nj->segs[d - 1], here);

		v->selected = (r & PATHSET_ACCEPTS) != 0;
		v->live = (r & PATHSET_ALIVE) != 0;
		if (v->selected)
			pathset_note(nj->o.select, here);
	} else if (w > 0)
		memset(here, 0, w * sizeof(uint64_t));
	v->in_selected = f->in_selected || v->selected;
}

/* Fills v for a value inside the innermost container, starting at start. */
static void
value_init(
    struct ndjson *nj, struct ndjson_value *v, enum ndjson_type t, size_t start)
{
	value_slot(nj, start);
	value_fill(nj, v, t, start);
	value_select(nj, v);
}

/* Where the token that yajl handed over as s starts: a string or number
 * it did not copy points into the line, a literal ends at end; only
 * escaped strings and tokens split across feeds need the scan. */
static size_t
scalar_start(struct ndjson *nj, enum ndjson_type t, const char *s, size_t end)
{
	uintptr_t p = (uintptr_t)s, l = (uintptr_t)nj->line;

	if (p > l && p < l + nj->len) {
		if (t == NDJSON_STRING)
			return (size_t)(p - l) - 1;
		if (t == NDJSON_NUMBER)
			return (size_t)(p - l);
	}
	if ((t == NDJSON_NULL || t == NDJSON_TRUE) && end >= 4 &&
	    end <= nj->len)
		return end - 4;
	if (t == NDJSON_FALSE && end >= 5 && end <= nj->len)
		return end - 5;
	return token_start(nj->line, nj->last_end);
}

/* Where the token that yajl handed over as s ends: a string or number
 * that points into the line is there as it is (a string with escapes is
 * decoded elsewhere), so no call to yajl is needed for it. */
static size_t
scalar_end(struct ndjson *nj, enum ndjson_type t, const char *s, size_t n)
{
	uintptr_t p = (uintptr_t)s, l = (uintptr_t)nj->line;

	if (p > l && p < l + nj->len) {
		if (t == NDJSON_STRING)
			return (size_t)(p - l) + n + 1;
		if (t == NDJSON_NUMBER)
			return (size_t)(p - l) + n;
	}
	return consumed(nj);
}

static int
cb_scalar(struct ndjson *nj, enum ndjson_type t, const char *s, size_t n)
{
	struct ndjson_value v;
	size_t start, end;

	if (nj->pend.depth > 0)
		return 1;
	if (nj->el.ncut > 0 && (t == NDJSON_STRING || t == NDJSON_NUMBER))
		fed_text(nj, &s, &n, t == NDJSON_STRING);
	end = scalar_end(nj, t, s, n);
	start = scalar_start(nj, t, s, end);
	if (nj->depth == 0)
		return fail(nj, PHI_EDATA,
		    nj->done ? "more than one JSON value on the line"
		             : "not a JSON object",
		    start);
	nj->last_end = end;
	value_init(nj, &v, t, start);
	v.end = end;
	v.str = s;
	v.len = n;
	switch (nj->h.visit(nj->h.ctx, &v)) {
	case NDJSON_DROP:
		do_drop(nj, end);
		return 1;
	case NDJSON_TAKE:
		member_kept(nj, nj->mstart);
		if (!do_take(nj, &v))
			return 0;
		break;
	default:
		member_kept(nj, nj->mstart);
		break;
	}
	nj->fr[nj->depth - 1].kept_end = end;
	return 1;
}

static int
cb_null(void *ctx)
{
	return cb_scalar(ctx, NDJSON_NULL, "null", 4);
}

static int
cb_bool(void *ctx, int b)
{
	return cb_scalar(ctx, b ? NDJSON_TRUE : NDJSON_FALSE,
	    b ? "true" : "false", b ? 4 : 5);
}

static int
cb_number(void *ctx, const char *s, size_t n)
{
	return cb_scalar(ctx, NDJSON_NUMBER, s, n);
}

static int
cb_string(void *ctx, const unsigned char *s, size_t n)
{
	return cb_scalar(ctx, NDJSON_STRING, (const char *)s, n);
}

/* Keys that are not inside the line (decoded escapes) live in an arena
 * that is a stack by depth; pointers are fixed up if it moves. */
static int
key_set(struct ndjson *nj, const char *s, size_t n)
{
	struct frame *f = &nj->fr[nj->depth - 1];
	struct path_seg *sg = &nj->segs[nj->depth - 1];
	const char *old = nj->keys.p;
	size_t i;

	nj->keys.len = f->key_off;
	f->key_in_arena = 0;
	sg->keylen = n;
	if ((uintptr_t)s >= (uintptr_t)nj->line &&
	    (uintptr_t)s + n <= (uintptr_t)nj->line + nj->len) {
		sg->key = s;
		return 1;
	}
	if (buf_append(&nj->keys, s, n) != 0)
		return fail(nj, PHI_ESOFTWARE, "out of memory", 0);
	f->key_in_arena = 1;
	sg->key = nj->keys.p + f->key_off;
	if (nj->keys.p != old)
		for (i = 0; i < nj->depth; i++)
			if (nj->fr[i].key_in_arena)
				nj->segs[i].key =
				    nj->keys.p + nj->fr[i].key_off;
	return 1;
}

/* The key k[0..n) at [start, end) of the line, its segment in place,
 * offered to the handler's key callback. */
static int
key_offer(struct ndjson *nj, const char *k, size_t n, size_t start, size_t end)
{
	struct ndjson_value v;

	value_fill(nj, &v, NDJSON_STRING, start);
	if (nj->o.select != NULL)
		value_select(nj, &v);
	v.end = end;
	v.str = k;
	v.len = n;
	v.is_key = 1;
	if (nj->h.key(nj->h.ctx, &v) != NDJSON_TAKE)
		return 1;
	member_kept(nj, start);
	return do_take(nj, &v);
}

static int
cb_map_key(void *ctx, const unsigned char *s, size_t n)
{
	struct ndjson *nj = ctx;
	const char *k = (const char *)s;
	size_t end;

	if (nj->pend.depth > 0)
		return 1;
	if (nj->el.ncut > 0)
		fed_text(nj, &k, &n, 1);
	end = scalar_end(nj, NDJSON_STRING, k, n);
	nj->mstart = scalar_start(nj, NDJSON_STRING, k, end);
	nj->last_end = end;
	if (!key_set(nj, k, n))
		return 0;
	return nj->h.key == NULL || key_offer(nj, k, n, nj->mstart, end);
}

static int
frame_push(struct ndjson *nj, enum ndjson_type t, size_t open_end,
    int in_selected, int live)
{
	struct frame *f;

	if (nj->depth >= NDJSON_MAX_DEPTH)
		return fail(nj, PHI_EDATA, "nested deeper than 10000 levels",
		    open_end - 1);
	if (nj->depth + 1 >= nj->cap && stack_grow(nj) != 0)
		return fail(nj, PHI_ESOFTWARE, "out of memory", 0);
	f = &nj->fr[nj->depth++];
	f->type = t;
	f->next_index = 0;
	f->open_end = f->kept_end = open_end;
	f->key_off = nj->keys.len;
	f->key_in_arena = 0;
	f->in_selected = in_selected;
	f->live = live;
	f->dropped = 0;
	return 1;
}

static int
cb_start(struct ndjson *nj, enum ndjson_type t)
{
	size_t end;
	enum ndjson_action a;

	if (nj->pend.depth > 0) {
		nj->pend.depth++;
		return 1;
	}
	end = consumed(nj);
	nj->last_end = end;
	if (nj->depth == 0) {
		if (nj->done || t != NDJSON_OBJECT)
			return fail(nj, PHI_EDATA,
			    nj->done ? "more than one JSON value on the line"
			             : "not a JSON object",
			    end - 1);
		if (nj->o.select != NULL)
			pathset_start(nj->o.select, nj->states);
		return frame_push(nj, t, end, 0,
		    nj->o.select != NULL &&
		        pathset_alive(nj->o.select, nj->states));
	}
	value_init(nj, &nj->pend.v, t, end - 1);
	a = nj->h.visit(nj->h.ctx, &nj->pend.v);
	if (a != NDJSON_DROP)
		member_kept(nj, nj->mstart);
	if (a == NDJSON_KEEP)
		return frame_push(
		    nj, t, end, nj->pend.v.in_selected, nj->pend.v.live);
	nj->pend.depth = 1;
	nj->pend.act = a;
	return 1;
}

static int
cb_end(struct ndjson *nj)
{
	size_t end;

	if (nj->pend.depth > 1) { /* inside what is skipped: no spans */
		nj->pend.depth--;
		return 1;
	}
	end = consumed(nj);
	nj->last_end = end;
	if (nj->pend.depth > 0) {
		nj->pend.depth = 0;
		nj->pend.v.end = end;
		if (nj->pend.act == NDJSON_DROP) {
			do_drop(nj, end);
			return 1;
		}
		if (nj->pend.act == NDJSON_TAKE && !do_take(nj, &nj->pend.v))
			return 0;
	} else if (--nj->depth == 0) {
		nj->done = 1;
		return 1;
	}
	nj->fr[nj->depth - 1].kept_end = end;
	return 1;
}

static int
cb_start_map(void *ctx)
{
	return cb_start(ctx, NDJSON_OBJECT);
}

static int
cb_start_array(void *ctx)
{
	return cb_start(ctx, NDJSON_ARRAY);
}

static int
cb_end_any(void *ctx)
{
	return cb_end(ctx);
}

static const yajl_callbacks callbacks = {
    .yajl_null = cb_null,
    .yajl_boolean = cb_bool,
    .yajl_number = cb_number, /* numbers as text: no yajl_integer */
    .yajl_string = cb_string,
    .yajl_start_map = cb_start_map,
    .yajl_map_key = cb_map_key,
    .yajl_end_map = cb_end_any,
    .yajl_start_array = cb_start_array,
    .yajl_end_array = cb_end_any,
};

/*
 * The lean walk (want_string without a select set).  Fast path: it must
 * equal the full walk (the cb_* callbacks above) in output bytes, spans,
 * paths, statuses, messages and stats; tests/unit/test_ndjson_lean.c
 * runs both on the same lines.  The path is kept,
 * keys and indices, and nothing else; only strings are looked at, and
 * only the ones the handler wants get a value and a span.  A value
 * outside any container goes to the full callbacks, which make the
 * error.  No member is ever dropped, so no kept_end is needed.
 */

/* Where the string that ends at end starts: yajl's pointer if it is
 * into the line, else (escapes decoded) the '"' before end whose
 * backslash run is even. */
static size_t
lean_string_start(struct ndjson *nj, const char *s, size_t end)
{
	uintptr_t p = (uintptr_t)s, l = (uintptr_t)nj->line;
	size_t i, bs;

	if (p > l && p < l + nj->len)
		return (size_t)(p - l) - 1;
	for (i = end >= 2 && end <= nj->len ? end - 2 : 0; i > 0; i--) {
		if (nj->line[i] != '"')
			continue;
		for (bs = 0; bs < i && nj->line[i - 1 - bs] == '\\'; bs++)
			;
		if (bs % 2 == 0)
			return i;
	}
	return SIZE_MAX;
}

static int
lean_string(void *ctx, const unsigned char *us, size_t n)
{
	struct ndjson *nj = ctx;
	const char *s = (const char *)us;
	struct ndjson_value v;
	size_t start, end;

	if (nj->depth == 0) /* an error: cb_scalar() maps s */
		return cb_string(ctx, us, n);
	fed_text(nj, &s, &n, 1);
	value_slot(nj, 0);
	if (!nj->h.want_string(nj->h.ctx, s, n))
		return 1;
	end = scalar_end(nj, NDJSON_STRING, s, n);
	if ((start = lean_string_start(nj, s, end)) == SIZE_MAX)
		return fail(nj, PHI_ESOFTWARE, "string not found in the line",
		    end > 0 ? end - 1 : 0);
	value_fill(nj, &v, NDJSON_STRING, start);
	v.end = end;
	v.str = s;
	v.len = n;
	return do_take(nj, &v);
}

static int
lean_null(void *ctx)
{
	struct ndjson *nj = ctx;

	if (nj->depth == 0)
		return cb_null(ctx);
	value_slot(nj, 0);
	return 1;
}

static int
lean_bool(void *ctx, int b)
{
	struct ndjson *nj = ctx;

	if (nj->depth == 0)
		return cb_bool(ctx, b);
	value_slot(nj, 0);
	return 1;
}

static int
lean_number(void *ctx, const char *s, size_t n)
{
	struct ndjson *nj = ctx;

	if (nj->depth == 0)
		return cb_number(ctx, s, n);
	value_slot(nj, 0);
	return 1;
}

/* Does the handler want the key s[0..n)?  Asked of its whole text, as
 * lean_string() asks of a string's (a cut body put back). */
static int
lean_wants_key(struct ndjson *nj, const char *s, size_t n)
{
	fed_text(nj, &s, &n, 1);
	return nj->h.want_string(nj->h.ctx, s, n);
}

/* A key the handler wants (lean_string()'s way): its segment and span,
 * and the key callback. */
static int
lean_key(struct ndjson *nj, const char *s, size_t n)
{
	size_t start, end;

	fed_text(nj, &s, &n, 1);
	if (!key_set(nj, s, n))
		return 0;
	end = scalar_end(nj, NDJSON_STRING, s, n);
	if ((start = lean_string_start(nj, s, end)) == SIZE_MAX)
		return fail(nj, PHI_ESOFTWARE, "key not found in the line",
		    end > 0 ? end - 1 : 0);
	return key_offer(nj, s, n, start, end);
}

/* key_set() in short when this key and the last are in what yajl was
 * fed (a key is never cut unless the line is bad: see elide.h).  */
static int
lean_map_key(void *ctx, const unsigned char *us, size_t n)
{
	struct ndjson *nj = ctx;
	const char *s = (const char *)us;
	struct path_seg *sg = &nj->segs[nj->depth - 1];

	if (nj->h.key != NULL && lean_wants_key(nj, s, n))
		return lean_key(nj, s, n);
	if (nj->fr[nj->depth - 1].key_in_arena ||
	    (uintptr_t)s < (uintptr_t)nj->fed ||
	    (uintptr_t)s + n > (uintptr_t)nj->fed + nj->fedlen)
		return key_set(nj, s, n);
	sg->key = s;
	sg->keylen = n;
	return 1;
}

static int
lean_start(struct ndjson *nj, enum ndjson_type t)
{
	size_t end;

	if (nj->depth == 0)
		return cb_start(nj, t);
	end = consumed(nj);
	value_slot(nj, 0);
	return frame_push(nj, t, end, 0, 0);
}

static int
lean_start_map(void *ctx)
{
	return lean_start(ctx, NDJSON_OBJECT);
}

static int
lean_start_array(void *ctx)
{
	return lean_start(ctx, NDJSON_ARRAY);
}

static int
lean_end(void *ctx)
{
	struct ndjson *nj = ctx;

	if (--nj->depth == 0) { /* where a value after it is looked for */
		nj->done = 1;
		nj->last_end = consumed(nj);
	}
	return 1;
}

static const yajl_callbacks lean_callbacks = {
    .yajl_null = lean_null,
    .yajl_boolean = lean_bool,
    .yajl_number = lean_number, /* numbers as text: no yajl_integer */
    .yajl_string = lean_string,
    .yajl_start_map = lean_start_map,
    .yajl_map_key = lean_map_key,
    .yajl_end_map = lean_end,
    .yajl_start_array = lean_start_array,
    .yajl_end_array = lean_end,
};

/* Makes the parser (in a yajlmem run). */
static int
parser_make(void *arg)
{
	struct ndjson *nj = arg;

	nj->yh = yajl_alloc(
	    nj->lean ? &lean_callbacks : &callbacks, &nj->ym.funcs, nj);
	if (nj->yh == NULL)
		return -2;
	yajl_config(nj->yh, yajl_allow_multiple_values, 1);
	/* utf8_check() has checked the line, more strictly */
	yajl_config(nj->yh, yajl_dont_validate_strings, 1);
	return 0;
}

/* A fresh parser; after a failed allocation the old one's state is
 * unknown, so it is only ever given up whole. */
static int
parser_reset(struct ndjson *nj, int usable)
{
	if (nj->yh != NULL && usable)
		yajl_free(nj->yh);
	nj->yh = NULL;
	yajlmem_release(&nj->ym);
	if (yajlmem_run(&nj->ym, parser_make, nj) != 0) {
		nj->yh = NULL;
		yajlmem_release(&nj->ym);
		return -1;
	}
	return 0;
}

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* The parser's own complaint, without the text ("verbose" off). */
static int
yajl_fail(struct ndjson *nj)
{
	unsigned char *m = yajl_get_error(nj->yh, 0, NULL, 0);
	size_t col = consumed(nj), n;
	char why[200];

	snprintf(why, sizeof(why), "%s", m != NULL ? (char *)m : "bad JSON");
	if (m != NULL)
		yajl_free_error(nj->yh, m);
	n = strlen(why);
	while (n > 0 && (why[n - 1] == '\n' || why[n - 1] == ' '))
		why[--n] = '\0';
	if (col > nj->len)
		col = nj->len;
	return fail(nj, PHI_EDATA, why, col > 0 ? col - 1 : 0);
}

struct feed {
	struct ndjson *nj;
	const char *line;
	size_t len;
	int nl;
};

/* Hands the line to yajl (in a yajlmem run); its yajl_status. */
static int
feed_line(void *arg)
{
	const struct feed *f = arg;
	struct ndjson *nj = f->nj;
	const char *line = f->line;
	size_t len = f->len;
	int nl = f->nl;
	yajl_status ys;

	ys = yajl_parse(nj->yh, (const unsigned char *)line, len + (nl != 0));
	if (ys == yajl_status_ok && !nl) {
		nj->base = len;
		ys = yajl_parse(nj->yh, (const unsigned char *)" ", 1);
		/* a string begun after the object is still open in the
		 * lexer (a ' ' goes into it): a newline ends it in error */
		if (ys == yajl_status_ok && nj->done)
			ys = yajl_parse(nj->yh, (const unsigned char *)"\n", 1);
	}
	return (int)ys;
}

/* What yajl is fed: the line, or with an elide prefix the line with long
 * token bodies cut out (elide.h).  Out of memory, the line is fed as it
 * is. */
static void
feed_choose(struct ndjson *nj, struct feed *f)
{
	nj->fed = f->line; /* parse_line() has set el.ncut to 0 */
	nj->fedlen = f->len;
	if (nj->elide_plen == 0 ||
	    elide_line(&nj->el, f->line, f->len + (f->nl != 0),
	        nj->h.elide_prefix, nj->elide_plen) != 0 ||
	    nj->el.ncut == 0)
		return;
	f->line = nj->fed = nj->el.out.p;
	f->len = nj->fedlen = nj->el.out.len - (f->nl != 0);
}

static int
parse_line(struct ndjson *nj, const char *line, size_t len, int nl)
{
	struct feed f = {.nj = nj, .line = line, .len = len, .nl = nl};
	size_t bad;
	int ys;

	nj->line = line;
	nj->len = len;
	nj->depth = nj->last_end = nj->cursor = nj->base = 0;
	nj->done = nj->status = nj->pend.depth = 0;
	nj->keys.len = 0;
	nj->el.ncut = 0;
	/* yajl lets overlong forms, surrogates and code points above
	 * U+10FFFF through; nothing has been fed to it yet */
	if ((bad = utf8_check(line, len)) < len) {
		fail(nj, PHI_EDATA, "invalid bytes in UTF8 string", bad);
		return nj->status;
	}
	feed_choose(nj, &f);
	if ((ys = yajlmem_run(&nj->ym, feed_line, &f)) == YAJLMEM_OOM) {
		parser_reset(nj, 0); /* the old one is given up whole */
		return phi_err_set(&nj->err, PHI_ESOFTWARE, "out of memory");
	}
	if (ys == yajl_status_error)
		yajl_fail(nj);
	else if (ys == yajl_status_ok && !nj->done)
		fail(nj, PHI_EDATA, "the line ends inside a JSON value", len);
	if (nj->status == PHI_OK) {
		copy_to(nj, len);
		if (nl)
			buf_putc(&nj->out, '\n');
		return PHI_OK;
	}
	if (parser_reset(nj, 1) != 0)
		return phi_err_set(&nj->err, PHI_ESOFTWARE, "out of memory");
	return nj->status;
}

/* Bytes of a bad line for the reject file, written in blocks. */
static int
reject_put(struct ndjson *nj, const char *p, size_t n, int nl)
{
	int how =
	    nj->rej_made || nj->o.reject_append ? OUTFILE_APPEND : OUTFILE_NEW;

	if (nj->worker) { /* kept for the caller's thread */
		buf_append(&nj->rej, p, n);
		if (nl)
			buf_putc(&nj->rej, '\n');
		nj->rej_open = !nl;
		return PHI_OK;
	}
	if (nj->rejf.fd < 0 &&
	    outfile_open_as(
	        &nj->rejf, nj->o.reject_path, how, 0600, &nj->err) != PHI_OK)
		return nj->err.code;
	buf_append(&nj->rej, p, n);
	if (nl)
		buf_putc(&nj->rej, '\n');
	nj->rej_open = !nl;
	if (nj->rej.len >= FLUSH_AT && buf_flush_fd(&nj->rej, nj->rejf.fd) != 0)
		return phi_err_set(&nj->err, PHI_EIO, "%s: %s",
		    nj->o.reject_path, strerror(nj->rej.err));
	return PHI_OK;
}

static int
reject_line(struct ndjson *nj, const char *line, size_t len, int nl)
{
	nj->st.bad++;
	if (nj->worker)
		buf_append(&nj->msgs, nj->err.msg, strlen(nj->err.msg) + 1);
	else if (nj->h.rejected != NULL)
		nj->h.rejected(nj->h.ctx, &nj->err);
	if (nj->rej_open)
		buf_putc(&nj->rej, '\n');
	return reject_put(nj, line, len, nl);
}

/* Writes b (events: the output's or a worker's) to the output. */
static int
write_events(struct ndjson *nj, struct buf *b)
{
	if (b->err == ENOMEM)
		return phi_err_set(&nj->err, PHI_ESOFTWARE, "out of memory");
	if (nj->o.out_fd < 0) {
		b->len = 0;
		return PHI_OK;
	}
	if (buf_flush_fd(b, nj->o.out_fd) != 0)
		return phi_err_set(&nj->err, PHI_EIO, "%s: %s",
		    nj->o.out_name != NULL ? nj->o.out_name : "standard output",
		    strerror(b->err));
	return PHI_OK;
}

static int
flush_out(struct ndjson *nj)
{
	return write_events(nj, &nj->out);
}

/* Printable text (for CSV: binary garbage is not taken for it). */
static int
sniff_text(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return 0;
	return utf8_check(s, n) == n;
}

/* The first line of an input that is not NDJSON at all, recognised:
 * what it looks like and what to do (NULL: just a bad line). */
static const char *
sniff_first(const char *s, size_t n)
{
	size_t i = 0, j = n;

	if (n >= 2 && (unsigned char)s[0] == 0x1f &&
	    (unsigned char)s[1] == 0x8b)
		return "looks gzip-compressed: decompress it first (zcat FILE | ...)";
	if (n >= 4 && memcmp(s, "\x28\xb5\x2f\xfd", 4) == 0)
		return "looks zstd-compressed: decompress it first (zstdcat FILE | ...)";
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		return "starts with a UTF-8 byte order mark: remove it first (sed '1s/^\\xEF\\xBB\\xBF//')";
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (
	    j > i && (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\r'))
		j--;
	if (j - i == 1 && (s[i] == '{' || s[i] == '['))
		return s[i] == '{'
		    ? "looks like pretty-printed JSON, not one object a line: use jq -c . FILE"
		    : "looks like a JSON array, not one object a line: use jq -c '.[]' FILE";
	/* an array of objects, or one that goes on past the line; not
	 * [1], an ordinary bad line */
	if (j - i >= 2 && s[i] == '[' && (s[i + 1] == '{' || s[j - 1] != ']'))
		return "looks like a JSON array, not one object a line: use jq -c '.[]' FILE";
	if (i < j && s[i] != '{' && s[i] != '[' && sniff_text(s + i, j - i) &&
	    memchr(s + i, ',', j - i) != NULL)
		return "looks like CSV: convert it to one JSON object a line first";
	return NULL;
}

/* A bad first line that shows the whole input is of another kind: said
 * once, and the run stops even with a reject file (not one message for
 * each of its lines).  Only while the run has written and set aside
 * nothing: a stop is not committed, and lines already rejected would be
 * lost with the reject file; later, such a line is an ordinary bad one. */
static int
sniffed(struct ndjson *nj, const char *line, size_t len)
{
	const char *why;

	if (nj->lineno != 1 || nj->nosniff || nj->st.events > 0 ||
	    nj->st.bad > 0 || (why = sniff_first(line, len)) == NULL)
		return 0;
	phi_err_set(&nj->err, PHI_EDATA, "%s:1: not NDJSON: %s", nj->name, why);
	nj->st.bad++;
	return 1;
}

/* The handler's line_done stopped the run at this line: it is not
 * written (a check that failed names the line). */
static int
line_refused(struct ndjson *nj, size_t mark, int rc)
{
	nj->out.len = mark;
	nj->st.events--;
	if (rc == PHI_EFAIL)
		phi_err_prefix(&nj->err, "%s:%llu", nj->name,
		    (unsigned long long)nj->lineno);
	return rc;
}

static int
one_line(struct ndjson *nj, const char *line, size_t len, int nl)
{
	size_t mark;
	int rc;

	nj->lineno++;
	nj->st.lines++;
	mark = nj->out.len;
	if (nj->out_open) /* an earlier input ended without a newline */
		buf_putc(&nj->out, '\n');
	if (is_blank(line, len)) {
		buf_append(&nj->out, line, len + (nl != 0));
		nj->out_open = !nl;
	} else if ((rc = parse_line(nj, line, len, nl)) != PHI_OK) {
		nj->out.len = mark;
		if (rc == PHI_EDATA && sniffed(nj, line, len))
			return PHI_EDATA;
		phi_err_prefix(&nj->err, "%s:%llu", nj->name,
		    (unsigned long long)nj->lineno);
		if (rc != PHI_EDATA || nj->o.reject_path == NULL) {
			nj->st.bad += rc == PHI_EDATA;
			return rc;
		}
		return reject_line(nj, line, len, nl);
	} else {
		nj->out_open = !nl;
		nj->st.events++;
		if (nj->h.line_done != NULL &&
		    (rc = nj->h.line_done(nj->h.ctx, &nj->err)) != PHI_OK)
			return line_refused(nj, mark, rc);
	}
	if (nj->worker)
		return PHI_OK;
	if (nj->out.len >= FLUSH_AT || nj->out.err != 0 || nj->o.line_buffered)
		return flush_out(nj);
	return PHI_OK;
}

static int
stopped(const struct ndjson *nj)
{
	return nj->o.stop != NULL && *nj->o.stop != 0;
}

/* The stop flag is set: the run ends before it reads more. */
static int
stop_here(struct ndjson *nj)
{
	int sig = (int)*nj->o.stop;

	return phi_err_set(&nj->err, PHI_ESTOP,
	    "%s: stopped by %s after line %llu%s", nj->name,
	    sig == SIGTERM      ? "SIGTERM"
	        : sig == SIGINT ? "SIGINT"
	                        : "a signal",
	    (unsigned long long)nj->lineno,
	    nj->rpos < nj->rlen ? " (a part of a line after it dropped)" : "");
}

/* Before a read: a read that could wait (a pipe, FIFO, terminal or
 * socket with no byte ready) has the output written out first, then
 * waits for input or the stop descriptor. */
static int
wait_input(struct ndjson *nj, int fd)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN},
	    {.fd = nj->o.stop != NULL ? nj->o.stop_fd : -1, .events = POLLIN}};
	int n, rc;

	if (stopped(nj))
		return stop_here(nj);
	if (nj->regular || poll(p, 1, 0) != 0)
		return PHI_OK; /* ready, or an error that read reports */
	if (nj->pool != NULL && (rc = ndjson_pool_drain(nj)) != PHI_OK)
		return rc;
	if ((rc = flush_out(nj)) != PHI_OK)
		return rc;
	do
		n = poll(p, 2, -1);
	while (n < 0 && errno == EINTR && !stopped(nj));
	return stopped(nj) ? stop_here(nj) : PHI_OK;
}

static int
read_more(struct ndjson *nj, int fd, int *eof)
{
	size_t cap;
	ssize_t n;
	char *p;

	if (nj->rpos > 0) {
		memmove(nj->rb, nj->rb + nj->rpos, nj->rlen - nj->rpos);
		nj->rlen -= nj->rpos;
		nj->rpos = 0;
	}
	if (nj->rcap - nj->rlen < READ_CHUNK / 4) {
		cap = nj->rcap * 2;
		/* grown by copy, wipe, free: the lines are PHI in clear */
		if ((p = malloc(cap + 1)) == NULL)
			return phi_err_set(
			    &nj->err, PHI_ESOFTWARE, "out of memory");
		memcpy(p, nj->rb, nj->rlen);
		OPENSSL_cleanse(nj->rb, nj->rcap + 1);
		free(nj->rb);
		nj->rb = p;
		nj->rcap = cap;
	}
	do
		n = read(fd, nj->rb + nj->rlen, nj->rcap - nj->rlen);
	while (n < 0 && errno == EINTR && !stopped(nj));
	if (n < 0 && stopped(nj))
		return stop_here(nj);
	if (n < 0)
		return phi_err_set(&nj->err, PHI_EIO, "%s: read error: %s",
		    nj->name, strerror(errno));
	*eof = n == 0;
	nj->rlen += (size_t)n;
	nj->st.bytes += (uint64_t)n;
	if (nj->o.progress != NULL)
		nj->o.progress(nj->o.pctx, &nj->st);
	return PHI_OK;
}

/* A line longer than max_line: an error, or with a reject file its
 * bytes go there piece by piece (first piece: first != 0). */
static int
overlong(struct ndjson *nj, const char *p, size_t n, int first, int nl)
{
	if (first) {
		nj->lineno++;
		nj->st.lines++;
		if (sniffed(nj, p, n))
			return PHI_EDATA;
		phi_err_set(&nj->err, PHI_EDATA,
		    "%s:%llu: line longer than --max-line (%zu bytes)",
		    nj->name, (unsigned long long)nj->lineno, nj->o.max_line);
		if (nj->o.reject_path == NULL) {
			nj->st.bad++;
			return PHI_EDATA;
		}
		return reject_line(nj, p, n, nl);
	}
	return reject_put(nj, p, n, nl);
}

/* The complete line rb[rpos, rpos+len) (newline follows when nl). */
static int
line_at(struct ndjson *nj, size_t len, int nl, int *skipping)
{
	const char *p = nj->rb + nj->rpos;

	if (*skipping) {
		*skipping = 0;
		return overlong(nj, p, len, 0, nl);
	}
	if (len > nj->o.max_line)
		return overlong(nj, p, len, 1, nl);
	return one_line(nj, p, len, nl);
}

static int ndjson_pool_run(struct ndjson *nj, int fd);

/* One thread: each line as it is found. */
static int
run_lines(struct ndjson *nj, int fd)
{
	size_t scan = 0, len;
	int eof = 0, skipping = 0, rc = PHI_OK;
	char *nl;

	while (rc == PHI_OK) {
		nl = memchr(nj->rb + scan, '\n', nj->rlen - scan);
		if (nl != NULL) {
			len = (size_t)(nl - nj->rb) - nj->rpos;
			rc = line_at(nj, len, 1, &skipping);
			nj->rpos = scan = (size_t)(nl - nj->rb) + 1;
			continue;
		}
		if (eof) {
			if (nj->rpos < nj->rlen)
				rc = line_at(
				    nj, nj->rlen - nj->rpos, 0, &skipping);
			break;
		}
		if (nj->rlen - nj->rpos > nj->o.max_line) {
			rc = overlong(nj, nj->rb + nj->rpos,
			    nj->rlen - nj->rpos, !skipping, 0);
			skipping = 1;
			nj->rpos = nj->rlen;
		}
		scan = nj->rlen - nj->rpos;
		if (rc == PHI_OK)
			rc = wait_input(nj, fd);
		if (rc == PHI_OK)
			rc = read_more(nj, fd, &eof);
	}
	return rc;
}

int
ndjson_run_fd(struct ndjson *nj, int fd, const char *name, struct phi_err *e)
{
	struct stat sb;
	int rc;

	nj->name = name;
	nj->lineno = 0;
	nj->rlen = nj->rpos = 0;
	nj->regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
	if (nj->o.jobs > 1 && nj->h.worker_new != NULL && !nj->o.line_buffered)
		rc = ndjson_pool_run(nj, fd);
	else
		rc = run_lines(nj, fd);
	if (flush_out(nj) != PHI_OK && rc == PHI_OK)
		rc = nj->err.code;
	if (rc != PHI_OK && e != NULL)
		*e = nj->err;
	return rc;
}

int
ndjson_run_file(struct ndjson *nj, const char *path, struct phi_err *e)
{
	struct stat sb;
	int fd, rc;

	if (path == NULL || strcmp(path, "-") == 0)
		return ndjson_run_fd(nj, STDIN_FILENO, "(stdin)", e);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return phi_err_set(
		    e, PHI_ENOINPUT, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		return phi_err_set(e, PHI_ENOINPUT, "%s: is a directory", path);
	}
	rc = ndjson_run_fd(nj, fd, path, e);
	close(fd);
	return rc;
}

/* Whether the reject file can be made (or appended to): it is opened
 * and given up again; the file itself comes with the first bad line. */
static int
reject_check(struct ndjson *nj, struct phi_err *e)
{
	struct outfile of;
	int rc;

	rc = outfile_open_as(&of, nj->o.reject_path,
	    nj->o.reject_append ? OUTFILE_APPEND : OUTFILE_NEW, 0600, e);
	if (rc == PHI_ECANTCREAT)
		phi_err_set(e, rc,
		    "%s: the reject file exists: give a new name, or --reject-append to add to it",
		    nj->o.reject_path);
	outfile_abort(&of);
	return rc;
}

/* An ndjson without the reject file check; a worker's (worker != 0)
 * has no read buffer and writes nothing. */
static int
ndjson_make(struct ndjson **out, const struct ndjson_opts *opts,
    const struct ndjson_handler *h, int worker, struct phi_err *e)
{
	struct ndjson *nj = calloc(1, sizeof(*nj));

	*out = NULL;
	if (nj == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	nj->o = *opts;
	nj->h = *h;
	nj->rejf = (struct outfile)OUTFILE_INIT;
	if (nj->o.max_line == 0)
		nj->o.max_line = NDJSON_MAX_LINE_DEFAULT;
	if (nj->o.block == 0)
		nj->o.block = NDJSON_BLOCK;
	nj->words = opts->select != NULL ? pathset_words(opts->select) : 0;
	nj->lean = h->want_string != NULL && opts->select == NULL;
	if (h->elide_prefix != NULL &&
	    elide_prefix_ok(h->elide_prefix, strlen(h->elide_prefix)))
		nj->elide_plen = strlen(h->elide_prefix);
	yajlmem_init(&nj->ym);
	nj->ym.wipe = 1; /* yajl's buffers hold decoded keys and values */
	nj->worker = worker;
	nj->rcap = worker ? 0 : READ_CHUNK;
	nj->rb = worker ? NULL : malloc(nj->rcap + 1);
	if ((nj->rb == NULL && !worker) || stack_grow(nj) != 0 ||
	    parser_reset(nj, 1) != 0) {
		ndjson_free(nj);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	*out = nj;
	return PHI_OK;
}

int
ndjson_new(struct ndjson **out, const struct ndjson_opts *opts,
    const struct ndjson_handler *h, struct phi_err *e)
{
	int rc = ndjson_make(out, opts, h, 0, e);

	if (rc == PHI_OK && *out != NULL && opts->reject_path != NULL &&
	    (rc = reject_check(*out, e)) != PHI_OK) {
		ndjson_free(*out);
		*out = NULL;
	}
	return rc;
}

int
ndjson_flush(struct ndjson *nj, struct phi_err *e)
{
	if (flush_out(nj) != PHI_OK) {
		*e = nj->err;
		return e->code;
	}
	if (nj->rejf.fd < 0)
		return PHI_OK;
	if (buf_flush_fd(&nj->rej, nj->rejf.fd) != 0)
		return phi_err_set(e, PHI_EIO, "%s: %s", nj->o.reject_path,
		    strerror(nj->rej.err));
	if (nj->rejf.path == NULL)
		return PHI_OK; /* standard output or error */
	nj->rej_made = 1;
	return outfile_commit(&nj->rejf, e);
}

void
ndjson_set_output(struct ndjson *nj, int fd, const char *name)
{
	nj->o.out_fd = fd;
	nj->o.out_name = name;
	nj->out_open = 0;
}

const struct ndjson_stats *
ndjson_stats(const struct ndjson *nj)
{
	return &nj->st;
}

void
ndjson_free(struct ndjson *nj)
{
	if (nj == NULL)
		return;
	ndjson_pool_free(nj->pool);
	if (nj->yh != NULL)
		yajl_free(nj->yh);
	yajlmem_release(&nj->ym);
	outfile_abort(&nj->rejf);
	/* lines may hold PHI in clear: wipe what held them */
	if (nj->rb != NULL)
		OPENSSL_cleanse(nj->rb, nj->rcap);
	free(nj->rb);
	buf_free(&nj->out, 1);
	buf_free(&nj->rej, 1);
	buf_free(&nj->keys, 1);
	buf_free(&nj->msgs, 1);
	elide_free(&nj->el);
	free(nj->fr);
	free(nj->segs);
	free(nj->states);
	free(nj);
}

/*
 * Worker threads (opts.jobs > 1).  The caller's thread reads: the whole
 * lines read go into the block being filled, and a full block is handed
 * to the workers.  It also writes: blocks are taken back in input order,
 * and their events, bad lines, messages and counts added to the run's
 * (slot_merge) as if its own thread had done their lines.  Each slot
 * (2 x jobs of them: jobs at work, the rest read ahead or waiting to be
 * written) has its own ndjson (parser, buffers) and handler context:
 * a worker shares nothing but its slot's state, under the pool's lock.
 * A line longer than --max-line that is not whole in the read buffer,
 * and a read that would wait, first have every block written.
 */
enum slot_state { SLOT_FREE, SLOT_FILLING, SLOT_READY, SLOT_BUSY, SLOT_DONE };

struct ndjson_slot {
	struct ndjson *w; /* the worker's ndjson; w->h.ctx its context */
	struct buf in;    /* the block: whole lines */
	/* for each read that added lines: the end of them in the block and
	 * the bytes read then (a stop reports what one thread had read) */
	struct buf marks;
	size_t stop_at;   /* the end of the line its lines ended with */
	uint64_t seq;     /* its place in the input */
	uint64_t lineno0; /* the line number before its first line */
	enum slot_state state;
	int rc; /* the status its lines ended with */
};

struct ndjson_pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct ndjson_slot *slot;
	size_t nslot, nth;
	pthread_t *th;
	uint64_t next_seq, next_out; /* the next block handed out, taken */
	struct ndjson_slot *fill;    /* the block being filled */
	uint64_t lineno, lines;      /* lines handed out: in the file, run */
	int quit, running;
	int failed; /* a block's status that stopped the run */
};

/* A worker's lines: each line of the block, as one thread would. */
static void
slot_work(struct ndjson_slot *s)
{
	struct ndjson *w = s->w;
	const char *p = s->in.p, *end = p != NULL ? p + s->in.len : p, *nl;
	size_t len;
	int rc = PHI_OK;

	while (rc == PHI_OK && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (len > w->o.max_line)
			rc = overlong(w, p, len, 1, nl != NULL);
		else
			rc = one_line(w, p, len, nl != NULL);
		p += len + (nl != NULL);
	}
	s->stop_at = (size_t)(p - s->in.p);
	if (rc == PHI_OK &&
	    (w->out.err != 0 || w->rej.err != 0 || w->msgs.err != 0))
		rc = phi_err_set(&w->err, PHI_ESOFTWARE, "out of memory");
	s->rc = rc;
}

/* The oldest block ready for a worker (the lock held). */
static struct ndjson_slot *
pool_ready(struct ndjson_pool *p)
{
	struct ndjson_slot *best = NULL;
	size_t i;

	for (i = 0; i < p->nslot; i++)
		if (p->slot[i].state == SLOT_READY &&
		    (best == NULL || p->slot[i].seq < best->seq))
			best = &p->slot[i];
	return best;
}

static void *
pool_main(void *arg)
{
	struct ndjson_pool *p = arg;
	struct ndjson_slot *s;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while ((s = pool_ready(p)) == NULL && !p->quit)
			pthread_cond_wait(&p->work, &p->mu);
		if (s == NULL)
			break;
		s->state = SLOT_BUSY;
		pthread_mutex_unlock(&p->mu);
		slot_work(s);
		pthread_mutex_lock(&p->mu);
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* A worker's bad lines go to the reject file, as its own thread's. */
static int
slot_rejects(struct ndjson *nj, struct ndjson *w)
{
	struct phi_err me = {.code = PHI_EDATA};
	/* no message yet: msgs.p is NULL, and NULL + 0 is undefined */
	const char *m = w->msgs.p, *end = m != NULL ? m + w->msgs.len : m;
	int rc = PHI_OK;

	if (w->rej.len > 0) {
		if (nj->rej_open)
			buf_putc(&nj->rej, '\n');
		rc = reject_put(nj, w->rej.p, w->rej.len, 0);
		nj->rej_open = w->rej_open;
	}
	for (; rc == PHI_OK && m < end; m += strlen(m) + 1) {
		snprintf(me.msg, sizeof(me.msg), "%s", m);
		if (nj->h.rejected != NULL)
			nj->h.rejected(nj->h.ctx, &me);
	}
	return rc;
}

/* The block's lines stopped the run: its message, and the bytes read
 * as one thread would have when it came to that line. */
static void
slot_stopped(struct ndjson *nj, const struct ndjson_slot *s)
{
	uint64_t m[2];
	size_t i;

	nj->err = s->w->err;
	for (i = 0; i + sizeof(m) <= s->marks.len; i += sizeof(m)) {
		memcpy(m, s->marks.p + i, sizeof(m));
		if (m[0] >= s->stop_at) {
			nj->st.bytes = m[1];
			return;
		}
	}
}

/* The handler's worker_merge asked for the block again (NDJSON_REDO):
 * its lines, up to the one they ended with, are done once more on this
 * thread with the caller's context, as one thread would have done them;
 * what they write is dropped (the worker's is written already).  They
 * must end as they did on the worker; else the redo's status is the
 * run's (nj->err set). */
static int
slot_redo(struct ndjson *nj, struct ndjson_slot *s)
{
	struct ndjson *w = s->w;
	struct phi_err err = w->err;
	void *wctx = w->h.ctx;
	size_t len = s->in.len, stop_at = s->stop_at;
	int rc = s->rc, redo;

	w->h.ctx = nj->h.ctx;
	w->lineno = s->lineno0;
	memset(&w->st, 0, sizeof(w->st));
	w->out.len = w->rej.len = w->msgs.len = 0;
	w->out_open = w->rej_open = 0;
	s->in.len = stop_at;
	slot_work(s);
	redo = s->rc;
	s->in.len = len;
	s->stop_at = stop_at;
	s->rc = rc;
	w->h.ctx = wctx;
	if (redo != rc && redo != PHI_OK) {
		nj->err = w->err;
		w->err = err;
		return redo;
	}
	w->err = err;
	return PHI_OK;
}

/* A block done, in its turn: its events written, its bad lines, counts
 * and handler counts added, its stop made the run's. */
static int
slot_merge(struct ndjson *nj, struct ndjson_slot *s)
{
	struct ndjson *w = s->w;
	int rc;

	if (w->out.len > 0) {
		if (nj->out_open)
			buf_putc(&nj->out, '\n');
		if ((rc = flush_out(nj)) != PHI_OK ||
		    (rc = write_events(nj, &w->out)) != PHI_OK)
			return rc;
		nj->out_open = w->out_open;
	}
	if ((rc = slot_rejects(nj, w)) != PHI_OK)
		return rc;
	nj->st.lines += w->st.lines;
	nj->st.events += w->st.events;
	nj->st.bad += w->st.bad;
	nj->st.taken += w->st.taken;
	nj->lineno = w->lineno;
	rc = nj->h.worker_merge != NULL
	    ? nj->h.worker_merge(nj->h.ctx, w->h.ctx, &nj->err)
	    : PHI_OK;
	if (rc == NDJSON_REDO)
		rc = slot_redo(nj, s);
	if (rc != PHI_OK)
		return rc;
	if (s->rc != PHI_OK)
		slot_stopped(nj, s);
	return s->rc;
}

/* Waits for the oldest block handed out and merges it (after a block
 * stopped the run, the later ones are given up). */
static int
pool_take(struct ndjson *nj)
{
	struct ndjson_pool *p = nj->pool;
	struct ndjson_slot *s = NULL;
	size_t i;
	int rc = PHI_OK;

	pthread_mutex_lock(&p->mu);
	for (i = 0; i < p->nslot; i++)
		if (p->slot[i].state >= SLOT_READY &&
		    p->slot[i].seq == p->next_out)
			s = &p->slot[i];
	if (s == NULL) { /* cannot be: next_out < next_seq */
		p->next_out = p->next_seq;
		pthread_mutex_unlock(&p->mu);
		return p->failed = phi_err_set(&nj->err, PHI_ESOFTWARE,
		           "worker threads: a block was lost");
	}
	while (s->state != SLOT_DONE)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
	if (p->failed == PHI_OK && (rc = slot_merge(nj, s)) != PHI_OK)
		p->failed = rc;
	pthread_mutex_lock(&p->mu);
	s->state = SLOT_FREE;
	p->next_out++;
	pthread_mutex_unlock(&p->mu);
	return p->failed;
}

/* The block being filled goes to the workers. */
static void
pool_hand(struct ndjson_pool *p)
{
	struct ndjson_slot *s = p->fill;

	if (s == NULL)
		return;
	p->fill = NULL;
	pthread_mutex_lock(&p->mu);
	s->seq = p->next_seq++;
	s->state = SLOT_READY;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

/* A free slot to fill (the oldest block is written first if none). */
static int
pool_fill(struct ndjson *nj)
{
	struct ndjson_pool *p = nj->pool;
	struct ndjson *w;
	size_t i;
	int rc;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		for (i = 0; i < p->nslot && p->slot[i].state != SLOT_FREE; i++)
			;
		if (i < p->nslot)
			p->slot[i].state = SLOT_FILLING;
		pthread_mutex_unlock(&p->mu);
		if (i < p->nslot)
			break;
		if ((rc = pool_take(nj)) != PHI_OK)
			return rc;
	}
	p->fill = &p->slot[i];
	p->fill->in.len = p->fill->marks.len = 0;
	w = p->fill->w;
	w->name = nj->name;
	w->lineno = p->fill->lineno0 = p->lineno;
	w->seq_base = p->lines;
	w->nosniff = nj->st.events > 0 || nj->st.bad > 0;
	memset(&w->st, 0, sizeof(w->st));
	w->out.len = w->rej.len = w->msgs.len = 0;
	w->out.err = w->rej.err = w->msgs.err = 0;
	w->out_open = w->rej_open = 0;
	return PHI_OK;
}

/* Whole lines p[0..n) into the block being filled (the last one may
 * lack its newline only at the end of the input). */
static int
pool_put_part(struct ndjson *nj, const char *p, size_t n)
{
	struct ndjson_pool *pl = nj->pool;
	const char *q, *end = p + n;
	uint64_t k = 0, mark[2];
	int rc;

	if (pl->fill == NULL && (rc = pool_fill(nj)) != PHI_OK)
		return rc;
	if (pl->fill == NULL) /* cannot be: pool_fill() found one */
		return phi_err_set(&nj->err, PHI_ESOFTWARE, "no free block");
	mark[0] = pl->fill->in.len + n;
	mark[1] = nj->st.bytes;
	if (buf_append(&pl->fill->in, p, n) != 0 ||
	    buf_append(&pl->fill->marks, mark, sizeof(mark)) != 0)
		return phi_err_set(&nj->err, PHI_ESOFTWARE, "out of memory");
	for (q = memchr(p, '\n', n); q != NULL;
	     q = memchr(q + 1, '\n', (size_t)(end - q - 1)))
		k++;
	if (n > 0 && end[-1] != '\n')
		k++;
	pl->lineno += k;
	pl->lines += k;
	if (pl->fill->in.len >= nj->o.block)
		pool_hand(pl);
	return PHI_OK;
}

/* Whole lines p[0..n) for the workers, cut into blocks: a block ends at
 * the first line end at or past opts.block bytes, so that what a read
 * brings (up to its buffer's size) is shared out, and a block holds at
 * most block bytes and one line. */
static int
pool_put(struct ndjson *nj, const char *p, size_t n)
{
	struct ndjson_pool *pl = nj->pool;
	const char *nl;
	size_t room, part;
	int rc = PHI_OK;

	while (rc == PHI_OK && n > 0) {
		if (pl->failed != PHI_OK)
			return pl->failed;
		room = pl->fill == NULL ? nj->o.block
		    : nj->o.block > pl->fill->in.len
		    ? nj->o.block - pl->fill->in.len
		    : 1;
		part = n;
		if (room < n &&
		    (nl = memchr(p + room - 1, '\n', n - (room - 1))) != NULL)
			part = (size_t)(nl - p) + 1;
		rc = pool_put_part(nj, p, part);
		p += part;
		n -= part;
	}
	return rc;
}

/* Every block handed out written; 0 or the status that stopped the
 * run. */
static int
ndjson_pool_drain(struct ndjson *nj)
{
	struct ndjson_pool *p = nj->pool;

	if (p == NULL || !p->running)
		return PHI_OK;
	pool_hand(p);
	while (p->next_out < p->next_seq)
		pool_take(nj);
	p->lineno = nj->lineno;
	p->lines = nj->st.lines;
	return p->failed;
}

/* A line longer than --max-line that is not whole in the read buffer:
 * done on this thread, after every block before it. */
static int
pool_overlong(struct ndjson *nj, size_t n, int first, int nl)
{
	int rc = first ? ndjson_pool_drain(nj) : PHI_OK;

	if (rc == PHI_OK)
		rc = overlong(nj, nj->rb + nj->rpos, n, first, nl);
	nj->pool->lineno = nj->lineno;
	nj->pool->lines = nj->st.lines;
	return rc;
}

/* The whole lines in the read buffer go to the workers (the end of an
 * overlong line being skipped, here). */
static int
pool_lines(struct ndjson *nj, int *skipping)
{
	const char *from = nj->rb + nj->rpos, *nl;
	size_t n = nj->rlen - nj->rpos;
	int rc;

	if (*skipping) {
		if ((nl = memchr(from, '\n', n)) == NULL)
			return PHI_OK;
		*skipping = 0;
		rc = pool_overlong(nj, (size_t)(nl - from), 0, 1);
		nj->rpos += (size_t)(nl - from) + 1;
		if (rc != PHI_OK)
			return rc;
		from = nj->rb + nj->rpos;
		n = nj->rlen - nj->rpos;
	}
	while (n > 0 && from[n - 1] != '\n')
		n--;
	if (n == 0)
		return PHI_OK;
	nj->rpos += n;
	return pool_put(nj, from, n);
}

/* run_lines() with the lines handed to the workers. */
static int
pool_read(struct ndjson *nj, int fd)
{
	int eof = 0, skipping = 0, rc = PHI_OK;

	while (rc == PHI_OK) {
		if ((rc = pool_lines(nj, &skipping)) != PHI_OK)
			break;
		if (eof) {
			if (nj->rpos < nj->rlen && skipping)
				rc = pool_overlong(
				    nj, nj->rlen - nj->rpos, 0, 0);
			else if (nj->rpos < nj->rlen)
				rc = pool_put(
				    nj, nj->rb + nj->rpos, nj->rlen - nj->rpos);
			break;
		}
		if (nj->rlen - nj->rpos > nj->o.max_line) {
			rc = pool_overlong(
			    nj, nj->rlen - nj->rpos, !skipping, 0);
			skipping = 1;
			nj->rpos = nj->rlen;
		}
		if (rc == PHI_OK)
			rc = wait_input(nj, fd);
		if (rc == PHI_OK)
			rc = read_more(nj, fd, &eof);
	}
	return rc;
}

/* A slot with its own ndjson and handler context. */
static int
slot_make(struct ndjson *nj, struct ndjson_slot *s, struct phi_err *e)
{
	struct ndjson_opts o = nj->o;
	struct ndjson_handler h = nj->h;
	int rc;

	o.out_fd = o.stop_fd = -1;
	o.progress = NULL;
	o.stop = NULL;
	o.jobs = 1;
	h.rejected = NULL;
	h.worker_new = NULL;
	if ((h.ctx = nj->h.worker_new(nj->h.ctx, e)) == NULL)
		return e->code != PHI_OK ? e->code : PHI_ESOFTWARE;
	if ((rc = ndjson_make(&s->w, &o, &h, 1, e)) != PHI_OK) {
		nj->h.worker_free(h.ctx);
		return rc;
	}
	/* the block and the handler's output of it (at most a block and a
	 * line; phi-encrypt's 2.6 times that on the bench events), each
	 * allocated once: grown by doubling they were copied and faulted in
	 * two or three times over (phi-encrypt -j 2: 10 388 page faults, 815
	 * at -j 1).  Pages not written are not touched (buf_presize). */
	if (buf_presize(&s->in, 2 * o.block) != 0 ||
	    buf_presize(&s->w->out, 3 * o.block) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

static void
ndjson_pool_free(struct ndjson_pool *p)
{
	struct ndjson *w;
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nslot; i++) {
		w = p->slot[i].w;
		if (w != NULL && w->h.worker_free != NULL)
			w->h.worker_free(w->h.ctx);
		ndjson_free(w);
		buf_free(&p->slot[i].in, 1);
		buf_free(&p->slot[i].marks, 0);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	free(p->slot);
	free(p->th);
	free(p);
}

/* The pool (once a run: its slots stay for the next files). */
static int
pool_new(struct ndjson *nj, struct phi_err *e)
{
	struct ndjson_pool *p = calloc(1, sizeof(*p));
	size_t i, jobs = (size_t)nj->o.jobs;
	int rc = PHI_OK;

	if (jobs > NDJSON_MAX_JOBS)
		jobs = NDJSON_MAX_JOBS;
	if (p == NULL || pthread_mutex_init(&p->mu, NULL) != 0) {
		free(p);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	nj->pool = p;
	p->nslot = 2 * jobs;
	p->slot = calloc(p->nslot, sizeof(*p->slot));
	p->th = calloc(jobs, sizeof(*p->th));
	if (p->slot == NULL || p->th == NULL) {
		p->nslot = 0;
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	for (i = 0; i < p->nslot && rc == PHI_OK; i++)
		rc = slot_make(nj, &p->slot[i], e);
	return rc;
}

/* The workers start (with the stop signals blocked: they go to the
 * thread that reads). */
static int
pool_start(struct ndjson *nj, struct phi_err *e)
{
	struct ndjson_pool *p = nj->pool;
	size_t jobs = p->nslot / 2;
	sigset_t mask, old;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGPIPE);
	sigaddset(&mask, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &mask, &old);
	p->quit = 0;
	for (p->nth = 0; p->nth < jobs; p->nth++)
		if (pthread_create(&p->th[p->nth], NULL, pool_main, p) != 0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (p->nth == 0)
		return phi_err_set(
		    e, PHI_ESOFTWARE, "cannot start worker threads");
	p->running = 1;
	p->failed = PHI_OK;
	p->next_seq = p->next_out = 0;
	p->lineno = 0;
	p->lines = nj->st.lines;
	return PHI_OK;
}

static void
pool_stop(struct ndjson_pool *p)
{
	size_t i;

	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	p->nth = 0;
	p->running = 0;
}

/* run_lines() on worker threads: a stop after the blocks before it are
 * written, the first block's stop in input order the run's. */
static int
ndjson_pool_run(struct ndjson *nj, int fd)
{
	int rc, r;

	if ((nj->pool == NULL && (rc = pool_new(nj, &nj->err)) != PHI_OK) ||
	    (rc = pool_start(nj, &nj->err)) != PHI_OK)
		return rc;
	rc = pool_read(nj, fd);
	r = ndjson_pool_drain(nj);
	pool_stop(nj->pool);
	if (r != PHI_OK)
		return r;
	if (rc == PHI_ESTOP)
		return stop_here(nj);
	return rc;
}
