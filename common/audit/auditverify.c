/*
 * auditverify.c - the verifier (see auditverify.h).
 *
 * Records are taken in file order.  The chain is followed through "cur"
 * (the last record accepted) and "before" (the one accepted before it).
 * A record whose seq jumps ahead is held back one line, so that two
 * swapped records are told from a deletion.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auditrec.h"
#include "auditseal.h"
#include "auditverify.h"
#include "hex.h"

struct chain_rec {
	uint64_t seq, line;
	size_t file; /* index into v->files */
	int flagged;
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
};

struct checkpoint {
	uint64_t seq;
	char hash[AUDIT_HASH_HEX + 1];
	char log_id[AUDIT_LOG_ID_HEX + 1];
	int state; /* 0 not seen, 1 matched, 2 differs (at file, line) */
	size_t file;
	uint64_t line;
};

struct audit_verify {
	struct audit_verify_opts o;
	struct audit_verify_stats st;
	char **files;
	size_t nfiles;
	struct chain_rec cur, before, pend;
	int started, have_before, have_pend, have_seal;
	uint64_t max_seq, last_line;
	char log_id[AUDIT_LOG_ID_HEX + 1];
	struct checkpoint *cps;
	size_t ncps;
	char msg[384];
};

static void __attribute__((format(printf, 6, 7)))
finding(struct audit_verify *v, const char *kind, const char *file,
    uint64_t line, int64_t seq, const char *fmt, ...)
{
	struct audit_finding f;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof(v->msg), fmt, ap);
	va_end(ap);
	f.kind = kind;
	f.file = file;
	f.line = line;
	f.seq = seq;
	f.message = v->msg;
	v->st.findings++;
	if (v->o.finding != NULL)
		v->o.finding(v->o.ctx, &f);
}

#define AT(v, c) (v)->files[(c)->file], (c)->line, (int64_t)(c)->seq

static void
blame(struct audit_verify *v, struct chain_rec *c)
{
	if (!c->flagged)
		v->st.flagged++;
	c->flagged = 1;
}

static void
accept(struct audit_verify *v, const struct chain_rec *r)
{
	v->before = v->cur;
	v->have_before = v->started;
	v->cur = *r;
	v->started = 1;
}

static void
gap(struct audit_verify *v, struct chain_rec *p)
{
	uint64_t from = v->cur.seq + 1, to = p->seq - 1;

	finding(v, "deleted", AT(v, p),
	    "%" PRIu64 " record(s) missing before this line (seq %" PRIu64
	    " to %" PRIu64 ")",
	    to - from + 1, from, to);
}

static void
chain_first(struct audit_verify *v, struct chain_rec *r)
{
	if (v->o.from != NULL) {
		if (strcmp(r->prev, v->o.from) != 0) {
			finding(v, "broken", AT(v, r),
			    "the first record does not follow --from HASH");
			blame(v, r);
		}
	} else if (r->seq != 0) {
		finding(v, "deleted", AT(v, r),
		    "the log starts at seq %" PRIu64 ": records 0 to %" PRIu64
		    " are missing (for a rotated file, give --from HASH)",
		    r->seq, r->seq - 1);
	}
	accept(v, r);
}

static void
chain_back(struct audit_verify *v, struct chain_rec *r)
{
	if (r->seq == v->cur.seq && v->have_before &&
	    strcmp(r->prev, v->before.hash) == 0) {
		finding(v, "inserted", AT(v, &v->cur),
		    "this record is not in the chain: line %" PRIu64
		    " continues from line %" PRIu64,
		    r->line, v->before.line);
		blame(v, &v->cur);
		v->cur = *r;
		return;
	}
	finding(v, r->seq == v->cur.seq ? "inserted" : "reordered", AT(v, r),
	    "seq %" PRIu64 " after seq %" PRIu64 " (line %" PRIu64 "): %s",
	    r->seq, v->cur.seq, v->cur.line,
	    r->seq == v->cur.seq ? "a second record with that seq"
	                         : "records moved or replayed");
	blame(v, r);
}

static void chain_next(struct audit_verify *v, struct chain_rec *r);

