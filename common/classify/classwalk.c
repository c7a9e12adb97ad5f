/*
 * classwalk.c - the classifying ndjson handler and the per-path report
 * (see classwalk.h).  Paths are a tree of nodes, one per distinct path,
 * found by a hash on (parent node, key); the node of each depth is kept
 * on a stack as the core walks down, so a value costs one hash look-up,
 * and the node points to the key-name result of its nearest key (shared
 * by all nodes with the same result).  Nodes live in 64 KB chunks, and
 * their number and path text are bounded by max_paths: past it a value
 * collapses into its parent's `*` node or the parent (walk_overflow),
 * and so does everything below it in that event (w->sink).
 *
 * With worker threads (ndjson.h jobs), each worker's walk keeps the
 * nodes of its block alone, in the order made, and for each event the
 * nodes it counted (the trace).  The merge, in input order, finds or
 * makes each of them in the run's walk in that order, where one thread
 * would have met them first, so that the bound collapses the same
 * values; the trace then counts events as one thread would.  A block
 * whose own nodes did not fit the bound is done again (NDJSON_REDO):
 * what collapsed in it depends on the run's nodes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "classmask.h"
#include "classwalk.h"
#include "vkind.h"

struct pnode {
	struct pnode *parent, *next; /* next: in the hash chain */
	struct pnode *first_child;   /* shape hints: the child seen first */
	struct pnode *next_sib;      /* and the one seen after this one */
	const struct class_key *k;   /* of the nearest enclosing object key
	                                (shared), or NULL: look it up */
	uint64_t hash;
	uint64_t events, last_event;
	uint64_t collapsed; /* values below it that have no node of their own */
	size_t depth, plen; /* plen: about the length of the path's text */
	struct class_result res;
	uint64_t *in_text; /* identifiers inside free text, by kind
	                      (VK_COUNT counts), or NULL: none yet */
	vkind_set done[2]; /* value kinds that matched here already */
	/* a worker's (its block's): the fields counted here, the node of
	 * the merged walk they go to, and the node's place in w->order */
	uint64_t records;
	struct pnode *map;
	uint32_t id;
	unsigned char sunk;           /* map is where the path collapsed */
	unsigned char seen, is_index; /* is_index: an array element (`*`) */
	unsigned char masked; /* the keys that are PHI under the parent */
	size_t keylen;
	char key[];
};

/* Nodes and shared key results live in chunks freed all at once. */
struct chunk {
	struct chunk *prev;
	size_t used, cap;
	max_align_t mem[];
};

#define CHUNK_SIZE ((size_t)64 * 1024)
#define KPOOL_MAX 4096 /* distinct key results shared by the nodes */

struct kpool {
	const struct class_key **slot;
	size_t cap, n;
};

struct class_walk {
	const struct classifier *c;
	struct classifier *own_c; /* a worker's fork of c, or NULL */
	struct class_walk_opts o;
	struct pnode *root; /* the top-level object (depth 0) */
	struct pnode **tab;
	size_t tabcap, nnodes, maxdepth;
	size_t keep, cap;     /* nodes itemised while nnodes < keep, `*`
	                         nodes while nnodes < cap */
	size_t pkeep, pcap;   /* the same for the bytes of path text */
	size_t pbytes;        /* the sum of the nodes' plen */
	struct pnode **stack; /* the node of each depth */
	struct pnode **last;  /* the child last seen at each depth */
	size_t stackcap;
	size_t
	    sink; /* > 0: values deeper than this collapse into stack[sink] */
	uint64_t event; /* 1-based index of the current event */
	uint64_t collapsed;
	enum class_colour worst;
	struct chunk *chunks;
	struct kpool kp;
	int oom;
	/* --mask: the value being taken, its key and result */
	struct class_mask mask;
	struct class_key take_k;
	struct class_result take_r;
	struct spanlist spans; /* --report: the spans inside a text */
	/* a worker's walk (walk_worker_new): its nodes in the order made
	 * (their id), and the trace: the ids each event counted, each
	 * event ended by TRACE_EVENT; lossy: a value found no room */
	int worker, lossy;
	struct pnode **order;
	size_t ordcap;
	uint32_t *trace;
	size_t ntrace, tracecap;
};

#define TRACE_EVENT UINT32_MAX

