/*
 * auditphi.h - does an audit record hold a value that looks like PHI?
 * (phi-classify's engine over its fields).
 *
 * workspace_id, actor_user_id and event_type are judged by their values
 * only (their key names are the log's own); the leaves of details by key
 * name and value for strings and by value for numbers.  seq, timestamp,
 * end_user_id (a pseudonym), prev and hash are the log's own and skipped.
 * Results name paths and matchers, never values.
 */
#ifndef PHI_AUDITPHI_H
#define PHI_AUDITPHI_H

#include <stddef.h>

#include "auditrec.h"
#include "buf.h"
#include "phierr.h"

struct audit_phi;

/* Loads the default rules and rule_files[0..n) (as phi-classify). */
int audit_phi_new(struct audit_phi **out, const char *const *rule_files,
    size_t n, struct phi_err *e);
void audit_phi_free(struct audit_phi *p);

/* Appends to out, for each field of l that looks like PHI,
 * {"path":P,"colour":C,"matchers":[...]} (comma-separated, no brackets
 * around the list); *hits gets their number. */
int audit_phi_check(struct audit_phi *p, const struct audit_line *l,
    struct buf *out, size_t *hits, struct phi_err *e);

/* The same for the details of a record about to be written (JSON object
 * text, as record -d takes it): PHI_EDATA when it is not one. */
int audit_phi_details(struct audit_phi *p, const char *details, struct buf *out,
    size_t *hits, struct phi_err *e);

#endif