static void
chain_pending(struct audit_verify *v, struct chain_rec *r)
{
	struct chain_rec p = v->pend;

	v->have_pend = 0;
	if (r->seq == v->cur.seq + 1 && strcmp(r->prev, v->cur.hash) == 0 &&
	    p.seq == r->seq + 1 && strcmp(p.prev, r->hash) == 0) {
		finding(v, "swapped", AT(v, &p),
		    "this record (seq %" PRIu64 ") and line %" PRIu64
		    " (seq %" PRIu64 ") are in the wrong order",
		    p.seq, r->line, r->seq);
		blame(v, &p);
		blame(v, r);
		accept(v, r);
		accept(v, &p);
		return;
	}
	gap(v, &p);
	accept(v, &p);
	chain_next(v, r);
}

static void
chain_next(struct audit_verify *v, struct chain_rec *r)
{
	if (v->have_pend) {
		chain_pending(v, r);
		return;
	}
	if (r->seq == v->cur.seq + 1) {
		if (strcmp(r->prev, v->cur.hash) != 0) {
			finding(v, "broken", AT(v, r),
			    "does not chain to line %" PRIu64
			    ": that record was rewritten, or this one forged",
			    v->cur.line);
			blame(v, r);
		}
		accept(v, r);
	} else if (r->seq > v->cur.seq + 1) {
		v->pend = *r;
		v->have_pend = 1;
	} else
		chain_back(v, r);
}

/* A record naming a log: the first one fixes the log's identity. */
static void
check_log_id(
    struct audit_verify *v, const struct audit_line *al, struct chain_rec *r)
{
	const char *id = audit_rec_details_str(al->details, "log_id");

	if (id == NULL || !hex_is_lower(id, AUDIT_LOG_ID_HEX))
		return; /* a seal's shape is checked with the seal */
	if (v->log_id[0] == '\0')
		memcpy(v->log_id, id, sizeof(v->log_id));
	else if (strcmp(v->log_id, id) != 0) {
		finding(v, "log_id", AT(v, r),
		    "this record belongs to another log");
		blame(v, r);
	}
}

static const char *
seal_problem(enum audit_seal_result res, const char **kind)
{
	static const char *const why[] = {
	    [AUDIT_SEAL_MALFORMED] = "the details are not those of a seal",
	    [AUDIT_SEAL_MISMATCH] =
	        "the records before this seal are not the ones it signed: history was rewritten",
	    [AUDIT_SEAL_UNKNOWN_KEY] = "signed by none of the keys given",
	    [AUDIT_SEAL_BAD_SIG] = "the signature does not verify"};
	static const char *const kinds[] = {[AUDIT_SEAL_MALFORMED] = "bad_seal",
	    [AUDIT_SEAL_MISMATCH] = "seal_mismatch",
	    [AUDIT_SEAL_UNKNOWN_KEY] = "unknown_key",
	    [AUDIT_SEAL_BAD_SIG] = "bad_signature"};

	*kind = kinds[res];
	return why[res];
}

static int
check_seal(struct audit_verify *v, const struct audit_line *al,
    struct chain_rec *r, struct phi_err *e)
{
	enum audit_seal_result res;
	const char *kind, *why;
	int rc;

	v->st.seals++;
	v->have_seal = 1;
	v->st.unsealed = 0;
	rc = audit_seal_check(al, v->o.keys, v->o.nkeys, &res, e);
	if (rc != PHI_OK)
		return rc;
	if (res == AUDIT_SEAL_OK)
		v->st.seals_valid++;
	else if (res == AUDIT_SEAL_UNCHECKED)
		v->st.seals_unchecked++;
	else {
		why = seal_problem(res, &kind);
		finding(v, kind, AT(v, r), "seal: %s", why);
		blame(v, r);
	}
	return PHI_OK;
}

static void
check_genesis(
    struct audit_verify *v, const struct audit_line *al, struct chain_rec *r)
{
	int created = strcmp(al->event_type, AUDIT_EV_CREATED) == 0;

	if (r->seq == 0 &&
	    (!created || strcmp(r->prev, AUDIT_ZERO_HASH) != 0)) {
		finding(v, "broken", AT(v, r),
		    "seq 0 is not the log's \"Audit Log Created\" record");
		blame(v, r);
	} else if (r->seq != 0 && created) {
		finding(v, "inserted", AT(v, r),
		    "a second \"Audit Log Created\" record");
		blame(v, r);
	}
}