static void *
arena_alloc(struct class_walk *w, size_t n)
{
	struct chunk *ch = w->chunks;
	size_t al = sizeof(max_align_t), cap;
	void *p;

	if (n > SIZE_MAX - al)
		return NULL;
	n = (n + al - 1) / al * al;
	if (ch == NULL || ch->cap - ch->used < n) {
		cap = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE - sizeof(*ch);
		if (cap > SIZE_MAX - sizeof(*ch) ||
		    (ch = malloc(sizeof(*ch) + cap)) == NULL)
			return NULL;
		ch->used = 0, ch->cap = cap;
		if (w->chunks != NULL && n > CHUNK_SIZE / 4) {
			/* a big one goes behind the chunk being filled */
			ch->prev = w->chunks->prev;
			w->chunks->prev = ch;
		} else {
			ch->prev = w->chunks;
			w->chunks = ch;
		}
	}
	p = (char *)ch->mem + ch->used;
	ch->used += n;
	memset(p, 0, n);
	return p;
}

/* The limits of struct class_walk_opts.max_paths (see classwalk.h). */
static void
walk_limits(struct class_walk *w, size_t max)
{
	w->keep = w->cap = w->pkeep = w->pcap = SIZE_MAX;
	if (max == 0)
		return;
	w->keep = max;
	if (max <= SIZE_MAX / 2)
		w->cap = max + (max / 8 > 0 ? max / 8 : 1);
	if (max <= SIZE_MAX / CLASS_WALK_PATH_BYTES / 2) {
		w->pkeep = max * CLASS_WALK_PATH_BYTES;
		w->pcap = w->pkeep + w->pkeep / 8;
	}
}

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
	walk_limits(w, o->max_paths);
	w->tabcap = 256;
	w->tab = calloc(w->tabcap, sizeof(*w->tab));
	w->root = arena_alloc(w, sizeof(*w->root));
	if (w->tab == NULL || w->root == NULL) {
		class_walk_free(w);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	*out = w;
	return PHI_OK;
}

void
class_walk_free(struct class_walk *w)
{
	struct chunk *ch, *prev;

	if (w == NULL)
		return;
	for (ch = w->chunks; ch != NULL; ch = prev) {
		prev = ch->prev;
		free(ch);
	}
	free(w->kp.slot);
	free(w->tab);
	free(w->stack);
	class_mask_free(&w->mask);
	spanlist_free(&w->spans);
	free(w->last);
	free(w->order);
	free(w->trace);
	classify_free(w->own_c);
	free(w);
}

enum class_colour
class_walk_worst(const struct class_walk *w)
{
	return w->worst;
}

uint64_t
class_walk_collapsed(const struct class_walk *w)
{
	return w->collapsed;
}

/* ---- key results shared by the nodes ---- */

static uint64_t
mix(uint64_t h, uint64_t x)
{
	return (h ^ x) * 0x100000001b3ULL;
}

static uint64_t
kres_hash(const struct class_key *k)
{
	uint64_t h = mix(1469598103934665603ULL, (uint64_t)k->fired.colour);
	size_t i;

	for (i = 0; i < CLASS_WORDS; i++)
		h = mix(
		    mix(mix(h, k->fired.matchers[i]), k->ctx[i]), k->run[i]);
	h = mix(mix(h, k->kinds[0]), k->kinds[1]);
	return h ^ (h >> 29);
}

static int
kres_eq(const struct class_key *a, const struct class_key *b)
{
	size_t i;

	if (a->fired.colour != b->fired.colour || a->kinds[0] != b->kinds[0] ||
	    a->kinds[1] != b->kinds[1])
		return 0;
	for (i = 0; i < CLASS_WORDS; i++)
		if (a->fired.matchers[i] != b->fired.matchers[i] ||
		    a->ctx[i] != b->ctx[i] || a->run[i] != b->run[i])
			return 0;
	return 1;
}

static int
kpool_grow(struct kpool *kp)
{
	size_t cap = kp->cap == 0 ? 64 : kp->cap * 2, i, j;
	const struct class_key **ns = calloc(cap, sizeof(*ns));

	if (ns == NULL)
		return -1;
	for (i = 0; i < kp->cap; i++) {
		if (kp->slot[i] == NULL)
			continue;
		for (j = kres_hash(kp->slot[i]) & (cap - 1); ns[j] != NULL;
		     j = (j + 1) & (cap - 1))
			;
		ns[j] = kp->slot[i];
	}
	free(kp->slot);
	kp->slot = ns, kp->cap = cap;
	return 0;
}

/* The shared copy of k; NULL when the pool is full or out of memory (the
 * node then looks its key up for each value). */
