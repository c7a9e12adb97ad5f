/* auditrec.c - audit records, canonical form and hash (see auditrec.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <yajl_gen.h>
#include <yajl_parse.h>

#include "audittime.h"
#include "auditrec.h"
#include "hex.h"

/* `,"hash":"` + 64 hex + `"}` */
#define HASH_TAIL_LEN (9 + AUDIT_HASH_HEX + 2)

static const char *const rec_keys[] = {"seq", "timestamp", "workspace_id",
    "actor_user_id", "event_type", "end_user_id", "details", "prev", "hash"};
#define NKEYS (sizeof(rec_keys) / sizeof(rec_keys[0]))

/* SHA-256 of p[0..n) followed by the string tail, in hex. */
static int
sha256_hex(
    const void *p, size_t n, const char *tail, char hash[AUDIT_HASH_HEX + 1])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	uint8_t md[32];
	int ok;

	ok = c != NULL && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(c, p, n) == 1 &&
	    EVP_DigestUpdate(c, tail, strlen(tail)) == 1 &&
	    EVP_DigestFinal_ex(c, md, NULL) == 1;
	EVP_MD_CTX_free(c);
	if (!ok)
		return -1;
	hex_encode(md, sizeof(md), hash);
	return 0;
}

static yajl_gen_status
gen_str(yajl_gen g, const char *s)
{
	return yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

/* Regenerates a parsed value: compact, members in order, numbers as
 * they were spelt. */
static yajl_gen_status
gen_tree(yajl_gen g, yajl_val v)
{
	yajl_gen_status st = yajl_gen_status_ok;
	size_t i;

	if (YAJL_IS_STRING(v))
		return gen_str(g, YAJL_GET_STRING(v));
	if (YAJL_IS_NUMBER(v))
		return yajl_gen_number(
		    g, YAJL_GET_NUMBER(v), strlen(YAJL_GET_NUMBER(v)));
	if (YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v))
		return yajl_gen_bool(g, YAJL_IS_TRUE(v));
	if (YAJL_IS_NULL(v))
		return yajl_gen_null(g);
	if (YAJL_IS_ARRAY(v)) {
		st = yajl_gen_array_open(g);
		for (i = 0; st == yajl_gen_status_ok && i < v->u.array.len; i++)
			st = gen_tree(g, v->u.array.values[i]);
		return st == yajl_gen_status_ok ? yajl_gen_array_close(g) : st;
	}
	st = yajl_gen_map_open(g);
	for (i = 0; st == yajl_gen_status_ok && i < v->u.object.len; i++) {
		st = gen_str(g, v->u.object.keys[i]);
		if (st == yajl_gen_status_ok)
			st = gen_tree(g, v->u.object.values[i]);
	}
	return st == yajl_gen_status_ok ? yajl_gen_map_close(g) : st;
}

static yajl_gen_status
gen_kv(yajl_gen g, const char *key, const char *val)
{
	yajl_gen_status st = gen_str(g, key);

	if (st != yajl_gen_status_ok)
		return st;
	return val != NULL ? gen_str(g, val) : yajl_gen_null(g);
}

static int
gen_status(yajl_gen_status st, struct phi_err *e)
{
	if (st == yajl_gen_status_ok)
		return PHI_OK;
	if (st == yajl_gen_invalid_string)
		return phi_err_set(e, PHI_EDATA, "a value is not UTF-8");
	return phi_err_set(e, PHI_ESOFTWARE, "JSON generator failed");
}

static int
gen_details(yajl_gen g, const char *text, struct phi_err *e)
{
	yajl_gen_status st;
	char eb[128];
	yajl_val v;

	if (text == NULL)
		text = "{}";
	if (strlen(text) > AUDIT_MAX_DETAILS)
		return phi_err_set(e, PHI_EDATA,
		    "details: longer than %d bytes", AUDIT_MAX_DETAILS);
	v = yajl_tree_parse(text, eb, sizeof(eb));
	if (v == NULL || !YAJL_IS_OBJECT(v)) {
		yajl_tree_free(v);
		return phi_err_set(
		    e, PHI_EDATA, "details: not one JSON object");
	}
	st = gen_str(g, "details");
	if (st == yajl_gen_status_ok)
		st = gen_tree(g, v);
	yajl_tree_free(v);
	return gen_status(st, e);
}

