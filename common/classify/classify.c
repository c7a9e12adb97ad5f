/*
 * classify.c - the compiled rules and the per-value classification (see
 * classify.h).  Key-name patterns are sorted into groups of equal
 * normalised names behind one open-addressing hash; raw key names are
 * cached in a second hash (keycache below) with their struct class_key;
 * the cache holds at most KEYCACHE_MAX names and starts afresh when full,
 * so input of ever new key names costs bounded memory (~1 MB).
 */
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "hash.h"
#include "keyname.h"
#include "names.h"
#include "spanlist.h"
#include "textmemo.h"
#include "textscan.h"
#include "token.h"
#include "valcache.h"

#define KEYCACHE_MAX 4096
#define KEYCACHE_KEY_MAX 256
#define DICE_MIN 0.7
#define FUZZY_MIN_LEN 4

struct kitem {
	const struct rule_pat *pat;
	uint16_t rule;
	unsigned char similar; /* the rule allows similar matching */
	unsigned char fuzzy;   /* ... and the pattern is long enough */
	unsigned char nbg;
	uint16_t bg[KEYNAME_MAX];
};

struct kgroup {
	const char *s;
	size_t len;
	uint32_t first, count;
};

struct kcache_ent {
	uint64_t hash;
	size_t off, len; /* key bytes in the arena */
	struct class_key k;
	struct class_result text; /* the key judged as a value, when */
	int text_ready;           /* classify_key_text() has been asked */
};

struct keycache {
	struct kcache_ent *ents; /* cap slots; len == SIZE_MAX: empty */
	size_t cap, n;
	struct buf arena;
	struct class_key empty; /* the key "" */
	int empty_ready;
};

struct classifier {
	struct ruleset *rs;
	struct kitem *items;
	size_t nitems;
	struct kgroup *groups;
	size_t ngroups;
	uint32_t *slots; /* group index + 1, or 0 */
	size_t nslots;
	uint64_t anywhere[CLASS_WORDS], quiet[CLASS_WORDS];
	uint64_t token[CLASS_WORDS], hasvalue[CLASS_WORDS];
	uint64_t unverified[CLASS_WORDS];       /* the rule token-unverified */
	uint64_t bykind[VK_COUNT][CLASS_WORDS]; /* the rules of each kind */
	uint8_t (*kids)[KEY_ID_LEN]; /* keys whose tokens are trusted */
	size_t nkids;
	struct keycache *cache;
	struct valcache *vcache; /* verdicts of values met before */
	vkind_set ctxable;       /* kinds of the rules with a value check */
	uint64_t *tails;        /* hashes of the patterns' ends (tails_build) */
	size_t ntails;          /* slots, a power of two */
	struct names *names;    /* the dictionaries of the rules' names lines */
	struct textmemo *tmemo; /* the findings of the last free text */
	int keep_text;          /* verdicts of free text from tmemo */
	int fork; /* classify_fork's: only its caches are its own */
};

static uint64_t
hash_bytes(const char *s, size_t n)
{
	return hash_fold(hash_fnv1a(HASH_FNV1A_INIT, s, n));
}

static void
bit_set(uint64_t *w, size_t i)
{
	w[i / 64] |= (uint64_t)1 << (i % 64);
}

static int
bit_get(const uint64_t *w, size_t i)
{
	return (int)(w[i / 64] >> (i % 64) & 1);
}

void
classify_result_clear(struct class_result *r)
{
	memset(r, 0, sizeof(*r));
}

void
classify_result_merge(struct class_result *dst, const struct class_result *src)
{
	size_t i;

	for (i = 0; i < CLASS_WORDS; i++)
		dst->matchers[i] |= src->matchers[i];
	if (src->colour > dst->colour)
		dst->colour = src->colour;
}

int
classify_result_has(const struct class_result *r, size_t idx)
{
	return idx < RULES_MAX && bit_get(r->matchers, idx);
}

static int
item_cmp(const void *a, const void *b)
{
	const struct kitem *x = a, *y = b;
	int c = strcmp(x->pat->s, y->pat->s);

	return c != 0 ? c : (x->rule > y->rule) - (x->rule < y->rule);
}

static int
items_build(struct classifier *c)
{
	const struct ruleset *rs = c->rs;
	size_t i, j, n = 0;

	for (i = 0; i < rs->n; i++)
		n += rs->rule[i].npats;
	if (n == 0)
		return 0;
	if ((c->items = calloc(n, sizeof(*c->items))) == NULL)
		return -1;
	for (i = 0; i < rs->n; i++)
		for (j = 0; j < rs->rule[i].npats; j++) {
			struct kitem *it = &c->items[c->nitems++];
			it->pat = &rs->rule[i].pats[j];
			it->rule = (uint16_t)i;
			it->similar = (unsigned char)rs->rule[i].similar;
			it->fuzzy =
			    it->similar && it->pat->len >= FUZZY_MIN_LEN;
			it->nbg = (unsigned char)keyname_bigrams(
			    it->pat->s, it->pat->len, it->bg);
		}
	qsort(c->items, n, sizeof(*c->items), item_cmp);
	return 0;
}

static const struct kgroup *
group_find(const struct classifier *c, const char *s, size_t n)
{
	size_t mask = c->nslots - 1, i;
	uint32_t g;

	if (c->nslots == 0)
		return NULL;
	for (i = hash_bytes(s, n) & mask; (g = c->slots[i]) != 0;
	     i = (i + 1) & mask) {
		const struct kgroup *kg = &c->groups[g - 1];
		if (kg->len == n && memcmp(kg->s, s, n) == 0)
			return kg;
	}
	return NULL;
}

static int
groups_build(struct classifier *c)
{
	size_t i, slot;

	if ((c->groups = calloc(c->nitems + 1, sizeof(*c->groups))) == NULL)
		return -1;
	for (i = 0; i < c->nitems; i++) {
		const struct rule_pat *p = c->items[i].pat;
		struct kgroup *g = &c->groups[c->ngroups];
		if (c->ngroups > 0 && strcmp(g[-1].s, p->s) == 0) {
			g[-1].count++;
			continue;
		}
		g->s = p->s, g->len = p->len;
		g->first = (uint32_t)i, g->count = 1;
		c->ngroups++;
	}
	for (c->nslots = 16; c->nslots < 2 * c->ngroups; c->nslots *= 2)
		;
	if ((c->slots = calloc(c->nslots, sizeof(*c->slots))) == NULL)
		return -1;
	for (i = 0; i < c->ngroups; i++) {
		slot = hash_bytes(c->groups[i].s, c->groups[i].len);
		while (c->slots[slot & (c->nslots - 1)] != 0)
			slot++;
		c->slots[slot & (c->nslots - 1)] = (uint32_t)i + 1;
	}
	return 0;
}

