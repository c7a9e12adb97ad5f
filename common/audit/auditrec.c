/* auditrec.c - audit records, canonical form and hash (see auditrec.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <yajl_gen.h>

#include "audittime.h"
#include "auditrec.h"
#include "hex.h"
#include "yajlmem.h"

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
	if (st == yajl_max_depth_exceeded)
		return phi_err_set(e, PHI_EDATA,
		    "details: nested more than %d deep", YAJL_MAX_DEPTH - 2);
	return phi_err_set(e, PHI_ESOFTWARE, "JSON generator failed");
}

/* The details text, parsed into m's blocks (freed with m). */
static int
gen_details(yajl_gen g, struct yajlmem *m, const char *text, struct phi_err *e)
{
	yajl_gen_status st;
	yajl_val v;
	int rc;

	if (text == NULL)
		text = "{}";
	if (strlen(text) > AUDIT_MAX_DETAILS)
		return phi_err_set(e, PHI_EDATA,
		    "details: longer than %d bytes", AUDIT_MAX_DETAILS);
	rc = yajlmem_tree_parse(m, text, strlen(text), &v);
	if (rc == YAJLMEM_OOM)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (rc != YAJLMEM_TREE_OK || !YAJL_IS_OBJECT(v))
		return phi_err_set(
		    e, PHI_EDATA, "details: not one JSON object");
	st = gen_str(g, "details");
	if (st == yajl_gen_status_ok)
		st = gen_tree(g, v);
	return gen_status(st, e);
}

static int
gen_record(
    yajl_gen g, struct yajlmem *m, const struct audit_rec *r, struct phi_err *e)
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
	    (rc = gen_details(g, m, r->details, e)) != PHI_OK)
		return rc;
	st = gen_kv(g, "prev", r->prev);
	if (st == yajl_gen_status_ok)
		st = yajl_gen_map_close(g);
	return gen_status(st, e);
}

/* A generator and what it works on, for yajlmem_run(). */
struct gen_job {
	struct yajlmem mem;
	yajl_gen g;
	yajl_gen_status st;
	const struct audit_rec *r;
	struct audit_line *l;
	struct phi_err *e;
};

static int
rec_gen(void *arg)
{
	struct gen_job *j = arg;

	if ((j->g = yajl_gen_alloc(&j->mem.funcs)) == NULL)
		return phi_err_set(j->e, PHI_ESOFTWARE, "out of memory");
	yajl_gen_config(j->g, yajl_gen_validate_utf8, 1);
	return gen_record(j->g, &j->mem, j->r, j->e);
}

int
audit_rec_format(const struct audit_rec *r, struct buf *out,
    char hash[AUDIT_HASH_HEX + 1], struct phi_err *e)
{
	struct gen_job j = {.r = r, .e = e};
	const unsigned char *body;
	size_t n;
	int rc;

	if (r->seq > INT64_MAX || r->timestamp == NULL ||
	    r->workspace == NULL || r->actor == NULL || r->event_type == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "incomplete record");
	yajlmem_init(&j.mem);
	if ((rc = yajlmem_run(&j.mem, rec_gen, &j)) == YAJLMEM_OOM)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (rc != PHI_OK)
		goto out;
	yajl_gen_get_buf(j.g, &body, &n);
	rc = phi_err_set(e, PHI_ESOFTWARE, "SHA-256 failed");
	if (sha256_hex(body, n, "", hash) != 0)
		goto out;
	buf_append(out, body, n - 1);
	buf_printf(out, ",\"hash\":\"%s\"}\n", hash);
	rc = out->err == 0 ? PHI_OK
	                   : phi_err_set(e, PHI_ESOFTWARE, "out of memory");
out:
	yajlmem_release(&j.mem);
	return rc;
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

static int
line_gen(void *arg)
{
	struct gen_job *j = arg;

	if ((j->g = yajl_gen_alloc(&j->mem.funcs)) == NULL)
		return PHI_ESOFTWARE;
	j->st = gen_tree(j->g, j->l->tree);
	return PHI_OK;
}

/* The line must be its own regeneration, and its hash must hold. */
static int
line_check(
    const char *line, size_t len, struct audit_line *l, struct phi_err *e)
{
	struct gen_job j = {.l = l};
	const unsigned char *body;
	char hash[AUDIT_HASH_HEX + 1];
	size_t n;
	int rc = PHI_OK;

	yajlmem_init(&j.mem);
	l->status = AUDIT_LINE_CHANGED;
	if (yajlmem_run(&j.mem, line_gen, &j) != PHI_OK)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else if (j.st == yajl_max_depth_exceeded) {
		l->status = AUDIT_LINE_MALFORMED;
		l->why = "nested too deeply";
	} else if (j.st != yajl_gen_status_ok)
		rc = phi_err_set(e, PHI_ESOFTWARE, "JSON generator failed");
	if (rc != PHI_OK || j.st != yajl_gen_status_ok)
		goto out;
	yajl_gen_get_buf(j.g, &body, &n);
	if (n != len || memcmp(body, line, n) != 0)
		l->why = "not in canonical form";
	else if (sha256_hex(body, n - HASH_TAIL_LEN, "}", hash) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "SHA-256 failed");
	else if (strcmp(hash, l->hash) != 0)
		l->why = "its hash does not match its content";
	else
		l->status = AUDIT_LINE_OK;
out:
	yajlmem_release(&j.mem);
	return rc;
}

int
audit_rec_line_parse(
    const char *line, size_t len, struct audit_line *l, struct phi_err *e)
{
	int rc;

	memset(l, 0, sizeof(*l));
	yajlmem_init(&l->mem);
	l->status = AUDIT_LINE_MALFORMED;
	if (len == 0 || len > AUDIT_MAX_LINE ||
	    memchr(line, '\0', len) != NULL) {
		l->why = len == 0 ? "empty line" : "not an audit record";
		return PHI_OK;
	}
	rc = yajlmem_tree_parse(&l->mem, line, len, &l->tree);
	if (rc == YAJLMEM_OOM)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (rc != YAJLMEM_TREE_OK) {
		if (rc == YAJLMEM_TREE_TORN)
			l->status = AUDIT_LINE_TORN;
		l->why = rc == YAJLMEM_TREE_TORN ? "cut short" : "not JSON";
		return PHI_OK;
	}
	if ((l->why = line_shape(l->tree, l)) != NULL)
		return PHI_OK;
	return line_check(line, len, l, e);
}

void
audit_rec_line_free(struct audit_line *l)
{
	yajlmem_release(&l->mem);
	l->tree = NULL;
	l->details = NULL;
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
audit_rec_details_str(yajl_val details, const char *key)
{
	return YAJL_GET_STRING(details_get(details, key));
}

int
audit_rec_details_int(yajl_val details, const char *key, int64_t *out)
{
	yajl_val v = details_get(details, key);

	if (!YAJL_IS_INTEGER(v))
		return -1;
	*out = YAJL_GET_INTEGER(v);
	return 0;
}

int
audit_rec_lines(const char *path, size_t max_line, lines_fn *fn, void *ctx,
    struct phi_err *e)
{
	FILE *f;
	int rc;

	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (f == NULL)
		return phi_err_set(
		    e, PHI_ENOINPUT, "%s: %s", path, strerror(errno));
	rc = lines_each(f, strcmp(path, "-") == 0 ? "(stdin)" : path,
	    max_line > 0 ? max_line : AUDIT_MAX_LINE_DEFAULT, fn, ctx, e);
	if (f != stdin)
		fclose(f);
	return rc;
}