static int
gen_record(yajl_gen g, const struct audit_rec *r, struct phi_err *e)
{
	yajl_gen_status st;
	int rc;

	st = yajl_gen_map_open(g);
	if (st == yajl_gen_status_ok)
		st = gen_str(g, "seq");
	if (st == yajl_gen_status_ok)
		st = yajl_gen_integer(g, (long long)r->seq);
	if (st == yajl_gen_status_ok)
		st = gen_kv(g, "timestamp", r->timestamp);
	if (st == yajl_gen_status_ok)
		st = gen_kv(g, "workspace_id", r->workspace);
	if (st == yajl_gen_status_ok)
		st = gen_kv(g, "actor_user_id", r->actor);
	if (st == yajl_gen_status_ok)
		st = gen_kv(g, "event_type", r->event_type);
	if (st == yajl_gen_status_ok)
		st = gen_kv(g, "end_user_id", r->end_user);
	if ((rc = gen_status(st, e)) != PHI_OK ||
	    (rc = gen_details(g, r->details, e)) != PHI_OK)
		return rc;
	st = gen_kv(g, "prev", r->prev);
	if (st == yajl_gen_status_ok)
		st = yajl_gen_map_close(g);
	return gen_status(st, e);
}

int
audit_rec_format(const struct audit_rec *r, struct buf *out,
    char hash[AUDIT_HASH_HEX + 1], struct phi_err *e)
{
	const unsigned char *body;
	yajl_gen g;
	size_t n;
	int rc;

	if (r->seq > INT64_MAX || r->timestamp == NULL ||
	    r->workspace == NULL || r->actor == NULL || r->event_type == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "incomplete record");
	if ((g = yajl_gen_alloc(NULL)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	yajl_gen_config(g, yajl_gen_validate_utf8, 1);
	if ((rc = gen_record(g, r, e)) != PHI_OK)
		goto out;
	yajl_gen_get_buf(g, &body, &n);
	rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (sha256_hex(body, n, "", hash) != 0)
		goto out;
	buf_append(out, body, n - 1);
	buf_printf(out, ",\"hash\":\"%s\"}\n", hash);
	if (out->err == 0)
		rc = PHI_OK;
out:
	yajl_gen_free(g);
	return rc;
}

/* Is line the beginning of a JSON text that was cut short? */
static int
is_torn(const char *line, size_t len)
{
	yajl_handle h = yajl_alloc(NULL, NULL, NULL);
	int torn;

	if (h == NULL)
		return 0;
	torn =
	    yajl_parse(h, (const unsigned char *)line, len) == yajl_status_ok &&
	    yajl_complete_parse(h) != yajl_status_ok;
	yajl_free(h);
	return torn;
}

static int
is_str(yajl_val v)
{
	return YAJL_IS_STRING(v);
}

static int
is_hash(yajl_val v)
{
	return YAJL_IS_STRING(v) &&
	    hex_is_lower(YAJL_GET_STRING(v), AUDIT_HASH_HEX);
}

static int
is_time(yajl_val v)
{
	const char *s = YAJL_GET_STRING(v);
	int64_t ms;

	return s != NULL && strlen(s) == AUDIT_TIME_LEN && s[10] == 'T' &&
	    s[19] == '.' && s[23] == 'Z' && audit_time_parse(s, &ms) == 0;
}

/* Checks the members and their types; NULL, or what is wrong. */
static const char *
line_shape(yajl_val t, struct audit_line *l)
{
	yajl_val *v;
	size_t i;

	if (!YAJL_IS_OBJECT(t) || t->u.object.len != NKEYS)
		return "not an audit record";
	for (i = 0; i < NKEYS; i++)
		if (strcmp(t->u.object.keys[i], rec_keys[i]) != 0)
			return "not an audit record";
	v = t->u.object.values;
	if (!YAJL_IS_INTEGER(v[0]) || YAJL_GET_INTEGER(v[0]) < 0)
		return "seq is not a whole number";
	if (!is_time(v[1]))
		return "timestamp is not UTC RFC 3339 with milliseconds";
	if (!is_str(v[2]) || !is_str(v[3]) || !is_str(v[4]))
		return "a field is not a string";
	if (!YAJL_IS_NULL(v[5]) && !is_hash(v[5]))
		return "end_user_id is not a pseudonym";
	if (!YAJL_IS_OBJECT(v[6]))
		return "details is not an object";
	if (!is_hash(v[7]) || !is_hash(v[8]))
		return "prev or hash is not 64 hex digits";
	l->seq = (uint64_t)YAJL_GET_INTEGER(v[0]);
	l->timestamp = YAJL_GET_STRING(v[1]);
	l->workspace = YAJL_GET_STRING(v[2]);
	l->actor = YAJL_GET_STRING(v[3]);
	l->event_type = YAJL_GET_STRING(v[4]);
	l->end_user = YAJL_GET_STRING(v[5]);
	l->details = v[6];
	memcpy(l->prev, v[7]->u.string, AUDIT_HASH_HEX + 1);
	memcpy(l->hash, v[8]->u.string, AUDIT_HASH_HEX + 1);
	return NULL;
}

/* The line must be its own regeneration, and its hash must hold. */
static int
line_check(
    const char *line, size_t len, struct audit_line *l, struct phi_err *e)
{
	const unsigned char *body;
	char hash[AUDIT_HASH_HEX + 1];
	yajl_gen g;
	size_t n;
	int rc = PHI_OK;

	if ((g = yajl_gen_alloc(NULL)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (gen_tree(g, l->tree) != yajl_gen_status_ok) {
		rc = phi_err_set(e, PHI_ESOFTWARE, "JSON generator failed");
		goto out;
	}
	yajl_gen_get_buf(g, &body, &n);
	l->status = AUDIT_LINE_CHANGED;
	if (n != len || memcmp(body, line, n) != 0)
		l->why = "not in canonical form";
	else if (sha256_hex(body, n - HASH_TAIL_LEN, "}", hash) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "SHA-256 failed");
	else if (strcmp(hash, l->hash) != 0)
		l->why = "its hash does not match its content";
	else
		l->status = AUDIT_LINE_OK;
out:
	yajl_gen_free(g);
	return rc;
}

#define CANCELLED "parse error: client cancelled"

int
audit_line_parse(
    const char *line, size_t len, struct audit_line *l, struct phi_err *e)
{
	char eb[128], *copy;

	memset(l, 0, sizeof(*l));
	l->status = AUDIT_LINE_MALFORMED;
	if (len == 0 || len > AUDIT_MAX_LINE ||
	    memchr(line, '\0', len) != NULL) {
		l->why = len == 0 ? "empty line" : "not an audit record";
		return PHI_OK;
	}
	if ((copy = malloc(len + 1)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	memcpy(copy, line, len);
	copy[len] = '\0';
	eb[0] = '\0';
	l->tree = yajl_tree_parse(copy, eb, sizeof(eb));
	free(copy);
	/* when a node cannot be made, yajl_tree's callback cancels the
	 * parse: out of memory, which must not pass for a malformed record
	 * (only the start of eb is yajl's; the rest quotes the input) */
	if (l->tree == NULL && strncmp(eb, CANCELLED, strlen(CANCELLED)) == 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (l->tree == NULL) {
		if (is_torn(line, len))
			l->status = AUDIT_LINE_TORN;
		l->why = is_torn(line, len) ? "cut short" : "not JSON";
		return PHI_OK;
	}
	if ((l->why = line_shape(l->tree, l)) != NULL)
		return PHI_OK;
	return line_check(line, len, l, e);
}

void
audit_line_free(struct audit_line *l)
{
	yajl_tree_free(l->tree);
	l->tree = NULL;
}

static yajl_val
details_get(yajl_val d, const char *key)
{
	size_t i;

	if (!YAJL_IS_OBJECT(d))
		return NULL;
	for (i = 0; i < d->u.object.len; i++)
		if (strcmp(d->u.object.keys[i], key) == 0)
			return d->u.object.values[i];
	return NULL;
}

const char *
audit_details_str(yajl_val details, const char *key)
{
	return YAJL_GET_STRING(details_get(details, key));
}

int
audit_details_int(yajl_val details, const char *key, int64_t *out)
{
	yajl_val v = details_get(details, key);

	if (!YAJL_IS_INTEGER(v))
		return -1;
	*out = YAJL_GET_INTEGER(v);
	return 0;
}

int
audit_file_lines(const char *path,
    int (*fn)(void *ctx, const char *line, size_t n, int nl, uint64_t lineno,
        struct phi_err *e),
    void *ctx, struct phi_err *e)
{
	uint64_t lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int rc = PHI_OK, nl;

	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (f == NULL)
		return phi_err_set(
		    e, PHI_ENOINPUT, "%s: %s", path, strerror(errno));
	while (rc == PHI_OK && (n = getline(&line, &cap, f)) > 0) {
		nl = line[n - 1] == '\n';
		rc = fn(ctx, line, (size_t)n - (size_t)nl, nl, ++lineno, e);
	}
	if (rc == PHI_OK && ferror(f))
		rc = phi_err_set(
		    e, PHI_EIO, "%s: read: %s", path, strerror(errno));
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}
