/*
 * audittime.h - audit log timestamps: UTC, RFC 3339 with milliseconds
 * ("2026-11-23T03:57:46.123Z", always 24 characters), and the parse of
 * any RFC 3339 date-time into milliseconds since the epoch.
 */
#ifndef PHI_AUDITTIME_H
#define PHI_AUDITTIME_H

#include <stdint.h>

#define AUDIT_TIME_LEN 24

/* The current time; 0, or -1 if the clock cannot be read. */
int audit_time_now(char out[AUDIT_TIME_LEN + 1]);

/* Milliseconds since 1970-01-01T00:00:00Z, years 0000 to 9999. */
int audit_time_format(int64_t ms, char out[AUDIT_TIME_LEN + 1]);

/* "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)", 'T' and 'Z' in either
 * case; fractions past milliseconds are cut.  0, or -1 when s is not
 * such a date-time (or names a day that does not exist). */
int audit_time_parse(const char *s, int64_t *ms);

/* Parses any RFC 3339 date-time and writes it the audit log's way. */
int audit_time_normalize(const char *s, char out[AUDIT_TIME_LEN + 1]);

#endif
