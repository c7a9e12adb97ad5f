/* decrypt.c - the opening handler of phi-decrypt (see decrypt.h). */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "decrypt.h"
#include "hex.h"
#include "json.h"
#include "jsonfind.h"
#include "token.h"
#include "utf8.h"

#define MAX_KIDS 16
#define KID_TEXT (TOKEN_PREFIX_LEN + 11) /* 11 characters hold the kid */

struct kidlist {
	uint8_t v[MAX_KIDS][8];
	size_t n;
};

struct decrypt {
	struct decrypt_opts o;
	struct token_opener *op;
	uint64_t skipped;
	struct kidlist kids, skids;
	char last[KID_TEXT]; /* the start of the last token noted */
	/* suite 2: the value being opened (NULL: --token), what its
	 * tokens are bound to, worked out when a token needs it */
	const struct ndjson_value *cur;
	struct token_bind bind;
	int path_set;
	struct buf path, rpath;
	uint64_t rec_seq; /* the line rpath is of, plus 1 */
	int rec_found;
};

int
decrypt_new(
    struct decrypt **out, const struct decrypt_opts *o, struct phi_err *e)
{
	struct decrypt *d = calloc(1, sizeof(*d));
	int rc;

	*out = NULL;
	if (d == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	d->o = *o;
	if (d->o.fields != NULL && pathset_count(d->o.fields) == 0)
		d->o.fields = NULL;
	if ((rc = token_opener_new(&d->op, o->kr, e)) != PHI_OK) {
		free(d);
		return rc;
	}
	token_opener_senders(d->op, o->senders);
	if (o->token_path != NULL) {
		d->bind.path = o->token_path;
		d->bind.pathlen = strlen(o->token_path);
	}
	if (o->bind_record_expr != NULL && o->record_value != NULL) {
		d->bind.rpath = o->bind_record_expr;
		d->bind.rpathlen = strlen(o->bind_record_expr);
		d->bind.rval = o->record_value;
		d->bind.rvallen = strlen(o->record_value);
	}
	*out = d;
	return PHI_OK;
}

static void
kidlist_add(struct kidlist *l, const uint8_t kid[8])
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (memcmp(l->v[i], kid, 8) == 0)
			return;
	if (l->n < MAX_KIDS)
		memcpy(l->v[l->n++], kid, 8);
}

/* The key id of the token just opened, and its sender's (AUTH). */
static void
note_kid(struct decrypt *d, const char *s, size_t n)
{
	uint8_t kid[8];

	if (token_opener_last(d->op, kid) & TOKEN_AUTH)
		kidlist_add(&d->skids, kid);
	if (n >= KID_TEXT && memcmp(s, d->last, KID_TEXT) == 0)
		return; /* the same kid as the last token */
	if (token_kid(s, n, kid) != 0)
		return;
	if (n >= KID_TEXT)
		memcpy(d->last, s, KID_TEXT);
	kidlist_add(&d->kids, kid);
}

/* --bind-record: the record field of the current value's line. */
static int
decrypt_record(struct decrypt *d, struct phi_err *e)
{
	const struct ndjson_value *v = d->cur;
	size_t rs = 0, re = 0;
	int r;

	if (d->o.bind_record == NULL)
		return phi_err_set(e, PHI_EDATA,
		    "token is bound to a record field: give --bind-record PATH");
	if (d->rec_seq != v->line_seq + 1) {
		d->rpath.len = 0;
		r = json_find(v->line, v->line_len, d->o.bind_record, &rs, &re,
		    &d->rpath);
		if (r < 0)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		d->rec_found = r == 1;
		d->rec_seq = v->line_seq + 1;
		d->bind.rpath = d->rpath.len > 0 ? d->rpath.p : "";
		d->bind.rpathlen = d->rpath.len;
		d->bind.rval = v->line + rs;
		d->bind.rvallen = re - rs;
	}
	if (!d->rec_found)
		return phi_err_set(e, PHI_EDATA,
		    "token is bound to record field %s, which this event does not have",
		    d->o.bind_record_expr);
	return PHI_OK;
}

/* What a suite-2 token s[0..n) needs to be opened: the sender check of
 * --require-sender, its path (the current value's, or --path), its
 * record field (the line's, or --bind-record and --record-value). */
