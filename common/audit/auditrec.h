/*
 * auditrec.h - one audit log record: its canonical line, its hash, and
 * the parse of a line back into a record.
 *
 * A record is one line, a JSON object with exactly these members in this
 * order, written compactly (no white space) by yajl's generator:
 *
 *	{"seq":N,"timestamp":"2026-11-23T03:57:46.123Z",
 *	 "workspace_id":"...","actor_user_id":"...","event_type":"...",
 *	 "end_user_id":"<64 hex>"|null,"details":{...},
 *	 "prev":"<64 hex>","hash":"<64 hex>"}
 *
 * hash = lowercase hex SHA-256 of the canonical bytes: the line without
 * its newline and without its last member, i.e. the same text ending
 * `"prev":"<64 hex>"}`.  prev is the hash of the record before (64 zeros
 * before the first).  details is regenerated from its parse, so its
 * members keep their order and numbers their spelling, but all white
 * space goes.  A line is canonical when regenerating it from its parse
 * gives the same bytes; the verifier requires that.
 */
#ifndef PHI_AUDITREC_H
#define PHI_AUDITREC_H

#include <stddef.h>
#include <stdint.h>

#include <yajl_tree.h>

#include "buf.h"
#include "lines.h"
#include "phierr.h"
#include "yajlmem.h"

#define AUDIT_HASH_HEX 64
#define AUDIT_LOG_ID_HEX 32
#define AUDIT_MAX_DETAILS 16384
#define AUDIT_MAX_LINE 65536
/* prev of the first record */
#define AUDIT_ZERO_HASH                                                        \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* Event types the log itself writes; record and ingest refuse any
 * event type starting with "Audit Log ". */
#define AUDIT_EV_CREATED "Audit Log Created"
#define AUDIT_EV_ROTATED "Audit Log Rotated"
#define AUDIT_EV_SEALED "Audit Log Sealed"

/* A record to be written.  All strings are borrowed. */
struct audit_rec {
	uint64_t seq;
	const char *timestamp; /* AUDIT_TIME_LEN characters */
	const char *workspace;
	const char *actor;
	const char *event_type;
	const char *end_user; /* a pseudonym (hex), or NULL for null */
	const char *details;  /* JSON object text; NULL: {} */
	char prev[AUDIT_HASH_HEX + 1];
};

/* Appends the record's line (with its newline) to out and its hash to
 * hash.  PHI_EDATA if details is not one JSON object of at most
 * AUDIT_MAX_DETAILS bytes or a string is not UTF-8. */
int audit_rec_format(const struct audit_rec *r, struct buf *out,
    char hash[AUDIT_HASH_HEX + 1], struct phi_err *e);

enum audit_line_status {
	AUDIT_LINE_OK,        /* a canonical record whose hash holds */
	AUDIT_LINE_CHANGED,   /* a record, but its hash does not match its
	                         content, or it is not canonical */
	AUDIT_LINE_TORN,      /* the start of a JSON text, cut short */
	AUDIT_LINE_MALFORMED, /* not JSON, or not shaped like a record */
};

/* A parsed line.  The strings point into tree, whose nodes are blocks
 * of mem (yajl's allocations checked: see yajlmem.h). */
struct audit_line {
	enum audit_line_status status;
	const char *why; /* for CHANGED and MALFORMED: what is wrong */
	struct yajlmem mem;
	yajl_val tree;
	uint64_t seq;
	const char *timestamp, *workspace, *actor, *event_type;
	const char *end_user; /* NULL: null */
	yajl_val details;     /* an object */
	char prev[AUDIT_HASH_HEX + 1];
	char hash[AUDIT_HASH_HEX + 1]; /* as stored in the line */
};

/* Parses line[0..len) (no newline).  Returns PHI_OK with l->status
 * set, or PHI_ESOFTWARE when out of memory.  Free with
 * audit_rec_line_free() in every case. */
int audit_rec_line_parse(
    const char *line, size_t len, struct audit_line *l, struct phi_err *e);
void audit_rec_line_free(struct audit_line *l);

/* A details member: the string or integer value of key, or NULL / -1. */
const char *audit_rec_details_str(yajl_val details, const char *key);
int audit_rec_details_int(yajl_val details, const char *key, int64_t *out);

/* The longest line read from an audit file by default (phi-audit
 * --max-line changes it), as the NDJSON core's. */
#define AUDIT_MAX_LINE_DEFAULT ((size_t)64 * 1024 * 1024)

/* Calls fn for each line of the file at path ("-": standard input) as
 * lines_each() (lines.h) does, lines bounded by max_line (0: the
 * default).  PHI_ENOINPUT when it cannot be opened; PHI_EDATA for a
 * line too long; PHI_EIO when it cannot be read. */
int audit_rec_lines(const char *path, size_t max_line, lines_fn *fn, void *ctx,
    struct phi_err *e);

#endif
