/* yajlmem.c - yajl's allocations checked; a JSON tree (see yajlmem.h). */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yajl_parse.h>

#include "yajlmem.h"

/* The header before each block: the list links and the size asked for,
 * padded to the strictest alignment so that the block keeps malloc's. */
union yajlmem_block {
	struct {
		union yajlmem_block *prev, *next;
		size_t size;
	} h;
	max_align_t align;
};

#define HDR sizeof(union yajlmem_block)

/* An allocation failed: to the innermost run, if there is one. */
static void *
fail(struct yajlmem *m)
{
	if (m->jump != NULL)
		longjmp(*m->jump, 1);
	errno = ENOMEM;
	return NULL;
}

/* May a block of old bytes become one of n? */
static int
room(const struct yajlmem *m, size_t old, size_t n)
{
	if (n > SIZE_MAX - HDR)
		return 0;
	return m->max_bytes == 0 ||
	    (n <= m->max_bytes && m->bytes - old <= m->max_bytes - n);
}

static void
block_link(struct yajlmem *m, union yajlmem_block *b, size_t n)
{
	b->h.size = n;
	b->h.prev = NULL;
	b->h.next = m->live;
	if (m->live != NULL)
		m->live->h.prev = b;
	m->live = b;
	m->bytes += n;
}

static void
block_unlink(struct yajlmem *m, union yajlmem_block *b)
{
	if (b->h.prev != NULL)
		b->h.prev->h.next = b->h.next;
	else
		m->live = b->h.next;
	if (b->h.next != NULL)
		b->h.next->h.prev = b->h.prev;
	m->bytes -= b->h.size;
}

void *
yajlmem_malloc(struct yajlmem *m, size_t n)
{
	union yajlmem_block *b;

	if (!room(m, 0, n) || (b = malloc(HDR + n)) == NULL)
		return fail(m);
	block_link(m, b, n);
	return b + 1;
}

/* realloc for wiped blocks: a new one, the old one wiped and freed
 * (both count against max_bytes for a moment). */
static void *
realloc_wiped(struct yajlmem *m, union yajlmem_block *b, size_t n)
{
	void *p;

	if ((p = yajlmem_malloc(m, n)) == NULL)
		return NULL;
	memcpy(p, b + 1, b->h.size < n ? b->h.size : n);
	yajlmem_free(m, b + 1);
	return p;
}

void *
yajlmem_realloc(struct yajlmem *m, void *p, size_t n)
{
	union yajlmem_block *b, *nb;

	if (p == NULL)
		return yajlmem_malloc(m, n);
	b = (union yajlmem_block *)p - 1;
	if (m->wipe)
		return realloc_wiped(m, b, n);
	if (!room(m, b->h.size, n) || (nb = realloc(b, HDR + n)) == NULL)
		return fail(m); /* the old block stays on the list */
	/* it may have moved: its neighbours point at it again */
	if (nb->h.prev != NULL)
		nb->h.prev->h.next = nb;
	else
		m->live = nb;
	if (nb->h.next != NULL)
		nb->h.next->h.prev = nb;
	m->bytes = m->bytes - nb->h.size + n;
	nb->h.size = n;
	return nb + 1;
}

void
yajlmem_free(struct yajlmem *m, void *p)
{
	union yajlmem_block *b;

	if (p == NULL)
		return;
	b = (union yajlmem_block *)p - 1;
	block_unlink(m, b);
	if (m->wipe)
		explicit_bzero(b + 1, b->h.size);
	free(b);
}

static void *
funcs_malloc(void *ctx, size_t n)
{
	return yajlmem_malloc(ctx, n);
}

static void *
funcs_realloc(void *ctx, void *p, size_t n)
{
	return yajlmem_realloc(ctx, p, n);
}

static void
funcs_free(void *ctx, void *p)
{
	yajlmem_free(ctx, p);
}

void
yajlmem_init(struct yajlmem *m)
{
	memset(m, 0, sizeof(*m));
	m->funcs.malloc = funcs_malloc;
	m->funcs.realloc = funcs_realloc;
	m->funcs.free = funcs_free;
	m->funcs.ctx = m;
}