static int
decrypt_bind(struct decrypt *d, const char *s, size_t n, struct phi_err *e)
{
	uint8_t skid[KEY_ID_LEN];
	unsigned fl = 0;
	int v2 = token_flags(s, n, &fl, skid) == PHI_OK;

	if (d->o.require_sender && !(fl & TOKEN_AUTH))
		return phi_err_set(e, PHI_EDATA,
		    "token not vouched for by a sender (%s) and --require-sender is given",
		    v2 ? "phi:2 without AUTH" : "suite 1");
	if ((fl & TOKEN_PATH) && d->cur == NULL && d->bind.path == NULL)
		return phi_err_set(e, PHI_EDATA,
		    "token is bound to its field path: give --path PATH");
	if ((fl & TOKEN_PATH) && d->cur != NULL && !d->path_set) {
		d->path.len = 0;
		if (path_canonical(&d->path, d->cur->path,
		        d->cur->depth - (d->cur->is_key != 0)) != 0)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		d->bind.path = d->path.len > 0 ? d->path.p : "";
		d->bind.pathlen = d->path.len;
		d->path_set = 1;
	}
	if ((fl & TOKEN_RECORD) && d->cur == NULL && d->bind.rpath == NULL)
		return phi_err_set(e, PHI_EDATA,
		    "token is bound to a record field: give --bind-record PATH and --record-value JSON");
	if ((fl & TOKEN_RECORD) && d->cur != NULL)
		return decrypt_record(d, e);
	return PHI_OK;
}

/* token_open_bound() with what the token needs; a token of a sender
 * not accepted is never one to skip (PHI_EKEY, but no_key 0). */
static int
decrypt_open(struct decrypt *d, const char *s, size_t n, uint8_t *p,
    size_t *ptlen, struct phi_err *e)
{
	int rc;

	if ((rc = decrypt_bind(d, s, n, e)) != PHI_OK)
		return rc;
	return token_open_bound(d->op, s, n, &d->bind, p, ptlen, e);
}

/* What phi-encrypt could have taken from one line: strict UTF-8 (the
 * check of input lines), no control byte but tab (inside strings JSON
 * escapes them, so a raw one is white space between tokens: a newline
 * or CR there would start a new line of output), one JSON value.  NULL,
 * or what is wrong, for the message (never the plaintext). */
static const char *
decrypt_plain_bad(const char *p, size_t n)
{
	size_t i;

	if (utf8_check(p, n) < n)
		return "holds invalid UTF-8";
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 && p[i] != '\t')
			return "holds a control character";
	if (!json_is_value(p, n))
		return "does not hold one JSON value";
	return NULL;
}

/* One span token s[0..n) ("[phi:1:...]") opened onto out: its
 * plaintext, unpadded, must be valid string content. */
static int
decrypt_span(struct decrypt *d, const char *s, size_t n, struct buf *out,
    struct phi_err *e)
{
	size_t ptlen = 0;
	uint8_t *p;
	int rc;

	if ((p = (uint8_t *)buf_reserve(out, token_plain_max(n - 2))) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((rc = decrypt_open(d, s + 1, n - 2, p, &ptlen, e)) != PHI_OK)
		return rc;
	note_kid(d, s + 1, n - 2);
	ptlen = token_unpad(p, ptlen);
	if (ptlen == 0 || !json_content_valid((const char *)p, ptlen)) {
		OPENSSL_cleanse(p, ptlen);
		return phi_err_set(e, PHI_EDATA,
		    "span token does not hold valid string content");
	}
	out->len += ptlen;
	return PHI_OK;
}

int
decrypt_token(struct decrypt *d, const char *s, size_t n, struct buf *out,
    struct phi_err *e)
{
	const char *why;
	size_t ptlen = 0;
	uint8_t *p;
	int rc;

