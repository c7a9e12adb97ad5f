/* auditreview.c - alerts and summaries over audit logs (see
 * auditreview.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auditphi.h"
#include "auditrec.h"
#include "auditreview.h"
#include "audittime.h"

#define DECRYPTED "PHI Decrypted"

/* A sliding window of (time, amount) over one actor's records. */
struct win {
	int64_t *t, *v;
	size_t head, len, cap;
	int64_t sum;
	int burst; /* alerted; quiet until the window falls back */
};

struct actor {
	char *name;
	struct win fail, dec;
};

struct pair {
	char *event_type, *actor;
	uint64_t count;
};

struct audit_review {
	struct audit_review_opts o;
	struct actor *actors;
	size_t nactors;
	struct pair *pairs;
	size_t npairs;
	uint64_t bad, total;
	int64_t last_ms;
	int have_last;
	char first[AUDIT_TIME_LEN + 1], last[AUDIT_TIME_LEN + 1];
	const char *file;
	uint64_t line;
	struct audit_phi *phi;
	struct buf fields;
	struct buf *out; /* where the alerts of the file go */
	struct audit_time_tz tz;
};

void
audit_review_defaults(struct audit_review_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->failed_logins = 5;
	o->window_ms = 300 * 1000;
	o->failed_event = "Login Failed";
	o->absence_ms = 86400 * 1000;
	o->hours_from = 7;
	o->hours_to = 19;
	o->decrypt_limit = 10000;
	o->decrypt_window_ms = 86400 * 1000;
	o->phi_check = 1;
}

static int
two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
audit_review_hours(
    struct audit_review_opts *o, const char *s, struct phi_err *e)
{
	int a, b;

	if (strlen(s) != 5 || s[2] != '-' || (a = two_digits(s)) < 0 ||
	    (b = two_digits(s + 3)) < 0 || a > b || b > 24)
		return phi_err_set(e, PHI_EUSAGE,
		    "--hours: expected HH-HH, e.g. 07-19 (00-24: off)");
	o->hours_from = a;
	o->hours_to = b;
	return PHI_OK;
}

int
audit_review_offset(
    struct audit_review_opts *o, const char *s, struct phi_err *e)
{
	int h, m;

	if (strlen(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' ||
	    (h = two_digits(s + 1)) < 0 || (m = two_digits(s + 4)) < 0 ||
	    h > 23 || m > 59)
		return phi_err_set(
		    e, PHI_EUSAGE, "--utc-offset: expected +HH:MM or -HH:MM");
	o->utc_offset_min = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
	return PHI_OK;
}

int
audit_review_new(struct audit_review **out, const struct audit_review_opts *o,
    struct phi_err *e)
{
	struct audit_review *r = calloc(1, sizeof(*r));
	int rc;