static void
rule_sets_build(struct classifier *c)
{
	size_t i;

	for (i = 0; i < c->rs->n; i++) {
		const struct rule *r = &c->rs->rule[i];
		if ((unsigned)r->kind < VK_COUNT)
			bit_set(c->bykind[r->kind], i);
		if (r->kind == VK_TOKEN)
			bit_set(c->token, i);
		else if (r->kind != VK_NONE) {
			bit_set(c->hasvalue, i);
			c->ctxable |= VK_BIT(r->kind);
			if (vkind_strict(r->kind))
				bit_set(c->anywhere, i);
		}
		if (!r->scan)
			bit_set(c->quiet, i);
	}
}

/* The set of the hashes of every end of 3 bytes or more of every
 * pattern (and of shorter patterns whole): a word of free text whose
 * hash is not in it ends no key name, so it names nothing as context. */
static void
tails_put(struct classifier *c, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n) | 1;
	size_t i;

	for (i = h & (c->ntails - 1); c->tails[i] != 0 && c->tails[i] != h;
	     i = (i + 1) & (c->ntails - 1))
		;
	c->tails[i] = h;
}

static int
tails_build(struct classifier *c)
{
	size_t i, k, n = 0, len;

	for (i = 0; i < c->nitems; i++)
		n += c->items[i].pat->len;
	for (c->ntails = 16; c->ntails < 2 * n + 2; c->ntails *= 2)
		;
	if ((c->tails = calloc(c->ntails, sizeof(*c->tails))) == NULL)
		return -1;
	for (i = 0; i < c->nitems; i++) {
		const struct rule_pat *p = c->items[i].pat;
		for (k = 0, len = p->len; k < len; k++)
			if (len - k >= 3 || k == 0)
				tails_put(c, p->s + k, len - k);
	}
	return 0;
}

static int
tails_has(const struct classifier *c, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n) | 1;
	size_t i;

	for (i = h & (c->ntails - 1); c->tails[i] != 0;
	     i = (i + 1) & (c->ntails - 1))
		if (c->tails[i] == h)
			return 1;
	return 0;
}

static struct keycache *
keycache_new(void)
{
	struct keycache *kc = calloc(1, sizeof(*kc));

	if (kc == NULL)
		return NULL;
	kc->cap = 1024;
	if ((kc->ents = malloc(kc->cap * sizeof(*kc->ents))) == NULL) {
		free(kc);
		return NULL;
	}
	memset(kc->ents, 0xff, kc->cap * sizeof(*kc->ents));
	return kc;
}

static void
keycache_free(struct keycache *kc)
{
	if (kc == NULL)
		return;
	free(kc->ents);
	buf_free(&kc->arena, 0);
	free(kc);
}

/* The rule of token-shaped values whose key the caller did not give:
 * built in (a rules file cannot define a rule that matches nothing),
 * yellow, after the rules of the files. */
static int
unverified_rule(struct classifier *c, struct phi_err *e)
{
	struct ruleset *rs = c->rs;
	int idx = ruleset_find(
	    rs, CLASS_TOKEN_UNVERIFIED, sizeof(CLASS_TOKEN_UNVERIFIED) - 1);

	if (idx < 0) {
		if (rs->n == RULES_MAX)
			return phi_err_set(e, PHI_EUSAGE,
			    "more than %d rules with %s", RULES_MAX,
			    CLASS_TOKEN_UNVERIFIED);
		idx = (int)rs->n++;
		rs->rule[idx] = (struct rule){.colour = CLASS_YELLOW,
		    .kind = VK_NONE,
		    .similar = 1,
		    .scan = 1};
		memcpy(rs->rule[idx].name, CLASS_TOKEN_UNVERIFIED,
		    sizeof(CLASS_TOKEN_UNVERIFIED));
	}
	bit_set(c->unverified, (size_t)idx);
	return PHI_OK;
}

void
classify_cache_values(struct classifier *c, int on)
{
	valcache_off(c->vcache, !on);
}

void
classify_keep_text(struct classifier *c, int on)
{
	c->keep_text = on != 0;
}

void
classify_text_counts(
    const struct classifier *c, uint64_t *kept, uint64_t *scanned)
{
	textmemo_counts(c->tmemo, kept, scanned);
}

void
classify_cache_counts(
    const struct classifier *c, uint64_t *hits, uint64_t *misses)
{
	valcache_counts(c->vcache, hits, misses);
}

int
classify_trust_kid(struct classifier *c, const uint8_t kid[KEY_ID_LEN])
{
	uint8_t(*k)[KEY_ID_LEN];

	if (c->nkids >= SIZE_MAX / sizeof(*k) - 1 ||
	    (k = realloc(c->kids, (c->nkids + 1) * sizeof(*k))) == NULL)
		return -1;
	memcpy(k[c->nkids++], kid, KEY_ID_LEN);
	c->kids = k;
	return 0;
}

/* Is s[0..n) a well-formed token of a key given to classify_trust_kid? */
static int
trusted_token(const struct classifier *c, const char *s, size_t n)
{
	uint8_t kid[KEY_ID_LEN];
	size_t i;

	if (!token_is_sealed(s, n) || token_kid(s, n, kid) != 0)
		return 0;
	for (i = 0; i < c->nkids; i++)
		if (memcmp(c->kids[i], kid, KEY_ID_LEN) == 0)
			return 1;
	return 0;
}

/* Loads the name dictionaries the rules name. */
static int
names_build(struct classifier *c, struct phi_err *e)
{
	size_t i;
	int rc = names_new(&c->names, e);

	for (i = 0; rc == PHI_OK && i < c->rs->nnames; i++)
		rc = names_load_file(c->names,
		    (enum names_list)c->rs->names[i].list, c->rs->names[i].path,
		    e);
	return rc;
}