	if (n >= 2 && s[0] == '[' && token_span_len(s, n) == n - 2)
		return decrypt_span(d, s, n, out, e);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		s++, n -= 2;
	/* opened straight into the output, kept only when it is one JSON
	 * value (what is not kept is wiped) */
	if ((p = (uint8_t *)buf_reserve(out, token_plain_max(n))) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((rc = decrypt_open(d, s, n, p, &ptlen, e)) != PHI_OK)
		return rc;
	note_kid(d, s, n);
	ptlen = token_unpad(p, ptlen); /* tokens made with --no-pad: none */
	if ((why = decrypt_plain_bad((const char *)p, ptlen)) != NULL) {
		OPENSSL_cleanse(p, ptlen);
		return phi_err_set(e, PHI_EDATA, "token %s", why);
	}
	out->len += ptlen;
	return PHI_OK;
}

/* The next span token of s[0..n) at q: its length with the brackets,
 * 0 when it is no span token ("[phi:" then anything but "phi:" digits
 * ":"), or PHI_EDATA's message when it starts like one but is not
 * closed by "]" after token characters. */
static int
span_at(const char *q, size_t n, size_t *len, struct phi_err *e)
{
	size_t t = token_span_len(q, n);

	*len = 0;
	if (!token_is(q + 1, n - 1))
		return PHI_OK;
	if (t == 0)
		return phi_err_set(
		    e, PHI_EDATA, "malformed span token: no closing ']'");
	*len = t + 2;
	return PHI_OK;
}

static int
append(struct buf *out, const char *p, size_t n, struct phi_err *e)
{
	return buf_append(out, p, n) != 0
	    ? phi_err_set(e, PHI_ESOFTWARE, "out of memory")
	    : PHI_OK;
}

/* Copies the string content s[0..n) onto out with each span token
 * opened (or, with --skip-unknown-keys, a token of another key kept). */
static int
decrypt_text(struct decrypt *d, const char *s, size_t n, struct buf *out,
    struct phi_err *e)
{
	const char *p = s, *q, *end = s + n;
	size_t len;
	int rc;

	while ((q = token_span_find(p, (size_t)(end - p))) != NULL) {
		if ((rc = span_at(q, (size_t)(end - q), &len, e)) != PHI_OK)
			return rc;
		if (len == 0) { /* "[phi:" and no token: text */
			len = 1;
			rc = append(out, p, (size_t)(q + 1 - p), e);
		} else if ((rc = append(out, p, (size_t)(q - p), e)) != 0) {
			return rc;
		} else if ((rc = decrypt_span(d, q, len, out, e)) == PHI_EKEY &&
		    d->o.skip_unknown && token_opener_no_key(d->op)) {
			d->skipped++;
			rc = append(out, q, len, e);
		}
		if (rc != PHI_OK)
			return rc;
		p = q + len;
	}
	return append(out, p, (size_t)(end - p), e);
}

/* Does the string s[0..n) hold a token: whole, or spans inside? */
static int
decrypt_holds(const char *s, size_t n)
{
	return token_is(s, n) || token_span_find(s, n) != NULL;
}

static enum ndjson_action
decrypt_visit(void *ctx, const struct ndjson_value *v)
{
	struct decrypt *d = ctx;
	int in = d->o.fields == NULL || v->in_selected;

	if (v->type == NDJSON_STRING)
		return in && decrypt_holds(v->str, v->len) ? NDJSON_TAKE
		                                           : NDJSON_KEEP;
	if (v->type < NDJSON_OBJECT || in || v->live)
		return NDJSON_KEEP;
	return NDJSON_SKIP;
}

/* A token as an object key (phi-encrypt --keys) is opened where a value
 * would be: anywhere, or within the -f paths. */
static enum ndjson_action
decrypt_key(void *ctx, const struct ndjson_value *v)
{
	struct decrypt *d = ctx;

	return (d->o.fields == NULL || v->in_selected) &&
	        token_is(v->str, v->len)
	    ? NDJSON_TAKE
	    : NDJSON_KEEP;
}

static int
decrypt_want(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	return decrypt_holds(s, n);
}

/* A string that is no token as a whole: its span tokens opened.  What
 * was appended is wiped when one fails. */
static int
decrypt_string(struct decrypt *d, const struct ndjson_value *v, struct buf *out,
    struct phi_err *e)
{
	size_t at = out->len;
	int rc;

	if ((rc = append(out, "\"", 1, e)) != PHI_OK ||
	    (rc = decrypt_text(d, v->line + v->start + 1, v->end - v->start - 2,
	         out, e)) != PHI_OK ||
	    (rc = append(out, "\"", 1, e)) != PHI_OK) {
		OPENSSL_cleanse(out->p + at, out->len - at);
		out->len = at;
	}
	return rc;
}

static int
decrypt_take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	struct decrypt *d = ctx;
	struct buf path = BUF_INIT;
	size_t at = out->len;
	int rc;

