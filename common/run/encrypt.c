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
	struct class_result why; /* of the last value classified */
	int why_set;
};

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
	*out = c;
	if (o->pub == NULL) /* a dry run: no key, no token is the recipient's */
		return PHI_OK;
	if ((rc = token_sealer_new(&c->ts, o->pub, e)) != PHI_OK) {
		free(c);
		*out = NULL;
		return rc;
	}
	token_sealer_kid(c->ts, c->kidb);
	key_id_hex(c->kidb, c->kid);
	return PHI_OK;
}

/* Class mode: is this value, inside the scope, PHI enough to seal?  A
 * container goes whole when its own key name says so ("diagnosis": {..},
 * "medications": [..]); a leaf by its nearest key and its value. */
static int
class_wants(struct encrypt *c, const struct ndjson_value *v)
{
	const struct path_seg *k = NULL;
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
		classify_key(c->o.cls, k->key, k->keylen, &c->why);
		c->why_set = 1;
		return c->why.colour >= c->o.min_colour;
	}
	for (i = v->depth; i > 0 && k == NULL; i--)
		if (v->path[i - 1].key != NULL)
			k = &v->path[i - 1];
	classify_leaf(c->o.cls, k != NULL ? k->key : "",
	    k != NULL ? k->keylen : 0, v->type, v->str, v->len, &c->why);
	c->why_set = 1;
	return c->why.colour >= c->o.min_colour;
}

/* Is s[0..n) a well-formed token of the recipient or a --keep-kid key? */
static int
encrypt_keeps(const struct encrypt *c, const char *s, size_t n)
{
	uint8_t kid[KEY_ID_LEN];
	size_t i;

	if (!token_is_sealed(s, n) || token_kid(s, n, kid) != 0)
		return 0;
	if (c->ts != NULL && memcmp(kid, c->kidb, KEY_ID_LEN) == 0)
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

	c->why_set = 0;
	/* with -f, what is not selected stays (the cheap test first) */
	if (c->o.cls == NULL && !v->selected)
		return v->type < NDJSON_OBJECT || v->live ? NDJSON_KEEP
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
}

const struct pathset *
encrypt_select(const struct encrypt *c)
{
	return c->o.cls != NULL ? c->o.scope : c->o.fields;
}

const struct class_result *
encrypt_why(const struct encrypt *c)
{
	return c->why_set ? &c->why : NULL;
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
	free(c);
}