int
classify_new(struct classifier **out, struct ruleset *rs, struct phi_err *e)
{
	struct classifier *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (c == NULL) {
		ruleset_free(rs);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	c->rs = rs;
	if ((rc = unverified_rule(c, e)) != PHI_OK) {
		classify_free(c);
		return rc;
	}
	if (items_build(c) != 0 || groups_build(c) != 0 ||
	    (c->cache = keycache_new()) == NULL ||
	    (c->vcache = valcache_new()) == NULL ||
	    (c->tmemo = textmemo_new()) == NULL || tails_build(c) != 0) {
		classify_free(c);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	rule_sets_build(c);
	if ((rc = names_build(c, e)) != PHI_OK) {
		classify_free(c);
		return rc;
	}
	*out = c;
	return PHI_OK;
}

struct classifier *
classify_fork(const struct classifier *c)
{
	struct classifier *f = malloc(sizeof(*f));

	if (f == NULL)
		return NULL;
	*f = *c;
	f->fork = 1;
	f->vcache = NULL;
	f->tmemo = NULL;
	if ((f->cache = keycache_new()) == NULL ||
	    (f->vcache = valcache_new()) == NULL ||
	    (f->tmemo = textmemo_new()) == NULL) {
		keycache_free(f->cache);
		valcache_free(f->vcache);
		free(f);
		return NULL;
	}
	return f;
}

void
classify_free(struct classifier *c)
{
	if (c == NULL)
		return;
	keycache_free(c->cache);
	valcache_free(c->vcache);
	textmemo_free(c->tmemo);
	if (c->fork) {
		free(c);
		return;
	}
	free(c->tails);
	names_free(c->names);
	free(c->kids);
	free(c->items);
	free(c->groups);
	free(c->slots);
	ruleset_free(c->rs);
	free(c);
}

size_t
classify_rule_count(const struct classifier *c)
{
	return c->rs->n;
}

const char *
classify_rule_name(const struct classifier *c, size_t idx)
{
	return idx < c->rs->n ? c->rs->rule[idx].name : NULL;
}

enum class_colour
classify_rule_colour(const struct classifier *c, size_t idx)
{
	return idx < c->rs->n ? c->rs->rule[idx].colour : CLASS_GREEN;
}

int
classify_list(const struct classifier *c, struct buf *out)
{
	size_t i;

	buf_printf(out, "# %zu rules, from", c->rs->n);
	for (i = 0; i < c->rs->nfiles; i++)
		buf_printf(out, " %s", c->rs->files[i]);
	buf_putc(out, '\n');
	if (ruleset_print(c->rs, out) != 0)
		return -1;
	return names_print(c->names, out);
}

/* ---- key names ---- */

/* The key being matched, with its bigrams computed on demand. */
struct kmatch {
	const struct classifier *c;
	struct class_key *out;
	uint16_t bg[KEYNAME_MAX];
	int nbg; /* -1: not computed yet */
	const char *bg_of;
	size_t bg_len;
};

static void
item_add(struct kmatch *m, const struct kitem *it)
{
	bit_set(m->out->ctx, it->rule);
	if (!it->pat->context)
		bit_set(m->out->fired.matchers, it->rule);
}

/* Exact matches of s[0..n) against patterns allowing mode (or any when
 * mode is PAT_WHOLE); only of rules allowing similar names if similar. */
static int
match_exact(struct kmatch *m, const char *s, size_t n, int mode, int similar)
{
	const struct kgroup *g = group_find(m->c, s, n);
	int hit = 0;
	size_t i;

	for (i = 0; g != NULL && i < g->count; i++) {
		const struct kitem *it = &m->c->items[g->first + i];
		if ((mode == PAT_WHOLE || it->pat->mode == mode) &&
		    (!similar || it->similar)) {
			item_add(m, it);
			hit = 1;
		}
	}
	return hit;
}

/* Is the key k the pattern p with one or two letters left out or added,
 * and not just its start ("count" is no "county")? */
static int
near_miss(const char *k, size_t kn, const char *p, size_t pn)
{
	const char *a = kn < pn ? k : p, *b = kn < pn ? p : k;
	size_t an = kn < pn ? kn : pn, bn = kn < pn ? pn : kn, i = 0, j;

	if (bn - an > 2 || bn == an || (kn < pn && memcmp(k, p, kn) == 0))
		return 0;
	for (j = 0; i < an && j < bn; j++)
		if (a[i] == b[j])
			i++;
	return i == an;
}

/* Fuzzy matches: Dice over bigrams above DICE_MIN, the same first and
 * last letters, and letters left out or added, not changed ("userid" is
 * no "userip", "list_name" no "last_name"). */
static int
match_fuzzy(struct kmatch *m, const char *s, size_t n, int mode)
{
	size_t i;
	int hit = 0;

	if (n < FUZZY_MIN_LEN)
		return 0;
	if (m->nbg < 0 || m->bg_of != s || m->bg_len != n) {
		m->nbg = (int)keyname_bigrams(s, n, m->bg);
		m->bg_of = s, m->bg_len = n;
	}
	for (i = 0; i < m->c->nitems; i++) {
		const struct kitem *it = &m->c->items[i];
		const struct rule_pat *p = it->pat;
		if (!it->fuzzy || p->s[0] != s[0] ||
		    p->s[p->len - 1] != s[n - 1] ||
		    (mode != PAT_WHOLE && p->mode != mode) ||
		    !near_miss(s, n, p->s, p->len))
			continue;
		if (keyname_dice_sorted(
		        m->bg, (size_t)m->nbg, it->bg, it->nbg) > DICE_MIN) {
			item_add(m, it);
			hit = 1;
		}
	}
	return hit;
}

/* s[0..n) exactly, then its singular, then fuzzily. */
static int
match_name(struct kmatch *m, const char *s, size_t n, int mode)
{
	char one[KEYNAME_MAX + 1];
	size_t k;

	if (match_exact(m, s, n, mode, 0))
		return 1;
	if ((k = keyname_singular(s, n, one)) > 0 &&
	    match_exact(m, one, k, mode, 1))
		return 1;
	return match_fuzzy(m, s, n, mode);
}

/* Whole name, then its trailing words, then its leading words. */
static int
key_match(struct kmatch *m, const struct keyname *k)
{
	size_t w;

	if (match_name(m, k->s, k->len, PAT_WHOLE))
		return 1;
	for (w = 1; w < k->nwords; w++)
		if (match_name(
		        m, k->s + k->word[w], k->len - k->word[w], PAT_SUFFIX))
			return 1;
	for (w = k->nwords; w-- > 1;)
		if (match_exact(m, k->s, k->word[w], PAT_PREFIX, 0))
			return 1;
	return 0;
}

/* Drops trailing digits ("address2" -> "address"); 0 if none. */
static int
key_strip_digits(struct keyname *k)
{
	size_t n = k->len;

	while (n > 0 && k->s[n - 1] >= '0' && k->s[n - 1] <= '9')
		n--;
	if (n == k->len || n == 0)
		return 0;
	k->len = n;
	k->s[n] = '\0';
	while (k->nwords > 1 && k->word[k->nwords - 1] >= n)
		k->nwords--;
	return 1;
}

static void
key_compute(const struct classifier *c, const char *key, size_t n,
    struct class_key *out)
{
	struct kmatch m;
	struct keyname k;
	size_t i;
	int quiet = 0;

	memset(out, 0, sizeof(*out));
	m.c = c, m.out = out, m.nbg = -1;
	if (keyname_norm(key, n, &k) == 0 && !key_match(&m, &k) &&
	    key_strip_digits(&k))
		key_match(&m, &k);
	for (i = 0; i < c->rs->n; i++) {
		if (!bit_get(out->ctx, i))
			continue;
		if (bit_get(out->fired.matchers, i) &&
		    c->rs->rule[i].colour > out->fired.colour)
			out->fired.colour = c->rs->rule[i].colour;
		quiet |= bit_get(c->quiet, i);
	}
	for (i = 0; i < CLASS_WORDS; i++)
		out->run[i] = ((quiet ? 0 : c->anywhere[i]) | out->ctx[i]) &
		    c->hasvalue[i] & ~out->fired.matchers[i];
	for (i = 0; i < c->rs->n; i++)
		if (bit_get(out->run, i))
			out->kinds[bit_get(out->ctx, i)] |=
			    VK_BIT(c->rs->rule[i].kind);
}

/* ---- the key cache ---- */

static int
keycache_grow(struct keycache *kc)
{
	size_t cap = kc->cap * 2, i, j;
	struct kcache_ent *ne = malloc(cap * sizeof(*ne));

	if (ne == NULL)
		return -1;
	memset(ne, 0xff, cap * sizeof(*ne));
	for (i = 0; i < kc->cap; i++) {
		if (kc->ents[i].len == SIZE_MAX)
			continue;
		for (j = kc->ents[i].hash & (cap - 1); ne[j].len != SIZE_MAX;
		     j = (j + 1) & (cap - 1))
			;
		ne[j] = kc->ents[i];
	}
	free(kc->ents);
	kc->ents = ne, kc->cap = cap;
	return 0;
}

static void
keycache_put(struct keycache *kc, uint64_t h, const char *key, size_t n,
    const struct class_key *k)
{
	size_t i;

	if (n > KEYCACHE_KEY_MAX)
		return;
	if (kc->n >= KEYCACHE_MAX) { /* full of one-off names: start again */
		memset(kc->ents, 0xff, kc->cap * sizeof(*kc->ents));
		kc->n = 0, kc->arena.len = 0;
	}
	if (((kc->n + 1) * 2 > kc->cap && keycache_grow(kc) != 0) ||
	    buf_append(&kc->arena, key, n) != 0)
		return;
	for (i = h & (kc->cap - 1); kc->ents[i].len != SIZE_MAX;
	     i = (i + 1) & (kc->cap - 1))
		;
	kc->ents[i].hash = h;
	kc->ents[i].off = kc->arena.len - n;
	kc->ents[i].len = n;
	kc->ents[i].k = *k;
	kc->ents[i].text_ready = 0;
	kc->n++;
}

/* The entry of key in kc, or NULL. */
static struct kcache_ent *
keycache_find(struct keycache *kc, uint64_t h, const char *key, size_t keylen)
{
	size_t i, mask = kc->cap - 1;
	struct kcache_ent *e;

	for (i = h & mask; (e = &kc->ents[i])->len != SIZE_MAX;
	     i = (i + 1) & mask)
		if (e->hash == h && e->len == keylen &&
		    memcmp(kc->arena.p + e->off, key, keylen) == 0)
			return e;
	return NULL;
}

/* Looks key up in the cache kc, computing and adding it if absent. */
static void
keycache_lookup(const struct classifier *c, struct keycache *kc,
    const char *key, size_t keylen, struct class_key *out)
{
	uint64_t h = hash_bytes(key, keylen);
	const struct kcache_ent *e;

	if (keylen == 0) { /* "" (no key at all): not in the arena */
		if (!kc->empty_ready) {
			key_compute(c, "", 0, &kc->empty);
			kc->empty_ready = 1;
		}
		*out = kc->empty;
		return;
	}
	if ((e = keycache_find(kc, h, key, keylen)) != NULL) {
		*out = e->k;
		return;
	}
	key_compute(c, key, keylen, out);
	keycache_put(kc, h, key, keylen, out);
}

void
classify_key_name(const struct classifier *c, const char *key, size_t keylen,
    struct class_key *out)
{
	keycache_lookup(c, c->cache, key, keylen, out);
}

void
classify_key(const struct classifier *c, const char *key, size_t keylen,
    struct class_result *r)
{
	struct class_key k;

	classify_key_name(c, key, keylen, &k);
	*r = k.fired;
}

/* ---- values ---- */

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

static void
add_rules(
    const struct classifier *c, const uint64_t *bits, struct class_result *r)
{
	size_t w, i;
	uint64_t b;

	for (w = 0; w < CLASS_WORDS; w++)
		for (b = bits[w]; b != 0; b &= b - 1) {
			i = w * 64 + (size_t)__builtin_ctzll(b);
			bit_set(r->matchers, i);
			if (c->rs->rule[i].colour > r->colour)
				r->colour = c->rs->rule[i].colour;
		}
}

/* The rules of kind checked with context ctx that a value matched. */
static void
kind_hits(const struct classifier *c, const struct class_key *k, unsigned kind,
    int ctx, uint64_t *hits)
{
	size_t w;

	if (kind >= VK_COUNT)
		return;
	for (w = 0; w < CLASS_WORDS; w++)
		hits[w] |= k->run[w] & c->bykind[kind][w] &
		    (ctx ? k->ctx[w] : ~k->ctx[w]);
}

/* A boolean is no identifier: only rules without a value check fire. */
static void
classify_bool(const struct classifier *c, const struct class_key *k,
    struct class_result *r)
{
	uint64_t hits[CLASS_WORDS];
	size_t w;

	for (w = 0; w < CLASS_WORDS; w++)
		hits[w] = k->fired.matchers[w] & ~c->hasvalue[w];
	classify_result_clear(r);
	add_rules(c, hits, r);
}

/* Values that need no value check: booleans, nothing, tokens.  Sets
 * *r (to the key's result when it returns 0). */
static int
classify_plain(const struct classifier *c, const struct class_key *k,
    enum ndjson_type type, const char *val, size_t vallen,
    struct class_result *r)
{
	*r = k->fired;
	if (type == NDJSON_TRUE || type == NDJSON_FALSE) {
		classify_bool(c, k, r);
		return 1;
	}
	if (type == NDJSON_NULL ||
	    (type == NDJSON_STRING && blank(val, vallen))) {
		classify_result_clear(r);
		return 1;
	}
	if (type == NDJSON_STRING && vallen > 6 && val[0] == 'p' &&
	    trusted_token(c, val, vallen)) {
		classify_result_clear(r);
		add_rules(c, c->token, r);
		return 1;
	}
	return 0;
}

/* ---- free text ---- */

/* Kinds looked for inside free text by textscan: all but tokens (a
 * token is a whole value) and names (names_text finds them, with the
 * dictionaries).  Ages are looked for only where the words before them
 * name them: under a key that names a kind, a value that is not one as a
 * whole is not searched for it in context form. */
#define TEXT_KINDS (~(VK_BIT(VK_NONE) | VK_BIT(VK_TOKEN) | VK_BIT(VK_NAME)))
#define TEXT_KEY_KINDS (TEXT_KINDS & ~VK_BIT(VK_AGE))

struct text_find {
	const struct classifier *c;
	const struct class_key *k;
	const char *s;
	vkind_set want_ctx;
	vkind_set found[2];
	uint64_t *hits;
};

/* The kinds of the rules with a value check whose names k matched. */
static vkind_set
key_ctx_kinds(const struct classifier *c, const struct class_key *k)
{
	vkind_set out = 0;
	size_t w, i;
	uint64_t b;

	for (w = 0; w < CLASS_WORDS; w++)
		for (b = k->ctx[w] & c->hasvalue[w]; b != 0; b &= b - 1) {
			i = w * 64 + (size_t)__builtin_ctzll(b);
			out |= VK_BIT(c->rs->rule[i].kind);
		}
	return out;
}

/* Exact matches only of the normalised k, whole or its trailing words
 * (and their singulars): prose is no place for fuzzy matching. */
static int
key_match_exact(struct kmatch *m, const struct keyname *k)
{
	char one[KEYNAME_MAX + 1];
	size_t w, n, len;
	const char *s;
	int mode;

	for (w = 0; w < k->nwords; w++) {
		s = k->s + k->word[w], len = k->len - k->word[w];
		mode = w == 0 ? PAT_WHOLE : PAT_SUFFIX;
		if (match_exact(m, s, len, mode, 0) ||
		    ((n = keyname_singular(s, len, one)) > 0 &&
		        match_exact(m, one, n, mode, 1)))
			return 1;
	}
	return 0;
}

/* The key-name matches of the context words p[0..n), or 0 when their
 * last word ends no pattern (most words of prose: one hash probe). */
static int
text_key(
    const struct classifier *c, const char *p, size_t n, struct class_key *wk)
{
	char low[KEYNAME_MAX];
	struct keyname k;
	struct kmatch m = {.c = c, .out = wk, .nbg = -1};
	size_t a = n, i;

	while (a > 0 && p[a - 1] != ' ')
		a--;
	if (n - a > sizeof(low) || n == a)
		return 0;
	for (i = a; i < n; i++)
		low[i - a] =
		    p[i] >= 'A' && p[i] <= 'Z' ? (char)(p[i] | 0x20) : p[i];
	if (!tails_has(c, low, n - a) || keyname_norm(p, n, &k) != 0)
		return 0;
	memset(wk, 0, sizeof(*wk));
	return key_match_exact(&m, &k);
}

/* The starts of the last 2-4 characters of a word of CJK characters
 * (3-byte UTF-8) p[0..n), longest first, into at: a run of Chinese or
 * Japanese holds its context word at its end ("患者张伟的电话").  How
 * many (0 when p is no such run of 3 or more characters). */
static size_t
cjk_suffixes(const char *p, size_t n, size_t at[3])
{
	size_t i, k = 0;

	if (n < 9 || n % 3 != 0)
		return 0;
	for (i = 0; i < n; i += 3)
		if ((unsigned char)p[i] < 0xe0 || (unsigned char)p[i] >= 0xf0)
			return 0;
	for (i = n > 12 ? n - 12 : 3; i + 6 <= n; i += 3)
		at[k++] = i;
	return k;
}

/* textscan's filter: can the word p[0..n) end a key name? */
static int
text_tail(void *arg, const char *p, size_t n)
{
	const struct text_find *tf = arg;
	char low[KEYNAME_MAX];
	size_t i, at[3], k;

	if (n > sizeof(low))
		return 0;
	for (i = 0; i < n; i++)
		low[i] =
		    p[i] >= 'A' && p[i] <= 'Z' ? (char)(p[i] | 0x20) : p[i];
	if (tails_has(tf->c, low, n))
		return 1;
	for (i = 0, k = cjk_suffixes(p, n, at); i < k; i++)
		if (tails_has(tf->c, low + at[i], n - at[i]))
			return 1;
	return 0;
}

/* text_key() of the end of a CJK run that ends p[0..n). */
static int
text_key_cjk(
    const struct classifier *c, const char *p, size_t n, struct class_key *wk)
{
	size_t a = n, i, k, at[3];

	while (a > 0 && p[a - 1] != ' ')
		a--;
	for (i = 0, k = cjk_suffixes(p + a, n - a, at); i < k; i++)
		if (text_key(c, p + a + at[i], n - a - at[i], wk))
			return 1;
	return 0;
}

/* textscan's context: the kinds that the words p[0..n) name as a key,
 * or VK_NONE for the keys of rules that hold no identifier. */
static vkind_set
text_context(void *arg, const char *p, size_t n)
{
	const struct text_find *tf = arg;
	struct class_key wk;
	size_t w;

	if (!text_key(tf->c, p, n, &wk) && !text_key_cjk(tf->c, p, n, &wk))
		return 0;
	for (w = 0; w < CLASS_WORDS; w++)
		if ((wk.ctx[w] & tf->c->quiet[w]) != 0)
			return VK_BIT(VK_NONE); /* a key of no identifiers */
	return key_ctx_kinds(tf->c, &wk);
}

/* The rules of kind that the context words p[0..n) name. */
static void
text_word_hits(const struct text_find *tf, const char *p, size_t n,
    unsigned kind, uint64_t *hits)
{
	const struct classifier *c = tf->c;
	struct class_key wk;
	size_t w;

	if (kind >= VK_COUNT ||
	    (!text_key(c, p, n, &wk) && !text_key_cjk(c, p, n, &wk)))
		return;
	for (w = 0; w < CLASS_WORDS; w++)
		hits[w] |= wk.ctx[w] & c->hasvalue[w] & c->bykind[kind][w];
}

/* textscan's span: the rules of its kinds, under the key or named by
 * the words before it. */
static int
text_found(void *arg, const struct text_span *sp)
{
	struct text_find *tf = arg;
	vkind_set todo, bit;
	unsigned kind;

	for (todo = sp->kinds; todo != 0; todo &= todo - 1) {
		kind = (unsigned)__builtin_ctzll(todo);
		bit = VK_BIT(kind);
		if ((sp->ctx_kinds & bit) == 0)
			tf->found[0] |= bit;
		else if ((tf->want_ctx & bit) != 0)
			tf->found[1] |= bit;
		else if (sp->ctx_end > sp->ctx_start)
			text_word_hits(tf, tf->s + sp->ctx_start,
			    sp->ctx_end - sp->ctx_start, kind, tf->hits);
	}
	return 0;
}

/* textscan's options for the kinds of want (want[1]: in context form)
 * not yet found, with tf (tf->want_ctx set) as the context's argument. */
static struct textscan_opts
text_opts(const struct classifier *c, const vkind_set *want,
    const vkind_set *found, struct text_find *tf)
{
	struct textscan_opts o = {
	    .want = want[0] & ~found[0] & TEXT_KINDS,
	    .want_ctx = want[1] & ~found[1] & TEXT_KEY_KINDS,
	    .can_ctx = c->ctxable & TEXT_KINDS,
	    .context = text_context,
	    .context_tail = text_tail,
	    .arg = tf,
	};

	tf->want_ctx = o.want_ctx;
	return o;
}

/* Looks for the kinds of want (want[1]: in context form) not yet found
 * inside the free text s[0..n) (its map: textmap.h), adding to found
 * and hits. */
static void
text_scan(const struct classifier *c, const struct class_key *k, const char *s,
    size_t n, const struct textmap *map, const vkind_set *want,
    vkind_set *found, uint64_t *hits)
{
	struct text_find tf = {.c = c, .k = k, .s = s, .hits = hits};
	struct textscan_opts o = text_opts(c, want, found, &tf);

	o.map = map;
	textscan_run(s, n, &o, text_found, &tf);
	found[0] |= tf.found[0] & want[0];
	found[1] |= tf.found[1] & want[1];
}

/* names_text callback: the first name found is enough. */
static int
names_first(void *arg, size_t off, size_t len)
{
	(void)arg, (void)off, (void)len;
	return 1;
}

/* Whether names_text may find a name in a text of character classes
 * cls: free text with a space or bytes >= 0x80.  No narrower gate: a
 * lower-case text has names too ("my surname is batz", the handle
 * card26), and a gate on capitals once let a span token's capitals make
 * a second --in-text run seal what the first had left. */
static int
names_may_find(unsigned cls)
{
	return (cls & (VC_SPACE | VC_HIGH)) != 0;
}

/* Names inside free text (the one call of names_text; textscan leaves
 * names to the dictionaries). */
static void
text_names(const struct classifier *c, const char *s, size_t n, unsigned cls,
    const struct textmap *map, const vkind_set *want, vkind_set *found)
{
	if (names_may_find(cls) &&
	    ((want[0] & ~found[0]) & VK_BIT(VK_NAME)) != 0 &&
	    names_text(c->names, s, n, map, names_first, NULL) > 0)
		found[0] |= VK_BIT(VK_NAME);
}

/* ---- the findings of one free text, kept (textmemo.h) ---- */

static int
memo_span(void *arg, const struct text_span *sp)
{
	return textmemo_add(arg, sp) != 0;
}

static int
memo_name(void *arg, size_t off, size_t len)
{
	struct text_span sp = {
	    .start = off, .end = off + len, .kinds = VK_BIT(VK_NAME)};

	return textmemo_add(arg, &sp) != 0;
}

/* Is the finding sp a name of names_text?  textscan finds no names
 * (TEXT_KINDS). */
static int
finding_is_name(const struct text_span *sp)
{
	return sp->kinds == VK_BIT(VK_NAME);
}

/* The findings in the free text s[0..n), of character classes cls, of
 * the kinds k looks for: textscan's spans and names_text's names, each
 * in full, kept in c's memo, from which the next ask about the same text
 * and kinds takes them.  NULL out of memory. */
static const struct textmemo *
text_findings(const struct classifier *c, const struct class_key *k,
    const char *s, size_t n, unsigned cls)
{
	struct textmemo *m = c->tmemo;
	struct text_find tf = {.c = c, .k = k, .s = s};
	const vkind_set none[2] = {0, 0};
	struct textscan_opts o = text_opts(c, k->kinds, none, &tf);
	struct textmap map; /* both scans' (textmap_build() sets it) */

	switch (textmemo_begin(m, s, n, cls, k->kinds)) {
	case 1:
		return m;
	case 0:
		break;
	default:
		return NULL;
	}
	textmap_build(&map, s, n);
	o.map = &map;
	textscan_run(s, n, &o, memo_span, m);
	if (names_may_find(cls) && (k->kinds[0] & VK_BIT(VK_NAME)) != 0)
		names_text(c->names, s, n, &map, memo_name, m);
	return textmemo_done(m) == 0 ? m : NULL;
}

/* text_scan() and text_names() of the free text of q, when it is looked
 * at for all its key's kinds (no skip), from the findings: the same
 * found and hits.  0 when the findings are not to be had. */
static int
text_verdict(const struct classifier *c, const struct valcache_query *q,
    unsigned cls, vkind_set *found, uint64_t *hits)
{
	struct text_find tf = {.c = c, .k = q->k, .s = q->val, .hits = hits};
	const struct textmemo *m;
	const struct text_span *sp;
	size_t i;

	if (!c->keep_text || q->want[0] != q->k->kinds[0] ||
	    q->want[1] != q->k->kinds[1] ||
	    (m = text_findings(c, q->k, q->val, q->len, cls)) == NULL)
		return 0;
	tf.want_ctx = q->want[1] & TEXT_KEY_KINDS;
	for (i = 0; i < textmemo_count(m); i++) {
		sp = textmemo_get(m, i);
		if (finding_is_name(sp))
			tf.found[0] |= VK_BIT(VK_NAME);
		else
			text_found(&tf, sp);
	}
	found[0] |= tf.found[0] & q->want[0];
	found[1] |= tf.found[1] & q->want[1];
	return 1;
}

/* The kinds of want (want[1]: in context form) that the whole value
 * val[0..vallen), of character classes cls, passes. */
static void
whole_found(const struct classifier *c, const vkind_set *want, unsigned cls,
    enum ndjson_type type, const char *val, size_t vallen, vkind_set *found)
{
	vkind_set pass, todo;
	unsigned kind;
	int ctx;

	pass =
	    vkind_screen(want[0] | want[1], cls, vallen, type == NDJSON_NUMBER);
	found[0] = found[1] = 0;
	for (ctx = 0; ctx < 2; ctx++)
		for (todo = want[ctx] & pass; todo != 0; todo &= todo - 1) {
			kind = (unsigned)__builtin_ctzll(todo);
			if (kind == VK_NAME
			        ? names_value(c->names, val, vallen, ctx)
			        : vkind_run((enum vkind)kind, val, vallen, ctx))
				found[ctx] |= VK_BIT(kind);
		}
}

/* Free text: a string that is not one identifier as a whole (the caller
 * knows) and holds white space, non-ASCII or other characters. */
static int
is_text(size_t vallen, unsigned cls)
{
	return vallen >= 5 && (cls & (VC_SPACE | VC_HIGH | VC_OTHER)) != 0;
}

/* The slow path of a value's verdict: the validators on the whole
 * value, then, for free text, textscan and the name dictionaries. */
static void
bytes_verdict(const struct classifier *c, const struct valcache_query *q,
    struct valcache_verdict *v)
{
	vkind_set *found = v->found;
	struct textmap map; /* both scans' (textmap_build() sets it) */
	unsigned kind, cls;
	int ctx;

	memset(v, 0, sizeof(*v));
	cls = vkind_class(q->val, q->len);
	whole_found(
	    c, q->want, cls, (enum ndjson_type)q->type, q->val, q->len, found);
	if (q->type == NDJSON_STRING && (found[0] | found[1]) == 0 &&
	    is_text(q->len, cls) && !text_verdict(c, q, cls, found, v->hits)) {
		textmap_build(&map, q->val, q->len);
		text_scan(
		    c, q->k, q->val, q->len, &map, q->want, found, v->hits);
		text_names(c, q->val, q->len, cls, &map, q->want, found);
	}
	for (ctx = 0; ctx < 2; ctx++)
		for (vkind_set todo = found[ctx]; todo != 0; todo &= todo - 1) {
			kind = (unsigned)__builtin_ctzll(todo);
			kind_hits(c, q->k, kind, ctx, v->hits);
		}
}

/* The value rules of val under k, into r and hit; a verdict met before
 * comes from the value cache (valcache.h), which gives what
 * bytes_verdict() would. */
static void
classify_bytes(const struct classifier *c, const struct class_key *k,
    const vkind_set *skip, enum ndjson_type type, const char *val,
    size_t vallen, struct class_result *r, vkind_set *hit)
{
	struct valcache_query q = {
	    .k = k, .type = (int)type, .val = val, .len = vallen};
	struct valcache_verdict v;
	size_t w;

	q.want[0] = k->kinds[0] & (skip != NULL ? ~skip[0] : ~(vkind_set)0);
	q.want[1] = k->kinds[1] & (skip != NULL ? ~skip[1] : ~(vkind_set)0);
	if ((type != NDJSON_STRING && type != NDJSON_NUMBER) ||
	    (q.want[0] | q.want[1]) == 0)
		return;
	if (!valcache_get(c->vcache, &q, &v)) {
		bytes_verdict(c, &q, &v);
		valcache_put(c->vcache, &q, &v);
	}
	if (hit != NULL)
		hit[0] |= v.found[0], hit[1] |= v.found[1];
	for (w = 0; w < CLASS_WORDS; w++)
		if (v.hits[w] != 0) {
			add_rules(c, v.hits, r);
			break;
		}
}

void
classify_value_skip(const struct classifier *c, const struct class_key *k,
    const vkind_set *skip, enum ndjson_type type, const char *val,
    size_t vallen, struct class_result *r, vkind_set *hit)
{
	if (classify_plain(c, k, type, val, vallen, r))
		return;
	classify_bytes(c, k, skip, type, val, vallen, r, hit);
	/* what looks like a token but is not one of a key given (or is not
	 * well formed) is judged by its bytes, and is never taken as safe */
	if (type == NDJSON_STRING && token_is(val, vallen))
		add_rules(c, c->unverified, r);
}

void
classify_value(const struct classifier *c, const struct class_key *k,
    enum ndjson_type type, const char *val, size_t vallen,
    struct class_result *r)
{
	classify_value_skip(c, k, NULL, type, val, vallen, r, NULL);
}

void
classify_leaf(const struct classifier *c, const char *key, size_t keylen,
    enum ndjson_type type, const char *val, size_t vallen,
    struct class_result *r)
{
	struct class_key k;

	classify_key_name(c, key, keylen, &k);
	classify_value(c, &k, type, val, vallen, r);
}

/* ---- spans inside free text (classify_spans) ---- */

struct span_find {
	struct text_find tf;
	enum class_colour min;
	struct spanlist *out;
	int oom;
};

static void
span_put(struct span_find *sf, size_t start, size_t end, vkind_set kinds,
    const uint64_t *hits)
{
	struct class_result r;

	classify_result_clear(&r);
	add_rules(sf->tf.c, hits, &r);
	if (r.colour >= sf->min && r.colour > CLASS_GREEN &&
	    spanlist_add(sf->out, start, end, kinds, (int)r.colour) != 0)
		sf->oom = 1;
}

/* textscan's span: the rules it fires, as text_found() counts them. */
static int
span_text(void *arg, const struct text_span *sp)
{
	struct span_find *sf = arg;
	const struct text_find *tf = &sf->tf;
	uint64_t hits[CLASS_WORDS] = {0};
	vkind_set todo, bit;
	unsigned kind;

	for (todo = sp->kinds; todo != 0; todo &= todo - 1) {
		kind = (unsigned)__builtin_ctzll(todo);
		bit = VK_BIT(kind);
		if ((sp->ctx_kinds & bit) == 0)
			kind_hits(tf->c, tf->k, kind, 0, hits);
		else if ((tf->want_ctx & bit) != 0)
			kind_hits(tf->c, tf->k, kind, 1, hits);
		else if (sp->ctx_end > sp->ctx_start)
			text_word_hits(tf, tf->s + sp->ctx_start,
			    sp->ctx_end - sp->ctx_start, kind, hits);
	}
	span_put(sf, sp->start, sp->end, sp->kinds, hits);
	return sf->oom;
}

/* names_text's span: a name. */
static int
span_name(void *arg, size_t off, size_t len)
{
	struct span_find *sf = arg;
	uint64_t hits[CLASS_WORDS] = {0};

	kind_hits(sf->tf.c, sf->tf.k, VK_NAME, 0, hits);
	span_put(sf, off, off + len, VK_BIT(VK_NAME), hits);
	return sf->oom;
}

/* A string that is one identifier as a whole: one span, its edge
 * spaces left out. */
static void
span_whole(
    struct span_find *sf, const char *s, size_t n, const vkind_set *found)
{
	uint64_t hits[CLASS_WORDS] = {0};
	size_t a = 0, ctx;
	vkind_set todo;

	for (ctx = 0; ctx < 2; ctx++)
		for (todo = found[ctx]; todo != 0; todo &= todo - 1)
			kind_hits(sf->tf.c, sf->tf.k,
			    (unsigned)__builtin_ctzll(todo), (int)ctx, hits);
	while (a < n && s[a] == ' ')
		a++;
	while (n > a && s[n - 1] == ' ')
		n--;
	span_put(sf, a, n, found[0] | found[1], hits);
}

int
classify_spans(const struct classifier *c, const struct class_key *k,
    const char *s, size_t n, enum class_colour min, struct spanlist *out)
{
	struct span_find sf = {
	    .tf = {.c = c, .k = k, .s = s}, .min = min, .out = out};
	const struct textmemo *m;
	const struct text_span *sp;
	vkind_set found[2];
	unsigned cls = textmemo_has(c->tmemo, s, n, k->kinds)
	    ? textmemo_cls(c->tmemo)
	    : vkind_class(s, n);
	size_t i;

	spanlist_clear(out);
	sf.tf.want_ctx = k->kinds[1] & TEXT_KEY_KINDS;
	if (is_text(n, cls)) {
		if ((m = text_findings(c, k, s, n, cls)) == NULL)
			return -1;
		for (i = 0; i < textmemo_count(m) && !sf.oom; i++) {
			sp = textmemo_get(m, i);
			if (finding_is_name(sp))
				span_name(&sf, sp->start, sp->end - sp->start);
			else
				span_text(&sf, sp);
		}
	}
	if (out->n == 0 && !sf.oom) {
		whole_found(c, k->kinds, cls, NDJSON_STRING, s, n, found);
		if ((found[0] | found[1]) != 0)
			span_whole(&sf, s, n, found);
	}
	spanlist_merge(out);
	return sf.oom ? -1 : 0;
}

int
classify_is_text(const char *s, size_t n)
{
	return is_text(n, vkind_class(s, n));
}

/* A key judged by the value rules alone.  A one-word key is no name:
 * the name rules take lone surnames and handles (Batz, Jody4), which
 * keys such as ean13 or Test look like; a map keyed by people's names
 * has keys of two words or more ("Jane Smith"), and those are judged. */
static void
key_text(const struct classifier *c, const char *key, size_t keylen,
    struct class_result *r)
{
	struct class_key nk;
	vkind_set skip[2];

	skip[0] = skip[1] =
	    memchr(key, ' ', keylen) != NULL ? 0 : VK_BIT(VK_NAME);
	classify_key_name(c, "", 0, &nk);
	classify_value_skip(c, &nk, skip, NDJSON_STRING, key, keylen, r, NULL);
}

/* Keys repeat from event to event: the verdict is kept with the key's
 * entry in the key cache (made by a first look-up, when the key fits). */
void
classify_key_text(const struct classifier *c, const char *key, size_t keylen,
    struct class_result *r)
{
	uint64_t h = hash_bytes(key, keylen);
	struct kcache_ent *e = NULL;
	struct class_key k;

	if (keylen > 0 &&
	    (e = keycache_find(c->cache, h, key, keylen)) == NULL) {
		classify_key_name(c, key, keylen, &k);
		e = keycache_find(c->cache, h, key, keylen);
	}
	if (e != NULL && e->text_ready) {
		*r = e->text;
		return;
	}
	key_text(c, key, keylen, r);
	if (e != NULL) {
		e->text = *r;
		e->text_ready = 1;
	}
}