	*out = NULL;
	if (r == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	r->o = *o;
	if (o->tz != NULL &&
	    (rc = audit_time_tz_use(&r->tz, o->tz, e)) != PHI_OK) {
		free(r);
		return rc;
	}
	if (o->phi_check && !o->summary &&
	    (rc = audit_phi_new(&r->phi, o->rule_files, o->nrules, e)) !=
	        PHI_OK) {
		audit_time_tz_restore(&r->tz);
		free(r);
		return rc;
	}
	*out = r;
	return PHI_OK;
}

static void
win_free(struct win *w)
{
	free(w->t);
	free(w->v);
}

void
audit_review_free(struct audit_review *r)
{
	size_t i;

	if (r == NULL)
		return;
	audit_time_tz_restore(&r->tz);
	for (i = 0; i < r->nactors; i++) {
		free(r->actors[i].name);
		win_free(&r->actors[i].fail);
		win_free(&r->actors[i].dec);
	}
	for (i = 0; i < r->npairs; i++) {
		free(r->pairs[i].event_type);
		free(r->pairs[i].actor);
	}
	free(r->actors);
	free(r->pairs);
	audit_phi_free(r->phi);
	buf_free(&r->fields, 0);
	free(r);
}

uint64_t
audit_review_bad(const struct audit_review *r)
{
	return r->bad;
}

/* Drops what is older than span before now. */
static void
win_prune(struct win *w, int64_t now, int64_t span)
{
	while (w->len > 0 && w->t[w->head] < now - span) {
		w->sum -= w->v[w->head];
		w->head++;
		w->len--;
	}
	if (w->len == 0)
		w->head = 0;
}

static int
win_push(struct win *w, int64_t t, int64_t v)
{
	size_t cap;
	int64_t *nt, *nv;

	if (w->head > 0 && w->head + w->len == w->cap) {
		memmove(w->t, w->t + w->head, w->len * sizeof(*w->t));
		memmove(w->v, w->v + w->head, w->len * sizeof(*w->v));
		w->head = 0;
	}
	if (w->len == w->cap) {
		cap = w->cap == 0 ? 16 : w->cap * 2;
		if (cap > SIZE_MAX / sizeof(int64_t))
			return -1;
		if ((nt = realloc(w->t, cap * sizeof(*nt))) != NULL)
			w->t = nt;
		if ((nv = realloc(w->v, cap * sizeof(*nv))) != NULL)
			w->v = nv;
		if (nt == NULL || nv == NULL)
			return -1;
		w->cap = cap;
	}
	w->t[w->head + w->len] = t;
	w->v[w->head + w->len] = v;
	w->len++;
	w->sum += v;
	return 0;
}

static struct actor *
actor_get(struct audit_review *r, const char *name)
{
	struct actor *a;
	size_t i;

	for (i = 0; i < r->nactors; i++)
		if (strcmp(r->actors[i].name, name) == 0)
			return &r->actors[i];
	a = realloc(r->actors, (r->nactors + 1) * sizeof(*a));
	if (a == NULL)
		return NULL;
	r->actors = a;
	a += r->nactors;
	memset(a, 0, sizeof(*a));
	if ((a->name = strdup(name)) == NULL)
		return NULL;
	r->nactors++;
	return a;
}

static int
pair_count(struct audit_review *r, const char *ev, const char *actor)
{
	struct pair *p;
	size_t i;

	for (i = 0; i < r->npairs; i++)
		if (strcmp(r->pairs[i].event_type, ev) == 0 &&
		    strcmp(r->pairs[i].actor, actor) == 0) {
			r->pairs[i].count++;
			return 0;
		}
	if ((p = realloc(r->pairs, (r->npairs + 1) * sizeof(*p))) == NULL)
		return -1;
	r->pairs = p;
	p += r->npairs++;
	p->count = 1;
	p->event_type = strdup(ev);
	p->actor = strdup(actor);
	return p->event_type != NULL && p->actor != NULL ? 0 : -1;
}

static void
json_member(struct buf *out, const char *key, const char *val)
{
	buf_printf(out, ",\"%s\":", key);
	buf_json_string(out, val, strlen(val));
}

static void
json_time(struct buf *out, const char *key, int64_t ms)
{
	char ts[AUDIT_TIME_LEN + 1];

	if (audit_time_format(ms, ts) != 0)
		strcpy(ts, "?");
	json_member(out, key, ts);
}

static void
alert_open(struct buf *out, const char *kind)
{
	buf_puts(out, "{\"alert\":");
	buf_json_string(out, kind, strlen(kind));
}

static void
alert_close(struct audit_review *r, struct buf *out)
{
	json_member(out, "file", r->file);
	buf_printf(out, ",\"line\":%" PRIu64 "}\n", r->line);
}

/* Adds v at ms; alerts when the sum in the window reaches limit, once
 * per burst (until the window has fallen below limit again). */
static int
window_check(struct audit_review *r, struct win *w, const char *kind,
    const char *actor, int64_t ms, int64_t v, int64_t span, int64_t limit,
    struct buf *out)
{
	win_prune(w, ms, span);
	if (w->sum < limit)
		w->burst = 0; /* the last burst is over */
	if (win_push(w, ms, v) != 0)
		return -1;
	if (w->sum < limit || w->burst)
		return 0;
	w->burst = 1;
	alert_open(out, kind);
	json_member(out, "actor_user_id", actor);
	buf_printf(out, ",\"count\":%" PRId64, w->sum);
	json_time(out, "from", w->t[w->head]);
	json_time(out, "to", ms);
	alert_close(r, out);
	return 0;
}

static void
check_time(struct audit_review *r, const struct audit_line *al, int64_t ms,
    struct buf *out)
{
	int64_t sec = ms / 1000 + (int64_t)r->o.utc_offset_min * 60;
	int hour = r->o.tz != NULL
	    ? audit_time_local_hour(ms)
	    : (int)((sec % 86400 + 86400) % 86400 / 3600);

	if (r->o.absence_ms > 0 && r->have_last &&
	    ms - r->last_ms > r->o.absence_ms) {
		alert_open(out, "absence");
		json_time(out, "from", r->last_ms);
		json_time(out, "to", ms);
		buf_printf(
		    out, ",\"seconds\":%" PRId64, (ms - r->last_ms) / 1000);
		alert_close(r, out);
	}
	if (!r->have_last || ms > r->last_ms)
		r->last_ms = ms;
	r->have_last = 1;
	if (r->o.hours_from == 0 && r->o.hours_to == 24)
		return;
	if (hour < r->o.hours_from || hour >= r->o.hours_to) {
		alert_open(out, "off_hours");
		json_member(out, "actor_user_id", al->actor);
		json_member(out, "event_type", al->event_type);
		json_member(out, "timestamp", al->timestamp);
		alert_close(r, out);
	}
}

static int
check_actor(struct audit_review *r, const struct audit_line *al, int64_t ms,
    struct buf *out)
{
	const struct audit_review_opts *o = &r->o;
	struct actor *a;
	int64_t n = 1;

