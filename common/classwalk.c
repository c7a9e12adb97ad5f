/*
 * classwalk.c - the classifying ndjson handler and the per-path report
 * (see classwalk.h).  Paths are a tree of nodes, one per distinct path,
 * found by a hash on (parent node, key); the node of each depth is kept
 * on a stack as the core walks down, so a value costs one hash look-up,
 * and the node caches the key-name result of its nearest key.
 */
#include <stdlib.h>
#include <string.h>

#include "classwalk.h"

struct pnode {
	struct pnode *parent, *next; /* next: in the hash chain */
	struct pnode *first_child;   /* shape hints: the child seen first */
	struct pnode *next_sib;      /* and the one seen after this one */
	uint64_t hash;
	size_t depth;
	struct class_key k; /* of the nearest enclosing object key */
	struct class_result res;
	uint64_t events, last_event;
	uint32_t done[2];   /* value kinds that matched here already */
	int seen, is_index; /* is_index: an array element (`*`) */
	size_t keylen;
	char key[];
};

struct class_walk {
	const struct classifier *c;
	struct class_walk_opts o;
	struct pnode *root; /* the top-level object (depth 0) */
	struct pnode **tab;
	size_t tabcap, nnodes, maxdepth;
	struct pnode **stack; /* the node of each depth */
	struct pnode **last;  /* the child last seen at each depth */
	size_t stackcap;
	uint64_t event; /* 1-based index of the current event */
	enum class_colour worst;
	int oom;
};

int
class_walk_new(struct class_walk **out, const struct classifier *c,
    const struct class_walk_opts *o, struct phi_err *e)
{
	struct class_walk *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (w == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	w->c = c;
	w->o = *o;
	w->event = 1;
	w->tabcap = 256;
	w->tab = calloc(w->tabcap, sizeof(*w->tab));
	w->root = calloc(1, sizeof(*w->root));
	if (w->tab == NULL || w->root == NULL) {
		free(w->tab);
		free(w->root);
		free(w);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	*out = w;
	return PHI_OK;
}

void
class_walk_free(struct class_walk *w)
{
	struct pnode *n, *next;
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->tabcap; i++)
		for (n = w->tab[i]; n != NULL; n = next) {
			next = n->next;
			free(n);
		}
	free(w->tab);
	free(w->root);
	free(w->stack);
	free(w->last);
	free(w);
}

enum class_colour
class_walk_worst(const struct class_walk *w)
{
	return w->worst;
}

static uint64_t
node_hash(const struct pnode *parent, const struct path_seg *seg)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)parent;
	size_t i;

	if (seg->key == NULL)
		return h * 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < seg->keylen; i++)
		h = (h ^ (unsigned char)seg->key[i]) * 1099511628211ULL;
	return h ^ (h >> 31);
}

static int
tab_grow(struct class_walk *w)
{
	size_t cap = w->tabcap * 2, i;
	struct pnode **nt = calloc(cap, sizeof(*nt)), *n, *next;

	if (nt == NULL)
		return -1;
	for (i = 0; i < w->tabcap; i++)
		for (n = w->tab[i]; n != NULL; n = next) {
			next = n->next;
			n->next = nt[n->hash & (cap - 1)];
			nt[n->hash & (cap - 1)] = n;
		}
	free(w->tab);
	w->tab = nt, w->tabcap = cap;
	return 0;
}

static struct pnode *
node_new(struct class_walk *w, struct pnode *parent, const struct path_seg *seg,
    uint64_t h)
{
	size_t klen = seg->key != NULL ? seg->keylen : 0;
	struct pnode *n;

	if (w->nnodes >= w->tabcap && tab_grow(w) != 0)
		return NULL;
	if (klen > SIZE_MAX - sizeof(*n) - 1 ||
	    (n = calloc(1, sizeof(*n) + klen + 1)) == NULL)
		return NULL;
	n->parent = parent, n->hash = h;
	n->depth = parent->depth + 1;
	n->is_index = seg->key == NULL;
	n->keylen = klen;
	if (klen > 0)
		memcpy(n->key, seg->key, klen);
	if (seg->key != NULL)
		classifier_key(w->c, seg->key, seg->keylen, &n->k);
	else
		n->k = parent->k; /* an element: the array's nearest key */
	n->next = w->tab[h & (w->tabcap - 1)];
	w->tab[h & (w->tabcap - 1)] = n;
	w->nnodes++;
	if (n->depth > w->maxdepth)
		w->maxdepth = n->depth;
	return n;
}

