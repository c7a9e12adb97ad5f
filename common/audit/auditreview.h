/*
 * auditreview.h - the periodic review of audit logs (HIPAA
 * 164.308(a)(1)(ii)(D)): alerts as NDJSON, or a summary.
 *
 * Alerts, one JSON object a line, "alert" first:
 *   {"alert":"failed_logins","actor_user_id":A,"count":N,"from":T,
 *    "to":T,"file":F,"line":L}  N or more failed-login records of one
 *                              actor within the window (once per burst)
 *   {"alert":"absence","from":T,"to":T,"seconds":S,"file":F,"line":L}
 *                              no record for longer than the threshold
 *   {"alert":"off_hours","actor_user_id":A,"event_type":E,
 *    "timestamp":T,"file":F,"line":L}  a record outside working hours
 *   {"alert":"decrypt_volume","actor_user_id":A,"count":N,"from":T,
 *    "to":T,"file":F,"line":L} more values decrypted by one actor
 *                              within the window than the limit
 *                              (count: details.values of "PHI
 *                              Decrypted" records, 1 when absent)
 *   {"alert":"phi","seq":S,"fields":[{"path":P,"colour":C,
 *    "matchers":[...]}...],"file":F,"line":L}  a record holding a value
 *                              that looks like PHI (auditphi.h; the
 *                              alert names paths and rules, no value)
 *   {"alert":"unreadable","file":F,"line":L} a line that is not a record
 * Records are taken in file order; the windows follow their timestamps.
 *
 * Summary: {"event_type":E,"actor_user_id":A,"count":N} for each pair,
 * sorted, then {"total":N,"first":T,"last":T}.
 */
#ifndef PHI_AUDITREVIEW_H
#define PHI_AUDITREVIEW_H

#include <stdint.h>

#include "buf.h"
#include "phierr.h"

struct audit_review_opts {
	size_t max_line;    /* longest line; 0: AUDIT_MAX_LINE_DEFAULT */
	long failed_logins; /* 0: off */
	int64_t window_ms;
	const char *failed_event;
	int64_t absence_ms;       /* 0: off */
	int hours_from, hours_to; /* working hours [from, to); 0-24: off */
	int utc_offset_min;
	const char *tz;     /* a named zone (audittime.h), else the offset */
	long decrypt_limit; /* 0: off */
	int64_t decrypt_window_ms;
	int summary;
	int phi_check;                 /* look for PHI-like values */
	const char *const *rule_files; /* phi-classify rules added */
	size_t nrules;
};

/* 5 failed logins in 300 s, absence 86400 s, hours 07-19 UTC, 10000
 * decrypted values in 86400 s, PHI check on with the default rules. */
void audit_review_defaults(struct audit_review_opts *o);
/* "HH-HH" (0 <= from <= to <= 24); PHI_EUSAGE if not. */
int audit_review_hours(
    struct audit_review_opts *o, const char *s, struct phi_err *e);
/* "+HH:MM" or "-HH:MM"; PHI_EUSAGE if not. */
int audit_review_offset(
    struct audit_review_opts *o, const char *s, struct phi_err *e);

struct audit_review;

/* audit_review_new() sets TZ to o->tz, when given, for the local hours;
 * audit_review_free() puts the TZ of before back. */

int audit_review_new(struct audit_review **out,
    const struct audit_review_opts *o, struct phi_err *e);
void audit_review_free(struct audit_review *r);

/* Reads one log file, appending alerts to out.  A line that is not an
 * audit record is an "unreadable" alert and counted (see _bad). */
int audit_review_file(struct audit_review *r, const char *path, struct buf *out,
    struct phi_err *e);
/* The alerts at the end, or the summary. */
int audit_review_finish(
    struct audit_review *r, struct buf *out, struct phi_err *e);
/* Lines that were not audit records. */
uint64_t audit_review_bad(const struct audit_review *r);

#endif
