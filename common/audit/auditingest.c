/* auditingest.c - events to audit records (see auditingest.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auditingest.h"
#include "audittime.h"
#include "ndjson.h"
#include "pathset.h"

static const char *const field_names[AUDIT_F_COUNT][2] = {
    {"event_type", "event_type"}, {"actor", "actor_user_id"},
    {"end_user", "end_user_id"}, {"workspace", "workspace_id"},
    {"timestamp", "timestamp"}};

struct ingest {
	const struct audit_ingest_opts *o;
	struct audit_log *log;
	struct ndjson *nj;
	const char *name;
	struct pathset *ps[AUDIT_F_COUNT];
	struct buf val[AUDIT_F_COUNT];
	int got[AUDIT_F_COUNT];
	int bad; /* a mapped value that is not a string or number */
	uint64_t count, base, lineno;
	struct buf details;
};

int
audit_ingest_map(
    struct audit_ingest_opts *o, const char *spec, struct phi_err *e)
{
	const char *eq = strchr(spec, '=');
	size_t n, i;

	if (eq == NULL || eq[1] == '\0')
		return phi_err_set(e, PHI_EUSAGE,
		    "--map: expected FIELD=PATH, e.g. end_user=userId");
	n = (size_t)(eq - spec);
	for (i = 0; i < AUDIT_F_COUNT; i++)
		if ((strlen(field_names[i][0]) == n &&
		        memcmp(spec, field_names[i][0], n) == 0) ||
		    (strlen(field_names[i][1]) == n &&
		        memcmp(spec, field_names[i][1], n) == 0)) {
			o->map[i] = eq + 1;
			return PHI_OK;
		}
	return phi_err_set(e, PHI_EUSAGE,
	    "--map: unknown audit field (one of event_type, actor, end_user, workspace, timestamp)");
}

static enum ndjson_action
ingest_visit(void *ctx, const struct ndjson_value *v)
{
	struct ingest *g = ctx;
	size_t i;

	if (!v->selected)
		return NDJSON_KEEP;
	for (i = 0; i < AUDIT_F_COUNT; i++) {
		if (g->ps[i] == NULL || g->got[i] ||
		    !pathset_match(g->ps[i], v->path, v->depth))
			continue;
		g->got[i] = 1;
		if ((v->type != NDJSON_STRING && v->type != NDJSON_NUMBER) ||
		    v->len == 0 || memchr(v->str, '\0', v->len) != NULL) {
			g->bad = 1;
			continue;
		}
		g->val[i].len = 0;
		buf_append(&g->val[i], v->str, v->len);
		buf_putc(&g->val[i], '\0');
	}
	return v->type == NDJSON_OBJECT || v->type == NDJSON_ARRAY
	    ? (v->live ? NDJSON_KEEP : NDJSON_SKIP)
	    : NDJSON_KEEP;
}

/* The mapped value, else the default. */
static const char *
field(struct ingest *g, enum audit_field f, const char *def)
{
	return g->got[f] ? g->val[f].p : def;
}

/* details: where the event came from, never what it held. */
static int
ingest_details(struct ingest *g, uint64_t line)
{
	g->details.len = 0;
	buf_puts(&g->details, "{\"source\":");
	buf_json_string(&g->details, g->name, strlen(g->name));
	buf_printf(&g->details, ",\"line\":%" PRIu64 "}", line);
	return buf_putc(&g->details, '\0');
}

static int
ingest_entry(
    struct ingest *g, struct audit_entry *en, char *ts, struct phi_err *e)
{
	const struct audit_entry *d = &g->o->defaults;

	*en = *d;
	en->event_type = field(g, AUDIT_F_EVENT_TYPE, d->event_type);
	en->actor = field(g, AUDIT_F_ACTOR, d->actor);
	en->end_user = field(g, AUDIT_F_END_USER, d->end_user);
	en->workspace = field(g, AUDIT_F_WORKSPACE, d->workspace);
	if (g->bad)
		return phi_err_set(
		    e, PHI_EDATA, "a mapped field is not a string or a number");
	if (en->event_type == NULL)
		return phi_err_set(e, PHI_EDATA,
		    "no event type (map one with --map event_type=PATH or give --event-type)");
	if (g->got[AUDIT_F_TIMESTAMP]) {
		if (audit_time_normalize(g->val[AUDIT_F_TIMESTAMP].p, ts) != 0)
			return phi_err_set(e, PHI_EDATA,
			    "the mapped timestamp is not an RFC 3339 time");
		en->timestamp = ts;
	}
	if (ingest_details(g, g->lineno) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	en->details = g->details.p;
	return PHI_OK;
}

static int
ingest_line(void *ctx, struct phi_err *e)
{
	struct ingest *g = ctx;
	char ts[AUDIT_TIME_LEN + 1];
	struct audit_entry en;
	int rc;

	g->lineno = ndjson_stats(g->nj)->lines - g->base;
	rc = ingest_entry(g, &en, ts, e);
	if (rc == PHI_OK)
		rc = audit_log_append(g->log, &en, e);
	if (rc == PHI_EDATA)
		phi_err_prefix(e, "%s:%" PRIu64, g->name, g->lineno);
	memset(g->got, 0, sizeof(g->got));
	g->bad = 0;
	g->count += rc == PHI_OK;
	return rc;
}

static int
ingest_paths(struct ingest *g, struct pathset **all, struct phi_err *e)
{
	size_t i;

	if ((*all = pathset_new()) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	for (i = 0; i < AUDIT_F_COUNT; i++) {
		if (g->o->map[i] == NULL)
			continue;
		if ((g->ps[i] = pathset_new()) == NULL)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		if (pathset_add(g->ps[i], g->o->map[i], e) != PHI_OK ||
		    pathset_add(*all, g->o->map[i], e) != PHI_OK)
			return phi_err_prefix(e, "--map %s", field_names[i][0]);
	}
	return PHI_OK;
}

static int
ingest_files(struct ingest *g, char *const *files, int n, struct phi_err *e)
{
	int i, rc = PHI_OK;

	for (i = 0; rc == PHI_OK && i < (n > 0 ? n : 1); i++) {
		g->name =
		    n > 0 && strcmp(files[i], "-") != 0 ? files[i] : "(stdin)";
		g->base = ndjson_stats(g->nj)->lines;
		rc = ndjson_run_file(g->nj, n > 0 ? files[i] : NULL, e);
	}
	return rc;
}

int
audit_ingest_run(struct audit_log *l, const struct audit_ingest_opts *o,
    char *const *files, int n, uint64_t *count, struct phi_err *e)
{
	struct ndjson_handler h = {
	    .visit = ingest_visit, .line_done = ingest_line};
	struct ndjson_opts no = {.max_line = o->max_line, .out_fd = -1};
	struct ingest g = {.o = o, .log = l};
	struct pathset *all = NULL;
	size_t i;
	int rc;

	h.ctx = &g;
	if ((rc = ingest_paths(&g, &all, e)) == PHI_OK) {
		no.select = all;
		if ((rc = ndjson_new(&g.nj, &no, &h, e)) == PHI_OK)
			rc = ingest_files(&g, files, n, e);
	}
	*count = g.count;
	ndjson_free(g.nj);
	pathset_free(all);
	for (i = 0; i < AUDIT_F_COUNT; i++) {
		pathset_free(g.ps[i]);
		buf_free(&g.val[i], 0);
	}
	buf_free(&g.details, 0);
	return rc;
}