void
yajlmem_release(struct yajlmem *m)
{
	union yajlmem_block *b, *next;

	for (b = m->live; b != NULL; b = next) {
		next = b->h.next;
		if (m->wipe)
			explicit_bzero(b + 1, b->h.size);
		free(b);
	}
	m->live = NULL;
	m->bytes = 0;
}

/* outer is set before setjmp and not changed after it, so it keeps its
 * value across the jump; rc is read only when fn returned. */
int
yajlmem_run(struct yajlmem *m, int (*fn)(void *arg), void *arg)
{
	jmp_buf *outer = m->jump;
	jmp_buf here;
	int rc;

	if (setjmp(here) != 0) {
		m->jump = outer;
		return YAJLMEM_OOM;
	}
	m->jump = &here;
	rc = fn(arg);
	m->jump = outer;
	return rc;
}

/* ---- the tree ---- */

struct tb_frame {
	yajl_val v; /* the object or array being filled */
	size_t cap; /* room in its arrays */
	char *key;  /* an object's key, waiting for its value */
};

struct tb {
	struct yajlmem *m;
	const char *s;
	size_t n;
	struct tb_frame *st;
	size_t depth, cap;
	yajl_val root;
	int failed; /* an allocation returned NULL (outside a run) */
};

static void *
tb_alloc(struct tb *t, void *old, size_t count, size_t size)
{
	void *p = NULL;

	if (count <= SIZE_MAX / size)
		p = yajlmem_realloc(t->m, old, count * size);
	else
		(void)fail(t->m);
	if (p == NULL)
		t->failed = 1;
	return p;
}

static yajl_val
tb_node(struct tb *t, yajl_type type, size_t extra)
{
	yajl_val v;

	if (extra > SIZE_MAX - sizeof(*v))
		extra = SIZE_MAX - sizeof(*v); /* fails */
	if ((v = tb_alloc(t, NULL, 1, sizeof(*v) + extra)) == NULL)
		return NULL;
	memset(v, 0, sizeof(*v));
	v->type = type;
	return v;
}

/* Room for one more member in the container of f. */
static int
tb_grow(struct tb *t, struct tb_frame *f)
{
	size_t cap = f->cap == 0 ? 4 : f->cap * 2;
	yajl_val c = f->v;
	void *k, *v;

	if (f->cap > SIZE_MAX / 2)
		cap = SIZE_MAX; /* fails */
	if (c->type == yajl_t_array) {
		v = tb_alloc(t, c->u.array.values, cap, sizeof(yajl_val));
		if (v == NULL)
			return -1;
		c->u.array.values = v;
	} else {
		k = tb_alloc(t, (void *)c->u.object.keys, cap, sizeof(char *));
		if (k == NULL)
			return -1;
		c->u.object.keys = k;
		v = tb_alloc(t, c->u.object.values, cap, sizeof(yajl_val));
		if (v == NULL)
			return -1;
		c->u.object.values = v;
	}
	f->cap = cap;
	return 0;
}

/* Puts v where it belongs: the root, an array's next element or the
 * value of the key just read.  1, or 0 (cancel) when out of memory. */
static int
tb_add(struct tb *t, yajl_val v)
{
	struct tb_frame *f;
	yajl_val c;
	size_t len;

	if (v == NULL)
		return 0;
	if (t->depth == 0) {
		t->root = v;
		return 1;
	}
	f = &t->st[t->depth - 1];
	c = f->v;
	len = c->type == yajl_t_array ? c->u.array.len : c->u.object.len;
	if (len == f->cap && tb_grow(t, f) != 0)
		return 0;
	if (c->type == yajl_t_array) {
		c->u.array.values[c->u.array.len++] = v;
	} else {
		c->u.object.keys[len] = f->key;
		c->u.object.values[c->u.object.len++] = v;
		f->key = NULL;
	}
	return 1;
}

static int
tb_open(struct tb *t, yajl_type type)
{
	yajl_val v = tb_node(t, type, 0);
	struct tb_frame *st;
	size_t cap;

	if (!tb_add(t, v))
		return 0;
	if (t->depth == t->cap) {
		cap = t->cap == 0 ? 16 : t->cap * 2;
		if ((st = tb_alloc(t, t->st, cap, sizeof(*st))) == NULL)
			return 0;
		t->st = st;
		t->cap = cap;
	}
	t->st[t->depth].v = v;
	t->st[t->depth].cap = 0;
	t->st[t->depth].key = NULL;
	t->depth++;
	return 1;
}

