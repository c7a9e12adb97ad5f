/* encrypt.c - the sealing handler of phi-encrypt (see encrypt.h). */
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "encrypt.h"
#include "keys.h"
#include "token.h"

struct encrypt {
	struct encrypt_opts o;
	struct token_sealer *ts;
	uint8_t kidb[KEY_ID_LEN];
	char kid[17];
	/* --keys: the matcher's states at each depth of the containers on
	 * the way down, and pathset_step()'s flags there (NULL: no --keys) */
	uint64_t *kst;
	unsigned char *kfl;
	size_t kw;
};

/* The --keys matcher, sized for the deepest line the core takes. */
static int
encrypt_keys_new(struct encrypt *c)
{
	const struct pathset *ks = c->o.keys;
	size_t levels = NDJSON_MAX_DEPTH + 2;

	if (ks == NULL || pathset_count(ks) == 0)
		return 0;
	c->kw = pathset_words(ks);
	if (c->kw > SIZE_MAX / sizeof(*c->kst) / levels ||
	    (c->kst = calloc(levels * c->kw, sizeof(*c->kst))) == NULL ||
	    (c->kfl = calloc(levels, 1)) == NULL)
		return -1;
	pathset_start(ks, c->kst);
	c->kfl[0] =
	    (unsigned char)((pathset_accepts(ks, c->kst) ? PATHSET_ACCEPTS
	                                                 : 0) |
	        (pathset_alive(ks, c->kst) ? PATHSET_ALIVE : 0));
	if (c->kfl[0] & PATHSET_ACCEPTS)
		pathset_note(ks, c->kst);
	return 0;
}

