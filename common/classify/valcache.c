/*
 * valcache.c - the value verdict cache of valcache.h.
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "valcache.h"

struct vc_ent {
	uint64_t hash;
	uint64_t run[CLASS_WORDS], ctx[CLASS_WORDS]; /* of the key */
	vkind_set want[2];
	struct valcache_verdict v;
	unsigned char used, hit, type, len;
	char val[VALCACHE_VAL_MAX];
};

struct valcache {
	struct vc_ent *ents; /* VALCACHE_SETS * 2, NULL until the first put */
	int off, failed;
	uint64_t hits, misses;
};

struct valcache *
valcache_new(void)
{
	return calloc(1, sizeof(struct valcache));
}

void
valcache_free(struct valcache *vc)
{
	if (vc == NULL)
		return;
	free(vc->ents);
	free(vc);
}

void
valcache_off(struct valcache *vc, int off)
{
	if (vc != NULL)
		vc->off = off != 0;
}

/* The hash of everything a verdict is computed from. */
static uint64_t
query_hash(const struct valcache_query *q)
{
	uint64_t h = HASH_FNV1A_INIT;
	size_t i;

	for (i = 0; i < CLASS_WORDS; i++)
		h = hash_mix64(hash_mix64(h, q->k->run[i]), q->k->ctx[i]);
	h = hash_mix64(hash_mix64(h, q->want[0]), q->want[1]);
	h = hash_mix64(h, (uint64_t)q->type << 8 | q->len);
	return hash_fold(hash_mix_bytes(h, q->val, q->len));
}

static int
ent_is(const struct vc_ent *e, uint64_t h, const struct valcache_query *q)
{
	uint64_t d = 0;
	size_t i;

	if (!e->used || e->hash != h || e->len != q->len ||
	    e->type != (unsigned char)q->type || e->want[0] != q->want[0] ||
	    e->want[1] != q->want[1])
		return 0;
	for (i = 0; i < CLASS_WORDS; i++)
		d |= (e->run[i] ^ q->k->run[i]) | (e->ctx[i] ^ q->k->ctx[i]);
	return d == 0 && memcmp(e->val, q->val, q->len) == 0;
}

static int
cacheable(const struct valcache *vc, const struct valcache_query *q)
{
	return vc != NULL && !vc->off && q->len <= VALCACHE_VAL_MAX;
}

int
valcache_get(
    struct valcache *vc, struct valcache_query *q, struct valcache_verdict *out)
{
	struct vc_ent *set;
	uint64_t h;
	int w;

	q->hash = 0;
	if (!cacheable(vc, q) || vc->ents == NULL) {
		if (vc != NULL && !vc->off)
			vc->misses++;
		return 0;
	}
	h = q->hash = query_hash(q);
	set = &vc->ents[(h & (VALCACHE_SETS - 1)) * 2];
	for (w = 0; w < 2; w++)
		if (ent_is(&set[w], h, q)) {
			set[w].hit = 1;
			*out = set[w].v;
			vc->hits++;
			return 1;
		}
	vc->misses++;
	return 0;
}

/* The way of set to put a new verdict in: an empty one, else one not
 * hit since it was put (the second first: the first is the older),
 * else the first, and both start over as not hit. */
static struct vc_ent *
victim(struct vc_ent *set)
{
	if (!set[0].used)
		return &set[0];
	if (!set[1].used || !set[1].hit)
		return &set[1];
	if (!set[0].hit)
		return &set[0];
	set[0].hit = set[1].hit = 0;
	set[0] = set[1]; /* the younger becomes the older */
	return &set[1];
}

void
valcache_put(struct valcache *vc, const struct valcache_query *q,
    const struct valcache_verdict *v)
{
	struct vc_ent *e;
	uint64_t h;

	if (!cacheable(vc, q) || vc->failed)
		return;
	if (vc->ents == NULL &&
	    (vc->ents = calloc(VALCACHE_SETS * 2, sizeof(*vc->ents))) == NULL) {
		vc->failed = 1; /* no cache: every value takes the slow path */
		return;
	}
	h = q->hash != 0 ? q->hash : query_hash(q);
	e = victim(&vc->ents[(h & (VALCACHE_SETS - 1)) * 2]);
	*e = (struct vc_ent){.hash = h,
	    .want = {q->want[0], q->want[1]},
	    .v = *v,
	    .used = 1,
	    .type = (unsigned char)q->type,
	    .len = (unsigned char)q->len};
	memcpy(e->run, q->k->run, sizeof(e->run));
	memcpy(e->ctx, q->k->ctx, sizeof(e->ctx));
	memcpy(e->val, q->val, q->len);
}

void
valcache_counts(const struct valcache *vc, uint64_t *hits, uint64_t *misses)
{
	*hits = vc != NULL ? vc->hits : 0;
	*misses = vc != NULL ? vc->misses : 0;
}