static void
check_checkpoints(struct audit_verify *v, const struct chain_rec *r)
{
	size_t i;

	for (i = 0; i < v->ncps; i++) {
		if (v->cps[i].seq != r->seq || v->cps[i].state == 1)
			continue;
		if (strcmp(v->cps[i].hash, r->hash) == 0)
			v->cps[i].state = 1;
		else if (v->cps[i].state == 0) {
			v->cps[i].state = 2;
			v->cps[i].file = r->file;
			v->cps[i].line = r->line;
		}
	}
}

/* The checks of one record that do not depend on its neighbours. */
static int
check_record(struct audit_verify *v, const struct audit_line *al,
    struct chain_rec *r, struct phi_err *e)
{
	const char *ev = al->event_type;

	if (r->seq > v->max_seq)
		v->max_seq = r->seq;
	v->st.unsealed++;
	check_genesis(v, al, r);
	check_checkpoints(v, r);
	if (strcmp(ev, AUDIT_EV_CREATED) == 0 ||
	    strcmp(ev, AUDIT_EV_ROTATED) == 0 ||
	    strcmp(ev, AUDIT_EV_SEALED) == 0)
		check_log_id(v, al, r);
	if (strcmp(ev, AUDIT_EV_SEALED) == 0)
		return check_seal(v, al, r, e);
	return PHI_OK;
}

static int
verify_line(void *ctx, const char *p, size_t n, int nl, uint64_t lineno,
    struct phi_err *e)
{
	struct audit_verify *v = ctx;
	struct chain_rec r = {0};
	struct audit_line al;
	int rc;

	v->st.records++;
	v->last_line = lineno;
	r.file = v->nfiles - 1;
	r.line = lineno;
	if ((rc = audit_rec_line_parse(p, n, &al, e)) != PHI_OK)
		goto out;
	if (!nl || al.status == AUDIT_LINE_TORN ||
	    al.status == AUDIT_LINE_MALFORMED) {
		finding(v,
		    !nl || al.status == AUDIT_LINE_TORN ? "torn" : "malformed",
		    v->files[r.file], lineno, -1, "%s",
		    !nl ? "the last line has no newline: a write was cut short"
		        : al.why);
		blame(v, &r);
		goto out;
	}
	r.seq = al.seq;
	memcpy(r.prev, al.prev, sizeof(r.prev));
	memcpy(r.hash, al.hash, sizeof(r.hash));
	if (al.status == AUDIT_LINE_CHANGED) {
		finding(v, "changed", AT(v, &r), "%s", al.why);
		blame(v, &r);
	}
	if ((rc = check_record(v, &al, &r, e)) != PHI_OK)
		goto out;
	if (v->started)
		chain_next(v, &r);
	else
		chain_first(v, &r);
out:
	audit_rec_line_free(&al);
	return rc;
}

