/* auditphi.c - PHI-looking values in audit records (see auditphi.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "auditphi.h"
#include "classify.h"
#include "path.h"

#define MAX_DEPTH 64
/* The key name judged for "value only": it normalises to nothing, as ""
 * does, but is not empty (an empty key name makes buf_reserve() form
 * NULL + 0 inside the classifier's key cache, which UBSan rejects). */
#define NO_KEY "-"

struct audit_phi {
	struct classifier *c;
	struct buf *out;
	size_t hits;
	struct path_seg segs[MAX_DEPTH];
};

int
audit_phi_new(struct audit_phi **out, const char *const *rule_files, size_t n,
    struct phi_err *e)
{
	struct audit_phi *p = calloc(1, sizeof(*p));
	int rc;

	*out = NULL;
	if (p == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((rc = classify_load(&p->c, rule_files, n, e)) != PHI_OK) {
		free(p);
		return rc;
	}
	*out = p;
	return PHI_OK;
}

void
audit_phi_free(struct audit_phi *p)
{
	if (p == NULL)
		return;
	classify_free(p->c);
	free(p);
}

static void
report(struct audit_phi *p, size_t depth, const struct class_result *r)
{
	size_t i, n = classify_rule_count(p->c), first = 1;
	struct buf path = BUF_INIT;
	const char *name;

	if (p->hits++ > 0)
		buf_putc(p->out, ',');
	buf_puts(p->out, "{\"path\":");
	if (path_format(&path, p->segs, depth, 0) != 0)
		p->out->err = ENOMEM; /* the check fails (70): no "path": , */
	else
		buf_json_string(p->out, path.p, path.len);
	buf_free(&path, 0);
	buf_printf(p->out, ",\"colour\":\"%s\",\"matchers\":[",
	    class_colour_name(r->colour));
	for (i = 0; i < n; i++) {
		if (!classify_result_has(r, i))
			continue;
		name = classify_rule_name(p->c, i);
		if (!first)
			buf_putc(p->out, ',');
		buf_json_string(p->out, name, strlen(name));
		first = 0;
	}
	buf_puts(p->out, "]}");
}

/* One leaf at p->segs[0..depth); key: the name judged (NO_KEY: none). */
static void
leaf(struct audit_phi *p, size_t depth, const char *key, yajl_val v)
{
	struct class_result r;
	enum ndjson_type t;
	const char *s;

	if (YAJL_IS_STRING(v))
		t = NDJSON_STRING, s = YAJL_GET_STRING(v);
	else if (YAJL_IS_NUMBER(v))
		t = NDJSON_NUMBER, s = YAJL_GET_NUMBER(v), key = NO_KEY;
	else
		return;
	classify_leaf(p->c, key, strlen(key), t, s, strlen(s), &r);
	if (r.colour != CLASS_GREEN)
		report(p, depth, &r);
}

/* An object key at segs[depth] is judged as a value would be: one that
 * is PHI is a finding, and the paths of it and below it name it
 * ["…"]. */
static void
key_check(struct audit_phi *p, size_t depth)
{
	struct class_result r;

	classify_key_text(p->c, p->segs[depth].key, p->segs[depth].keylen, &r);
	if (r.colour == CLASS_GREEN)
		return;
	p->segs[depth].key = path_mask;
	p->segs[depth].keylen = PATH_MASK_LEN;
	report(p, depth + 1, &r);
}

static void
walk(struct audit_phi *p, size_t depth, const char *key, yajl_val v)
{
	size_t i;

	if (depth >= MAX_DEPTH)
		return;
	if (YAJL_IS_OBJECT(v)) {
		for (i = 0; i < v->u.object.len; i++) {
			p->segs[depth].key = v->u.object.keys[i];
			p->segs[depth].keylen = strlen(v->u.object.keys[i]);
			key_check(p, depth);
			walk(p, depth + 1, v->u.object.keys[i],
			    v->u.object.values[i]);
		}
	} else if (YAJL_IS_ARRAY(v)) {
		for (i = 0; i < v->u.array.len; i++) {
			p->segs[depth].key = NULL;
			p->segs[depth].index = i;
			walk(p, depth + 1, key, v->u.array.values[i]);
		}
	} else
		leaf(p, depth, key, v);
}

int
audit_phi_check(struct audit_phi *p, const struct audit_line *l,
    struct buf *out, size_t *hits, struct phi_err *e)
{
	static const char *const own[] = {
	    "workspace_id", "actor_user_id", "event_type"};
	yajl_val *vals = l->tree->u.object.values;
	size_t i;

	p->out = out;
	p->hits = 0;
	for (i = 0; i < 3; i++) { /* members 2, 3, 4 of the record */
		p->segs[0].key = own[i];
		p->segs[0].keylen = strlen(own[i]);
		leaf(p, 1, NO_KEY, vals[2 + i]);
	}
	p->segs[0].key = "details";
	p->segs[0].keylen = 7;
	walk(p, 1, NO_KEY, l->details);
	*hits = p->hits;
	if (out->err != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

int
audit_phi_details(struct audit_phi *p, const char *details, struct buf *out,
    size_t *hits, struct phi_err *e)
{
	struct yajlmem m;
	yajl_val v = NULL;
	int rc;

	yajlmem_init(&m);
	rc = yajlmem_tree_parse(&m, details, strlen(details), &v);
	if (rc == YAJLMEM_OOM)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else if (rc != YAJLMEM_TREE_OK || !YAJL_IS_OBJECT(v))
		rc = phi_err_set(e, PHI_EDATA, "details: not one JSON object");
	else {
		p->out = out;
		p->hits = 0;
		p->segs[0].key = "details";
		p->segs[0].keylen = 7;
		walk(p, 1, NO_KEY, v);
		*hits = p->hits;
		rc = out->err != 0
		    ? phi_err_set(e, PHI_ESOFTWARE, "out of memory")
		    : PHI_OK;
	}
	yajlmem_release(&m);
	return rc;
}
