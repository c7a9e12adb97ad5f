/*
 * valcache.c - the value verdict cache of valcache.h.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "hash.h"
#include "valcache.h"

struct vc_ent {
	unsigned char type, len;
	vkind_set want[2];
	uint64_t run[CLASS_WORDS], ctx[CLASS_WORDS]; /* of the key */
	struct valcache_verdict v;
	char val[VALCACHE_VAL_MAX];
};

/* The ways' hashes live apart from the ways (416 bytes each, 1.7 MB in
 * all): a lookup that misses, as one of every distinct value does,
 * reads 32 KiB of tags and no way at all.  Read in the ways, the
 * hash and used flag were the first two cache misses of every lookup,
 * half of phi-classify --report's time in valcache_get. */
struct valcache {
	struct vc_ent *ents; /* VALCACHE_SETS * 2, NULL until the first put */
	uint64_t *tag;       /* each way's query hash; 0: empty */
	unsigned char *hit;  /* each way: hit since it was put */
	int off, failed;
	uint64_t hits, misses;
};

struct valcache *
valcache_new(void)
{
	return calloc(1, sizeof(struct valcache));
}

void
valcache_wipe(struct valcache *vc)
{
	size_t w;

	if (vc == NULL || vc->ents == NULL)
		return;
	/* only the ways ever put: a tag is never 0 once put, and the
	 * pages of ways never put stay untouched */
	for (w = 0; w < VALCACHE_SETS * 2; w++)
		if (vc->tag[w] != 0) {
			OPENSSL_cleanse(&vc->ents[w], sizeof(vc->ents[w]));
			vc->tag[w] = 0;
			vc->hit[w] = 0;
		}
}

void
valcache_free(struct valcache *vc)
{
	if (vc == NULL)
		return;
	valcache_wipe(vc);
	free(vc->ents);
	free(vc->tag);
	free(vc->hit);
	free(vc);
}

void
valcache_off(struct valcache *vc, int off)
{
	if (vc != NULL)
		vc->off = off != 0;
}

static uint64_t
rotl64(uint64_t x, unsigned r)
{
	return (x << r) | (x >> ((64 - r) & 63));
}

/* The hash of everything a verdict is computed from.  The key's rule
 * sets and the kinds wanted are folded together with rotations and XOR
 * first, which run side by side, and then mixed in by two multiplies:
 * mixed in one word at a time they were a chain of eleven dependent
 * multiplies, 7% of phi-classify --report's cycles though 2% of its
 * instructions.  Entries are compared in full (ent_is), so a fold that
 * makes two queries hash alike costs a probe, never a wrong verdict. */
static uint64_t
query_hash(const struct valcache_query *q)
{
	uint64_t r = 0, x = q->want[0] ^ rotl64(q->want[1], 29);
	size_t i;

	for (i = 0; i < CLASS_WORDS; i++) {
		r ^= rotl64(q->k->run[i], (unsigned)(i * 16 + 1));
		x ^= rotl64(q->k->ctx[i], (unsigned)(i * 16 + 9));
	}
	x ^= (uint64_t)q->type << 56 | (uint64_t)q->len << 40;
	/* never 0, which marks an empty way */
	return hash_fold(
	           hash_mix_bytes(hash_mix64(hash_mix64(HASH_FNV1A_INIT, r), x),
	               q->val, q->len)) |
	    1;
}

/* Is e (whose tag is q's hash) q's entry? */
static int
ent_is(const struct vc_ent *e, const struct valcache_query *q)
{
	uint64_t d = 0;
	size_t i;

	if (e->len != q->len || e->type != (unsigned char)q->type ||
	    e->want[0] != q->want[0] || e->want[1] != q->want[1])
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
	size_t set, w;
	uint64_t h;

	q->hash = 0;
	if (!cacheable(vc, q) || vc->ents == NULL) {
		if (vc != NULL && !vc->off)
			vc->misses++;
		return 0;
	}
	h = q->hash = query_hash(q);
	set = (size_t)(h & (VALCACHE_SETS - 1)) * 2;
	for (w = set; w < set + 2; w++)
		if (vc->tag[w] == h && ent_is(&vc->ents[w], q)) {
			vc->hit[w] = 1;
			*out = vc->ents[w].v;
			vc->hits++;
			return 1;
		}
	vc->misses++;
	return 0;
}

/* The way of set to put a new verdict in: an empty one, else one not
 * hit since it was put (the second first: the first is the older),
 * else the first, and both start over as not hit. */
static size_t
victim(struct valcache *vc, size_t set)
{
	if (vc->tag[set] == 0)
		return set;
	if (vc->tag[set + 1] == 0 || !vc->hit[set + 1])
		return set + 1;
	if (!vc->hit[set])
		return set;
	vc->hit[set] = vc->hit[set + 1] = 0;
	/* the younger becomes the older */
	vc->ents[set] = vc->ents[set + 1];
	vc->tag[set] = vc->tag[set + 1];
	return set + 1;
}

/* The ways, at the first put; 0 or -1. */
static int
ways_make(struct valcache *vc)
{
	vc->ents = calloc(VALCACHE_SETS * 2, sizeof(*vc->ents));
	vc->tag = calloc(VALCACHE_SETS * 2, sizeof(*vc->tag));
	vc->hit = calloc(VALCACHE_SETS * 2, sizeof(*vc->hit));
	if (vc->ents != NULL && vc->tag != NULL && vc->hit != NULL)
		return 0;
	free(vc->ents);
	free(vc->tag);
	free(vc->hit);
	vc->ents = NULL;
	vc->tag = NULL;
	vc->hit = NULL;
	return -1;
}

void
valcache_put(struct valcache *vc, const struct valcache_query *q,
    const struct valcache_verdict *v)
{
	struct vc_ent *e;
	uint64_t h;
	size_t w;

	if (!cacheable(vc, q) || vc->failed)
		return;
	if (vc->ents == NULL && ways_make(vc) != 0) {
		vc->failed = 1; /* no cache: every value takes the slow path */
		return;
	}
	h = q->hash != 0 ? q->hash : query_hash(q);
	w = victim(vc, (size_t)(h & (VALCACHE_SETS - 1)) * 2);
	vc->tag[w] = h;
	vc->hit[w] = 0;
	e = &vc->ents[w]; /* field by field: val is written only to len */
	e->type = (unsigned char)q->type;
	e->len = (unsigned char)q->len;
	e->want[0] = q->want[0];
	e->want[1] = q->want[1];
	e->v = *v;
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