static const struct class_key *
kpool_get(struct class_walk *w, const struct class_key *k)
{
	struct kpool *kp = &w->kp;
	struct class_key *nk;
	size_t i;

	/* at most half full: a full pool is still searched */
	if ((kp->n + 1) * 2 > kp->cap && kp->n < KPOOL_MAX &&
	    kpool_grow(kp) != 0)
		return NULL;
	for (i = kres_hash(k) & (kp->cap - 1); kp->slot[i] != NULL;
	     i = (i + 1) & (kp->cap - 1))
		if (kres_eq(kp->slot[i], k))
			return kp->slot[i];
	if (kp->n >= KPOOL_MAX || (nk = arena_alloc(w, sizeof(*nk))) == NULL)
		return NULL;
	*nk = *k;
	kp->slot[i] = nk;
	kp->n++;
	return nk;
}

/* ---- the nodes ---- */

static uint64_t
node_hash(const struct pnode *parent, const struct path_seg *seg)
{
	uint64_t h = HASH_FNV1A_INIT ^ (uint64_t)(uintptr_t)parent;

	if (seg->key == NULL)
		return h * 0x9e3779b97f4a7c15ULL;
	h = hash_fnv1a(h, seg->key, seg->keylen);
	return h ^ (h >> 31);
}

static int
tab_grow(struct class_walk *w)
{
	size_t cap = w->tabcap * 2, i;
	struct pnode **nt, *n, *next;

	if (cap > SIZE_MAX / sizeof(*nt) ||
	    (nt = calloc(cap, sizeof(*nt))) == NULL)
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

/* About how long the path of a child of parent under seg is, as text. */
static size_t
node_plen(const struct pnode *parent, const struct path_seg *seg)
{
	size_t klen = seg->key != NULL ? seg->keylen : 1;

	if (klen > SIZE_MAX - 1 - parent->plen)
		return SIZE_MAX;
	return parent->plen + klen + 1;
}

/* A worker's node n takes the next place in w->order; -1 when out of
 * memory. */
static int
order_add(struct class_walk *w, struct pnode *n)
{
	struct pnode **no;
	size_t cap;

	if (w->nnodes >= w->ordcap) {
		cap = w->ordcap == 0 ? 256 : w->ordcap * 2;
		if (cap > SIZE_MAX / sizeof(*no) ||
		    (no = realloc(w->order, cap * sizeof(*no))) == NULL)
			return -1;
		w->order = no, w->ordcap = cap;
	}
	w->order[w->nnodes] = n;
	n->id = (uint32_t)w->nnodes;
	return 0;
}

/* A new node, or NULL when out of memory. */
static struct pnode *
node_new(struct class_walk *w, struct pnode *parent, const struct path_seg *seg,
    uint64_t h)
{
	size_t klen = seg->key != NULL ? seg->keylen : 0;
	struct class_key k;
	struct pnode *n;

	if (w->nnodes >= w->tabcap && tab_grow(w) != 0)
		return NULL;
	if (klen > SIZE_MAX - sizeof(*n) - 1 ||
	    (n = arena_alloc(w, sizeof(*n) + klen + 1)) == NULL)
		return NULL;
	if (w->worker && order_add(w, n) != 0)
		return NULL;
	n->parent = parent, n->hash = h;
	n->depth = parent->depth + 1;
	n->plen = node_plen(parent, seg);
	n->is_index = seg->key == NULL;
	n->masked = seg->key == path_mask;
	n->keylen = klen;
	if (klen > 0)
		memcpy(n->key, seg->key, klen);
	/* the keys that are PHI are judged by their own name, as when they
	 * collapse: not by the mask's, or -j N could differ from -j 1 */
	if (n->masked)
		n->k = NULL;
	else if (seg->key != NULL) {
		classify_key_name(w->c, seg->key, seg->keylen, &k);
		n->k = kpool_get(w, &k);
	} else
		n->k = parent->k; /* an element: the array's nearest key */
	n->next = w->tab[h & (w->tabcap - 1)];
	w->tab[h & (w->tabcap - 1)] = n;
	w->nnodes++;
	w->pbytes =
	    n->plen > SIZE_MAX - w->pbytes ? SIZE_MAX : w->pbytes + n->plen;
	if (n->depth > w->maxdepth)
		w->maxdepth = n->depth;
	return n;
}

static struct pnode *
node_find(const struct class_walk *w, const struct pnode *parent,
    const struct path_seg *seg, uint64_t h)
{
	struct pnode *n;

	for (n = w->tab[h & (w->tabcap - 1)]; n != NULL; n = n->next)
		if (n->hash == h && n->parent == parent &&
		    n->is_index == (seg->key == NULL) &&
		    n->masked == (seg->key == path_mask) &&
		    (seg->key == NULL ||
		        (n->keylen == seg->keylen &&
		            memcmp(n->key, seg->key, seg->keylen) == 0)))
			return n;
	return NULL;
}

/* May a node of path length plen be added, within nodes and bytes (and
 * a worker's, within the ids of its trace)? */
static int
node_room(const struct class_walk *w, size_t nodes, size_t bytes, size_t plen)
{
	if (w->worker && w->nnodes >= TRACE_EVENT)
		return 0;
	return w->nnodes < nodes && plen <= bytes && w->pbytes <= bytes - plen;
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
	return !n->is_index && !n->masked && n->keylen == seg->keylen &&
	    memcmp(n->key, seg->key, seg->keylen) == 0;
}

/* Where a path under parent that finds no room collapses: its parent's
 * `*` node (made while the `*` nodes' own room lasts), else the parent
 * itself.  NULL when out of memory. */
static struct pnode *
overflow_node(struct class_walk *w, struct pnode *parent)
{
	static const struct path_seg star = {NULL, 0, 0};
	uint64_t h = node_hash(parent, &star);
	struct pnode *n = node_find(w, parent, &star, h);

	if (n == NULL &&
	    (parent == w->root ||
	        node_room(w, w->cap, w->pcap, node_plen(parent, &star))))
		return node_new(w, parent, &star, h);
	return n != NULL ? n : parent;
}

/* Past the limits, a value at depth d whose path has no node collapses,
 * with everything below it, into overflow_node().  A worker's block is
 * then done again by the merge (lossy): where it collapses depends on
 * the run's nodes, which the worker does not have. */
static struct pnode *
walk_overflow(struct class_walk *w, struct pnode *parent, size_t d)
{
	struct pnode *n = parent;

	if (w->worker)
		w->lossy = 1;
	else if ((n = overflow_node(w, parent)) == NULL)
		return NULL;
	w->stack[d] = n;
	w->sink = d;
	return n;
}

/* The key of seg judged as a value would be (cleared for an index);
 * non-zero when the key must not be printed: it is PHI, or it has the
 * shape that path_format masks. */
static int
walk_key_masked(const struct class_walk *w, const struct path_seg *seg,
    struct class_result *kr)
{
	classify_result_clear(kr);
	if (seg->key == NULL)
		return 0;
	classify_key_text(w->c, seg->key, seg->keylen, kr);
	return kr->colour > CLASS_GREEN ||
	    path_key_masked(seg->key, seg->keylen);
}

/* A path not seen yet: the node of a new key, or, for a key that is PHI
 * (its result in *kr), the one node of such keys under parent (path
 * `["…"]`), so that a map keyed by email is one line of the report and
 * never prints a key.  *sunk: past the limits (walk_overflow). */
static struct pnode *
walk_new_node(struct class_walk *w, struct pnode *parent,
    const struct path_seg *seg, size_t d, struct class_result *kr, int *sunk)
{
	static const struct path_seg mask = {path_mask, PATH_MASK_LEN, 0};
	uint64_t h = node_hash(parent, seg);
	struct pnode *n;

	if (walk_key_masked(w, seg, kr)) {
		seg = &mask;
		h = node_hash(parent, seg);
		if ((n = node_find(w, parent, seg, h)) != NULL)
			return n;
	}
	if (!node_room(w, w->keep, w->pkeep, node_plen(parent, seg))) {
		*sunk = 1;
		return walk_overflow(w, parent, d);
	}
	return node_new(w, parent, seg, h);
}

/* The node of v's path; the stack holds the nodes of its ancestors.
 * Events repeat their shape, so the child that followed the previous
 * sibling last time is tried before the hash.  *sunk: v has no node of
 * its own and is counted in a collapsed one.  *kr: the result of v's key
 * when it is PHI (else cleared). */
static struct pnode *
walk_node(struct class_walk *w, const struct ndjson_value *v, int *sunk,
    struct class_result *kr)
{
	size_t d = v->depth;
	const struct path_seg *seg = &v->path[d - 1];
	struct pnode *parent, *guess, *n;

	classify_result_clear(kr);
	if ((*sunk = w->sink != 0 && d > w->sink))
		return w->stack[w->sink];
	w->sink = 0;
	if (d + 2 > w->stackcap && stack_grow(w, d + 2) != 0)
		return NULL;
	w->stack[0] = w->root;
	parent = w->stack[d - 1];
	w->last[d + 1] = NULL;
	guess = w->last[d] != NULL ? w->last[d]->next_sib : parent->first_child;
	if (node_is(guess, parent, seg))
		n = guess;
	else if ((n = node_find(w, parent, seg, node_hash(parent, seg))) ==
	    NULL) {
		n = walk_new_node(w, parent, seg, d, kr, sunk);
		if (n == NULL || *sunk)
			return n;
	}
	if (n != guess && w->last[d] != NULL)
		w->last[d]->next_sib = n;
	else if (n != guess)
		parent->first_child = n;
	w->last[d] = n;
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

/* A worker's trace gets x (a node's id or TRACE_EVENT); not once its
 * block is to be done again. */
static void
trace_add(struct class_walk *w, uint32_t x)
{
	uint32_t *nt;
	size_t cap;

	if (w->lossy)
		return;
	if (w->ntrace == w->tracecap) {
		cap = w->tracecap == 0 ? 1024 : w->tracecap * 2;
		if (cap > SIZE_MAX / sizeof(*nt) ||
		    (nt = realloc(w->trace, cap * sizeof(*nt))) == NULL) {
			w->oom = 1;
			return;
		}
		w->trace = nt, w->tracecap = cap;
	}
	w->trace[w->ntrace++] = x;
}

static void
node_record(struct class_walk *w, struct pnode *n, const struct class_result *r,
    int sunk)
{
	size_t i;

	for (i = 0; i < CLASS_WORDS; i++)
		n->res.matchers[i] |= r->matchers[i];
	if (r->colour > n->res.colour)
		n->res.colour = r->colour;
	if (n->last_event != w->event) {
		n->events++;
		n->last_event = w->event;
		if (w->worker)
			trace_add(w, n->id);
	}
	n->records++;
	n->seen = 1;
	if (sunk) {
		n->collapsed++;
		w->collapsed++;
	}
}

/* What --drop or --redact does with a field of result r whose key gave
 * kr: a key cannot be nulled, so a member whose key is PHI goes whole. */
static enum ndjson_action
walk_act(const struct class_walk *w, const struct class_result *r,
    const struct class_result *kr)
{
	if (w->o.act == CLASS_ACT_NONE || r->colour < w->o.act_min)
		return NDJSON_KEEP;
	if (w->o.act == CLASS_ACT_DROP || kr->colour >= w->o.act_min)
		return NDJSON_DROP;
	return NDJSON_TAKE; /* --redact, --mask */
}

/* The result of v: a container is a field when its own key name fires
 * (or its key is PHI), a leaf by its nearest key name and its value,
 * either with what its key gave (kr).  0: a container that is no field. */
static int
walk_result(struct class_walk *w, const struct ndjson_value *v, struct pnode *n,
    int sunk, const struct class_key *k, const struct class_result *kr,
    struct class_result *r)
{
	if (v->type == NDJSON_OBJECT || v->type == NDJSON_ARRAY) {
		if (v->path[v->depth - 1].key == NULL ||
		    (k->fired.colour == CLASS_GREEN &&
		        kr->colour == CLASS_GREEN))
			return 0;
		*r = k->fired;
	} else if (n != NULL && !sunk && w->o.act == CLASS_ACT_NONE)
		/* only the path's sum counts: skip kinds it has already */
		classify_value_skip(
		    w->c, k, n->done, v->type, v->str, v->len, r, n->done);
	else
		classify_value(w->c, k, v->type, v->str, v->len, r);
	classify_result_merge(r, kr);
	return 1;
}

/* The report counts, at n, each identifier (yellow or worse) found
 * inside the free text of string v under key k, by the kind --mask
 * would name it: spans that cover the whole string are not in text. */
static void
walk_in_text(struct class_walk *w, struct pnode *n, const struct class_key *k,
    const struct ndjson_value *v)
{
	size_t i;
	unsigned kind;

	if (!w->o.in_text || v->type != NDJSON_STRING ||
	    !classify_is_text(v->str, v->len))
		return;
	if (classify_spans(w->c, k, v->str, v->len, CLASS_YELLOW, &w->spans) !=
	    0) {
		w->oom = 1;
		return;
	}
	if (w->spans.n == 0 || spanlist_covers(&w->spans, v->str, v->len))
		return;
	if (n->in_text == NULL &&
	    (n->in_text = arena_alloc(w, VK_COUNT * sizeof(uint64_t))) ==
	        NULL) {
		w->oom = 1;
		return;
	}
	for (i = 0; i < w->spans.n; i++) {
		kind = w->spans.v[i].tags != 0
		    ? (unsigned)__builtin_ctzll(w->spans.v[i].tags)
		    : VK_NONE;
		n->in_text[kind < VK_COUNT ? kind : VK_NONE]++;
	}
}

static enum ndjson_action
walk_visit(void *ctx, const struct ndjson_value *v)
{
	struct class_walk *w = ctx;
	const struct class_key *k = NULL;
	struct class_key kbuf;
	struct class_result r, kr;
	struct pnode *n = NULL;
	const struct path_seg *key;
	int sunk = 0;

	if (w->o.scoped && !v->in_selected) /* outside --scope */
		return v->type >= NDJSON_OBJECT && !v->live ? NDJSON_SKIP
		                                            : NDJSON_KEEP;
	if (w->o.collect && (n = walk_node(w, v, &sunk, &kr)) == NULL) {
		w->oom = 1;
		return NDJSON_SKIP;
	}
	if (n != NULL && !sunk)
		k = n->k;
	else /* no node of its own: its key is judged here */
		(void)walk_key_masked(w, &v->path[v->depth - 1], &kr);
	if (k == NULL) { /* no node, a collapsed one, or no shared result */
		key = nearest_key(v);
		classify_key_name(w->c, key->key, key->keylen, &kbuf);
		k = &kbuf;
	}
	if (!walk_result(w, v, n, sunk, k, &kr, &r))
		return NDJSON_KEEP;
	if (n != NULL) {
		node_record(w, n, &r, sunk);
		walk_in_text(w, n, k, v);
	}
	if (r.colour > w->worst)
		w->worst = r.colour;
	if (w->o.act == CLASS_ACT_MASK)
		w->take_k = *k, w->take_r = r;
	return walk_act(w, &r, &kr);
}

static int
walk_take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	struct class_walk *w = ctx;

	if (w->o.act == CLASS_ACT_MASK)
		return class_mask_write(&w->mask, w->c, &w->take_k, &w->take_r,
		    w->o.act_min, v, out, e);
	if (buf_puts(out, "null") != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

static int
walk_line_done(void *ctx, struct phi_err *e)
{
	struct class_walk *w = ctx;

	if (w->worker && w->o.collect)
		trace_add(w, TRACE_EVENT);
	w->event++;
	w->sink = 0;
	if (w->stackcap > 1)
		w->last[1] = NULL;
	if (w->oom)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (w->o.stop_at && w->worst >= w->o.stop_min)
		return phi_err_set(e, PHI_EFAIL,
		    "a field of class %s or worse: stopped (--fail-fast)",
		    class_colour_name(w->o.stop_min));
	return PHI_OK;
}

/* ---- worker threads ---- */

/* A worker's walk (ndjson.h jobs): its own classifier key cache and
 * nodes, of one block at a time (walk_reset after each merge). */
static void *
walk_worker_new(void *ctx, struct phi_err *e)
{
	const struct class_walk *w = ctx;
	struct classifier *c = classify_fork(w->c);
	struct class_walk *ww = NULL;

	if (c == NULL) {
		phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		return NULL;
	}
	if (class_walk_new(&ww, c, &w->o, e) != PHI_OK || ww == NULL) {
		classify_free(c);
		return NULL;
	}
	ww->own_c = c;
	ww->worker = 1;
	return ww;
}

/* The node of the run's walk w that the worker's node n goes to, found
 * or made as one thread would have when it met n's path first (n's
 * parent is mapped already: nodes are made after their parent). */
static int
merge_map(struct class_walk *w, struct pnode *n)
{
	const struct pnode *p = n->parent;
	struct path_seg seg = {
	    .key = n->is_index ? NULL
	        : n->masked    ? path_mask
	                       : n->key,
	    .keylen = n->keylen,
	};
	uint64_t h;

	n->sunk = p->sunk;
	if (p->sunk) { /* everything below a collapsed value collapses */
		n->map = p->map;
		return 0;
	}
	h = node_hash(p->map, &seg);
	if ((n->map = node_find(w, p->map, &seg, h)) != NULL)
		return 0;
	if (node_room(w, w->keep, w->pkeep, node_plen(p->map, &seg)))
		n->map = node_new(w, p->map, &seg, h);
	else {
		n->map = overflow_node(w, p->map);
		n->sunk = 1;
	}
	return n->map != NULL ? 0 : -1;
}

/* Adds what the worker's node n counted to its node in w (events
 * excepted: merge_trace). */
static int
merge_counts(struct class_walk *w, const struct pnode *n)
{
	struct pnode *m = n->map;
	size_t i;

	for (i = 0; i < CLASS_WORDS; i++)
		m->res.matchers[i] |= n->res.matchers[i];
	if (n->res.colour > m->res.colour)
		m->res.colour = n->res.colour;
	m->seen |= n->seen;
	if (n->sunk) {
		m->collapsed += n->records;
		w->collapsed += n->records;
	}
	if (n->in_text == NULL)
		return 0;
	if (m->in_text == NULL &&
	    (m->in_text = arena_alloc(w, VK_COUNT * sizeof(uint64_t))) == NULL)
		return -1;
	for (i = 0; i < VK_COUNT; i++)
		m->in_text[i] += n->in_text[i];
	return 0;
}

/* The events of the block: a node of w counts each event once, however
 * many of the worker's nodes went to it. */
static void
merge_trace(struct class_walk *w, const struct class_walk *ww)
{
	struct pnode *m;
	size_t i;

	for (i = 0; i < ww->ntrace; i++) {
		if (ww->trace[i] == TRACE_EVENT) {
			w->event++;
			continue;
		}
		m = ww->order[ww->trace[i]]->map;
		if (m->last_event != w->event) {
			m->events++;
			m->last_event = w->event;
		}
	}
}

/* The worker's nodes in the order made, then its events. */
static int
merge_nodes(struct class_walk *w, struct class_walk *ww)
{
	size_t i;

	ww->root->map = w->root;
	ww->root->sunk = 0;
	for (i = 0; i < ww->nnodes; i++)
		if (merge_map(w, ww->order[i]) != 0 ||
		    merge_counts(w, ww->order[i]) != 0)
			return -1;
	merge_trace(w, ww);
	return 0;
}

/* Empties a worker's walk for its next block; -1 when out of memory. */
static int
walk_reset(struct class_walk *w)
{
	struct chunk *ch, *prev;

	for (ch = w->chunks; ch != NULL; ch = prev) {
		prev = ch->prev;
		free(ch);
	}
	w->chunks = NULL;
	memset(w->tab, 0, w->tabcap * sizeof(*w->tab));
	if (w->kp.slot != NULL)
		memset(w->kp.slot, 0, w->kp.cap * sizeof(*w->kp.slot));
	if (w->last != NULL)
		memset(w->last, 0, w->stackcap * sizeof(*w->last));
	w->kp.n = w->nnodes = w->maxdepth = w->pbytes = w->sink = 0;
	w->ntrace = 0;
	w->event = 1;
	w->collapsed = 0;
	w->worst = CLASS_GREEN;
	w->lossy = 0;
	w->root = arena_alloc(w, sizeof(*w->root));
	return w->root != NULL ? 0 : -1;
}

/* Folds the worker's block into w, in input order, and empties it; or,
 * when a value of the block found no room, has the block done again on
 * w (NDJSON_REDO), its worst colour too: --fail-fast must stop there at
 * the same line. */
static int
walk_worker_merge(void *ctx, void *wctx, struct phi_err *e)
{
	struct class_walk *w = ctx, *ww = wctx;
	int rc = PHI_OK;

	if (ww->oom)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else if (ww->o.collect && ww->lossy)
		rc = NDJSON_REDO;
	else if (ww->o.collect && merge_nodes(w, ww) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else if (ww->worst > w->worst)
		w->worst = ww->worst;
	if (walk_reset(ww) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return rc;
}

static void
walk_worker_free(void *wctx)
{
	class_walk_free(wctx);
}

void
class_walk_handler(struct class_walk *w, struct ndjson_handler *h)
{
	memset(h, 0, sizeof(*h));
	h->ctx = w;
	h->visit = walk_visit;
	h->take = walk_take;
	h->line_done = walk_line_done;
	h->worker_new = walk_worker_new;
	h->worker_merge = walk_worker_merge;
	h->worker_free = walk_worker_free;
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
		s->key = n->is_index ? NULL : n->masked ? path_mask : n->key;
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

/* The counts of identifiers inside text: ,"in_text":{"name":3,...} in
 * the order of the kinds (vkind.h). */
static void
json_in_text(const struct pnode *n, struct buf *out)
{
	const char *sep = ",\"in_text\":{";
	unsigned kind;

	if (n->in_text == NULL)
		return;
	for (kind = 0; kind < VK_COUNT; kind++)
		if (n->in_text[kind] > 0) {
			buf_printf(out, "%s\"%s\":%llu", sep,
			    kind == VK_NONE ? "phi"
			                    : vkind_name((enum vkind)kind),
			    (unsigned long long)n->in_text[kind]);
			sep = ",";
		}
	buf_putc(out, '}');
}

/* One line of the report, without its newline. */
static void
json_line(const struct class_walk *w, const struct pnode *n, const char *path,
    size_t plen, struct buf *out)
{
	size_t i;
	int first = 1;

	buf_puts(out, "{\"path\":");
	buf_json_string(out, path, plen);
	buf_printf(out, ",\"class\":\"%s\",\"matchers\":[",
	    class_colour_name(n->res.colour));
	for (i = 0; i < classify_rule_count(w->c); i++) {
		const char *name = classify_rule_name(w->c, i);
		if (!classify_result_has(&n->res, i))
			continue;
		if (!first)
			buf_putc(out, ',');
		buf_json_string(out, name, strlen(name));
		first = 0;
	}
	buf_printf(out, "],\"events\":%llu", (unsigned long long)n->events);
	if (n->collapsed > 0)
		buf_printf(out, ",\"collapsed\":%llu",
		    (unsigned long long)n->collapsed);
	json_in_text(n, out);
	buf_putc(out, '}');
}

/* The same as text: "traits.ssn: red (ssn), in 3 events". */
static void
text_line(const struct class_walk *w, const struct pnode *n, const char *path,
    size_t plen, struct buf *out)
{
	const char *sep = " (";
	size_t i;

	buf_append(out, path, plen);
	buf_printf(out, ": %s", class_colour_name(n->res.colour));
	for (i = 0; i < classify_rule_count(w->c); i++)
		if (classify_result_has(&n->res, i)) {
			buf_printf(
			    out, "%s%s", sep, classify_rule_name(w->c, i));
			sep = ", ";
		}
	buf_printf(out, "%s, in %llu event%s", *sep == ',' ? ")" : "",
	    (unsigned long long)n->events, n->events == 1 ? "" : "s");
	if (n->collapsed > 0)
		buf_printf(out, ", %llu value%s collapsed",
		    (unsigned long long)n->collapsed,
		    n->collapsed == 1 ? "" : "s");
}

int
class_walk_each(const struct class_walk *w, enum class_colour min,
    enum class_form form, class_walk_emit_fn *emit, void *ctx,
    struct phi_err *e)
{
	struct buf line = BUF_INIT;
	struct rlist l;
	size_t i;
	int rc = PHI_OK;

	if (rlist_build(w, min, &l) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	for (i = 0; rc == PHI_OK && i < l.n; i++) {
		const char *path = l.paths.p + l.it[i].off;
		line.len = 0;
		if (form == CLASS_FORM_TEXT)
			text_line(w, l.it[i].n, path, l.it[i].len, &line);
		else
			json_line(w, l.it[i].n, path, l.it[i].len, &line);
		if (line.err != 0)
			rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		else
			rc = emit(ctx, line.p, line.len, e);
	}
	buf_free(&line, 0);
	rlist_free(&l);
	return rc;
}

struct collect {
	struct buf *out;
	size_t n;
};

static int
collect_line(void *ctx, const char *line, size_t len, struct phi_err *e)
{
	struct collect *c = ctx;

	if (buf_append(c->out, line, len) != 0 || buf_putc(c->out, '\n') != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	c->n++;
	return PHI_OK;
}

int
class_walk_report(const struct class_walk *w, enum class_colour min,
    struct buf *out, struct phi_err *e)
{
	struct collect c = {.out = out, .n = 0};

	return class_walk_each(w, min, CLASS_FORM_JSON, collect_line, &c, e);
}

int
class_walk_paths(const struct class_walk *w, enum class_colour min,
    struct buf *out, size_t *n, struct phi_err *e)
{
	struct collect c = {.out = out, .n = 0};
	int rc = class_walk_each(w, min, CLASS_FORM_TEXT, collect_line, &c, e);

	*n = c.n;
	return rc;
}