	d->cur = v;
	d->path_set = 0;
	if (!token_is(v->str, v->len)) {
		rc = decrypt_string(d, v, out, e);
	} else if ((rc = decrypt_token(d, v->str, v->len, out, e)) == PHI_OK &&
	    v->is_key && out->p[at] != '"') {
		/* a key must stay a string: anything else is forged */
		OPENSSL_cleanse(out->p + at, out->len - at);
		out->len = at;
		rc = phi_err_set(
		    e, PHI_EDATA, "token key does not hold a string");
	}
	d->cur = NULL;
	if (rc == PHI_EKEY && d->o.skip_unknown && token_opener_no_key(d->op)) {
		d->skipped++;
		return append(out, v->line + v->start, v->end - v->start, e);
	}
	/* a key is named by its object: the token itself is no help */
	if (rc != PHI_OK && v->is_key)
		buf_puts(
		    &path, v->depth > 1 ? "a key of " : "a key of the event");
	if (rc != PHI_OK &&
	    path_format(&path, v->path, v->depth - (v->is_key != 0), 0) == 0 &&
	    buf_putc(&path, '\0') == 0)
		phi_err_prefix(e, "%s", path.p);
	buf_free(&path, 0);
	return rc;
}

/* A worker's decrypt: its own token opener (HPKE contexts and their
 * cache), the keyrings shared, only read. */
static void *
decrypt_worker_new(void *ctx, struct phi_err *e)
{
	const struct decrypt *d = ctx;
	struct decrypt *w;

	return decrypt_new(&w, &d->o, e) == PHI_OK ? w : NULL;
}

/* The worker's counts and key ids since the last merge, in order. */
static int
decrypt_worker_merge(void *ctx, void *wctx, struct phi_err *e)
{
	struct decrypt *d = ctx, *w = wctx;
	size_t i;

	(void)e;
	d->skipped += w->skipped;
	w->skipped = 0;
	for (i = 0; i < w->kids.n; i++)
		kidlist_add(&d->kids, w->kids.v[i]);
	for (i = 0; i < w->skids.n; i++)
		kidlist_add(&d->skids, w->skids.v[i]);
	w->kids.n = w->skids.n = 0;
	memset(w->last, 0, sizeof(w->last));
	return PHI_OK;
}

static void
decrypt_worker_free(void *wctx)
{
	decrypt_free(wctx);
}

void
decrypt_handler(struct decrypt *d, struct ndjson_handler *h)
{
	memset(h, 0, sizeof(*h));
	h->ctx = d;
	h->visit = decrypt_visit;
	h->take = decrypt_take;
	h->key = decrypt_key;
	h->want_string = decrypt_want; /* used when no fields are selected */
	/* token bodies of either suite skip yajl's lexer */
	h->elide_prefix = "phi:";
	h->worker_new = decrypt_worker_new;
	h->worker_merge = decrypt_worker_merge;
	h->worker_free = decrypt_worker_free;
}

const struct pathset *
decrypt_select(const struct decrypt *d)
{
	return d->o.fields;
}

uint64_t
decrypt_skipped(const struct decrypt *d)
{
	return d->skipped;
}

int
decrypt_kids_json(const struct decrypt *d, int senders, struct buf *out)
{
	const struct kidlist *l = senders ? &d->skids : &d->kids;
	char hex[2 * KEY_ID_LEN + 1];
	size_t i;

	/* out's errors are sticky (buf.h): checked once, at the end */
	buf_putc(out, '[');
	for (i = 0; i < l->n; i++) {
		hex_encode(l->v[i], KEY_ID_LEN, hex);
		buf_puts(out, i > 0 ? ",\"" : "\"");
		buf_puts(out, hex);
		buf_putc(out, '"');
	}
	buf_putc(out, ']');
	return out->err != 0 ? -1 : 0;
}

void
decrypt_free(struct decrypt *d)
{
	if (d == NULL)
		return;
	token_opener_free(d->op);
	buf_free(&d->path, 0);
	buf_free(&d->rpath, 0);
	free(d);
}