static struct pnode *
node_get(struct class_walk *w, struct pnode *parent, const struct path_seg *seg)
{
	uint64_t h = node_hash(parent, seg);
	struct pnode *n;

	for (n = w->tab[h & (w->tabcap - 1)]; n != NULL; n = n->next)
		if (n->hash == h && n->parent == parent &&
		    n->is_index == (seg->key == NULL) &&
		    (seg->key == NULL ||
		        (n->keylen == seg->keylen &&
		            memcmp(n->key, seg->key, seg->keylen) == 0)))
			return n;
	return node_new(w, parent, seg, h);
}

static int
stack_grow(struct class_walk *w, size_t need)
{
	size_t cap = w->stackcap == 0 ? 64 : w->stackcap;
	struct pnode **ns, **nl;

	while (cap < need)
		cap *= 2;
	if ((ns = realloc(w->stack, cap * sizeof(*ns))) == NULL)
		return -1;
	w->stack = ns;
	if ((nl = realloc(w->last, cap * sizeof(*nl))) == NULL)
		return -1;
	memset(nl + w->stackcap, 0, (cap - w->stackcap) * sizeof(*nl));
	w->last = nl, w->stackcap = cap;
	return 0;
}

static int
node_is(const struct pnode *n, const struct pnode *parent,
    const struct path_seg *seg)
{
	if (n == NULL || n->parent != parent)
		return 0;
	if (seg->key == NULL)
		return n->is_index;
	return !n->is_index && n->keylen == seg->keylen &&
	    memcmp(n->key, seg->key, seg->keylen) == 0;
}

/* The node of v's path; the stack holds the nodes of its ancestors.
 * Events repeat their shape, so the child that followed the previous
 * sibling last time is tried before the hash. */
static struct pnode *
walk_node(struct class_walk *w, const struct ndjson_value *v)
{
	size_t d = v->depth;
	struct pnode *parent, *guess, *n;

	if (d + 2 > w->stackcap && stack_grow(w, d + 2) != 0)
		return NULL;
	w->stack[0] = w->root;
	parent = w->stack[d - 1];
	guess = w->last[d] != NULL ? w->last[d]->next_sib : parent->first_child;
	if (node_is(guess, parent, &v->path[d - 1]))
		n = guess;
	else if ((n = node_get(w, parent, &v->path[d - 1])) == NULL)
		return NULL;
	else if (w->last[d] != NULL)
		w->last[d]->next_sib = n;
	else
		parent->first_child = n;
	w->last[d] = n;
	w->last[d + 1] = NULL;
	w->stack[d] = n;
	return n;
}

/* The nearest enclosing object key of v (the top level is an object). */
static const struct path_seg *
nearest_key(const struct ndjson_value *v)
{
	size_t d = v->depth;

	while (d > 1 && v->path[d - 1].key == NULL)
		d--;
	return &v->path[d - 1];
}

static void
node_record(struct class_walk *w, struct pnode *n, const struct class_result *r)
{
	size_t i;

	for (i = 0; i < CLASS_WORDS; i++)
		n->res.matchers[i] |= r->matchers[i];
	if (r->colour > n->res.colour)
		n->res.colour = r->colour;
	if (n->last_event != w->event) {
		n->events++;
		n->last_event = w->event;
	}
	n->seen = 1;
}

static enum ndjson_action
walk_visit(void *ctx, const struct ndjson_value *v)
{
	struct class_walk *w = ctx;
	const struct class_key *k;
	struct class_key kbuf;
	struct class_result r;
	struct pnode *n = NULL;
	const struct path_seg *key;

	if (w->o.collect) {
		if ((n = walk_node(w, v)) == NULL) {
			w->oom = 1;
			return NDJSON_SKIP;
		}
		k = &n->k;
	} else {
		key = nearest_key(v);
		classifier_key(w->c, key->key, key->keylen, &kbuf);
		k = &kbuf;
	}
	if (v->type == NDJSON_OBJECT || v->type == NDJSON_ARRAY) {
		if (v->path[v->depth - 1].key == NULL ||
		    k->fired.colour == CLASS_GREEN)
			return NDJSON_KEEP;
		r = k->fired;
	} else if (n != NULL && w->o.act == CLASS_ACT_NONE)
		/* only the path's sum counts: skip kinds it has already */
		classify_value_skip(
		    w->c, k, n->done, v->type, v->str, v->len, &r, n->done);
	else
		classify_value(w->c, k, v->type, v->str, v->len, &r);
	if (n != NULL)
		node_record(w, n, &r);
	if (r.colour > w->worst)
		w->worst = r.colour;
	if (w->o.act == CLASS_ACT_NONE || r.colour < w->o.act_min)
		return NDJSON_KEEP;
	return w->o.act == CLASS_ACT_DROP ? NDJSON_DROP : NDJSON_TAKE;
}

