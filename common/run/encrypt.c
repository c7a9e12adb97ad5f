/* encrypt.c - the sealing handler of phi-encrypt (see encrypt.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "cli.h"
#include "encrypt.h"
#include "join.h"
#include "jsontext.h"
#include "key.h"
#include "jsonfind.h"
#include "spanlist.h"
#include "token.h"

enum { TEXT_NONE, TEXT_PATH, TEXT_CLASS }; /* how a string is taken */

struct encrypt {
	struct encrypt_opts o;
	struct token_sealer *ts;
	uint8_t kidb[KEY_ID_LEN];
	char kid[17];
	unsigned flags;            /* suite 2's; 0: suite 1 */
	uint8_t skidb[KEY_ID_LEN]; /* with AUTH */
	char skid[17];
	struct token_bind bind; /* of the value being sealed */
	struct buf path;        /* its canonical path */
	struct buf rpath;       /* the record field's, this line's */
	uint64_t rec_seq;       /* the line they are of, plus 1 */
	size_t rstart, rend;    /* the record value in that line */
	int rec_found;
	int text;              /* TEXT_*: the value being taken */
	struct spanlist spans; /* of the string being sealed by spans */
	struct json_text tx;   /* its text, decoded */
	uint64_t nspans;       /* span tokens made */
	uint64_t ntexts;       /* strings with span tokens */
	uint64_t nunchanged;   /* strings taken by spans, none sealed */
	/* --keys: the matcher's states at each depth of the containers on
	 * the way down, and pathset_step()'s flags there (NULL: no --keys) */
	uint64_t *kst;
	unsigned char *kfl;
	size_t kw;
	struct class_result why; /* of the last value classified */
	int why_set;
	struct join_sealer *js; /* --join */
	int join_take;          /* the value being taken is a join path's */
	char *join_warned[32];  /* paths warned of as low-entropy */
	size_t njoin_warned;
	int join_rule[16]; /* classifier rule index of each kind */
	int worker;        /* a worker's (ndjson.h jobs): warnings kept */
	int join_warned_kind[32];
	/* join counts: the workers' merged; a worker's at its last merge */
	struct join_stats jw, jlast;
	/* a worker's own classifiers (classify_fork), or NULL */
	struct classifier *own_cls, *own_jcls;
};

/* The kinds of value that make poor join keys (few values, or easy to
 * guess), as the classifier's rule names; warned of once a path. */
static const char *const join_weak[] = {"birthdate", "date", "zipcode",
    "gender", "sex", "age", "race", "ethnicity", "religion",
    "sexualorientation", "citizenship"};
#define JOIN_WEAK_N (sizeof(join_weak) / sizeof(join_weak[0]))
#define JOIN_WEAK_SHORT JOIN_WEAK_N         /* a value of 3 bytes or fewer */
#define JOIN_WEAK_LITERAL (JOIN_WEAK_N + 1) /* true, false, null */
#define JOIN_WARN_MAX 32                    /* join_warned's size */

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

/* --join: the join sealer (a fork of share's, whose cache it shares,
 * when share is not NULL: a worker's), and the indexes of the weak
 * kinds' rules. */
static int
encrypt_join_new(
    struct encrypt *c, const struct join_sealer *share, struct phi_err *e)
{
	const struct classifier *cls = c->o.join_cls;
	size_t i, r;

	if (c->o.join_secret == NULL || c->o.pub == NULL)
		return PHI_OK;
	for (i = 0; i < JOIN_WEAK_N; i++) {
		c->join_rule[i] = -1;
		for (r = 0; cls != NULL && r < classify_rule_count(cls); r++)
			if (strcmp(classify_rule_name(cls, r), join_weak[i]) ==
			    0)
				c->join_rule[i] = (int)r;
	}
	if (share != NULL)
		return join_sealer_fork(share, &c->js, e);
	return join_sealer_new(
	    &c->js, c->o.pub, c->o.join_secret, JOIN_CACHE_ENTRIES, e);
}