int
encrypt_new(
    struct encrypt **out, const struct encrypt_opts *o, struct phi_err *e)
{
	struct encrypt *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (c == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	c->o = *o;
	if ((rc = token_sealer_new(&c->ts, o->pub, e)) != PHI_OK) {
		free(c);
		return rc;
	}
	token_sealer_kid(c->ts, c->kidb);
	key_id_hex(c->kidb, c->kid);
	if (encrypt_keys_new(c) != 0) {
		encrypt_free(c);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	*out = c;
	return PHI_OK;
}

/* --keys: steps the matcher into the container v; non-zero when its keys
 * or keys below it are selected. */
static int
encrypt_keys_step(struct encrypt *c, const struct ndjson_value *v)
{
	size_t d = v->depth;
	uint64_t *here = c->kst + d * c->kw;

	c->kfl[d] = 0;
	if (c->kfl[d - 1] & PATHSET_ALIVE)
		c->kfl[d] = (unsigned char)pathset_step(
		    c->o.keys, here - c->kw, &v->path[d - 1], here);
	if (c->kfl[d] & PATHSET_ACCEPTS)
		pathset_note(c->o.keys, here);
	return c->kfl[d] != 0;
}

/* Class mode: is this value, inside the scope, PHI enough to seal?  A
 * container goes whole when its own key name says so ("diagnosis": {..},
 * "medications": [..]); a leaf by its nearest key and its value. */
static int
class_wants(struct encrypt *c, const struct ndjson_value *v)
{
	const struct path_seg *k = NULL;
	struct class_result r;
	size_t i;

	if (c->o.fields != NULL && pathset_count(c->o.fields) > 0 &&
	    pathset_match(c->o.fields, v->path, v->depth) == 1)
		return 1;
	if (!v->in_selected)
		return 0;
	if (v->type >= NDJSON_OBJECT) {
		k = &v->path[v->depth - 1];
		if (k->key == NULL)
			return 0;
		classify_key(c->o.cls, k->key, k->keylen, &r);
		return r.colour >= c->o.min_colour;
	}
	for (i = v->depth; i > 0 && k == NULL; i--)
		if (v->path[i - 1].key != NULL)
			k = &v->path[i - 1];
	classify_leaf(c->o.cls, k != NULL ? k->key : "",
	    k != NULL ? k->keylen : 0, v->type, v->str, v->len, &r);
	return r.colour >= c->o.min_colour;
}

/* Is s[0..n) a well-formed token of the recipient or a --keep-kid key? */
static int
encrypt_keeps(const struct encrypt *c, const char *s, size_t n)
{
	uint8_t kid[KEY_ID_LEN];
	size_t i;

	if (!token_is_sealed(s, n) || token_kid(s, n, kid) != 0)
		return 0;
	if (memcmp(kid, c->kidb, KEY_ID_LEN) == 0)
		return 1;
	for (i = 0; i < c->o.nkeep; i++)
		if (memcmp(kid, c->o.keep[i], KEY_ID_LEN) == 0)
			return 1;
	return 0;
}

static enum ndjson_action
encrypt_visit(void *ctx, const struct ndjson_value *v)
{
	struct encrypt *c = ctx;
	int keys = c->kst != NULL && v->type >= NDJSON_OBJECT &&
	    encrypt_keys_step(c, v);

	/* with -f, what is not selected stays (the cheap test first) */
	if (c->o.cls == NULL && !v->selected)
		return v->type < NDJSON_OBJECT || v->live || keys ? NDJSON_KEEP
		                                                  : NDJSON_SKIP;
	if (v->type == NDJSON_STRING && token_is(v->str, v->len)) {
		if (encrypt_keeps(c, v->str, v->len))
			return NDJSON_KEEP;
		if (c->o.cls == NULL || v->in_selected)
			return NDJSON_TAKE; /* its bytes may be anything */
	}
	return c->o.cls == NULL || class_wants(c, v) ? NDJSON_TAKE
	                                             : NDJSON_KEEP;
}

/* An object key: sealed in the objects --keys selects, and in class
 * mode within the scope when it classifies as PHI (or looks like a token
 * that is not kept, as a value would be); the take is encrypt_take's. */
static enum ndjson_action
encrypt_key(void *ctx, const struct ndjson_value *v)
{
	struct encrypt *c = ctx;
	int tok = token_is(v->str, v->len);
	struct class_result r;

	if (tok && encrypt_keeps(c, v->str, v->len))
		return NDJSON_KEEP;
	if (c->kst != NULL && (c->kfl[v->depth - 1] & PATHSET_ACCEPTS))
		return NDJSON_TAKE;
	if (c->o.cls == NULL || !v->in_selected)
		return NDJSON_KEEP;
	if (tok)
		return NDJSON_TAKE;
	classify_key_text(c->o.cls, v->str, v->len, &r);
	return r.colour >= c->o.min_colour ? NDJSON_TAKE : NDJSON_KEEP;
}

static int
encrypt_take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	struct encrypt *c = ctx;
	size_t ptlen = v->end - v->start, n = token_text_len(ptlen);
	char *d;
	int rc;

	if (n > SIZE_MAX - 2 || (d = buf_reserve(out, n + 2)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	d[0] = '"';
	rc = token_seal(
	    c->ts, (const uint8_t *)v->line + v->start, ptlen, d + 1, e);
	if (rc != PHI_OK)
		return rc;
	d[n + 1] = '"';
	out->len += n + 2;
	return PHI_OK;
}

void
encrypt_handler(struct encrypt *c, struct ndjson_handler *h)
{
	memset(h, 0, sizeof(*h));
	h->ctx = c;
	h->visit = encrypt_visit;
	h->take = encrypt_take;
	if (c->kst != NULL || c->o.cls != NULL)
		h->key = encrypt_key;
}

const struct pathset *
encrypt_select(const struct encrypt *c)
{
	return c->o.cls != NULL ? c->o.scope : c->o.fields;
}

const char *
encrypt_kid_hex(const struct encrypt *c)
{
	return c->kid;
}

void
encrypt_free(struct encrypt *c)
{
	if (c == NULL)
		return;
	token_sealer_free(c->ts);
	free(c->kst);
	free(c->kfl);
	free(c);
}