	if ((a = actor_get(r, al->actor)) == NULL)
		return -1;
	if (o->failed_logins > 0 &&
	    strcmp(al->event_type, o->failed_event) == 0 &&
	    window_check(r, &a->fail, "failed_logins", al->actor, ms, 1,
	        o->window_ms, o->failed_logins, out) != 0)
		return -1;
	if (o->decrypt_limit <= 0 || strcmp(al->event_type, DECRYPTED) != 0)
		return 0;
	if (audit_rec_details_int(al->details, "values", &n) != 0 || n < 0)
		n = 1;
	return window_check(r, &a->dec, "decrypt_volume", al->actor, ms, n,
	    o->decrypt_window_ms, (int64_t)o->decrypt_limit + 1, out);
}

static int
check_phi(struct audit_review *r, const struct audit_line *al, struct buf *out,
    struct phi_err *e)
{
	size_t hits;
	int rc;

	if (r->phi == NULL)
		return PHI_OK;
	r->fields.len = 0;
	rc = audit_phi_check(r->phi, al, &r->fields, &hits, e);
	if (rc != PHI_OK || hits == 0)
		return rc;
	alert_open(out, "phi");
	buf_printf(out, ",\"seq\":%" PRIu64 ",\"fields\":[", al->seq);
	buf_append(out, r->fields.p, r->fields.len);
	buf_putc(out, ']');
	alert_close(r, out);
	return PHI_OK;
}

static int
review_record(struct audit_review *r, const struct audit_line *al,
    struct buf *out, struct phi_err *e)
{
	int64_t ms = 0;

	(void)audit_time_parse(al->timestamp, &ms);
	if (r->total == 0 || strcmp(al->timestamp, r->first) < 0)
		memcpy(r->first, al->timestamp, sizeof(r->first));
	if (r->total == 0 || strcmp(al->timestamp, r->last) > 0)
		memcpy(r->last, al->timestamp, sizeof(r->last));
	r->total++;
	if (r->o.summary) {
		if (pair_count(r, al->event_type, al->actor) != 0)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		return PHI_OK;
	}
	if (strncmp(al->event_type, "Audit Log ", 10) == 0)
		return PHI_OK; /* the log's own records are not activity */
	check_time(r, al, ms, out);
	if (check_actor(r, al, ms, out) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return check_phi(r, al, out, e);
}

static int
review_line(void *ctx, const char *p, size_t n, int nl, uint64_t lineno,
    struct phi_err *e)
{
	struct audit_review *r = ctx;
	struct audit_line al;
	int rc;

	(void)nl;
	r->line = lineno;
	if ((rc = audit_rec_line_parse(p, n, &al, e)) != PHI_OK)
		goto out;
	if (al.status == AUDIT_LINE_OK || al.status == AUDIT_LINE_CHANGED)
		rc = review_record(r, &al, r->out, e);
	else {
		r->bad++;
		alert_open(r->out, "unreadable");
		alert_close(r, r->out);
	}
out:
	audit_rec_line_free(&al);
	return rc;
}

int
audit_review_file(struct audit_review *r, const char *path, struct buf *out,
    struct phi_err *e)
{
	int rc;

	r->file = path;
	r->out = out;
	rc = audit_rec_lines(path, r->o.max_line, review_line, r, e);
	if (rc == PHI_OK && out->err != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return rc;
}

static int
pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = strcmp(x->event_type, y->event_type);

	return c != 0 ? c : strcmp(x->actor, y->actor);
}

int
audit_review_finish(struct audit_review *r, struct buf *out, struct phi_err *e)
{
	size_t i;

	if (!r->o.summary)
		return PHI_OK;
	if (r->npairs > 1)
		qsort(r->pairs, r->npairs, sizeof(*r->pairs), pair_cmp);
	for (i = 0; i < r->npairs; i++) {
		buf_puts(out, "{\"event_type\":");
		buf_json_string(out, r->pairs[i].event_type,
		    strlen(r->pairs[i].event_type));
		json_member(out, "actor_user_id", r->pairs[i].actor);
		buf_printf(out, ",\"count\":%" PRIu64 "}\n", r->pairs[i].count);
	}
	buf_printf(out, "{\"total\":%" PRIu64, r->total);
	if (r->total > 0) {
		json_member(out, "first", r->first);
		json_member(out, "last", r->last);
	}
	buf_puts(out, "}\n");
	if (out->err != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}