/* i and d, and their flags, from the spelling, as yajl_tree sets them. */
static void
tb_number_values(yajl_val v)
{
	const char *r = v->u.number.r, *p = r + (*r == '-');
	unsigned long long mag = 0, d;
	char *end;

	if (*p != '\0' && p[strspn(p, "0123456789")] == '\0') {
		for (; *p != '\0'; p++) {
			d = (unsigned long long)(*p - '0');
			if (mag > ((unsigned long long)LLONG_MAX - d) / 10)
				break;
			mag = mag * 10 + d;
		}
		if (*p == '\0') {
			v->u.number.i =
			    *r == '-' ? -(long long)mag : (long long)mag;
			v->u.number.flags |= YAJL_NUMBER_INT_VALID;
		}
	}
	errno = 0;
	v->u.number.d = strtod(r, &end);
	if (errno == 0 && *end == '\0')
		v->u.number.flags |= YAJL_NUMBER_DOUBLE_VALID;
}

static int
tb_number(void *ctx, const char *s, size_t n)
{
	struct tb *t = ctx;
	yajl_val v = tb_node(t, yajl_t_number, n + 1);

	if (v == NULL)
		return 0;
	v->u.number.r = (char *)(v + 1);
	memcpy(v->u.number.r, s, n);
	v->u.number.r[n] = '\0';
	tb_number_values(v);
	return tb_add(t, v);
}

static int
tb_string(void *ctx, const unsigned char *s, size_t n)
{
	struct tb *t = ctx;
	yajl_val v = tb_node(t, yajl_t_string, n + 1);

	if (v == NULL)
		return 0;
	v->u.string = (char *)(v + 1);
	memcpy(v->u.string, s, n);
	v->u.string[n] = '\0';
	return tb_add(t, v);
}

static int
tb_key(void *ctx, const unsigned char *s, size_t n)
{
	struct tb *t = ctx;
	char *k = tb_alloc(t, NULL, 1, n + 1);

	if (k == NULL)
		return 0;
	memcpy(k, s, n);
	k[n] = '\0';
	t->st[t->depth - 1].key = k;
	return 1;
}

static int
tb_null(void *ctx)
{
	return tb_add(ctx, tb_node(ctx, yajl_t_null, 0));
}

static int
tb_bool(void *ctx, int b)
{
	return tb_add(ctx, tb_node(ctx, b ? yajl_t_true : yajl_t_false, 0));
}

static int
tb_start_map(void *ctx)
{
	return tb_open(ctx, yajl_t_object);
}

static int
tb_start_array(void *ctx)
{
	return tb_open(ctx, yajl_t_array);
}

static int
tb_end(void *ctx)
{
	struct tb *t = ctx;

	t->depth--;
	return 1;
}

static const yajl_callbacks tb_callbacks = {
    tb_null,
    tb_bool,
    NULL,
    NULL,
    tb_number,
    tb_string,
    tb_start_map,
    tb_key,
    tb_end,
    tb_start_array,
    tb_end,
};

static int
tb_run(void *arg)
{
	struct tb *t = arg;
	yajl_handle h = yajl_alloc(&tb_callbacks, &t->m->funcs, t);
	int rc = YAJLMEM_TREE_BAD;

	if (h == NULL) {
		t->failed = 1;
		return rc;
	}
	if (yajl_parse(h, (const unsigned char *)t->s, t->n) == yajl_status_ok)
		rc = yajl_complete_parse(h) == yajl_status_ok
		    ? YAJLMEM_TREE_OK
		    : YAJLMEM_TREE_TORN;
	yajl_free(h);
	return rc;
}

int
yajlmem_tree_parse(struct yajlmem *m, const char *s, size_t n, yajl_val *root)
{
	struct tb t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.m = m;
	t.s = s;
	t.n = n;
	*root = NULL;
	rc = yajlmem_run(m, tb_run, &t);
	if (rc == YAJLMEM_OOM || t.failed)
		return YAJLMEM_OOM;
	yajlmem_free(m, t.st);
	if (rc == YAJLMEM_TREE_OK && t.root == NULL)
		rc = YAJLMEM_TREE_BAD;
	if (rc == YAJLMEM_TREE_OK)
		*root = t.root;
	return rc;
}