/* encrypt_new(), a worker's sharing the join cache of share. */
static int
encrypt_make(struct encrypt **out, const struct encrypt_opts *o,
    const struct join_sealer *share, struct phi_err *e)
{
	struct encrypt *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (c == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	c->o = *o;
	if (c->o.intext != NULL && pathset_count(c->o.intext) == 0)
		c->o.intext = NULL;
	c->flags = (o->sender != NULL ? TOKEN_AUTH : 0) |
	    (o->bind_path ? TOKEN_PATH : 0) |
	    (o->bind_record != NULL ? TOKEN_RECORD : 0);
	/* no key: a dry run (--explain), no token is the recipient's */
	if (o->pub != NULL &&
	    (rc = token_sealer_new2(&c->ts, o->pub, o->sender, c->flags, e)) !=
	        PHI_OK) {
		free(c);
		return rc;
	}
	if (c->ts != NULL) {
		token_sealer_kid(c->ts, c->kidb);
		key_id_hex(c->kidb, c->kid);
	}
	if ((rc = encrypt_join_new(c, share, e)) != PHI_OK) {
		encrypt_free(c);
		return rc;
	}
	if (o->sender != NULL && (rc = key_id(o->sender, c->skidb, e)) != 0) {
		encrypt_free(c);
		return rc;
	}
	key_id_hex(c->skidb, c->skid);
	if (encrypt_keys_new(c) != 0) {
		encrypt_free(c);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	*out = c;
	return PHI_OK;
}

int
encrypt_new(
    struct encrypt **out, const struct encrypt_opts *o, struct phi_err *e)
{
	return encrypt_make(out, o, NULL, e);
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

/* The nearest key name of v's path ("" when none). */
static void
nearest_key(const struct ndjson_value *v, const char **key, size_t *keylen)
{
	size_t i;

	for (i = v->depth; i > 0; i--)
		if (v->path[i - 1].key != NULL) {
			*key = v->path[i - 1].key;
			*keylen = v->path[i - 1].keylen;
			return;
		}
	*key = "", *keylen = 0;
}

/* The colour of leaf v by its nearest key and its value (kept as the
 * last verdict, encrypt_why). */
static enum class_colour
leaf_colour(struct encrypt *c, const struct ndjson_value *v)
{
	const char *key;
	size_t keylen;

	nearest_key(v, &key, &keylen);
	classify_leaf(c->o.cls, key, keylen, v->type, v->str, v->len, &c->why);
	c->why_set = 1;
	return c->why.colour;
}

/* Class mode: is this value, inside the scope, PHI enough to seal?  A
 * container goes whole when its own key name says so ("diagnosis": {..},
 * "medications": [..]); a leaf by its nearest key and its value. */
static int
class_wants(struct encrypt *c, const struct ndjson_value *v)
{
	const struct path_seg *k;

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
	return leaf_colour(c, v) >= c->o.min_colour;
}

/* Would this run make s[0..n), a token of the recipient?  In suite 1,
 * any; in suite 2, one of suite 2 with this run's flags and sender. */
static int
encrypt_ours(const struct encrypt *c, const char *s, size_t n)
{
	uint8_t skid[KEY_ID_LEN];
	unsigned flags;

	if (c->flags == 0)
		return 1;
	return token_flags(s, n, &flags, skid) == 0 && flags == c->flags &&
	    (!(flags & TOKEN_AUTH) || memcmp(skid, c->skidb, KEY_ID_LEN) == 0);
}

/* Is s[0..n) a well-formed token of the recipient or a --keep-kid key? */
static int
encrypt_keeps(const struct encrypt *c, const char *s, size_t n)
{
	uint8_t kid[KEY_ID_LEN];
	size_t i;

	if (!token_is_sealed(s, n) || token_kid(s, n, kid) != 0)
		return 0;
	if (c->ts != NULL && memcmp(kid, c->kidb, KEY_ID_LEN) == 0 &&
	    encrypt_ours(c, s, n))
		return 1;
	for (i = 0; i < c->o.nkeep; i++)
		if (memcmp(kid, c->o.keep[i], KEY_ID_LEN) == 0)
			return 1;
	return 0;
}

/* Is v at or below an --in-text path? */
static int
in_text_path(const struct encrypt *c, const struct ndjson_value *v)
{
	size_t d;

	if (c->o.intext == NULL)
		return 0;
	for (d = v->depth; d > 0; d--)
		if (pathset_match(c->o.intext, v->path, d))
			return 1;
	return 0;
}

/* Is v selected whole by a field path? */
static int
field_path(const struct encrypt *c, const struct ndjson_value *v)
{
	if (c->o.fields == NULL || pathset_count(c->o.fields) == 0)
		return 0;
	if (c->o.intext == NULL && c->o.cls == NULL)
		return v->selected; /* the walker matched the fields alone */
	return pathset_match(c->o.fields, v->path, v->depth) == 1;
}

/* Class mode with --in-text-class: a string that its value alone makes
 * min_colour or worse goes by spans (encrypt_take decides whole or
 * spans once it has them). */
static int
class_text(struct encrypt *c, const struct ndjson_value *v)
{
	struct class_result r;
	const char *key;
	size_t keylen;

	nearest_key(v, &key, &keylen);
	classify_key(c->o.cls, key, keylen, &r);
	return r.colour < c->o.min_colour;
}

/* Below an in-text path: strings by spans, other leaves whole when
 * they classify yellow or worse, containers looked into. */
static enum ndjson_action
text_visit(struct encrypt *c, const struct ndjson_value *v)
{
	if (v->type == NDJSON_STRING) {
		c->text = TEXT_PATH;
		return NDJSON_TAKE;
	}
	if (v->type >= NDJSON_OBJECT)
		return NDJSON_KEEP;
	return leaf_colour(c, v) >= CLASS_YELLOW ? NDJSON_TAKE : NDJSON_KEEP;
}

/* A value a field path takes: a join token when a join path selects
 * it. */
static enum ndjson_action
encrypt_join_path(struct encrypt *c, const struct ndjson_value *v)
{
	c->join_take =
	    c->js != NULL && pathset_match(c->o.join, v->path, v->depth) == 1;
	return NDJSON_TAKE;
}

static enum ndjson_action
encrypt_visit(void *ctx, const struct ndjson_value *v)
{
	struct encrypt *c = ctx;
	int keys = c->kst != NULL && v->type >= NDJSON_OBJECT &&
	    encrypt_keys_step(c, v);

	c->text = TEXT_NONE;
	c->why_set = 0;
	c->join_take = 0;
	/* with -f, what is not selected stays (the cheap test first) */
	if (!c->o.class_mode && !v->selected &&
	    (c->o.intext == NULL || !v->in_selected))
		return v->type < NDJSON_OBJECT || v->live || keys ? NDJSON_KEEP
		                                                  : NDJSON_SKIP;
	if (v->type == NDJSON_STRING && token_is(v->str, v->len)) {
		if (encrypt_keeps(c, v->str, v->len))
			return NDJSON_KEEP;
		if (!c->o.class_mode || v->in_selected)
			return encrypt_join_path(c, v); /* may be anything */
	}
	if (field_path(c, v))
		return encrypt_join_path(c, v);
	if (in_text_path(c, v))
		return text_visit(c, v);
	if (!c->o.class_mode || !class_wants(c, v))
		return NDJSON_KEEP;
	if (c->o.text_class && v->type == NDJSON_STRING && class_text(c, v))
		c->text = TEXT_CLASS;
	return NDJSON_TAKE;
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

	c->text = TEXT_NONE; /* a key is sealed whole */
	c->join_take = 0;
	if (tok && encrypt_keeps(c, v->str, v->len))
		return NDJSON_KEEP;
	if (c->kst != NULL && (c->kfl[v->depth - 1] & PATHSET_ACCEPTS))
		return NDJSON_TAKE;
	if (!c->o.class_mode || !v->in_selected)
		return NDJSON_KEEP;
	if (tok)
		return NDJSON_TAKE;
	classify_key_text(c->o.cls, v->str, v->len, &r);
	return r.colour >= c->o.min_colour ? NDJSON_TAKE : NDJSON_KEEP;
}

/* Appends the token of pt[0..n), padded unless --no-pad, between open
 * and close (NUL: none). */
static int
seal_to(struct encrypt *c, const char *pt, size_t n, char open, char close,
    struct buf *out, struct phi_err *e)
{
	size_t padded = c->o.no_pad ? n : token_pad_len(n);
	size_t tl = token_sealer_text_len(c->ts, padded);
	char *d;
	int rc;

	if (tl > SIZE_MAX - 2 || (d = buf_reserve(out, tl + 2)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	d[0] = open;
	rc = token_seal_bound(c->ts, (const uint8_t *)pt, n, padded, &c->bind,
	    d + (open != '\0'), e);
	if (rc != PHI_OK)
		return rc;
	d[tl + (open != '\0')] = close;
	out->len += tl + (open != '\0') + (close != '\0');
	return PHI_OK;
}

/* Each "[phi:" of the decoded text s[0..n): a well-formed span token of
 * a key kept stays (no span may cover it); any other is sealed. */
static int
text_literals(struct encrypt *c, const char *s, size_t n)
{
	const char *q = s;
	size_t i, len;

	while ((q = token_span_find(q, n - (size_t)(q - s))) != NULL) {
		i = (size_t)(q - s);
		len = token_span_len(q, n - i);
		if (len > 0 && encrypt_keeps(c, q + 1, len)) {
			spanlist_cut(&c->spans, i, i + len + 2);
			q += len + 2;
		} else if (spanlist_add(&c->spans, i, i + TOKEN_SPAN_OPEN_LEN,
		               0, CLASS_RED) != 0) {
			return -1;
		} else {
			q++;
		}
	}
	return 0;
}

/* Writes the string v with its spans (c->spans, decoded offsets)
 * sealed: "...[phi:1:...]...". */
static int
text_write(struct encrypt *c, const struct ndjson_value *v, struct buf *out,
    struct phi_err *e)
{
	const char *raw = v->line + v->start + 1;
	size_t n = v->end - v->start - 2, pos = 0, i, rs, re;
	int rc;

	if (buf_putc(out, '"') != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	for (i = 0; i < c->spans.n; i++) {
		json_text_raw(
		    &c->tx, c->spans.v[i].start, c->spans.v[i].end, &rs, &re);
		if (rs < pos)
			rs = pos; /* spans of one escape: already sealed */
		if (re <= rs)
			continue;
		if (buf_append(out, raw + pos, rs - pos) != 0)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		if ((rc = seal_to(c, raw + rs, re - rs, '[', ']', out, e)) != 0)
			return rc;
		c->nspans++;
		pos = re;
	}
	if (pos > 0)
		c->ntexts++;
	else
		c->nunchanged++;
	if (buf_append(out, raw + pos, n - pos) != 0 || buf_putc(out, '"') != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

/* --in-text-class: free text is sealed whole when it holds no span of
 * the colour (the engine found PHI in it all the same) or is one
 * identifier as a whole. */
static int
text_whole(const struct encrypt *c, const char *s, size_t n)
{
	if (c->text != TEXT_CLASS)
		return 0;
	return c->spans.n == 0 || spanlist_covers(&c->spans, s, n);
}

/* Finds the spans of the string v taken by spans (c->tx, c->spans) and
 * whether it goes whole after all (*whole). */
static int
text_find(struct encrypt *c, const struct ndjson_value *v, int *whole,
    struct phi_err *e)
{
	const struct json_text *t = &c->tx;
	const char *key;
	size_t keylen;
	struct class_key k;
	enum class_colour min =
	    c->text == TEXT_CLASS ? c->o.min_colour : CLASS_YELLOW;

	if (json_text_set(
	        &c->tx, v->line + v->start + 1, v->end - v->start - 2) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	nearest_key(v, &key, &keylen);
	classify_key_name(c->o.cls, key, keylen, &k);
	if (classify_spans(c->o.cls, &k, t->s, t->n, min, &c->spans) != 0 ||
	    text_literals(c, t->s, t->n) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	spanlist_merge(&c->spans);
	*whole = text_whole(c, t->s, t->n);
	return PHI_OK;
}

static int
text_take(struct encrypt *c, const struct ndjson_value *v, struct buf *out,
    struct phi_err *e)
{
	int whole = 1, rc;

	if ((rc = text_find(c, v, &whole, e)) != PHI_OK)
		return rc;
	if (whole)
		return seal_to(
		    c, v->line + v->start, v->end - v->start, '"', '"', out, e);
	return text_write(c, v, out, e);
}

int
encrypt_plan(struct encrypt *c, const struct ndjson_value *v, int *whole,
    size_t *nspans, struct phi_err *e)
{
	size_t i, rs, re, pos = 0;
	int rc;

	*whole = 1, *nspans = 0;
	if (c->text == TEXT_NONE || v->type != NDJSON_STRING)
		return PHI_OK;
	if ((rc = text_find(c, v, whole, e)) != PHI_OK || *whole)
		return rc;
	for (i = 0; i < c->spans.n; i++) { /* as text_write seals them */
		json_text_raw(
		    &c->tx, c->spans.v[i].start, c->spans.v[i].end, &rs, &re);
		if (re > (rs < pos ? pos : rs))
			(*nspans)++, pos = re;
	}
	return PHI_OK;
}

/* The weak kind (join_weak index, JOIN_WEAK_SHORT, JOIN_WEAK_LITERAL)
 * of the join value v, or -1. */
static int
join_weak_kind(struct encrypt *c, const struct ndjson_value *v)
{
	size_t i, n = v->type == NDJSON_STRING ? v->len : v->end - v->start;
	struct class_result r;
	const char *key;
	size_t keylen;

	if (v->type == NDJSON_TRUE || v->type == NDJSON_FALSE ||
	    v->type == NDJSON_NULL)
		return (int)JOIN_WEAK_LITERAL;
	if (v->type < NDJSON_OBJECT && n <= 3)
		return (int)JOIN_WEAK_SHORT;
	if (c->o.join_cls == NULL || v->type >= NDJSON_OBJECT)
		return -1;
	nearest_key(v, &key, &keylen);
	classify_leaf(c->o.join_cls, key, keylen, v->type, v->str, v->len, &r);
	for (i = 0; i < JOIN_WEAK_N; i++)
		if (c->join_rule[i] >= 0 &&
		    classify_result_has(&r, (size_t)c->join_rule[i]))
			return (int)i;
	return -1;
}

static void join_warn_print(const char *p, int k);

/* Warns, once a path (array indexes as *), that a join path holds a
 * value of a low-entropy kind. */
static void
join_warn(struct encrypt *c, const struct ndjson_value *v)
{
	struct buf p = BUF_INIT;
	int k = join_weak_kind(c, v);
	size_t i;

	if (k < 0 || path_format(&p, v->path, v->depth, 1) != 0 ||
	    buf_putc(&p, 0) != 0) {
		buf_free(&p, 0);
		return; /* a warning is a nicety */
	}
	for (i = 0; i < c->njoin_warned; i++)
		if (strcmp(c->join_warned[i], p.p) == 0) {
			buf_free(&p, 0);
			return;
		}
	c->join_warned_kind[c->njoin_warned] = k;
	c->join_warned[c->njoin_warned++] = p.p;
	if (!c->worker)
		join_warn_print(p.p, k);
}

/* The warning of join_warn(), for the path p and weak kind k. */
static void
join_warn_print(const char *p, int k)
{
	cli_warn(
	    "--join %s: a value of a low-entropy kind (%s): its join tokens show which values are equal and can be guessed with the join key; use --join for high-entropy identifiers only",
	    p,
	    k == (int)JOIN_WEAK_LITERAL     ? "true, false or null"
	        : k == (int)JOIN_WEAK_SHORT ? "3 characters or fewer"
	                                    : join_weak[k]);
}

/* Seals v whole as a join token, judging its kind when it was not in
 * the join cache. */
static int
join_take(struct encrypt *c, const struct ndjson_value *v, struct buf *out,
    struct phi_err *e)
{
	const char *pt = v->line + v->start;
	size_t n = v->end - v->start;
	size_t padded = c->o.no_pad ? n : token_pad_len(n);
	size_t tl = token_text_len(padded);
	struct join_stats a, b;
	char *d;
	int rc;

	if (tl > SIZE_MAX - 2 || (d = buf_reserve(out, tl + 2)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	join_sealer_stats(c->js, &a);
	if ((rc = join_seal(c->js, (const uint8_t *)pt, n, padded, d + 1, e)) !=
	    PHI_OK)
		return rc;
	d[0] = d[tl + 1] = '"';
	out->len += tl + 2;
	join_sealer_stats(c->js, &b);
	if (b.derived != a.derived && c->njoin_warned < JOIN_WARN_MAX)
		join_warn(c, v);
	return PHI_OK;
}

/* --bind-record: the record field of v's line, found once a line. */
static int
bind_record(struct encrypt *c, const struct ndjson_value *v, struct phi_err *e)
{
	int r;

	if (c->rec_seq != v->line_seq + 1) {
		c->rpath.len = 0;
		r = json_find(v->line, v->line_len, c->o.bind_record,
		    &c->rstart, &c->rend, &c->rpath);
		if (r < 0)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		c->rec_found = r == 1;
		c->rec_seq = v->line_seq + 1;
	}
	if (!c->rec_found)
		return phi_err_set(e, PHI_EDATA,
		    "no record field %s in this event (--bind-record)",
		    c->o.bind_record_expr);
	if (v->start < c->rend && c->rstart < v->end)
		return phi_err_set(e, PHI_EDATA,
		    "the record field %s would be encrypted (--bind-record binds it in clear)",
		    c->o.bind_record_expr);
	c->bind.rpath = c->rpath.len > 0 ? c->rpath.p : "";
	c->bind.rpathlen = c->rpath.len;
	c->bind.rval = v->line + c->rstart;
	c->bind.rvallen = c->rend - c->rstart;
	return PHI_OK;
}

/* What the token of v is bound to (suite 2's PATH and RECORD). */
static int
encrypt_bind(struct encrypt *c, const struct ndjson_value *v, struct phi_err *e)
{
	if (c->flags & TOKEN_PATH) {
		if (v->is_key)
			return phi_err_set(e, PHI_EDATA,
			    "a key cannot be encrypted with --bind-path (the paths below it would change)");
		c->path.len = 0;
		if (path_canonical(&c->path, v->path, v->depth) != 0)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		c->bind.path = c->path.len > 0 ? c->path.p : "";
		c->bind.pathlen = c->path.len;
	}
	if (c->flags & TOKEN_RECORD)
		return bind_record(c, v, e);
	return PHI_OK;
}

static int
encrypt_take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	struct encrypt *c = ctx;
	int rc;

	if (c->join_take)
		return join_take(c, v, out, e);
	if ((c->flags & (TOKEN_PATH | TOKEN_RECORD)) != 0 &&
	    (rc = encrypt_bind(c, v, e)) != PHI_OK)
		return rc;
	if (c->text != TEXT_NONE && v->type == NDJSON_STRING)
		return text_take(c, v, out, e);
	return seal_to(
	    c, v->line + v->start, v->end - v->start, '"', '"', out, e);
}

/* A worker's encrypt: its own token sealer (its own HPKE context and
 * encapsulated key: no nonce is shared), join sealer and cache; the keys
 * and path sets shared, only read. */
static void *
encrypt_worker_new(void *ctx, struct phi_err *e)
{
	const struct encrypt *c = ctx;
	struct encrypt_opts o = c->o;
	struct classifier *cls = NULL, *jcls = NULL;
	struct encrypt *w = NULL;

	if ((o.cls != NULL && (cls = classify_fork(o.cls)) == NULL) ||
	    (o.join_cls != NULL && o.join_cls != o.cls &&
	        (jcls = classify_fork(o.join_cls)) == NULL)) {
		phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		goto out;
	}
	o.cls = cls;
	o.join_cls = o.join_cls == c->o.cls ? cls : jcls;
	if (encrypt_make(&w, &o, c->js, e) != PHI_OK || w == NULL)
		goto out;
	w->worker = 1;
	w->own_cls = cls;
	w->own_jcls = jcls;
	cls = jcls = NULL;
out:
	classify_free(cls);
	classify_free(jcls);
	return w;
}

/* The worker's counts since the last merge, and its join warnings in
 * input order (each path once a run). */
static int
encrypt_worker_merge(void *ctx, void *wctx, struct phi_err *e)
{
	struct encrypt *c = ctx, *w = wctx;
	struct join_stats b;
	size_t i, j;

	(void)e;
	c->nspans += w->nspans;
	c->ntexts += w->ntexts;
	c->nunchanged += w->nunchanged;
	w->nspans = w->ntexts = w->nunchanged = 0;
	if (w->js != NULL) {
		join_sealer_stats(w->js, &b);
		c->jw.seals += b.seals - w->jlast.seals;
		c->jw.derived += b.derived - w->jlast.derived;
		w->jlast = b;
	}
	for (i = 0; i < w->njoin_warned; i++) {
		for (j = 0; j < c->njoin_warned; j++)
			if (strcmp(c->join_warned[j], w->join_warned[i]) == 0)
				break;
		if (j < c->njoin_warned || c->njoin_warned >= JOIN_WARN_MAX) {
			free(w->join_warned[i]);
			continue;
		}
		c->join_warned[c->njoin_warned++] = w->join_warned[i];
		join_warn_print(w->join_warned[i], w->join_warned_kind[i]);
	}
	w->njoin_warned = 0;
	return PHI_OK;
}

static void
encrypt_worker_free(void *wctx)
{
	encrypt_free(wctx);
}

void
encrypt_handler(struct encrypt *c, struct ndjson_handler *h)
{
	memset(h, 0, sizeof(*h));
	h->ctx = c;
	h->visit = encrypt_visit;
	h->take = encrypt_take;
	h->worker_new = encrypt_worker_new;
	h->worker_merge = encrypt_worker_merge;
	h->worker_free = encrypt_worker_free;
	if (c->kst != NULL || c->o.class_mode)
		h->key = encrypt_key;
}

const struct pathset *
encrypt_select(const struct encrypt *c)
{
	if (c->o.class_mode)
		return c->o.scope;
	return c->o.walk != NULL ? c->o.walk : c->o.fields;
}

uint64_t
encrypt_unchanged(const void *ctx)
{
	const struct encrypt *c = ctx;

	return c->nunchanged;
}

void
encrypt_detail(const void *ctx, char *buf, size_t n)
{
	const struct encrypt *c = ctx;

	struct join_stats js = {0, 0, 0};

	if (c->js != NULL)
		join_sealer_stats(c->js, &js);
	js.seals += c->jw.seals;
	js.derived += c->jw.derived;
	if (c->o.intext == NULL && c->js != NULL)
		snprintf(buf, n,
		    "encrypted, %llu join tokens, %llu of them derived",
		    (unsigned long long)js.seals,
		    (unsigned long long)js.derived);
	else if (c->js != NULL)
		snprintf(buf, n,
		    "encrypted, %llu span tokens in %llu strings, %llu join tokens, %llu of them derived",
		    (unsigned long long)c->nspans,
		    (unsigned long long)c->ntexts, (unsigned long long)js.seals,
		    (unsigned long long)js.derived);
	else
		snprintf(buf, n, "encrypted, %llu span tokens in %llu strings",
		    (unsigned long long)c->nspans,
		    (unsigned long long)c->ntexts);
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

const char *
encrypt_sender_hex(const struct encrypt *c)
{
	return c->o.sender != NULL ? c->skid : NULL;
}

void
encrypt_free(struct encrypt *c)
{
	if (c == NULL)
		return;
	token_sealer_free(c->ts);
	join_sealer_free(c->js);
	while (c->njoin_warned > 0)
		free(c->join_warned[--c->njoin_warned]);
	free(c->kst);
	free(c->kfl);
	spanlist_free(&c->spans);
	json_text_free(&c->tx);
	buf_free(&c->path, 0);
	buf_free(&c->rpath, 0);
	classify_free(c->own_cls);
	classify_free(c->own_jcls);
	free(c);
}