static int
walk_take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	(void)ctx;
	(void)v;
	if (buf_puts(out, "null") != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

static int
walk_line_done(void *ctx, struct phi_err *e)
{
	struct class_walk *w = ctx;

	w->event++;
	if (w->stackcap > 1)
		w->last[1] = NULL;
	if (w->oom)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

void
class_walk_handler(struct class_walk *w, struct ndjson_handler *h)
{
	memset(h, 0, sizeof(*h));
	h->ctx = w;
	h->visit = walk_visit;
	h->take = walk_take;
	h->line_done = walk_line_done;
}

/* ---- the report ---- */

struct ritem {
	const struct pnode *n;
	size_t off, len; /* the formatted path in the paths buffer */
};

struct rlist {
	struct ritem *it;
	size_t n;
	struct buf paths;
};

static const char *sort_base;

static int
ritem_cmp(const void *a, const void *b)
{
	const struct ritem *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(sort_base + x->off, sort_base + y->off, n);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* Fills segs[0..depth-1] with the path of n. */
static void
path_of(const struct pnode *n, struct path_seg *segs)
{
	size_t d = n->depth;

	for (; n->parent != NULL; n = n->parent) {
		struct path_seg *s = &segs[--d];
		s->key = n->is_index ? NULL : n->key;
		s->keylen = n->keylen;
		s->index = 0;
	}
}

static void
rlist_free(struct rlist *l)
{
	free(l->it);
	buf_free(&l->paths, 0);
}

static int
rlist_build(const struct class_walk *w, enum class_colour min, struct rlist *l)
{
	struct path_seg *segs = calloc(w->maxdepth + 1, sizeof(*segs));
	const struct pnode *n;
	size_t i;

	memset(l, 0, sizeof(*l));
	if (segs == NULL ||
	    (l->it = calloc(w->nnodes + 1, sizeof(*l->it))) == NULL) {
		free(segs);
		return -1;
	}
	for (i = 0; i < w->tabcap; i++)
		for (n = w->tab[i]; n != NULL; n = n->next) {
			if (!n->seen || n->res.colour < min)
				continue;
			path_of(n, segs);
			l->it[l->n].n = n;
			l->it[l->n].off = l->paths.len;
			(void)path_format(&l->paths, segs, n->depth, 1);
			l->it[l->n].len = l->paths.len - l->it[l->n].off;
			l->n++;
		}
	free(segs);
	if (l->paths.err != 0)
		return -1;
	sort_base = l->paths.p;
	if (l->n > 0)
		qsort(l->it, l->n, sizeof(*l->it), ritem_cmp);
	return 0;
}

static void
report_line(const struct class_walk *w, const struct rlist *l,
    const struct ritem *it, struct buf *out)
{
	const struct pnode *n = it->n;
	size_t i;
	int first = 1;

	buf_puts(out, "{\"path\":");
	buf_json_string(out, l->paths.p + it->off, it->len);
	buf_printf(out, ",\"class\":\"%s\",\"matchers\":[",
	    class_colour_name(n->res.colour));
	for (i = 0; i < classifier_rule_count(w->c); i++) {
		const char *name = classifier_rule_name(w->c, i);
		if (!class_result_has(&n->res, i))
			continue;
		if (!first)
			buf_putc(out, ',');
		buf_json_string(out, name, strlen(name));
		first = 0;
	}
	buf_printf(out, "],\"events\":%llu}\n", (unsigned long long)n->events);
}

int
class_walk_report(const struct class_walk *w, enum class_colour min,
    struct buf *out, struct phi_err *e)
{
	struct rlist l;
	size_t i;
	int rc = PHI_OK;

	if (rlist_build(w, min, &l) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	for (i = 0; rc == PHI_OK && i < l.n; i++)
		report_line(w, &l, &l.it[i], out);
	if (rc == PHI_OK && out->err != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	rlist_free(&l);
	return rc;
}

int
class_walk_paths(const struct class_walk *w, enum class_colour min,
    struct buf *out, size_t *n, struct phi_err *e)
{
	struct rlist l;
	size_t i, j;
	int rc = PHI_OK;

	*n = 0;
	if (rlist_build(w, min, &l) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	for (i = 0; rc == PHI_OK && i < l.n; i++) {
		const struct pnode *p = l.it[i].n;
		const char *sep = " (";
		buf_printf(out, "%.*s: %s", (int)l.it[i].len,
		    l.paths.p + l.it[i].off, class_colour_name(p->res.colour));
		for (j = 0; j < classifier_rule_count(w->c); j++)
			if (class_result_has(&p->res, j)) {
				buf_printf(out, "%s%s", sep,
				    classifier_rule_name(w->c, j));
				sep = ", ";
			}
		buf_printf(out, "%s, in %llu event%s\n", *sep == ',' ? ")" : "",
		    (unsigned long long)p->events, p->events == 1 ? "" : "s");
	}
	*n = l.n;
	if (rc == PHI_OK && out->err != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	rlist_free(&l);
	return rc;
}