static int
add_file(struct audit_verify *v, const char *path, struct phi_err *e)
{
	char **f = realloc(v->files, (v->nfiles + 1) * sizeof(*f));

	if (f == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	v->files = f;
	if ((f[v->nfiles] = strdup(path)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	v->nfiles++;
	return PHI_OK;
}

int
audit_verify_file(struct audit_verify *v, const char *path, struct phi_err *e)
{
	int rc;

	if ((rc = add_file(v, path, e)) != PHI_OK)
		return rc;
	v->last_line = 0;
	return audit_rec_lines(path, v->o.max_line, verify_line, v, e);
}

static int
cp_add(struct audit_verify *v, const struct audit_line *al, struct phi_err *e)
{
	struct checkpoint *c = realloc(v->cps, (v->ncps + 1) * sizeof(*c));
	const char *id = audit_rec_details_str(al->details, "log_id");

	if (c == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	v->cps = c;
	c += v->ncps++;
	memset(c, 0, sizeof(*c));
	c->seq = al->seq;
	memcpy(c->hash, al->hash, sizeof(c->hash));
	memcpy(c->log_id, id, sizeof(c->log_id));
	return PHI_OK;
}

static int
cp_line(void *ctx, const char *p, size_t n, int nl, uint64_t lineno,
    struct phi_err *e)
{
	struct audit_verify *v = ctx;
	enum audit_seal_result res = AUDIT_SEAL_MALFORMED;
	struct audit_line al;
	int rc;

	(void)nl;
	v->st.checkpoints++;
	rc = audit_rec_line_parse(p, n, &al, e);
	if (rc == PHI_OK && al.status == AUDIT_LINE_OK &&
	    strcmp(al.event_type, AUDIT_EV_SEALED) == 0)
		rc = audit_seal_check(&al, v->o.keys, v->o.nkeys, &res, e);
	if (rc == PHI_OK && res == AUDIT_SEAL_OK)
		rc = cp_add(v, &al, e);
	else if (rc == PHI_OK)
		finding(v, "bad_checkpoint", v->files[v->nfiles - 1], lineno,
		    -1, "not a seal with a good signature by a key given");
	audit_rec_line_free(&al);
	return rc;
}

int
audit_verify_checkpoints(
    struct audit_verify *v, const char *path, struct phi_err *e)
{
	int rc;

	if ((rc = add_file(v, path, e)) != PHI_OK)
		return rc;
	return audit_rec_lines(path, v->o.max_line, cp_line, v, e);
}

static void
finish_checkpoint(struct audit_verify *v, struct checkpoint *c)
{
	const char *last = v->nfiles > 0 ? v->files[v->nfiles - 1] : NULL;

	if (v->log_id[0] != '\0' && strcmp(c->log_id, v->log_id) != 0)
		finding(v, "log_id", NULL, 0, (int64_t)c->seq,
		    "a kept checkpoint belongs to another log");
	else if (c->state == 1)
		v->st.checkpoints_valid++;
	else if (c->state == 2)
		finding(v, "rewritten", v->files[c->file], c->line,
		    (int64_t)c->seq,
		    "this is not the record the kept checkpoint holds for seq %" PRIu64,
		    c->seq);
	else if (!v->started || v->max_seq < c->seq)
		finding(v, "truncated", last, v->last_line, (int64_t)c->seq,
		    "the log ends at seq %" PRIu64
		    " but a kept checkpoint covers seq 0 to %" PRIu64
		    ": records were cut off the end",
		    v->started ? v->max_seq : 0, c->seq);
	else
		finding(v, "rewritten", last, 0, (int64_t)c->seq,
		    "no record with seq %" PRIu64
		    " in the log, which the kept checkpoint holds",
		    c->seq);
}

int
audit_verify_finish(struct audit_verify *v, struct phi_err *e)
{
	size_t i;

	(void)e;
	if (v->have_pend) {
		v->have_pend = 0;
		gap(v, &v->pend);
		accept(v, &v->pend);
	}
	for (i = 0; i < v->ncps; i++)
		finish_checkpoint(v, &v->cps[i]);
	if (v->o.nkeys > 0 && !v->have_seal)
		finding(v, "unsealed",
		    v->nfiles > 0 ? v->files[v->nfiles - 1] : NULL, 0, -1,
		    "keys were given but the log has no seal");
	return PHI_OK;
}

int
audit_verify_new(struct audit_verify **out, const struct audit_verify_opts *o,
    struct phi_err *e)
{
	struct audit_verify *v;

	*out = NULL;
	if (o->from != NULL && !hex_is_lower(o->from, AUDIT_HASH_HEX))
		return phi_err_set(e, PHI_EUSAGE,
		    "--from: expected a record hash (64 hex digits)");
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	v->o = *o;
	*out = v;
	return PHI_OK;
}

void
audit_verify_free(struct audit_verify *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->nfiles; i++)
		free(v->files[i]);
	free(v->files);
	free(v->cps);
	free(v);
}

const struct audit_verify_stats *
audit_verify_stats(const struct audit_verify *v)
{
	return &v->st;
}

int
audit_verify_finding_format(const struct audit_finding *f, struct buf *out)
{
	buf_puts(out, "{\"kind\":");
	buf_json_string(out, f->kind, strlen(f->kind));
	buf_puts(out, ",\"file\":");
	if (f->file != NULL)
		buf_json_string(out, f->file, strlen(f->file));
	else
		buf_puts(out, "null");
	if (f->line > 0)
		buf_printf(out, ",\"line\":%" PRIu64, f->line);
	else
		buf_puts(out, ",\"line\":null");
	if (f->seq >= 0)
		buf_printf(out, ",\"seq\":%" PRId64, f->seq);
	else
		buf_puts(out, ",\"seq\":null");
	buf_puts(out, ",\"message\":");
	buf_json_string(out, f->message, strlen(f->message));
	return buf_puts(out, "}\n");
}
