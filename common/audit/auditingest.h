/*
 * auditingest.h - turning NDJSON events (application logs, logins,
 * exports) into audit records, one per event, by a mapping of which
 * event field becomes which audit field:
 *
 *	--map event_type=event --map end_user=userId --map actor=context.user
 *
 * Audit fields: event_type, actor (actor_user_id), end_user (end_user_id;
 * written as its pseudonym), workspace (workspace_id) and timestamp (any
 * RFC 3339 time, written as UTC with milliseconds).  Paths are field
 * paths (phi-tools(7) "FIELD PATHS").  A mapped value must be a string or
 * a number; an event without it takes the default given (or none: the
 * record has null end_user_id and the time of ingestion).  details is
 * {"source":"<file name>","line":N}: never a value of the event.
 */
#ifndef PHI_AUDITINGEST_H
#define PHI_AUDITINGEST_H

#include <stddef.h>
#include <stdint.h>

#include "auditlog.h"
#include "phierr.h"

enum audit_field {
	AUDIT_F_EVENT_TYPE,
	AUDIT_F_ACTOR,
	AUDIT_F_END_USER,
	AUDIT_F_WORKSPACE,
	AUDIT_F_TIMESTAMP,
	AUDIT_F_COUNT
};

struct audit_ingest_opts {
	const char *map[AUDIT_F_COUNT]; /* input field paths, or NULL */
	struct audit_entry defaults;    /* used when an event lacks one */
	size_t max_line;                /* 0: the NDJSON default */
};

/* Adds "FIELD=PATH" to o->map (PHI_EUSAGE if FIELD is unknown). */
int audit_ingest_map(
    struct audit_ingest_opts *o, const char *spec, struct phi_err *e);

/* Appends one record per event of files[0..n) ("-" or none: standard
 * input) to l; *count gets the number appended.  A line that is not a
 * JSON object, or an event the mapping cannot fill, stops the run with
 * PHI_EDATA naming the file and line. */
int audit_ingest_run(struct audit_log *l, const struct audit_ingest_opts *o,
    char *const *files, int n, uint64_t *count, struct phi_err *e);

#endif
